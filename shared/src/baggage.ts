/**
 * W3C Baggage codec, plus a size report that mirrors what OpenTelemetry JS silently drops.
 * https://www.w3.org/TR/baggage/
 */
import type { Decoded, DecodedMember } from './decoded';
import { listMembers, nonEmptyListMembers, trimOws } from './listMembers';
import { issue, parsed, rejected, type Issue, type ParseResult } from './result';
import {
  BAGGAGE_MAX_BYTES,
  BAGGAGE_MAX_MEMBERS,
  OTEL_JS_BAGGAGE_MAX_MEMBERS,
  OTEL_JS_BAGGAGE_MAX_MEMBER_LENGTH,
  OTEL_JS_BAGGAGE_MAX_TOTAL_LENGTH,
} from './w3cConstants';

/**
 * A `;key` or `;key=value` property. The value is percent-decoded like a member value (the W3C baggage test suite
 * decodes and re-encodes property values); the key, a token, is never decoded.
 */
export interface BaggageProperty {
  key: string;
  value?: string;
}

/** One list-member; `value` is percent-decoded. */
export interface BaggageMember {
  key: string;
  value: string;
  properties: BaggageProperty[];
}

/** A parsed `baggage` header: members in order, duplicates kept (the spec does not make keys unique). */
export interface Baggage {
  members: BaggageMember[];
}

/** Why OpenTelemetry JS drops a member without telling anyone. */
export type OtelJsDropReason = 'member-over-4096-bytes' | 'beyond-180-members' | 'total-over-8192-bytes';

/** Size of a baggage against the W3C limits and against what OpenTelemetry JS actually propagates. */
export interface BaggageSize {
  /** UTF-8 bytes of the serialized header value. */
  bytes: number;
  members: number;
  /** More list-members than the 64 the spec requires platforms to propagate. */
  overSpecMembers: boolean;
  /** More than the 8192 bytes the spec requires platforms to propagate. */
  overSpecBytes: boolean;
  /**
   * Members OpenTelemetry JS's W3CBaggagePropagator would drop: for a header string, when it extracts it;
   * for a {@link Baggage}, when it injects it. Its limits count UTF-16 code units, not bytes, despite the names.
   */
  otelJsDropped: { key: string; reason: OtelJsDropReason }[];
}

/**
 * Parses a `baggage` header value (W3C Baggage §Definition). Values are percent-decoded as UTF-8 (invalid UTF-8
 * becomes U+FFFD, as the spec requires). Invalid: empty members, keys that are not RFC 7230 tokens, value characters
 * outside baggage-octet, malformed percent-encoding. Exceeding 64 members or 8192 bytes is a warning. Never throws.
 * https://www.w3.org/TR/baggage/#definition
 */
export function parseBaggage(text: string): ParseResult<Baggage> {
  if (typeof text !== 'string') {
    return rejected([issue('baggage', `baggage must be a string; got ${typeof text}`)]);
  }
  if (trimOws(text).length === 0) {
    return rejected([issue('baggage', 'baggage must contain at least one list-member; the value is empty')]);
  }
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const members: BaggageMember[] = [];
  let index = 0;
  for (const segment of listMembers(text)) {
    const member = parseMember(segment, index, errors, warnings);
    if (member !== undefined) members.push(member);
    index++;
  }
  warnings.push(...limitWarnings(index, Buffer.byteLength(text, 'utf8')));
  return errors.length > 0 ? rejected(errors, warnings) : parsed({ members }, warnings);
}

/**
 * Serializes baggage (W3C Baggage §value): each value is UTF-8 percent-encoded where the spec requires it, i.e.
 * every character outside baggage-octet plus "%" itself, so `parseBaggage(serializeBaggage(b))` gives `b` back.
 * Property values are encoded the same way. No members serialize to the empty string (send no header).
 * https://www.w3.org/TR/baggage/#value
 * @throws {TypeError} when a key or property key is not an RFC 7230 token, or a value or property value is not
 *   well-formed UTF-16 (a lone surrogate cannot be encoded as UTF-8).
 */
