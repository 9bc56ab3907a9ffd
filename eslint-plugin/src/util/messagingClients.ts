import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES, DefinitionType } from './ast';
import { perFile } from './fileCache';

import type { ImportTracker } from './imports';
import type { FunctionNode } from './scopes';

import { getImportTracker, getStaticMemberName, getStaticString, skipWrappers } from './imports';
import { isFunctionNode, resolveFunction } from './scopes';
import { mayContain } from './sourceText';

/**
 * Messaging client families this module recognizes. Families share a message shape, not a package:
 * `rdkafka` covers both `node-rdkafka` and the callback API of `@confluentinc/kafka-javascript`.
 */
export type MessagingFamily = 'amqplib' | 'aws-sns' | 'aws-sqs' | 'bullmq' | 'confluent-kafkajs' | 'kafkajs' | 'nats' | 'pubsub' | 'rdkafka';

/**
 * What a recognized client object is, in its family's object graph. `kafka` is the root client that
 * makes the others: `new Kafka()` (kafkajs, Confluent KafkaJS API) and also `new PubSub()`.
 */
export type ClientRole = 'channel' | 'connection' | 'consumer' | 'jetstream' | 'kafka' | 'producer' | 'queue' | 'subscription' | 'topic' | 'transaction';

/** A value recognized as a messaging client object. */
export interface MessagingClient {
  /** The client family. */
  readonly family: MessagingFamily;
  /** The module the client comes from, e.g. `kafkajs`, `amqplib/callback_api`, `node-rdkafka`. */
  readonly module: string;
  /** The object's role, e.g. `producer` for `kafka.producer()`. */
  readonly role: ClientRole;
  /**
   * Whether the client was built with the library's own OpenTelemetry propagation switched on, or with
   * options the rules cannot read (so it may be): BullMQ `new Queue(name, { telemetry })`, Pub/Sub
   * `new PubSub({ enableOpenTelemetryTracing: true })`. Absent means `false`; other families never set it.
   */
  readonly selfPropagating?: boolean;
}

/** The library name for instrumentation detection, as `isInstrumented(settings, library)` expects it. */
export type MessagingLibrary = 'amqplib' | 'aws-sdk' | 'bullmq' | 'confluent-kafka-javascript' | 'google-cloud-pubsub' | 'kafkajs' | 'nats' | 'node-rdkafka';

/** Where the trace carrier of one message lives (or would live). */
export interface MessageHeaders {
  /**
   * The node that stands for one message: the message object literal (kafkajs, SQS batch entry,
   * BullMQ bulk job), the command input or options object, or the send call itself when the message
   * is made of positional arguments (rdkafka `produce`, amqplib `publish`, NATS `publish`).
   */
  readonly message: TSESTree.Node;
  /**
   * The expression holding the message's headers/attributes (kafkajs `headers`, rdkafka 7th argument,
   * amqplib `options.headers`, SQS/SNS `MessageAttributes`, Pub/Sub `attributes`, NATS `headers`,
   * BullMQ `data`), or `'missing'` when the message has none.
   */
  readonly headers: TSESTree.Node | 'missing';
  /**
   * Further expressions that may carry the context instead of {@link headers}: BullMQ job options
   * (`opts`), which some projects use for the carrier. Empty for other families.
   */
  readonly alternatives: readonly TSESTree.Node[];
  /**
   * The object literal a `headers`-like property would be added to when {@link headers} is
   * `'missing'` (the message, options or input object), or `undefined` when there is no literal to
   * extend (the options argument is absent, or is not written as a literal).
   */
  readonly container: TSESTree.ObjectExpression | undefined;
}

/** A producer-side call or `new` expression that sends messages. */
export interface SendSite {
  /** The client family. */
  readonly family: MessagingFamily;
  /** Library name for instrumentation detection. */
  readonly library: MessagingLibrary;
  /** The module the client comes from. */
  readonly module: string;
  /** The send call, or the `new SendMessageCommand(...)`-style expression for AWS SDK v3. */
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  /** The method or command name, e.g. `send`, `sendBatch`, `produce`, `PublishCommand`, `add`. */
  readonly operation: string;
  /** See {@link MessagingClient.selfPropagating}: the client injects the context itself (or may). */
  readonly selfPropagating: boolean;
  /**
   * One entry per message the call sends, or `undefined` when the messages are not written where
   * they can be seen (a parameter, an array built elsewhere): then nothing can be said about them.
   */
  readonly messages: readonly MessageHeaders[] | undefined;
}

/** The function or loop that receives messages on the consumer side. */
export interface ConsumerSite {
  /** The client family. */
  readonly family: MessagingFamily;
  /** Library name for instrumentation detection. */
  readonly library: MessagingLibrary;
  /** The module the client comes from. */
  readonly module: string;
  /** The registering call (`consumer.run`, `channel.consume`, `new Worker`, ...) or the `for await` loop. */
  readonly node: TSESTree.CallExpression | TSESTree.ForOfStatement | TSESTree.NewExpression;
  /** How messages arrive, e.g. `eachMessage`, `eachBatch`, `data`, `consume`, `ReceiveMessageCommand`, `iterator`. */
  readonly operation: string;
  /**
   * The handler: the function called per message (or per batch), the `for await` loop, or
   * `undefined` for `ReceiveMessageCommand`, whose messages come back from `client.send`.
   */
  readonly handler: FunctionNode | TSESTree.ForOfStatement | undefined;
  /**
   * The parameter (or loop variable) that receives the message, batch or job, as written: an
   * identifier or a destructuring pattern (`{ message }` for kafkajs `eachMessage`). `undefined`
   * when the handler declares none.
   */
  readonly message: TSESTree.Node | undefined;
}

/** Anything that has the `sourceCode` a rule context has. */
export type SourceContext = Readonly<{ sourceCode: Readonly<TSESLint.SourceCode> }>;

