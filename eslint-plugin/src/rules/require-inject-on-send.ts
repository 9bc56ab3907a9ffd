import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import type { LoadedModules } from '../util/loadedModules';
import type { MessageHeaders, MessagingFamily, SendSite } from '../util/messagingClients';
import type { FunctionNode } from '../util/scopes';

import { AUTO_INSTRUMENTATIONS_NODE } from '../util/autoInstrumentations';
import { createRule } from '../util/createRule';
import { ensureImports } from '../util/fixes';
import { getImportTracker, getStaticMemberName, getStaticString, lookupVariable, normalizeModuleName, OTEL_API, skipWrappers } from '../util/imports';
import { describeLoadedModules } from '../util/loadedModules';
import { classifySendCall, mayLoadMessagingClient, propertyKey } from '../util/messagingClients';
import { enclosingFunction, findActiveScope, isFunctionNode, resolveFunction, someNodeIn } from '../util/scopes';
import { getPropagationSettings, isInstrumented } from '../util/settings';

export type MessageIds = 'addCarrier' | 'missingContext' | 'sqsAttributeLimit';
export type Options = [{ carrierFactories?: string[]; propagationFieldCount?: number }];

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html: at most 10 message attributes.
const SQS_MAX_MESSAGE_ATTRIBUTES = 10;
// propagation.fields() of the default Node SDK propagator: traceparent, tracestate (W3C Trace Context) and baggage.
const DEFAULT_PROPAGATION_FIELD_COUNT = 3;
// Following constants and spreads stops after this many hops; real code never chains this deep.
const MAX_DEPTH = 8;
const CARRIER_NAMES = ['carrier', 'otelCarrier', 'traceCarrier', 'propagationCarrier'];
// BullMQ jobs have no headers: the carrier travels in the job data under this key.
const BULLMQ_CARRIER_KEY = 'traceContext';

/** Whether a message certainly carries the context, certainly does not, or cannot be told. */
type Carriage = 'absent' | 'carried' | 'unknown';

const WHERE: Readonly<Record<MessagingFamily, string>> = {
  amqplib: 'the `headers` of the publish options',
  'aws-sns': 'the `MessageAttributes` of each message',
  'aws-sqs': 'the `MessageAttributes` of each message',
  bullmq: 'the job data',
  'confluent-kafkajs': 'the `headers` of each message',
  kafkajs: 'the `headers` of each message',
  nats: 'the `headers` option',
  pubsub: 'the message `attributes`',
  rdkafka: 'the `headers` argument (7th)',
};

function combine(values: readonly Carriage[]): Carriage {
  if (values.includes('carried')) return 'carried';
  if (values.includes('unknown')) return 'unknown';
  return 'absent';
}

function isStatementList(node: TSESTree.Node): node is TSESTree.BlockStatement | TSESTree.Program | TSESTree.StaticBlock {
  return node.type === AST_NODE_TYPES.BlockStatement || node.type === AST_NODE_TYPES.Program || node.type === AST_NODE_TYPES.StaticBlock;
}

/** The ancestor of `node` (or `node`) that is a direct child of `list`, or `undefined` when `node` is not inside it. */
function childOf(node: TSESTree.Node, list: TSESTree.Node): TSESTree.Node | undefined {
  for (let current: TSESTree.Node | undefined = node; current !== undefined; current = current.parent) {
    if (current.parent === list) return current;
  }
  return undefined;
}

/** The statement holding `node` directly inside a block or the program, with that block. */
function holdingStatement(node: TSESTree.Node): { statement: TSESTree.Node; list: TSESTree.Node } | undefined {
  for (let current: TSESTree.Node = node; current.parent !== undefined; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (isStatementList(parent)) return { statement: current, list: parent };
    // An arrow's expression body has no statement to put the carrier before.
    if (isFunctionNode(parent)) return undefined;
  }
  return undefined;
}

function isAncestorOrSelf(ancestor: FunctionNode | undefined, node: FunctionNode | undefined): boolean {
  if (ancestor === undefined) return true;
  for (let current = node; current !== undefined; current = enclosingFunction(current)) {
    if (current === ancestor) return true;
  }
  return false;
}