export function serializeBaggage(b: Baggage): string {
  return b.members
    .map((member, index) => {
      const keyProblem = tokenProblem(member.key, 'key');
      if (keyProblem !== undefined) throw new TypeError(`member[${index}].key: ${keyProblem}`);
      if (typeof member.value !== 'string' || !isWellFormed(member.value)) {
        throw new TypeError(`member[${index}].value must be a well-formed string (no lone surrogates)`);
      }
      return `${member.key}=${percentEncode(member.value)}${serializeProperties(member.properties, index)}`;
    })
    .join(',');
}

/**
 * Measures baggage against the W3C limits (64 members, 8192 bytes) and reports which members OpenTelemetry JS
 * (@opentelemetry/core W3CBaggagePropagator) drops silently. A string is measured as received: its extract
 * algorithm skips members over 4096 characters, stops after 180 members, and stops at the first member that would
 * take the total past 8192. A {@link Baggage} is measured as sent: inject drops pairs over 4096 characters, keeps
 * the first 180, then skips each pair that would take the header past 8192 (later, shorter pairs may still fit).
 * https://www.w3.org/TR/baggage/#limits
 * @throws {TypeError} for a {@link Baggage} that {@link serializeBaggage} rejects.
 */
export function measureBaggage(b: Baggage | string): BaggageSize {
  if (typeof b === 'string') {
    const members = nonEmptyListMembers(b).count;
    const bytes = Buffer.byteLength(b, 'utf8');
    return {
      bytes,
      members,
      overSpecMembers: members > BAGGAGE_MAX_MEMBERS,
      overSpecBytes: bytes > BAGGAGE_MAX_BYTES,
      otelJsDropped: otelJsExtractDrops(b).map(({ key, reason }) => ({ key, reason })),
    };
  }
  const bytes = Buffer.byteLength(serializeBaggage(b), 'utf8');
  return {
    bytes,
    members: b.members.length,
    overSpecMembers: b.members.length > BAGGAGE_MAX_MEMBERS,
    overSpecBytes: bytes > BAGGAGE_MAX_BYTES,
    otelJsDropped: otelJsInjectDrops(b),
  };
}

/**
 * Decodes a `baggage` value into the common {@link Decoded} shape (format `baggage`): decoded members with their
 * UTF-8 size and properties, and the size of the whole value. Exceeding the spec's limits and the members
 * OpenTelemetry JS would drop on extract are warnings, never errors. Never throws.
 * https://www.w3.org/TR/baggage/
 */
export function decodeBaggage(text: string): Decoded {
  const result = parseBaggage(text);
  if (typeof text !== 'string') {
    return { format: 'baggage', valid: false, errors: result.ok ? [] : result.errors, warnings: [] };
  }
  const warnings: Issue[] = [...result.warnings, ...dropWarnings(otelJsExtractDrops(text))];
  const bytes = Buffer.byteLength(text, 'utf8');
  if (!result.ok) return { format: 'baggage', valid: false, errors: result.errors, warnings, bytes };

  const segments = listMembers(text);
  const members: DecodedMember[] = result.value.members.map((member, i) => ({
    key: member.key,
    value: member.value,
    // A valid member is ASCII by grammar (tokens, baggage-octets, OWS), so its length is its UTF-8 size.
    bytes: (segments[i] ?? '').length,
    properties: member.properties.map((p) => (p.value === undefined ? { key: p.key } : { key: p.key, value: p.value })),
  }));
  return { format: 'baggage', valid: true, errors: [], warnings, members, bytes };
}

function parseMember(raw: string, index: number, errors: Issue[], warnings: Issue[]): BaggageMember | undefined {
  const field = `member[${index}]`;
  if (raw.length === 0) {
    errors.push(issue(field, 'empty list-member (a leading, trailing or doubled comma); the grammar has none'));
    return undefined;
  }
  const semicolon = raw.indexOf(';');
  const pair = semicolon === -1 ? raw : raw.slice(0, semicolon);
  const eq = pair.indexOf('=');
  if (eq === -1) {
    errors.push(issue(field, `list-member must be key=value; no "=" found in ${quote(pair)}`));
    return undefined;
  }
  const before = errors.length;
  const key = trimOws(pair.slice(0, eq));
  const rawValue = trimOws(pair.slice(eq + 1));
  const keyProblem = tokenProblem(key, 'key');
  if (keyProblem !== undefined) errors.push(issue(`${field}.key`, keyProblem));
  const valueProblem = valueSyntaxProblem(rawValue);
  if (valueProblem !== undefined) errors.push(issue(`${field}.value`, valueProblem));

  const properties: BaggageProperty[] = [];
  if (semicolon !== -1) {
    for (const [j, propertyText] of raw.slice(semicolon + 1).split(';').entries()) {
      const property = parseProperty(trimOws(propertyText), `${field}.property[${j}]`, errors, warnings);
      if (property !== undefined) properties.push(property);
    }
  }
  if (errors.length > before) return undefined;

  return { key, value: decodeValue(rawValue, `${field}.value`, warnings), properties };
}

