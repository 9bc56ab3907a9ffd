import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import type { FunctionNode } from '../util/scopes';

import { createRule } from '../util/createRule';
import { ensureImports, freeLocalName, planContextWith } from '../util/fixes';
import { getImportTracker, getStaticMemberName, getStaticString, GLOBAL_MODULE, OTEL_API, skipWrappers } from '../util/imports';
import { enclosingFunction, findActiveScope, isFunctionNode } from '../util/scopes';
import { mayContain } from '../util/sourceText';

export type MessageIds = 'extractFromMessage' | 'extractFromWorkerData' | 'injectEnvCarrier' | 'injectWorkerData' | 'missingExtraction' | 'processWithoutContext' | 'workerWithoutContext';
export type Options = [];

type Variable = TSESLint.Scope.Variable;

/** Whether a value sent along certainly carries the trace context, certainly does not, or cannot be told. */
type Carriage = 'no' | 'unknown' | 'yes';

type Boundary = 'browserWorker' | 'cluster' | 'process' | 'thread';

/** A `propagation.inject` call, with what the hand-off checks need of it worked out once. */
interface Injection {
  readonly start: number;
  readonly fn: FunctionNode | undefined;
  /** The variable the carrier (or the environment an `EnvironmentSetter` writes to) is rooted in. */
  readonly variable: Variable | undefined;
}

interface Handoff {
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly boundary: Boundary;
  /** The API name as written, for messages: `spawn`, `new Worker`. */
  readonly api: string;
  readonly fn: FunctionNode | undefined;
}

const ENV_CARRIER_MODULE = '@opentelemetry/propagator-env-carrier';

// The `workerData` field the `injectWorkerData` suggestion fills and the worker side extracts from.
const WORKER_DATA_FIELD = 'traceContext';

// Methods of `parentPort` that subscribe a handler to the messages the main thread posts.
const MESSAGE_SUBSCRIBERS: ReadonlySet<string> = new Set(['on', 'once', 'addListener']);

// child_process functions and whether their second argument may be an argument array.
const CHILD_PROCESS_FUNCTIONS: ReadonlyMap<string, boolean> = new Map([
  ['spawn', true],
  ['spawnSync', true],
  ['fork', true],
  ['execFile', true],
  ['execFileSync', true],
  ['exec', false],
  ['execSync', false],
]);

// Member names through which a hand-off or an inject/extract can be called (`cp.spawn`, `api.propagation.inject`).
const CANDIDATE_MEMBERS: ReadonlySet<string> = new Set([...CHILD_PROCESS_FUNCTIONS.keys(), 'fork', 'Worker', 'SharedWorker', 'inject', 'extract']);

// What a file must spell to hand work over: the Node modules, or `Worker` for `new Worker`/`new SharedWorker`.
const HANDOFF_NAMES: readonly string[] = ['worker_threads', 'child_process', 'cluster', 'Worker'];

// Environment variable names of the env-carrier specification (context/env-carriers).
const ENV_CARRIER_KEYS: ReadonlySet<string> = new Set(['TRACEPARENT', 'TRACESTATE', 'BAGGAGE']);

// Keys under which worker data or messages conventionally carry an injected context.
const MESSAGE_CARRIER_KEY = /^(?:traceparent|tracestate|baggage|tracecontext|tracecarrier|carrier|otel\w*)$/i;

// Aliases chained through more variables than this are not followed; real code never gets close.
const MAX_DEPTH = 8;

function combine(results: readonly Carriage[]): Carriage {
  if (results.includes('yes')) return 'yes';
  return results.includes('unknown') ? 'unknown' : 'no';
}

function propertyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return getStaticString(property.key);
}

function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  return object.properties.find((property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && propertyName(property) === name);
}

function hasSpread(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement);
}

/** Whether an extracted carrier is an incoming request's `headers` (`req.headers`), not a worker's data. */
function isRequestHeaders(carrier: TSESTree.Node | undefined): boolean {
  if (carrier === undefined) return false;
  const value = skipWrappers(carrier);
  return value.type === AST_NODE_TYPES.MemberExpression && getStaticMemberName(value) === 'headers';
}

/** `?.name`, or `?.['name']` for a key that is not an identifier. */
function optionalMember(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `?.${key}` : `?.['${key.replace(/['\\]/g, '\\$&')}']`;
}

function isTypeScriptFile(filename: string): boolean {
  return /\.[cm]?tsx?$/.test(filename);
}

