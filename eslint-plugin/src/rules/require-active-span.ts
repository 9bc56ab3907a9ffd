import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import type { SpanStart } from '../util/spans';

import { createRule } from '../util/createRule';
import { ensureImports } from '../util/fixes';
import { getImportTracker, getStaticMemberName, GLOBAL_MODULE, OTEL_API, skipWrappers } from '../util/imports';
import { getPropagationSettings } from '../util/settings';
import { mayContain } from '../util/sourceText';
import {
  canMoveIntoScope,
  classifySpanUse,
  containsOutsideFunctions,
  enclosingFunction,
  forEachChild,
  hasEscapingJump,
  indentedText,
  isFunctionNode,
  lineIndent,
  matchSpanStart,
  outermostWrapper,
  spanVariable,
  statementTraits,
} from '../util/spans';

export type MessageIds = 'spanNotActive' | 'useStartActiveSpan' | 'wrapInContextWith';
export type Options = [];

// The only span start this rule checks; `startActiveSpan` spans are active by construction.
const START_SPAN: readonly string[] = ['startSpan'];
// HTTP client modules whose `request`/`get` make outgoing requests that their instrumentation traces.
const HTTP_MODULES: ReadonlySet<string> = new Set(['http', 'https', 'http2']);
const HTTP_METHODS: ReadonlySet<string> = new Set(['request', 'get', 'connect']);
// HTTP client libraries with OpenTelemetry instrumentation (or traced through `http`/`undici`): the module
// called itself (`axios(…)`, `got(…)`) or one of its request methods.
const HTTP_CLIENT_MODULES: ReadonlySet<string> = new Set(['axios', 'got', 'node-fetch', 'undici', 'superagent']);
const HTTP_CLIENT_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'request', 'fetch', 'stream']);
// Database client method that instrumentations of pg, mysql, mysql2, mssql and others wrap.
const QUERY_METHOD = 'query';
// Awaited calls that only wait and do no traced work.
const WAIT_CALLEE_NAMES: ReadonlySet<string> = new Set(['sleep', 'delay', 'wait', 'setTimeout', 'setImmediate', 'queueMicrotask']);

function isRootTrue(property: TSESTree.ObjectLiteralElement): boolean {
  return (
    property.type === AST_NODE_TYPES.Property &&
    !property.computed &&
    property.key.type === AST_NODE_TYPES.Identifier &&
    property.key.name === 'root' &&
    property.value.type === AST_NODE_TYPES.Literal &&
    property.value.value === true
  );
}

/** A place where a child span may be created while the span is not active. */
interface Boundary {
  readonly node: TSESTree.Node;
  readonly label: string;
}

