import * as vscode from 'vscode';
import { findTraceContexts } from 'otel-propagation-core';

import type { ExtensionConfig } from '../config';
import type { ReportDocumentProvider } from '../ReportDocumentProvider';

/** What every command handler needs, passed in instead of kept in module state. */
export interface CommandDeps {
  readonly output: vscode.LogOutputChannel;
  readonly reports: ReportDocumentProvider;
  /** Settings for a resource (the active document), or the window-level ones. */
  readonly getConfig: (scope?: vscode.Uri) => ExtensionConfig;
}

/**
 * Runs a command body so that a failure is logged and shown once, and never escapes as an
 * unhandled rejection. Returns the body's result, or undefined when it failed.
 */
export async function runSafely<T>(title: string, deps: CommandDeps, body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.output.error(`${title} failed: ${error instanceof Error && error.stack !== undefined ? error.stack : message}`);
    void vscode.window.showErrorMessage(`OTel Propagation: ${title} failed: ${message}`, 'Show Output').then(
      (choice) => {
        if (choice === 'Show Output') deps.output.show(true);
      },
      () => undefined,
    );
    return undefined;
  }
}

/** Text of the non-empty selections of an editor, one per line. */
export function selectedText(editor: vscode.TextEditor | undefined): string | undefined {
  if (editor === undefined) return undefined;
  const parts = editor.selections.filter((selection) => !selection.isEmpty).map((selection) => editor.document.getText(selection));
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** The trace context the cursor is on, found with the same scanner as the hover (only that line is scanned). */
export function traceContextAtCursor(editor: vscode.TextEditor | undefined): string | undefined {
  if (editor === undefined) return undefined;
  const position = editor.selection.active;
  const line = editor.document.lineAt(position.line).text;
  const match = findTraceContexts(line).find((candidate) => candidate.start <= position.character && position.character <= candidate.end);
  return match?.value;
}

/** The text a command acts on: the selection, else the trace context under the cursor, else an input box. */
export async function inputText(prompt: string, placeHolder: string): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const fromEditor = selectedText(editor) ?? traceContextAtCursor(editor);
  if (fromEditor !== undefined) return fromEditor;
  const typed = await vscode.window.showInputBox({ prompt, placeHolder, ignoreFocusOut: true });
  return typed === undefined || typed.trim().length === 0 ? undefined : typed;
}
