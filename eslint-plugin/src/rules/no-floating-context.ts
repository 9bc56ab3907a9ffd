import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import type { ImportTracker } from '../util/imports';

import { createRule } from '../util/createRule';
import { ensureImports, freeLocalName, planContextWith } from '../util/fixes';
import { getImportTracker, getStaticMemberName, OTEL_API, skipWrappers } from '../util/imports';
import { mentionsOpenTelemetry } from '../util/sdk';

export type MessageIds = 'floatingBaggage' | 'floatingContext' | 'floatingExtract' | 'keepBaggage' | 'keepContext' | 'runWithBaggage' | 'runWithContext';
export type Options = [];

// API functions that return a new Context and leave their argument untouched.
const CONTEXT_RETURNING_CALLS: readonly (readonly [string, string])[] = [
  ['context', 'active'],
  ['propagation', 'extract'],
  ['propagation', 'setBaggage'],
  ['propagation', 'deleteBaggage'],
  ['trace', 'setSpan'],
  ['trace', 'setSpanContext'],
  ['trace', 'deleteSpan'],
];

// Of those, the ones whose only effect is the returned value (`context.active()` is a plain read).
const FLOATING_API_CALLS = CONTEXT_RETURNING_CALLS.filter(([, method]) => method !== 'active');

// Context methods and their exact arity, so `map.setValue(a, b, c)` look-alikes stay out.
const CONTEXT_METHODS: ReadonlyMap<string, number> = new Map([
  ['setValue', 2],
  ['deleteValue', 1],
]);

// Baggage methods and their arity (`removeEntries` takes any number of keys).
const BAGGAGE_METHODS: ReadonlyMap<string, number | undefined> = new Map([
  ['setEntry', 2],
  ['removeEntry', 1],
  ['removeEntries', undefined],
]);

const BAGGAGE_RETURNING_CALLS: readonly string[] = ['createBaggage', 'getBaggage', 'getActiveBaggage'];

// The names a thrown-away call of interest ends in: the API functions, a propagator's `extract`, and the
// Context and Baggage methods.
const CANDIDATE_METHODS: ReadonlySet<string> = new Set(['extract', ...FLOATING_API_CALLS.map(([, method]) => method), ...CONTEXT_METHODS.keys(), ...BAGGAGE_METHODS.keys()]);

const OTEL_SCOPE = '@opentelemetry/';

// Aliases chained through more variables than this are not followed; real code never gets close.
const MAX_ALIAS_DEPTH = 8;

/** The method name and receiver of `receiver.method(...)` / `receiver?.method(...)`, if the call has that shape. */
function methodCall(call: TSESTree.CallExpression): { method: string; receiver: TSESTree.Expression } | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getStaticMemberName(callee);
  return method === undefined ? undefined : { method, receiver: callee.object };
}

function hasArity(call: TSESTree.CallExpression, arity: number | undefined): boolean {
  if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return arity === undefined;
  return arity === undefined || call.arguments.length === arity;
}

