import type { Decoded } from '../decoded';
import type { Issue } from '../result';

function yesNo(value: boolean | null | undefined): string {
  if (value === null) return 'deferred (the receiver decides)';
  return value ? 'yes' : 'no';
}

function row(label: string, value: string): string {
  return `  ${label.padEnd(14)}${value}`;
}

function issueLines(title: string, issues: readonly Issue[]): string[] {
  if (issues.length === 0) return [];
  return [`  ${title}:`, ...issues.map((found) => `    - ${found.field}: ${found.message}`)];
}

/** Renders a decoded value as the aligned, readable block the CLI prints without `--json`. */
export function renderDecoded(decoded: Decoded): string {
  const lines = [`${decoded.format}  ${decoded.valid ? 'valid' : 'INVALID'}`];
  if (decoded.version !== undefined) lines.push(row('version', decoded.version));
  if (decoded.traceId !== undefined) lines.push(row('trace id', decoded.traceId));
  if (decoded.spanId !== undefined) lines.push(row('span id', decoded.spanId));
  if (decoded.parentSpanId !== undefined) lines.push(row('parent span', decoded.parentSpanId));
  if (decoded.datadogTraceId !== undefined) lines.push(row('dd trace id', decoded.datadogTraceId));
  if (decoded.datadogParentId !== undefined) lines.push(row('dd parent id', decoded.datadogParentId));
  if (decoded.sampled !== undefined) lines.push(row('sampled', yesNo(decoded.sampled)));
  if (decoded.debug !== undefined) lines.push(row('debug', yesNo(decoded.debug)));
  if (decoded.randomTraceId !== undefined) lines.push(row('random id', yesNo(decoded.randomTraceId)));
  if (decoded.flags !== undefined) lines.push(row('flags', `0x${decoded.flags.toString(16).padStart(2, '0')}`));
  if (decoded.denyOnly === true) lines.push(row('deny only', 'yes (the sender asks not to sample)'));
  if (decoded.time !== undefined) lines.push(row('time', decoded.time));
  if (decoded.self !== undefined) lines.push(row('self', decoded.self));
  for (const field of decoded.extraFields ?? []) lines.push(row(field.key, field.value));
  if (decoded.bytes !== undefined) lines.push(row('size', `${decoded.bytes} bytes`));
  if (decoded.members !== undefined && decoded.members.length > 0) {
    lines.push(row('members', String(decoded.members.length)));
    for (const member of decoded.members) {
      const properties = (member.properties ?? []).map((p) => (p.value === undefined ? `;${p.key}` : `;${p.key}=${p.value}`)).join('');
      lines.push(`    ${member.key} = ${member.value}${properties}  (${member.bytes} bytes)`);
    }
  }
  lines.push(...issueLines('errors', decoded.errors), ...issueLines('warnings', decoded.warnings));
  return lines.join('\n');
}