export default createRule<Options, MessageIds>({
  name: 'require-active-span',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a span that lives across an await or a traced call to be made active',
      recommended: 'recommended',
      severity: 'warn',
    },
    hasSuggestions: true,
    messages: {
      spanNotActive:
        'The span started by `{{call}}` is never made active, but {{boundary}} runs while it is open. Spans created there (by instrumentation or your own code) do not get it as parent: they become its siblings or start a new trace. Use `startActiveSpan`, or run that code in `context.with(trace.setSpan(context.active(), span), …)`.',
      useStartActiveSpan: 'Start the span with `startActiveSpan` and move the rest of the block into its callback.',
      wrapInContextWith: 'Run the code while the span is open in `context.with(trace.setSpan(context.active(), {{span}}), …)`.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const { sourceCode } = context;
    // Only `tracer.startSpan(…)` spans are checked: files that never spell it need no listener.
    if (!mayContain(sourceCode, START_SPAN)) return {};
    const tracker = getImportTracker(context);
    let disabled: boolean | undefined;

    function calleeText(call: TSESTree.CallExpression): string {
      const callee = skipWrappers(call.callee);
      const text = sourceCode.getText(callee);
      if (text.length <= 40 || callee.type !== AST_NODE_TYPES.MemberExpression) return text;
      return `….${getStaticMemberName(callee) ?? ''}`;
    }

    /** The traced call a node makes, described for the message, or `undefined` when it makes none. */
    function tracedCall(node: TSESTree.Node): string | undefined {
      if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) return undefined;
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const start = matchSpanStart(tracker, node);
        if (start !== undefined) return startsChildOfActive(start) ? `\`${calleeText(node)}(…)\`` : undefined;
      }
      const callee = skipWrappers(node.callee);
      const resolved = tracker.resolveReference(callee);
      if (resolved !== undefined) {
        const [first] = resolved.path;
        if (resolved.module === GLOBAL_MODULE && first === 'fetch' && resolved.path.length === 1) return '`fetch(…)`';
        if (HTTP_MODULES.has(resolved.module) && resolved.path.length === 1 && first !== undefined && HTTP_METHODS.has(first)) return `\`${resolved.module}.${first}(…)\``;
        if (HTTP_CLIENT_MODULES.has(resolved.module) && (first === undefined || (resolved.path.length === 1 && HTTP_CLIENT_METHODS.has(first)))) return `\`${sourceCode.getText(callee)}(…)\``;
      }
      if (node.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression && getStaticMemberName(callee) === QUERY_METHOD && node.arguments.length >= 1) {
        return `\`${calleeText(node)}(…)\``;
      }
      return undefined;
    }

    /** Whether a child start picks its parent from the active context (no explicit context, no `root: true`). */
    function startsChildOfActive(start: SpanStart): boolean {
      const options = start.call.arguments[1];
      if (options?.type === AST_NODE_TYPES.ObjectExpression && options.properties.some(isRootTrue)) return false;
      if (start.kind === 'startSpan') return start.call.arguments.length < 3;
      if (start.kind === 'startActiveSpan') return start.call.arguments.length < 4;
      return false;
    }

    /** Whether an awaited expression does work that can be traced (anything but waiting). */
    function awaitsWork(argument: TSESTree.Node): boolean {
      return containsOutsideFunctions(sourceCode, argument, (node) => {
        if (node.type === AST_NODE_TYPES.NewExpression) return !(node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Promise');
        if (node.type !== AST_NODE_TYPES.CallExpression) return false;
        const callee = skipWrappers(node.callee);
        if (tracker.resolveReference(callee)?.module === OTEL_API) return false;
        const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getStaticMemberName(callee) : undefined;
        if (name !== undefined && WAIT_CALLEE_NAMES.has(name)) return false;
        // `Promise.resolve()`/`Promise.all(...)` only combine; their arguments are searched on their own.
        return !(callee.type === AST_NODE_TYPES.MemberExpression && skipWrappers(callee.object).type === AST_NODE_TYPES.Identifier && (skipWrappers(callee.object) as TSESTree.Identifier).name === 'Promise');
      });
    }

    /** The first await or traced call in `[from, to)` of the statements, outside nested functions. */
    function firstBoundary(statements: readonly TSESTree.Node[], from: number, to: number): Boundary | undefined {
      let found: Boundary | undefined;
      const visit = (node: TSESTree.Node): void => {
        if (found !== undefined || isFunctionNode(node) || node.range[1] <= from || node.range[0] >= to) return;
        if (node.type === AST_NODE_TYPES.AwaitExpression && awaitsWork(node.argument)) {
          found = { node, label: '`await`' };
          return;
        }
        const call = tracedCall(node);
        if (call !== undefined) {
          found = { node, label: call };
          return;
        }
        forEachChild(sourceCode, node, visit);
      };
      for (const statement of statements) visit(statement);
      return found;
    }

    function containsAwait(statements: readonly TSESTree.Node[]): boolean {
      return statements.some((statement) => statementTraits(sourceCode, statement).awaits);
    }

    function containsReturn(statements: readonly TSESTree.Node[]): boolean {
      return statements.some((statement) => statementTraits(sourceCode, statement).returns);
    }

    /**
     * Builds the callback text `(params) => {\n  body\n}` around `statements` and the prefix the call
     * needs (`return `, `await `), or `undefined` when the statements cannot move into a callback.
     */
    function callbackParts(statements: readonly TSESTree.Statement[], block: TSESTree.BlockStatement | TSESTree.Program, reachesBlockEnd: boolean): { prefix: string; async: string; body: string; indent: string } | undefined {
      const first = statements[0];
      if (first === undefined) return undefined;
      if (!canMoveIntoScope(sourceCode, statements) || hasEscapingJump(sourceCode, statements)) return undefined;
      const returns = containsReturn(statements);
      // A return inside the callback only returns from the function when the call is the function's last statement.
      if (returns && (!reachesBlockEnd || block.type !== AST_NODE_TYPES.BlockStatement || !isFunctionNode(block.parent))) return undefined;
      const awaits = containsAwait(statements);
      const prefix = returns ? 'return ' : awaits ? 'await ' : '';
      return { prefix, async: awaits ? 'async ' : '', body: indentedText(sourceCode, statements, '  '), indent: lineIndent(sourceCode, first) };
    }

    function suggestions(start: SpanStart, declaration: TSESTree.VariableDeclaration, spanName: string, ends: readonly TSESTree.CallExpression[]): TSESLint.ReportSuggestionArray<MessageIds> {
      const block = declaration.parent;
      if (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program) return [];
      if (declaration.declarations.length !== 1) return [];
      const body = block.body as readonly TSESTree.Statement[];
      const rest = body.slice(body.indexOf(declaration) + 1);
      const last = rest.at(-1);
      if (last === undefined) return [];
      const semicolon = sourceCode.getLastToken(declaration)?.value === ';' ? ';' : '';
      const result: TSESLint.ReportSuggestionArray<MessageIds> = [];

      const callee = skipWrappers(start.call.callee);
      const firstArgument = start.call.arguments[0];
      const lastArgument = start.call.arguments.at(-1);
      // The whole rest is also the region when no `span.end();` statement trails it: built at most once, when needed.
      let whole: ReturnType<typeof callbackParts>;
      let wholeBuilt = false;
      const wholeParts = (): ReturnType<typeof callbackParts> => {
        if (!wholeBuilt) {
          whole = callbackParts(rest, block, true);
          wholeBuilt = true;
        }
        return whole;
      };
      if (declaration.kind === 'const' && ends.length > 0 && callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && !callee.optional && firstArgument !== undefined && lastArgument !== undefined) {
        const moved = wholeParts();
        if (moved !== undefined) {
          const receiver = sourceCode.getText(callee.object);
          const args = sourceCode.text.slice(firstArgument.range[0], lastArgument.range[1]);
          const text = `${moved.prefix}${receiver}.startActiveSpan(${args}, ${moved.async}(${spanName}) => {\n${moved.indent}  ${moved.body}\n${moved.indent}})${semicolon}`;
          result.push({ messageId: 'useStartActiveSpan', fix: (fixer) => fixer.replaceTextRange([declaration.range[0], last.range[1]], text) });
        }
      }

      // The region ends before a trailing `span.end();` statement, which stays after the callback.
      const lastEnd = ends.at(-1);
      const endStatement = lastEnd === undefined ? undefined : outermostWrapper(lastEnd).parent;
      const endIndex = endStatement?.type === AST_NODE_TYPES.ExpressionStatement ? rest.indexOf(endStatement) : -1;
      const region = endIndex === -1 ? rest : rest.slice(0, endIndex);
      const regionLast = region.at(-1);
      const parts = endIndex === -1 ? wholeParts() : callbackParts(region, block, false);
      const regionFirst = region[0];
      if (parts !== undefined && regionFirst !== undefined && regionLast !== undefined) {
        result.push({
          messageId: 'wrapInContextWith',
          data: { span: spanName },
          fix: (fixer) => {
            const { locals, fix } = ensureImports(fixer, sourceCode, OTEL_API, ['context', 'trace'], declaration);
            const [contextName = 'context', traceName = 'trace'] = locals;
            const text = `${parts.prefix}${contextName}.with(${traceName}.setSpan(${contextName}.active(), ${spanName}), ${parts.async}() => {\n${parts.indent}  ${parts.body}\n${parts.indent}})${semicolon}`;
            const replace = fixer.replaceTextRange([regionFirst.range[0], regionLast.range[1]], text);
            return fix === undefined ? [replace] : [fix, replace];
          },
        });
      }
      return result;
    }

    function check(start: SpanStart): void {
      const variable = spanVariable(sourceCode, start);
      const declarator = variable?.defs[0]?.node;
      const declaration = declarator?.parent;
      if (variable === undefined || declaration?.type !== AST_NODE_TYPES.VariableDeclaration) return;
      const block = declaration.parent;
      if (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program) return;
      const owner = enclosingFunction(declaration);
      const ends: TSESTree.CallExpression[] = [];
      let lifetimeEnd = declaration.range[1];
      for (const reference of variable.references) {
        if (reference.init === true) continue;
        const use = classifySpanUse(tracker, reference.identifier as TSESTree.Identifier);
        // Handed off, or already used as a parent (`trace.setSpan`, `spanContext()` for links): not ours to judge.
        if (use.kind === 'escape' || use.kind === 'api' || (use.kind === 'method' && use.method === 'spanContext')) return;
        lifetimeEnd = Math.max(lifetimeEnd, reference.identifier.range[1]);
        if (use.kind === 'end' && enclosingFunction(use.call) === owner) ends.push(use.call);
      }
      const body: readonly TSESTree.Node[] = block.body;
      const rest = body.slice(body.indexOf(declaration) + 1);
      // Without an end() the span lives to the end of the block.
      const until = ends.length === 0 ? block.range[1] : lifetimeEnd;
      const boundary = firstBoundary(rest, declaration.range[1], until);
      if (boundary === undefined) return;
      context.report({
        node: start.call,
        messageId: 'spanNotActive',
        data: { call: calleeText(start.call), boundary: boundary.label },
        suggest: suggestions(start, declaration, variable.name, ends),
      });
    }

    function isDisabled(): boolean {
      // Without a context manager nothing can be made active, so the advice would not help.
      disabled ??= getPropagationSettings(context).contextManager === 'none';
      return disabled;
    }

    return {
      CallExpression(call): void {
        const callee = skipWrappers(call.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || getStaticMemberName(callee) !== 'startSpan') return;
        const start = matchSpanStart(tracker, call);
        if (start?.kind !== 'startSpan' || isDisabled()) return;
        check(start);
      },
    };
  },
});