// Depth limit for following variables, returns and callbacks; real code never chains this deep.
const MAX_DEPTH = 10;

const LIBRARY_OF_FAMILY: Readonly<Record<MessagingFamily, MessagingLibrary>> = {
  amqplib: 'amqplib',
  'aws-sns': 'aws-sdk',
  'aws-sqs': 'aws-sdk',
  bullmq: 'bullmq',
  'confluent-kafkajs': 'confluent-kafka-javascript',
  kafkajs: 'kafkajs',
  nats: 'nats',
  pubsub: 'google-cloud-pubsub',
  rdkafka: 'node-rdkafka',
};

const CONFLUENT = '@confluentinc/kafka-javascript';
const NATS_MODULES: ReadonlySet<string> = new Set(['nats', '@nats-io/transport-node']);

/**
 * Every module a recognized client can come from. A file that imports none of them has no clients,
 * so rules can skip classification entirely.
 */
export const MESSAGING_MODULES: ReadonlySet<string> = new Set([
  '@aws-sdk/client-sns',
  '@aws-sdk/client-sqs',
  CONFLUENT,
  '@google-cloud/pubsub',
  ...NATS_MODULES,
  'amqplib',
  'amqplib/callback_api',
  'bullmq',
  'kafkajs',
  'node-rdkafka',
]);

const MESSAGING_MODULE_NAMES: readonly string[] = [...MESSAGING_MODULES];

/**
 * Whether the file may load a messaging client library (its specifier is in the text, see {@link mayContain}).
 * Clients are only recognized through their library's import, so files answering `false` have none.
 * @param sourceCode the file being linted
 */
export function mayLoadMessagingClient(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return mayContain(sourceCode, MESSAGING_MODULE_NAMES);
}

/**
 * The instrumentation library name of a family; `rdkafka` clients from Confluent's package answer `confluent-kafka-javascript`.
 * @param family the client family
 * @param module the module the client comes from
 */
export function libraryOf(family: MessagingFamily, module: string): MessagingLibrary {
  if (family === 'rdkafka' && module === CONFLUENT) return 'confluent-kafka-javascript';
  return LIBRARY_OF_FAMILY[family];
}

// Constructors creating a client, by module and export path.
function constructedClient(module: string, path: readonly string[]): MessagingClient | undefined {
  const joined = path.join('.');
  if (module === 'kafkajs' && joined === 'Kafka') return { family: 'kafkajs', module, role: 'kafka' };
  if (module === CONFLUENT) {
    if (joined === 'KafkaJS.Kafka') return { family: 'confluent-kafkajs', module, role: 'kafka' };
    if (joined === 'Producer' || joined === 'HighLevelProducer') return { family: 'rdkafka', module, role: 'producer' };
    if (joined === 'KafkaConsumer') return { family: 'rdkafka', module, role: 'consumer' };
    return undefined;
  }
  if (module === 'node-rdkafka') {
    if (joined === 'Producer' || joined === 'HighLevelProducer') return { family: 'rdkafka', module, role: 'producer' };
    if (joined === 'KafkaConsumer') return { family: 'rdkafka', module, role: 'consumer' };
    return undefined;
  }
  if (module === '@google-cloud/pubsub' && joined === 'PubSub') return { family: 'pubsub', module, role: 'kafka' };
  if (module === 'bullmq' && joined === 'Queue') return { family: 'bullmq', module, role: 'queue' };
  return undefined;
}

/**
 * Marks BullMQ queues and Pub/Sub clients whose constructor options turn on the library's own
 * propagation, or cannot be read (a spread, a parameter), which may do so.
 */
function withOwnPropagation(tracker: ImportTracker, client: MessagingClient, node: TSESTree.NewExpression): MessagingClient {
  const index = client.family === 'bullmq' ? 1 : client.family === 'pubsub' ? 0 : undefined;
  if (index === undefined) return client;
  const argument = node.arguments[index];
  if (argument === undefined) return client;
  const options = argument.type === AST_NODE_TYPES.SpreadElement ? undefined : objectLiteral(tracker, argument);
  if (options === undefined || options.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement || property.computed)) return { ...client, selfPropagating: true };
  const key = client.family === 'bullmq' ? 'telemetry' : 'enableOpenTelemetryTracing';
  const value = objectProperty(options, key);
  // `enableOpenTelemetryTracing: false` and `telemetry: undefined` leave propagation off.
  const off = value === undefined || (value.type === AST_NODE_TYPES.Literal && (value.value === false || value.value === null)) || (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined');
  return off ? client : { ...client, selfPropagating: true };
}

// Plain function calls returning (a promise of) a client.
function factoryClient(module: string, path: readonly string[]): MessagingClient | undefined {
  if (path.length !== 1 || path[0] !== 'connect') return undefined;
  if (module === 'amqplib') return { family: 'amqplib', module, role: 'connection' };
  if (NATS_MODULES.has(module)) return { family: 'nats', module, role: 'connection' };
  return undefined;
}

// Methods on a client that return (a promise of) another client.
function methodClient(receiver: MessagingClient, method: string): MessagingClient | undefined {
  const next = (role: ClientRole): MessagingClient => ({ ...receiver, role });
  switch (receiver.family) {
    case 'kafkajs':
    case 'confluent-kafkajs':
      if (receiver.role === 'kafka' && method === 'producer') return next('producer');
      if (receiver.role === 'kafka' && method === 'consumer') return next('consumer');
      if (receiver.role === 'producer' && method === 'transaction') return next('transaction');
      return undefined;
    case 'amqplib':
      // The callback API returns nothing useful from createChannel; its channel arrives in the callback.
      if (receiver.role === 'connection' && receiver.module === 'amqplib' && (method === 'createChannel' || method === 'createConfirmChannel')) return next('channel');
      return undefined;
    case 'pubsub':
      if (receiver.role === 'kafka' && method === 'topic') return next('topic');
      if ((receiver.role === 'kafka' || receiver.role === 'topic') && method === 'subscription') return next('subscription');
      return undefined;
    case 'nats':
      if (receiver.role === 'connection' && method === 'subscribe') return next('subscription');
      if (receiver.role === 'connection' && method === 'jetstream') return next('jetstream');
      return undefined;
    default:
      return undefined;
  }
}

