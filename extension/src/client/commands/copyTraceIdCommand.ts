import * as vscode from 'vscode';

import { readTraceArgument, resolveTraceIds } from '../commandArgs';
import type { CommandDeps } from './deps';
import { inputText, runSafely } from './deps';

/** Copy Trace Id: copies the 32-digit trace id of the argument, the selection or a typed value. Resolves to the id. */
export function copyTraceIdCommand(deps: CommandDeps): (arg?: unknown) => Promise<string | undefined> {
  return (arg) =>
    runSafely('Copy Trace Id', deps, async () => {
      let given = readTraceArgument(arg);
      if (given === undefined) {
        const text = await inputText('Trace context to copy the trace id of', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
        if (text === undefined) return undefined;
        given = readTraceArgument(text);
      }
      const traceId = given === undefined ? undefined : resolveTraceIds(given).traceId;
      if (traceId === undefined) throw new Error('no trace id was found in the given value');
      await vscode.env.clipboard.writeText(traceId);
      vscode.window.setStatusBarMessage(`Copied trace id ${traceId}`, 3000);
      return traceId;
    });
}
