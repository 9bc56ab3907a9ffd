import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES, DefinitionType } from '../util/ast';

import type { SpanStart } from '../util/spans';

import { createRule } from '../util/createRule';
import { getImportTracker, getStaticMemberName, OTEL_API, skipWrappers } from '../util/imports';
import { mayContain, mayMention } from '../util/sourceText';
import {
  canMoveIntoScope,
  classifySpanUse,
  containsOutsideFunctions,
  enclosingFunction,
  forEachChild,
  hasApiType,
  indentedText,
  isFunctionNode,
  lineIndent,
  matchSpanStart,
  mayStartSpans,
  outermostWrapper,
  SPAN_METHODS,
  spanVariable,
} from '../util/spans';

export type MessageIds = 'spanNeverEnded' | 'spanNotEndedOnError' | 'spanNotEndedOnPath' | 'wrapInTryFinally';
export type Options = [{ spanFactories?: string[] }];

// `trace.getActiveSpan()` is searched for in callbacks only in files that spell it.
const GET_ACTIVE_SPAN: readonly string[] = ['getactivespan'];

/**
 * What running a statement does to a span that is open when it starts. Every field is "on some path",
 * so `completesOpen: false` means every normal completion has ended the span.
 */
interface Flow {
  /** The statement can complete normally. */
  readonly completes: boolean;
  /** Some normal completion leaves the span open. */
  readonly completesOpen: boolean;
  /** Some `return`, `break` or `continue` leaves the region with the span open. */
  readonly leaksOnReturn: boolean;
  /** Some thrown error (explicit or from a call or `await`) leaves the region with the span open. */
  readonly leaksOnThrow: boolean;
}

const NEUTRAL: Flow = { completes: true, completesOpen: true, leaksOnReturn: false, leaksOnThrow: false };

// API calls that run a callback, whose errors propagate through them.
const CALLBACK_API_METHODS: ReadonlySet<string> = new Set(['with', 'startActiveSpan']);

// The console never throws on its own; treating its calls as throw points would flag every logged span.
const CONSOLE = 'console';

function union(a: Flow, b: Flow): Flow {
  return {
    completes: a.completes || b.completes,
    completesOpen: (a.completes && a.completesOpen) || (b.completes && b.completesOpen),
    leaksOnReturn: a.leaksOnReturn || b.leaksOnReturn,
    leaksOnThrow: a.leaksOnThrow || b.leaksOnThrow,
  };
}

/** Statements that cannot run code when reached: declarations hoisted or erased at compile time. */
function isInert(statement: TSESTree.Node): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.EmptyStatement:
    case AST_NODE_TYPES.TSTypeAliasDeclaration:
    case AST_NODE_TYPES.TSInterfaceDeclaration:
    case AST_NODE_TYPES.TSDeclareFunction:
      return true;
    default:
      return false;
  }
}

