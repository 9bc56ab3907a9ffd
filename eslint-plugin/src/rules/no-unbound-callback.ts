import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import type { ImportTracker } from '../util/imports';
import type { FunctionNode } from '../util/scopes';

import { createRule } from '../util/createRule';
import { ensureImport } from '../util/fixes';
import { getImportTracker, getStaticMemberName, GLOBAL_MODULE, OTEL_API, skipWrappers } from '../util/imports';
import { calledMethodName, enclosingFunction, findActiveScope, mayOpenSpanScope, readsActiveContext, resolveFunction, someNodeIn } from '../util/scopes';
import { getPropagationSettings, isInstrumented } from '../util/settings';
import { mayContain } from '../util/sourceText';
import { mayStartSpans } from '../util/spans';

export type MessageIds = 'bindCallback' | 'unboundListener' | 'unboundPoolCallback' | 'unboundScheduled';
export type Options = [];

type Category = 'listener' | 'pool' | 'scheduled';

const MESSAGE_OF: Readonly<Record<Category, MessageIds>> = {
  listener: 'unboundListener',
  pool: 'unboundPoolCallback',
  scheduled: 'unboundScheduled',
};

// Global schedulers whose first argument is the callback; the first three also come from `node:timers`.
const TIMERS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval', 'setImmediate']);
const BROWSER_SCHEDULERS: ReadonlySet<string> = new Set(['queueMicrotask', 'requestAnimationFrame', 'requestIdleCallback']);

// Promise reactions and the arguments that hold callbacks.
const PROMISE_METHODS: ReadonlyMap<string, readonly number[]> = new Map([
  ['then', [0, 1]],
  ['catch', [0]],
  ['finally', [0]],
]);

// EventEmitter and EventTarget registration methods; the listener is the second argument of each.
const LISTENER_METHODS: ReadonlySet<string> = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);

// Callback-style pool methods that queue the callback until a connection is free.
const POOL_METHODS: ReadonlySet<string> = new Set(['getConnection', 'connect', 'query']);

// Pool factories: module, member path of the factory. `mysql2/promise` pools take no callbacks and stay out.
const POOL_FACTORIES: readonly (readonly [string, string])[] = [
  ['mysql', 'createPool'],
  ['mysql2', 'createPool'],
  ['pg', 'Pool'],
];
const POOL_MODULES: readonly string[] = POOL_FACTORIES.map(([module]) => module);

// Query methods whose spans (from the database instrumentations) need the right parent inside a pool callback.
const TRACED_DB_METHODS: ReadonlySet<string> = new Set(['query', 'execute']);

/** A registering call and the arguments that hold callbacks. */
interface Candidate {
  readonly category: Category;
  readonly callbackIndexes: readonly number[];
  /** For pools: the database module whose instrumentation, when present, already binds the callback. */
  readonly library?: string;
}

function calleeName(call: TSESTree.CallExpression): string | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? getStaticMemberName(callee) : undefined;
}

/** The module of the `mysql`/`mysql2`/`pg` pool a receiver holds, when it is a constant created by the pool factory. */
function poolLibrary(tracker: ImportTracker, receiver: TSESTree.Node): string | undefined {
  const node = skipWrappers(receiver);
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const initializer = tracker.constantInitializer(node);
  if (initializer === undefined) return undefined;
  const created = skipWrappers(initializer);
  return POOL_FACTORIES.find(([module, factory]) => tracker.isCallTo(created, module, factory))?.[0];
}

