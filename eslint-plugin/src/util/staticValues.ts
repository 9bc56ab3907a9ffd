import type { TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from './ast';

import type { ImportTracker } from './imports';

import { getStaticMemberName, GLOBAL_MODULE, skipWrappers } from './imports';

/** What a string expression is known to evaluate to, without running the program. */
export type StaticString =
  /** The exact value. */
  | { readonly kind: 'known'; readonly value: string }
  /** A value of bounded but unknown size: a parameter, a call result, anything the evaluator cannot follow. */
  | { readonly kind: 'unknown' }
  /** A value whose size grows with input: `JSON.stringify(…)`, a request body, a whole object. */
  | { readonly kind: 'unbounded'; readonly source: string };

/** Longest string the evaluator builds; `'x'.repeat(1e9)` must not allocate a gigabyte inside the linter. */
export const STATIC_STRING_MAX_LENGTH = 1 << 20;

// Constants chained through more variables than this are not followed; real code never gets close.
const MAX_DEPTH = 8;

const UNKNOWN: StaticString = { kind: 'unknown' };

function known(value: string): StaticString {
  return value.length > STATIC_STRING_MAX_LENGTH ? UNKNOWN : { kind: 'known', value };
}

/**
 * Combines the parts of a concatenation: unbounded wins (the result grows with the input whatever the
 * other parts are), then unknown, else the joined text.
 */
function concat(parts: readonly StaticString[]): StaticString {
  const unbounded = parts.find((part) => part.kind === 'unbounded');
  if (unbounded !== undefined) return unbounded;
  let text = '';
  for (const part of parts) {
    if (part.kind !== 'known') return UNKNOWN;
    text += part.value;
    if (text.length > STATIC_STRING_MAX_LENGTH) return UNKNOWN;
  }
  return known(text);
}

/** The value of a number, boolean or null literal as `String()` renders it. */
function primitiveText(node: TSESTree.Literal): string | undefined {
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' || typeof node.value === 'boolean') return String(node.value);
  if (node.value === null && !('regex' in node) && !('bigint' in node)) return 'null';
  return undefined;
}

/** Whether a member access reads a request body (`req.body`, `ctx.request.body`, `event.body`). */
function isBodyRead(node: TSESTree.MemberExpression): boolean {
  return getStaticMemberName(node) === 'body';
}

/**
 * Evaluates a string expression statically: string, number and boolean literals, template literals whose
 * expressions are all known, `+` concatenation, `.repeat(<literal count>)`, `String(x)` and constants
 * resolved through scope (a variable initialized once and never reassigned). `JSON.stringify(…)`, a
 * request body (`.body`) and a whole object or array (directly or through a constant) are unbounded.
 * @param node the expression
 * @param tracker the file's import tracker, used to resolve constants and globals
 * @param depth how many constants have been followed so far
 */
export function evaluateString(node: TSESTree.Node, tracker: ImportTracker, depth = 0): StaticString {
  if (depth > MAX_DEPTH) return UNKNOWN;
  const target = skipWrappers(node);
  switch (target.type) {
    case AST_NODE_TYPES.Literal: {
      const text = primitiveText(target);
      return text === undefined ? UNKNOWN : known(text);
    }
    case AST_NODE_TYPES.TemplateLiteral: {
      if (target.quasis.some((quasi) => quasi.value.cooked === null)) return UNKNOWN;
      const parts: StaticString[] = [];
      for (const [index, quasi] of target.quasis.entries()) {
        parts.push(known(quasi.value.cooked ?? ''));
        const expression = target.expressions[index];
        if (expression !== undefined) parts.push(evaluateString(expression, tracker, depth));
      }
      return concat(parts);
    }
    case AST_NODE_TYPES.BinaryExpression: {
      if (target.operator !== '+') return UNKNOWN;
      const left = evaluateString(target.left, tracker, depth);
      const right = evaluateString(target.right, tracker, depth);
      // `1 + 2` is a number, not "12": only a string on either side makes `+` concatenate.
      if (left.kind === 'known' && right.kind === 'known' && !isStringTyped(target.left, tracker, depth) && !isStringTyped(target.right, tracker, depth)) {
        return UNKNOWN;
      }
      return concat([left, right]);
    }
    case AST_NODE_TYPES.Identifier: {
      const initializer = tracker.constantInitializer(target);
      if (initializer === undefined) return UNKNOWN;
      return evaluateString(initializer, tracker, depth + 1);
    }
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
      return { kind: 'unbounded', source: target.type === AST_NODE_TYPES.ObjectExpression ? 'a whole object' : 'a whole array' };
    case AST_NODE_TYPES.MemberExpression:
      return isBodyRead(target) ? { kind: 'unbounded', source: tracker.sourceCode.getText(target) } : UNKNOWN;
    case AST_NODE_TYPES.CallExpression:
      return evaluateCall(target, tracker, depth);
    default:
      return UNKNOWN;
  }
}

function evaluateCall(call: TSESTree.CallExpression, tracker: ImportTracker, depth: number): StaticString {
  if (tracker.isReferenceTo(call.callee, GLOBAL_MODULE, 'JSON', 'stringify')) return { kind: 'unbounded', source: 'JSON.stringify(…)' };
  const [first] = call.arguments;
  if (tracker.isReferenceTo(call.callee, GLOBAL_MODULE, 'String')) {
    if (call.arguments.length !== 1 || first === undefined || first.type === AST_NODE_TYPES.SpreadElement) return UNKNOWN;
    return evaluateString(first, tracker, depth);
  }
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getStaticMemberName(callee) !== 'repeat' || call.arguments.length !== 1) return UNKNOWN;
  if (first?.type !== AST_NODE_TYPES.Literal || typeof first.value !== 'number') return UNKNOWN;
  const count = first.value;
  // `repeat` throws on these at run time; nothing is sent.
  if (!Number.isInteger(count) || count < 0) return UNKNOWN;
  if (!isStringTyped(callee.object, tracker, depth)) return UNKNOWN;
  const receiver = evaluateString(callee.object, tracker, depth);
  if (receiver.kind !== 'known') return receiver;
  if (receiver.value.length * count > STATIC_STRING_MAX_LENGTH) return UNKNOWN;
  return known(receiver.value.repeat(count));
}

/** Whether an expression certainly evaluates to a string (so `+` concatenates and `.repeat` is String's). */
function isStringTyped(node: TSESTree.Node, tracker: ImportTracker, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const target = skipWrappers(node);
  switch (target.type) {
    case AST_NODE_TYPES.Literal:
      return typeof target.value === 'string';
    case AST_NODE_TYPES.TemplateLiteral:
      return true;
    case AST_NODE_TYPES.BinaryExpression:
      return target.operator === '+' && (isStringTyped(target.left, tracker, depth) || isStringTyped(target.right, tracker, depth));
    case AST_NODE_TYPES.Identifier: {
      const initializer = tracker.constantInitializer(target);
      return initializer !== undefined && isStringTyped(initializer, tracker, depth + 1);
    }
    case AST_NODE_TYPES.CallExpression: {
      if (tracker.isReferenceTo(target.callee, GLOBAL_MODULE, 'String')) return true;
      const callee = skipWrappers(target.callee);
      return callee.type === AST_NODE_TYPES.MemberExpression && getStaticMemberName(callee) === 'repeat' && isStringTyped(callee.object, tracker, depth);
    }
    default:
      return false;
  }
}
