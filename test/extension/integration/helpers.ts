/** Shared helpers of the integration suite (bundled into each test file by esbuild). */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** `<publisher>.<name>` of the extension under test. */
export const EXTENSION_ID = 'otel-propagation.otel-propagation';
/** The diagnostic source the server sets. */
export const SOURCE = 'otel-propagation';

/** The fixture workspace folder the runner opened. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens test/fixtures/workspace (a copy of it) as the workspace');
  return folder.uri;
}

/** A fixture file inside the workspace. */
export function fixture(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Our diagnostics for a document. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

/** The rule id a diagnostic carries as its code (`otel-propagation/<rule-id>`), whether plain or with a link. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const { code } = diagnostic;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Opens a fixture in an editor and returns it. */
export async function openFixture(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixture(relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Waits until our diagnostics on `uri` include one with the given code. */
export function waitForDiagnostic(uri: vscode.Uri, code: string, timeoutMs = 30_000): Promise<vscode.Diagnostic> {
  return waitFor(`a ${code} diagnostic on ${uri.path}`, () => ourDiagnostics(uri).find((diagnostic) => codeOf(diagnostic) === code), timeoutMs);
}

/** The plain text of a hover list, joined. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    // Hovers may still hold the legacy MarkedString form; all forms carry their text in `value`.
    .map((content) => (typeof content === 'string' ? content : (content as { readonly value: string }).value))
    .join('\n');
}

/** Reverts the active editor's unsaved changes, so a test leaves the fixture as it found it. */
export async function revertActive(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert');
}