function sameClient(a: MessagingClient, b: MessagingClient): boolean {
  return a.family === b.family && a.module === b.module && a.role === b.role && (a.selfPropagating ?? false) === (b.selfPropagating ?? false);
}

/** Every value a list of expressions resolves to must be the same client, else nothing is known. */
function agreeing(values: readonly (MessagingClient | undefined)[]): MessagingClient | undefined {
  const [first] = values;
  if (first === undefined) return undefined;
  return values.every((value) => value !== undefined && sameClient(value, first)) ? first : undefined;
}

/**
 * Recognizes messaging client objects in one file. Instances are shared per file through
 * {@link getMessagingClients}; answers for variables, functions and class fields are cached.
 *
 * What counts as a client (precision first: anything else is unknown, never guessed):
 * - a `new`/call of a known constructor or factory, resolved through the import tracker
 *   (`new Kafka(...)`, `new KafkaJS.Kafka(...)`, `new Kafka.Producer(...)`, `amqp.connect(...)`,
 *   `connect(...)` from NATS, `new PubSub()`, `new Queue(...)`), with `await` seen through;
 * - a known method of a client (`kafka.producer()`, `producer.transaction()`,
 *   `conn.createChannel()`, `pubsub.topic(name)`, `nc.subscribe(...)`, `nc.jetstream()`);
 * - a variable declared once whose initializer and every later assignment are the same client, so a
 *   module-level `let producer` assigned in `init()` and used in `send()` counts; a single-level
 *   destructuring (`const { producer } = clients`) of an object literal, or of a call to a local
 *   function whose every `return` is an object literal with that property being the same client;
 * - a call to a local function (declaration or constant function) whose every `return` (or
 *   expression body) is the same client;
 * - `this.name` inside a class whose field initializer and every `this.name = ...` in its body are
 *   the same client;
 * - the parameter of a `.then(fn)` callback on a client promise, and the connection and channel of
 *   the `amqplib/callback_api` callbacks.
 * Imports from other files of the project (a producer exported by `./kafka`) cannot be resolved
 * without type information and are unknown.
 */
export class MessagingClients {
  readonly #tracker: ImportTracker;
  readonly #variables = new Map<TSESLint.Scope.Variable, MessagingClient | null>();
  readonly #functions = new Map<FunctionNode, MessagingClient | null>();
  readonly #fields = new Map<string, MessagingClient | null>();
  readonly #pending = new Set<object>();

  /** @param tracker the file's import tracker */
  constructor(tracker: ImportTracker) {
    this.#tracker = tracker;
  }

  /** The file's import tracker. */
  get tracker(): ImportTracker {
    return this.#tracker;
  }

  /**
   * The client an expression evaluates to (or, through `await`, resolves to), or `undefined`.
   * @param expression any expression of this file
   */
  clientOf(expression: TSESTree.Node): MessagingClient | undefined {
    return this.#clientOf(expression, 0);
  }

  #clientOf(expression: TSESTree.Node, depth: number): MessagingClient | undefined {
    if (depth > MAX_DEPTH) return undefined;
    let node = skipWrappers(expression);
    while (node.type === AST_NODE_TYPES.AwaitExpression) node = skipWrappers(node.argument);
    switch (node.type) {
      case AST_NODE_TYPES.NewExpression: {
        const reference = this.#tracker.resolveReference(node.callee);
        const client = reference === undefined ? undefined : constructedClient(reference.module, reference.path);
        return client === undefined ? undefined : withOwnPropagation(this.#tracker, client, node);
      }
      case AST_NODE_TYPES.CallExpression:
        return this.#callResult(node, depth);
      case AST_NODE_TYPES.Identifier: {
        const variable = this.#tracker.variableOf(node);
        return variable === null || variable === undefined ? undefined : this.#variableClient(variable, depth);
      }
      case AST_NODE_TYPES.MemberExpression:
        return this.#thisField(node, depth);
      default:
        return undefined;
    }
  }

