import type { TSESTree } from '@typescript-eslint/utils';
import type { OtelJsDropReason } from 'otel-propagation-core';

import { BAGGAGE_MAX_BYTES, BAGGAGE_MAX_MEMBERS, measureBaggage, OTEL_JS_BAGGAGE_MAX_MEMBER_LENGTH, OTEL_JS_BAGGAGE_MAX_MEMBERS, OTEL_JS_BAGGAGE_MAX_TOTAL_LENGTH } from 'otel-propagation-core';

import type { BaggageBuild, BaggageEntryNode } from '../util/baggageEntries';
import type { StaticString } from '../util/staticValues';

import { baggageSiteListeners } from '../util/baggageEntries';
import { createRule } from '../util/createRule';
import { getImportTracker } from '../util/imports';
import { evaluateString } from '../util/staticValues';

export type MessageIds = 'droppedByOtel' | 'tooManyBytes' | 'tooManyMembers' | 'unboundedValue';
export type Options = [{ maxBytes?: number; maxMembers?: number }];

/** A member after `Map` semantics (first position, last value), as OpenTelemetry JS's baggage holds it. */
interface Member {
  readonly key: string;
  readonly entry: BaggageEntryNode;
  readonly value: StaticString;
}

/** What one drop reason means, for the message. */
const DROP_REASONS: Readonly<Record<OtelJsDropReason, string>> = {
  'member-over-4096-bytes': `a single member may be at most ${OTEL_JS_BAGGAGE_MAX_MEMBER_LENGTH} characters`,
  'beyond-180-members': `it keeps only the first ${OTEL_JS_BAGGAGE_MAX_MEMBERS} members`,
  'total-over-8192-bytes': `it stops adding members once the header would pass ${OTEL_JS_BAGGAGE_MAX_TOTAL_LENGTH} characters`,
};

