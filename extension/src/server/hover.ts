/**
 * Hovers on trace contexts in any document. Only the hovered line is scanned, plus the adjacent lines of a
 * header block, and only a window of very long lines, so hover time does not grow with the file.
 * Everything here is pure: the server hands in a line reader and gets markdown back.
 */
import type { ConvertibleFormat, Decoded, TraceContextMatch } from 'otel-propagation-core';
import { CONVERTIBLE_FORMATS, findTraceContexts } from 'otel-propagation-core';

import type { ServerSettings } from './settingsContract';
import { ServerCommandId } from './settingsContract';

/** Lines longer than this are scanned only around the cursor. */
export const LONG_LINE_CHARS = 16_384;
/** Characters scanned on each side of the cursor in a long line: more than the 8192 bytes baggage may take. */
export const LONG_LINE_WINDOW = 9_000;
/** How many lines above and below the hovered one may join it as one header block. */
export const MAX_BLOCK_LINES = 24;

// A line that may belong to a header block: `name: value`, `NAME=value`, `"name": "value"`, `- name: value`,
// `export NAME=…`, curl's `-H 'name: value'` and `> name: value`.
const HEADER_LINE = /^\s*(?:export\s+|-H\s+|[-><]\s*)?["']?[A-Za-z][\w.-]*["']?\s*[:=]/;

/** The text around a position that the hover scans. */
export interface HoverWindow {
  readonly text: string;
  /** Document line of the window's first character. */
  readonly firstLine: number;
  /** Character of the first line the window starts at (non-zero only for a long-line slice). */
  readonly firstCharacter: number;
  /** Offset of the hovered position within `text`. */
  readonly offset: number;
}

/** Reads one line of a document without its line break. */
export type LineReader = (line: number) => string;

/**
 * Picks the text to scan for a hover at `line`/`character`: the hovered line and the header-like lines
 * directly above and below it, or a window of the hovered line when it is very long.
 *
 * @param readLine returns a line's text
 * @param lineCount the document's number of lines
 * @param line the hovered line
 * @param character the hovered character
 */
export function hoverWindow(readLine: LineReader, lineCount: number, line: number, character: number): HoverWindow {
  const hovered = readLine(line);
  if (hovered.length > LONG_LINE_CHARS) {
    const from = Math.max(0, character - LONG_LINE_WINDOW);
    return { text: hovered.slice(from, character + LONG_LINE_WINDOW), firstLine: line, firstCharacter: from, offset: character - from };
  }
  const isBlockLine = (text: string): boolean => text.length <= LONG_LINE_CHARS && HEADER_LINE.test(text);
  let first = line;
  let last = line;
  if (isBlockLine(hovered)) {
    while (first > 0 && line - first < MAX_BLOCK_LINES && isBlockLine(readLine(first - 1))) first--;
    while (last + 1 < lineCount && last - line < MAX_BLOCK_LINES && isBlockLine(readLine(last + 1))) last++;
  }
  const lines: string[] = [];
  let offset = 0;
  for (let index = first; index <= last; index++) {
    if (index === line) offset = lines.reduce((sum, text) => sum + text.length + 1, 0) + character;
    lines.push(index === line ? hovered : readLine(index));
  }
  return { text: lines.join('\n'), firstLine: first, firstCharacter: 0, offset };
}

/** The match under an offset, with the other values decoded together with it (its header block). */
export interface HoveredContext {
  readonly match: TraceContextMatch;
  readonly block: readonly TraceContextMatch[];
}

/**
 * Finds the trace-context value (or its header name) under `offset` in a window's text.
 *
 * @param text the text to scan
 * @param offset the hovered offset in `text`
 */
export function findHoveredContext(text: string, offset: number): HoveredContext | undefined {
  const matches = findTraceContexts(text);
  const match = matches.find((candidate) => (candidate.nameStart ?? candidate.start) <= offset && offset <= candidate.end);
  if (match === undefined) return undefined;
  return { match, block: matches.filter((candidate) => candidate.decoded === match.decoded) };
}

/** Human names of the formats. */
export const FORMAT_NAMES: Readonly<Record<string, string>> = {
  traceparent: 'W3C traceparent',
  tracestate: 'W3C tracestate',
  baggage: 'W3C baggage',
  b3: 'B3 single header',
  b3multi: 'B3 multiple headers',
  jaeger: 'Jaeger uber-trace-id',
  xray: 'AWS X-Ray',
  datadog: 'Datadog',
  unknown: 'unrecognized',
};

const MAX_SHOWN_CHARS = 120;
const MAX_SHOWN_MEMBERS = 20;

/** A value as an inline code span, shortened, with table pipes escaped. */
function code(text: string): string {
  const shown = text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
  let longest = 0;
  for (const run of shown.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${shown.replaceAll('|', '\\|')}${pad}${fence}`;
}

/** Escapes the characters markdown would otherwise interpret in prose. */
function text(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}

/**
 * A `command:` link: arguments are JSON, URI-encoded, as VS Code's markdown renderer expects.
 *
 * @param command the command id
 * @param args the command's arguments
 */
export function commandUri(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function sampledText(sampled: boolean | null | undefined): string | undefined {
  if (sampled === undefined) return undefined;
  if (sampled === null) return 'deferred (the receiver decides)';
  return sampled ? 'yes' : 'no';
}

/** The text the Convert link hands over: the whole block as header lines, so converting keeps tracestate and friends. */
function convertSource(match: TraceContextMatch, block: readonly TraceContextMatch[]): string {
  const named = block.filter((member) => member.name !== undefined);
  if (named.length === 0) return match.value;
  return named.map((member) => `${member.name ?? ''}: ${member.value}`).join('\n');
}

function fieldRows(decoded: Decoded): string[] {
  const rows: [string, string | undefined][] = [
    ['trace id', decoded.traceId === undefined ? undefined : code(decoded.traceId)],
    ['span id', decoded.spanId === undefined ? undefined : code(decoded.spanId)],
    ['parent span id', decoded.parentSpanId === undefined ? undefined : code(decoded.parentSpanId)],
    ['Datadog trace id', decoded.datadogTraceId === undefined ? undefined : code(decoded.datadogTraceId)],
    ['Datadog parent id', decoded.datadogParentId === undefined ? undefined : code(decoded.datadogParentId)],
    ['version', decoded.version === undefined ? undefined : code(decoded.version)],
    ['sampled', sampledText(decoded.sampled)],
    ['debug', decoded.debug === true ? 'yes' : undefined],
    ['flags', decoded.flags === undefined ? undefined : code(decoded.flags.toString(16).padStart(2, '0'))],
    ['random trace id', decoded.randomTraceId === true ? 'yes' : undefined],
    ['time', decoded.time === undefined ? undefined : `${decoded.time} (from the X-Ray Root)`],
    ['Self', decoded.self === undefined ? undefined : code(decoded.self)],
    ['sampling only', decoded.denyOnly === true ? 'the sender only denies sampling; there are no ids' : undefined],
  ];
  for (const field of decoded.extraFields ?? []) rows.push([field.key, code(field.value)]);
  const present = rows.filter((row): row is [string, string] => row[1] !== undefined);
  if (present.length === 0) return [];
  return ['| field | value |', '| --- | --- |', ...present.map(([name, value]) => `| ${name} | ${value} |`)];
}

function memberLines(decoded: Decoded, settings: ServerSettings): string[] {
  const members = decoded.members;
  if (members === undefined || members.length === 0) return [];
  const total = decoded.bytes === undefined ? '' : `, ${decoded.bytes} bytes`;
  const lines = ['', `**${members.length} member${members.length === 1 ? '' : 's'}**${total}`, '', '| key | value | bytes |', '| --- | --- | --- |'];
  for (const member of members.slice(0, MAX_SHOWN_MEMBERS)) {
    const properties = (member.properties ?? []).map((property) => (property.value === undefined ? `;${property.key}` : `;${property.key}=${property.value}`)).join('');
    lines.push(`| ${code(member.key)} | ${code(member.value + properties)} | ${member.bytes} |`);
  }
  if (members.length > MAX_SHOWN_MEMBERS) lines.push(`| … | ${members.length - MAX_SHOWN_MEMBERS} more | |`);
  if (decoded.format === 'baggage') {
    if (members.length > settings.baggageMaxMembers) lines.push('', `⚠ more than ${settings.baggageMaxMembers} member${settings.baggageMaxMembers === 1 ? '' : 's'} (\`otelPropagation.baggage.maxMembers\`)`);
    if (decoded.bytes !== undefined && decoded.bytes > settings.baggageMaxBytes) lines.push('', `⚠ more than ${settings.baggageMaxBytes} bytes (\`otelPropagation.baggage.maxBytes\`)`);
  }
  return lines;
}

/**
 * The hover markdown for a trace-context value: format and validity, decoded fields, errors and warnings,
 * members with their sizes, and command links to open the trace, copy its id and convert it.
 *
 * @param hovered the value under the cursor and its block
 * @param settings the document's settings (baggage limits)
 */
export function buildTraceHover(hovered: HoveredContext, settings: ServerSettings): string {
  const { match, block } = hovered;
  const decoded = match.decoded;
  const name = FORMAT_NAMES[decoded.format] ?? decoded.format;
  const part = match.format === decoded.format ? '' : ` (this value: ${FORMAT_NAMES[match.format] ?? match.format})`;
  const lines = [`**${name}**${part}: ${decoded.valid ? 'valid' : '**invalid**'}`, ''];
  lines.push(...fieldRows(decoded));
  if (decoded.errors.length > 0) lines.push('', '**Errors**', '', ...decoded.errors.map((issue) => `- ${code(issue.field)}: ${text(issue.message)}`));
  if (decoded.warnings.length > 0) lines.push('', '**Warnings**', '', ...decoded.warnings.map((issue) => `- ${code(issue.field)}: ${text(issue.message)}`));
  lines.push(...memberLines(decoded, settings));

  const links: string[] = [];
  if (decoded.traceId !== undefined) {
    const ids = decoded.spanId === undefined ? { traceId: decoded.traceId } : { traceId: decoded.traceId, spanId: decoded.spanId };
    links.push(`[Open in trace viewer](${commandUri(ServerCommandId.openTraceInViewer, [ids])} "Open ${decoded.traceId}")`);
    links.push(`[Copy trace id](${commandUri(ServerCommandId.copyTraceId, [decoded.traceId])})`);
  }
  if (decoded.valid && decoded.traceId !== undefined) {
    const value = convertSource(match, block);
    const targets = CONVERTIBLE_FORMATS.filter((format: ConvertibleFormat) => format !== decoded.format);
    const converts = targets.map((to) => `[${FORMAT_NAMES[to] ?? to}](${commandUri(ServerCommandId.convertTraceContext, [{ value, to }])})`);
    links.push(`Convert to ${converts.join(' · ')}`);
  }
  if (links.length > 0) lines.push('', '---', '', links.join(' | '));
  // Sections each open with a blank line; the title's own one must not double it when there is no field table.
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

/**
 * The document position of an offset in a {@link HoverWindow}'s text.
 *
 * @param window the scanned window
 * @param offset an offset into `window.text`
 */
export function windowPosition(window: HoverWindow, offset: number): { line: number; character: number } {
  let line = window.firstLine;
  let lineStart = 0;
  for (let index = window.text.indexOf('\n'); index !== -1 && index < offset; index = window.text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, character: (line === window.firstLine ? window.firstCharacter : 0) + offset - lineStart };
}
