/**
 * Pure builders from ESLint lint messages to LSP diagnostics and code actions. They take the text the
 * messages were computed on, so offsets in fixes always match the document version they edit.
 */
import type { Linter } from 'eslint/universal';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { FIX_ALL_CODE_ACTION_KIND, ServerCommandId } from './settingsContract';

/** The `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'otel-propagation';

/** What a diagnostic carries in `data`, so a code action request can find the message again. */
export interface DiagnosticData {
  readonly ruleId: string;
  /** The document version the diagnostic was computed on. */
  readonly version: number;
}

/**
 * The LSP range of a lint message: ESLint counts lines and columns from 1, LSP from 0. A message without an
 * end (rules reporting a location) covers the single character it points at, as VS Code shows ESLint's.
 */
export function messageRange(message: Linter.LintMessage): Range {
  const start = { line: Math.max(message.line - 1, 0), character: Math.max(message.column - 1, 0) };
  if (message.endLine === undefined || message.endColumn === undefined) return { start, end: { line: start.line, character: start.character + 1 } };
  return { start, end: { line: Math.max(message.endLine - 1, 0), character: Math.max(message.endColumn - 1, 0) } };
}

/**
 * One diagnostic per lint message, with the rule id as code and its documentation as `codeDescription`.
 *
 * @param message a message of this plugin's rules (its `ruleId` is set)
 * @param version the document version linted
 * @param docsUrl the rule's documentation URL, when it has one
 */
export function buildDiagnostic(message: Linter.LintMessage, version: number, docsUrl: string | undefined): Diagnostic {
  const ruleId = message.ruleId ?? DIAGNOSTIC_SOURCE;
  const data: DiagnosticData = { ruleId, version };
  const diagnostic: Diagnostic = {
    range: messageRange(message),
    severity: message.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: message.message,
    data,
  };
  if (docsUrl !== undefined) diagnostic.codeDescription = { href: docsUrl };
  return diagnostic;
}

function comparePositions(a: Range['start'], b: Range['start']): number {
  return a.line === b.line ? a.character - b.character : a.line - b.line;
}

/** Whether two ranges share at least a position (touching counts, as a cursor at a squiggle's end does). */
export function rangesTouch(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

function toEdit(document: TextDocument, fix: Linter.LintMessage['fix'] & object): TextEdit {
  return { range: { start: document.positionAt(fix.range[0]), end: document.positionAt(fix.range[1]) }, newText: fix.text };
}

const SHEBANG = /^#![^\n]*\n/;

function lineIndent(document: TextDocument, line: number): string {
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return /^[ \t]*/.exec(text)?.[0] ?? '';
}

/** Everything a code action request needs besides the request itself. */
export interface CodeActionInput {
  readonly uri: string;
  /** The text the messages were computed on. */
  readonly document: TextDocument;
  /** This plugin's lint messages for `document`. */
  readonly messages: readonly Linter.LintMessage[];
  /** The selection or cursor range of the request. */
  readonly range: Range;
  /** `context.only` of the request, when the editor asked for some kinds only. */
  readonly only?: readonly string[];
  /** Documentation URL by rule id. */
  readonly docsUrl: (ruleId: string) => string | undefined;
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return only === undefined || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

/**
 * The quick fixes for the messages under `range`: each rule fix and suggestion (the fix, or else the first
 * suggestion, preferred), then per rule "disable for this line", "disable for this file" and "show documentation".
 */
export function buildQuickFixes(input: CodeActionInput): CodeAction[] {
  if (!wants(input.only, CodeActionKind.QuickFix)) return [];
  const { uri, document } = input;
  const actions: CodeAction[] = [];
  const rulesSeen = new Set<string>();
  const ruleActions: CodeAction[] = [];
  for (const message of input.messages) {
    const ruleId = message.ruleId;
    if (ruleId === null) continue;
    const range = messageRange(message);
    if (!rangesTouch(range, input.range)) continue;
    const diagnostic = buildDiagnostic(message, document.version, input.docsUrl(ruleId));
    let preferredGiven = false;
    if (message.fix !== undefined) {
      actions.push({
        title: `Fix this ${ruleId} problem`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [uri]: [toEdit(document, message.fix)] } },
      });
      preferredGiven = true;
    }
    for (const suggestion of message.suggestions ?? []) {
      actions.push({
        title: suggestion.desc,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: !preferredGiven,
        edit: { changes: { [uri]: [toEdit(document, suggestion.fix)] } },
      });
      preferredGiven = true;
    }
    if (rulesSeen.has(ruleId)) continue;
    rulesSeen.add(ruleId);
    const indent = lineIndent(document, range.start.line);
    ruleActions.push({
      title: `Disable ${ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [{ range: { start: { line: range.start.line, character: 0 }, end: { line: range.start.line, character: 0 } }, newText: `${indent}// eslint-disable-next-line ${ruleId}\n` }] } },
    });
    // After a shebang, which must stay on the first line.
    const shebang = SHEBANG.exec(document.getText());
    const top = shebang === null ? { line: 0, character: 0 } : document.positionAt(shebang[0].length);
    ruleActions.push({
      title: `Disable ${ruleId} for this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [{ range: { start: top, end: top }, newText: `/* eslint-disable ${ruleId} */\n` }] } },
    });
    const docsUrl = input.docsUrl(ruleId);
    if (docsUrl !== undefined) {
      ruleActions.push({
        title: `Show documentation for ${ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${ruleId}`, command: ServerCommandId.showRuleDocumentation, arguments: [docsUrl] },
      });
    }
  }
  return [...actions, ...ruleActions];
}

/**
 * "Fix all auto-fixable propagation problems": one edit replacing the whole text with the fixed output,
 * undefined when nothing changes or the request's `only` excludes this kind (no `only` means any kind).
 *
 * @param uri the document
 * @param document the text that was fixed
 * @param fixedText the Linter's output after every fix pass
 * @param only `context.only` of the request
 */
export function buildFixAllAction(uri: string, document: TextDocument, fixedText: string | undefined, only?: readonly string[]): CodeAction | undefined {
  if (fixedText === undefined || fixedText === document.getText()) return undefined;
  if (!wants(only, FIX_ALL_CODE_ACTION_KIND)) return undefined;
  const end = document.positionAt(document.getText().length);
  return {
    title: 'Fix all auto-fixable propagation problems',
    kind: FIX_ALL_CODE_ACTION_KIND,
    edit: { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end }, newText: fixedText }] } },
  };
}
