import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from './ast';

import { readFileOrUndefined } from './settings';
import { mayContain } from './sourceText';

import type { ImportTracker } from './imports';

import { ensureImport, ensureImports } from './fixes';
import { getStaticString, normalizeModuleName, skipWrappers } from './imports';

/**
 * Packages that export the tracing SDK classes (providers, processors, samplers, in-process
 * exporters): the 2.x split packages and `@opentelemetry/sdk-trace`, their 3.x successor.
 */
export const SDK_TRACE_MODULES: ReadonlySet<string> = new Set([
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/sdk-trace-web',
  '@opentelemetry/sdk-trace',
]);

/** The Node SDK package (`NodeSDK`, and the deprecated `tracing`/`node` re-export namespaces). */
export const SDK_NODE = '@opentelemetry/sdk-node';

/** The package of `CompositePropagator`, `W3CTraceContextPropagator` and `W3CBaggagePropagator`. */
export const OTEL_CORE = '@opentelemetry/core';

/** The package of `registerInstrumentations`. */
export const OTEL_INSTRUMENTATION = '@opentelemetry/instrumentation';

// `@opentelemetry/sdk-node` re-exports whole SDK packages under these names (see its index.d.ts).
const SDK_NODE_NAMESPACES: ReadonlyMap<string, string> = new Map([
  ['tracing', '@opentelemetry/sdk-trace-base'],
  ['node', '@opentelemetry/sdk-trace-node'],
  ['core', '@opentelemetry/core'],
]);

// Before the 2.x line, samplers were also exported by `@opentelemetry/core` (API < 1.10 era SDKs).
const LEGACY_SAMPLER_MODULE = OTEL_CORE;

// Tracer providers whose constructor takes `{ sampler, spanProcessors }`.
const PROVIDER_CLASSES: ReadonlySet<string> = new Set(['BasicTracerProvider', 'NodeTracerProvider', 'WebTracerProvider', 'TracerProvider']);

// Providers with a `register({ propagator, contextManager })` method (2.x Node and web providers).
const REGISTERING_PROVIDER_CLASSES: ReadonlySet<string> = new Set(['NodeTracerProvider', 'WebTracerProvider']);

// Span exporters that keep spans in the process, so a simple processor costs no network round trip.
const LOCAL_EXPORTERS: ReadonlySet<string> = new Set(['ConsoleSpanExporter', 'InMemorySpanExporter']);

// Vendor span exporters that send each export over the network, besides the `@opentelemetry/exporter-*` family.
const VENDOR_NETWORK_EXPORTER_MODULES: ReadonlySet<string> = new Set([
  '@google-cloud/opentelemetry-cloud-trace-exporter',
  '@azure/monitor-opentelemetry-exporter',
  '@honeycombio/opentelemetry-node',
]);

// `@opentelemetry/exporter-*` packages that export metrics or logs, never spans.
const NON_SPAN_EXPORTER_PATTERN = /^@opentelemetry\/exporter-(?:metrics-|logs-|prometheus)/;

// Aliases followed through `const a = b` chains are bounded; real setup code never nests deeper.
const MAX_ALIAS_DEPTH = 8;

const OTEL_SCOPE: readonly string[] = ['@opentelemetry/'];

/**
 * Whether a file may name an `@opentelemetry/` package (see {@link mayContain}). Every SDK construct,
 * API call and propagator class the rules look for is imported from one, so files answering `false`
 * skip all listener work.
 * @param sourceCode the file being linted
 */
export function mentionsOpenTelemetry(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return mayContain(sourceCode, OTEL_SCOPE);
}

/** A class (or factory) exported by a package, as a `new` callee or an expression reaches it. */
export interface ExportedClass {
  /**
   * The package that defines the class: `@opentelemetry/sdk-trace-base` for `tracing.X` read from
   * `@opentelemetry/sdk-node`, otherwise the module the code imports.
   */
  readonly module: string;
  /** The export name, e.g. `BatchSpanProcessor`. */
  readonly name: string;
  /** The module the code actually imports (normalized), e.g. `@opentelemetry/sdk-node`. */
  readonly importedFrom: string;
  /** The member path read from {@link importedFrom}, e.g. `['tracing', 'SimpleSpanProcessor']`. */
  readonly importedPath: readonly string[];
}

