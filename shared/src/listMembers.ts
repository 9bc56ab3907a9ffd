/**
 * The list grammar `tracestate` and `baggage` share: list-members separated by commas, each with
 * optional whitespace (OWS, spaces and tabs) around it. What an empty member means, and whether a
 * limit is an error or a warning, stays with each codec.
 * https://www.w3.org/TR/trace-context-2/#list  https://www.w3.org/TR/baggage/#definition
 */

/** Removes leading and trailing spaces and tabs, the OWS the specs allow around list-members (and baggage around keys and values). */
export function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Every list-member, OWS-trimmed, in header order. Empty members are kept as `''`, so positions
 * match the commas: baggage rejects them, tracestate skips them.
 */
export function listMembers(text: string): string[] {
  return text.split(',').map(trimOws);
}

/**
 * The non-empty list-members up to `limit`, and how many there are in all: past a member limit
 * the value is already over it, so the caller counts for its message but does no per-member work.
 */
export function nonEmptyListMembers(text: string, limit = Infinity): { members: string[]; count: number } {
  const members: string[] = [];
  let count = 0;
  for (const member of listMembers(text)) {
    if (member.length === 0) continue;
    if (count++ < limit) members.push(member);
  }
  return { members, count };
}