  #callResult(call: TSESTree.CallExpression, depth: number): MessagingClient | undefined {
    const callee = skipWrappers(call.callee);
    const reference = this.#tracker.resolveReference(callee);
    if (reference !== undefined) return factoryClient(reference.module, reference.path);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = getStaticMemberName(callee);
      if (method === undefined) return undefined;
      const receiver = this.#clientOf(callee.object, depth + 1);
      return receiver === undefined ? undefined : methodClient(receiver, method);
    }
    const fn = resolveFunction(this.#tracker, callee);
    return fn === undefined ? undefined : this.#returnedClient(fn, depth);
  }

  #returnedClient(fn: FunctionNode, depth: number): MessagingClient | undefined {
    const cached = this.#functions.get(fn);
    if (cached !== undefined) return cached ?? undefined;
    if (this.#pending.has(fn)) return undefined;
    this.#pending.add(fn);
    const values = returnedExpressions(fn, this.#tracker.sourceCode.visitorKeys);
    const client = values === undefined ? undefined : agreeing(values.map((value) => this.#clientOf(value, depth + 1)));
    this.#pending.delete(fn);
    this.#functions.set(fn, client ?? null);
    return client;
  }

  #variableClient(variable: TSESLint.Scope.Variable, depth: number): MessagingClient | undefined {
    const cached = this.#variables.get(variable);
    if (cached !== undefined) return cached ?? undefined;
    if (this.#pending.has(variable)) return undefined;
    this.#pending.add(variable);
    const client = this.#computeVariable(variable, depth);
    this.#pending.delete(variable);
    this.#variables.set(variable, client ?? null);
    return client;
  }

  #computeVariable(variable: TSESLint.Scope.Variable, depth: number): MessagingClient | undefined {
    if (variable.defs.length !== 1) return undefined;
    const [definition] = variable.defs;
    if (definition === undefined) return undefined;
    if (definition.type === DefinitionType.Parameter) {
      return definition.name.type === AST_NODE_TYPES.Identifier ? this.#parameterClient(definition.name, depth) : undefined;
    }
    if (definition.type !== DefinitionType.Variable) return undefined;
    const declarator = definition.node;
    const writes = variable.references.filter((reference) => reference.isWrite() && reference.init !== true);
    // Only plain `x = value` writes are followed; `x ||= y` and `for (x of ...)` are not values we can name.
    const written: TSESTree.Node[] = [];
    for (const write of writes) {
      const parent = write.identifier.parent;
      if (parent.type !== AST_NODE_TYPES.AssignmentExpression || parent.operator !== '=' || parent.left !== write.identifier) return undefined;
      written.push(parent.right);
    }
    if (declarator.id.type === AST_NODE_TYPES.Identifier) {
      const values = declarator.init === null ? written : [declarator.init, ...written];
      return agreeing(values.map((value) => this.#clientOf(value, depth + 1)));
    }
    if (writes.length > 0 || declarator.init === null || declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
    const key = singlePatternKey(declarator.id, definition.name);
    return key === undefined ? undefined : this.#propertyClient(declarator.init, key, depth);
  }

  /** The client held by property `key` of the object an expression evaluates to. */
  #propertyClient(expression: TSESTree.Node, key: string, depth: number): MessagingClient | undefined {
    if (depth > MAX_DEPTH) return undefined;
    let node = skipWrappers(expression);
    while (node.type === AST_NODE_TYPES.AwaitExpression) node = skipWrappers(node.argument);
    if (node.type === AST_NODE_TYPES.ObjectExpression) {
      const value = objectProperty(node, key);
      return value === undefined ? undefined : this.#clientOf(value, depth + 1);
    }
    if (node.type === AST_NODE_TYPES.Identifier) {
      const initializer = this.#tracker.constantInitializer(node);
      return initializer === undefined ? undefined : this.#propertyClient(initializer, key, depth + 1);
    }
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const fn = resolveFunction(this.#tracker, node.callee);
    if (fn === undefined) return undefined;
    const values = returnedExpressions(fn, this.#tracker.sourceCode.visitorKeys);
    if (values === undefined) return undefined;
    return agreeing(values.map((value) => this.#propertyClient(value, key, depth + 1)));
  }

  #parameterClient(name: TSESTree.Identifier, depth: number): MessagingClient | undefined {
    const fn = name.parent;
    if (!isFunctionNode(fn)) return undefined;
    const index = fn.params.indexOf(name);
    const call = fn.parent;
    if (index < 0 || call.type !== AST_NODE_TYPES.CallExpression || call.arguments.at(-1) !== fn) return undefined;
    const callee = skipWrappers(call.callee);
    const reference = this.#tracker.resolveReference(callee);
    // amqplib/callback_api: connect(url, (err, conn) => ...) and conn.createChannel((err, ch) => ...).
    if (reference !== undefined) {
      const isCallbackConnect = reference.module === 'amqplib/callback_api' && reference.path.length === 1 && reference.path[0] === 'connect';
      return isCallbackConnect && index === 1 ? { family: 'amqplib', module: reference.module, role: 'connection' } : undefined;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = getStaticMemberName(callee);
    const receiver = this.#clientOf(callee.object, depth + 1);
    if (receiver === undefined) {
      // `.then(conn => ...)` on a client promise hands the client to its first parameter.
      if (method !== 'then' || index !== 0 || call.arguments[0] !== fn) return undefined;
      const promised = skipWrappers(callee.object);
      return promised.type === AST_NODE_TYPES.CallExpression ? this.#thenValue(promised, depth) : undefined;
    }
    if (method === 'then') return index === 0 && call.arguments[0] === fn ? receiver : undefined;
    if (receiver.family === 'amqplib' && receiver.module === 'amqplib/callback_api' && receiver.role === 'connection' && index === 1) {
      if (method === 'createChannel' || method === 'createConfirmChannel') return { family: 'amqplib', module: receiver.module, role: 'channel' };
    }
    return undefined;
  }

  /** What `promise.then(fn)` hands on: the client `fn` returns, for chains such as `connect().then(c => c.createChannel())`. */
  #thenValue(call: TSESTree.CallExpression, depth: number): MessagingClient | undefined {
    const callee = skipWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || getStaticMemberName(callee) !== 'then') return undefined;
    const [first] = call.arguments;
    if (first === undefined || !isFunctionNode(first)) return undefined;
    return this.#returnedClient(first, depth + 1);
  }

  #thisField(member: TSESTree.MemberExpression, depth: number): MessagingClient | undefined {
    if (skipWrappers(member.object).type !== AST_NODE_TYPES.ThisExpression) return undefined;
    const name = getStaticMemberName(member);
    const body = name === undefined ? undefined : thisClassBody(member);
    if (name === undefined || body === undefined) return undefined;
    const key = `${String(body.range[0])}:${name}`;
    const cached = this.#fields.get(key);
    if (cached !== undefined) return cached ?? undefined;
    if (this.#pending.has(member)) return undefined;
    this.#pending.add(member);
    const values = fieldValues(body, name, this.#tracker.sourceCode.visitorKeys);
    const client = values === undefined ? undefined : agreeing(values.map((value) => this.#clientOf(value, depth + 1)));
    this.#pending.delete(member);
    this.#fields.set(key, client ?? null);
    return client;
  }
}

function singlePatternKey(pattern: TSESTree.ObjectPattern, target: TSESTree.Identifier): string | undefined {
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value !== target) continue;
    return propertyKey(property);
  }
  return undefined;
}

/**
 * The static key of an object property (`a`, `'a'`, `[\`a\`]`), or `undefined` when computed.
 * @param property an object literal property or pattern property
 */
export function propertyKey(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return getStaticString(property.key);
}

/**
 * The value of the last property `key` of an object literal, `undefined` when absent. A spread
 * after it, or a computed key, makes the answer unknown and also answers `undefined`.
 * @param object the object literal
 * @param key the property name
 */
export function objectProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Node | undefined {
  let found: TSESTree.Node | undefined;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      found = undefined;
      continue;
    }
    const name = propertyKey(property);
    if (name === key) found = property.value;
  }
  return found;
}

/**
 * Whether an object literal has a property `key` (or a spread that might supply it).
 * @param object the object literal
 * @param key the property name
 */
function mayHaveProperty(object: TSESTree.ObjectExpression, key: string): boolean {
  return object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement || propertyKey(property) === key || property.computed);
}

/**
 * The expressions a function returns: its expression body, or every `return` argument outside
 * nested functions. `undefined` when a `return` has no argument or the function returns nothing.
 */
function returnedExpressions(fn: FunctionNode, visitorKeys: TSESLint.SourceCode.VisitorKeys): TSESTree.Node[] | undefined {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const values: TSESTree.Node[] = [];
  const state = { bare: false };
  walkOwnBody(fn.body, visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.ReturnStatement) return;
    if (node.argument === null) state.bare = true;
    else values.push(node.argument);
  });
  return state.bare || values.length === 0 ? undefined : values;
}

/** Visits the nodes of a function body, not descending into nested functions or classes. */
function walkOwnBody(root: TSESTree.Node, visitorKeys: TSESLint.SourceCode.VisitorKeys, visit: (node: TSESTree.Node) => void): void {
  const stack: TSESTree.Node[] = [root];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    visit(current);
    if (current !== root && (isFunctionNode(current) || current.type === AST_NODE_TYPES.ClassBody)) continue;
    for (const key of visitorKeys[current.type] ?? []) {
      const value = (current as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) if (isNode(item)) stack.push(item);
      } else if (isNode(value)) {
        stack.push(value);
      }
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The class body whose instance `this` denotes at `node`: arrows are transparent, methods and field initializers bind it. */
function thisClassBody(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ArrowFunctionExpression) continue;
    if (current.type === AST_NODE_TYPES.FunctionExpression) {
      const method = current.parent;
      if (method.type !== AST_NODE_TYPES.MethodDefinition || method.static) return undefined;
      return method.parent;
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition) return current.static ? undefined : current.parent;
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.Program) return undefined;
  }
  return undefined;
}

