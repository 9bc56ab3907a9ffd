import type { TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import type { ImportTracker } from './imports';

import { getStaticMemberName, getStaticString, GLOBAL_MODULE, skipWrappers } from './imports';

/** The single-value trace-context headers whose literal values the payload rules read, in lowercase HTTP form. */
export type TraceHeader = 'b3' | 'baggage' | 'traceparent' | 'tracestate' | 'uber-trace-id' | 'x-amzn-trace-id';

const TRACE_HEADERS: ReadonlySet<string> = new Set<TraceHeader>(['b3', 'baggage', 'traceparent', 'tracestate', 'uber-trace-id', 'x-amzn-trace-id']);

// Lengths of the shortest (`b3`) and the longest (`X-Amzn-Trace-Id`) header name.
const MIN_HEADER_LENGTH = 2;
const MAX_HEADER_LENGTH = 15;

// Methods that write one header: Fetch `Headers#set/append`, Node `setHeader`, Express `header`, XHR `setRequestHeader`.
const HEADER_WRITERS: ReadonlySet<string> = new Set(['set', 'append', 'setHeader', 'header', 'setRequestHeader']);

// Names of objects that hold headers or environment variables; `baggage` is a common enough word that its key
// only counts on such an object, while the other header names are specific enough to count anywhere.
const CARRIER_NAME = /(?:headers|carrier|env)$/i;

/** A place in the code where a value is given to a trace-context header or environment variable. */
export interface TraceHeaderValue {
  /** Which header. */
  readonly header: TraceHeader;
  /** The expression given as its value. */
  readonly value: TSESTree.Node;
}

/**
 * The trace-context header a name denotes: HTTP names in any case (`Traceparent`), and the environment
 * carrier form, upper case with `_` for `-` (`TRACEPARENT`, `X_AMZN_TRACE_ID`).
 * @param name a header, property or environment variable name
 */
export function traceHeaderOfName(name: string): TraceHeader | undefined {
  // Every property key and member name passes through here: most are rejected by length alone.
  if (name.length < MIN_HEADER_LENGTH || name.length > MAX_HEADER_LENGTH) return undefined;
  const lower = name.toLowerCase().replace(/_/g, '-');
  return TRACE_HEADERS.has(lower) ? (lower as TraceHeader) : undefined;
}

/** The last identifier of an expression (`headers` for `req.headers`, `env` for `process.env`). */
function lastName(node: TSESTree.Node): string | undefined {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type === AST_NODE_TYPES.MemberExpression) return getStaticMemberName(target);
  return undefined;
}

function propertyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return getStaticString(property.key);
}

/** Whether an object literal is a header map or an environment: named so, or handed to `new Headers(…)`. */
function isCarrierObject(object: TSESTree.ObjectExpression, tracker: ImportTracker): boolean {
  let node: TSESTree.Expression = object;
  while (node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSSatisfiesExpression) {
    node = node.parent;
  }
  const parent = node.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.Property: {
      const name = parent.value === node ? propertyName(parent) : undefined;
      return name !== undefined && CARRIER_NAME.test(name);
    }
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier && CARRIER_NAME.test(parent.id.name);
    case AST_NODE_TYPES.AssignmentExpression: {
      const name = parent.right === node ? lastName(parent.left) : undefined;
      return name !== undefined && CARRIER_NAME.test(name);
    }
    case AST_NODE_TYPES.NewExpression:
      return tracker.isReferenceTo(parent.callee, GLOBAL_MODULE, 'Headers');
    default:
      return false;
  }
}

/**
 * The header a property of an object literal sets: `{ traceparent: '…' }`, `{ 'X-Amzn-Trace-Id': '…' }`,
 * `env: { TRACEPARENT: '…' }`. A `baggage` key only counts on a header map or environment object.
 * @param property a property of an object literal (not of a destructuring pattern)
 * @param tracker the file's import tracker
 */
export function traceHeaderOfProperty(property: TSESTree.Property, tracker: ImportTracker): TraceHeaderValue | undefined {
  if (property.parent.type !== AST_NODE_TYPES.ObjectExpression || property.kind !== 'init' || property.method) return undefined;
  const name = propertyName(property);
  const header = name === undefined ? undefined : traceHeaderOfName(name);
  if (header === undefined) return undefined;
  if (header === 'baggage' && !isCarrierObject(property.parent, tracker)) return undefined;
  return { header, value: property.value };
}

/**
 * The header an assignment sets: `headers.traceparent = '…'`, `headers['tracestate'] = '…'`,
 * `process.env.TRACEPARENT = '…'`. A `baggage` member only counts on a header map or environment object.
 * @param assignment any assignment expression
 */
export function traceHeaderOfAssignment(assignment: TSESTree.AssignmentExpression): TraceHeaderValue | undefined {
  if (assignment.operator !== '=') return undefined;
  const left = skipWrappers(assignment.left);
  if (left.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = getStaticMemberName(left);
  const header = name === undefined ? undefined : traceHeaderOfName(name);
  if (header === undefined) return undefined;
  if (header === 'baggage') {
    const holder = lastName(left.object);
    if (holder === undefined || !CARRIER_NAME.test(holder)) return undefined;
  }
  return { header, value: assignment.right };
}

/**
 * The header a call writes: `headers.set('traceparent', '…')`, `res.setHeader('baggage', '…')`,
 * `xhr.setRequestHeader('b3', '…')`. `set` only counts for `baggage` on a receiver named like headers.
 * @param call any call expression
 */
export function traceHeaderOfCall(call: TSESTree.CallExpression): TraceHeaderValue | undefined {
  if (call.arguments.length !== 2) return undefined;
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getStaticMemberName(callee);
  if (method === undefined || !HEADER_WRITERS.has(method)) return undefined;
  const [nameNode, value] = call.arguments;
  if (nameNode === undefined || value === undefined || value.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const name = getStaticString(nameNode);
  const header = name === undefined ? undefined : traceHeaderOfName(name);
  if (header === undefined) return undefined;
  if (header === 'baggage' && (method === 'set' || method === 'append')) {
    const holder = lastName(callee.object);
    if (holder === undefined || !CARRIER_NAME.test(holder)) return undefined;
  }
  return { header, value };
}
