/**
 * Incremental re-lint. Parsing dominates a lint (about two thirds of it for a 3,000-line TypeScript file),
 * and a keystroke changes one top-level statement. So an edit confined to one statement is linted on a
 * "slice": the new text with every other top-level statement blanked out (spaces, newlines kept, so every
 * offset, line and column stays true), except the imports and short statements the rules resolve names
 * against. The slice's messages inside the edited statement replace the old ones there; the old messages
 * elsewhere are moved by the edit. Rules that reason over the whole file (a second registration, an
 * `isMainThread` branch elsewhere) may see less on a slice, so the server lints the whole file again once
 * typing pauses and publishes that exact result.
 */
import type { Linter } from 'eslint/universal';

/** Half-open character range `[start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A top-level statement of a linted text. */
export interface StatementSpan extends Span {
  /** An import or re-export: always kept on a slice, since rules resolve names through them. */
  readonly isImport: boolean;
}

/** What a lint must remember of a text to re-lint an edit of it incrementally. */
export interface LintStructure {
  readonly statements: readonly StatementSpan[];
  /** Comments that configure ESLint (`eslint-disable`, `eslint rule: off`, `global`): kept on a slice wherever they are. */
  readonly directives: readonly Span[];
}

/** A previous lint of a document: the text, what was found in it, and its structure. */
export interface LintBaseline {
  readonly text: string;
  readonly messages: readonly Linter.LintMessage[];
  readonly structure: LintStructure;
}

/** One contiguous change between two texts: `[start, oldEnd)` of the old text became `[start, newEnd)`. */
export interface TextChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/** A text to lint in place of the whole document, and the statement whose messages it decides. */
export interface SlicePlan {
  /** The slice: same lines and columns as the new text, shorter where other statements were. */
  readonly text: string;
  /** The edited statement in the new text. */
  readonly statement: Span;
  readonly change: TextChange;
  /** Index of the edited statement in the baseline's statements. */
  readonly index: number;
}

/** Statements up to this length are kept on a slice: module-level tracers, SDK setup, `require`s. */
export const SHORT_STATEMENT_CHARS = 400;

/** At most this many characters of short statements are kept, so a file of one-liners still slices. */
export const CONTEXT_BUDGET_CHARS = 16_000;

/** A statement longer than this share of the file is not worth slicing: the slice would be nearly the file. */
const MAX_STATEMENT_SHARE = 0.5;

const DIRECTIVE = /^\s*(?:eslint(?:-disable|-enable)?|global|globals|exported)(?:\s|$)/u;

/** Whether a comment's text (without its delimiters) configures ESLint. */
export function isDirectiveComment(value: string): boolean {
  return DIRECTIVE.test(value);
}

/**
 * The single change turning `before` into `after`: the longest common prefix and suffix left out. Several
 * edits between two lints come out as one change spanning them all.
 */
