import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from './ast';

import type { ImportTracker } from './imports';
import type { ConsumerSite } from './messagingClients';
import type { FunctionNode } from './scopes';

import { getStaticMemberName, OTEL_API, skipWrappers } from './imports';
import { getMessagingClients, propertyKey } from './messagingClients';
import { isFunctionNode, isRootContextExpression, resolveFunction } from './scopes';

/**
 * What a consumer handler does with the trace context its messages carry:
 * - `continues`: an extract whose result is used (passed to `context.with`, to `startSpan` as parent,
 *   kept in a variable that is read), or, for a batch, span links; also a handler that deliberately
 *   starts a new trace (`context.with(ROOT_CONTEXT, ...)`, `startSpan(name, { root: true })`);
 * - `unknown`: the message is handed to code the rule cannot see, which may extract it;
 * - `floating`: every extract's result is thrown away (a bare statement or a variable never read);
 * - `missing`: nothing extracts;
 * - `batchWithoutLinks`: a batch handler extracts once for the whole batch, outside any per-message
 *   loop or callback, and adds no span links;
 * - `bufferHeaders`: a Kafka handler extracts from `message.headers`, whose values are `Buffer`s,
 *   without a getter, so the propagator finds no string and the trace is dropped;
 * - `natsHeaders`: a NATS handler extracts from `msg.headers`, a `MsgHdrs` object read through
 *   `get(key)`, without a getter, so the default getter's `carrier[key]` finds nothing;
 * - `attributeValues`: an SQS handler extracts from `message.MessageAttributes`, whose values are
 *   `{ DataType, StringValue }` objects, without a getter, so the propagator finds no string.
 */
export type HandlerVerdict = 'attributeValues' | 'batchWithoutLinks' | 'bufferHeaders' | 'continues' | 'floating' | 'missing' | 'natsHeaders' | 'unknown';

/** The outcome of {@link analyzeHandler}. */
export interface HandlerAnalysis {
  /** What the handler does with the trace context. */
  readonly verdict: HandlerVerdict;
  /** For `bufferHeaders`, `natsHeaders` and `attributeValues`: the extract call that reads the carrier with the default getter. */
  readonly rawExtract?: TSESTree.CallExpression;
}

/** How {@link analyzeHandler} reads one handler. */
export interface HandlerAnalysisOptions {
  /** Whether the handler receives a batch (kafkajs `eachBatch`): continuing then needs per-message extracts or links. */
  readonly batch: boolean;
  /** Whether header values are `Buffer`s (kafkajs and Confluent's KafkaJS API), so an extract needs a converting getter. */
  readonly bufferHeaders: boolean;
  /** Whether headers are a NATS `MsgHdrs` object, so an extract needs a getter calling `headers.get(key)`. */
  readonly natsHeaders?: boolean;
  /** Whether the carrier is SQS `MessageAttributes`, whose values are objects, so an extract needs a getter reading `StringValue`. */
  readonly sqsAttributes?: boolean;
  /** Whether the payload itself may carry the context (BullMQ `job.data` / `job.opts`), so handing it on may hand on the carrier. */
  readonly payloadCarrier?: boolean;
}

/** The handler code a consumer site runs per message, with the node(s) that receive the message. */
export interface MessageHandler {
  /** The function or loop whose body processes the message. */
  readonly body: FunctionNode | TSESTree.ForOfStatement;
  /** The binding patterns that receive the message, batch or job (parameter or loop variable). */
  readonly message: TSESTree.Node | undefined;
}

// Helpers are followed this many calls deep; beyond that the handler counts as unknown.
const MAX_HELPER_DEPTH = 4;

/**
 * Members through which a message value still carries its headers: reading `message.value`,
 * `msg.content` or `msg.data` gives payload or metadata, whereas `payload.message`, `batch.messages`
 * or `msg.properties.headers` hand on the carrier.
 */
const CARRIER_MEMBERS: ReadonlySet<string> = new Set(['attributes', 'batch', 'headers', 'message', 'MessageAttributes', 'messages', 'Messages', 'properties']);

// BullMQ jobs carry the context inside their payload (`job.data`) or options (`job.opts`).
const PAYLOAD_CARRIER_MEMBERS: ReadonlySet<string> = new Set([...CARRIER_MEMBERS, 'data', 'opts']);

