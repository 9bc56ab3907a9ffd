/**
 * AWS X-Ray tracing header: `X-Amzn-Trace-Id: Root=1-{epoch}-{random};Parent={span};Sampled={1|0|?}`.
 * Spec: https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
import type { Decoded } from './decoded';
import type { Issue, ParseResult } from './result';
import { trimOws } from './headers';
import { isAllZeros, isHex } from './hex';
import { issue, parsed, rejected } from './result';

/** The header name as AWS writes it. */
export const XRAY_HEADER = 'X-Amzn-Trace-Id';
/** `1-` + 8 hex epoch + `-` + 24 hex random. */
const ROOT_LENGTH = 35;

/** A decoded X-Ray tracing header. */
export interface XRay {
  /** The trace id as sent: `1-{8 hex epoch seconds}-{24 hex random}`. */
  root: string;
  /** Epoch and random parts joined: the 32-hex id OpenTelemetry uses for the same trace (lowercase). */
  traceId: string;
  epochSeconds: number;
  /** The epoch as an ISO-8601 UTC time. */
  time: string;
  /** 16 hex digits: the id of the calling segment. */
  parent?: string;
  /** `1` true, `0` false, `?` (decision requested from the receiver) or absent: `null`. */
  sampled: boolean | null;
  /** Added by Application Load Balancers. */
  self?: string;
  /** Lambda recursion-loop detection counters (also listed in `extraFields`). */
  lineage?: string;
  /** Every field other than Root, Parent, Sampled and Self, in order. */
  extraFields: { key: string; value: string }[];
}

/**
 * Parses an `X-Amzn-Trace-Id` value: `;`-separated `Key=Value` fields (spaces around them tolerated), or a bare
 * trace id `1-5759e988-bd862e3fe1be46a994272793`. Keys are case-sensitive as the AWS SDKs read them; a repeated
 * key keeps its last value, as the SDKs and OpenTelemetry do.
 */
export function parseXRay(text: string): ParseResult<XRay> {
  const value = trimOws(text);
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  if (value.length === 0) {
    return rejected([issue('Root', 'The X-Amzn-Trace-Id value is empty; it needs at least Root=1-{8 hex epoch}-{24 hex random}.')]);
  }
  if (!value.includes('=') && value.startsWith('1-')) {
    const root = readRoot(value, errors, warnings);
    if (root === undefined) return rejected(errors, warnings);
    return parsed({ root: root.root, traceId: root.traceId, epochSeconds: root.epochSeconds, time: root.time, sampled: null, extraFields: [] }, warnings);
  }

  let rootText: string | undefined;
  let parentText: string | undefined;
  let sampledText: string | undefined;
  let self: string | undefined;
  const extraFields: { key: string; value: string }[] = [];
  const seen = new Set<string>();
  let start = 0;
  while (start <= value.length) {
    let end = value.indexOf(';', start);
    if (end === -1) end = value.length;
    const part = trimOws(value.slice(start, end));
    start = end + 1;
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    if (eq === -1) {
      warnings.push(issue(XRAY_HEADER, `The field ${quote(part)} has no "="; X-Ray fields are Key=Value pairs, so it is ignored.`));
      continue;
    }
    const key = trimOws(part.slice(0, eq));
    const fieldValue = trimOws(part.slice(eq + 1));
    if (seen.has(key) && (key === 'Root' || key === 'Parent' || key === 'Sampled' || key === 'Self')) {
      warnings.push(issue(key, `${key} appears more than once; the last value is used, as the AWS SDKs do, but senders should write each field once.`));
    }
    seen.add(key);
    switch (key) {
      case 'Root':
        rootText = fieldValue;
        break;
      case 'Parent':
        parentText = fieldValue;
        break;
      case 'Sampled':
        sampledText = fieldValue;
        break;
      case 'Self':
        self = fieldValue;
        break;
      default:
        extraFields.push({ key, value: fieldValue });
    }
  }

  let root: ReturnType<typeof readRoot>;
  if (rootText === undefined) {
    const lookalike = extraFields.find((f) => f.key.toLowerCase() === 'root');
    errors.push(
      issue(
        'Root',
        lookalike === undefined
          ? 'The Root field is missing; X-Ray requires Root=1-{8 hex epoch}-{24 hex random}.'
          : `The Root field is missing; found ${quote(lookalike.key)}, but X-Ray field names are case-sensitive: write Root.`,
      ),
    );
  } else {
    root = readRoot(rootText, errors, warnings);
  }
  const parent = parentText === undefined ? undefined : readParent(parentText, errors, warnings);
  let sampled: boolean | null = null;
  if (sampledText === '1') sampled = true;
  else if (sampledText === '0') sampled = false;
  else if (sampledText !== undefined && sampledText !== '?') {
    errors.push(issue('Sampled', `Sampled is ${quote(sampledText)}; X-Ray allows 1 (sampled), 0 (not sampled) or ? (let the receiver decide).`));
  }
  if (errors.length > 0 || root === undefined) return rejected(errors, warnings);

  // Plain literals rather than spreads, which cost more than the parsing on the scanner's hot path.
  const result: XRay = { root: root.root, traceId: root.traceId, epochSeconds: root.epochSeconds, time: root.time, sampled, extraFields };
  if (parent !== undefined) result.parent = parent;
  if (self !== undefined) result.self = self;
  const lineage = extraFields.find((f) => f.key === 'Lineage');
  if (lineage !== undefined) result.lineage = lineage.value;
  return parsed(result, warnings);
}