/**
 * Resolves an expression to the package export it denotes, seeing through `@opentelemetry/sdk-node`'s
 * `tracing` and `node` namespaces. `undefined` when it is not statically one export.
 * @param tracker the file's import tracker
 * @param node a `new` callee or any expression
 */
export function resolveExportedClass(tracker: ImportTracker, node: TSESTree.Node): ExportedClass | undefined {
  const resolved = tracker.resolveReference(node);
  if (resolved === undefined) return undefined;
  const { module, path } = resolved;
  const [first, second] = path;
  if (first === undefined) return undefined;
  if (module === SDK_NODE && second !== undefined && path.length === 2) {
    const target = SDK_NODE_NAMESPACES.get(first);
    return target === undefined ? undefined : { module: target, name: second, importedFrom: module, importedPath: path };
  }
  if (path.length !== 1) return undefined;
  return { module, name: first, importedFrom: module, importedPath: path };
}

/**
 * Whether a resolved class is one of `names` exported by a tracing SDK package (or, for samplers,
 * by the pre-2.x `@opentelemetry/core`).
 * @param exported the resolved class
 * @param names accepted export names
 */
export function isSdkTraceClass(exported: ExportedClass | undefined, ...names: readonly string[]): boolean {
  if (exported === undefined || !names.includes(exported.name)) return false;
  return SDK_TRACE_MODULES.has(exported.module) || (exported.module === LEGACY_SAMPLER_MODULE && exported.name.endsWith('Sampler'));
}

/**
 * Follows a constant identifier (`const p = new X()`) to the `new` expression it holds.
 * @param tracker the file's import tracker
 * @param node any expression
 */
export function constantNewExpression(tracker: ImportTracker, node: TSESTree.Node): TSESTree.NewExpression | undefined {
  let current = skipWrappers(node);
  for (let depth = 0; depth <= MAX_ALIAS_DEPTH; depth += 1) {
    if (current.type === AST_NODE_TYPES.NewExpression) return current;
    if (current.type !== AST_NODE_TYPES.Identifier) return undefined;
    const initializer = tracker.constantInitializer(current);
    if (initializer === undefined) return undefined;
    current = skipWrappers(initializer);
  }
  return undefined;
}

/**
 * The class a `new` expression (reached directly or through a constant) instantiates.
 * @param tracker the file's import tracker
 * @param node any expression
 */
export function instantiatedClass(tracker: ImportTracker, node: TSESTree.Node): { readonly expression: TSESTree.NewExpression; readonly exported: ExportedClass } | undefined {
  const expression = constantNewExpression(tracker, node);
  if (expression === undefined) return undefined;
  const exported = resolveExportedClass(tracker, expression.callee);
  return exported === undefined ? undefined : { expression, exported };
}

/** What an options object says about one key. */
export type OptionLookup =
  | { readonly kind: 'found'; readonly property: TSESTree.Property; readonly value: TSESTree.Node }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown' };

/**
 * The static key of an object literal property, or `undefined` when computed from a non-literal.
 * @param property a property of an object literal
 */
export function propertyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return getStaticString(property.key);
}

/**
 * Looks `key` up in an object literal. A spread or a computed key makes absence unknowable, and
 * the last write wins, as at run time.
 * @param object the object literal (anything else answers `unknown`)
 * @param key the option name
 */
export function objectOption(object: TSESTree.Node | undefined, key: string): OptionLookup {
  const literal = object === undefined ? undefined : skipWrappers(object);
  if (literal?.type !== AST_NODE_TYPES.ObjectExpression) return { kind: 'unknown' };
  let found: OptionLookup = { kind: 'absent' };
  for (const property of literal.properties) {
    if (property.type !== AST_NODE_TYPES.Property) {
      found = { kind: 'unknown' };
      continue;
    }
    const name = propertyName(property);
    if (name === undefined) found = { kind: 'unknown' };
    else if (name === key) found = { kind: 'found', property, value: property.value };
  }
  return found;
}

/**
 * Looks an option up in the options object a constructor or call receives as its first argument
 * (`new NodeSDK({ sampler })`, `new TracerProvider({ spanProcessors })`). No argument at all means
 * every option is absent.
 * @param call the `new` or call expression
 * @param key the option name
 */