// Globals whose functions are known not to extract context (logging, parsing, conversion).
const INERT_GLOBALS: ReadonlySet<string> = new Set(['Array', 'Buffer', 'console', 'JSON', 'Number', 'Object', 'String']);

// Loops whose body runs once per element: an extract inside one is per message.
const LOOP_TYPES: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.DoWhileStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.WhileStatement,
]);

interface ExtractUse {
  readonly call: TSESTree.CallExpression;
  readonly used: boolean;
  readonly perMessage: boolean;
  readonly rawBuffer: boolean;
}

interface Facts {
  readonly extracts: ExtractUse[];
  links: boolean;
  deliberateRoot: boolean;
  opaque: boolean;
}

/** Whether an extract's returned context is thrown away: a bare statement, or a variable never read. */
function isDiscarded(tracker: ImportTracker, call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  while (node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression) node = node.parent;
  const parent = node.parent as TSESTree.Node | undefined;
  if (parent === undefined) return false;
  if (parent.type === AST_NODE_TYPES.ExpressionStatement) return true;
  if (parent.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== node || parent.id.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = tracker.sourceCode.getDeclaredVariables(parent).find((candidate) => candidate.name === (parent.id as TSESTree.Identifier).name);
  return variable !== undefined && variable.references.every((reference) => !reference.isRead());
}

/**
 * Identifiers a binding pattern declares that may hold the message or its carrier: the whole value
 * (`msg`, `...rest`, array elements) or a property whose key is a carrier member (`{ message }`,
 * `{ batch: { messages } }`, `{ headers }`), not `{ topic, partition }` or `{ name, id }`.
 */
function patternIdentifiers(pattern: TSESTree.Node, carriers: ReadonlySet<string>, into: TSESTree.Identifier[]): void {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      into.push(pattern);
      return;
    case AST_NODE_TYPES.AssignmentPattern:
      patternIdentifiers(pattern.left, carriers, into);
      return;
    case AST_NODE_TYPES.RestElement:
      patternIdentifiers(pattern.argument, carriers, into);
      return;
    case AST_NODE_TYPES.ArrayPattern:
      for (const element of pattern.elements) if (element !== null) patternIdentifiers(element, carriers, into);
      return;
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of pattern.properties) {
        if (property.type === AST_NODE_TYPES.RestElement) {
          patternIdentifiers(property, carriers, into);
          continue;
        }
        const key = propertyKey(property);
        if (key === undefined || carriers.has(key)) patternIdentifiers(property.value, carriers, into);
      }
      return;
    case AST_NODE_TYPES.VariableDeclaration:
      for (const declarator of pattern.declarations) patternIdentifiers(declarator.id, carriers, into);
      return;
    default:
      return;
  }
}

/**
 * Follows what a consumer handler does with its message. One instance analyses one handler; the
 * walk covers the handler's body, its nested callbacks and the local helper functions it hands the
 * message to.
 */
class HandlerWalker {
  readonly #tracker: ImportTracker;
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  readonly #tainted = new Set<TSESLint.Scope.Variable>();
  readonly #visitedHelpers = new Set<FunctionNode>();
  readonly #isClientCall: (receiver: TSESTree.Node) => boolean;
  readonly facts: Facts = { extracts: [], links: false, deliberateRoot: false, opaque: false };
  readonly #rawHeaders: boolean;
  // The member holding the carrier whose values the default getter cannot read.
  readonly #rawMember: string;
  readonly #carriers: ReadonlySet<string>;

  constructor(tracker: ImportTracker, options: HandlerAnalysisOptions, isClientCall: (receiver: TSESTree.Node) => boolean) {
    this.#tracker = tracker;
    this.#sourceCode = tracker.sourceCode;
    this.#rawHeaders = options.bufferHeaders || options.natsHeaders === true || options.sqsAttributes === true;
    this.#rawMember = options.sqsAttributes === true ? 'MessageAttributes' : 'headers';
    this.#carriers = options.payloadCarrier === true ? PAYLOAD_CARRIER_MEMBERS : CARRIER_MEMBERS;
    this.#isClientCall = isClientCall;
  }