export default createRule<Options, MessageIds>({
  name: 'require-worker-context',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the trace context to be passed to worker threads and child processes',
      recommended: 'recommended',
      severity: 'error',
    },
    hasSuggestions: true,
    messages: {
      injectEnvCarrier: 'Inject the active context into a copy of the environment (`TRACEPARENT`, `TRACESTATE`, `BAGGAGE`) and pass it as `env`.',
      extractFromMessage: 'Run the `message` handler in the context extracted from the message\'s `{{field}}` field.',
      extractFromWorkerData: 'Run the worker code in the context extracted from `workerData.{{field}}`.',
      injectWorkerData: 'Inject the active context into a `traceContext` field of `workerData`.',
      missingExtraction:
        'The worker code in this file reads `workerData` but never calls `propagation.extract`, so the spans it starts begin a new trace instead of continuing the one that started the worker. Extract the carrier and run the work in it: `context.with(propagation.extract(ROOT_CONTEXT, workerData.traceContext), run)`.',
      processWithoutContext:
        '`{{api}}` starts a process without the trace context: no `TRACEPARENT` is set in its `env`, so whatever it traces starts a new trace. Inject the active context into a copy of the environment (`propagation.inject(context.active(), env, setter)` with upper-cased keys) and pass it as `env`.',
      workerWithoutContext:
        '`{{api}}` hands work to another thread without the trace context, so whatever the worker traces starts a new trace. Inject the active context into an object (`propagation.inject(context.active(), carrier)`) and send it in `workerData` or with `postMessage`; the worker extracts it with `propagation.extract`.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const { sourceCode } = context;
    // Every hand-off is a member of one of these modules or the global `Worker`/`SharedWorker`.
    if (!mayContain(sourceCode, HANDOFF_NAMES)) return {};
    const tracker = getImportTracker(context);
    const handoffs: Handoff[] = [];
    const injections: TSESTree.CallExpression[] = [];
    let extracts = false;

    function classify(node: TSESTree.CallExpression | TSESTree.NewExpression, module: string, member: string): Omit<Handoff, 'fn' | 'node'> | undefined {
      if (node.type === AST_NODE_TYPES.NewExpression) {
        if (module === 'worker_threads' && member === 'Worker') return { boundary: 'thread', api: 'new Worker' };
        if (module === GLOBAL_MODULE && (member === 'Worker' || member === 'SharedWorker')) return { boundary: 'browserWorker', api: `new ${member}` };
        return undefined;
      }
      if (module === 'child_process' && CHILD_PROCESS_FUNCTIONS.has(member)) return { boundary: 'process', api: member };
      if (module === 'cluster' && member === 'fork') return { boundary: 'cluster', api: 'cluster.fork' };
      return undefined;
    }

    function onCall(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const callee = skipWrappers(node.callee);
      // Member calls are filtered by name first, so most calls of a file never reach the import tracker.
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const name = getStaticMemberName(callee);
        if (name === undefined || !CANDIDATE_MEMBERS.has(name)) return;
      } else if (callee.type !== AST_NODE_TYPES.Identifier) {
        return;
      }
      const resolved = tracker.resolveReference(callee);
      if (resolved?.path.length !== 1 && !(resolved?.module === OTEL_API && resolved.path.length === 2)) return;
      const [first, second] = resolved.path;
      if (first === undefined) return;
      if (resolved.module === OTEL_API) {
        if (node.type !== AST_NODE_TYPES.CallExpression || first !== 'propagation') return;
        if (second === 'inject') injections.push(node);
        // Extracting an incoming request's `headers` says nothing about the worker side.
        if (second === 'extract' && !isRequestHeaders(node.arguments[1])) extracts = true;
        return;
      }
      const kind = classify(node, resolved.module, first);
      if (kind !== undefined) handoffs.push({ ...kind, node, fn: enclosingFunction(node) });
    }

    /** The variable at the root of a carrier expression (`env`, `data` of `data.trace`), following `new EnvironmentSetter(env)`. */
    function carrierRoot(expression: TSESTree.Node): Variable | undefined {
      let node = skipWrappers(expression);
      while (node.type === AST_NODE_TYPES.MemberExpression) node = skipWrappers(node.object);
      if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
      return tracker.variableOf(node) ?? undefined;
    }

    /** The environment map an `EnvironmentSetter` writes to, when `setter` is one (inline or a constant). */
    function environmentSetterTarget(setter: TSESTree.Node): TSESTree.Node | undefined {
      let node = skipWrappers(setter);
      if (node.type === AST_NODE_TYPES.Identifier) node = skipWrappers(tracker.constantInitializer(node) ?? node);
      if (node.type !== AST_NODE_TYPES.NewExpression || !tracker.isReferenceTo(node.callee, ENV_CARRIER_MODULE, 'EnvironmentSetter')) return undefined;
      return node.arguments[0];
    }

    /**
     * Variables that `propagation.inject` filled before `position`, in `fn` or a function around it
     * (an injection before `new Promise((resolve) => { new Worker(...) })` still precedes the hand-off).
     */
    function injectedBefore(fn: FunctionNode | undefined, position: number): Set<Variable> {
      const injected = new Set<Variable>();
      for (const injection of injectionRecords()) {
        if (injection.start >= position || injection.variable === undefined) continue;
        const injectionFunction = injection.fn;
        if (injectionFunction !== undefined && (fn === undefined || fn.range[0] < injectionFunction.range[0] || fn.range[1] > injectionFunction.range[1])) continue;
        injected.add(injection.variable);
      }
      return injected;
    }

    // Every hand-off and posted message asks about all injections; their function and carrier are found once.
    let injectionCache: readonly Injection[] | undefined;
    function injectionRecords(): readonly Injection[] {
      injectionCache ??= injections.map((call) => {
        const [, carrier, setter] = call.arguments;
        const target = (setter === undefined ? undefined : environmentSetterTarget(setter)) ?? carrier;
        return { start: call.range[0], fn: enclosingFunction(call), variable: target === undefined ? undefined : carrierRoot(target) };
      });
      return injectionCache;
    }

    /**
     * Whether a value carries the context: it is an injected carrier, holds one under a carrier key
     * (`TRACEPARENT` for environments, `traceContext` for messages), or spreads or assigns one in.
     */
    function carries(expression: TSESTree.Node, injected: ReadonlySet<Variable>, isEnv: boolean, depth: number): Carriage {
      const node = skipWrappers(expression);
      if (depth > MAX_DEPTH) return 'unknown';
      switch (node.type) {
        case AST_NODE_TYPES.Identifier:
          return identifierCarries(node, injected, isEnv, depth);
        case AST_NODE_TYPES.MemberExpression: {
          if (tracker.isReferenceTo(node, GLOBAL_MODULE, 'process', 'env') || tracker.isReferenceTo(node, 'process', 'env')) return 'no';
          const root = carrierRoot(node);
          return root !== undefined && injected.has(root) ? 'yes' : 'unknown';
        }
        case AST_NODE_TYPES.ObjectExpression:
          return combine(
            node.properties.map((property) => {
              if (property.type === AST_NODE_TYPES.SpreadElement) return carries(property.argument, injected, isEnv, depth + 1);
              const key = propertyName(property);
              if (key !== undefined && (isEnv ? ENV_CARRIER_KEYS.has(key.toUpperCase()) : MESSAGE_CARRIER_KEY.test(key))) return 'yes';
              // Other values only matter when they are themselves carriers; an unrelated field never carries context.
              return !isEnv && carries(property.value, injected, isEnv, depth + 1) === 'yes' ? 'yes' : 'no';
            }),
          );
        case AST_NODE_TYPES.ArrayExpression:
          return node.elements.some((element) => element !== null && carries(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element, injected, isEnv, depth + 1) === 'yes')
            ? 'yes'
            : 'no';
        case AST_NODE_TYPES.Literal:
        case AST_NODE_TYPES.TemplateLiteral:
          return 'no';
        default:
          return 'unknown';
      }
    }

    function identifierCarries(node: TSESTree.Identifier, injected: ReadonlySet<Variable>, isEnv: boolean, depth: number): Carriage {
      const variable = tracker.variableOf(node);
      if (variable === undefined || variable === null) return 'unknown';
      if (injected.has(variable)) return 'yes';
      const initializer = tracker.constantInitializer(node);
      if (initializer === undefined) return 'unknown';
      const results: Carriage[] = [carries(initializer, injected, isEnv, depth + 1)];
      for (const reference of variable.references) {
        const parent = reference.identifier.parent;
        // `env.TRACEPARENT = value` and `Object.assign(env, carrier)` fill the object after its initializer.
        if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier && parent.parent.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent) {
          const key = getStaticMemberName(parent);
          if (key === undefined) results.push('unknown');
          else if (isEnv ? ENV_CARRIER_KEYS.has(key.toUpperCase()) : MESSAGE_CARRIER_KEY.test(key)) results.push('yes');
        }
        if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === reference.identifier && tracker.isCallTo(parent, GLOBAL_MODULE, 'Object', 'assign')) {
          for (const source of parent.arguments.slice(1)) results.push(carries(source.type === AST_NODE_TYPES.SpreadElement ? source.argument : source, injected, isEnv, depth + 1));
        }
      }
      return combine(results);
    }

    /** The options argument of a child_process call, `null` when there is none, `undefined` when it cannot be told. */
    function processOptions(call: TSESTree.CallExpression, name: string): TSESTree.Node | null | undefined {
      const rest = call.arguments.slice(1).filter((argument) => !isFunctionNode(skipWrappers(argument)));
      if (rest.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
      const [second, third] = rest;
      if (second === undefined) return null;
      if (CHILD_PROCESS_FUNCTIONS.get(name) !== true) return second;
      if (isArrayValue(second)) return third ?? null;
      if (third !== undefined) return third;
      const value = resolveObject(second);
      return value === undefined ? undefined : second;
    }

    function isArrayValue(node: TSESTree.Node): boolean {
      const value = skipWrappers(node);
      if (value.type === AST_NODE_TYPES.ArrayExpression) return true;
      if (value.type !== AST_NODE_TYPES.Identifier) return false;
      const initializer = tracker.constantInitializer(value);
      if (initializer !== undefined) return skipWrappers(initializer).type === AST_NODE_TYPES.ArrayExpression;
      return hasArrayAnnotation(value);
    }

    /** Whether a parameter or variable is annotated `string[]`, `readonly string[]` or `Array<string>` / `ReadonlyArray<string>`. */
    function hasArrayAnnotation(identifier: TSESTree.Identifier): boolean {
      const variable = tracker.variableOf(identifier);
      const name = variable?.defs.length === 1 ? variable.defs[0]?.name : undefined;
      let annotation = name?.type === AST_NODE_TYPES.Identifier ? name.typeAnnotation?.typeAnnotation : undefined;
      if (annotation?.type === AST_NODE_TYPES.TSTypeOperator) annotation = annotation.typeAnnotation;
      if (annotation?.type === AST_NODE_TYPES.TSArrayType) return true;
      return (
        annotation?.type === AST_NODE_TYPES.TSTypeReference &&
        annotation.typeName.type === AST_NODE_TYPES.Identifier &&
        (annotation.typeName.name === 'Array' || annotation.typeName.name === 'ReadonlyArray')
      );
    }

    /** The object literal an options expression is, directly or as a constant that nothing writes members of. */
    function resolveObject(node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
      const value = skipWrappers(node);
      if (value.type === AST_NODE_TYPES.ObjectExpression) return value;
      if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = tracker.variableOf(value);
      const initializer = tracker.constantInitializer(value);
      if (initializer === undefined || variable === null || variable === undefined) return undefined;
      const mutated = variable.references.some((reference) => reference.identifier.parent.type === AST_NODE_TYPES.MemberExpression && reference.identifier.parent.parent.type === AST_NODE_TYPES.AssignmentExpression);
      const object = skipWrappers(initializer);
      return !mutated && object.type === AST_NODE_TYPES.ObjectExpression ? object : undefined;
    }

    /** Carriage of an options object's field (`env`, `workerData`); a missing field carries nothing. */
    function optionCarries(options: TSESTree.Node | null, field: string, injected: ReadonlySet<Variable>, isEnv: boolean): Carriage {
      if (options === null) return 'no';
      const object = resolveObject(options);
      if (object === undefined) return 'unknown';
      const property = findProperty(object, field);
      if (property === undefined) return hasSpread(object) ? 'unknown' : 'no';
      return carries(property.value, injected, isEnv, 0);
    }

    /**
     * Carriage of the messages posted to a worker held in a local constant (`unknown` if the worker
     * escapes to code the rule cannot see), and whether any message is posted at all.
     */
    function messagesCarry(handoff: Handoff): { carriage: Carriage; posted: boolean } {
      const calls = postMessageCalls(handoff);
      if (calls === undefined) return { carriage: 'unknown', posted: false };
      const results: Carriage[] = [];
      for (const call of calls) {
        const [message] = call.arguments;
        if (message === undefined) continue;
        const injected = injectedBefore(enclosingFunction(call), call.range[0]);
        results.push(carries(message.type === AST_NODE_TYPES.SpreadElement ? message.argument : message, injected, false, 0));
      }
      return { carriage: combine(results), posted: results.length > 0 };
    }

    /** The `postMessage` calls on a worker held in a local constant; `undefined` when the worker escapes to code the rule cannot see. */
    function postMessageCalls(handoff: Handoff): TSESTree.CallExpression[] | undefined {
      const parent = handoff.node.parent;
      if (parent.type === AST_NODE_TYPES.ExpressionStatement) return [];
      if (parent.type !== AST_NODE_TYPES.VariableDeclarator || parent.id.type !== AST_NODE_TYPES.Identifier || parent.init !== handoff.node) return undefined;
      const [variable] = sourceCode.getDeclaredVariables(parent);
      if (variable === undefined) return undefined;
      const calls: TSESTree.CallExpression[] = [];
      for (const reference of variable.references) {
        if (reference.init === true) continue;
        const use = reference.identifier.parent;
        if (use.type !== AST_NODE_TYPES.MemberExpression || use.object !== reference.identifier) return undefined;
        let member: TSESTree.MemberExpression = use;
        // `sharedWorker.port.postMessage(...)`
        if (getStaticMemberName(member) === 'port' && member.parent.type === AST_NODE_TYPES.MemberExpression) member = member.parent;
        if (getStaticMemberName(member) !== 'postMessage') continue;
        const call = member.parent;
        if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return undefined;
        calls.push(call);
      }
      return calls;
    }

    function sendsContext(handoff: Handoff): Carriage {
      const { node } = handoff;
      const injected = injectedBefore(handoff.fn, node.range[0]);
      switch (handoff.boundary) {
        case 'process': {
          if (node.type !== AST_NODE_TYPES.CallExpression) return 'unknown';
          const options = processOptions(node, handoff.api);
          return options === undefined ? 'unknown' : optionCarries(options, 'env', injected, true);
        }
        case 'cluster': {
          const [env] = node.arguments;
          return env === undefined ? 'no' : carries(env, injected, true, 0);
        }
        case 'thread': {
          const options = node.arguments[1] ?? null;
          return combine([optionCarries(options, 'workerData', injected, false), messagesCarry(handoff).carriage]);
        }
        case 'browserWorker': {
          const { carriage, posted } = messagesCarry(handoff);
          // A browser worker gets work only through messages; with none posted here there is nothing to judge.
          return posted ? carriage : 'unknown';
        }
      }
    }

    /** Whether the file holds worker code that reads `workerData` (the `isMainThread` pattern). */
    function readsWorkerData(): boolean {
      let readsData = false;
      let checksMainThread = false;
      const top = tracker.topScope();
      for (const scope of [top, ...top.childScopes]) {
        for (const variable of scope.variables) {
          if (variable.references.length === 0) continue;
          const binding = tracker.bindingOf(variable);
          if (binding?.module !== 'worker_threads') continue;
          const [member] = binding.path;
          if (member === 'workerData') readsData = true;
          if (member === 'isMainThread') checksMainThread = true;
          if (member === undefined) {
            for (const reference of variable.references) {
              const use = reference.identifier.parent;
              if (use.type !== AST_NODE_TYPES.MemberExpression) continue;
              const name = getStaticMemberName(use);
              if (name === 'workerData') readsData = true;
              if (name === 'isMainThread') checksMainThread = true;
            }
          }
        }
      }
      return readsData && checksMainThread;
    }

    /**
     * Where the file uses a member of `worker_threads`: the identifiers bound to it
     * (`import { isMainThread }`) and member expressions on a namespace (`wt.isMainThread`).
     */
    function workerThreadsUses(member: string): TSESTree.Node[] {
      const uses: TSESTree.Node[] = [];
      const top = tracker.topScope();
      for (const scope of [top, ...top.childScopes]) {
        for (const variable of scope.variables) {
          const binding = variable.references.length === 0 ? undefined : tracker.bindingOf(variable);
          if (binding?.module !== 'worker_threads' || binding.path.length > 1 || (binding.path.length === 1 && binding.path[0] !== member)) continue;
          for (const reference of variable.references) {
            if (reference.init === true) continue;
            const use = reference.identifier.parent;
            if (binding.path.length === 1) uses.push(reference.identifier);
            else if (use.type === AST_NODE_TYPES.MemberExpression && use.object === reference.identifier && getStaticMemberName(use) === member) uses.push(use);
          }
        }
      }
      return uses;
    }

    /**
     * The worker's code: the block of `if (!isMainThread) { … }` or the `else` block of
     * `if (isMainThread) … else { … }` (or a lone statement there), when the file has exactly one.
     */
    function workerBranch(): TSESTree.BlockStatement | TSESTree.ExpressionStatement | undefined {
      const branches = new Set<TSESTree.Statement>();
      for (const use of workerThreadsUses('isMainThread')) {
        const parent = use.parent;
        if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!' && parent.parent.type === AST_NODE_TYPES.IfStatement && parent.parent.test === parent) {
          branches.add(parent.parent.consequent);
        } else if (parent?.type === AST_NODE_TYPES.IfStatement && parent.test === use && parent.alternate !== null) {
          branches.add(parent.alternate);
        }
      }
      const [branch] = branches;
      if (branches.size !== 1) return undefined;
      return branch?.type === AST_NODE_TYPES.BlockStatement || branch?.type === AST_NODE_TYPES.ExpressionStatement ? branch : undefined;
    }

    /** The inline function of the file's one `parentPort.on('message', (message) => { … })` (or `once`, `addListener`). */
    function messageHandler(): { body: TSESTree.BlockStatement; message: string } | undefined {
      const handlers: { body: TSESTree.BlockStatement; message: string }[] = [];
      for (const use of workerThreadsUses('parentPort')) {
        const member = use.parent;
        if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== use || !MESSAGE_SUBSCRIBERS.has(getStaticMemberName(member) ?? '')) continue;
        const call = member.parent;
        if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) continue;
        const [event, handler] = call.arguments;
        if (event === undefined || getStaticString(event) !== 'message' || handler === undefined) return undefined;
        const [parameter] = isFunctionNode(handler) ? handler.params : [];
        if (!isFunctionNode(handler) || handler.body.type !== AST_NODE_TYPES.BlockStatement || parameter?.type !== AST_NODE_TYPES.Identifier) return undefined;
        handlers.push({ body: handler.body, message: parameter.name });
      }
      return handlers.length === 1 ? handlers[0] : undefined;
    }

    /**
     * The key under which an object literal sent to the worker holds the carrier: a carrier name
     * (`{ items, traceContext }`) or any key whose value is an injected carrier (`{ 'x-otel': carrier }`).
     */
    function carrierKey(value: TSESTree.Node | undefined, injected: ReadonlySet<Variable>): string | undefined {
      const object = value === undefined ? undefined : resolveObject(value.type === AST_NODE_TYPES.SpreadElement ? value.argument : value);
      for (const property of object?.properties ?? []) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const key = propertyName(property);
        if (key !== undefined && (MESSAGE_CARRIER_KEY.test(key) || carries(property.value, injected, false, 0) === 'yes')) return key;
      }
      return undefined;
    }

    /**
     * Suggestions for worker code that never extracts: wrap the `message` handler's body when the
     * main thread posts the carrier in a message, the `isMainThread` branch otherwise, in
     * `context.with(propagation.extract(ROOT_CONTEXT, <carrier> ?? {}), () => { … })`.
     */
    function suggestExtraction(handoff: Handoff): TSESLint.ReportSuggestionArray<MessageIds> {
      const postedKey = postMessageCalls(handoff)
        ?.map((call) => carrierKey(call.arguments[0], injectedBefore(enclosingFunction(call), call.range[0])))
        .find((key) => key !== undefined);
      if (postedKey !== undefined) {
        const handler = messageHandler();
        if (handler === undefined) return [];
        return extractionSuggestion('extractFromMessage', postedKey, handler.body.body, () => ({ text: `${handler.message}${optionalMember(postedKey)}`, fix: undefined }));
      }
      const branch = workerBranch();
      if (branch === undefined) return [];
      const options = handoff.node.arguments[1];
      const workerData = options === undefined ? undefined : resolveObject(options);
      const dataProperty = workerData === undefined ? undefined : findProperty(workerData, 'workerData');
      const field = carrierKey(dataProperty?.value, injectedBefore(handoff.fn, handoff.node.range[0])) ?? WORKER_DATA_FIELD;
      return extractionSuggestion('extractFromWorkerData', field, branch.type === AST_NODE_TYPES.BlockStatement ? branch.body : [branch], (fixer, at) => {
        const { locals, fix } = ensureImports(fixer, sourceCode, 'worker_threads', ['workerData'], at);
        return { text: `${locals[0] ?? 'workerData'}${optionalMember(field)}`, fix };
      });
    }

    function extractionSuggestion(
      messageId: MessageIds,
      field: string,
      statements: readonly TSESTree.Statement[],
      carrier: (fixer: TSESLint.RuleFixer, at: TSESTree.Node) => { text: string; fix: TSESLint.RuleFix | undefined },
    ): TSESLint.ReportSuggestionArray<MessageIds> {
      const [first] = statements;
      const wrap = planContextWith(sourceCode, statements);
      if (first === undefined || wrap === undefined) return [];
      return [
        {
          messageId,
          data: { field },
          fix(fixer): TSESLint.RuleFix[] {
            const imports = ensureImports(fixer, sourceCode, OTEL_API, ['context', 'propagation', 'ROOT_CONTEXT'], first);
            const [contextApi = 'context', propagation = 'propagation', root = 'ROOT_CONTEXT'] = imports.locals;
            const source = carrier(fixer, first);
            // A worker started without the field (or a message without it) still runs, as a new trace.
            const edit = fixer.replaceTextRange(wrap.range, wrap.text(contextApi, `${propagation}.extract(${root}, ${source.text} ?? {})`));
            return [imports.fix, source.fix, edit].filter((fix) => fix !== undefined);
          },
        },
      ];
    }

    /** Whether the file imports `@opentelemetry/api`, i.e. its author works with trace context here. */
    function importsApi(): boolean {
      const top = tracker.topScope();
      return [top, top.upper]
        .filter((scope) => scope !== null)
        // A variable without a definition is a global (a TypeScript file's global scope holds a few hundred), never the API.
        .some((scope) => scope.variables.some((variable) => variable.defs.length > 0 && tracker.bindingOf(variable)?.module === OTEL_API));
    }

    /** The statement holding `node` in a statement list of the same function, where a carrier can be prepared. */
    function hostStatement(node: TSESTree.Node): TSESTree.Node | undefined {
      let current: TSESTree.Node = node;
      for (;;) {
        const parent = current.parent;
        if (parent === undefined || isFunctionNode(current)) return undefined;
        if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program || parent.type === AST_NODE_TYPES.SwitchCase) {
          return parent.type === AST_NODE_TYPES.SwitchCase && parent.test === current ? undefined : current;
        }
        current = parent;
      }
    }

    function lineIndent(node: TSESTree.Node): string {
      const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
      const indent = /^\s*/.exec(line)?.[0] ?? '';
      return indent.length === node.loc.start.column ? indent : '';
    }

    /** Edits that make `field` of an options argument (or a new one) hold `value`; `undefined` when the shape is not editable here. */
    function setOption(fixer: TSESLint.RuleFixer, call: TSESTree.CallExpression | TSESTree.NewExpression, options: TSESTree.Node | null, insertAfter: TSESTree.Node, field: string, value: string): TSESLint.RuleFix | undefined {
      if (options === null) return fixer.insertTextAfter(insertAfter, `, { ${field}: ${value} }`);
      const object = skipWrappers(options);
      if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
      const property = findProperty(object, field);
      if (property !== undefined) return fixer.replaceText(property, `${field}: ${value}`);
      const [first] = object.properties;
      if (first === undefined) return fixer.replaceText(object, `{ ${field}: ${value} }`);
      return call.range[0] <= object.range[0] ? fixer.insertTextBefore(first, `${field}: ${value}, `) : undefined;
    }

    function suggestProcess(handoff: Handoff): TSESLint.ReportSuggestionArray<MessageIds> {
      const { node } = handoff;
      const statement = hostStatement(node);
      if (statement === undefined) return [];
      const typed = isTypeScriptFile(context.filename);
      let copySource: string;
      let edit: (fixer: TSESLint.RuleFixer, name: string) => TSESLint.RuleFix | undefined;
      if (handoff.boundary === 'cluster') {
        const [env] = node.arguments;
        copySource = env === undefined ? `{}` : `{ ...${sourceCode.getText(env)} }`;
        edit = (fixer, name) => (env === undefined ? fixer.replaceText(node, `${sourceCode.getText(node).replace(/\(\s*\)$/, '')}(${name})`) : fixer.replaceText(env, name));
      } else {
        if (node.type !== AST_NODE_TYPES.CallExpression) return [];
        const options = processOptions(node, handoff.api);
        if (options === undefined) return [];
        const object = options === null ? undefined : skipWrappers(options);
        if (object !== undefined && object.type !== AST_NODE_TYPES.ObjectExpression) return [];
        const envProperty = object === undefined ? undefined : findProperty(object, 'env');
        copySource = envProperty === undefined ? '{ ...process.env }' : `{ ...${sourceCode.getText(envProperty.value)} }`;
        const [command, second] = node.arguments;
        if (command === undefined) return [];
        const after = second !== undefined && CHILD_PROCESS_FUNCTIONS.get(handoff.api) === true && isArrayValue(second) ? second : command;
        edit = (fixer, name) => setOption(fixer, node, options, after, 'env', name);
      }
      return [
        {
          messageId: 'injectEnvCarrier',
          fix(fixer): TSESLint.RuleFix[] {
            const name = freeLocalName(sourceCode, node, 'otelEnv');
            const optionEdit = edit(fixer, name);
            if (optionEdit === undefined) return [];
            const imports = ensureImports(fixer, sourceCode, OTEL_API, ['propagation', 'context'], node);
            const [propagation = 'propagation', contextApi = 'context'] = imports.locals;
            const indent = lineIndent(statement);
            const annotation = typed && handoff.boundary === 'cluster' ? ': Record<string, string | undefined>' : '';
            // The env-carrier spec names variables by upper-casing the key and replacing anything outside [A-Z0-9_] with '_'.
            const setter = `{ set: (carrier, key, value) => { carrier[key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()] = value; } }`;
            const prelude = `const ${name}${annotation} = ${copySource};\n${indent}${propagation}.inject(${contextApi}.active(), ${name}, ${setter});\n${indent}`;
            return [imports.fix, fixer.insertTextBefore(statement, prelude), optionEdit].filter((fix) => fix !== undefined);
          },
        },
      ];
    }

    function suggestThread(handoff: Handoff): TSESLint.ReportSuggestionArray<MessageIds> {
      const { node } = handoff;
      const statement = hostStatement(node);
      const [file, options] = node.arguments;
      if (statement === undefined || file === undefined) return [];
      const object = options === undefined ? undefined : skipWrappers(options);
      if (object !== undefined && object.type !== AST_NODE_TYPES.ObjectExpression) return [];
      const workerData = object === undefined ? undefined : findProperty(object, 'workerData');
      const data = workerData === undefined ? undefined : skipWrappers(workerData.value);
      if (data !== undefined && data.type !== AST_NODE_TYPES.ObjectExpression) return [];
      return [
        {
          messageId: 'injectWorkerData',
          fix(fixer): TSESLint.RuleFix[] {
            const name = freeLocalName(sourceCode, node, 'traceContext');
            const field = name === 'traceContext' ? name : `traceContext: ${name}`;
            let edit: TSESLint.RuleFix | undefined;
            if (data !== undefined) {
              const [first] = data.properties;
              edit = first === undefined ? fixer.replaceText(data, `{ ${field} }`) : fixer.insertTextBefore(first, `${field}, `);
            } else {
              edit = setOption(fixer, node, options ?? null, file, 'workerData', `{ ${field} }`);
            }
            if (edit === undefined) return [];
            const imports = ensureImports(fixer, sourceCode, OTEL_API, ['propagation', 'context'], node);
            const [propagation = 'propagation', contextApi = 'context'] = imports.locals;
            const indent = lineIndent(statement);
            const annotation = isTypeScriptFile(context.filename) ? ': Record<string, string>' : '';
            const prelude = `const ${name}${annotation} = {};\n${indent}${propagation}.inject(${contextApi}.active(), ${name});\n${indent}`;
            return [imports.fix, fixer.insertTextBefore(statement, prelude), edit].filter((fix) => fix !== undefined);
          },
        },
      ];
    }

    return {
      CallExpression: onCall,
      NewExpression: onCall,
      'Program:exit'(): void {
        if (handoffs.length === 0) return;
        const otelFile = importsApi();
        let workerCodeMissesExtract: boolean | undefined;
        for (const handoff of handoffs) {
          const scope = findActiveScope(tracker, handoff.node);
          // No trace to hand over at the top level outside a span, nor inside an intentional `ROOT_CONTEXT` root.
          if (scope?.kind === 'root' || (scope === undefined && handoff.fn === undefined)) continue;
          // A plain `execSync('git …')` in a file that never touches the API is not a tracing hand-off.
          if (!otelFile && scope?.kind !== 'span') continue;
          const data = { api: handoff.api };
          if (sendsContext(handoff) === 'no') {
            const isThread = handoff.boundary === 'thread' || handoff.boundary === 'browserWorker';
            context.report({
              node: handoff.node,
              messageId: isThread ? 'workerWithoutContext' : 'processWithoutContext',
              data,
              suggest: handoff.boundary === 'thread' ? suggestThread(handoff) : handoff.boundary === 'browserWorker' ? [] : suggestProcess(handoff),
            });
          }
          if (handoff.boundary !== 'thread') continue;
          workerCodeMissesExtract ??= !extracts && readsWorkerData();
          if (workerCodeMissesExtract) context.report({ node: handoff.node, messageId: 'missingExtraction', data, suggest: suggestExtraction(handoff) });
        }
      },
    };
  },
});