function isNullish(node: TSESTree.Node): boolean {
  return (node.type === AST_NODE_TYPES.Literal && node.value === null) || (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
}

export default createRule<Options, MessageIds>({
  name: 'require-inject-on-send',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the current trace context to be injected into messages sent to a broker',
      recommended: 'recommended',
      severity: 'error',
    },
    hasSuggestions: true,
    messages: {
      missingContext:
        'This `{{operation}}` sends a message without the current trace context, so its consumer starts a new trace instead of continuing this one. Inject it with `propagation.inject(context.active(), carrier)` and put the carrier in {{where}}, or register the OpenTelemetry instrumentation for {{library}}.',
      sqsAttributeLimit:
        'This SQS message sets {{count}} message attributes; with the {{fields}} propagation attributes it goes over the SQS limit of 10, so the trace context cannot travel with it: the aws-sdk instrumentation silently skips injection, and a manual injection makes the send fail. Keep at most {{allowed}} attributes of your own, for example by moving some into the message body.',
      addCarrier: 'Create a carrier with `propagation.inject(context.active(), carrier)` and attach it to {{where}}.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          carrierFactories: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Names of functions that return a carrier the current context was injected into (e.g. `traceHeaders`); a message whose headers call one of them is satisfied.',
          },
          propagationFieldCount: {
            type: 'integer',
            minimum: 1,
            description: 'How many message attributes the configured propagator writes (`propagation.fields().length`), used for the SQS limit of 10 attributes. Defaults to 3: traceparent, tracestate and baggage.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ carrierFactories: [], propagationFieldCount: DEFAULT_PROPAGATION_FIELD_COUNT }],
  },
  create(context, [{ carrierFactories = [], propagationFieldCount = DEFAULT_PROPAGATION_FIELD_COUNT }]) {
    const { sourceCode } = context;
    if (!mayLoadMessagingClient(sourceCode)) return {};
    const factories = new Set(carrierFactories);
    const candidates: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
    const injections: TSESTree.CallExpression[] = [];
    const isTypeScript = /\.[cm]?tsx?$/.test(context.filename);
    let tracker: ReturnType<typeof getImportTracker> | undefined;
    let currentSend: TSESTree.Node | undefined;
    const injectingFunctions = new Map<FunctionNode, boolean>();

    // `import('x')` specifiers; the import tracker knows the static imports and `require` calls.
    const dynamicImports: string[] = [];
    // Read at Program:exit, once the whole file has been seen.
    let loaded: LoadedModules | undefined;

    function isInjectCall(node: TSESTree.Node): node is TSESTree.CallExpression {
      if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments.length < 2) return false;
      const callee = skipWrappers(node.callee);
      // Any `x.inject(ctx, carrier)` counts: a propagator instance writes the same fields, and counting too much only reports less.
      return callee.type === AST_NODE_TYPES.MemberExpression && getStaticMemberName(callee) === 'inject';
    }

    function callsInject(fn: FunctionNode): boolean {
      const cached = injectingFunctions.get(fn);
      if (cached !== undefined) return cached;
      injectingFunctions.set(fn, false);
      const answer = someNodeIn(fn.body, sourceCode.visitorKeys, isInjectCall);
      injectingFunctions.set(fn, answer);
      return answer;
    }

    /** The text of a plain reference chain (`carrier`, `msg.headers`), used to match inject targets. */
    function referenceText(node: TSESTree.Node): string | undefined {
      const target = skipWrappers(node);
      if (target.type === AST_NODE_TYPES.Identifier || target.type === AST_NODE_TYPES.ThisExpression) return sourceCode.getText(target);
      if (target.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const name = getStaticMemberName(target);
      const object = referenceText(target.object);
      return name === undefined || object === undefined ? undefined : `${object}.${name}`;
    }

    function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
      let target = skipWrappers(node);
      while (target.type === AST_NODE_TYPES.MemberExpression) target = skipWrappers(target.object);
      return target.type === AST_NODE_TYPES.Identifier ? target : undefined;
    }

    /**
     * Whether an inject call filled the carrier `text` (rooted at `variable`) before the send finishes,
     * in the function holding `where` or one enclosing it. Carriers are objects filled in place, so an
     * inject after the message was built but before it is sent still counts.
     */
    function injectedBefore(text: string, variable: TSESLint.Scope.Variable | null | undefined, where: TSESTree.Node): boolean {
      const limit = currentSend?.range[1] ?? where.range[0];
      const holder = enclosingFunction(where);
      return injections.some((inject) => {
        const target = inject.arguments[1];
        if (target === undefined || inject.range[0] >= limit || referenceText(target) !== text) return false;
        const targetRoot = rootIdentifier(target);
        if (targetRoot !== undefined && tracker?.variableOf(targetRoot) !== variable) return false;
        return isAncestorOrSelf(enclosingFunction(inject), holder);
      });
    }

    /** Whether `reference` reads a carrier that an inject call filled, see {@link injectedBefore}. */
    function isInjectedCarrier(reference: TSESTree.Node): boolean {
      const text = referenceText(reference);
      if (text === undefined || tracker === undefined) return false;
      const root = rootIdentifier(reference);
      return injectedBefore(text, root === undefined ? undefined : tracker.variableOf(root), reference);
    }

    /**
     * Whether the headers were filled through the variable holding their message or options object:
     * `const message = { value, headers: {} }; propagation.inject(ctx, message.headers);`.
     */
    function injectedThroughContainer(headers: TSESTree.Node): boolean {
      const property = headers.parent;
      if (property?.type !== AST_NODE_TYPES.Property || property.value !== headers) return false;
      const key = propertyKey(property);
      const declarator = property.parent.parent;
      if (key === undefined || declarator.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier || tracker === undefined) return false;
      const [variable] = sourceCode.getDeclaredVariables(declarator);
      return injectedBefore(`${declarator.id.name}.${key}`, variable, declarator);
    }

    function isCarrierCall(node: TSESTree.CallExpression): boolean {
      const callee = skipWrappers(node.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getStaticMemberName(callee) : undefined;
      if (name !== undefined && factories.has(name)) return true;
      if (tracker === undefined) return false;
      const fn = resolveFunction(tracker, callee);
      return fn !== undefined && callsInject(fn);
    }

    /** Whether an expression reads an injected carrier or calls a carrier factory anywhere inside it. */
    function mentionsCarrier(node: TSESTree.Node): boolean {
      const check = (current: TSESTree.Node): boolean => {
        if (current.type === AST_NODE_TYPES.CallExpression && isCarrierCall(current)) return true;
        // Chains are compared whole and by their parts, so `carrier.traceparent` matches an injected `carrier`.
        return (current.type === AST_NODE_TYPES.Identifier || current.type === AST_NODE_TYPES.MemberExpression) && isInjectedCarrier(current);
      };
      return someNodeIn(node, sourceCode.visitorKeys, check);
    }

    /** Whether a headers expression carries the context; see the rule's documentation for what counts. */
    function carriage(node: TSESTree.Node, depth: number, seen: Set<TSESTree.Node>): Carriage {
      if (depth > MAX_DEPTH || seen.has(node)) return 'unknown';
      seen.add(node);
      if (mentionsCarrier(node)) return 'carried';
      const target = skipWrappers(node);
      switch (target.type) {
        case AST_NODE_TYPES.ObjectExpression:
          return combine(target.properties.map((property) => (property.type === AST_NODE_TYPES.SpreadElement ? carriage(property.argument, depth + 1, seen) : 'absent')));
        case AST_NODE_TYPES.ArrayExpression:
          return combine(target.elements.map((element) => (element?.type === AST_NODE_TYPES.SpreadElement ? carriage(element.argument, depth + 1, seen) : 'absent')));
        case AST_NODE_TYPES.ConditionalExpression:
          return combine([carriage(target.consequent, depth + 1, seen), carriage(target.alternate, depth + 1, seen)]);
        case AST_NODE_TYPES.LogicalExpression:
          return combine([carriage(target.left, depth + 1, seen), carriage(target.right, depth + 1, seen)]);
        case AST_NODE_TYPES.Literal:
        case AST_NODE_TYPES.TemplateLiteral:
          return 'absent';
        case AST_NODE_TYPES.Identifier: {
          if (target.name === 'undefined') return 'absent';
          const initializer = tracker?.constantInitializer(target);
          return initializer === undefined ? 'unknown' : carriage(initializer, depth + 1, seen);
        }
        case AST_NODE_TYPES.CallExpression:
          // NATS `headers()` makes an empty header set; any other call may return a carrier we cannot see.
          return tracker !== undefined && NATS_HEADERS.some((module) => tracker?.isCallTo(target, module, 'headers') === true) ? 'absent' : 'unknown';
        default:
          return 'unknown';
      }
    }

    function messageCarriage(message: MessageHeaders): Carriage {
      const seen = new Set<TSESTree.Node>();
      if (message.headers !== 'missing' && injectedThroughContainer(message.headers)) return 'carried';
      const main = message.headers === 'missing' ? 'absent' : carriage(message.headers, 0, seen);
      return combine([main, ...message.alternatives.map((alternative) => carriage(alternative, 0, seen))]);
    }

    /** Static attribute count of an SQS message, or `undefined` when a spread or computed key hides it. */
    function staticAttributeCount(message: MessageHeaders): number | undefined {
      if (message.headers === 'missing') return 0;
      const attributes = skipWrappers(message.headers);
      if (attributes.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
      let count = 0;
      for (const property of attributes.properties) {
        if (property.type === AST_NODE_TYPES.SpreadElement || propertyKey(property) === undefined) return undefined;
        // Attributes built from the carrier are the propagation fields themselves.
        if (!mentionsCarrier(property.value)) count += 1;
      }
      return count;
    }

    function instrumented(site: SendSite): boolean {
      const settings = getPropagationSettings(context);
      if (isInstrumented(settings, site.library) || loaded?.instrumented.has(site.library) === true) return true;
      return settings.preloadsAutoInstrumentation && AUTO_INSTRUMENTATIONS_NODE.includes(site.library);
    }

    // ------------------------------------------------------------------------------------------
    // Suggestion

    interface Edit {
      readonly at: TSESTree.Node;
      readonly apply: (fixer: TSESLint.RuleFixer, carrier: string) => TSESLint.RuleFix;
    }

    function addProperty(object: TSESTree.ObjectExpression, text: (carrier: string) => string): Edit {
      return {
        at: object,
        apply: (fixer, carrier) => {
          const last = object.properties.at(-1);
          return last === undefined ? fixer.replaceText(object, `{ ${text(carrier)} }`) : fixer.insertTextAfter(last, `, ${text(carrier)}`);
        },
      };
    }

    function replaceValue(value: TSESTree.Node, text: (carrier: string, original: string) => string): Edit {
      return {
        at: value,
        apply: (fixer, carrier) => {
          const parent = value.parent;
          const original = sourceCode.getText(value);
          if (parent?.type === AST_NODE_TYPES.Property && parent.shorthand && parent.value === value) {
            return fixer.replaceText(parent, `${original}: ${text(carrier, original)}`);
          }
          return fixer.replaceText(value, text(carrier, original));
        },
      };
    }

    /** Merges the carrier into existing headers: a spread appended to an object literal, else a new object spreading both. */
    function mergeObject(headers: TSESTree.Node, spread: (carrier: string) => string): Edit {
      if (headers.type === AST_NODE_TYPES.ObjectExpression) return addProperty(headers, (carrier) => `...${spread(carrier)}`);
      return replaceValue(headers, (carrier, original) => `{ ...${original}, ...${spread(carrier)} }`);
    }

    function appendArguments(call: TSESTree.CallExpression, minimum: number, text: (carrier: string) => string): Edit | undefined {
      const last = call.arguments.at(-1);
      if (last === undefined || call.arguments.length < minimum) return undefined;
      return { at: call, apply: (fixer, carrier) => fixer.insertTextAfter(last, `, ${text(carrier)}`) };
    }

    const sqsAttributes = (carrier: string): string => `Object.fromEntries(Object.entries(${carrier}).map(([key, value]) => [key, { DataType: 'String', StringValue: value }]))`;
    const rdkafkaHeaders = (carrier: string): string => `Object.entries(${carrier}).map(([key, value]) => ({ [key]: value }))`;

    /** The edit attaching the carrier to one message, or `undefined` when the message's shape has no safe place for it. */
    function messageEdit(site: SendSite, message: MessageHeaders): Edit | undefined {
      const { headers, container } = message;
      const call = site.node;
      switch (site.family) {
        case 'kafkajs':
        case 'confluent-kafkajs':
        case 'pubsub': {
          const key = site.family === 'pubsub' ? 'attributes' : 'headers';
          if (site.operation === 'publish' && call.type === AST_NODE_TYPES.CallExpression) {
            if (headers === 'missing') return call.arguments.length === 1 ? appendArguments(call, 1, (carrier) => carrier) : undefined;
            return mergeObject(headers, (carrier) => carrier);
          }
          if (headers !== 'missing') return isNullish(headers) ? replaceValue(headers, (carrier) => carrier) : mergeObject(headers, (carrier) => carrier);
          return container === undefined ? undefined : addProperty(container, (carrier) => `${key}: ${carrier}`);
        }
        case 'rdkafka': {
          if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
          if (headers !== 'missing') {
            if (isNullish(headers)) return replaceValue(headers, rdkafkaHeaders);
            if (headers.type !== AST_NODE_TYPES.ArrayExpression) return replaceValue(headers, (carrier, original) => `[...${original}, ...${rdkafkaHeaders(carrier)}]`);
            const last = headers.elements.at(-1);
            if (last === undefined || last === null) return replaceValue(headers, rdkafkaHeaders);
            return { at: headers, apply: (fixer, carrier) => fixer.insertTextAfter(last, `, ...${rdkafkaHeaders(carrier)}`) };
          }
          const padding = Math.max(0, 6 - call.arguments.length);
          return appendArguments(call, 3, (carrier) => [...Array.from({ length: padding }, () => 'undefined'), rdkafkaHeaders(carrier)].join(', '));
        }
        case 'amqplib': {
          if (headers !== 'missing') return mergeObject(headers, (carrier) => carrier);
          if (container !== undefined) return addProperty(container, (carrier) => `headers: ${carrier}`);
          if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
          return appendArguments(call, site.operation === 'publish' ? 3 : 2, (carrier) => `{ headers: ${carrier} }`);
        }
        case 'aws-sqs':
        case 'aws-sns':
          if (headers !== 'missing') return mergeObject(headers, sqsAttributes);
          return container === undefined ? undefined : addProperty(container, (carrier) => `MessageAttributes: ${sqsAttributes(carrier)}`);
        case 'nats':
          // A NATS header set cannot be spread; the carrier is the header set itself (see natsCarrier).
          if (headers !== 'missing') return undefined;
          if (container !== undefined) return addProperty(container, (carrier) => `headers: ${carrier}`);
          if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
          return appendArguments(call, 2, (carrier) => `{ headers: ${carrier} }`);
        case 'bullmq':
          return container === undefined ? undefined : addProperty(container, (carrier) => `${BULLMQ_CARRIER_KEY}: ${carrier}`);
        default:
          return undefined;
      }
    }

    function lineIndent(node: TSESTree.Node): string {
      const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
      const prefix = line.slice(0, node.loc.start.column);
      return /^\s*$/.test(prefix) ? prefix : '';
    }

    function pickCarrierName(nodes: readonly TSESTree.Node[]): string | undefined {
      return CARRIER_NAMES.find((name) => nodes.every((node) => lookupVariable(sourceCode.getScope(node), name) === undefined));
    }

    function suggestion(site: SendSite, messages: readonly MessageHeaders[]): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const held = holdingStatement(site.node);
      if (held === undefined) return [];
      const edits: Edit[] = [];
      for (const message of messages) {
        const edit = messageEdit(site, message);
        if (edit === undefined) return [];
        edits.push(edit);
      }
      // The carrier must exist before the first edited node runs: put it before the earliest statement holding one.
      let insertBefore = held.statement;
      for (const edit of edits) {
        const statement = childOf(edit.at, held.list);
        if (statement === undefined || statement.range[0] > held.statement.range[0]) return [];
        if (statement.range[0] < insertBefore.range[0]) insertBefore = statement;
      }
      const carrier = pickCarrierName([insertBefore, ...edits.map((edit) => edit.at)]);
      if (carrier === undefined) return [];
      const where = WHERE[site.family];
      return [
        {
          messageId: 'addCarrier',
          data: { where },
          fix(fixer) {
            const { locals, fix: importFix } = ensureImports(fixer, sourceCode, OTEL_API, ['propagation', 'context'], insertBefore);
            const [propagation = 'propagation', activeContext = 'context'] = locals;
            const indent = lineIndent(insertBefore);
            const fixes: TSESLint.RuleFix[] = [];
            if (importFix !== undefined) fixes.push(importFix);
            let declaration = isTypeScript ? `const ${carrier}: Record<string, string> = {};` : `const ${carrier} = {};`;
            let setter = '';
            if (site.family === 'nats') {
              // A NATS header set is not a plain object: inject through a setter that calls its `set`.
              const nats = ensureImports(fixer, sourceCode, site.module, ['headers'], insertBefore);
              if (nats.fix !== undefined) fixes.push(nats.fix);
              declaration = `const ${carrier} = ${nats.locals[0] ?? 'headers'}();`;
              setter = ', { set: (natsHeaders, key, value) => natsHeaders.set(key, value) }';
            }
            fixes.push(fixer.insertTextBefore(insertBefore, `${declaration}\n${indent}${propagation}.inject(${activeContext}.active(), ${carrier}${setter});\n${indent}`));
            for (const edit of edits) fixes.push(edit.apply(fixer, carrier));
            return fixes;
          },
        },
      ];
    }

    // ------------------------------------------------------------------------------------------

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const site = classifySendCall(context, node);
      if (site?.messages === undefined || site.selfPropagating) return;
      currentSend = node;
      if (site.family === 'aws-sqs') {
        const allowed = SQS_MAX_MESSAGE_ATTRIBUTES - propagationFieldCount;
        for (const message of site.messages) {
          const count = staticAttributeCount(message);
          if (count === undefined || count <= allowed) continue;
          context.report({ node, messageId: 'sqsAttributeLimit', data: { count, fields: propagationFieldCount, allowed: Math.max(0, allowed) } });
          return;
        }
      }
      if (instrumented(site)) return;
      // Code under `context.with(ROOT_CONTEXT, fn)` starts new traces on purpose.
      if (tracker !== undefined && findActiveScope(tracker, node)?.kind === 'root') return;
      const absent = site.messages.filter((message) => messageCarriage(message) === 'absent');
      if (absent.length === 0) return;
      context.report({
        node,
        messageId: 'missingContext',
        data: { operation: site.operation, where: WHERE[site.family], library: site.library },
        suggest: suggestion(site, absent),
      });
    }

    return {
      ImportExpression(node): void {
        const specifier = getStaticString(node.source);
        if (specifier !== undefined) dynamicImports.push(normalizeModuleName(specifier));
      },
      CallExpression(node): void {
        if (isInjectCall(node)) injections.push(node);
        const callee = skipWrappers(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = getStaticMemberName(callee);
        if (method !== undefined && SEND_METHODS.has(method)) candidates.push(node);
      },
      NewExpression(node): void {
        // Not filtered by name: `import { SendMessageCommand as Send }` is a command too.
        candidates.push(node);
      },
      'Program:exit'(): void {
        if (candidates.length === 0) return;
        tracker = getImportTracker(context);
        loaded = describeLoadedModules([...tracker.importedModules(), ...dynamicImports]);
        // Clients are only recognized through their library's import, so files without one have none.
        if (!loaded.messaging) return;
        for (const candidate of candidates) check(candidate);
      },
    };
  },
});

const SEND_METHODS: ReadonlySet<string> = new Set(['add', 'addBulk', 'produce', 'publish', 'publishMessage', 'send', 'sendBatch', 'sendToQueue']);
const NATS_HEADERS = ['nats', '@nats-io/transport-node'];
