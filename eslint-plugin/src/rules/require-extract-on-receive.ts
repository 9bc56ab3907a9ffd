import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import type { LoadedModules } from '../util/loadedModules';
import type { HandlerAnalysis } from '../util/messageHandlers';
import type { ConsumerSite, MessagingFamily } from '../util/messagingClients';
import type { FunctionNode } from '../util/scopes';
import type { ResolvedSettings } from '../util/settings';

import { createRule } from '../util/createRule';
import { ensureImports } from '../util/fixes';
import { AUTO_INSTRUMENTATIONS_NODE } from '../util/autoInstrumentations';
import { getImportTracker, getStaticMemberName, getStaticString, OTEL_API, skipWrappers } from '../util/imports';
import { describeLoadedModules } from '../util/loadedModules';
import { analyzeHandler, receivedMessageHandlers } from '../util/messageHandlers';
import { classifyConsumerSite, mayLoadMessagingClient, objectProperty } from '../util/messagingClients';
import { getPropagationSettings, isInstrumented } from '../util/settings';
import { indentedText, lineIndent } from '../util/spans';

export type MessageIds =
  | 'attributeValues'
  | 'bufferHeaders'
  | 'discardedExtract'
  | 'missingAttributeNames'
  | 'missingBatchContext'
  | 'missingExtract'
  | 'natsHeaders'
  | 'useBufferGetter'
  | 'useNatsGetter'
  | 'useSqsGetter'
  | 'wrapInExtractedContext';
export type Options = [];

// Where each family's messages carry the producer's context, for messages.
const CARRIER_OF_FAMILY: Readonly<Record<MessagingFamily, string>> = {
  amqplib: 'msg.properties.headers',
  'aws-sns': 'message.MessageAttributes',
  'aws-sqs': 'message.MessageAttributes',
  bullmq: 'job.data',
  'confluent-kafkajs': 'message.headers',
  kafkajs: 'message.headers',
  nats: 'msg.headers',
  pubsub: 'message.attributes',
  rdkafka: 'message.headers',
};

// Registration methods classifyConsumerSite recognizes, checked first so other calls cost one Set lookup.
const CONSUMER_METHODS: ReadonlySet<string> = new Set(['consume', 'on', 'run', 'subscribe']);

// SQS returns only the message attributes a receive asks for; any of these names gets `traceparent` back.
const PROPAGATION_ATTRIBUTE_REQUESTS: ReadonlySet<string> = new Set(['.*', 'All', 'traceparent']);

// A getter for kafkajs headers, whose values arrive as Buffers (or arrays of them) that the W3C propagator ignores.
const BUFFER_GETTER = '{ get: (carrier, key) => carrier[key]?.toString(), keys: (carrier) => Object.keys(carrier) }';

// A getter for NATS `MsgHdrs`, which keeps its values behind `get(key)` rather than as properties.
const NATS_GETTER = '{ get: (carrier, key) => carrier?.get(key), keys: (carrier) => carrier?.keys() ?? [] }';

// A getter for SQS message attributes, whose values are `{ DataType, StringValue }` objects.
const SQS_GETTER = '{ get: (carrier, key) => carrier[key]?.StringValue, keys: (carrier) => Object.keys(carrier) }';

const RAW_CARRIER_GETTERS = {
  attributeValues: { getter: SQS_GETTER, suggestion: 'useSqsGetter' },
  bufferHeaders: { getter: BUFFER_GETTER, suggestion: 'useBufferGetter' },
  natsHeaders: { getter: NATS_GETTER, suggestion: 'useNatsGetter' },
} as const;

const INDENT_UNIT = '  ';