/** Whether an identifier is a parameter or variable annotated with `@opentelemetry/api`'s type `typeName`. */
function hasApiTypeAnnotation(tracker: ImportTracker, identifier: TSESTree.Identifier, typeName: string): boolean {
  const variable = tracker.variableOf(identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const name = definition?.name;
  const annotation = name?.type === AST_NODE_TYPES.Identifier ? name.typeAnnotation?.typeAnnotation : undefined;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return false;
  // The annotation only holds if nothing reassigns the binding with something else.
  if (variable?.references.some((reference) => reference.isWrite() && reference.init !== true)) return false;
  const resolved = tracker.resolveTypeName(annotation.typeName);
  return resolved?.module === OTEL_API && resolved.path.length === 1 && resolved.path[0] === typeName;
}

export default createRule<Options, MessageIds>({
  name: 'no-floating-context',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow discarding the Context or Baggage returned by an immutable OpenTelemetry API call',
      recommended: 'recommended',
      severity: 'error',
    },
    hasSuggestions: true,
    messages: {
      floatingBaggage:
        'The Baggage returned by `{{call}}` is thrown away. Baggage is immutable, so this call changed nothing and the entry never reaches downstream services. Keep the returned baggage and put it into a context with `propagation.setBaggage(ctx, baggage)`.',
      floatingContext:
        'The Context returned by `{{call}}` is thrown away. Contexts are immutable, so this call changed nothing and spans started afterwards will not see it. Use the returned context, e.g. `context.with(newContext, fn)`.',
      floatingExtract:
        'The Context returned by `{{call}}` is thrown away. Extracting does not activate anything, so the incoming trace is lost and spans started here begin a new trace. Use the returned context, e.g. `context.with(propagation.extract(ROOT_CONTEXT, carrier), handler)`.',
      keepBaggage: 'Keep the returned baggage in `{{name}}` to put it into a context.',
      keepContext: 'Keep the returned context in `{{name}}` to pass it on.',
      runWithBaggage: 'Run the rest of the block in the active context with this baggage: `context.with(propagation.setBaggage(context.active(), …), () => { … })`.',
      runWithContext: 'Run the rest of the block in the returned context: `context.with(…, () => { … })`.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    // Every call this rule reports resolves to an `@opentelemetry/` import (the API, or a propagator class).
    if (!mentionsOpenTelemetry(context.sourceCode)) return {};
    const tracker = getImportTracker(context);

    function isApiCallOf(node: TSESTree.Node, calls: readonly (readonly [string, string])[]): boolean {
      return calls.some(([namespace, method]) => tracker.isApiCall(node, namespace, method));
    }

    /** Whether an expression certainly evaluates to a Context (see the rule doc for the list). */
    function isContextExpression(expression: TSESTree.Node, depth: number): boolean {
      const node = skipWrappers(expression);
      if (depth > MAX_ALIAS_DEPTH) return false;
      switch (node.type) {
        case AST_NODE_TYPES.Identifier: {
          if (tracker.isReferenceTo(node, OTEL_API, 'ROOT_CONTEXT')) return true;
          if (hasApiTypeAnnotation(tracker, node, 'Context')) return true;
          const initializer = tracker.constantInitializer(node);
          return initializer !== undefined && isContextExpression(initializer, depth + 1);
        }
        case AST_NODE_TYPES.MemberExpression:
          return tracker.isReferenceTo(node, OTEL_API, 'ROOT_CONTEXT');
        case AST_NODE_TYPES.CallExpression: {
          if (isApiCallOf(node, CONTEXT_RETURNING_CALLS)) return true;
          const call = methodCall(node);
          return call !== undefined && hasArity(node, CONTEXT_METHODS.get(call.method) ?? -1) && isContextExpression(call.receiver, depth + 1);
        }
        default:
          return false;
      }
    }

    /** Whether an expression certainly evaluates to a Baggage (or `undefined`, for `getBaggage`). */
    function isBaggageExpression(expression: TSESTree.Node, depth: number): boolean {
      const node = skipWrappers(expression);
      if (depth > MAX_ALIAS_DEPTH) return false;
      switch (node.type) {
        case AST_NODE_TYPES.Identifier: {
          if (hasApiTypeAnnotation(tracker, node, 'Baggage')) return true;
          const initializer = tracker.constantInitializer(node);
          return initializer !== undefined && isBaggageExpression(initializer, depth + 1);
        }
        case AST_NODE_TYPES.CallExpression: {
          if (BAGGAGE_RETURNING_CALLS.some((method) => tracker.isApiCall(node, 'propagation', method))) return true;
          const call = methodCall(node);
          return call !== undefined && BAGGAGE_METHODS.has(call.method) && hasArity(node, BAGGAGE_METHODS.get(call.method)) && isBaggageExpression(call.receiver, depth + 1);
        }
        default:
          return false;
      }
    }

    /**
     * Whether an expression is an OpenTelemetry propagator instance: `new W3CTraceContextPropagator()`
     * (any class whose name ends in `Propagator`, exported by an `@opentelemetry/` package), directly
     * or through a constant variable.
     */
    function isPropagatorInstance(expression: TSESTree.Node, depth: number): boolean {
      const node = skipWrappers(expression);
      if (depth > MAX_ALIAS_DEPTH) return false;
      if (node.type === AST_NODE_TYPES.Identifier) {
        const initializer = tracker.constantInitializer(node);
        return initializer !== undefined && isPropagatorInstance(initializer, depth + 1);
      }
      if (node.type !== AST_NODE_TYPES.NewExpression) return false;
      const constructed = tracker.resolveReference(node.callee);
      const className = constructed?.path.at(-1);
      return constructed !== undefined && constructed.module.startsWith(OTEL_SCOPE) && className !== undefined && className.endsWith('Propagator');
    }

    function classify(call: TSESTree.CallExpression): MessageIds | undefined {
      // Every call below ends in one of these names when it is a member call, so the rest of a file's calls
      // are told apart by name before anything is resolved.
      const callee = skipWrappers(call.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && !CANDIDATE_METHODS.has(getStaticMemberName(callee) ?? '')) return undefined;
      if (tracker.isApiCall(call, 'propagation', 'extract')) return 'floatingExtract';
      if (isApiCallOf(call, FLOATING_API_CALLS)) return 'floatingContext';
      const method = methodCall(call);
      if (method === undefined) return undefined;
      // TextMapPropagator#extract(context, carrier, getter) also returns the new context.
      if (method.method === 'extract' && hasArity(call, 3) && isPropagatorInstance(method.receiver, 0)) return 'floatingExtract';
      if (CONTEXT_METHODS.has(method.method) && hasArity(call, CONTEXT_METHODS.get(method.method)) && isContextExpression(method.receiver, 0)) return 'floatingContext';
      if (BAGGAGE_METHODS.has(method.method) && hasArity(call, BAGGAGE_METHODS.get(method.method)) && isBaggageExpression(method.receiver, 0)) return 'floatingBaggage';
      return undefined;
    }

    function calleeText(call: TSESTree.CallExpression): string {
      const callee = skipWrappers(call.callee);
      const text = context.sourceCode.getText(callee);
      // Long receivers (a whole chain) would drown the message; the method name says enough.
      if (text.length <= 40 || callee.type !== AST_NODE_TYPES.MemberExpression) return text;
      return `….${getStaticMemberName(callee) ?? ''}`;
    }

    /**
     * Whether a baggage expression certainly derives from the active context's baggage
     * (`propagation.getActiveBaggage()`, `propagation.getBaggage(context.active())`, edited by
     * `setEntry`/`removeEntry`/`removeEntries`), so putting the result back into the active context
     * adds to what is propagated instead of replacing it.
     */
    function isActiveBaggageExpression(expression: TSESTree.Node, depth: number): boolean {
      const node = skipWrappers(expression);
      if (depth > MAX_ALIAS_DEPTH) return false;
      if (node.type === AST_NODE_TYPES.Identifier) {
        const initializer = tracker.constantInitializer(node);
        return initializer !== undefined && isActiveBaggageExpression(initializer, depth + 1);
      }
      if (node.type !== AST_NODE_TYPES.CallExpression) return false;
      if (tracker.isApiCall(node, 'propagation', 'getActiveBaggage')) return true;
      const [argument] = node.arguments;
      if (tracker.isApiCall(node, 'propagation', 'getBaggage')) return argument !== undefined && tracker.isApiCall(skipWrappers(argument), 'context', 'active');
      const call = methodCall(node);
      return call !== undefined && BAGGAGE_METHODS.has(call.method) && isActiveBaggageExpression(call.receiver, depth + 1);
    }

    /**
     * Suggestions for a thrown-away result: running the rest of the block in it (the repair, first,
     * when the rest can move into a callback unchanged) and keeping it in a variable (always).
     */
    function suggestions(statement: TSESTree.ExpressionStatement, call: TSESTree.CallExpression, messageId: MessageIds): TSESLint.ReportSuggestionArray<MessageIds> {
      const list = statement.parent;
      if (list.type !== AST_NODE_TYPES.BlockStatement && list.type !== AST_NODE_TYPES.Program && list.type !== AST_NODE_TYPES.StaticBlock && list.type !== AST_NODE_TYPES.SwitchCase) return [];
      const { sourceCode } = context;
      const result: TSESLint.ReportSuggestionArray<MessageIds> = [];
      const isBaggage = messageId === 'floatingBaggage';
      const value = sourceCode.getText(statement.expression);
      const body: readonly TSESTree.Node[] = list.type === AST_NODE_TYPES.SwitchCase ? list.consequent : list.body;
      const rest = body.slice(body.indexOf(statement) + 1) as TSESTree.Statement[];
      // Baggage derived from elsewhere (`createBaggage()`, another context's) would replace the active baggage, not extend
      // it; and `getActiveBaggage()?.setEntry(…)` may be `undefined`, which `setBaggage` does not take.
      const canWrap = !isBaggage || (isActiveBaggageExpression(call, 0) && statement.expression.type !== AST_NODE_TYPES.ChainExpression);
      const wrap = canWrap ? planContextWith(sourceCode, rest, statement) : undefined;
      if (wrap !== undefined) {
        result.push({
          messageId: isBaggage ? 'runWithBaggage' : 'runWithContext',
          fix(fixer): TSESLint.RuleFix[] {
            const { locals, fix } = ensureImports(fixer, sourceCode, OTEL_API, isBaggage ? ['context', 'propagation'] : ['context'], statement);
            const [contextName = 'context', propagationName = 'propagation'] = locals;
            const argument = isBaggage ? `${propagationName}.setBaggage(${contextName}.active(), ${value})` : value;
            const edit = fixer.replaceTextRange(wrap.range, wrap.text(contextName, argument));
            return fix === undefined ? [edit] : [fix, edit];
          },
        });
      }
      const name = freeLocalName(sourceCode, statement, isBaggage ? 'baggage' : 'ctx');
      result.push({
        messageId: isBaggage ? 'keepBaggage' : 'keepContext',
        data: { name },
        fix(fixer): TSESLint.RuleFix {
          // The statement's own text keeps any parentheses around the call: `(x);` would not declare.
          const semicolon = sourceCode.getLastToken(statement);
          const end = semicolon?.value === ';' ? semicolon.range[0] : statement.range[1];
          return fixer.replaceTextRange([statement.range[0], end], `const ${name} = ${sourceCode.text.slice(statement.range[0], end)}`);
        },
      });
      return result;
    }

    return {
      ExpressionStatement(statement): void {
        const expression = skipWrappers(statement.expression);
        if (expression.type !== AST_NODE_TYPES.CallExpression) return;
        const messageId = classify(expression);
        if (messageId === undefined) return;
        context.report({ node: statement.expression, messageId, data: { call: calleeText(expression) }, suggest: suggestions(statement, expression, messageId) });
      },
    };
  },
});
