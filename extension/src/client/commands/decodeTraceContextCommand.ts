import type { Decoded } from 'otel-propagation-core';
import { decode } from 'otel-propagation-core';

import { readTraceArgument } from '../commandArgs';
import { renderDecodeReport } from '../reports';
import type { CommandDeps } from './deps';
import { inputText, runSafely } from './deps';

/**
 * Decode Trace Context: decodes the argument, the selection, the value under the cursor or a typed
 * value, and opens the report beside the editor. Resolves to the decoded value (undefined when cancelled).
 */
export function decodeTraceContextCommand(deps: CommandDeps): (arg?: unknown) => Promise<Decoded | undefined> {
  return (arg) =>
    runSafely('Decode Trace Context', deps, async () => {
      const text =
        readTraceArgument(arg)?.value ??
        (await inputText('Trace context to decode: a value or header lines', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'));
      if (text === undefined) return undefined;
      const decoded = decode(text);
      deps.output.info(`decoded ${decoded.format} (${decoded.valid ? 'valid' : `${decoded.errors.length} errors`})`);
      await deps.reports.show(`Decoded ${decoded.format}`, renderDecodeReport(text, decoded));
      return decoded;
    });
}