/** The member as OpenTelemetry JS's `W3CBaggagePropagator.inject` writes it, or `undefined` for a lone surrogate. */
function encodedPair(key: string, value: string): string | undefined {
  try {
    return `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
  } catch {
    return undefined;
  }
}

/** Groups drops of the same kind: every oversized member on its own, the cut-off members as one finding on the first. */
function groupDrops<T extends { reason: OtelJsDropReason }>(drops: readonly T[]): { first: T; rest: number }[] {
  const grouped: { first: T; rest: number }[] = [];
  for (const drop of drops) {
    const same = grouped.find((group) => group.first.reason === drop.reason);
    if (drop.reason !== 'member-over-4096-bytes' && same !== undefined) same.rest++;
    else grouped.push({ first: drop, rest: 0 });
  }
  return grouped;
}

function dropSubject(key: string, rest: number): string {
  return rest === 0 ? `"${key}"` : `"${key}" and the ${rest} member${rest === 1 ? '' : 's'} after it`;
}

export default createRule<Options, MessageIds>({
  name: 'no-oversized-baggage',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow baggage whose statically known size exceeds what is reliably propagated',
      recommended: 'recommended',
      severity: 'error',
    },
    messages: {
      droppedByOtel:
        'OpenTelemetry JS silently drops {{subject}} when it {{action}} this baggage: {{why}}. Downstream services never see the entry and nothing logs it. Keep baggage values to short identifiers and look the data up where it is needed.',
      tooManyBytes:
        'This baggage is {{bytes}} bytes once serialized, over the {{max}} that is reliably propagated. The W3C Baggage spec only requires 8192 bytes to be carried and proxies commonly cut headers near 8 KB, so downstream services lose members or the whole header. Keep baggage values to short identifiers.',
      tooManyMembers:
        'This baggage has {{count}} members, over the {{max}} that are reliably propagated. The W3C Baggage spec only requires 64 members to be carried, so downstream services may lose the rest. Keep fewer entries in baggage.',
      unboundedValue:
        'The baggage value {{subject}} comes from {{source}}, whose size grows with its input. Baggage is copied into every outgoing request, and past 8192 bytes (4096 for one member in OpenTelemetry JS) members are dropped without notice. Put a short identifier in baggage instead.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxBytes: {
            type: 'integer',
            minimum: 1,
            description: 'Largest serialized baggage, in bytes, before it is reported. Defaults to the W3C Baggage minimum every platform must propagate (8192).',
          },
          maxMembers: {
            type: 'integer',
            minimum: 1,
            description: 'Most baggage members before the baggage is reported. Defaults to the W3C Baggage minimum every platform must propagate (64).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ maxBytes: BAGGAGE_MAX_BYTES, maxMembers: BAGGAGE_MAX_MEMBERS }],
  },
  create(context, [{ maxBytes = BAGGAGE_MAX_BYTES, maxMembers = BAGGAGE_MAX_MEMBERS }]) {
    const tracker = getImportTracker(context);

    /** Collapses repeated keys the way `BaggageImpl` does (a Map: first position, last value). */
    function membersOf(entries: readonly BaggageEntryNode[]): Member[] {
      const byKey = new Map<string, Member>();
      for (const entry of entries) {
        const value: StaticString = entry.value === undefined ? { kind: 'unknown' } : evaluateString(entry.value, tracker);
        byKey.set(entry.key, { key: entry.key, entry, value });
      }
      return [...byKey.values()];
    }

    /** Lower bound of the serialized size: unknown values count as empty. */
    function sizeOf(members: readonly Member[]): { bytes: number; complete: boolean } {
      let bytes = Math.max(0, members.length - 1);
      let complete = true;
      for (const member of members) {
        const pair = encodedPair(member.key, member.value.kind === 'known' ? member.value.value : '');
        if (member.value.kind !== 'known' || pair === undefined) complete = false;
        bytes += pair?.length ?? member.key.length + 1;
      }
      return { bytes, complete };
    }

    function checkBuild(node: TSESTree.CallExpression, build: BaggageBuild): void {
      const members = membersOf(build.entries);
      const own = members.filter((member) => member.entry.own);
      for (const member of own) {
        if (member.value.kind === 'unbounded' && member.entry.value !== undefined) {
          context.report({ node: member.entry.value, messageId: 'unboundedValue', data: { subject: `"${member.key}"`, source: member.value.source } });
        }
      }

      const size = sizeOf(members);
      const complete = build.complete && size.complete;
      const prefix = complete ? '' : 'at least ';
      // Totals already over the limit in the constant this chain starts from were reported there.
      const inherited = members.filter((member) => !member.entry.own);
      const bytesOver = size.bytes > maxBytes;
      if (bytesOver && sizeOf(inherited).bytes <= maxBytes) {
        context.report({ node, messageId: 'tooManyBytes', data: { bytes: `${prefix}${size.bytes}`, max: maxBytes } });
      }
      if (members.length > maxMembers && inherited.length <= maxMembers) {
        context.report({ node, messageId: 'tooManyMembers', data: { count: `${build.complete ? '' : 'at least '}${members.length}`, max: maxMembers } });
      }

      // Dropping beyond the 180th member or past 8192 characters depends on every member before it, so those
      // are only claimed for a fully known baggage; an oversized member is dropped whatever surrounds it.
      const measured = complete ? members : members.filter((member) => member.value.kind === 'known');
      let drops: { key: string; reason: OtelJsDropReason }[];
      try {
        drops = measureBaggage({
          members: measured.map((member) => ({ key: member.key, value: member.value.kind === 'known' ? member.value.value : '', properties: [] })),
        }).otelJsDropped;
      } catch {
        // Keys that are not tokens or lone surrogates: valid-trace-context's and the runtime's business.
        return;
      }
      for (const { first, rest } of groupDrops(drops)) {
        if (!complete && first.reason !== 'member-over-4096-bytes') continue;
        if (first.reason === 'total-over-8192-bytes' && bytesOver) continue;
        const member = members.find((candidate) => candidate.key === first.key);
        if (member === undefined || !member.entry.own) continue;
        context.report({
          node: first.reason === 'member-over-4096-bytes' ? (member.entry.value ?? member.entry.keyNode) : member.entry.keyNode,
          messageId: 'droppedByOtel',
          data: { subject: dropSubject(first.key, rest), action: 'injects', why: DROP_REASONS[first.reason] },
        });
      }
    }

    function checkHeader(node: TSESTree.Node): void {
      const value = evaluateString(node, tracker);
      if (value.kind === 'unbounded') {
        context.report({ node, messageId: 'unboundedValue', data: { subject: 'of this baggage header', source: value.source } });
        return;
      }
      if (value.kind !== 'known') return;
      const size = measureBaggage(value.value);
      const bytesOver = size.bytes > maxBytes;
      if (bytesOver) context.report({ node, messageId: 'tooManyBytes', data: { bytes: size.bytes, max: maxBytes } });
      if (size.members > maxMembers) context.report({ node, messageId: 'tooManyMembers', data: { count: size.members, max: maxMembers } });
      for (const { first, rest } of groupDrops(size.otelJsDropped)) {
        if (first.reason === 'total-over-8192-bytes' && bytesOver) continue;
        context.report({ node, messageId: 'droppedByOtel', data: { subject: dropSubject(first.key, rest), action: 'extracts', why: DROP_REASONS[first.reason] } });
      }
    }

    return baggageSiteListeners(tracker, { header: checkHeader, build: checkBuild });
  },
});
