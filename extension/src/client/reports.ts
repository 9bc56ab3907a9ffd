/**
 * Markdown reports the Decode and Convert commands open beside the editor. Pure functions of the
 * core's results, so their exact text is unit-tested without VS Code.
 */
import type { Converted, Decoded, Issue } from 'otel-propagation-core';

/** Human names of the formats, as the quick pick and the reports show them. */
export const FORMAT_LABELS: Readonly<Record<string, string>> = {
  traceparent: 'W3C traceparent',
  tracestate: 'W3C tracestate',
  baggage: 'W3C baggage',
  b3: 'B3 single header',
  b3multi: 'B3 multiple headers (X-B3-*)',
  jaeger: 'Jaeger uber-trace-id',
  xray: 'AWS X-Ray X-Amzn-Trace-Id',
  datadog: 'Datadog x-datadog-*',
  unknown: 'unrecognized',
};

function label(format: string): string {
  return FORMAT_LABELS[format] ?? format;
}

/** Code spans cannot hold a backtick run of their own length; a longer fence keeps any value literal. */
function code(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run in the text, so pasted text cannot close it. */
function fenced(text: string): string[] {
  let longest = 2;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  return [`${fence}text`, ...text.split(/\r?\n/), fence];
}

/** A table cell: literal text, with the pipe escaped since GFM splits cells on it even inside code spans. */
function cell(text: string): string {
  return code(text.replace(/\|/g, '\\|'));
}

function issueLines(title: string, issues: readonly Issue[]): string[] {
  if (issues.length === 0) return [];
  return ['', `## ${title}`, '', ...issues.map((finding) => `- **${finding.field}**: ${finding.message}`)];
}

function sampledText(decoded: Decoded): string | undefined {
  if (decoded.sampled === undefined) return undefined;
  if (decoded.sampled === null) return 'deferred (the receiver decides)';
  return decoded.sampled ? 'yes' : 'no';
}

/** Renders a decoded value: validity, every field present, members with sizes, then errors and warnings. */
export function renderDecodeReport(input: string, decoded: Decoded): string {
  const lines: string[] = ['# Decoded trace context', '', ...fenced(input), ''];
  lines.push(`**Format:** ${label(decoded.format)}  `);
  lines.push(`**Valid:** ${decoded.valid ? 'yes' : 'no'}`);
  const fields: [string, string | undefined][] = [
    ['Version', decoded.version],
    ['Trace id', decoded.traceId],
    ['Span id', decoded.spanId],
    ['Parent span id', decoded.parentSpanId],
    ['Sampled', sampledText(decoded)],
    ['Debug', decoded.debug === undefined ? undefined : decoded.debug ? 'yes' : 'no'],
    ['Trace flags', decoded.flags === undefined ? undefined : `0x${decoded.flags.toString(16).padStart(2, '0')}`],
    ['Random trace id', decoded.randomTraceId === undefined ? undefined : decoded.randomTraceId ? 'yes' : 'no'],
    ['X-Ray time', decoded.time],
    ['X-Ray Self', decoded.self],
    ['Datadog trace id', decoded.datadogTraceId],
    ['Datadog parent id', decoded.datadogParentId],
    ['Size', decoded.bytes === undefined ? undefined : `${decoded.bytes} bytes`],
  ];
  const present = fields.filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (present.length > 0) {
    lines.push('', '| Field | Value |', '| --- | --- |');
    for (const [name, value] of present) lines.push(`| ${name} | ${cell(value)} |`);
  }
  if (decoded.members !== undefined && decoded.members.length > 0) {
    lines.push('', `## Members (${decoded.members.length})`, '', '| Key | Value | Bytes |', '| --- | --- | --- |');
    for (const member of decoded.members) {
      const properties = (member.properties ?? []).map((p) => (p.value === undefined ? p.key : `${p.key}=${p.value}`));
      const value = properties.length > 0 ? `${member.value};${properties.join(';')}` : member.value;
      lines.push(`| ${cell(member.key)} | ${cell(value)} | ${member.bytes} |`);
    }
  }
  if (decoded.extraFields !== undefined && decoded.extraFields.length > 0) {
    lines.push('', '## Other X-Ray fields', '', ...decoded.extraFields.map((field) => `- ${code(field.key)} = ${code(field.value)}`));
  }
  lines.push(...issueLines('Errors', decoded.errors), ...issueLines('Warnings', decoded.warnings));
  return `${lines.join('\n')}\n`;
}

/** Renders a conversion: the headers to send, and everything the target format cannot carry. */
export function renderConvertReport(input: string, converted: Converted): string {
  const lines: string[] = [`# ${label(converted.from)} → ${label(converted.to)}`, '', ...fenced(input), ''];
  if (!converted.ok) {
    lines.push('The value could not be converted.', ...issueLines('Errors', converted.errors));
    return `${lines.join('\n')}\n`;
  }
  lines.push('## Headers to send', '', ...fenced(Object.entries(converted.headers).map(([name, value]) => `${name}: ${value}`).join('\n')));
  lines.push('', '## What is lost', '');
  if (converted.lost.length === 0) lines.push('Nothing: the target format carries every field of the source.');
  else lines.push(...converted.lost.map((sentence) => `- ${sentence}`));
  return `${lines.join('\n')}\n`;
}