export function constructorOption(call: TSESTree.NewExpression | TSESTree.CallExpression, key: string): OptionLookup {
  const [first] = call.arguments;
  if (first === undefined) return { kind: 'absent' };
  return objectOption(first, key);
}

/**
 * The exporter a span processor is built with, in either constructor shape: 2.x positional
 * `new BatchSpanProcessor(exporter, config)` or 3.x `new BatchSpanProcessor({ exporter })`.
 * An object literal without an `exporter` key is an inline 2.x exporter and is returned whole.
 * @param processor the processor's `new` expression
 */
export function spanProcessorExporter(processor: TSESTree.NewExpression): TSESTree.Node | undefined {
  const [first] = processor.arguments;
  if (first === undefined || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const option = objectOption(first, 'exporter');
  return option.kind === 'found' ? option.value : first;
}

/** Whether an exporter keeps spans in the process or sends them over the network. */
export type ExporterKind = 'local' | 'network';

/**
 * Classifies a span exporter class: console and in-memory exporters are `local`; the OTLP, Zipkin,
 * Jaeger and vendor exporters are `network`; anything else is unknown.
 * @param exported the exporter's resolved class
 */
export function exporterKind(exported: ExportedClass): ExporterKind | undefined {
  if (isSdkTraceClass(exported, ...LOCAL_EXPORTERS)) return 'local';
  if (!exported.name.endsWith('Exporter')) return undefined;
  if (exported.module.startsWith('@opentelemetry/exporter-') && !NON_SPAN_EXPORTER_PATTERN.test(exported.module)) return 'network';
  return VENDOR_NETWORK_EXPORTER_MODULES.has(exported.module) ? 'network' : undefined;
}

/**
 * Whether a class is a tracer provider taking `{ sampler, spanProcessors }`.
 * @param exported the resolved class
 */
export function isTracerProviderClass(exported: ExportedClass | undefined): boolean {
  return isSdkTraceClass(exported, ...PROVIDER_CLASSES);
}

/**
 * Whether a class is a tracer provider with a 2.x `register({ propagator })` method.
 * @param exported the resolved class
 */
export function isRegisteringProviderClass(exported: ExportedClass | undefined): boolean {
  return isSdkTraceClass(exported, ...REGISTERING_PROVIDER_CLASSES);
}

/**
 * Whether a class is `NodeSDK` from `@opentelemetry/sdk-node`.
 * @param exported the resolved class
 */
export function isNodeSdkClass(exported: ExportedClass | undefined): boolean {
  return exported?.module === SDK_NODE && exported.name === 'NodeSDK';
}

/**
 * The library an instrumentation package instruments: `kafkajs` for both
 * `@opentelemetry/instrumentation-kafkajs` and the community `opentelemetry-instrumentation-kafkajs`.
 * @param module a module specifier
 */
export function instrumentationLibrary(module: string): string | undefined {
  const match = /^(?:@[^/]+\/)?(?:opentelemetry-)?instrumentation-([^/]+)$/.exec(normalizeModuleName(module));
  if (match?.[1] === undefined) return undefined;
  // `@foo/instrumentation-x` from an unrelated scope is not an OpenTelemetry instrumentation.
  const scoped = module.startsWith('@');
  if (scoped && !module.startsWith('@opentelemetry/') && !module.includes('/opentelemetry-instrumentation-')) return undefined;
  if (!scoped && !module.startsWith('opentelemetry-instrumentation-')) return undefined;
  return match[1];
}

/**
 * Builds the texts that name sibling exports of the class `callee` refers to (`BatchSpanProcessor`
 * next to `SimpleSpanProcessor`, `ParentBasedSampler` next to `TraceIdRatioBasedSampler`), reusing
 * the callee's namespace (`tracing.X`, `sdk.X`) or importing the names from the same module in one edit.
 * @param fixer the fixer passed to `fix`
 * @param sourceCode the file being fixed
 * @param callee the expression that reaches the original class
 * @param exported the original class, as {@link resolveExportedClass} resolved `callee`
 * @param names the sibling exports
 */
export function siblingExports(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  callee: TSESTree.Node,
  exported: ExportedClass,
  names: readonly string[],
): { readonly texts: readonly string[]; readonly fix: TSESLint.RuleFix | undefined } {
  const target = skipWrappers(callee);
  if (target.type === AST_NODE_TYPES.MemberExpression && !target.computed) {
    const object = sourceCode.getText(target.object);
    return { texts: names.map((name) => `${object}.${name}`), fix: undefined };
  }
  const [namespace] = exported.importedPath;
  if (exported.importedPath.length === 2 && namespace !== undefined) {
    const { local, fix } = ensureImport(fixer, sourceCode, exported.importedFrom, namespace, callee);
    return { texts: names.map((name) => `${local}.${name}`), fix };
  }
  const { locals, fix } = ensureImports(fixer, sourceCode, exported.importedFrom, names, callee);
  return { texts: locals, fix };
}

/**
 * {@link siblingExports} for a single name.
 * @param fixer the fixer passed to `fix`
 * @param sourceCode the file being fixed
 * @param callee the expression that reaches the original class
 * @param exported the original class
 * @param name the sibling export
 */
export function siblingExport(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  callee: TSESTree.Node,
  exported: ExportedClass,
  name: string,
): { readonly text: string; readonly fix: TSESLint.RuleFix | undefined } {
  const { texts, fix } = siblingExports(fixer, sourceCode, callee, exported, [name]);
  return { text: texts[0] ?? name, fix };
}

/** A release as `[major, minor, patch]`. */
export type Version = readonly [number, number, number];

/** The versions a dependency range admits: `max` is `undefined` when the range is open above. */
export interface VersionBounds {
  readonly min: Version;
  readonly max: Version | undefined;
}

/**
 * Orders two versions.
 * @param a a version
 * @param b another version
 * @returns a negative number, zero or a positive number as `a` is lower, equal or higher
 */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Bounds of a simple npm range: an exact version, `^x.y.z`, `~x.y.z` or `>=x.y.z` (a `v` prefix and
 * `x` wildcards allowed). Unions, hyphen ranges, tags and URLs answer `undefined`.
 * @param range the range written in `package.json`
 */
export function parseRangeBounds(range: string): VersionBounds | undefined {
  const match = /^\s*(\^|~|>=|=)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?(?:-[0-9A-Za-z.-]+)?\s*$/.exec(range);
  if (match === null) return undefined;
  const [, operator = '', majorText = '0', minorText, patchText] = match;
  const major = Number(majorText);
  const minorWild = minorText === undefined || !/^\d+$/.test(minorText);
  const patchWild = patchText === undefined || !/^\d+$/.test(patchText);
  const minor = minorWild ? 0 : Number(minorText);
  const patch = patchWild ? 0 : Number(patchText);
  const min: Version = [major, minor, patch];
  const infinity = Number.MAX_SAFE_INTEGER;
  if (operator === '>=') return { min, max: undefined };
  if (operator === '^') {
    // Caret keeps the left-most non-zero part: ^0.50.1 stays within 0.50.x, ^1.2.0 within 1.x.
    if (major > 0 || minorWild) return { min, max: [major, infinity, infinity] };
    if (minor > 0 || patchWild) return { min, max: [0, minor, infinity] };
    return { min, max: min };
  }
  if (operator === '~' || minorWild || patchWild) return { min, max: minorWild ? [major, infinity, infinity] : [major, minor, infinity] };
  return { min, max: min };
}

const manifests = new Map<string, unknown>();

/**
 * The range a `package.json` declares for a dependency (in any dependency field), read once per manifest.
 * @param packageJsonPath absolute path of the manifest
 * @param dependency the package name
 */
export function declaredRange(packageJsonPath: string, dependency: string): string | undefined {
  if (!manifests.has(packageJsonPath)) {
    const text = readFileOrUndefined(packageJsonPath);
    let parsed: unknown;
    try {
      parsed = text === undefined ? undefined : (JSON.parse(text) as unknown);
    } catch {
      parsed = undefined;
    }
    manifests.set(packageJsonPath, parsed);
  }
  const manifest = manifests.get(packageJsonPath);
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const dependencies = (manifest as Record<string, unknown>)[field];
    const range = typeof dependencies === 'object' && dependencies !== null ? (dependencies as Record<string, unknown>)[dependency] : undefined;
    if (typeof range === 'string') return range;
  }
  return undefined;
}