/**
 * Every value a class stores in instance field `name`: its initializer and each `this.name = value`
 * in its methods. `undefined` when some write cannot be named (`this.name ||= x`, a computed write).
 */
function fieldValues(body: TSESTree.ClassBody, name: string, visitorKeys: TSESLint.SourceCode.VisitorKeys): TSESTree.Node[] | undefined {
  const values: TSESTree.Node[] = [];
  const state = { unknown: false };
  for (const element of body.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.static && !element.computed && element.key.type === AST_NODE_TYPES.Identifier && element.key.name === name) {
      if (element.value !== null) values.push(element.value);
    }
    // An arrow-valued field (`start = () => { this.producer = ... }`) writes through the instance's `this`.
    if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.static && element.value?.type === AST_NODE_TYPES.ArrowFunctionExpression) {
      const nested = fieldValuesIn(element.value, name, visitorKeys);
      if (nested === undefined) state.unknown = true;
      else values.push(...nested);
    }
    if (element.type !== AST_NODE_TYPES.MethodDefinition || element.static) continue;
    walkOwnBody(element.value, visitorKeys, (node) => {
      // Arrow functions keep the method's `this`, so their writes count; walkOwnBody skips them, hence the descent here.
      if (node.type === AST_NODE_TYPES.ArrowFunctionExpression) {
        const nested = fieldValuesIn(node, name, visitorKeys);
        if (nested === undefined) state.unknown = true;
        else values.push(...nested);
      }
      const write = thisWrite(node, name);
      if (write === null) state.unknown = true;
      else if (write !== undefined) values.push(write);
    });
  }
  return state.unknown ? undefined : values;
}

function fieldValuesIn(arrow: TSESTree.ArrowFunctionExpression, name: string, visitorKeys: TSESLint.SourceCode.VisitorKeys): TSESTree.Node[] | undefined {
  const values: TSESTree.Node[] = [];
  const state = { unknown: false };
  walkOwnBody(arrow.body, visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.ArrowFunctionExpression) {
      const nested = fieldValuesIn(node, name, visitorKeys);
      if (nested === undefined) state.unknown = true;
      else values.push(...nested);
    }
    const write = thisWrite(node, name);
    if (write === null) state.unknown = true;
    else if (write !== undefined) values.push(write);
  });
  return state.unknown ? undefined : values;
}