/** Percent-decodes a syntactically valid value; bytes that are not UTF-8 become U+FFFD, with a warning. */
function decodeValue(raw: string, field: string, warnings: Issue[]): string {
  const decoded = percentDecode(raw);
  if (!decoded.wellFormed) {
    warnings.push(issue(field, 'percent-encoded bytes are not valid UTF-8; they decode to U+FFFD as the spec requires'));
  }
  return decoded.text;
}

function parseProperty(raw: string, field: string, errors: Issue[], warnings: Issue[]): BaggageProperty | undefined {
  if (raw.length === 0) {
    errors.push(issue(field, 'empty property (";" with nothing after it); a property needs at least a key'));
    return undefined;
  }
  const eq = raw.indexOf('=');
  const key = eq === -1 ? raw : trimOws(raw.slice(0, eq));
  const keyProblem = tokenProblem(key, 'property key');
  if (keyProblem !== undefined) {
    errors.push(issue(`${field}.key`, keyProblem));
    return undefined;
  }
  if (eq === -1) return { key };
  const value = trimOws(raw.slice(eq + 1));
  const valueProblem = valueSyntaxProblem(value);
  if (valueProblem !== undefined) {
    errors.push(issue(`${field}.value`, valueProblem));
    return undefined;
  }
  return { key, value: decodeValue(value, `${field}.value`, warnings) };
}

function serializeProperties(properties: readonly BaggageProperty[], index: number): string {
  let out = '';
  for (const [j, property] of properties.entries()) {
    const keyProblem = tokenProblem(property.key, 'property key');
    if (keyProblem !== undefined) throw new TypeError(`member[${index}].property[${j}].key: ${keyProblem}`);
    if (property.value === undefined) {
      out += `;${property.key}`;
      continue;
    }
    if (typeof property.value !== 'string' || !isWellFormed(property.value)) {
      throw new TypeError(`member[${index}].property[${j}].value must be a well-formed string (no lone surrogates)`);
    }
    out += `;${property.key}=${percentEncode(property.value)}`;
  }
  return out;
}

function limitWarnings(members: number, bytes: number): Issue[] {
  const found: Issue[] = [];
  if (members > BAGGAGE_MAX_MEMBERS) {
    found.push(
      issue(
        'baggage',
        `baggage has ${members} list-members; platforms only MUST propagate ${BAGGAGE_MAX_MEMBERS}, so some may be dropped`,
      ),
    );
  }
  if (bytes > BAGGAGE_MAX_BYTES) {
    found.push(
      issue(
        'baggage',
        `baggage is ${bytes} bytes; platforms only MUST propagate ${BAGGAGE_MAX_BYTES}, so some members may be dropped`,
      ),
    );
  }
  return found;
}

interface IndexedDrop {
  index: number;
  key: string;
  reason: OtelJsDropReason;
  length: number;
}

/**
 * One warning per oversized member; the members lost once OpenTelemetry JS stops reading (180 members, 8192
 * characters) share one warning on the first of them, so a huge header does not produce a huge report.
 */
function dropWarnings(drops: readonly IndexedDrop[]): Issue[] {
  const found: Issue[] = [];
  const first = drops.find((drop) => drop.reason !== 'member-over-4096-bytes');
  for (const drop of drops) {
    if (drop.reason === 'member-over-4096-bytes') {
      found.push(
        issue(
          `member[${drop.index}]`,
          `OpenTelemetry JS silently drops ${JSON.stringify(drop.key)} when it extracts this header: the member is ${drop.length} characters, over its ${OTEL_JS_BAGGAGE_MAX_MEMBER_LENGTH} per member`,
        ),
      );
    } else if (drop === first) {
      const rest = drops.filter((d) => d.reason === drop.reason).length - 1;
      const what = rest === 0 ? JSON.stringify(drop.key) : `${JSON.stringify(drop.key)} and the ${rest} members after it`;
      const why =
        drop.reason === 'beyond-180-members'
          ? `it keeps only the first ${OTEL_JS_BAGGAGE_MAX_MEMBERS} members`
          : `it stops once the header would exceed ${OTEL_JS_BAGGAGE_MAX_TOTAL_LENGTH} characters`;
      found.push(issue(`member[${drop.index}]`, `OpenTelemetry JS silently drops ${what} when it extracts this header: ${why}`));
    }
  }
  return found;
}

