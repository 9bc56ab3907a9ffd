import type { TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from './ast';

import type { ImportTracker } from './imports';

import { getStaticMemberName, getStaticString, skipWrappers } from './imports';

/** The single-value trace-context headers whose literal values the payload rules read, in lowercase HTTP form. */
export type TraceHeader = 'b3' | 'baggage' | 'traceparent' | 'tracestate' | 'uber-trace-id' | 'x-amzn-trace-id';

const TRACE_HEADERS: ReadonlySet<string> = new Set<TraceHeader>(['b3', 'baggage', 'traceparent', 'tracestate', 'uber-trace-id', 'x-amzn-trace-id']);

/**
 * Every spelling {@link traceHeaderOfName} accepts (any case, `_` for `-`) contains one of these, for skipping
 * files that write no trace header with `mayMention`.
 */
export const TRACE_HEADER_NAMES: readonly string[] = ['traceparent', 'tracestate', 'baggage', 'b3', 'uber', 'amzn'];

// Lengths of the shortest (`b3`) and the longest (`X-Amzn-Trace-Id`) header name.
const MIN_HEADER_LENGTH = 2;
const MAX_HEADER_LENGTH = 15;

// Methods that only ever write a header: Node `setHeader`/`appendHeader`, Express `header`, XHR `setRequestHeader`.
const HEADER_ONLY_WRITERS: ReadonlySet<string> = new Set(['setHeader', 'appendHeader', 'header', 'setRequestHeader']);

// Generic writers (Fetch `Headers#set/append`, gRPC `Metadata#set`) that count only on a carrier: `Map#set` is the same call.
const GENERIC_WRITERS: ReadonlySet<string> = new Set(['set', 'append']);

// Names of objects that hold headers, a propagation carrier, gRPC metadata or environment variables. Header names
// are also ordinary words in code about trace context (a `Record<Format, string>` of labels keyed `traceparent`),
// so a key only counts on such an object.
const CARRIER_NAME = /(?:headers|carrier|env|metadata)$/i;

// Classes whose instances are carriers even when the variable holding one has another name.
const CARRIER_CLASSES: ReadonlySet<string> = new Set(['Headers', 'Metadata']);

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

/** Whether a name is a carrier's: `headers`, `reqHeaders`, `carrier`, `env`, `childEnv`, `metadata`. */
function isCarrierName(name: string | undefined): boolean {
  return name !== undefined && CARRIER_NAME.test(name);
}

/** Whether an expression is `new Headers(…)` or `new Metadata(…)`, directly or through a constant. */
function isCarrierInstance(node: TSESTree.Node, tracker: ImportTracker): boolean {
  let target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Identifier) target = skipWrappers(tracker.constantInitializer(target) ?? target);
  if (target.type !== AST_NODE_TYPES.NewExpression) return false;
  const callee = skipWrappers(target.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getStaticMemberName(callee) : undefined;
  return name !== undefined && CARRIER_CLASSES.has(name);
}

/**
 * Whether an object literal is a carrier: named like one (`headers: {…}`, `const reqHeaders = {…}`,
 * `options.env = {…}`), given to `new Headers(…)`, or the carrier argument of an `extract(context, carrier)` call.
 */
function isCarrierObject(object: TSESTree.ObjectExpression): boolean {
  let node: TSESTree.Expression = object;
  while (node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSSatisfiesExpression) {
    node = node.parent;
  }
  const parent = node.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.Property:
      return parent.value === node && isCarrierName(propertyName(parent));
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier && isCarrierName(parent.id.name);
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === node && isCarrierName(lastName(parent.left));
    case AST_NODE_TYPES.NewExpression: {
      const callee = skipWrappers(parent.callee);
      return callee.type === AST_NODE_TYPES.Identifier && CARRIER_CLASSES.has(callee.name);
    }
    case AST_NODE_TYPES.CallExpression:
      return parent.arguments[1] === node && lastName(parent.callee) === 'extract';
    default:
      return false;
  }
}

/**
 * The header a property of a carrier object literal sets: `headers: { traceparent: '…' }`,
 * `{ 'X-Amzn-Trace-Id': '…' }` given to `new Headers`, `env: { TRACEPARENT: '…' }`,
 * `propagation.extract(ctx, { traceparent: '…' })`.
 * @param property a property of an object literal (not of a destructuring pattern)
 */
export function traceHeaderOfProperty(property: TSESTree.Property): TraceHeaderValue | undefined {
  if (property.parent.type !== AST_NODE_TYPES.ObjectExpression || property.kind !== 'init' || property.method) return undefined;
  const name = propertyName(property);
  const header = name === undefined ? undefined : traceHeaderOfName(name);
  if (header === undefined || !isCarrierObject(property.parent)) return undefined;
  return { header, value: property.value };
}

/**
 * The header an assignment sets on a carrier: `headers.traceparent = '…'`, `req.headers['tracestate'] = '…'`,
 * `process.env.TRACEPARENT = '…'`.
 * @param assignment any assignment expression
 */
export function traceHeaderOfAssignment(assignment: TSESTree.AssignmentExpression): TraceHeaderValue | undefined {
  if (assignment.operator !== '=') return undefined;
  const left = skipWrappers(assignment.left);
  if (left.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = getStaticMemberName(left);
  const header = name === undefined ? undefined : traceHeaderOfName(name);
  if (header === undefined || !isCarrierName(lastName(left.object))) return undefined;
  return { header, value: assignment.right };
}

/**
 * The header a call writes: `res.setHeader('baggage', '…')`, `xhr.setRequestHeader('b3', '…')`, and
 * `headers.set('traceparent', '…')` or `metadata.append(…)` on a receiver named like a carrier or holding a
 * `new Headers()` / `new Metadata()`.
 * @param call any call expression
 * @param tracker the file's import tracker
 */
export function traceHeaderOfCall(call: TSESTree.CallExpression, tracker: ImportTracker): TraceHeaderValue | undefined {
  if (call.arguments.length !== 2) return undefined;
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getStaticMemberName(callee);
  if (method === undefined || !(HEADER_ONLY_WRITERS.has(method) || GENERIC_WRITERS.has(method))) return undefined;
  const [nameNode, value] = call.arguments;
  if (nameNode === undefined || value === undefined || value.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const name = getStaticString(nameNode);
  const header = name === undefined ? undefined : traceHeaderOfName(name);
  if (header === undefined) return undefined;
  if (GENERIC_WRITERS.has(method) && !isCarrierName(lastName(callee.object)) && !isCarrierInstance(callee.object, tracker)) return undefined;
  return { header, value };
}