function readRoot(
  root: string,
  errors: Issue[],
  warnings: Issue[],
): Pick<XRay, 'root' | 'traceId' | 'epochSeconds' | 'time'> | undefined {
  const shape = 'X-Ray trace ids are 1-{8 hex epoch seconds}-{24 hex random}, e.g. 1-5759e988-bd862e3fe1be46a994272793';
  if (root.length !== ROOT_LENGTH || root.charCodeAt(1) !== 0x2d || root.charCodeAt(10) !== 0x2d) {
    errors.push(issue('Root', `Root ${quote(root)} is malformed; ${shape}.`));
    return undefined;
  }
  if (root.charCodeAt(0) !== 0x31) {
    errors.push(issue('Root', `Root ${quote(root)} has version ${quote(root.charAt(0))}; the only X-Ray trace id version is 1.`));
    return undefined;
  }
  const epoch = root.slice(2, 10);
  const random = root.slice(11);
  if (!isHex(epoch) || !isHex(random)) {
    errors.push(issue('Root', `Root ${quote(root)} contains characters that are not hex digits; ${shape}.`));
    return undefined;
  }
  const traceId = (epoch + random).toLowerCase();
  if (isAllZeros(traceId)) {
    errors.push(issue('Root', 'Root is all zeros after the version, which no tracer accepts as a trace id; use the current epoch and 96 random bits.'));
    return undefined;
  }
  if (traceId !== epoch + random) {
    warnings.push(issue('Root', 'Root contains uppercase hex digits; AWS writes trace ids in lowercase.'));
  }
  const epochSeconds = Number.parseInt(epoch, 16);
  return { root, traceId, epochSeconds, time: new Date(epochSeconds * 1000).toISOString() };
}

function readParent(parent: string, errors: Issue[], warnings: Issue[]): string | undefined {
  if (parent.length !== 16 || !isHex(parent)) {
    errors.push(issue('Parent', `Parent ${quote(parent)} is not a segment id; X-Ray requires 16 hex digits, e.g. Parent=53995c3f42cd8ad8.`));
    return undefined;
  }
  if (isAllZeros(parent)) {
    errors.push(issue('Parent', 'Parent is all zeros, which is not a valid segment id; send the caller segment id or leave Parent out.'));
    return undefined;
  }
  const lower = parent.toLowerCase();
  if (lower !== parent) warnings.push(issue('Parent', 'Parent contains uppercase hex digits; AWS writes segment ids in lowercase.'));
  return lower;
}

function quote(value: string): string {
  return `"${clip(value)}"`;
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}

/**
 * Writes the header value: Root, then Parent and Sampled when known, Self, then the other fields in order.
 * A deferred decision (`sampled: null`) is written by leaving Sampled out.
 */
export function serializeXRay(x: XRay): string {
  let out = `Root=${x.root}`;
  if (x.parent !== undefined) out += `;Parent=${x.parent}`;
  if (x.sampled !== null) out += `;Sampled=${x.sampled ? '1' : '0'}`;
  if (x.self !== undefined) out += `;Self=${x.self}`;
  for (const { key, value } of x.extraFields) out += `;${key}=${value}`;
  return out;
}

/** Decodes an `X-Amzn-Trace-Id` value into the common shape (format `xray`). */
export function decodeXRay(text: string): Decoded {
  const result = parseXRay(text);
  if (!result.ok) return { format: 'xray', valid: false, errors: result.errors, warnings: result.warnings };
  const x = result.value;
  // One literal per shape, with the keys in one order, instead of conditional spreads.
  if (x.parent === undefined) {
    if (x.self === undefined) {
      return { format: 'xray', valid: true, errors: [], warnings: result.warnings, traceId: x.traceId, sampled: x.sampled, time: x.time, extraFields: x.extraFields };
    }
    return { format: 'xray', valid: true, errors: [], warnings: result.warnings, traceId: x.traceId, sampled: x.sampled, time: x.time, extraFields: x.extraFields, self: x.self };
  }
  if (x.self === undefined) {
    return { format: 'xray', valid: true, errors: [], warnings: result.warnings, traceId: x.traceId, spanId: x.parent, sampled: x.sampled, time: x.time, extraFields: x.extraFields };
  }
  return { format: 'xray', valid: true, errors: [], warnings: result.warnings, traceId: x.traceId, spanId: x.parent, sampled: x.sampled, time: x.time, extraFields: x.extraFields, self: x.self };
}
