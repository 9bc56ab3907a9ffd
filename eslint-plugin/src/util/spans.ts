import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES, AST_TOKEN_TYPES } from './ast';
import { perFile } from './fileCache';

import type { ImportTracker } from './imports';

import { getStaticMemberName, OTEL_API, skipWrappers } from './imports';
import { mayContain } from './sourceText';

/** The kind of call a span comes from. */
export type SpanStartKind = 'startSpan' | 'startActiveSpan' | 'factory';

/** A call recognized as starting a span. */
export interface SpanStart {
  /** The call expression itself, where rules report. */
  readonly call: TSESTree.CallExpression;
  /** Which API (or configured factory) started it. */
  readonly kind: SpanStartKind;
  /** For `startActiveSpan(name, [opts, [ctx,]] fn)` with an inline `fn`: that callback. */
  readonly callback?: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;
}

/** A function node: the unit inside which span lifetimes are followed. */
export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

/**
 * Names that denote a tracer: `tracer`, `_tracer`, `TRACER`, camelCase `…Tracer` (`otelTracer`) and
 * SCREAMING `…_TRACER`. Lower-case joins such as `subtracer` are left out on purpose.
 */
const TRACER_NAME = /^_*(?:tracer|TRACER|[a-z][A-Za-z0-9]*Tracer|[A-Z][A-Z0-9_]*_TRACER)$/;

// Tracers are looked up through at most this many `const` aliases.
const MAX_ALIAS_DEPTH = 8;

/**
 * Span methods that return the span itself (API `Span` interface), so `span.setAttribute(…).end()` still
 * ends `span`.
 */
const CHAINABLE_SPAN_METHODS: ReadonlySet<string> = new Set(['setAttribute', 'setAttributes', 'addEvent', 'addLink', 'addLinks', 'setStatus', 'updateName']);

/** Every method of the API `Span` interface; other members read from a span count as unknown uses. */
export const SPAN_METHODS: ReadonlySet<string> = new Set([...CHAINABLE_SPAN_METHODS, 'end', 'isRecording', 'recordException', 'spanContext']);

// The tracer methods that start a span; every span the rules follow comes from a call spelling one of them.
const SPAN_START_METHODS: readonly string[] = ['startSpan', 'startActiveSpan'];

/**
 * Whether the file may start a span with `startSpan` or `startActiveSpan` (see {@link mayContain}); rules
 * about span lifetimes have nothing to check in files that answer `false`.
 * @param sourceCode the file being linted
 */
export function mayStartSpans(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return mayContain(sourceCode, SPAN_START_METHODS);
}

/**
 * Whether `name` looks like a tracer variable or property (see {@link TRACER_NAME}).
 * @param name an identifier or property name
 */
export function isTracerName(name: string): boolean {
  return TRACER_NAME.test(name);
}

/**
 * Whether an expression certainly evaluates to a tracer: a call to `trace.getTracer(…)` of
 * `@opentelemetry/api` or to any `x.getTracer(name, …)` (a `TracerProvider`), a `const` initialized
 * with one of those, a variable annotated with the API's `Tracer` type, or an identifier or property
 * whose name looks like a tracer (`tracer`, `this.tracer`, `otelTracer`).
 * @param tracker the file's import tracker
 * @param expression the receiver of a `startSpan` call
 */
export function isTracerExpression(tracker: ImportTracker, expression: TSESTree.Node): boolean {
  return isTracer(tracker, expression, 0);
}

function isTracer(tracker: ImportTracker, expression: TSESTree.Node, depth: number): boolean {
  if (depth > MAX_ALIAS_DEPTH) return false;
  const node = skipWrappers(expression);
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression: {
      if (tracker.isApiCall(node, 'trace', 'getTracer')) return true;
      const callee = skipWrappers(node.callee);
      return callee.type === AST_NODE_TYPES.MemberExpression && getStaticMemberName(callee) === 'getTracer' && node.arguments.length >= 1;
    }
    case AST_NODE_TYPES.Identifier: {
      if (isTracerName(node.name)) return true;
      if (hasApiType(tracker, node, 'Tracer')) return true;
      const initializer = tracker.constantInitializer(node);
      return initializer !== undefined && isTracer(tracker, initializer, depth + 1);
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = getStaticMemberName(node);
      return name !== undefined && isTracerName(name);
    }
    default:
      return false;
  }
}

/**
 * Whether an identifier is a variable or parameter annotated with `@opentelemetry/api`'s type
 * `typeName` and never reassigned.
 * @param tracker the file's import tracker
 * @param identifier a reference to the variable
 * @param typeName exported type name, e.g. `Tracer` or `Span`
 */
