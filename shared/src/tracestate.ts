/**
 * W3C Trace Context Level 2 `tracestate` codec.
 * https://www.w3.org/TR/trace-context-2/#tracestate-header
 */
import type { Decoded, DecodedMember } from './decoded';
import { nonEmptyListMembers, trimOws } from './listMembers';
import { issue, parsed, rejected, type Issue, type ParseResult } from './result';
import {
  TRACESTATE_MAX_KEY_LENGTH,
  TRACESTATE_MAX_MEMBERS,
  TRACESTATE_MAX_VALUE_LENGTH,
  TRACESTATE_PROPAGATION_GUIDANCE_LENGTH,
  TRACESTATE_TRUNCATE_FIRST_MEMBER_LENGTH,
} from './w3cConstants';

/** One `key=value` list-member, value without its optional trailing whitespace. */
export interface TracestateMember {
  key: string;
  value: string;
}

/** A parsed `tracestate`: its list-members in header order (left-most is the most recent vendor). */
export interface Tracestate {
  members: TracestateMember[];
}

/**
 * Parses a `tracestate` header value (W3C Trace Context Level 2 §tracestate Header Field Values).
 * Empty and whitespace-only list-members are allowed and skipped. More than 32 members, a key or value outside the
 * Level 2 grammar, or a repeated key make the whole value invalid. Exceeding the 512-character propagation
 * guidance, and members over 128 characters (the first removed by truncation), are warnings. Never throws.
 * https://www.w3.org/TR/trace-context-2/#tracestate-header-field-values
 */
export function parseTracestate(text: string): ParseResult<Tracestate> {
  if (typeof text !== 'string') {
    return rejected([issue('tracestate', `tracestate must be a string; got ${typeof text}`)]);
  }
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const members: TracestateMember[] = [];
  const firstIndexOfKey = new Map<string, number>();

  // Past the limit the value is already invalid; the count is kept for the message, the per-member work stops.
  const { members: raws, count } = nonEmptyListMembers(text, TRACESTATE_MAX_MEMBERS);
  raws.forEach((raw, index) => {
    const member = parseMember(raw, index, errors);
    if (member === undefined) return;
    const earlier = firstIndexOfKey.get(member.key);
    if (earlier === undefined) {
      firstIndexOfKey.set(member.key, index);
    } else {
      errors.push(
        issue(
          `member[${index}].key`,
          `duplicate key ${JSON.stringify(member.key)} (first at member[${earlier}]); only one entry per key is allowed`,
        ),
      );
    }
    if (raw.length > TRACESTATE_TRUNCATE_FIRST_MEMBER_LENGTH) {
      warnings.push(
        issue(
          `member[${index}]`,
          `list-member ${JSON.stringify(member.key)} is ${raw.length} characters; entries over ${TRACESTATE_TRUNCATE_FIRST_MEMBER_LENGTH} characters are the first a vendor removes when it truncates tracestate`,
        ),
      );
    }
    members.push(member);
  });

  if (count > TRACESTATE_MAX_MEMBERS) {
    errors.push(
      issue('tracestate', `tracestate has ${count} list-members; at most ${TRACESTATE_MAX_MEMBERS} are allowed`),
    );
  }
  const length = trimOws(text).length;
  if (length > TRACESTATE_PROPAGATION_GUIDANCE_LENGTH) {
    warnings.push(
      issue(
        'tracestate',
        `tracestate is ${length} characters; vendors SHOULD propagate at least ${TRACESTATE_PROPAGATION_GUIDANCE_LENGTH}, so members beyond that may be truncated`,
      ),
    );
  }
  return errors.length > 0 ? rejected(errors, warnings) : parsed({ members }, warnings);
}

/**
 * Serializes list-members as `key=value` joined by commas, in order (W3C Trace Context Level 2 §tracestate).
 * An empty list serializes to the empty string (send no header).
 * https://www.w3.org/TR/trace-context-2/#tracestate-header-field-values
 * @throws {TypeError} when there are more than 32 members, a key or value breaks the Level 2 grammar,
 *   or a key repeats.
 */
export function serializeTracestate(ts: Tracestate): string {
  if (ts.members.length > TRACESTATE_MAX_MEMBERS) {
    throw new TypeError(`tracestate has ${ts.members.length} members; at most ${TRACESTATE_MAX_MEMBERS} are allowed`);
  }
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const [index, member] of ts.members.entries()) {
    const keyProblem = checkKey(member.key);
    if (keyProblem !== undefined) throw new TypeError(`member[${index}].key: ${keyProblem}`);
    const valueProblem = checkValue(member.value);
    if (valueProblem !== undefined) throw new TypeError(`member[${index}].value: ${valueProblem}`);
    if (seen.has(member.key)) throw new TypeError(`member[${index}].key: duplicate key ${JSON.stringify(member.key)}`);
    seen.add(member.key);
    parts.push(`${member.key}=${member.value}`);
  }
  return parts.join(',');
}