/** The value of `this.name = value`, `null` for another write to `this.name`, `undefined` for anything else. */
function thisWrite(node: TSESTree.Node, name: string): TSESTree.Node | null | undefined {
  if (node.type !== AST_NODE_TYPES.AssignmentExpression) return undefined;
  const left = skipWrappers(node.left);
  if (left.type !== AST_NODE_TYPES.MemberExpression || left.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
  const written = getStaticMemberName(left);
  if (written === undefined && left.computed) return null;
  if (written !== name) return undefined;
  return node.operator === '=' ? node.right : null;
}

const clientsOf = perFile((sourceCode) => new MessagingClients(getImportTracker({ sourceCode })));

/**
 * The shared {@link MessagingClients} of the file a rule is linting (one per `SourceCode`).
 * @param context the rule context
 */
export function getMessagingClients(context: SourceContext): MessagingClients {
  return clientsOf(context.sourceCode);
}

// ---------------------------------------------------------------------------------------------
// Message shapes

/** Resolves an expression to the object literal it denotes, through constants; `undefined` otherwise. */
function objectLiteral(tracker: ImportTracker, expression: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  let node = skipWrappers(expression);
  for (let depth = 0; depth <= MAX_DEPTH; depth += 1) {
    if (node.type === AST_NODE_TYPES.ObjectExpression) return node;
    if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
    const initializer = tracker.constantInitializer(node);
    if (initializer === undefined) return undefined;
    node = skipWrappers(initializer);
  }
  return undefined;
}

/**
 * The message objects an array-valued expression holds: array literal elements (through constants),
 * or the object a `.map(fn)` callback returns. `undefined` when any element cannot be seen.
 */
function messageObjects(tracker: ImportTracker, expression: TSESTree.Node, visitorKeys: TSESLint.SourceCode.VisitorKeys): TSESTree.ObjectExpression[] | undefined {
  let node = skipWrappers(expression);
  for (let depth = 0; depth <= MAX_DEPTH && node.type === AST_NODE_TYPES.Identifier; depth += 1) {
    const initializer = tracker.constantInitializer(node);
    if (initializer === undefined) return undefined;
    node = skipWrappers(initializer);
  }
  if (node.type === AST_NODE_TYPES.ArrayExpression) {
    const objects: TSESTree.ObjectExpression[] = [];
    for (const element of node.elements) {
      if (element === null || element.type === AST_NODE_TYPES.SpreadElement) return undefined;
      const object = objectLiteral(tracker, element);
      if (object === undefined) return undefined;
      objects.push(object);
    }
    return objects;
  }
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || getStaticMemberName(callee) !== 'map') return undefined;
    const [callback] = node.arguments;
    const fn = callback === undefined ? undefined : resolveFunction(tracker, callback);
    if (fn === undefined) return undefined;
    const values = returnedExpressions(fn, visitorKeys);
    if (values === undefined) return undefined;
    const objects: TSESTree.ObjectExpression[] = [];
    for (const value of values) {
      const object = objectLiteral(tracker, value);
      if (object === undefined) return undefined;
      objects.push(object);
    }
    return objects;
  }
  return undefined;
}

/**
 * The headers entry of a message object literal whose carrier sits under `key`. A spread without the
 * key may supply it from elsewhere, so such messages answer `undefined` (unknown).
 */
function keyedHeaders(message: TSESTree.ObjectExpression, key: string): MessageHeaders | undefined {
  const value = objectProperty(message, key);
  if (value !== undefined) return { message, headers: value, alternatives: [], container: message };
  if (mayHaveProperty(message, key)) return undefined;
  return { message, headers: 'missing', alternatives: [], container: message };
}

function allKeyed(messages: readonly TSESTree.ObjectExpression[] | undefined, key: string): MessageHeaders[] | undefined {
  if (messages === undefined) return undefined;
  const entries: MessageHeaders[] = [];
  for (const message of messages) {
    const entry = keyedHeaders(message, key);
    if (entry === undefined) return undefined;
    entries.push(entry);
  }
  return entries;
}

/**
 * Headers of a positional options argument (`amqplib` `options.headers`, NATS `opts.headers`): the
 * argument is missing (no headers), an object literal, or unknown.
 */