export function hasApiType(tracker: ImportTracker, identifier: TSESTree.Identifier, typeName: string): boolean {
  const variable = tracker.variableOf(identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const name = definition?.name;
  const annotation = name?.type === AST_NODE_TYPES.Identifier ? name.typeAnnotation?.typeAnnotation : undefined;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return false;
  if (variable?.references.some((reference) => reference.isWrite() && reference.init !== true)) return false;
  const resolved = tracker.resolveTypeName(annotation.typeName);
  return resolved?.module === OTEL_API && resolved.path.length === 1 && resolved.path[0] === typeName;
}

function isInlineFunction(node: TSESTree.Node | undefined): node is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression {
  return node?.type === AST_NODE_TYPES.ArrowFunctionExpression || node?.type === AST_NODE_TYPES.FunctionExpression;
}

/**
 * Recognizes a call that starts a span:
 * - `<tracer>.startSpan(name, …)` with at least a name argument,
 * - `<tracer>.startActiveSpan(name, [opts, [ctx,]] fn)` with two to four arguments,
 * - a call to one of `factories` (`startChildSpan(…)` or `helpers.startChildSpan(…)`),
 *
 * where `<tracer>` satisfies {@link isTracerExpression}. Spread arguments make the call unknown.
 * @param tracker the file's import tracker
 * @param call any call expression
 * @param factories names of user functions that return a started span
 */
export function matchSpanStart(tracker: ImportTracker, call: TSESTree.CallExpression, factories: ReadonlySet<string> = new Set()): SpanStart | undefined {
  if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  const callee = skipWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return factories.has(callee.name) ? { call, kind: 'factory' } : undefined;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getStaticMemberName(callee);
  if (method === undefined) return undefined;
  if (method === 'startSpan') {
    return call.arguments.length >= 1 && call.arguments.length <= 3 && isTracerExpression(tracker, callee.object) ? { call, kind: 'startSpan' } : undefined;
  }
  if (method === 'startActiveSpan') {
    if (call.arguments.length < 2 || call.arguments.length > 4 || !isTracerExpression(tracker, callee.object)) return undefined;
    const last = call.arguments.at(-1);
    return isInlineFunction(last) ? { call, kind: 'startActiveSpan', callback: last } : { call, kind: 'startActiveSpan' };
  }
  return factories.has(method) ? { call, kind: 'factory' } : undefined;
}

/**
 * Whether a node is a function (declaration, expression or arrow).
 * @param node any node
 */
export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.FunctionExpression;
}

/**
 * The innermost function that contains `node`, or `undefined` at the top level of the file.
 * @param node any node
 */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  // The parser sets `Program.parent` to `null`, which its types do not admit.
  for (let current = node.parent as TSESTree.Node | null | undefined; current !== undefined && current !== null; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/** How one reference to a span variable uses the span. */
export type SpanUse =
  /** `span.end()`, also at the end of a chain such as `span.setStatus(…).end()`. */
  | { readonly kind: 'end'; readonly call: TSESTree.CallExpression }
  /** Another `Span` method call (`setAttribute`, `recordException`, `spanContext`, …). */
  | { readonly kind: 'method'; readonly method: string; readonly call: TSESTree.CallExpression }
  /** An argument of an `@opentelemetry/api` call such as `trace.setSpan(ctx, span)`, which does not take ownership. */
  | { readonly kind: 'api'; readonly call: TSESTree.CallExpression }
  /** Anything else: returned, stored, passed to another function, or a use the rules cannot follow. */
  | { readonly kind: 'escape' };

/**
 * Classifies one reference to a span variable.
 * @param tracker the file's import tracker
 * @param identifier the referencing identifier
 */
export function classifySpanUse(tracker: ImportTracker, identifier: TSESTree.Identifier): SpanUse {
  const node = outermostWrapper(identifier);
  const parent = node.parent;
  if (parent === undefined) return { kind: 'escape' };
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
    const method = getStaticMemberName(parent);
    const call = calledMember(parent);
    if (method === undefined || call === undefined || !SPAN_METHODS.has(method)) return { kind: 'escape' };
    if (method === 'end') return { kind: 'end', call };
    if (CHAINABLE_SPAN_METHODS.has(method)) {
      const ended = chainedEnd(call);
      if (ended !== undefined) return { kind: 'end', call: ended };
    }
    return { kind: 'method', method, call };
  }
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.some((argument) => argument === node)) {
    if (tracker.resolveReference(parent.callee)?.module === OTEL_API) return { kind: 'api', call: parent };
  }
  return { kind: 'escape' };
}

