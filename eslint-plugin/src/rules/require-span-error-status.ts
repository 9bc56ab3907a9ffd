import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES, AST_TOKEN_TYPES } from '../util/ast';

import { createRule } from '../util/createRule';
import { ensureImport } from '../util/fixes';
import { getImportTracker, getStaticMemberName, OTEL_API, skipWrappers } from '../util/imports';
import { classifySpanUse, containsOutsideFunctions, enclosingFunction, lineIndent, matchSpanStart, mayStartSpans, spanVariable } from '../util/spans';

export type MessageIds = 'missingRecordException' | 'missingSetStatus' | 'recordError' | 'unrecordedError';
export type Options = [];

/** A span and the source range in which it is open, as far as the rule can tell. */
interface SpanScope {
  readonly name: string;
  readonly variable: TSESLint.Scope.Variable;
  readonly from: number;
  readonly to: number;
  /** The function whose own code (not nested callbacks) the scope covers. */
  readonly owner: TSESTree.Node | undefined;
}

// `SpanStatusCode.ERROR` is 2 in every version of the API.
const STATUS_CODE_ERROR = 2;
// Names tried, in order, for a catch parameter the suggestion has to add.
const ERROR_NAMES = ['error', 'err', 'caughtError'];
const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;

export default createRule<Options, MessageIds>({
  name: 'require-span-error-status',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a catch inside a span to record the error on the span and set its status to ERROR',
      recommended: 'strict',
      severity: 'warn',
    },
    hasSuggestions: true,
    messages: {
      unrecordedError:
        'This `catch` runs while span `{{span}}` is open but records nothing on it, so the trace shows the operation as successful and the error is invisible. Call `{{span}}.recordException(error)` and `{{span}}.setStatus({ code: SpanStatusCode.ERROR })`.',
      missingSetStatus:
        'This `catch` records the exception on span `{{span}}` but leaves its status unset, so backends still count the operation as successful. Also call `{{span}}.setStatus({ code: SpanStatusCode.ERROR })`.',
      missingRecordException:
        'This `catch` marks span `{{span}}` as failed but does not record the exception, so the trace has no error type, message or stack. Also call `{{span}}.recordException(error)`.',
      recordError: 'Record the error on `{{span}}` at the start of the catch block.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const { sourceCode } = context;
    if (!mayStartSpans(sourceCode)) return {};
    const tracker = getImportTracker(context);
    let scopes: SpanScope[] = [];
    const isTypeScript = TYPESCRIPT_FILE.test(context.filename);

    function addScope(call: TSESTree.CallExpression): void {
      const start = matchSpanStart(tracker, call);
      if (start === undefined || start.kind === 'factory') return;
      const variable = spanVariable(sourceCode, start);
      if (variable === undefined) return;
      if (start.kind === 'startActiveSpan') {
        const callback = start.callback;
        if (callback?.body.type !== AST_NODE_TYPES.BlockStatement) return;
        scopes.push({ name: variable.name, variable, from: callback.body.range[0], to: callback.body.range[1], owner: callback });
        return;
      }
      const declaration = variable.defs[0]?.node.parent;
      const block = declaration?.parent;
      if (declaration === undefined || block === undefined) return;
      const owner = enclosingFunction(declaration);
      let to = -1;
      for (const reference of variable.references) {
        const use = classifySpanUse(tracker, reference.identifier as TSESTree.Identifier);
        if (use.kind === 'end' && enclosingFunction(use.call) === owner) to = Math.max(to, use.call.range[1]);
      }
      // Never ended here: the span stays open to the end of its block.
      scopes.push({ name: variable.name, variable, from: declaration.range[1], to: to === -1 ? block.range[1] : to, owner });
    }

    /** The innermost span open around `clause` in the same function. */
    function spanAround(clause: TSESTree.CatchClause): SpanScope | undefined {
      const owner = enclosingFunction(clause);
      let best: SpanScope | undefined;
      for (const scope of scopes) {
        if (scope.owner !== owner || scope.from > clause.range[0] || scope.to < clause.range[1]) continue;
        if (best === undefined || scope.from > best.from) best = scope;
      }
      return best;
    }

    /** Whether a `setStatus({ code })` argument sets a code other than ERROR, i.e. a deliberate decision. */
    function setsNonErrorStatus(call: TSESTree.CallExpression): boolean {
      const [argument] = call.arguments;
      if (argument?.type !== AST_NODE_TYPES.ObjectExpression) return false;
      for (const property of argument.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier || property.key.name !== 'code') continue;
        const value = skipWrappers(property.value);
        if (value.type === AST_NODE_TYPES.Literal) return value.value !== STATUS_CODE_ERROR;
        if (value.type === AST_NODE_TYPES.MemberExpression && tracker.isReferenceTo(value.object, OTEL_API, 'SpanStatusCode')) {
          return getStaticMemberName(value) !== 'ERROR';
        }
      }
      return false;
    }

    /** Whether an enclosing `try` with a `catch`, inside the same span scope, receives what this catch rethrows. */
    function outerCatchHandles(clause: TSESTree.CatchClause, scope: SpanScope): boolean {
      const rethrows = containsOutsideFunctions(sourceCode, clause.body, (node) => node.type === AST_NODE_TYPES.ThrowStatement);
      if (!rethrows) return false;
      // The parser sets `Program.parent` to `null`, which its types do not admit.
      for (let node = clause.parent.parent as TSESTree.Node | null | undefined; node !== undefined && node !== null && node.range[1] > scope.from; node = node.parent) {
        if (node === scope.owner) return false;
        if (node.type === AST_NODE_TYPES.TryStatement && node.handler !== null && node.block.range[0] <= clause.range[0] && clause.range[1] <= node.block.range[1]) return true;
      }
      return false;
    }

    function freeErrorName(body: TSESTree.BlockStatement): string | undefined {
      const used = new Set(sourceCode.getTokens(body).filter((token) => token.type === AST_TOKEN_TYPES.Identifier).map((token) => token.value));
      return ERROR_NAMES.find((name) => !used.has(name));
    }

    function suggestion(clause: TSESTree.CatchClause, span: string, missing: { record: boolean; status: boolean }): TSESLint.ReportSuggestionArray<MessageIds> {
      const { param, body } = clause;
      if (param !== null && param.type !== AST_NODE_TYPES.Identifier) return [];
      const errorName = param?.name ?? freeErrorName(body);
      if (errorName === undefined) return [];
      return [
        {
          messageId: 'recordError',
          data: { span },
          fix: (fixer) => {
            const fixes: TSESLint.RuleFix[] = [];
            const statements: string[] = [];
            const asException = isTypeScript ? `${errorName} as Error` : errorName;
            if (missing.record) statements.push(`${span}.recordException(${asException});`);
            if (missing.status) {
              const status = ensureImport(fixer, sourceCode, OTEL_API, 'SpanStatusCode', body);
              if (status.fix !== undefined) fixes.push(status.fix);
              statements.push(`${span}.setStatus({ code: ${status.local}.ERROR, message: String(${errorName}) });`);
            }
            if (param === null) {
              const keyword = sourceCode.getFirstToken(clause);
              if (keyword !== null) fixes.push(fixer.insertTextAfter(keyword, ` (${errorName})`));
            }
            const outer = lineIndent(sourceCode, clause);
            const first = body.body[0];
            const inner = first === undefined ? `${outer}  ` : lineIndent(sourceCode, first);
            const lines = statements.map((statement) => `\n${inner}${statement}`).join('');
            fixes.push(first === undefined ? fixer.replaceText(body, `{${lines}\n${outer}}`) : fixer.insertTextAfterRange([body.range[0], body.range[0] + 1], lines));
            return fixes;
          },
        },
      ];
    }

    return {
      CallExpression(call): void {
        const callee = skipWrappers(call.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = getStaticMemberName(callee);
        if (method === 'startSpan' || method === 'startActiveSpan') addScope(call);
      },
      CatchClause(clause): void {
        if (scopes.length === 0) return;
        // Catches are visited in source order, so spans closed before this one stay closed for the rest.
        scopes = scopes.filter((scope) => scope.to >= clause.range[0]);
        const scope = spanAround(clause);
        if (scope === undefined) return;
        let record = false;
        let status = false;
        for (const reference of scope.variable.references) {
          const identifier = reference.identifier;
          if (identifier.range[0] < clause.body.range[0] || identifier.range[1] > clause.body.range[1]) continue;
          const use = classifySpanUse(tracker, identifier as TSESTree.Identifier);
          // Handed to a helper (`fail(span, error)`), which is trusted to record it.
          if (use.kind === 'escape') return;
          if (use.kind !== 'method') continue;
          if (use.method === 'recordException') record = true;
          if (use.method === 'setStatus') {
            if (setsNonErrorStatus(use.call)) return;
            status = true;
          }
        }
        if (record && status) return;
        if (outerCatchHandles(clause, scope)) return;
        const messageId = !record && !status ? 'unrecordedError' : record ? 'missingSetStatus' : 'missingRecordException';
        const keyword = sourceCode.getFirstToken(clause);
        const loc = clause.param?.loc ?? keyword?.loc ?? clause.loc;
        context.report({ loc, messageId, data: { span: scope.name }, suggest: suggestion(clause, scope.name, { record: !record, status: !status }) });
      },
    };
  },
});
