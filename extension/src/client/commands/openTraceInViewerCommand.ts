import * as vscode from 'vscode';

import { readTraceArgument, resolveTraceIds } from '../commandArgs';
import { buildTraceViewerUrl } from '../traceViewer';
import type { CommandDeps } from './deps';
import { inputText, runSafely } from './deps';

/**
 * Open Trace in Viewer: fills the `traceViewerUrl` template with the trace id of the argument, the
 * selection or a typed value, and opens it in the browser. Resolves to the URL opened.
 */
export function openTraceInViewerCommand(deps: CommandDeps): (arg?: unknown) => Promise<string | undefined> {
  return (arg) =>
    runSafely('Open Trace in Viewer', deps, async () => {
      let given = readTraceArgument(arg);
      if (given === undefined) {
        const text = await inputText('Trace id or trace context to open', '4bf92f3577b34da6a3ce929d0e0e4736');
        if (text === undefined) return undefined;
        given = readTraceArgument(text);
      }
      const { traceId, spanId } = given === undefined ? {} : resolveTraceIds(given);
      if (traceId === undefined) throw new Error('no trace id was found in the given value');
      const scope = vscode.window.activeTextEditor?.document.uri;
      const built = buildTraceViewerUrl(deps.getConfig(scope).traceViewerUrl, traceId, spanId);
      if (!built.ok) throw new Error(built.reason);
      deps.output.info(`opening ${built.url}`);
      await vscode.env.openExternal(vscode.Uri.parse(built.url, true));
      return built.url;
    });
}
