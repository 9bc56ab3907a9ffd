import type { TSESTree } from '@typescript-eslint/utils';
import type { Issue, ParseResult } from 'otel-propagation-core';

import { AST_NODE_TYPES } from '../util/ast';
import { parseB3, parseBaggage, parseJaeger, parseTraceparent, parseTracestate, parseXRay } from 'otel-propagation-core';

import type { TraceHeader, TraceHeaderValue } from '../util/traceHeaders';

import { createRule } from '../util/createRule';
import { getImportTracker, getStaticString, skipWrappers } from '../util/imports';
import { mayMention } from '../util/sourceText';
import { TRACE_HEADER_NAMES, traceHeaderOfAssignment, traceHeaderOfCall, traceHeaderOfProperty } from '../util/traceHeaders';

export type MessageIds = 'invalidValue' | 'useLowercase';
export type Options = [];

// The codec that decides validity for each header, as a receiver following its spec would.
const PARSERS: Readonly<Record<TraceHeader, (text: string) => ParseResult<unknown>>> = {
  b3: parseB3,
  baggage: parseBaggage,
  traceparent: parseTraceparent,
  tracestate: parseTracestate,
  'uber-trace-id': (text) => parseJaeger(text),
  'x-amzn-trace-id': parseXRay,
};

// What the header carries, for the message: losing a traceparent splits the trace, losing baggage loses entries.
const WHAT_IS_LOST: Readonly<Record<TraceHeader, string>> = {
  b3: 'the receiver starts a new trace instead of continuing this one',
  baggage: 'the receiver drops the baggage',
  traceparent: 'the receiver starts a new trace instead of continuing this one',
  tracestate: 'the receiver drops the vendor state',
  'uber-trace-id': 'the receiver starts a new trace instead of continuing this one',
  'x-amzn-trace-id': 'the receiver starts a new trace instead of continuing this one',
};

// Headers whose only uppercase-related defect has one correction: the same hex digits in lowercase.
const LOWERCASE_FIXABLE: ReadonlySet<TraceHeader> = new Set<TraceHeader>(['b3', 'traceparent']);

/**
 * One codec finding as a clause of the report, without the codec's own final period. Member findings
 * (`member[2].key`) get their field in front, since their message does not say which member it is.
 */
function describeIssue(found: Issue): string {
  const message = found.message.endsWith('.') ? found.message.slice(0, -1) : found.message;
  return found.field.includes('[') ? `${found.field}: ${message}` : message;
}

function describeErrors(errors: readonly Issue[]): string {
  const [first] = errors;
  if (first === undefined) return '';
  const rest = errors.length - 1;
  return rest === 0 ? describeIssue(first) : `${describeIssue(first)} (and ${rest} more problem${rest === 1 ? '' : 's'})`;
}

/** The lowercase spelling of a value when that spelling is valid and case was its only defect. */
function lowercaseCorrection(header: TraceHeader, value: string, errors: readonly Issue[]): string | undefined {
  if (!LOWERCASE_FIXABLE.has(header) || !errors.every((found) => found.message.includes('uppercase'))) return undefined;
  const lower = value.toLowerCase();
  return PARSERS[header](lower).ok ? lower : undefined;
}

export default createRule<Options, MessageIds>({
  name: 'valid-trace-context',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require literal traceparent, tracestate, baggage, b3, uber-trace-id and X-Amzn-Trace-Id values to be valid',
      recommended: 'recommended',
      severity: 'error',
    },
    hasSuggestions: true,
    messages: {
      invalidValue:
        'This {{header}} value is invalid: {{defect}}. A receiver that follows the specification rejects it, so {{lost}}. Write a valid value, or let the propagator build the header with `propagation.inject`.',
      useLowercase: 'Write the hex digits in lowercase: `{{corrected}}`.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const { sourceCode } = context;
    // Every site names its header literally.
    if (!mayMention(sourceCode, TRACE_HEADER_NAMES)) return {};
    const tracker = getImportTracker(context);

    function check(site: TraceHeaderValue | undefined): void {
      if (site === undefined) return;
      const { header } = site;
      const node = skipWrappers(site.value);
      // Template literals with expressions are built at run time: no-hand-built-traceparent's business.
      const value = getStaticString(node);
      // An empty value is a placeholder that inject overwrites (`{ traceparent: '' }`), or sends no context at all.
      if (value === undefined || value.trim().length === 0) return;
      const result = PARSERS[header](value);
      if (result.ok) return;
      const corrected = lowercaseCorrection(header, value, result.errors);
      const raw = sourceCode.getText(node);
      // The suggestion rewrites the literal's inside; escapes in it would make the offsets lie, so then it is left out.
      const rewritable = corrected !== undefined && raw.slice(1, -1) === value;
      context.report({
        node,
        messageId: 'invalidValue',
        data: { header, defect: describeErrors(result.errors), lost: WHAT_IS_LOST[header] },
        suggest: rewritable
          ? [
              {
                messageId: 'useLowercase',
                data: { corrected },
                fix: (fixer) => fixer.replaceText(node, `${raw.charAt(0)}${corrected}${raw.charAt(raw.length - 1)}`),
              },
            ]
          : [],
      });
    }

    return {
      AssignmentExpression(node): void {
        check(traceHeaderOfAssignment(node));
      },
      CallExpression(node): void {
        check(traceHeaderOfCall(node, tracker));
      },
      Property(node: TSESTree.Property): void {
        if (node.parent.type !== AST_NODE_TYPES.ObjectExpression) return;
        check(traceHeaderOfProperty(node));
      },
    };
  },
});