  /** Marks the variables a binding pattern declares as holding (part of) the message. */
  taintPattern(pattern: TSESTree.Node): void {
    const identifiers: TSESTree.Identifier[] = [];
    patternIdentifiers(pattern, this.#carriers, identifiers);
    for (const identifier of identifiers) {
      const variable = this.#declaredVariable(identifier);
      if (variable !== undefined) this.#tainted.add(variable);
    }
  }

  #declaredVariable(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | undefined {
    for (let scope: TSESLint.Scope.Scope | null = this.#sourceCode.getScope(identifier); scope !== null; scope = scope.upper) {
      const variable = scope.set.get(identifier.name);
      if (variable?.defs.some((definition) => definition.name === identifier)) return variable;
    }
    return undefined;
  }

  /** Whether an expression may hold the message or its carrier. */
  mentionsMessage(expression: TSESTree.Node): boolean {
    const node = skipWrappers(expression);
    switch (node.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = this.#tracker.variableOf(node);
        return variable !== null && variable !== undefined && this.#tainted.has(variable);
      }
      case AST_NODE_TYPES.MemberExpression: {
        if (!this.mentionsMessage(node.object)) return false;
        const name = getStaticMemberName(node);
        // `batch.messages[i]` is a message; a static name must be one that still holds the carrier.
        return name === undefined ? node.computed : this.#carriers.has(name) || /^\d+$/.test(name);
      }
      case AST_NODE_TYPES.LogicalExpression:
        return this.mentionsMessage(node.left) || this.mentionsMessage(node.right);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.mentionsMessage(node.consequent) || this.mentionsMessage(node.alternate);
      case AST_NODE_TYPES.AwaitExpression:
        return this.mentionsMessage(node.argument);
      case AST_NODE_TYPES.ObjectExpression:
        return node.properties.some((property) => this.mentionsMessage(property.type === AST_NODE_TYPES.Property ? property.value : property.argument));
      case AST_NODE_TYPES.ArrayExpression:
        return node.elements.some((element) => element !== null && this.mentionsMessage(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element));
      case AST_NODE_TYPES.SpreadElement:
        return this.mentionsMessage(node.argument);
      default:
        return false;
    }
  }

  /** Whether an extract reads headers as they arrive (Kafka `Buffer` values, NATS `MsgHdrs`) with the default getter. */
  #isRawBufferExtract(call: TSESTree.CallExpression): boolean {
    if (!this.#rawHeaders || call.arguments.length !== 2) return false;
    const carrier = call.arguments[1];
    if (carrier === undefined) return false;
    let node = skipWrappers(carrier);
    while (node.type === AST_NODE_TYPES.LogicalExpression) node = skipWrappers(node.left);
    if (node.type === AST_NODE_TYPES.MemberExpression) return getStaticMemberName(node) === this.#rawMember && this.mentionsMessage(node);
    return node.type === AST_NODE_TYPES.Identifier && node.name === this.#rawMember && this.mentionsMessage(node);
  }

  /**
   * Walks a subtree. `perMessage` says whether the code runs once per message of a batch (inside a
   * loop or callback of the handler); `depth` counts followed helper calls.
   */
  walk(node: TSESTree.Node, perMessage: boolean, depth: number): void {
    switch (node.type) {
      case AST_NODE_TYPES.VariableDeclarator:
        if (node.init !== null && this.mentionsMessage(node.init)) this.taintPattern(node.id);
        break;
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.ForInStatement:
        if (this.mentionsMessage(node.right)) this.taintPattern(node.left);
        break;
      case AST_NODE_TYPES.Property: {
        if (node.computed || node.parent.type !== AST_NODE_TYPES.ObjectExpression) break;
        const key = propertyKey(node);
        if (key === 'links') this.facts.links = true;
        // `startSpan(name, { root: true })` ignores any parent on purpose.
        if (key === 'root' && node.value.type === AST_NODE_TYPES.Literal && node.value.value === true) this.facts.deliberateRoot = true;
        break;
      }
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        this.#visitCall(node, perMessage, depth);
        break;
      default:
        break;
    }
    const nested = isFunctionNode(node) || LOOP_TYPES.has(node.type);
    for (const key of this.#sourceCode.visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      const children = Array.isArray(value) ? (value as unknown[]) : [value];
      for (const child of children) {
        if (typeof child === 'object' && child !== null && typeof (child as { type?: unknown }).type === 'string') {
          this.walk(child as TSESTree.Node, perMessage || nested, depth);
        }
      }
    }
  }

  #visitCall(call: TSESTree.CallExpression | TSESTree.NewExpression, perMessage: boolean, depth: number): void {
    if (call.type === AST_NODE_TYPES.CallExpression && this.#tracker.isApiCall(call, 'propagation', 'extract')) {
      this.facts.extracts.push({ call, used: !isDiscarded(this.#tracker, call), perMessage, rawBuffer: this.#isRawBufferExtract(call) });
      return;
    }
    if (call.type === AST_NODE_TYPES.CallExpression && this.#tracker.isApiCall(call, 'context', 'with') && call.arguments[0] !== undefined && isRootContextExpression(this.#tracker, call.arguments[0])) {
      this.facts.deliberateRoot = true;
    }
    const callee = skipWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = getStaticMemberName(callee);
      if (method === 'addLink' || method === 'addLinks') this.facts.links = true;
    }
    const carrying = call.arguments.map((argument) => this.mentionsMessage(argument));
    // A callback on the message itself (`batch.messages.map(m => ...)`, `.forEach(handleOne)`) gets message values, once per message.
    if (callee.type === AST_NODE_TYPES.MemberExpression && this.mentionsMessage(callee.object)) {
      for (const argument of call.arguments) {
        const fn = resolveFunction(this.#tracker, argument);
        if (fn === undefined) continue;
        for (const param of fn.params) this.taintPattern(param);
        if (fn !== skipWrappers(argument)) this.#followHelper(fn, true, depth);
      }
    }
    if (!carrying.some(Boolean)) return;
    if (isFunctionNode(callee)) {
      // An immediately invoked function is walked where it stands.
      callee.params.forEach((param, index) => {
        if (carrying[index] === true) this.taintPattern(param);
      });
      return;
    }
    const helper = callee.type === AST_NODE_TYPES.Identifier ? resolveFunction(this.#tracker, callee) : undefined;
    if (helper !== undefined) {
      helper.params.forEach((param, index) => {
        if (carrying[index] === true) this.taintPattern(param);
      });
      this.#followHelper(helper, perMessage, depth);
      return;
    }
    if (this.#isInert(callee)) return;
    this.facts.opaque = true;
  }

  /** Walks a local function the handler calls with its message, once, up to {@link MAX_HELPER_DEPTH} calls deep. */
  #followHelper(helper: FunctionNode, perMessage: boolean, depth: number): void {
    if (this.#visitedHelpers.has(helper)) return;
    if (depth >= MAX_HELPER_DEPTH) {
      this.facts.opaque = true;
      return;
    }
    this.#visitedHelpers.add(helper);
    this.walk(helper.body, perMessage, depth + 1);
  }

  /** Whether a callee certainly does nothing with trace context: OpenTelemetry API, clients, logging, parsing. */
  #isInert(callee: TSESTree.Node): boolean {
    const reference = this.#tracker.resolveReference(callee);
    if (reference?.module === OTEL_API) return true;
    if (reference?.module === '<global>' && INERT_GLOBALS.has(reference.path[0] ?? '')) return true;
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    // `channel.ack(msg)`, `consumer.commitOffsets(...)`: the messaging client acknowledging, not processing.
    if (this.#isClientCall(callee.object)) return true;
    // Span methods record attributes or events from the message.
    const method = getStaticMemberName(callee);
    return method !== undefined && ['addEvent', 'setAttribute', 'setAttributes', 'recordException', 'startActiveSpan', 'startSpan', 'updateName'].includes(method);
  }
}

/**
 * Reads what a consumer handler does with the trace context of its messages (see {@link HandlerVerdict}).
 * The message binding (`{ message }`, `msg`, a loop variable) is followed through destructuring,
 * loops, callbacks and calls to local helper functions; passing it to anything else makes the answer
 * `unknown`, except to the OpenTelemetry API, the messaging client itself (`channel.ack(msg)`),
 * span methods and `console`/`JSON`/`Object`/`Buffer`.
 *
 * @param context the rule context
 * @param handler the handler and its message binding
 * @param options batch and header encoding of the client
 */
export function analyzeHandler(context: Readonly<{ sourceCode: Readonly<TSESLint.SourceCode> }>, handler: MessageHandler, options: HandlerAnalysisOptions): HandlerAnalysis {
  const clients = getMessagingClients(context);
  const walker = new HandlerWalker(clients.tracker, options, (receiver) => clients.clientOf(receiver) !== undefined);
  if (handler.message !== undefined) walker.taintPattern(handler.message);
  walker.walk(handler.body.body, false, 0);
  const { deliberateRoot, extracts, links, opaque } = walker.facts;
  const used = extracts.filter((extract) => extract.used);
  const rawExtract = used.find((extract) => extract.rawBuffer)?.call;
  if (rawExtract !== undefined) {
    const verdict = options.bufferHeaders ? 'bufferHeaders' : options.natsHeaders === true ? 'natsHeaders' : 'attributeValues';
    return { verdict, rawExtract };
  }
  if (options.batch) {
    if (links || used.some((extract) => extract.perMessage)) return { verdict: 'continues' };
    if (opaque) return { verdict: 'unknown' };
    if (used.length > 0) return { verdict: 'batchWithoutLinks' };
  } else if (used.length > 0) {
    return { verdict: 'continues' };
  }
  if (opaque) return { verdict: 'unknown' };
  if (deliberateRoot && extracts.length === 0) return { verdict: 'continues' };
  return { verdict: extracts.length > 0 ? 'floating' : 'missing' };
}

/** Whether `node` is `X.Messages` (possibly `?? []`) or an identifier named `Messages`: the messages of a `ReceiveMessageCommand` response. */
function isReceivedMessages(node: TSESTree.Node): boolean {
  let current = skipWrappers(node);
  while (current.type === AST_NODE_TYPES.LogicalExpression) current = skipWrappers(current.left);
  if (current.type === AST_NODE_TYPES.Identifier) return current.name === 'Messages';
  return current.type === AST_NODE_TYPES.MemberExpression && getStaticMemberName(current) === 'Messages';
}

// Array methods whose callback receives each element.
const ELEMENT_CALLBACK_METHODS: ReadonlySet<string> = new Set(['every', 'filter', 'forEach', 'map', 'some']);

/**
 * The per-message handlers of an SQS `ReceiveMessageCommand`: in the function that builds the
 * command, each `for (const m of response.Messages ?? [])` loop and each
 * `response.Messages.forEach/map(fn)` callback (`fn` inline or a local function). Empty when the
 * messages are processed somewhere the rule cannot see.
 *
 * @param context the rule context
 * @param site the `ReceiveMessageCommand` consumer site
 */
export function receivedMessageHandlers(context: Readonly<{ sourceCode: Readonly<TSESLint.SourceCode> }>, site: ConsumerSite): MessageHandler[] {
  const { tracker } = getMessagingClients(context);
  // Espree leaves `Program.parent` null, hence the loose check.
  let scope = site.node.parent as TSESTree.Node | null | undefined;
  while (scope !== undefined && scope !== null && !isFunctionNode(scope) && scope.type !== AST_NODE_TYPES.Program) scope = scope.parent;
  if (scope === undefined || scope === null) return [];
  const handlers: MessageHandler[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ForOfStatement && isReceivedMessages(node.right)) {
      const declaration = node.left;
      handlers.push({ body: node, message: declaration.type === AST_NODE_TYPES.VariableDeclaration ? declaration.declarations[0].id : declaration });
    }
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipWrappers(node.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getStaticMemberName(callee) : undefined;
      const [callback] = node.arguments;
      if (callee.type === AST_NODE_TYPES.MemberExpression && method !== undefined && ELEMENT_CALLBACK_METHODS.has(method) && isReceivedMessages(callee.object) && callback !== undefined) {
        const fn = resolveFunction(tracker, callback);
        if (fn !== undefined) handlers.push({ body: fn, message: fn.params[0] });
      }
    }
    for (const key of tracker.sourceCode.visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? (value as unknown[]) : [value]) {
        if (typeof child === 'object' && child !== null && typeof (child as { type?: unknown }).type === 'string') visit(child as TSESTree.Node);
      }
    }
  };
  visit(isFunctionNode(scope) ? scope.body : scope);
  return handlers;
}
