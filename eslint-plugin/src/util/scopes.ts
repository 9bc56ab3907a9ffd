import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES, DefinitionType } from './ast';
import { perFile } from './fileCache';

import type { ImportTracker } from './imports';
import type { FunctionNode } from './spans';

import { getStaticMemberName, OTEL_API, skipWrappers } from './imports';
import { mayContain } from './sourceText';
import { enclosingFunction, isFunctionNode } from './spans';

// Function recognition lives in spans.ts; re-exported so scope users need one import.
export type { FunctionNode } from './spans';
export { enclosingFunction, isFunctionNode } from './spans';

/**
 * How a function runs with respect to the trace:
 * - `span`: inside a `startActiveSpan` callback, or the function of `context.with(ctx, fn)` /
 *   `context.bind(ctx, fn)` where `ctx` is not a root context, so a span (local or extracted) is active;
 * - `root`: the function of `context.with(ROOT_CONTEXT, fn)` (or `bind`), an intentional new root
 *   that no outer span reaches.
 */
export type ScopeKind = 'root' | 'span';

/** The innermost call that decides the active context of a node. */
export interface ActiveScope {
  /** Whether a span is active there or the code deliberately runs without one. */
  readonly kind: ScopeKind;
  /** The `startActiveSpan` / `context.with` / `context.bind` call whose callback holds the node. */
  readonly call: TSESTree.CallExpression;
}

// Aliases chained through more variables than this are not followed; real code never gets close.
const MAX_ALIAS_DEPTH = 8;

// A scope opens at a `startActiveSpan` callback or at `context.with`/`context.bind`, which only resolve through an API import.
const SCOPE_OPENERS: readonly string[] = ['startActiveSpan', OTEL_API];

/**
 * Whether any function of the file may run in an active span scope (see {@link ScopeKind}); in files that
 * answer `false` (see {@link mayContain}) {@link findActiveScope} finds none anywhere.
 * @param sourceCode the file being linted
 */
export function mayOpenSpanScope(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return mayContain(sourceCode, SCOPE_OPENERS);
}

/**
 * Whether an expression certainly denotes a context without any span: `ROOT_CONTEXT`,
 * `trace.deleteSpan(...)`, or a constant initialized with one of them.
 * @param tracker the file's import tracker
 * @param expression the context argument
 */
export function isRootContextExpression(tracker: ImportTracker, expression: TSESTree.Node): boolean {
  let node = skipWrappers(expression);
  for (let depth = 0; depth <= MAX_ALIAS_DEPTH; depth += 1) {
    if (tracker.isReferenceTo(node, OTEL_API, 'ROOT_CONTEXT')) return true;
    if (tracker.isApiCall(node, 'trace', 'deleteSpan')) return true;
    if (node.type !== AST_NODE_TYPES.Identifier) return false;
    const initializer = tracker.constantInitializer(node);
    if (initializer === undefined) return false;
    node = skipWrappers(initializer);
  }
  return false;
}

/** The method name of `receiver.method(...)`, if the callee has that shape. */
export function calledMethodName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = skipWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? getStaticMemberName(callee) : undefined;
}

/**
 * The scope a function itself opens, when it is the callback of `tracer.startActiveSpan(...)`
 * (last argument) or the function argument of `context.with(ctx, fn)` / `context.bind(ctx, fn)`.
 * `context.with(context.active(), fn)` opens nothing new and answers `undefined`.
 * @param tracker the file's import tracker
 * @param fn a function node
 */
export function scopeOpenedBy(tracker: ImportTracker, fn: FunctionNode): ActiveScope | undefined {
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const { arguments: args } = call;
  if (calledMethodName(call) === 'startActiveSpan' && args.length >= 2 && args.at(-1) === fn) return { kind: 'span', call };
  if (args[1] !== fn || args[0] === undefined) return undefined;
  if (!tracker.isApiCall(call, 'context', 'with') && !tracker.isApiCall(call, 'context', 'bind')) return undefined;
  const contextArgument = args[0];
  if (isRootContextExpression(tracker, contextArgument)) return { kind: 'root', call };
  if (tracker.isApiCall(skipWrappers(contextArgument), 'context', 'active')) return undefined;
  return { kind: 'span', call };
}

const enclosingScopesOf = perFile(() => new Map<FunctionNode, ActiveScope | null>());

/**
 * The innermost `startActiveSpan` / `context.with` / `context.bind` scope that lexically contains
 * `node`, walking out through nested functions; `undefined` when none does. A `root` answer means the
 * code deliberately runs outside any span even if an outer span scope exists. Answers are cached per
 * function, so repeated queries from one file walk each function chain once.
 * @param tracker the file's import tracker
 * @param node any node
 */