export function diffTexts(before: string, after: string): TextChange {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < limit - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

const LINE_BREAKS = /[\r\n\u2028\u2029]/gu;

/**
 * Blanks `[start, end)` of `text` into `chars`, keeping every line and every column: the line breaks
 * stay, whole lines inside the span go, and what follows the last break becomes spaces, so text after the
 * span keeps its column. A whole statement starts with `;`, so the one before cannot run on into what
 * follows the gap. Only offsets change, which {@link sliceToText} maps back.
 */
function blank(chars: string[], text: string, span: Span, terminate: boolean): void {
  // Scanned in place: slicing every blanked statement would allocate the file again on each keystroke.
  const breaks: string[] = [];
  let afterLastBreak = span.start;
  LINE_BREAKS.lastIndex = span.start;
  for (let match = LINE_BREAKS.exec(text); match !== null && match.index < span.end; match = LINE_BREAKS.exec(text)) {
    breaks.push(match[0]);
    afterLastBreak = match.index + 1;
  }
  const head = terminate ? ';' : '';
  if (breaks.length === 0) {
    chars.push(head.padEnd(span.end - span.start, ' '));
    return;
  }
  chars.push(head, breaks.join(''), ' '.repeat(span.end - afterLastBreak));
}

/**
 * Plans the slice lint of `text` after `baseline`, or undefined when the edit is not confined to the inside
 * of one top-level statement (a new statement, an edit across two, a statement most of the file), which
 * needs a full lint.
 */
export function planSlice(baseline: LintBaseline, text: string): SlicePlan | undefined {
  const change = diffTexts(baseline.text, text);
  if (change.start === change.oldEnd && change.start === change.newEnd) return undefined;
  const statements = baseline.structure.statements;
  // The first and last character of the statement stay: an edit touching them can merge or split statements.
  const index = statements.findIndex((statement) => change.start > statement.start && change.oldEnd < statement.end);
  const edited = statements[index];
  if (edited === undefined) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const statement = { start: edited.start, end: edited.end + delta };
  if (statement.end - statement.start > MAX_STATEMENT_SHARE * text.length) return undefined;

  const moved = (offset: number): number => (offset >= edited.end ? offset + delta : offset);
  const chars: string[] = [];
  let cursor = 0;
  let budget = CONTEXT_BUDGET_CHARS;
  const directives = baseline.structure.directives;
  let directiveIndex = 0;
  for (const [position, other] of statements.entries()) {
    if (position === index) continue;
    const start = moved(other.start);
    const end = moved(other.end);
    const length = end - start;
    const keep = other.isImport || (length <= SHORT_STATEMENT_CHARS && length <= budget);
    if (keep) {
      if (!other.isImport) budget -= length;
      continue;
    }
    chars.push(text.slice(cursor, start));
    // Directive comments inside the blanked statement stay where they are.
    let from = start;
    while (directiveIndex < directives.length && (directives[directiveIndex]?.end ?? 0) <= other.start) directiveIndex++;
    for (; directiveIndex < directives.length; directiveIndex++) {
      const directive = directives[directiveIndex];
      if (directive === undefined || directive.start >= other.end) break;
      const directiveStart = moved(directive.start);
      if (directiveStart > from) blank(chars, text, { start: from, end: directiveStart }, from === start);
      const directiveEnd = moved(directive.end);
      chars.push(text.slice(Math.max(from, directiveStart), directiveEnd));
      from = directiveEnd;
    }
    if (end > from) blank(chars, text, { start: from, end }, from === start);
    cursor = end;
  }
  chars.push(text.slice(cursor));
  return { text: chars.join(''), statement, change, index };
}

const LINE_ENDINGS = /\r\n|[\r\n\u2028\u2029]/gu;

/** The last texts measured: an incremental lint measures the new text, and the next one measures it again as its baseline. */
const recentLineStarts: [string, number[]][] = [];

/** Offsets of the first character of every line of a text; ESLint counts \r\n, \r, \n, U+2028 and U+2029 as breaks. */
export function lineStarts(text: string): number[] {
  const known = recentLineStarts.find(([measured]) => measured === text);
  if (known !== undefined) return known[1];
  const starts = [0];
  for (const match of text.matchAll(LINE_ENDINGS)) starts.push(match.index + match[0].length);
  recentLineStarts.unshift([text, starts]);
  recentLineStarts.length = Math.min(recentLineStarts.length, 4);
  return starts;
}

function offsetOf(starts: readonly number[], line: number, column: number): number {
  return (starts[line - 1] ?? 0) + column - 1;
}

function positionOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

/**
 * Maps an offset of the slice to the new text: lines and columns are the same in both.
 *
 * @param sliceStarts {@link lineStarts} of the slice
 * @param textStarts {@link lineStarts} of the new text
 */
export function sliceToText(sliceStarts: readonly number[], textStarts: readonly number[], offset: number): number {
  const { line, column } = positionOf(sliceStarts, offset);
  return offsetOf(textStarts, line, column);
}

type MessageFix = NonNullable<Linter.LintMessage['fix']>;

/** A message of the slice with its fix and suggestion ranges mapped to the new text. */
function mapFixes(message: Linter.LintMessage, toText: (offset: number) => number): Linter.LintMessage {
  const range = (fix: MessageFix): MessageFix => ({ ...fix, range: [toText(fix.range[0]), toText(fix.range[1])] });
  const mapped: Linter.LintMessage = { ...message };
  if (message.fix !== undefined) mapped.fix = range(message.fix);
  if (message.suggestions !== undefined) mapped.suggestions = message.suggestions.map((suggestion) => ({ ...suggestion, fix: range(suggestion.fix) }));
  return mapped;
}

/** A structure of the slice with its ranges mapped to the new text. */
export function mapStructure(structure: LintStructure, toText: (offset: number) => number): LintStructure {
  const map = <T extends Span>(span: T): T => ({ ...span, start: toText(span.start), end: toText(span.end) });
  return { statements: structure.statements.map(map), directives: structure.directives.map(map) };
}

function shiftRange(range: readonly [number, number], edited: Span, delta: number): [number, number] | undefined {
  const [start, end] = range;
  if (end > edited.start && start < edited.end) return undefined;
  return start >= edited.end ? [start + delta, end + delta] : [start, end];
}

/**
 * Moves an old message outside the edited statement to where its text now is; undefined when it reaches
 * into the statement (its range or a fix of it), which only a full lint can place.
 */
function moveMessage(message: Linter.LintMessage, oldStarts: readonly number[], newStarts: readonly number[], edited: Span, delta: number): Linter.LintMessage | undefined {
  const start = offsetOf(oldStarts, message.line, message.column);
  const end = message.endLine === undefined ? start : offsetOf(oldStarts, message.endLine, message.endColumn ?? 1);
  if (start >= edited.start && start < edited.end) return undefined;
  if (start < edited.start && end > edited.start && end < edited.end) return undefined;
  const moved: Linter.LintMessage = { ...message };
  if (start >= edited.end) Object.assign(moved, positionOf(newStarts, start + delta));
  if (message.endLine !== undefined && end >= edited.end) {
    const position = positionOf(newStarts, end + delta);
    moved.endLine = position.line;
    moved.endColumn = position.column;
  }
  if (message.fix !== undefined) {
    const range = shiftRange(message.fix.range, edited, delta);
    if (range === undefined) return undefined;
    moved.fix = { ...message.fix, range };
  }
  if (message.suggestions !== undefined) {
    const suggestions: Linter.LintSuggestion[] = [];
    for (const suggestion of message.suggestions) {
      const range = shiftRange(suggestion.fix.range, edited, delta);
      if (range === undefined) return undefined;
      suggestions.push({ ...suggestion, fix: { ...suggestion.fix, range } });
    }
    moved.suggestions = suggestions;
  }
  return moved;
}

function startsIn(message: Linter.LintMessage, starts: readonly number[], span: Span): boolean {
  const offset = offsetOf(starts, message.line, message.column);
  return offset >= span.start && offset < span.end;
}

/**
 * The messages of the new text: the slice's inside the edited statement, the baseline's elsewhere moved by
 * the edit, in ESLint's order (line, then column); undefined when an old message cannot be moved.
 */
export function mergeMessages(baseline: LintBaseline, plan: SlicePlan, text: string, sliceMessages: readonly Linter.LintMessage[]): Linter.LintMessage[] | undefined {
  const oldStarts = lineStarts(baseline.text);
  const newStarts = lineStarts(text);
  const sliceStarts = lineStarts(plan.text);
  const toText = (offset: number): number => sliceToText(sliceStarts, newStarts, offset);
  const oldStatement = { start: plan.statement.start, end: plan.change.oldEnd + (plan.statement.end - plan.change.newEnd) };
  const delta = plan.change.newEnd - plan.change.oldEnd;
  const merged: Linter.LintMessage[] = [];
  for (const message of baseline.messages) {
    const moved = moveMessage(message, oldStarts, newStarts, oldStatement, delta);
    if (moved === undefined) {
      if (startsIn(message, oldStarts, oldStatement)) continue;
      return undefined;
    }
    merged.push(moved);
  }
  for (const message of sliceMessages) if (startsIn(message, newStarts, plan.statement)) merged.push(mapFixes(message, toText));
  return merged.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * The structure of the new text: the baseline's statements around the edited one (moved by the edit), the
 * slice's statements in its place, and the same for directive comments.
 */
export function mergeStructure(baseline: LintStructure, plan: SlicePlan, slice: LintStructure): LintStructure {
  const edited = baseline.statements[plan.index];
  if (edited === undefined) return baseline;
  const delta = plan.change.newEnd - plan.change.oldEnd;
  const move = <T extends Span>(span: T): T => (span.start >= edited.end ? { ...span, start: span.start + delta, end: span.end + delta } : span);
  const inside = (span: Span): boolean => span.start >= plan.statement.start && span.end <= plan.statement.end;
  const outsideOld = (span: Span): boolean => span.end <= edited.start || span.start >= edited.end;
  const statements = [...baseline.statements.filter((_, position) => position !== plan.index).map(move), ...slice.statements.filter(inside)];
  const directives = [...baseline.directives.filter(outsideOld).map(move), ...slice.directives.filter(inside)];
  return { statements: statements.sort((a, b) => a.start - b.start), directives: directives.sort((a, b) => a.start - b.start) };
}