function isTransparentWrapper(parent: TSESTree.Node | undefined, child: TSESTree.Node): boolean {
  switch (parent?.type) {
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return (parent as TSESTree.TSNonNullExpression).expression === child;
    default:
      return false;
  }
}

/**
 * The outermost node that denotes the same value as `node` (climbing `x!`, `x as T`, `<T>x`, `a?.b()`), the
 * counterpart of `skipWrappers` in the other direction.
 * @param node any expression
 */
export function outermostWrapper(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent !== undefined && isTransparentWrapper(current.parent, current)) current = current.parent;
  return current;
}

/** The call of which `member` is the callee (`span.end()` or `span?.end()`), if it is called. */
function calledMember(member: TSESTree.MemberExpression): TSESTree.CallExpression | undefined {
  const callee = outermostWrapper(member);
  const parent = callee.parent;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === callee ? parent : undefined;
}

/** Follows `call.m1(…).m2(…)…` through chainable span methods and returns a final `.end()` call, if any. */
function chainedEnd(call: TSESTree.CallExpression): TSESTree.CallExpression | undefined {
  let current = call;
  for (;;) {
    const node = outermostWrapper(current);
    const member = node.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) return undefined;
    const method = getStaticMemberName(member);
    const next = calledMember(member);
    if (method === undefined || next === undefined) return undefined;
    if (method === 'end') return next;
    if (!CHAINABLE_SPAN_METHODS.has(method)) return undefined;
    current = next;
  }
}

/**
 * The variable that holds a started span: the `span` of `const span = <start>` / `let span = <start>`,
 * or the first parameter of an inline `startActiveSpan` callback. `undefined` when the span goes
 * anywhere else (returned, assigned to a property, passed on), which the rules treat as a hand-off.
 * @param sourceCode the file
 * @param start the recognized span start
 */
export function spanVariable(sourceCode: Readonly<TSESLint.SourceCode>, start: SpanStart): TSESLint.Scope.Variable | undefined {
  if (start.kind === 'startActiveSpan') {
    const parameter = start.callback?.params[0];
    if (parameter?.type !== AST_NODE_TYPES.Identifier) return undefined;
    return sourceCode.getDeclaredVariables(start.callback as TSESTree.Node).find((variable) => variable.name === parameter.name);
  }
  const node = outermostWrapper(start.call);
  const declarator = node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node) return undefined;
  const id = declarator.id;
  if (id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = sourceCode.getDeclaredVariables(declarator).find((candidate) => candidate.name === id.name);
  // A later assignment may replace the span, so its references no longer tell about this one.
  if (variable === undefined || variable.references.some((reference) => reference.isWrite() && reference.init !== true)) return undefined;
  return variable;
}

/** Statements that hold a list of statements: block bodies, the program, `static {}` blocks. */
export type StatementList = TSESTree.BlockStatement | TSESTree.Program;

/**
 * Whether moving `statements` (consecutive members of one list) into a new nested scope keeps every
 * reference working: each `let`/`const`/`class`/`function` they declare at their own level, and each
 * `var` they declare anywhere, is referenced only inside them; and none of them is an `import` or
 * `export` declaration.
 * @param sourceCode the file
 * @param statements the statements to move, in order
 */
export function canMoveIntoScope(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly TSESTree.Statement[]): boolean {
  const first = statements[0];
  const last = statements.at(-1);
  if (first === undefined || last === undefined) return true;
  // Consecutive statements of one list are known by their first and last.
  const movableCache = movableCacheOf(sourceCode);
  let byLast = movableCache.get(first);
  if (byLast === undefined) {
    byLast = new Map();
    movableCache.set(first, byLast);
  }
  let movable = byLast.get(last);
  if (movable === undefined) {
    movable = canMoveUncached(sourceCode, statements, first.range[0], last.range[1]);
    byLast.set(last, movable);
  }
  return movable;
}

// Several rules' suggestions move the same statements (require-active-span and require-span-end both
// wrap what follows one span's declaration): the scope check runs once per run of statements.
const movableCacheOf = perFile(() => new Map<TSESTree.Node, Map<TSESTree.Node, boolean>>());