export default createRule<Options, MessageIds>({
  name: 'require-span-end',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every started span to be ended on every path, including thrown errors',
      recommended: 'recommended',
      severity: 'error',
    },
    hasSuggestions: true,
    messages: {
      spanNeverEnded:
        'The span started by `{{call}}` is never ended. A span that is not ended is never exported, so this operation and every child parented to it are missing from the trace. Call `span.end()` in a `finally` block.',
      spanNotEndedOnError:
        'The span started by `{{call}}` is not ended when an error is thrown before `span.end()`. On that path the span is never exported and its children point to a missing parent. End it in a `finally` block, or in both the normal path and a `catch`.',
      spanNotEndedOnPath:
        'The span started by `{{call}}` is not ended on every path (an early `return`, `break` or a branch skips `span.end()`). On that path the span is never exported and its children point to a missing parent. End it in a `finally` block.',
      wrapInTryFinally: 'Wrap the code after the span starts in `try { … } finally { {{span}}.end(); }`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          spanFactories: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Names of functions (or methods) that return a started span, e.g. `startChildSpan`; their results must be ended like `startSpan`.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ spanFactories: [] }],
  },
  create(context, [{ spanFactories = [] }]) {
    const { sourceCode } = context;
    if (!mayStartSpans(sourceCode) && (spanFactories.length === 0 || !mayContain(sourceCode, spanFactories))) return {};
    const factories: ReadonlySet<string> = new Set(spanFactories);
    const tracker = getImportTracker(context);

    function calleeText(call: TSESTree.CallExpression): string {
      const callee = skipWrappers(call.callee);
      const text = sourceCode.getText(callee);
      if (text.length <= 40 || callee.type !== AST_NODE_TYPES.MemberExpression) return text;
      return `….${getStaticMemberName(callee) ?? ''}`;
    }

    /** Whether an identifier certainly holds a span (so its method calls cannot throw). */
    function isSpanIdentifier(identifier: TSESTree.Identifier): boolean {
      if (hasApiType(tracker, identifier, 'Span')) return true;
      const initializer = tracker.constantInitializer(identifier);
      if (initializer !== undefined) {
        const init = skipWrappers(initializer);
        return init.type === AST_NODE_TYPES.CallExpression && matchSpanStart(tracker, init, factories) !== undefined;
      }
      const variable = tracker.variableOf(identifier);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      const owner = definition?.type === DefinitionType.Parameter ? definition.node : undefined;
      if (owner === undefined || !isFunctionNode(owner) || owner.params[0] !== definition?.name) return false;
      const call = owner.parent;
      return call.type === AST_NODE_TYPES.CallExpression && matchSpanStart(tracker, call, factories)?.callback === owner;
    }

    /** Whether a call can throw: anything but span methods, non-callback API calls, span starts and `console`. */
    function callMayThrow(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
      if (call.type === AST_NODE_TYPES.NewExpression) return true;
      const callee = skipWrappers(call.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = getStaticMemberName(callee);
        const receiver = skipWrappers(callee.object);
        if (receiver.type === AST_NODE_TYPES.Identifier && method !== undefined) {
          if (SPAN_METHODS.has(method) && isSpanIdentifier(receiver)) return false;
          if (receiver.name === CONSOLE && tracker.variableOf(receiver) === null) return false;
        }
        if (method !== undefined && CALLBACK_API_METHODS.has(method)) return true;
      }
      if (tracker.resolveReference(callee)?.module === OTEL_API) return false;
      return matchSpanStart(tracker, call, factories) === undefined || call.arguments.some(isFunctionNode);
    }

    /**
     * Whether running `root` (not counting nested functions) can throw, and whether it contains a
     * `return`; one walk answers both.
     */
    function exits(root: TSESTree.Node): { returns: boolean; throws: boolean } {
      let returns = false;
      let throws = false;
      const visit = (node: TSESTree.Node): void => {
        if (returns && throws) return;
        switch (node.type) {
          case AST_NODE_TYPES.ReturnStatement:
            returns = true;
            break;
          case AST_NODE_TYPES.AwaitExpression:
          case AST_NODE_TYPES.YieldExpression:
          case AST_NODE_TYPES.ThrowStatement:
          case AST_NODE_TYPES.TaggedTemplateExpression:
            throws = true;
            break;
          case AST_NODE_TYPES.CallExpression:
          case AST_NODE_TYPES.NewExpression:
            if (!throws && callMayThrow(node)) throws = true;
            break;
          default:
            if (isFunctionNode(node) && node !== root) return;
        }
        forEachChild(sourceCode, node, visit);
      };
      visit(root);
      return { returns, throws };
    }

    function mayThrow(root: TSESTree.Node): boolean {
      return exits(root).throws;
    }

    /**
     * Follows one span through the statements of its region. `ends` are its `end()` calls outside
     * nested functions; `undefined` results mean the code has a shape the analysis does not model
     * (an `end()` inside a loop, a conditional `end()` in `finally`), and the rule stays quiet.
     */
    function analyzer(ends: readonly TSESTree.CallExpression[]): { sequence: (statements: readonly TSESTree.Node[]) => Flow | undefined; flowOf: (statement: TSESTree.Node) => Flow | undefined } {
      const containsEnd = (node: TSESTree.Node): boolean => ends.some((end) => end.range[0] >= node.range[0] && end.range[1] <= node.range[1]);
      const isEndStatement = (statement: TSESTree.ExpressionStatement): boolean => {
        let expression = skipWrappers(statement.expression);
        if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === 'void') expression = skipWrappers(expression.argument);
        return ends.some((end) => end === expression);
      };

      function sequence(statements: readonly TSESTree.Node[]): Flow | undefined {
        let leaksOnReturn = false;
        let leaksOnThrow = false;
        for (const statement of statements) {
          const flow = flowOf(statement);
          if (flow === undefined) return undefined;
          leaksOnReturn ||= flow.leaksOnReturn;
          leaksOnThrow ||= flow.leaksOnThrow;
          if (!flow.completes || !flow.completesOpen) return { completes: flow.completes, completesOpen: false, leaksOnReturn, leaksOnThrow };
        }
        return { completes: true, completesOpen: true, leaksOnReturn, leaksOnThrow };
      }

      function generic(statement: TSESTree.Node): Flow | undefined {
        if (containsEnd(statement)) return undefined;
        const { returns, throws } = exits(statement);
        return { completes: true, completesOpen: true, leaksOnReturn: returns, leaksOnThrow: throws };
      }

      function tryFlow(statement: TSESTree.TryStatement): Flow | undefined {
        const finalizer = statement.finalizer === null ? undefined : sequence(statement.finalizer.body);
        if (statement.finalizer !== null && finalizer === undefined) return undefined;
        if (finalizer !== undefined && statement.finalizer !== null && containsEnd(statement.finalizer)) {
          // `finally { span.end(); }` covers every exit of the try and catch blocks, so they need no analysis;
          // once `completesOpen` is false, whether the statement completes no longer matters.
          if (!finalizer.completes || finalizer.completesOpen) return undefined;
          return { completes: true, completesOpen: false, leaksOnReturn: finalizer.leaksOnReturn, leaksOnThrow: finalizer.leaksOnThrow };
        }
        const block = sequence(statement.block.body);
        const handler = statement.handler === null ? undefined : sequence(statement.handler.body.body);
        if (block === undefined || (statement.handler !== null && handler === undefined)) return undefined;
        // The catch is entered with the span possibly open, whatever the try block did before throwing.
        const inner: Flow = handler === undefined ? block : union({ ...block, leaksOnThrow: false }, handler);
        if (finalizer === undefined) return inner;
        return {
          completes: inner.completes && finalizer.completes,
          completesOpen: inner.completesOpen,
          leaksOnReturn: inner.leaksOnReturn || finalizer.leaksOnReturn,
          leaksOnThrow: inner.leaksOnThrow || finalizer.leaksOnThrow,
        };
      }

      function flowOf(statement: TSESTree.Node): Flow | undefined {
        if (isInert(statement)) return NEUTRAL;
        switch (statement.type) {
          case AST_NODE_TYPES.ExpressionStatement:
            if (isEndStatement(statement)) return { ...NEUTRAL, completesOpen: false };
            return generic(statement);
          case AST_NODE_TYPES.BlockStatement:
            return sequence(statement.body);
          case AST_NODE_TYPES.IfStatement: {
            if (containsEnd(statement.test)) return undefined;
            const consequent = flowOf(statement.consequent);
            const alternate = statement.alternate === null ? NEUTRAL : flowOf(statement.alternate);
            if (consequent === undefined || alternate === undefined) return undefined;
            const both = union(consequent, alternate);
            return mayThrow(statement.test) ? { ...both, leaksOnThrow: true } : both;
          }
          case AST_NODE_TYPES.ReturnStatement:
            if (statement.argument !== null && containsEnd(statement.argument)) return undefined;
            return { completes: false, completesOpen: false, leaksOnReturn: true, leaksOnThrow: statement.argument !== null && mayThrow(statement.argument) };
          case AST_NODE_TYPES.ThrowStatement:
            if (containsEnd(statement.argument)) return undefined;
            return { completes: false, completesOpen: false, leaksOnReturn: false, leaksOnThrow: true };
          case AST_NODE_TYPES.BreakStatement:
          case AST_NODE_TYPES.ContinueStatement:
            return { completes: false, completesOpen: false, leaksOnReturn: true, leaksOnThrow: false };
          case AST_NODE_TYPES.TryStatement:
            return tryFlow(statement);
          default:
            return generic(statement);
        }
      }

      return { sequence, flowOf };
    }

    /** The statements a span lives through, with the function its references must stay in. */
    interface Region {
      readonly statements: readonly TSESTree.Node[];
      readonly owner: TSESTree.Node | undefined;
      /** The block the statements belong to, when they are a suffix of one (for the suggestion). */
      readonly list?: readonly TSESTree.Statement[];
      readonly declaration?: TSESTree.VariableDeclaration;
    }

    function regionOf(start: SpanStart, variable: TSESLint.Scope.Variable): Region | undefined {
      if (start.kind === 'startActiveSpan') {
        const callback = start.callback;
        if (callback === undefined) return undefined;
        if (callback.body.type !== AST_NODE_TYPES.BlockStatement) {
          // `(span) => expr` behaves like a body of `return expr;`.
          return { statements: [callback.body], owner: callback };
        }
        return { statements: callback.body.body, owner: callback, list: callback.body.body };
      }
      const declaration = variable.defs[0]?.node.parent;
      if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration) return undefined;
      const block = declaration.parent;
      if (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program) return undefined;
      const owner = enclosingFunction(declaration);
      // A `var` in an inner block outlives the block, so the block's end proves nothing.
      if (declaration.kind === 'var' && block.parent !== owner && block.type !== AST_NODE_TYPES.Program) return undefined;
      const body: readonly TSESTree.Node[] = block.body;
      const index = body.indexOf(declaration);
      return { statements: body.slice(index + 1), owner, list: (block.body as TSESTree.Statement[]).slice(index + 1), declaration };
    }

    /**
     * The text of `moved` without the statements in `removed`, each taken out with its line; `undefined`
     * when one of them shares its line with other code.
     */
    function textWithout(moved: readonly TSESTree.Statement[], removed: readonly TSESTree.Node[]): string | undefined {
      const text = sourceCode.text;
      const first = moved[0];
      const last = moved.at(-1);
      if (first === undefined || last === undefined) return undefined;
      const cuts: [number, number][] = [];
      for (const statement of removed) {
        const lineStart = statement.range[0] - statement.loc.start.column;
        const lineEnd = text.indexOf('\n', statement.range[1]);
        if (text.slice(lineStart, statement.range[0]).trim() !== '' || text.slice(statement.range[1], lineEnd === -1 ? text.length : lineEnd).trim() !== '') return undefined;
        // The newline before the statement goes with it, so the first moved statement cannot be cut.
        if (lineStart - 1 < first.range[0]) return undefined;
        cuts.push([lineStart - 1, statement.range[1]]);
      }
      cuts.sort((a, b) => a[0] - b[0]);
      let result = '';
      let position = first.range[0];
      for (const [from, to] of cuts) {
        result += text.slice(position, from);
        position = to;
      }
      return result + text.slice(position, last.range[1]);
    }

    function suggestion(region: Region, spanName: string, ends: readonly TSESTree.CallExpression[]): TSESLint.ReportSuggestionArray<MessageIds> {
      const moved = region.list;
      const first = moved?.[0];
      const last = moved?.at(-1);
      if (moved === undefined || first === undefined || last === undefined) return [];
      if (region.declaration !== undefined && (region.declaration.kind !== 'const' || region.declaration.declarations.length !== 1)) return [];
      // Existing `end()` statements are dropped, since `finally` ends the span on every path.
      const endStatements: TSESTree.Node[] = [];
      for (const end of ends) {
        const statement = outermostWrapper(end).parent;
        if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) return [];
        const list = statement.parent;
        if (list.type !== AST_NODE_TYPES.BlockStatement && list.type !== AST_NODE_TYPES.Program) return [];
        endStatements.push(statement);
      }
      if (!canMoveIntoScope(sourceCode, moved)) return [];
      const body = textWithout(moved, endStatements);
      if (body === undefined) return [];
      const indent = lineIndent(sourceCode, first);
      const reindented = indentedText(sourceCode, moved, '  ', body);
      const semicolon = sourceCode.getLastToken(region.declaration ?? first)?.value === ';' ? ';' : '';
      const text = `try {\n${indent}  ${reindented}\n${indent}} finally {\n${indent}  ${spanName}.end()${semicolon}\n${indent}}`;
      return [{ messageId: 'wrapInTryFinally', data: { span: spanName }, fix: (fixer) => fixer.replaceTextRange([first.range[0], last.range[1]], text) }];
    }

    function check(start: SpanStart): void {
      const call = start.call;
      const data = { call: calleeText(call) };
      if (start.kind !== 'startActiveSpan') {
        if (outermostWrapper(call).parent?.type === AST_NODE_TYPES.ExpressionStatement) {
          context.report({ node: call, messageId: 'spanNeverEnded', data });
          return;
        }
      }
      const variable = spanVariable(sourceCode, start);
      if (variable === undefined) return;
      // `trace.getActiveSpan()` inside the callback reaches the same span by another name.
      const callback = start.callback;
      if (callback !== undefined && mayMention(sourceCode, GET_ACTIVE_SPAN) && containsOutsideFunctions(sourceCode, callback.body, (node) => tracker.isApiCall(node, 'trace', 'getActiveSpan'))) return;
      const region = regionOf(start, variable);
      if (region === undefined) return;
      const ends: TSESTree.CallExpression[] = [];
      for (const reference of variable.references) {
        if (reference.init === true) continue;
        const use = classifySpanUse(tracker, reference.identifier as TSESTree.Identifier);
        if (use.kind === 'escape') return;
        if (use.kind !== 'end') continue;
        // An end() in a callback (`res.on('finish', () => span.end())`) is trusted to run: see the docs.
        if (enclosingFunction(use.call) !== region.owner) return;
        ends.push(use.call);
      }
      const suggest = (): TSESLint.ReportSuggestionArray<MessageIds> => suggestion(region, variable.name, ends);
      if (ends.length === 0) {
        context.report({ node: call, messageId: 'spanNeverEnded', data, suggest: suggest() });
        return;
      }
      const flow = analyzer(ends).sequence(region.statements);
      if (flow === undefined) return;
      if (flow.leaksOnReturn || (flow.completes && flow.completesOpen)) {
        context.report({ node: call, messageId: 'spanNotEndedOnPath', data, suggest: suggest() });
      } else if (flow.leaksOnThrow) {
        context.report({ node: call, messageId: 'spanNotEndedOnError', data, suggest: suggest() });
      }
    }

    return {
      CallExpression(call): void {
        const callee = skipWrappers(call.callee);
        const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getStaticMemberName(callee) : undefined;
        if (name === undefined || (name !== 'startSpan' && name !== 'startActiveSpan' && !factories.has(name))) return;
        const start = matchSpanStart(tracker, call, factories);
        if (start !== undefined) check(start);
      },
    };
  },
});