/**
 * Replays `parseBaggageHeaderString` from @opentelemetry/core 2.x on one header value and lists the members it
 * would accept syntactically but drops for a limit. Its lenient pair check (any non-empty key and value that
 * `decodeURIComponent` accepts) is replayed too, because only members passing it count towards its limits.
 */
function otelJsExtractDrops(text: string): IndexedDrop[] {
  const drops: IndexedDrop[] = [];
  let start = 0;
  let accepted = 0;
  let total = 0;
  let index = 0;
  let stopped: OtelJsDropReason | undefined;
  while (start <= text.length) {
    const comma = text.indexOf(',', start);
    const end = comma === -1 ? text.length : comma;
    const length = end - start;
    const entry = text.slice(start, end);
    if (stopped === undefined && accepted >= OTEL_JS_BAGGAGE_MAX_MEMBERS) stopped = 'beyond-180-members';
    if (stopped !== undefined) {
      const key = otelJsPairKey(entry);
      if (key !== undefined) drops.push({ index, key, reason: stopped, length });
    } else if (length > OTEL_JS_BAGGAGE_MAX_MEMBER_LENGTH) {
      const key = roughKey(entry);
      if (key.length > 0) drops.push({ index, key, reason: 'member-over-4096-bytes', length });
    } else {
      const key = otelJsPairKey(entry);
      if (key !== undefined) {
        const size = (accepted === 0 ? 0 : 1) + length;
        if (total + size > OTEL_JS_BAGGAGE_MAX_TOTAL_LENGTH) {
          stopped = 'total-over-8192-bytes';
          drops.push({ index, key, reason: stopped, length });
        } else {
          accepted++;
          total += size;
        }
      }
    }
    if (comma === -1) break;
    start = comma + 1;
    index++;
  }
  return drops;
}

/**
 * Replays `W3CBaggagePropagator.inject` from @opentelemetry/core 2.x: its baggage is a Map, so a repeated key
 * keeps its first position with the last value; each pair is `encodeURIComponent(key)=encodeURIComponent(value)`
 * plus the properties as serializeBaggage writes them; pairs over 4096 characters go, then all but the first 180, then each pair that
 * would take the joined header past 8192 characters.
 */
function otelJsInjectDrops(b: Baggage): { key: string; reason: OtelJsDropReason }[] {
  const byKey = new Map<string, BaggageMember>();
  for (const member of b.members) byKey.set(member.key, member);
  const drops: { key: string; reason: OtelJsDropReason }[] = [];
  const kept: { key: string; pair: string }[] = [];
  for (const [key, member] of byKey) {
    const properties = serializeProperties(member.properties, 0);
    const pair = `${encodeURIComponent(key)}=${encodeURIComponent(member.value)}${properties}`;
    if (pair.length > OTEL_JS_BAGGAGE_MAX_MEMBER_LENGTH) drops.push({ key, reason: 'member-over-4096-bytes' });
    else kept.push({ key, pair });
  }
  let length = 0;
  for (const [i, { key, pair }] of kept.entries()) {
    if (i >= OTEL_JS_BAGGAGE_MAX_MEMBERS) {
      drops.push({ key, reason: 'beyond-180-members' });
      continue;
    }
    const next = length + (length > 0 ? 1 : 0) + pair.length;
    if (next > OTEL_JS_BAGGAGE_MAX_TOTAL_LENGTH) drops.push({ key, reason: 'total-over-8192-bytes' });
    else length = next;
  }
  return drops;
}

