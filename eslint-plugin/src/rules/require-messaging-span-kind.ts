import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import type { FunctionNode } from '../util/scopes';
import type { SpanStart } from '../util/spans';

import { createRule } from '../util/createRule';
import { ensureImport } from '../util/fixes';
import { getImportTracker, getStaticMemberName, OTEL_API, skipWrappers } from '../util/imports';
import { describeLoadedModules } from '../util/loadedModules';
import { receivedMessageHandlers } from '../util/messageHandlers';
import { classifyConsumerSite, classifySendCall, mayLoadMessagingClient, objectProperty } from '../util/messagingClients';
import { isFunctionNode, resolveFunction } from '../util/scopes';
import { matchSpanStart } from '../util/spans';

export type MessageIds = 'addKind' | 'missingKind' | 'replaceKind' | 'wrongKind';
export type Options = [];

/** The `SpanKind` member names, indexed by the enum's numeric values. */
const SPAN_KIND_NAMES = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;
type SpanKindName = (typeof SPAN_KIND_NAMES)[number];

/** What a span is around, from the messaging code it covers. */
type MessagingRole = 'consumer' | 'producer' | 'receive';

interface Expectation {
  /** The kind the suggestion writes. */
  readonly kind: SpanKindName;
  /** Every kind that is acceptable for the span's roles. */
  readonly accepted: ReadonlySet<SpanKindName>;
  /** What the span is around, for the message. */
  readonly around: string;
}

// Receive spans were CONSUMER before semantic conventions 1.26 made them CLIENT; both are accepted.
const ACCEPTED_KINDS: Readonly<Record<MessagingRole, readonly SpanKindName[]>> = {
  consumer: ['CONSUMER'],
  // A request span (SERVER) that also sends messages is an entry span, not a producer span to rename.
  producer: ['PRODUCER', 'SERVER'],
  receive: ['CLIENT', 'CONSUMER'],
};

const SUGGESTED_KIND: Readonly<Record<MessagingRole, SpanKindName>> = { consumer: 'CONSUMER', producer: 'PRODUCER', receive: 'CLIENT' };

const ROLE_TEXT: Readonly<Record<MessagingRole, string>> = {
  consumer: 'message processing',
  producer: 'a message send',
  receive: 'a message receive',
};

// Methods classifySendCall and classifyConsumerSite look at; other calls are skipped before classification.
const MESSAGING_METHODS: ReadonlySet<string> = new Set(['add', 'addBulk', 'consume', 'on', 'produce', 'publish', 'publishMessage', 'run', 'send', 'sendBatch', 'sendToQueue', 'subscribe']);

/** A region of code, as a source range, in which a span is live. */
type Range = readonly [number, number];

function contains(outer: Range, inner: TSESTree.Node): boolean {
  return inner.range[0] >= outer[0] && inner.range[1] <= outer[1];
}

/** The `options` argument of a span start: `startSpan(name, options?, ctx?)`, `startActiveSpan(name, options, [ctx,] fn)`. */
function optionsArgument(start: SpanStart): TSESTree.CallExpressionArgument | undefined {
  const { arguments: args } = start.call;
  if (start.kind === 'startSpan') return args[1];
  return args.length >= 3 ? args[1] : undefined;
}

