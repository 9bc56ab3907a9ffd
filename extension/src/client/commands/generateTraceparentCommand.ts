import * as vscode from 'vscode';
import { generateTraceparent } from 'otel-propagation-core';

import type { CommandDeps } from './deps';
import { runSafely } from './deps';

/**
 * Generate traceparent: inserts a fresh sampled traceparent at every cursor (replacing selections),
 * or copies it to the clipboard when no editor is open. Resolves to the inserted value.
 */
export function generateTraceparentCommand(deps: CommandDeps): () => Promise<string | undefined> {
  return () =>
    runSafely('Generate traceparent', deps, async () => {
      const value = generateTraceparent();
      const editor = vscode.window.activeTextEditor;
      if (editor === undefined) {
        await vscode.env.clipboard.writeText(value);
        void vscode.window.showInformationMessage(`No editor is open; copied ${value} to the clipboard.`);
        return value;
      }
      const applied = await editor.edit((builder) => {
        for (const selection of editor.selections) builder.replace(selection, value);
      });
      if (!applied) throw new Error('the editor rejected the edit (is the document read-only?)');
      return value;
    });
}