/** The key OpenTelemetry JS would store for this entry, or undefined when its pair check skips the entry. */
function otelJsPairKey(entry: string): string | undefined {
  if (entry.length === 0) return undefined;
  const semicolon = entry.indexOf(';');
  const pair = semicolon === -1 ? entry : entry.slice(0, semicolon);
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const rawKey = pair.slice(0, eq).trim();
  const rawValue = pair.slice(eq + 1).trim();
  if (rawKey.length === 0 || rawValue.length === 0) return undefined;
  try {
    decodeURIComponent(rawValue);
    return decodeURIComponent(rawKey);
  } catch {
    return undefined;
  }
}

/** Best-effort key of an entry OpenTelemetry JS never parses (it only measures it). */
function roughKey(entry: string): string {
  const semicolon = entry.indexOf(';');
  const pair = semicolon === -1 ? entry : entry.slice(0, semicolon);
  const eq = pair.indexOf('=');
  return trimOws(eq === -1 ? pair : pair.slice(0, eq));
}

/** RFC 7230 §3.2.6 tchar: "!#$%&'*+-.^_`|~", DIGIT, ALPHA. */
function isTchar(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  switch (c) {
    case 0x21: // !
    case 0x23: // #
    case 0x24: // $
    case 0x25: // %
    case 0x26: // &
    case 0x27: // '
    case 0x2a: // *
    case 0x2b: // +
    case 0x2d: // -
    case 0x2e: // .
    case 0x5e: // ^
    case 0x5f: // _
    case 0x60: // `
    case 0x7c: // |
    case 0x7e: // ~
      return true;
    default:
      return false;
  }
}

function tokenProblem(key: unknown, what: string): string | undefined {
  if (typeof key !== 'string') return `${what} must be a string; got ${typeof key}`;
  if (key.length === 0) return `${what} must not be empty; it must be an RFC 7230 token`;
  for (let i = 0; i < key.length; i++) {
    if (!isTchar(key.charCodeAt(i))) {
      return `${what} must be an RFC 7230 token; found ${describeChar(key, i)} at position ${i + 1}`;
    }
  }
  return undefined;
}

/** baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: no CTLs, whitespace, DQUOTE, ",", ";" or "\". */
function isBaggageOctet(c: number): boolean {
  return c === 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function valueSyntaxProblem(value: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x25) {
      if (!isHexDigit(value.charCodeAt(i + 1)) || !isHexDigit(value.charCodeAt(i + 2))) {
        return `malformed percent-encoding at position ${i + 1}: "%" must be followed by two hex digits`;
      }
      i += 2;
      continue;
    }
    if (!isBaggageOctet(c)) {
      return `value contains ${describeChar(value, i)} at position ${i + 1}, outside baggage-octet; it must be percent-encoded`;
    }
  }
  return undefined;
}

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });
const UTF8_LENIENT = new TextDecoder('utf-8', { fatal: false });

/** Decodes a value already checked by {@link valueSyntaxProblem}; only `%XX` escapes are turned into bytes. */
function percentDecode(value: string): { text: string; wellFormed: boolean } {
  if (!value.includes('%')) return { text: value, wellFormed: true };
  const bytes = Buffer.allocUnsafe(value.length);
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x25) {
      bytes[n++] = Number.parseInt(value.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      bytes[n++] = c;
    }
  }
  const view = bytes.subarray(0, n);
  try {
    return { text: UTF8_STRICT.decode(view), wellFormed: true };
  } catch {
    return { text: UTF8_LENIENT.decode(view), wellFormed: false };
  }
}

const HEX_UPPER = '0123456789ABCDEF';

/** Percent-encodes what the spec requires: every UTF-8 byte outside baggage-octet, and "%" itself. */
function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (byte !== 0x25 && isBaggageOctet(byte)) out += String.fromCharCode(byte);
    else out += `%${HEX_UPPER.charAt(byte >> 4)}${HEX_UPPER.charAt(byte & 0x0f)}`;
  }
  return out;
}

/** True when `text` has no lone surrogates (String.prototype.isWellFormed is ES2024, beyond our lib). */
function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return false;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function quote(text: string): string {
  return text.length > 40 ? `${JSON.stringify(text.slice(0, 40))}...` : JSON.stringify(text);
}

function describeChar(text: string, index: number): string {
  const c = text.charCodeAt(index);
  return `${JSON.stringify(text.charAt(index))} (U+${c.toString(16).toUpperCase().padStart(4, '0')})`;
}