/** The strings of an array literal of string literals, or `undefined` when any element is not one. */
function staticStrings(node: TSESTree.Node): string[] | undefined {
  const list = skipWrappers(node);
  if (list.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const values: string[] = [];
  for (const element of list.elements) {
    const value = element === null || element.type === AST_NODE_TYPES.SpreadElement ? undefined : getStaticString(element);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

/**
 * Whether an SQS receive input certainly leaves the propagation attributes out of
 * `MessageAttributeNames`. A receive asking for the `AWSTraceHeader` system attribute (or all system
 * attributes) propagates through X-Ray's header instead and is left alone.
 */
function omitsPropagationAttributes(input: TSESTree.ObjectExpression): boolean {
  if (input.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement || property.computed)) return false;
  for (const key of ['MessageSystemAttributeNames', 'AttributeNames']) {
    const system = objectProperty(input, key);
    if (system === undefined) continue;
    const values = staticStrings(system);
    if (values === undefined || values.includes('AWSTraceHeader') || values.includes('All')) return false;
  }
  const names = objectProperty(input, 'MessageAttributeNames');
  if (names === undefined) return true;
  const values = staticStrings(names);
  return values !== undefined && !values.some((value) => PROPAGATION_ATTRIBUTE_REQUESTS.has(value));
}

/** The text that reaches the message's headers inside a handler, for the suggestion; `undefined` when the parameter has no usable name. */
function carrierText(site: ConsumerSite, message: TSESTree.Node | undefined): string | undefined {
  if (message === undefined) return undefined;
  if (site.family === 'amqplib') {
    // amqplib calls the consumer with null when the broker cancels it.
    return message.type === AST_NODE_TYPES.Identifier ? `${message.name}?.properties.headers` : undefined;
  }
  if (site.family === 'pubsub') return message.type === AST_NODE_TYPES.Identifier ? `${message.name}.attributes` : undefined;
  if (message.type === AST_NODE_TYPES.Identifier) return `${message.name}.message.headers`;
  if (message.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  for (const property of message.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier || property.key.name !== 'message') continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    return value.type === AST_NODE_TYPES.Identifier ? `${value.name}.headers` : undefined;
  }
  return undefined;
}

/** Where a finding is shown: the registering callee (`consumer.run`), `new Worker`, or the `for await (... of sub)` head, not the whole handler. */
function registrationLoc(node: ConsumerSite['node']): TSESTree.SourceLocation {
  if (node.type === AST_NODE_TYPES.CallExpression) return node.callee.loc;
  if (node.type === AST_NODE_TYPES.NewExpression) return { start: node.loc.start, end: node.callee.loc.end };
  return { start: node.loc.start, end: node.right.loc.end };
}

export default createRule<Options, MessageIds>({
  name: 'require-extract-on-receive',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require message consumers to continue the trace context their messages carry',
      recommended: 'recommended',
      severity: 'error',
    },
    hasSuggestions: true,
    messages: {
      attributeValues:
        'This {{operation}} handler extracts from `message.MessageAttributes` with the default getter, but SQS attribute values are `{ DataType, StringValue }` objects and the W3C propagator only reads strings, so the extracted context is empty and the consumer starts a new trace. Pass a getter, e.g. `{ get: (carrier, key) => carrier[key]?.StringValue, keys: (carrier) => Object.keys(carrier) }`.',
      bufferHeaders:
        'This {{operation}} handler extracts from `message.headers` with the default getter, but the client delivers header values as Buffers and the W3C propagator only reads strings, so the extracted context is empty and the consumer starts a new trace. Pass a getter that converts the values, e.g. `{ get: (carrier, key) => carrier[key]?.toString(), keys: (carrier) => Object.keys(carrier) }`.',
      discardedExtract:
        'This {{operation}} handler calls `propagation.extract` but throws the returned context away (see `no-floating-context`): extracting activates nothing, so the processing still starts a new trace. Run the handler\'s work in `context.with(extracted, ...)` or pass the extracted context as the parent of the processing span.',
      natsHeaders:
        'This {{operation}} handler extracts from `msg.headers` with the default getter, but NATS headers are a `MsgHdrs` object whose values are read with `headers.get(key)`, so the default getter finds no `traceparent` and the consumer starts a new trace. Pass a getter, e.g. `{ get: (carrier, key) => carrier?.get(key), keys: (carrier) => carrier?.keys() ?? [] }`.',
      missingAttributeNames:
        'This `ReceiveMessageCommand` does not ask for the `traceparent` message attribute in `MessageAttributeNames`, so SQS returns the messages without their trace context and no consumer can continue the producer\'s trace. Add `\'traceparent\'`, `\'tracestate\'` and `\'baggage\'` (or `\'All\'`) to `MessageAttributeNames`.',
      missingBatchContext:
        'This {{operation}} handler processes a batch without continuing its messages\' traces: the messaging semantic conventions ask for each message\'s context to be extracted from `{{carrier}}` (a processing span per message) or for the batch span to link to every message\'s context. Extract per message inside the loop, or pass `links` built from each extracted context to the batch span.',
      missingExtract:
        'This {{operation}} handler never extracts the trace context its messages carry in `{{carrier}}`, so every span it starts begins a new trace and the consumer is cut off from the producer. Extract with `propagation.extract(ROOT_CONTEXT, {{carrier}}, getter)` and run the handler\'s work in `context.with(extracted, ...)`, or pass the extracted context as the parent of the processing span.',
      useBufferGetter: 'Pass a getter that converts Buffer header values to strings.',
      useNatsGetter: 'Pass a getter that reads NATS headers with `get(key)`.',
      useSqsGetter: 'Pass a getter that reads the `StringValue` of SQS message attributes.',
      wrapInExtractedContext: 'Run the handler body in `context.with` of the context extracted from the message headers.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const { sourceCode } = context;
    if (!mayLoadMessagingClient(sourceCode)) return {};
    let settings: ResolvedSettings | undefined;
    const sites: (TSESTree.CallExpression | TSESTree.ForOfStatement | TSESTree.NewExpression)[] = [];
    // Read at Program:exit, once the import tracker has seen the whole file.
    let loaded: LoadedModules | undefined;

    /** The same detection as `require-inject-on-send`: settings, the file's own instrumentation imports, or a preloaded auto-instrumentation. */
    function instrumented(library: string): boolean {
      settings ??= getPropagationSettings(context);
      if (isInstrumented(settings, library) || loaded?.instrumented.has(library) === true) return true;
      return settings.preloadsAutoInstrumentation && AUTO_INSTRUMENTATIONS_NODE.includes(library);
    }

    function wrapSuggestion(site: ConsumerSite, handler: FunctionNode): TSESLint.ReportSuggestionArray<MessageIds> {
      const carrier = carrierText(site, handler.params[0]);
      if (carrier === undefined || handler.generator) return [];
      const { body } = handler;
      const statements = body.type === AST_NODE_TYPES.BlockStatement ? body.body : undefined;
      const first = statements?.[0];
      const last = statements?.at(-1);
      if (statements !== undefined && (first === undefined || last === undefined)) return [];
      // Only kafkajs header values are Buffers; amqplib headers and Pub/Sub attributes hold strings.
      const getter = site.family === 'kafkajs' || site.family === 'confluent-kafkajs' ? `, ${BUFFER_GETTER}` : '';
      return [
        {
          messageId: 'wrapInExtractedContext',
          fix(fixer) {
            const { locals, fix: importFix } = ensureImports(fixer, sourceCode, OTEL_API, ['context', 'propagation', 'ROOT_CONTEXT'], body);
            const [contextName, propagationName, rootName] = locals;
            const extracted = `${propagationName ?? 'propagation'}.extract(${rootName ?? 'ROOT_CONTEXT'}, ${carrier} ?? {}${getter})`;
            const run = `${contextName ?? 'context'}.with(${extracted}, ${handler.async ? 'async ' : ''}() => `;
            let edit: TSESLint.RuleFix;
            if (first !== undefined && last !== undefined && statements !== undefined) {
              const indent = lineIndent(sourceCode, first);
              const moved = indentedText(sourceCode, statements, INDENT_UNIT);
              edit = fixer.replaceTextRange([first.range[0], last.range[1]], `return ${run}{\n${indent}${INDENT_UNIT}${moved}\n${indent}});`);
            } else {
              const needsParens = body.type === AST_NODE_TYPES.ObjectExpression || body.type === AST_NODE_TYPES.SequenceExpression;
              const text = sourceCode.getText(body);
              edit = fixer.replaceText(body, `${run}${needsParens ? `(${text})` : text})`);
            }
            return importFix === undefined ? edit : [importFix, edit];
          },
        },
      ];
    }

    function report(site: ConsumerSite, analysis: HandlerAnalysis, handler: FunctionNode | TSESTree.ForOfStatement | undefined): void {
      const data = { operation: site.operation, carrier: CARRIER_OF_FAMILY[site.family] };
      const batch = site.operation === 'eachBatch';
      switch (analysis.verdict) {
        case 'missing':
        case 'batchWithoutLinks': {
          if (batch) {
            context.report({ node: site.node, loc: registrationLoc(site.node), messageId: 'missingBatchContext', data });
            return;
          }
          const suggestable = handler !== undefined && handler.type !== AST_NODE_TYPES.ForOfStatement && (site.operation === 'eachMessage' || site.operation === 'consume' || (site.family === 'pubsub' && site.operation === 'message'));
          context.report({ node: site.node, loc: registrationLoc(site.node), messageId: 'missingExtract', data, suggest: suggestable ? wrapSuggestion(site, handler) : [] });
          return;
        }
        case 'floating':
          context.report({ node: site.node, loc: registrationLoc(site.node), messageId: 'discardedExtract', data });
          return;
        case 'attributeValues':
        case 'bufferHeaders':
        case 'natsHeaders': {
          const carrier = analysis.rawExtract?.arguments[1];
          const { getter, suggestion } = RAW_CARRIER_GETTERS[analysis.verdict];
          context.report({
            node: site.node,
            loc: registrationLoc(site.node),
            messageId: analysis.verdict,
            data,
            suggest: carrier === undefined ? [] : [{ messageId: suggestion, fix: (fixer) => fixer.insertTextAfter(carrier, `, ${getter}`) }],
          });
          return;
        }
        default:
          return;
      }
    }

    function check(node: TSESTree.CallExpression | TSESTree.ForOfStatement | TSESTree.NewExpression): void {
      const site = classifyConsumerSite(context, node);
      if (site === undefined || instrumented(site.library)) return;
      if (site.operation === 'ReceiveMessageCommand') {
        checkReceive(site);
        return;
      }
      if (site.handler === undefined) return;
      const analysis = analyzeHandler(
        context,
        { body: site.handler, message: site.message },
        {
          batch: site.operation === 'eachBatch',
          bufferHeaders: site.family === 'kafkajs' || site.family === 'confluent-kafkajs',
          natsHeaders: site.family === 'nats',
          payloadCarrier: site.family === 'bullmq',
        },
      );
      report(site, analysis, site.handler);
    }

    function checkReceive(site: ConsumerSite): void {
      const { node } = site;
      const [argument] = node.type === AST_NODE_TYPES.NewExpression ? node.arguments : [];
      let input = argument === undefined ? undefined : skipWrappers(argument);
      if (input?.type === AST_NODE_TYPES.Identifier) input = getImportTracker(context).constantInitializer(input);
      if (input?.type === AST_NODE_TYPES.ObjectExpression && omitsPropagationAttributes(input)) {
        context.report({ node, loc: registrationLoc(node), messageId: 'missingAttributeNames' });
      }
      // The most severe finding among the loops wins: nothing extracted, then a discarded extract, then unreadable values.
      const order: readonly string[] = ['attributeValues', 'floating', 'missing'];
      let worst: HandlerAnalysis | undefined;
      for (const handler of receivedMessageHandlers(context, site)) {
        const analysis = analyzeHandler(context, handler, { batch: false, bufferHeaders: false, sqsAttributes: true });
        if (analysis.verdict === 'unknown' || analysis.verdict === 'continues') return;
        if (worst === undefined || order.indexOf(analysis.verdict) > order.indexOf(worst.verdict)) worst = analysis;
      }
      if (worst !== undefined) report(site, worst, undefined);
    }

    return {
      CallExpression(node): void {
        const callee = skipWrappers(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = getStaticMemberName(callee);
        if (method !== undefined && CONSUMER_METHODS.has(method)) sites.push(node);
      },
      NewExpression(node): void {
        sites.push(node);
      },
      ForOfStatement(node): void {
        if (node.await) sites.push(node);
      },
      'Program:exit'(): void {
        // Without a messaging client import nothing can be a consumer, so files without one cost nothing more.
        loaded = describeLoadedModules(getImportTracker(context).importedModules());
        if (!loaded.messaging) return;
        for (const node of sites) check(node);
      },
    };
  },
});