export default createRule<Options, MessageIds>({
  name: 'no-unbound-callback',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require callbacks that run later in another context to be bound with `context.bind`',
      recommended: 'recommended',
      severity: 'warn',
    },
    hasSuggestions: true,
    messages: {
      bindCallback: 'Bind the callback to the current context: `context.bind(context.active(), callback)`.',
      unboundListener:
        'The listener registered with `{{call}}` runs in the context of whoever emits the event, not in the span active here, so the spans and context reads in it join another trace or none. Bind it with `context.bind(context.active(), listener)`.',
      unboundPoolCallback:
        'The callback of `{{call}}` waits in the pool queue and runs in the context of whichever operation freed the connection, so its spans join another request\'s trace. Bind it with `context.bind(context.active(), callback)`.',
      unboundScheduled:
        'The callback passed to `{{call}}` runs after an async hop that the `{{manager}}` context manager does not carry the context across, so the spans it starts lose their parent and begin new traces. Bind it with `context.bind(context.active(), callback)`.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const settings = getPropagationSettings(context);
    const { contextManager } = settings;
    // Zone.js patches timers, promises, EventTarget and (in Node) EventEmitter, so every callback keeps its zone.
    if (contextManager === 'zone') return {};
    const checksScheduled = contextManager === 'stack' || contextManager === 'none';
    const { sourceCode } = context;
    // Listeners matter only in a span scope, scheduled callbacks only when they read the active context (a span
    // start or an API read), pool callbacks only on a pool created from one of the libraries' imports.
    const mayMatter = mayOpenSpanScope(sourceCode) || mayContain(sourceCode, POOL_MODULES) || (checksScheduled && mayStartSpans(sourceCode));
    if (!mayMatter) return {};
    const tracker = getImportTracker(context);

    function schedulerCandidate(call: TSESTree.CallExpression, name: string): Candidate | undefined {
      if (!checksScheduled || call.arguments.length === 0) return undefined;
      const scheduled: Candidate = { category: 'scheduled', callbackIndexes: [0] };
      if (TIMERS.has(name) && (tracker.isCallTo(call, GLOBAL_MODULE, name) || tracker.isCallTo(call, 'timers', name))) return scheduled;
      if (BROWSER_SCHEDULERS.has(name) && tracker.isCallTo(call, GLOBAL_MODULE, name)) return scheduled;
      if (name === 'nextTick' && (tracker.isCallTo(call, GLOBAL_MODULE, 'process', 'nextTick') || tracker.isCallTo(call, 'process', 'nextTick'))) return scheduled;
      const promiseIndexes = PROMISE_METHODS.get(name);
      if (promiseIndexes !== undefined && calledMethodName(call) === name) return { category: 'scheduled', callbackIndexes: promiseIndexes };
      return undefined;
    }

    function candidateOf(call: TSESTree.CallExpression): Candidate | undefined {
      const name = calleeName(call);
      if (name === undefined) return undefined;
      const scheduled = schedulerCandidate(call, name);
      if (scheduled !== undefined) return scheduled;
      if (calledMethodName(call) !== name) return undefined;
      if (LISTENER_METHODS.has(name) && call.arguments.length >= 2) return { category: 'listener', callbackIndexes: [1] };
      if (!POOL_METHODS.has(name) || call.arguments.length === 0) return undefined;
      // `query(sql, cb)` / `query(sql, params, cb)`; `getConnection(cb)` / `connect(cb)`.
      if ((name === 'query') !== call.arguments.length >= 2) return undefined;
      const callee = skipWrappers(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const library = poolLibrary(tracker, callee.object);
      return library === undefined ? undefined : { category: 'pool', callbackIndexes: [call.arguments.length - 1], library };
    }

    /** Whether an argument is already `context.bind(...)`, directly or through a constant. */
    function isBound(argument: TSESTree.Node): boolean {
      const node = skipWrappers(argument);
      if (tracker.isApiCall(node, 'context', 'bind')) return true;
      if (node.type !== AST_NODE_TYPES.Identifier) return false;
      const initializer = tracker.constantInitializer(node);
      return initializer !== undefined && tracker.isApiCall(skipWrappers(initializer), 'context', 'bind');
    }

    /**
     * Whether the receiver of `on(...)` is an emitter bound with `context.bind(ctx, emitter)`, whose
     * listeners already run in the bound context.
     */
    function isBoundEmitter(call: TSESTree.CallExpression): boolean {
      const callee = skipWrappers(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const receiver = skipWrappers(callee.object);
      if (isBound(receiver)) return true;
      if (receiver.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = tracker.variableOf(receiver);
      // An undeclared emitter (a global) has no variable; its references are the global scope's unresolved ones.
      const references = variable === null ? (sourceCode.scopeManager?.globalScope?.through.filter((reference) => reference.identifier.name === receiver.name) ?? []) : variable?.references;
      return (
        references?.some((reference) => {
          const parent = reference.identifier.parent;
          return parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[1] === reference.identifier && tracker.isApiCall(parent, 'context', 'bind');
        }) === true
      );
    }

    /** Whether a pool callback runs database calls, which the instrumentations trace under the active context. */
    function runsTracedQueries(fn: FunctionNode): boolean {
      return someNodeIn(fn.body, sourceCode.visitorKeys, (node) => node.type === AST_NODE_TYPES.CallExpression && TRACED_DB_METHODS.has(calledMethodName(node) ?? ''));
    }

    /** Whether losing the context matters for this callback, see the rule doc for each category. */
    function needsBinding(candidate: Candidate, call: TSESTree.CallExpression, fn: FunctionNode, inSpanScope: boolean): boolean {
      switch (candidate.category) {
        case 'listener':
          return inSpanScope && readsActiveContext(tracker, fn, sourceCode.visitorKeys);
        case 'scheduled':
          // At the top level outside any span there is no context to lose.
          return (inSpanScope || enclosingFunction(call) !== undefined) && readsActiveContext(tracker, fn, sourceCode.visitorKeys);
        case 'pool':
          return (inSpanScope || enclosingFunction(call) !== undefined) && (readsActiveContext(tracker, fn, sourceCode.visitorKeys) || runsTracedQueries(fn));
      }
    }

    function suggest(callbacks: readonly TSESTree.Node[]): TSESLint.ReportSuggestionArray<MessageIds> {
      return [
        {
          messageId: 'bindCallback',
          fix(fixer): TSESLint.RuleFix[] {
            const first = callbacks[0];
            const { local, fix } = ensureImport(fixer, sourceCode, OTEL_API, 'context', first);
            const fixes = callbacks.map((callback) => fixer.replaceText(callback, `${local}.bind(${local}.active(), ${sourceCode.getText(callback)})`));
            if (fix !== undefined) fixes.unshift(fix);
            return fixes;
          },
        },
      ];
    }

    return {
      CallExpression(call): void {
        const candidate = candidateOf(call);
        if (candidate === undefined) return;
        if (candidate.library !== undefined && isInstrumented(settings, candidate.library)) return;
        if (candidate.category === 'listener' && isBoundEmitter(call)) return;
        const scope = findActiveScope(tracker, call);
        // Inside `context.with(ROOT_CONTEXT, …)` the code deliberately has no trace to keep.
        if (scope?.kind === 'root') return;
        const inSpanScope = scope?.kind === 'span';
        const unbound: TSESTree.Node[] = [];
        for (const index of candidate.callbackIndexes) {
          const argument = call.arguments[index];
          if (argument === undefined || argument.type === AST_NODE_TYPES.SpreadElement || isBound(argument)) continue;
          const fn = resolveFunction(tracker, argument);
          if (fn !== undefined && needsBinding(candidate, call, fn, inSpanScope)) unbound.push(argument);
        }
        if (unbound.length === 0) return;
        context.report({
          node: call,
          messageId: MESSAGE_OF[candidate.category],
          data: { call: sourceCode.getText(call.callee).length <= 40 ? sourceCode.getText(call.callee) : calleeName(call) ?? '', manager: contextManager },
          suggest: suggest(unbound),
        });
      },
    };
  },
});