function optionsHeaders(tracker: ImportTracker, call: TSESTree.CallExpression, index: number, key: string): MessageHeaders[] | undefined {
  const argument = call.arguments[index];
  if (argument === undefined) return [{ message: call, headers: 'missing', alternatives: [], container: undefined }];
  if (argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const options = objectLiteral(tracker, argument);
  if (options === undefined) return undefined;
  const entry = keyedHeaders(options, key);
  return entry === undefined ? undefined : [{ ...entry, message: call }];
}

const AWS_COMMANDS: ReadonlyMap<string, { readonly family: MessagingFamily; readonly module: string; readonly batchKey?: string }> = new Map([
  ['SendMessageCommand', { family: 'aws-sqs', module: '@aws-sdk/client-sqs' }],
  ['SendMessageBatchCommand', { family: 'aws-sqs', module: '@aws-sdk/client-sqs', batchKey: 'Entries' }],
  ['PublishCommand', { family: 'aws-sns', module: '@aws-sdk/client-sns' }],
  ['PublishBatchCommand', { family: 'aws-sns', module: '@aws-sdk/client-sns', batchKey: 'PublishBatchRequestEntries' }],
]);

function awsSendSite(tracker: ImportTracker, node: TSESTree.NewExpression, visitorKeys: TSESLint.SourceCode.VisitorKeys): SendSite | undefined {
  const reference = tracker.resolveReference(node.callee);
  const name = reference?.path.length === 1 ? reference.path[0] : undefined;
  const command = name === undefined ? undefined : AWS_COMMANDS.get(name);
  if (reference === undefined || name === undefined || command === undefined || command.module !== reference.module) return undefined;
  const [inputArgument] = node.arguments;
  const input = inputArgument === undefined || inputArgument.type === AST_NODE_TYPES.SpreadElement ? undefined : objectLiteral(tracker, inputArgument);
  let messages: MessageHeaders[] | undefined;
  if (input !== undefined) {
    if (command.batchKey === undefined) {
      const entry = keyedHeaders(input, 'MessageAttributes');
      messages = entry === undefined ? undefined : [entry];
    } else {
      const entries = objectProperty(input, command.batchKey);
      messages = entries === undefined ? undefined : allKeyed(messageObjects(tracker, entries, visitorKeys), 'MessageAttributes');
    }
  }
  return { family: command.family, library: 'aws-sdk', module: reference.module, node, operation: name, selfPropagating: false, messages };
}

/**
 * Classifies a producer-side call: a send on a recognized client, or an AWS SDK v3 send command
 * (`new SendMessageCommand(...)`, reported where it is built). `undefined` for anything else.
 *
 * | family | call | headers of each message |
 * | --- | --- | --- |
 * | `kafkajs`, `confluent-kafkajs` | `producer.send({ messages })`, `producer.sendBatch({ topicMessages })`, also on `transaction()` | each message's `headers` |
 * | `rdkafka` | `producer.produce(topic, partition, value, key, timestamp, opaque, headers)` | 7th argument |
 * | `amqplib` | `channel.publish(exchange, key, content, options)`, `channel.sendToQueue(queue, content, options)` | `options.headers` |
 * | `aws-sqs` | `new SendMessageCommand(input)`, `new SendMessageBatchCommand({ Entries })` | `MessageAttributes` |
 * | `aws-sns` | `new PublishCommand(input)`, `new PublishBatchCommand({ PublishBatchRequestEntries })` | `MessageAttributes` |
 * | `pubsub` | `topic.publishMessage({ data, attributes })`, `topic.publish(data, attributes)` | `attributes` |
 * | `nats` | `nc.publish(subject, data, { headers })`, `js.publish(...)` on `nc.jetstream()` | `headers` option |
 * | `bullmq` | `queue.add(name, data, opts)`, `queue.addBulk([{ name, data, opts }])` | `data`, alternatively `opts` |
 *
 * @param context the rule context
 * @param node a call or `new` expression
 */
export function classifySendCall(context: SourceContext, node: TSESTree.CallExpression | TSESTree.NewExpression): SendSite | undefined {
  const clients = getMessagingClients(context);
  const { tracker } = clients;
  const { visitorKeys } = context.sourceCode;
  if (node.type === AST_NODE_TYPES.NewExpression) return awsSendSite(tracker, node, visitorKeys);
  const callee = skipWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const operation = getStaticMemberName(callee);
  if (operation === undefined || !SEND_METHODS.has(operation)) return undefined;
  const client = clients.clientOf(callee.object);
  if (client === undefined) return undefined;
  const site = (messages: readonly MessageHeaders[] | undefined): SendSite => ({
    family: client.family,
    library: libraryOf(client.family, client.module),
    module: client.module,
    node,
    operation,
    selfPropagating: client.selfPropagating ?? false,
    messages,
  });
  const [first] = node.arguments;
  const firstObject = first === undefined || first.type === AST_NODE_TYPES.SpreadElement ? undefined : objectLiteral(tracker, first);
  switch (client.family) {
    case 'kafkajs':
    case 'confluent-kafkajs': {
      if (client.role !== 'producer' && client.role !== 'transaction') return undefined;
      if (operation === 'send') {
        const messages = firstObject === undefined ? undefined : objectProperty(firstObject, 'messages');
        return site(messages === undefined ? undefined : allKeyed(messageObjects(tracker, messages, visitorKeys), 'headers'));
      }
      if (operation !== 'sendBatch') return undefined;
      const topics = firstObject === undefined ? undefined : objectProperty(firstObject, 'topicMessages');
      const topicObjects = topics === undefined ? undefined : messageObjects(tracker, topics, visitorKeys);
      if (topicObjects === undefined) return site(undefined);
      const all: MessageHeaders[] = [];
      for (const topic of topicObjects) {
        const messages = objectProperty(topic, 'messages');
        const entries = messages === undefined ? undefined : allKeyed(messageObjects(tracker, messages, visitorKeys), 'headers');
        if (entries === undefined) return site(undefined);
        all.push(...entries);
      }
      return site(all);
    }
    case 'rdkafka': {
      if (client.role !== 'producer' || operation !== 'produce') return undefined;
      const headers = node.arguments[6];
      if (node.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return site(undefined);
      return site([{ message: node, headers: headers ?? 'missing', alternatives: [], container: undefined }]);
    }
    case 'amqplib':
      if (client.role !== 'channel') return undefined;
      if (operation === 'publish') return site(optionsHeaders(tracker, node, 3, 'headers'));
      if (operation === 'sendToQueue') return site(optionsHeaders(tracker, node, 2, 'headers'));
      return undefined;
    case 'pubsub': {
      if (client.role !== 'topic') return undefined;
      if (operation === 'publishMessage') {
        if (firstObject === undefined) return site(undefined);
        const entry = keyedHeaders(firstObject, 'attributes');
        return site(entry === undefined ? undefined : [entry]);
      }
      if (operation !== 'publish') return undefined;
      const attributes = node.arguments[1];
      // publish(data, callback) has no attributes.
      if (attributes === undefined || isFunctionNode(attributes)) return site([{ message: node, headers: 'missing', alternatives: [], container: undefined }]);
      return site([{ message: node, headers: attributes, alternatives: [], container: undefined }]);
    }
    case 'nats':
      if ((client.role !== 'connection' && client.role !== 'jetstream') || operation !== 'publish') return undefined;
      return site(optionsHeaders(tracker, node, 2, 'headers'));
    case 'bullmq': {
      if (client.role !== 'queue') return undefined;
      if (operation === 'add') {
        const data = node.arguments[1];
        const opts = node.arguments[2];
        if (data === undefined || data.type === AST_NODE_TYPES.SpreadElement || opts?.type === AST_NODE_TYPES.SpreadElement) return site(undefined);
        return site([{ message: node, headers: data, alternatives: opts === undefined ? [] : [opts], container: objectLiteral(tracker, data) }]);
      }
      if (operation !== 'addBulk' || first === undefined) return undefined;
      const jobs = messageObjects(tracker, first, visitorKeys);
      if (jobs === undefined) return site(undefined);
      const entries: MessageHeaders[] = [];
      for (const job of jobs) {
        const data = objectProperty(job, 'data');
        if (data === undefined) return site(undefined);
        const opts = objectProperty(job, 'opts');
        entries.push({ message: job, headers: data, alternatives: opts === undefined ? [] : [opts], container: objectLiteral(tracker, data) });
      }
      return site(entries);
    }
    default:
      return undefined;
  }
}

const SEND_METHODS: ReadonlySet<string> = new Set(['add', 'addBulk', 'produce', 'publish', 'publishMessage', 'send', 'sendBatch', 'sendToQueue']);

// ---------------------------------------------------------------------------------------------
// Consumer side

function handlerParameter(fn: FunctionNode | undefined, index: number): TSESTree.Node | undefined {
  return fn?.params[index];
}

/**
 * Classifies a consumer-side node: where messages are received.
 *
 * | family | node | handler, message |
 * | --- | --- | --- |
 * | `kafkajs`, `confluent-kafkajs` | `consumer.run({ eachMessage })` / `({ eachBatch })` | the callback, its first parameter (`{ message }` / `{ batch }`) |
 * | `rdkafka` | `consumer.on('data', cb)` | `cb`, its first parameter |
 * | `amqplib` | `channel.consume(queue, cb)` | `cb`, its first parameter |
 * | `aws-sqs` | `new ReceiveMessageCommand(input)` | no handler: messages come back from `client.send` |
 * | `pubsub` | `subscription.on('message', cb)` | `cb`, its first parameter |
 * | `nats` | `nc.subscribe(subject, { callback })`; `for await (const m of sub)` | `callback`, its second parameter; the loop, its variable |
 * | `bullmq` | `new Worker(queue, processor)` | `processor`, its first parameter (the job) |
 *
 * A handler written elsewhere is followed when the argument names a local function declaration or
 * constant function; otherwise `handler` is `undefined`.
 * @param context the rule context
 * @param node a call, `new` expression or `for ... of` statement
 */
export function classifyConsumerSite(context: SourceContext, node: TSESTree.CallExpression | TSESTree.ForOfStatement | TSESTree.NewExpression): ConsumerSite | undefined {
  const clients = getMessagingClients(context);
  const { tracker } = clients;
  if (node.type === AST_NODE_TYPES.ForOfStatement) {
    if (!node.await) return undefined;
    const client = clients.clientOf(node.right);
    if (client?.family !== 'nats' || client.role !== 'subscription') return undefined;
    const declaration = node.left;
    const message = declaration.type === AST_NODE_TYPES.VariableDeclaration ? declaration.declarations[0].id : declaration;
    return { family: 'nats', library: 'nats', module: client.module, node, operation: 'iterator', handler: node, message };
  }
  if (node.type === AST_NODE_TYPES.NewExpression) {
    const reference = tracker.resolveReference(node.callee);
    if (reference === undefined) return undefined;
    if (reference.module === '@aws-sdk/client-sqs' && reference.path.length === 1 && reference.path[0] === 'ReceiveMessageCommand') {
      return { family: 'aws-sqs', library: 'aws-sdk', module: reference.module, node, operation: 'ReceiveMessageCommand', handler: undefined, message: undefined };
    }
    if (reference.module !== 'bullmq' || reference.path.length !== 1 || reference.path[0] !== 'Worker') return undefined;
    const processor = node.arguments[1];
    const handler = processor === undefined ? undefined : resolveFunction(tracker, processor);
    return { family: 'bullmq', library: 'bullmq', module: reference.module, node, operation: 'Worker', handler, message: handlerParameter(handler, 0) };
  }
  const callee = skipWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getStaticMemberName(callee);
  if (method === undefined || !CONSUME_METHODS.has(method)) return undefined;
  const client = clients.clientOf(callee.object);
  if (client === undefined) return undefined;
  const base = { family: client.family, library: libraryOf(client.family, client.module), module: client.module, node };
  const [first, second] = node.arguments;
  const eventName = first === undefined ? undefined : getStaticString(first);
  const callbackOf = (argument: TSESTree.Node | undefined): FunctionNode | undefined => (argument === undefined || argument.type === AST_NODE_TYPES.SpreadElement ? undefined : resolveFunction(tracker, argument));
  switch (client.family) {
    case 'kafkajs':
    case 'confluent-kafkajs': {
      if (client.role !== 'consumer' || method !== 'run' || first === undefined || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
      const config = objectLiteral(tracker, first);
      if (config === undefined) return undefined;
      for (const operation of ['eachMessage', 'eachBatch']) {
        const value = objectProperty(config, operation);
        if (value === undefined) continue;
        const handler = callbackOf(value);
        return { ...base, operation, handler, message: handlerParameter(handler, 0) };
      }
      return undefined;
    }
    case 'rdkafka': {
      if (client.role !== 'consumer' || method !== 'on' || eventName !== 'data') return undefined;
      const handler = callbackOf(second);
      return { ...base, operation: 'data', handler, message: handlerParameter(handler, 0) };
    }
    case 'amqplib': {
      if (client.role !== 'channel' || method !== 'consume') return undefined;
      const handler = callbackOf(second);
      return { ...base, operation: 'consume', handler, message: handlerParameter(handler, 0) };
    }
    case 'pubsub': {
      if (client.role !== 'subscription' || method !== 'on' || eventName !== 'message') return undefined;
      const handler = callbackOf(second);
      return { ...base, operation: 'message', handler, message: handlerParameter(handler, 0) };
    }
    case 'nats': {
      if (client.role !== 'connection' || method !== 'subscribe' || second === undefined || second.type === AST_NODE_TYPES.SpreadElement) return undefined;
      const options = objectLiteral(tracker, second);
      const callback = options === undefined ? undefined : objectProperty(options, 'callback');
      if (callback === undefined) return undefined;
      const handler = callbackOf(callback);
      // NATS calls callback(err, msg).
      return { ...base, operation: 'callback', handler, message: handlerParameter(handler, 1) };
    }
    default:
      return undefined;
  }
}

const CONSUME_METHODS: ReadonlySet<string> = new Set(['consume', 'on', 'run', 'subscribe']);