export function findActiveScope(tracker: ImportTracker, node: TSESTree.Node): ActiveScope | undefined {
  const fn = isFunctionNode(node) ? node : enclosingFunction(node);
  if (fn === undefined) return undefined;
  const enclosingScopes = enclosingScopesOf(tracker.sourceCode);
  const cached = enclosingScopes.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  const outer = enclosingFunction(fn);
  const scope = scopeOpenedBy(tracker, fn) ?? (outer === undefined ? undefined : findActiveScope(tracker, outer));
  enclosingScopes.set(fn, scope ?? null);
  return scope;
}

/**
 * Whether `node` runs inside an active span scope (see {@link ScopeKind}): the innermost deciding
 * scope is a span scope, not an intentional `ROOT_CONTEXT` root.
 * @param tracker the file's import tracker
 * @param node any node
 */
export function isInActiveSpanScope(tracker: ImportTracker, node: TSESTree.Node): boolean {
  return findActiveScope(tracker, node)?.kind === 'span';
}

/**
 * Calls `visit` on `root` and every node below it, in source order, using the
 * parser's visitor keys so TypeScript nodes are walked too. `visit` returns `true` to stop early.
 * @param root the subtree
 * @param visitorKeys `sourceCode.visitorKeys`
 * @param visit called per node; returning `true` ends the walk
 * @returns whether `visit` stopped the walk
 */
export function someNodeIn(root: TSESTree.Node, visitorKeys: TSESLint.SourceCode.VisitorKeys, visit: (node: TSESTree.Node) => boolean): boolean {
  if (visit(root)) return true;
  const stack: TSESTree.Node[] = [root];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    const keys = visitorKeys[current.type] ?? [];
    const children: TSESTree.Node[] = [];
    for (const key of keys) {
      const value = (current as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) if (isNode(item)) children.push(item);
      } else if (isNode(value)) {
        children.push(value);
      }
    }
    for (const child of children) if (visit(child)) return true;
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const child = children[index];
      if (child !== undefined) stack.push(child);
    }
  }
  return false;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

// API reads of the active context: whatever they see is decided by the context the code runs in.
const ACTIVE_CONTEXT_READS: readonly (readonly [string, string])[] = [
  ['context', 'active'],
  ['trace', 'getActiveSpan'],
  ['propagation', 'getActiveBaggage'],
];

/**
 * Whether a call reads the active context: `context.active()`, `trace.getActiveSpan()`,
 * `propagation.getActiveBaggage()`, `tracer.startSpan(name[, options])` (parented to the active span
 * when no context is passed) or `tracer.startActiveSpan(...)` without an explicit context.
 * @param tracker the file's import tracker
 * @param node any node
 */
export function isActiveContextRead(tracker: ImportTracker, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const method = calledMethodName(node);
  if (method === 'startSpan') return node.arguments.length >= 1 && node.arguments.length < 3;
  if (method === 'startActiveSpan') {
    // (name, fn) and (name, options, fn) use the active context; (name, options, ctx, fn) does not.
    return node.arguments.length === 2 || node.arguments.length === 3;
  }
  return ACTIVE_CONTEXT_READS.some(([namespace, name]) => tracker.isApiCall(node, namespace, name));
}

const contextReaders = new WeakMap<FunctionNode, boolean>();

/**
 * Whether a function's body (including nested functions) reads the active context, see
 * {@link isActiveContextRead}. Cached per function.
 * @param tracker the file's import tracker
 * @param fn the function
 * @param visitorKeys `sourceCode.visitorKeys`
 */
export function readsActiveContext(tracker: ImportTracker, fn: FunctionNode, visitorKeys: TSESLint.SourceCode.VisitorKeys): boolean {
  const cached = contextReaders.get(fn);
  if (cached !== undefined) return cached;
  const answer = someNodeIn(fn.body, visitorKeys, (node) => isActiveContextRead(tracker, node));
  contextReaders.set(fn, answer);
  return answer;
}

/**
 * The function an argument denotes: a function literal itself, or the function declaration or
 * constant function initializer an identifier refers to. `undefined` for anything else (parameters,
 * members, calls), whose code the rules cannot see.
 * @param tracker the file's import tracker
 * @param expression a callback argument
 */
export function resolveFunction(tracker: ImportTracker, expression: TSESTree.Node): FunctionNode | undefined {
  const node = skipWrappers(expression);
  if (isFunctionNode(node)) return node;
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = tracker.variableOf(node);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type === DefinitionType.FunctionName && isFunctionNode(definition.node)) {
    // A function declaration reassigned later (`handler = other`) no longer says what runs.
    return variable?.references.some((reference) => reference.isWrite()) === true ? undefined : definition.node;
  }
  const initializer = tracker.constantInitializer(node);
  if (initializer === undefined) return undefined;
  const value = skipWrappers(initializer);
  return isFunctionNode(value) ? value : undefined;
}
