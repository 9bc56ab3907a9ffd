import * as vscode from 'vscode';

import { REPORT_SCHEME } from './constants';

/**
 * Serves the decode and convert reports as read-only virtual Markdown documents, so closing one
 * never asks to save it (an untitled document would).
 */
export class ReportDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  readonly #contents = new Map<string, string>();
  readonly #onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly #closeSubscription: vscode.Disposable;
  #counter = 0;

  /** Fires when a report is replaced, so an open editor refreshes. */
  readonly onDidChange = this.#onDidChange.event;

  constructor() {
    // Reports are dropped once their document closes, so the map does not grow for the whole session.
    this.#closeSubscription = vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.uri.scheme === REPORT_SCHEME) this.#contents.delete(document.uri.toString());
    });
  }

  /** The text of a report; empty for a report that was closed and dropped. */
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.#contents.get(uri.toString()) ?? '';
  }

  /** Stores a report and opens it beside the active editor, returning the shown editor. */
  async show(title: string, markdown: string): Promise<vscode.TextEditor> {
    this.#counter += 1;
    const safeTitle = title.replace(/[^\w .-]+/g, ' ').trim() || 'Report';
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${safeTitle}.md`, query: String(this.#counter) });
    this.#contents.set(uri.toString(), markdown);
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
  }

  /** Releases the event emitter and the close listener. */
  dispose(): void {
    this.#closeSubscription.dispose();
    this.#onDidChange.dispose();
    this.#contents.clear();
  }
}
