import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from './ast';

import type { ImportTracker } from './imports';

import { getStaticMemberName, getStaticString, skipWrappers } from './imports';
import { mayMention } from './sourceText';
import { traceHeaderOfAssignment, traceHeaderOfCall, traceHeaderOfProperty } from './traceHeaders';

/** One `key: { value }` member of `propagation.createBaggage({…})` or one `.setEntry(key, { value })` call. */
export interface BaggageEntryNode {
  /** The key as written. */
  readonly key: string;
  /** Where the key is written (the property key or the first `setEntry` argument). */
  readonly keyNode: TSESTree.Node;
  /** The expression given as the entry's `value`, or `undefined` when the entry is not an object literal with one. */
  readonly value: TSESTree.Node | undefined;
  /** `false` for entries inherited from a constant the chain starts from (they are reported where they are written). */
  readonly own: boolean;
}

/** The entries a baggage expression is statically known to hold, in the order they are written. */
export interface BaggageBuild {
  /** Entries in writing order; a repeated key appears once per write. */
  readonly entries: readonly BaggageEntryNode[];
  /** `false` when the baggage may hold more than `entries`: a spread, a computed key, an unknown starting baggage. */
  readonly complete: boolean;
}

const ENTRY_METHODS: ReadonlySet<string> = new Set(['setEntry', 'removeEntry', 'removeEntries']);

// Every baggage write names it: a `baggage` header (in any case), `createBaggage`, or a `setEntry` chain.
const BAGGAGE_WRITE_NAMES: readonly string[] = ['baggage', 'setentry'];

// Constants chained through more variables than this are not followed; real code never gets close.
const MAX_DEPTH = 8;

/** The method name of `receiver.method(…)`, with its receiver. */
function methodOf(call: TSESTree.CallExpression): { method: string; receiver: TSESTree.Expression } | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getStaticMemberName(callee);
  return method === undefined ? undefined : { method, receiver: callee.object };
}

function propertyKey(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  if (property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'number') return String(property.key.value);
  return getStaticString(property.key);
}

/** The `value` expression of a `BaggageEntry` object literal (`{ value: 'x', metadata }`), if written there. */
function entryValue(entry: TSESTree.Node): TSESTree.Node | undefined {
  const target = skipWrappers(entry);
  if (target.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  for (const property of target.properties) {
    if (property.type === AST_NODE_TYPES.Property && property.kind === 'init' && propertyKey(property) === 'value') return property.value;
  }
  return undefined;
}

/** Whether an entry argument has the `{ value: … }` shape of an OpenTelemetry `BaggageEntry`. */
function looksLikeEntry(entry: TSESTree.Node): boolean {
  return entryValue(entry) !== undefined;
}

/**
 * A cheap first look, before any scope resolution: whether a call's callee is named `createBaggage` or
 * `setEntry`, or is a bare identifier (a destructured `createBaggage`, possibly renamed).
 * @param call a call expression
 */
export function mayBuildBaggage(call: TSESTree.CallExpression): boolean {
  const callee = skipWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return true;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = getStaticMemberName(callee);
  return name === 'createBaggage' || name === 'setEntry';
}

/**
 * Whether a call is `propagation.createBaggage(…)`, or a `setEntry`/`removeEntry` call that another such call
 * continues (`….setEntry(a, x).setEntry(b, y)`): only the outermost call of a chain is a report site.
 * @param call a call expression
 */
export function isContinuedByEntryCall(call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Expression = call;
  while (node.parent.type === AST_NODE_TYPES.ChainExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression) node = node.parent;
  const member = node.parent;
  if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) return false;
  const method = getStaticMemberName(member);
  return method !== undefined && ENTRY_METHODS.has(method) && member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member;
}

/**
 * The entries of `propagation.createBaggage({…})` (its argument directly, or a constant object literal).
 * `undefined` when the call is not the API's `createBaggage`.
 * @param call a call expression
 * @param tracker the file's import tracker
 */
export function baggageOfCreate(call: TSESTree.CallExpression, tracker: ImportTracker): BaggageBuild | undefined {
  if (!tracker.isApiCall(call, 'propagation', 'createBaggage')) return undefined;
  const [argument] = call.arguments;
  if (argument === undefined) return { entries: [], complete: true };
  let target: TSESTree.Node = skipWrappers(argument);
  if (target.type === AST_NODE_TYPES.Identifier) target = tracker.constantInitializer(target) ?? target;
  target = skipWrappers(target);
  if (target.type !== AST_NODE_TYPES.ObjectExpression) return { entries: [], complete: false };
  let entries: BaggageEntryNode[] = [];
  let complete = true;
  for (const property of target.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      // A spread may hold any keys, and overrides the members written before it.
      entries = [];
      complete = false;
      continue;
    }
    const key = propertyKey(property);
    if (key === undefined) {
      complete = false;
      continue;
    }
    entries.push({ key, keyNode: property.key, value: entryValue(property.value), own: true });
  }
  return { entries, complete };
}

