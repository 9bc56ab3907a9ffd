import * as vscode from 'vscode';
import type { ConvertibleFormat, Converted } from 'otel-propagation-core';
import { CONVERTIBLE_FORMATS, convert, decode } from 'otel-propagation-core';

import { readTraceArgument } from '../commandArgs';
import { FORMAT_LABELS, renderConvertReport } from '../reports';
import type { CommandDeps } from './deps';
import { inputText, runSafely } from './deps';

async function pickTarget(from: string): Promise<ConvertibleFormat | undefined> {
  const items = CONVERTIBLE_FORMATS.filter((format) => format !== from).map((format) => ({
    label: FORMAT_LABELS[format] ?? format,
    description: format,
    format,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Convert trace context to', ignoreFocusOut: true });
  return picked?.format;
}

/**
 * Convert Trace Context: converts a value between W3C, B3, Jaeger, X-Ray and Datadog and opens a report
 * with the headers to send and what the target loses. The argument may carry `value` and `to`
 * (as the hover's "Convert to …" links do); otherwise the selection or an input box and a quick pick are used.
 */
export function convertTraceContextCommand(deps: CommandDeps): (arg?: unknown) => Promise<Converted | undefined> {
  return (arg) =>
    runSafely('Convert Trace Context', deps, async () => {
      const given = readTraceArgument(arg);
      const text = given?.value ?? (await inputText('Trace context to convert: a value or header lines', 'b3: 80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1'));
      if (text === undefined) return undefined;
      const to = given?.to ?? (await pickTarget(decode(text).format));
      if (to === undefined) return undefined;
      const converted = convert(text, to);
      deps.output.info(`converted ${converted.from} to ${to}: ${converted.ok ? `${converted.lost.length} losses` : 'failed'}`);
      await deps.reports.show(`${converted.from} to ${to}`, renderConvertReport(text, converted));
      return converted;
    });
}