function canMoveUncached(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly TSESTree.Statement[], from: number, to: number): boolean {
  const inside = (node: TSESTree.Node): boolean => node.range[0] >= from && node.range[1] <= to;
  for (const statement of statements) {
    switch (statement.type) {
      case AST_NODE_TYPES.ImportDeclaration:
      case AST_NODE_TYPES.ExportAllDeclaration:
      case AST_NODE_TYPES.ExportDefaultDeclaration:
      case AST_NODE_TYPES.ExportNamedDeclaration:
      case AST_NODE_TYPES.TSExportAssignment:
      case AST_NODE_TYPES.TSImportEqualsDeclaration:
        return false;
      default:
        break;
    }
  }
  // Only the statements' own declarations and the `var`s nested in them are visible outside; looking at
  // those alone keeps the check proportional to the moved code, not to the file.
  const declared: TSESLint.Scope.Variable[] = [];
  for (const statement of statements) declared.push(...sourceCode.getDeclaredVariables(statement));
  const collectVars = (node: TSESTree.Node): void => {
    if (isFunctionNode(node)) return;
    if (node.type === AST_NODE_TYPES.VariableDeclaration && node.kind === 'var' && !statements.includes(node)) declared.push(...sourceCode.getDeclaredVariables(node));
    forEachChild(sourceCode, node, collectVars);
  };
  for (const statement of statements) collectVars(statement);
  return declared.every((variable) => variable.defs.every((definition) => inside(definition.name)) && variable.references.every((reference) => inside(reference.identifier)));
}

/**
 * Re-indents the source text of `statements` by `extra` on every line after the first, unless it holds
 * a multi-line template literal whose content would change.
 * @param sourceCode the file
 * @param statements the statements whose text is moved one level deeper
 * @param extra the added indentation, e.g. two spaces
 * @param edited the statements' text after edits (lines removed), when it differs from the source
 */
export function indentedText(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly TSESTree.Statement[], extra: string, edited?: string): string {
  const first = statements[0];
  const last = statements.at(-1);
  if (first === undefined || last === undefined) return '';
  const text = edited ?? sourceCode.text.slice(first.range[0], last.range[1]);
  // Template tokens start with a backtick: without one in the statements, their tokens need no look.
  const backtick = sourceCode.text.indexOf('`', first.range[0]);
  if (backtick !== -1 && backtick < last.range[1]) {
    const tokens = sourceCode.getTokensBetween(sourceCode.getTokenBefore(first) ?? first, sourceCode.getTokenAfter(last) ?? last);
    if (tokens.some((token) => token.type === AST_TOKEN_TYPES.Template && token.value.includes('\n'))) return text;
  }
  return text.replace(/\n(?=[^\n])/g, `\n${extra}`);
}

/**
 * The indentation (leading spaces and tabs) of the line on which `node` starts.
 * @param sourceCode the file
 * @param node any node
 */
export function lineIndent(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

// Keys that lead only to TypeScript types, which hold no statements, calls or awaits: the walks below skip
// them (in a typed file, annotations are a good share of all nodes).
const TYPE_ONLY_KEYS: ReadonlySet<string> = new Set(['typeAnnotation', 'typeParameters', 'typeArguments', 'returnType', 'superTypeArguments', 'implements']);

// The visitor keys without the type-only ones, per node type, for each parser's visitor keys.
const valueKeysCache = new WeakMap<TSESLint.SourceCode.VisitorKeys, Map<string, readonly string[]>>();

// Consecutive files mostly share one parser: its table is kept at hand.
let lastVisitorKeys: TSESLint.SourceCode.VisitorKeys | undefined;
let lastValueKeys = new Map<string, readonly string[]>();

function valueKeysOf(visitorKeys: TSESLint.SourceCode.VisitorKeys, type: string): readonly string[] {
  if (visitorKeys !== lastVisitorKeys) {
    let byType = valueKeysCache.get(visitorKeys);
    if (byType === undefined) {
      byType = new Map();
      valueKeysCache.set(visitorKeys, byType);
    }
    lastVisitorKeys = visitorKeys;
    lastValueKeys = byType;
  }
  const byType = lastValueKeys;
  let keys = byType.get(type);
  if (keys === undefined) {
    keys = (visitorKeys[type] ?? []).filter((key) => !TYPE_ONLY_KEYS.has(key));
    byType.set(type, keys);
  }
  return keys;
}

/**
 * Calls `visit` on each direct child of `node` that is code, in source order, following the parser's
 * visitor keys but not into type annotations, type parameters or type arguments.
 * @param sourceCode the file (its visitor keys cover TypeScript nodes too)
 * @param node any node
 * @param visit called once per child
 */
export function forEachChild(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, visit: (child: TSESTree.Node) => void): void {
  forEachChildWith(sourceCode, node, visit, undefined);
}

/**
 * {@link forEachChild} handing `state` to `visit`, so that a recursive walk passing state down needs no
 * new closure per node.
 * @param sourceCode the file
 * @param node any node
 * @param visit called once per child, with `state`
 * @param state passed on to every call of `visit`
 */
export function forEachChildWith<State>(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, visit: (child: TSESTree.Node, state: State) => void, state: State): void {
  for (const key of valueKeysOf(sourceCode.visitorKeys, node.type)) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) visit(child, state);
    } else if (isNode(value)) {
      visit(value, state);
    }
  }
}