/**
 * The entries of a `.setEntry(key, entry)` chain ending at `call`, including those of the baggage it starts
 * from when that is `createBaggage({…})`, directly or through a constant. The receiver must be proven a
 * Baggage (`createBaggage`, `getBaggage`, `getActiveBaggage`, a constant holding one), or each entry
 * argument must have the `{ value }` shape. `undefined` when `call` is not such a chain, or when an entry is
 * removed on the way (the remaining set is then not known).
 * @param call a call expression
 * @param tracker the file's import tracker
 */
export function baggageOfEntryChain(call: TSESTree.CallExpression, tracker: ImportTracker): BaggageBuild | undefined {
  const chain = readChain(call, tracker, 0);
  if (chain === undefined || chain.setCount === 0) return undefined;
  return { entries: chain.entries, complete: chain.complete };
}

interface Chain {
  entries: BaggageEntryNode[];
  complete: boolean;
  /** How many `setEntry` calls the chain itself makes; 0 for a bare base. */
  setCount: number;
  /** Whether the base is proven a Baggage, so entry shapes need no checking. */
  proven: boolean;
}

function readChain(expression: TSESTree.Node, tracker: ImportTracker, depth: number): Chain | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const target = skipWrappers(expression);
  if (target.type === AST_NODE_TYPES.Identifier) {
    const initializer = tracker.constantInitializer(target);
    const inner = initializer === undefined ? undefined : readChain(initializer, tracker, depth + 1);
    if (inner === undefined || !inner.proven) return { entries: [], complete: false, setCount: 0, proven: false };
    return { entries: inner.entries.map((entry) => ({ ...entry, own: false })), complete: inner.complete, setCount: 0, proven: true };
  }
  if (target.type !== AST_NODE_TYPES.CallExpression) return { entries: [], complete: false, setCount: 0, proven: false };
  const created = baggageOfCreate(target, tracker);
  if (created !== undefined) return { entries: [...created.entries], complete: created.complete, setCount: 0, proven: true };
  if (tracker.isApiCall(target, 'propagation', 'getBaggage') || tracker.isApiCall(target, 'propagation', 'getActiveBaggage')) {
    return { entries: [], complete: false, setCount: 0, proven: true };
  }
  const method = methodOf(target);
  if (method === undefined || !ENTRY_METHODS.has(method.method)) return { entries: [], complete: false, setCount: 0, proven: false };
  if (method.method !== 'setEntry' || target.arguments.length !== 2) return undefined;
  const base = readChain(method.receiver, tracker, depth + 1);
  if (base === undefined) return undefined;
  const [keyNode, entry] = target.arguments;
  if (keyNode === undefined || entry === undefined || entry.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (!base.proven && !looksLikeEntry(entry)) return undefined;
  const key = getStaticString(skipWrappers(keyNode));
  if (key === undefined) return { ...base, complete: false, setCount: base.setCount + 1 };
  return {
    entries: [...base.entries, { key, keyNode, value: entryValue(entry), own: true }],
    complete: base.complete,
    setCount: base.setCount + 1,
    proven: true,
  };
}

/** What a baggage rule checks at each place baggage is written. */
export interface BaggageChecks {
  /** A `baggage` header value: assigned, passed to a header setter, or written as an object property. */
  readonly header: (value: TSESTree.Node) => void;
  /** A baggage built in code (`createBaggage({…})`, a `setEntry` chain), with the call that completes it. */
  readonly build: (call: TSESTree.CallExpression, build: BaggageBuild) => void;
}

/**
 * The listeners that find every place a file writes baggage and hand each one to `checks`.
 * @param tracker the file's import tracker
 * @param checks the rule's checks
 */
export function baggageSiteListeners(tracker: ImportTracker, checks: BaggageChecks): TSESLint.RuleListener {
  if (!mayMention(tracker.sourceCode, BAGGAGE_WRITE_NAMES)) return {};
  return {
    AssignmentExpression(node): void {
      const site = traceHeaderOfAssignment(node);
      if (site?.header === 'baggage') checks.header(site.value);
    },
    CallExpression(node): void {
      const site = traceHeaderOfCall(node, tracker);
      if (site?.header === 'baggage') {
        checks.header(site.value);
        return;
      }
      if (!mayBuildBaggage(node) || isContinuedByEntryCall(node)) return;
      const build = baggageOfCreate(node, tracker) ?? baggageOfEntryChain(node, tracker);
      if (build !== undefined) checks.build(node, build);
    },
    Property(node): void {
      const site = traceHeaderOfProperty(node);
      if (site?.header === 'baggage') checks.header(site.value);
    },
  };
}