export default createRule<Options, MessageIds>({
  name: 'require-messaging-span-kind',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require spans started around message sends and message processing to have the messaging span kind',
      recommended: 'strict',
      severity: 'warn',
    },
    hasSuggestions: true,
    messages: {
      addKind: 'Add `kind: SpanKind.{{kind}}` to the span options.',
      missingKind:
        'This span is started around {{around}} but has no `kind`, so it is INTERNAL and tracing backends do not draw the edge between producer and consumer in their service graphs. Start it with `kind: SpanKind.{{kind}}`.',
      replaceKind: 'Use `SpanKind.{{kind}}`.',
      wrongKind:
        'This span is started around {{around}} with `SpanKind.{{actual}}`; tracing backends build service graphs from PRODUCER, CONSUMER and CLIENT spans, so this hop is missing from them. Use `SpanKind.{{kind}}`.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const { sourceCode } = context;
    if (!mayLoadMessagingClient(sourceCode)) return {};
    const tracker = getImportTracker(context);
    const spanStarts: SpanStart[] = [];
    const messagingCandidates: (TSESTree.CallExpression | TSESTree.ForOfStatement | TSESTree.NewExpression)[] = [];
    /** The SpanKind name an expression denotes, or `undefined` when it is not a known constant. */
    function kindName(expression: TSESTree.Node): SpanKindName | undefined {
      const node = skipWrappers(expression);
      if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'number') return SPAN_KIND_NAMES[node.value];
      const reference = tracker.resolveReference(node);
      if (reference?.module !== OTEL_API || reference.path.length !== 2 || reference.path[0] !== 'SpanKind') return undefined;
      return SPAN_KIND_NAMES.find((name) => name === reference.path[1]);
    }

    /** Whether an argument is the global `undefined` (a placeholder before the context argument). */
    function isUndefined(node: TSESTree.Node): boolean {
      if (node.type !== AST_NODE_TYPES.Identifier || node.name !== 'undefined') return false;
      const variable = tracker.variableOf(node);
      return variable === null || variable?.defs.length === 0;
    }

    /** Source ranges in which the span is live: the active-span callback, or the rest of the function until an unconditional `span.end()`. */
    function liveRanges(start: SpanStart): Range[] {
      const { call } = start;
      if (start.kind === 'startActiveSpan') {
        const last = call.arguments.at(-1);
        const fn = last === undefined ? undefined : resolveFunction(tracker, last);
        return fn === undefined ? [] : [fn.range];
      }
      let container = call.parent as TSESTree.Node | null | undefined;
      while (container !== undefined && container !== null && !isFunctionNode(container) && container.type !== AST_NODE_TYPES.Program) container = container.parent;
      if (container === undefined || container === null) return [];
      return [[call.range[1], container.range[1]]];
    }

    /** Whether `span.end()` runs for sure between the span start and `node` (an end in the same or an enclosing block). */
    function endedBefore(start: SpanStart, node: TSESTree.Node): boolean {
      if (start.kind !== 'startSpan') return false;
      const declarator = start.call.parent;
      if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = sourceCode.getDeclaredVariables(declarator).find((candidate) => candidate.name === (declarator.id as TSESTree.Identifier).name);
      if (variable === undefined) return false;
      return variable.references.some((reference) => {
        const member = reference.identifier.parent;
        if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier || getStaticMemberName(member) !== 'end') return false;
        const endCall = member.parent;
        if (endCall.type !== AST_NODE_TYPES.CallExpression || endCall.range[1] > node.range[0] || endCall.range[0] < start.call.range[1]) return false;
        // Espree leaves `Program.parent` null, hence the loose check.
        let block = endCall.parent as TSESTree.Node | null | undefined;
        while (block !== undefined && block !== null && block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program && !isFunctionNode(block)) block = block.parent;
        return block !== undefined && block !== null && contains(block.range, node);
      });
    }

    function check(): void {
      // Without a messaging client import no span can be around messaging code.
      if (spanStarts.length === 0 || !describeLoadedModules(tracker.importedModules()).messaging) return;
      const sends: TSESTree.Node[] = [];
      const receives: TSESTree.Node[] = [];
      const handlers: (FunctionNode | TSESTree.ForOfStatement)[] = [];
      for (const node of messagingCandidates) {
        if (node.type !== AST_NODE_TYPES.ForOfStatement && classifySendCall(context, node) !== undefined) {
          sends.push(node);
          continue;
        }
        const site = classifyConsumerSite(context, node);
        if (site === undefined) continue;
        if (site.operation === 'ReceiveMessageCommand') {
          receives.push(site.node);
          for (const handler of receivedMessageHandlers(context, site)) handlers.push(handler.body);
        } else if (site.handler !== undefined) {
          handlers.push(site.handler);
        }
      }
      const isLiveAt = (start: SpanStart, node: TSESTree.Node): boolean => liveRanges(start).some((range) => contains(range, node)) && !endedBefore(start, node);
      // The processing span of a handler is the first span it starts, when every later one is its child;
      // a first span followed by siblings (`parse`, then `save`) is one step, not the processing.
      const processingSpans = new Set<SpanStart>();
      for (const handler of handlers) {
        const inHandler = spanStarts.filter((start) => contains(handler.range, start.call));
        const [first, ...rest] = inHandler;
        if (first !== undefined && rest.every((start) => isLiveAt(first, start.call))) processingSpans.add(first);
      }
      for (const start of spanStarts) {
        const ranges = liveRanges(start);
        // A handler written inside the span's code runs later, per message, not while this span is live.
        const runsLater = (node: TSESTree.Node): boolean => handlers.some((handler) => contains(handler.range, node) && !contains(handler.range, start.call));
        const covers = (node: TSESTree.Node): boolean => ranges.some((range) => contains(range, node)) && !runsLater(node) && !endedBefore(start, node);
        const roles: MessagingRole[] = [];
        if (processingSpans.has(start)) roles.push('consumer');
        if (receives.some(covers)) roles.push('receive');
        if (sends.some(covers)) roles.push('producer');
        const [primary] = roles;
        if (primary === undefined) continue;
        const accepted = new Set(roles.flatMap((role) => ACCEPTED_KINDS[role]));
        reportKind(start, { kind: SUGGESTED_KIND[primary], accepted, around: ROLE_TEXT[primary] });
      }
    }

    function reportKind(start: SpanStart, expected: Expectation): void {
      const { call } = start;
      const options = optionsArgument(start);
      const data = { kind: expected.kind, around: expected.around };
      const kindText = (fixer: TSESLint.RuleFixer): { text: string; importFix: TSESLint.RuleFix | undefined } => {
        const { local, fix } = ensureImport(fixer, sourceCode, OTEL_API, 'SpanKind', call);
        return { text: `${local}.${expected.kind}`, importFix: fix };
      };
      const withImport = (importFix: TSESLint.RuleFix | undefined, edit: TSESLint.RuleFix): TSESLint.RuleFix | TSESLint.RuleFix[] => (importFix === undefined ? edit : [importFix, edit]);

      if (options === undefined || isUndefined(options)) {
        const [name] = call.arguments;
        if (name === undefined) return;
        context.report({
          node: call,
        loc: call.callee.loc,
          messageId: 'missingKind',
          data,
          suggest: [
            {
              messageId: 'addKind',
              data,
              fix(fixer) {
                const { text, importFix } = kindText(fixer);
                const edit = options === undefined ? fixer.insertTextAfter(name, `, { kind: ${text} }`) : fixer.replaceText(options, `{ kind: ${text} }`);
                return withImport(importFix, edit);
              },
            },
          ],
        });
        return;
      }
      let literal: TSESTree.Node = skipWrappers(options);
      if (literal.type === AST_NODE_TYPES.Identifier) literal = tracker.constantInitializer(literal) ?? literal;
      if (literal.type !== AST_NODE_TYPES.ObjectExpression) return;
      const kind = objectProperty(literal, 'kind');
      if (kind === undefined) {
        // A spread or computed key may supply the kind.
        if (literal.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement || property.computed)) return;
        const object = literal;
        const inline = object === skipWrappers(options);
        context.report({
          node: call,
        loc: call.callee.loc,
          messageId: 'missingKind',
          data,
          suggest: inline
            ? [
                {
                  messageId: 'addKind',
                  data,
                  fix(fixer) {
                    const { text, importFix } = kindText(fixer);
                    const [first] = object.properties;
                    const edit = first === undefined ? fixer.replaceText(object, `{ kind: ${text} }`) : fixer.insertTextBefore(first, `kind: ${text}, `);
                    return withImport(importFix, edit);
                  },
                },
              ]
            : [],
        });
        return;
      }
      const actual = kindName(kind);
      if (actual === undefined || expected.accepted.has(actual)) return;
      context.report({
        node: call,
        loc: call.callee.loc,
        messageId: 'wrongKind',
        data: { ...data, actual },
        suggest: [
          {
            messageId: 'replaceKind',
            data,
            fix(fixer) {
              const { text, importFix } = kindText(fixer);
              return withImport(importFix, fixer.replaceText(kind, text));
            },
          },
        ],
      });
    }

    return {
      CallExpression(node): void {
        const callee = skipWrappers(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = getStaticMemberName(callee);
        if (method === undefined) return;
        if (method === 'startSpan' || method === 'startActiveSpan') {
          const start = matchSpanStart(tracker, node);
          if (start !== undefined) spanStarts.push(start);
          return;
        }
        if (MESSAGING_METHODS.has(method)) messagingCandidates.push(node);
      },
      NewExpression(node): void {
        messagingCandidates.push(node);
      },
      ForOfStatement(node): void {
        if (node.await) messagingCandidates.push(node);
      },
      'Program:exit': check,
    };
  },
});