/**
 * Whether `root` contains a node satisfying `predicate`, not looking into functions nested in `root`
 * (their code runs later, or not at all).
 * @param sourceCode the file
 * @param root where the search starts (searched even if it is a function)
 * @param predicate the test
 */
export function containsOutsideFunctions(sourceCode: Readonly<TSESLint.SourceCode>, root: TSESTree.Node, predicate: (node: TSESTree.Node) => boolean): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found || (node !== root && isFunctionNode(node))) return;
    if (predicate(node)) {
      found = true;
      return;
    }
    forEachChild(sourceCode, node, visit);
  };
  visit(root);
  return found;
}

/** What running one statement may do that matters when it moves into a callback. */
export interface StatementTraits {
  /** A `return` outside nested functions (a function statement's own body is searched). */
  readonly returns: boolean;
  /** An `await` or `for await` outside nested functions (a function statement's own body is searched). */
  readonly awaits: boolean;
  /** A `break` or `continue` that leaves the statement, or a `yield` (see {@link hasEscapingJump}). */
  readonly escapes: boolean;
}

const INSIDE_LOOP = 1;
const INSIDE_SWITCH = 2;

// Suggestions ask about the same statements for several candidate regions; one walk answers all three.
const statementTraitsCache = new WeakMap<TSESTree.Node, StatementTraits>();

/**
 * The {@link StatementTraits} of one statement, computed in one walk and kept per statement node.
 * @param sourceCode the file
 * @param statement a statement (or any node: it is searched even if it is a function)
 */
export function statementTraits(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node): StatementTraits {
  const cached = statementTraitsCache.get(statement);
  if (cached !== undefined) return cached;
  let returns = false;
  let awaits = false;
  let escapes = false;
  // A function statement is searched for returns and awaits, but jumps inside it never leave it.
  const jumpsLeave = !isFunctionNode(statement);
  // `break` may target an inner loop or `switch`; `continue` only an inner loop. Both facts travel down as
  // bits of one number (INSIDE_LOOP, INSIDE_SWITCH).
  const visit = (node: TSESTree.Node, inside: number): void => {
    if (node !== statement && isFunctionNode(node)) return;
    const insideLoop = (inside & INSIDE_LOOP) !== 0;
    const insideSwitch = (inside & INSIDE_SWITCH) !== 0;
    switch (node.type) {
      case AST_NODE_TYPES.ReturnStatement:
        returns = true;
        break;
      case AST_NODE_TYPES.AwaitExpression:
        awaits = true;
        break;
      case AST_NODE_TYPES.ForOfStatement:
        if (node.await) awaits = true;
        break;
      case AST_NODE_TYPES.YieldExpression:
        if (jumpsLeave) escapes = true;
        break;
      case AST_NODE_TYPES.BreakStatement:
        if (jumpsLeave && ((!insideLoop && !insideSwitch) || node.label !== null)) escapes = true;
        break;
      case AST_NODE_TYPES.ContinueStatement:
        if (jumpsLeave && (!insideLoop || node.label !== null)) escapes = true;
        break;
      default:
        break;
    }
    const below = inside | (isLoop(node) ? INSIDE_LOOP : 0) | (node.type === AST_NODE_TYPES.SwitchStatement ? INSIDE_SWITCH : 0);
    forEachChildWith(sourceCode, node, visit, below);
  };
  visit(statement, 0);
  const traits = { returns, awaits, escapes };
  statementTraitsCache.set(statement, traits);
  return traits;
}

/**
 * Whether the statements contain a `break` or `continue` that would leave them (one not inside a loop or
 * `switch` of their own, or any labelled one), or a `yield`: such code cannot move into a callback.
 * @param sourceCode the file
 * @param statements consecutive statements
 */
export function hasEscapingJump(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly TSESTree.Node[]): boolean {
  return statements.some((statement) => statementTraits(sourceCode, statement).escapes);
}

function isLoop(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return true;
    default:
      return false;
  }
}