/**
 * Decodes a `tracestate` value into the common {@link Decoded} shape (format `tracestate`): members with their
 * UTF-8 size, and the size of the whole value. Members are present only when the value is valid. Never throws.
 * https://www.w3.org/TR/trace-context-2/#tracestate-header
 */
export function decodeTracestate(text: string): Decoded {
  const result = parseTracestate(text);
  const bytes = typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : 0;
  if (!result.ok) {
    return { format: 'tracestate', valid: false, errors: result.errors, warnings: result.warnings, bytes };
  }
  const members: DecodedMember[] = result.value.members.map(({ key, value }) => ({
    key,
    value,
    // A valid key and value are ASCII by grammar (checkKey and checkValue reject anything else), so characters
    // and UTF-8 bytes agree; counting them avoids building the member text again just to measure it.
    bytes: key.length + 1 + value.length,
  }));
  return { format: 'tracestate', valid: true, errors: [], warnings: result.warnings, members, bytes };
}

/** Returns why `key` breaks the Level 2 key grammar, or undefined when it is valid. */
export function tracestateKeyProblem(key: string): string | undefined {
  return checkKey(key);
}

/** Returns why `value` breaks the tracestate value grammar, or undefined when it is valid. */
export function tracestateValueProblem(value: string): string | undefined {
  return checkValue(value);
}

function parseMember(raw: string, index: number, errors: Issue[]): TracestateMember | undefined {
  const eq = raw.indexOf('=');
  if (eq === -1) {
    errors.push(issue(`member[${index}]`, `list-member must be key=value; no "=" found in ${quote(raw)}`));
    return undefined;
  }
  const key = raw.slice(0, eq);
  const value = raw.slice(eq + 1);
  const keyProblem = checkKey(key);
  const valueProblem = checkValue(value);
  if (keyProblem !== undefined) errors.push(issue(`member[${index}].key`, keyProblem));
  if (valueProblem !== undefined) errors.push(issue(`member[${index}].value`, valueProblem));
  return keyProblem === undefined && valueProblem === undefined ? { key, value } : undefined;
}

/**
 * Level 2 key grammar (§Key): `key = ( lcalpha / DIGIT ) 0*255 ( keychar )` with
 * `keychar = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"`. Level 1's split into simple-key and
 * `tenant@system` (with its 241/14 character parts) is gone: any key may start with a digit and contain `@`.
 */
function checkKey(key: string): string | undefined {
  if (typeof key !== 'string') return `key must be a string; got ${typeof key}`;
  if (key.length === 0) return 'key must not be empty';
  if (key.length > TRACESTATE_MAX_KEY_LENGTH) {
    return `key must be at most ${TRACESTATE_MAX_KEY_LENGTH} characters; got ${key.length}`;
  }
  const first = key.charCodeAt(0);
  if (!isLcAlpha(first) && !isDigit(first)) {
    return `key must start with a lowercase letter or a digit; found ${describeChar(key, 0)}${isUpperAlpha(first) ? '; use lowercase' : ''}`;
  }
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (isLcAlpha(c) || isDigit(c) || c === 0x5f || c === 0x2d || c === 0x2a || c === 0x2f || c === 0x40) continue;
    return `key may only contain a-z, 0-9, "_", "-", "*", "/" and "@"; found ${describeChar(key, i)} at position ${i + 1}${isUpperAlpha(c) ? '; use lowercase' : ''}`;
  }
  return undefined;
}

/** Value grammar (§Value): `value = 0*255(chr) nblk-chr`, printable ASCII except "," and "=", not ending in a space. */
function checkValue(value: string): string | undefined {
  if (typeof value !== 'string') return `value must be a string; got ${typeof value}`;
  if (value.length === 0) return 'value must not be empty';
  if (value.length > TRACESTATE_MAX_VALUE_LENGTH) {
    return `value must be at most ${TRACESTATE_MAX_VALUE_LENGTH} characters; got ${value.length}`;
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 0x2c && c !== 0x3d) continue;
    return `value may only contain printable ASCII (0x20-0x7E) except "," and "="; found ${describeChar(value, i)} at position ${i + 1}`;
  }
  if (value.charCodeAt(value.length - 1) === 0x20) return 'value must not end with a space';
  return undefined;
}

function isLcAlpha(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

function isUpperAlpha(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function quote(text: string): string {
  return text.length > 40 ? `${JSON.stringify(text.slice(0, 40))}...` : JSON.stringify(text);
}

function describeChar(text: string, index: number): string {
  const c = text.charCodeAt(index);
  return `${JSON.stringify(text.charAt(index))} (U+${c.toString(16).toUpperCase().padStart(4, '0')})`;
}
