import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import type { ImportTracker } from '../util/imports';
import type { FunctionNode } from '../util/scopes';

import { createRule } from '../util/createRule';
import { ensureImports } from '../util/fixes';
import { getImportTracker, GLOBAL_MODULE, OTEL_API, skipWrappers } from '../util/imports';
import { isInActiveSpanScope, mayOpenSpanScope, resolveFunction, someNodeIn } from '../util/scopes';
import { getPropagationSettings } from '../util/settings';

export type MessageIds = 'inheritedPolling' | 'startFromRoot';
export type Options = [];

const TIMER_NAMES: ReadonlySet<string> = new Set(['setInterval', 'setTimeout']);

/** The name a call's callee ends in (`setTimeout`, `timers.setTimeout`), for cheap filtering. */
function calleeName(call: TSESTree.CallExpression): string | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier) return callee.property.name;
  return undefined;
}

/** Whether a call is the global timer `name` or the one from `node:timers`. */
function isTimerCall(tracker: ImportTracker, call: TSESTree.CallExpression, name: string): boolean {
  return tracker.isCallTo(call, GLOBAL_MODULE, name) || tracker.isCallTo(call, 'timers', name);
}

function isInside(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  return node.range[0] >= ancestor.range[0] && node.range[1] <= ancestor.range[1];
}

export default createRule<Options, MessageIds>({
  name: 'no-inherited-polling-context',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow starting a polling loop inside an active span scope, where every tick joins that trace',
      recommended: 'strict',
      severity: 'warn',
    },
    hasSuggestions: true,
    messages: {
      inheritedPolling:
        '`{{call}}` starts a polling loop inside an active span scope. The context manager carries that span into every tick, so each tick joins the same trace for as long as the process runs, and the trace never ends. Start the loop from a new root with `context.with(ROOT_CONTEXT, () => ...)`.',
      startFromRoot: 'Start the loop in a new root: `context.with(ROOT_CONTEXT, () => ...)`.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    // Only timers started inside an active span scope are reported.
    if (!mayOpenSpanScope(context.sourceCode)) return {};
    const { contextManager } = getPropagationSettings(context);
    // Stack and no-op managers drop the context at the first timer hop, so ticks never inherit it.
    if (contextManager === 'stack' || contextManager === 'none') return {};
    const tracker = getImportTracker(context);
    const { sourceCode } = context;
    const selfRescheduling = new WeakMap<FunctionNode, boolean>();

    /** Whether `fn` calls `setTimeout(fn, …)` somewhere in its body. */
    function reschedulesItself(fn: FunctionNode): boolean {
      const cached = selfRescheduling.get(fn);
      if (cached !== undefined) return cached;
      const answer = someNodeIn(fn.body, sourceCode.visitorKeys, (node) => {
        if (node.type !== AST_NODE_TYPES.CallExpression || calleeName(node) !== 'setTimeout') return false;
        const [callback] = node.arguments;
        return callback !== undefined && resolveFunction(tracker, callback) === fn && isTimerCall(tracker, node, 'setTimeout');
      });
      selfRescheduling.set(fn, answer);
      return answer;
    }

    /**
     * The function a call may start as a loop: the callback of `setTimeout(poll, …)`, or `poll` of `poll()`
     * from outside `poll`. A loop only if it {@link reschedulesItself}.
     */
    function startedFunction(call: TSESTree.CallExpression): FunctionNode | undefined {
      const target = isTimerCall(tracker, call, 'setTimeout') ? call.arguments[0] : call.callee;
      if (target === undefined) return undefined;
      const fn = resolveFunction(tracker, target);
      // The rescheduling call inside the loop is the loop itself, not a new start.
      return fn === undefined || isInside(call, fn) ? undefined : fn;
    }

    /**
     * Whether a `setInterval` handle kept in a local variable is passed to `clearInterval`: a bounded
     * wait (poll until done, then clear) that is meant to belong to the span around it.
     */
    function isClearedLocally(call: TSESTree.CallExpression): boolean {
      const parent = call.parent;
      let target: TSESTree.Node | undefined;
      if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === call) target = parent.id;
      if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === call) target = parent.left;
      if (target?.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = tracker.variableOf(target) ?? sourceCode.getDeclaredVariables(parent)[0];
      return (
        variable?.references.some((reference) => {
          const use = reference.identifier.parent;
          return use.type === AST_NODE_TYPES.CallExpression && use.arguments[0] === reference.identifier && isTimerCall(tracker, use, 'clearInterval');
        }) === true
      );
    }

    function suggest(call: TSESTree.CallExpression): TSESLint.ReportSuggestionArray<MessageIds> {
      return [
        {
          messageId: 'startFromRoot',
          fix(fixer): TSESLint.RuleFix[] {
            const { locals, fix } = ensureImports(fixer, sourceCode, OTEL_API, ['context', 'ROOT_CONTEXT'], call);
            const [contextApi = 'context', root = 'ROOT_CONTEXT'] = locals;
            const replacement = fixer.replaceText(call, `${contextApi}.with(${root}, () => ${sourceCode.getText(call)})`);
            return fix === undefined ? [replacement] : [fix, replacement];
          },
        },
      ];
    }

    return {
      CallExpression(call): void {
        const name = calleeName(call);
        if (name === undefined) return;
        // Besides `timers.setX`, only a plain identifier call can be a timer (maybe aliased) or `poll()`.
        if (!TIMER_NAMES.has(name) && skipWrappers(call.callee).type !== AST_NODE_TYPES.Identifier) return;
        // Cheapest tests first: most calls are neither `setInterval` nor calls of a function the file defines,
        // and so never need the scope lookup (a walk out through the enclosing functions) or a body search.
        if (isTimerCall(tracker, call, 'setInterval')) {
          if (call.arguments.length === 0 || !isInActiveSpanScope(tracker, call) || isClearedLocally(call)) return;
        } else {
          const fn = startedFunction(call);
          if (fn === undefined || !isInActiveSpanScope(tracker, call) || !reschedulesItself(fn)) return;
        }
        context.report({ node: call, messageId: 'inheritedPolling', data: { call: sourceCode.getText(call.callee) }, suggest: suggest(call) });
      },
    };
  },
});
