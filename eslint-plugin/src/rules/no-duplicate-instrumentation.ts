import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import type { Version } from '../util/sdk';
import type { ResolvedSettings } from '../util/settings';

import { AUTO_INSTRUMENTATIONS_NODE, AUTO_INSTRUMENTATIONS_WEB, CHANNEL_BASED_LIBRARIES } from '../util/autoInstrumentations';
import { createRule } from '../util/createRule';
import { getImportTracker, getStaticMemberName, GLOBAL_MODULE, OTEL_API, skipWrappers } from '../util/imports';
import {
  compareVersions,
  constantNewExpression,
  constructorOption,
  declaredRange,
  instantiatedClass,
  instrumentationLibrary,
  isNodeSdkClass,
  isRegisteringProviderClass,
  mentionsOpenTelemetry,
  objectOption,
  parseRangeBounds,
  OTEL_INSTRUMENTATION,
  resolveExportedClass,
  SDK_NODE,
} from '../util/sdk';
import { getPropagationSettings, isInstrumented } from '../util/settings';

export type MessageIds =
  | 'coveredByAutoInstrumentations'
  | 'disableInAutoInstrumentations'
  | 'duplicateInstrumentation'
  | 'manualClientSpan'
  | 'preloadedAutoInstrumentation'
  | 'removeDuplicate'
  | 'sameLibrary';
export type Options = [];

type Platform = 'node' | 'web';

// The meta-package factories, their package and the libraries each one instruments.
const AUTO_FACTORIES: ReadonlyMap<string, { readonly module: string; readonly platform: Platform }> = new Map([
  ['getNodeAutoInstrumentations', { module: '@opentelemetry/auto-instrumentations-node', platform: 'node' as const }],
  ['getWebAutoInstrumentations', { module: '@opentelemetry/auto-instrumentations-web', platform: 'web' as const }],
]);

// Node members that joined or left the meta-package between 0.40.0 and 0.82.0, inclusive bounds (from
// `npm view '@opentelemetry/auto-instrumentations-node@>=0.40.0' dependencies`). Every other member of
// AUTO_INSTRUMENTATIONS_NODE is in all of those releases.
const NODE_MEMBER_CHANGES: ReadonlyMap<string, { readonly since: Version; readonly until?: Version }> = new Map([
  ['fastify', { since: [0, 40, 0], until: [0, 71, 0] }],
  ['host-metrics', { since: [0, 77, 0] }],
  ['kafkajs', { since: [0, 49, 0] }],
  ['openai', { since: [0, 66, 0] }],
  ['oracledb', { since: [0, 59, 0] }],
  ['redis-4', { since: [0, 40, 0], until: [0, 60, 1] }],
  ['runtime-node', { since: [0, 58, 1] }],
  ['undici', { since: [0, 46, 0] }],
]);

// The oldest release the member table above describes.
const OLDEST_KNOWN_NODE_RELEASE: Version = [0, 40, 0];

// Members some releases leave off by default (`defaultExcludedInstrumentations`: fs since long ago,
// fastify in its last releases): they only count when the config enables them explicitly.
const DISABLED_BY_DEFAULT: ReadonlySet<string> = new Set(['fs', 'fastify']);

// Members that record metrics only, never spans (the OpenTelemetry demo's payment service adds
// `RuntimeNodeInstrumentation` next to the meta-package): no trace is doubled, so they are not reported.
const METRICS_ONLY: ReadonlySet<string> = new Set(['runtime-node', 'host-metrics']);

const INSTRUMENTATION_PACKAGE_PREFIX = '@opentelemetry/instrumentation-';

// Browser instrumentations. The web `InstrumentationBase` wraps without unwrapping first, and `fetch` and
// `xml-http-request` no longer unwrap themselves, so a second copy patches on top of the first.
const BROWSER_LIBRARIES: ReadonlySet<string> = new Set([...AUTO_INSTRUMENTATIONS_WEB, 'long-task']);

// Library instrumentations the manual-span check knows; it has nothing to do unless one is in use.
const MANUAL_SPAN_LIBRARIES: readonly string[] = ['undici', 'fetch', 'http', 'xml-http-request', 'kafkajs'];

// The calls that set up tracing, which a preloaded SDK makes redundant.
const SETUP_CALL = /\b(?:start|register)\s*\(|startNodeSDK|setGlobalTracerProvider|registerInstrumentations/;

// Lists nested through constants deeper than this are not followed.
const MAX_DEPTH = 6;

// Span kinds whose span the library instrumentations create for the same outgoing call.
const CLIENT_KINDS: readonly string[] = ['CLIENT', 'PRODUCER'];

// Axios request methods; axios goes through `http` in Node and XHR/fetch in browsers.
const AXIOS_METHODS: ReadonlySet<string> = new Set(['request', 'get', 'delete', 'head', 'options', 'post', 'put', 'patch']);

/** One explicitly constructed instrumentation in a registered list. */
interface ExplicitEntry {
  readonly kind: 'explicit';
  readonly library: string;
  readonly module: string;
  readonly className: string;
  /** The construction; an instrumentation enables (patches) itself there unless told otherwise. */
  readonly instance: TSESTree.NewExpression;
  /** Where the finding is reported: the construction, which is also the list element when written inline. */
  readonly node: TSESTree.Node;
  /** The array literal the construction sits in as an element, when it does. */
  readonly list: TSESTree.ArrayExpression | undefined;
  /** The function (or Program) whose run registers or constructs it. */
  readonly scope: TSESTree.Node;
}

/** One `getNodeAutoInstrumentations(config)` / `getWebAutoInstrumentations(config)` call in a registered list. */
interface AutoEntry {
  readonly kind: 'auto';
  readonly factory: string;
  readonly platform: Platform;
  readonly module: string;
  readonly call: TSESTree.CallExpression;
  /** The function (or Program) whose run registers it. */
  readonly scope: TSESTree.Node;
}

type Entry = AutoEntry | ExplicitEntry;

type Coverage = 'covered' | 'not-covered' | 'unknown';

/**
 * What two enabled copies of one library's instrumentation do at run time: both record (`channels`:
 * diagnostics-channel subscribers, `browser-patches`: browser patches stacked on each other), the later
 * replaces the earlier (`replaces`: Node `InstrumentationBase._wrap` unwraps an existing patch first,
 * since `@opentelemetry/instrumentation` 0.52), or it depends on packages this rule does not know.
 */
type Interaction = 'browser-patches' | 'channels' | 'replaces' | 'unknown';

/**
 * How two instrumentations of `library` interact.
 * @param library the instrumented library
 * @param modules the packages of both instrumentations
 */
function interactionOf(library: string, modules: readonly string[]): Interaction {
  if (CHANNEL_BASED_LIBRARIES.has(library)) return 'channels';
  if (BROWSER_LIBRARIES.has(library)) return 'browser-patches';
  // Community packages may patch other functions, or patch without the base class's unwrap.
  return modules.every((module) => module === `${INSTRUMENTATION_PACKAGE_PREFIX}${library}`) ? 'replaces' : 'unknown';
}

/**
 * The message part that says what breaks when two instrumentations of one library are enabled.
 * @param interaction how they interact
 * @param earlier names the instrumentation enabled first, whose configuration a replacement loses
 */
function effectText(interaction: Interaction, earlier: string): string {
  switch (interaction) {
    case 'channels':
      return 'both subscribe to its diagnostics channels, so every request gets two CLIENT spans and two injected `traceparent` values, which the callee cannot parse: it starts a new trace';
    case 'browser-patches':
      return 'in the browser each copy patches on top of the other, so every operation gets two nested spans';
    case 'replaces':
      return `the later one unwraps the earlier one's patch and replaces it, so the configuration of ${earlier} (hooks, options) is silently lost and disabling either one unpatches the library for both (before \`@opentelemetry/instrumentation\` 0.52: two spans instead)`;
    case 'unknown':
      return `depending on how the packages patch, every operation gets two spans, or the later one replaces the earlier one's patch and the configuration of ${earlier} is silently lost`;
  }
}

/** The effect of calling a Node meta-package factory twice: its channel-based members record twice, the others replace each other. */
function repeatedNodeFactoryEffect(bothHaveChannelMembers: boolean): string {
  const replaced = "for patched libraries the later call's instances replace the earlier call's, whose configuration is silently lost";
  return bothHaveChannelMembers ? `every fetch/undici request gets two CLIENT spans and two \`traceparent\` values (that instrumentation subscribes to diagnostics channels), and ${replaced}` : replaced;
}

/** The suggestion edit that removes one element (and its separating comma) from an array literal. */
function removeElement(fixer: TSESLint.RuleFixer, sourceCode: Readonly<TSESLint.SourceCode>, list: TSESTree.ArrayExpression, element: TSESTree.Node): TSESLint.RuleFix | undefined {
  const index = list.elements.indexOf(element as TSESTree.Expression);
  if (index < 0) return undefined;
  const next = list.elements[index + 1];
  if (next !== undefined && next !== null) return fixer.removeRange([element.range[0], next.range[0]]);
  const previous = index > 0 ? list.elements[index - 1] : undefined;
  if (previous !== undefined && previous !== null) return fixer.removeRange([previous.range[1], element.range[1]]);
  const after = sourceCode.getTokenAfter(element);
  // A trailing comma after the only element goes too.
  return fixer.removeRange([element.range[0], after?.value === ',' ? after.range[1] : element.range[1]]);
}

/** The checks that can find something in a file. */
interface Checks {
  /** Registered instrumentation lists and module-level constructions (`duplicateInstrumentation`, `sameLibrary`, `coveredByAutoInstrumentations`). */
  readonly registrations: boolean;
  /** Manual CLIENT/PRODUCER spans around one instrumented call (`manualClientSpan`). */
  readonly manualSpans: boolean;
  /** Tracing set up again under a preloaded SDK (`preloadedAutoInstrumentation`). */
  readonly preload: boolean;
}

/**
 * Which checks can report in this file, from its text and the project settings alone; `undefined` when
 * none can. Each check needs a word in the text (class names, `instrumentations` and the factories all
 * contain "nstrumentation"), so most service files are dismissed before anything is built.
 */
function checksFor(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>): Checks | undefined {
  const { sourceCode } = context;
  if (!mentionsOpenTelemetry(sourceCode)) return undefined;
  const { text } = sourceCode;
  const registrations = text.includes('nstrumentation');
  const manualSpans =
    text.includes('startActiveSpan') && (text.includes('CLIENT') || text.includes('PRODUCER')) && MANUAL_SPAN_LIBRARIES.some((library) => isInstrumented(getPropagationSettings(context), library));
  // The setting is resolved once per directory; the pattern scans the whole text, so it goes second.
  const preload = getPropagationSettings(context).preloadsAutoInstrumentation && SETUP_CALL.test(text);
  return registrations || manualSpans || preload ? { registrations, manualSpans, preload } : undefined;
}

/** The rule's listeners for a file some check applies to. */
function createListeners(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>, checks: Checks): TSESLint.RuleListener {
  const { sourceCode } = context;
  const { registrations: checksRegistrations, manualSpans: checksManualSpans, preload: checksPreload } = checks;
  let settings: ResolvedSettings | undefined;

  function getSettings(): ResolvedSettings {
    settings ??= getPropagationSettings(context);
    return settings;
  }

  const tracker = getImportTracker(context);
  const entries: Entry[] = [];
  const instances = new Map<TSESTree.NewExpression, ExplicitEntry>();

  function autoFactoryOf(node: TSESTree.Node): string | undefined {
    const call = skipWrappers(node);
    if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const resolved = tracker.resolveReference(call.callee);
    const [name] = resolved?.path ?? [];
    if (resolved?.path.length !== 1 || name === undefined) return undefined;
    return AUTO_FACTORIES.get(name)?.module === resolved.module ? name : undefined;
  }

  /** Adds the entries an `instrumentations` value contributes; parts that are not static are skipped. */
  function collect(value: TSESTree.Node, list: TSESTree.ArrayExpression | undefined, depth: number, scope: TSESTree.Node): void {
    if (depth > MAX_DEPTH) return;
    const node = skipWrappers(value);
    if (node.type === AST_NODE_TYPES.ArrayExpression) {
      for (const element of node.elements) {
        if (element === null) continue;
        if (element.type === AST_NODE_TYPES.SpreadElement) collect(element.argument, undefined, depth + 1, scope);
        else collect(element, node, depth + 1, scope);
      }
      return;
    }
    const factory = autoFactoryOf(node);
    const description = factory === undefined ? undefined : AUTO_FACTORIES.get(factory);
    if (factory !== undefined && description !== undefined && node.type === AST_NODE_TYPES.CallExpression) {
      entries.push({ kind: 'auto', factory, platform: description.platform, module: description.module, call: node, scope });
      return;
    }
    if (node.type === AST_NODE_TYPES.Identifier) {
      const initializer = tracker.constantInitializer(node);
      if (initializer !== undefined && skipWrappers(initializer).type === AST_NODE_TYPES.ArrayExpression) {
        collect(initializer, undefined, depth + 1, scope);
        return;
      }
    }
    const instance = instantiatedClass(tracker, node);
    const library = instance === undefined ? undefined : instrumentationLibrary(instance.exported.module);
    if (instance === undefined || library === undefined) return;
    addInstance({ kind: 'explicit', library, module: instance.exported.module, className: instance.exported.name, instance: instance.expression, node: instance.expression, list: value === instance.expression ? list : undefined, scope });
  }

  /**
   * Records one instrumentation instance. The same construction reached twice (a constant listed in two
   * places) is one instance, and enabling an instance twice is a no-op, so it counts once.
   */
  function addInstance(entry: ExplicitEntry): void {
    const known = instances.get(entry.instance);
    if (known === undefined || (known.list === undefined && entry.list !== undefined)) instances.set(entry.instance, entry);
  }

  /** The innermost function around a node, or the Program when it runs at module load. */
  function enclosingScope(node: TSESTree.Node): TSESTree.Node {
    // `Program.parent` is `null` at run time, so the walk stops at the Program itself.
    for (let current = node.parent; current !== undefined && current.type !== AST_NODE_TYPES.Program; current = current.parent) {
      if (current.type === AST_NODE_TYPES.ArrowFunctionExpression || current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) return current;
    }
    return sourceCode.ast;
  }

  /**
   * Whether two registrations certainly run in the same process start: both in one function, or one of
   * them at module level. Two factory functions (one SDK per entry point) may never both run.
   */
  function runTogether(a: Entry, b: Entry): boolean {
    return a.scope === b.scope || a.scope === sourceCode.ast || b.scope === sourceCode.ast;
  }

  function collectOption(call: TSESTree.CallExpression | TSESTree.NewExpression): void {
    const option = constructorOption(call, 'instrumentations');
    if (option.kind === 'found') collect(option.value, undefined, 0, enclosingScope(call));
  }

  function reportPreload(node: TSESTree.CallExpression, call: string): void {
    if (!checksPreload) return;
    context.report({ node, messageId: 'preloadedAutoInstrumentation', data: { call } });
  }

  /** Whether the meta-package release this project declares contains the library's instrumentation. */
  function isMember(auto: AutoEntry, library: string): boolean {
    if (auto.platform === 'web') return AUTO_INSTRUMENTATIONS_WEB.includes(library);
    if (METRICS_ONLY.has(library)) return false;
    const { packageJsonPath } = getSettings();
    const range = packageJsonPath === undefined ? undefined : declaredRange(packageJsonPath, auto.module);
    const bounds = range === undefined ? undefined : parseRangeBounds(range);
    const change = NODE_MEMBER_CHANGES.get(library);
    if (change === undefined) {
      return AUTO_INSTRUMENTATIONS_NODE.includes(library) && (bounds === undefined || compareVersions(bounds.min, OLDEST_KNOWN_NODE_RELEASE) >= 0);
    }
    if (bounds === undefined || compareVersions(bounds.min, change.since) < 0) return false;
    return change.until === undefined || (bounds.max !== undefined && compareVersions(bounds.max, change.until) <= 0);
  }

  function coverage(auto: AutoEntry, library: string): Coverage {
    if (!isMember(auto, library)) return 'not-covered';
    const byDefault: Coverage = auto.platform === 'node' && DISABLED_BY_DEFAULT.has(library) ? 'not-covered' : 'covered';
    const [config] = auto.call.arguments;
    if (config === undefined) return byDefault;
    const entry = objectOption(config, `${INSTRUMENTATION_PACKAGE_PREFIX}${library}`);
    if (entry.kind === 'unknown') return 'unknown';
    if (entry.kind === 'absent') return byDefault;
    const enabled = objectOption(entry.value, 'enabled');
    if (enabled.kind === 'absent') return byDefault;
    if (enabled.kind === 'found' && enabled.value.type === AST_NODE_TYPES.Literal && typeof enabled.value.value === 'boolean') return enabled.value.value ? 'covered' : 'not-covered';
    return 'unknown';
  }

  /** The edit that adds `'<package>': { enabled: false }` to an auto-instrumentations call, when its config is a plain literal. */
  function disableFix(fixer: TSESLint.RuleFixer, auto: AutoEntry, packageName: string): TSESLint.RuleFix | undefined {
    const property = `'${packageName}': { enabled: false }`;
    const [config] = auto.call.arguments;
    if (config === undefined) {
      const closing = sourceCode.getLastToken(auto.call);
      return closing?.value === ')' ? fixer.insertTextBefore(closing, `{ ${property} }`) : undefined;
    }
    if (config.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    const last = config.properties.at(-1);
    if (last === undefined) {
      const closing = sourceCode.getLastToken(config);
      return closing === null ? undefined : fixer.insertTextBefore(closing, ` ${property} `);
    }
    return fixer.insertTextAfter(last, `, ${property}`);
  }

  function reportDuplicates(): void {
    const earlier: Entry[] = [];
    const autos = entries.filter((entry): entry is AutoEntry => entry.kind === 'auto');
    const ordered = [...autos, ...instances.values()].sort((a, b) => (a.kind === 'auto' ? a.call : a.instance).range[0] - (b.kind === 'auto' ? b.call : b.instance).range[0]);
    for (const entry of ordered) {
      const first = earlier.find((other) =>
        other.kind === 'auto' ? entry.kind === 'auto' && other.platform === entry.platform && runTogether(other, entry) : entry.kind === 'explicit' && other.library === entry.library && runTogether(other, entry),
      );
      earlier.push(entry);
      if (entry.kind === 'auto') {
        if (first?.kind !== 'auto') continue;
        const effect = entry.platform === 'web' ? effectText('browser-patches', "the first call's instances") : repeatedNodeFactoryEffect(isMember(first, 'undici') && isMember(entry, 'undici'));
        context.report({ node: entry.call, messageId: 'duplicateInstrumentation', data: { name: `${entry.factory}()`, line: String(first.call.loc.start.line), effect } });
        continue;
      }
      const removal = entry.list;
      const remove = removal === undefined ? [] : [{ messageId: 'removeDuplicate' as const, data: { name: entry.className }, fix: (fixer: TSESLint.RuleFixer) => removeElement(fixer, sourceCode, removal, entry.node) ?? null }];
      if (first?.kind === 'explicit') {
        const line = String(first.node.loc.start.line);
        const effect = effectText(interactionOf(entry.library, [first.module, entry.module]), 'the first one');
        if (first.module === entry.module) {
          context.report({ node: entry.node, messageId: 'duplicateInstrumentation', data: { name: entry.className, line, effect }, suggest: remove });
        } else {
          context.report({
            node: entry.node,
            messageId: 'sameLibrary',
            data: { library: entry.library, name: entry.className, module: entry.module, first: first.className, firstModule: first.module, line, effect },
            suggest: remove,
          });
        }
        continue;
      }
      const together = autos.filter((auto) => runTogether(auto, entry));
      const covering = together.find((auto) => coverage(auto, entry.library) === 'covered');
      if (covering === undefined || together.some((auto) => coverage(auto, entry.library) === 'unknown')) continue;
      const packageName = `${INSTRUMENTATION_PACKAGE_PREFIX}${entry.library}`;
      // Instances enable in construction order, which in one file is source order.
      const enabledFirst = covering.call.range[0] < entry.instance.range[0] ? `the \`${covering.factory}()\` instance` : `\`${entry.className}\``;
      context.report({
        node: entry.node,
        messageId: 'coveredByAutoInstrumentations',
        data: { name: entry.className, factory: covering.factory, line: String(covering.call.loc.start.line), library: entry.library, effect: effectText(interactionOf(entry.library, [entry.module]), enabledFirst) },
        suggest: [
          { messageId: 'disableInAutoInstrumentations', data: { package: packageName, factory: covering.factory }, fix: (fixer) => disableFix(fixer, covering, packageName) ?? null },
          ...remove,
        ],
      });
    }
  }

  function isSpanKind(node: TSESTree.Node): string | undefined {
    return CLIENT_KINDS.find((kind) => tracker.isReferenceTo(node, OTEL_API, 'SpanKind', kind));
  }

  /** Whether `node` is a kafkajs producer: a constant built by `kafka.producer()` on a `new Kafka()`. */
  function isKafkaProducer(node: TSESTree.Node): boolean {
    const target = skipWrappers(node);
    const initializer = target.type === AST_NODE_TYPES.Identifier ? tracker.constantInitializer(target) : undefined;
    const call = initializer === undefined ? undefined : skipWrappers(initializer);
    if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = skipWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || getStaticMemberName(callee) !== 'producer') return false;
    const kafka = constantNewExpression(tracker, callee.object);
    return kafka !== undefined && tracker.isReferenceTo(kafka.callee, 'kafkajs', 'Kafka');
  }

  /** The instrumented library whose instrumentation spans this call, with the libraries that count as detecting it. */
  function spannedCall(call: TSESTree.CallExpression): { readonly libraries: readonly string[]; readonly name: string } | undefined {
    const callee = skipWrappers(call.callee);
    if (tracker.isReferenceTo(callee, GLOBAL_MODULE, 'fetch')) return { libraries: ['undici', 'fetch'], name: 'fetch' };
    const resolved = tracker.resolveReference(callee);
    if (resolved !== undefined && (resolved.module === 'http' || resolved.module === 'https') && resolved.path.length === 1 && ['request', 'get'].includes(resolved.path[0] ?? '')) {
      return { libraries: ['http'], name: `${resolved.module}.${resolved.path[0] ?? ''}` };
    }
    if (resolved?.module === 'axios' && (resolved.path.length === 0 || (resolved.path.length === 1 && AXIOS_METHODS.has(resolved.path[0] ?? '')))) {
      return { libraries: ['http', 'xml-http-request', 'fetch'], name: ['axios', ...resolved.path].join('.') };
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression && ['send', 'sendBatch'].includes(getStaticMemberName(callee) ?? '') && isKafkaProducer(callee.object)) {
      return { libraries: ['kafkajs'], name: `producer.${getStaticMemberName(callee) ?? 'send'}` };
    }
    return undefined;
  }

  /**
   * The calls a span callback makes besides calls on the span itself, or `undefined` when it defines
   * functions of its own (their calls may run any number of times, or never).
   */
  function callsIn(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression, spanName: string | undefined): TSESTree.CallExpression[] | undefined {
    const calls: TSESTree.CallExpression[] = [];
    // Answers false as soon as a nested function shows up.
    const visit = (node: TSESTree.Node): boolean => {
      if (node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration) return false;
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = skipWrappers(node.callee);
        const onSpan = callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === spanName;
        if (!onSpan) calls.push(node);
      }
      for (const key of sourceCode.visitorKeys[node.type] ?? []) {
        const child = (node as unknown as Record<string, unknown>)[key];
        for (const item of Array.isArray(child) ? (child as unknown[]) : [child]) {
          if (typeof item === 'object' && item !== null && typeof (item as { type?: unknown }).type === 'string' && !visit(item as TSESTree.Node)) return false;
        }
      }
      return true;
    };
    return visit(fn.body) ? calls : undefined;
  }

  function checkManualSpan(node: TSESTree.CallExpression): void {
    const [, options, ...rest] = node.arguments;
    const callback = rest.at(-1);
    if (options === undefined || callback === undefined || rest.length > 2) return;
    if (callback.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback.type !== AST_NODE_TYPES.FunctionExpression) return;
    const kindOption = objectOption(options, 'kind');
    const kind = kindOption.kind === 'found' ? isSpanKind(kindOption.value) : undefined;
    if (kind === undefined) return;
    const [spanParameter] = callback.params;
    const spanName = spanParameter?.type === AST_NODE_TYPES.Identifier ? spanParameter.name : undefined;
    const calls = callsIn(callback, spanName);
    const [only] = calls ?? [];
    if (calls?.length !== 1 || only === undefined) return;
    const spanned = spannedCall(only);
    if (spanned === undefined) return;
    const library = spanned.libraries.find((name) => isInstrumented(getSettings(), name));
    if (library === undefined) return;
    context.report({ node, messageId: 'manualClientSpan', data: { kind, call: spanned.name, library } });
  }

  function checkCall(node: TSESTree.CallExpression): void {
    const callee = skipWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = getStaticMemberName(callee);
      if (method === 'startActiveSpan') {
        if (checksManualSpans) checkManualSpan(node);
        return;
      }
      if (method === 'start' || method === 'register') {
        if (checksPreload) checkSetupMethod(node, callee, method);
        return;
      }
    }
    if (checksRegistrations && tracker.isCallTo(node, OTEL_INSTRUMENTATION, 'registerInstrumentations')) {
      collectOption(node);
      reportPreload(node, 'registerInstrumentations(…)');
      return;
    }
    if (!checksPreload) return;
    if (tracker.isCallTo(node, SDK_NODE, 'startNodeSDK')) reportPreload(node, 'startNodeSDK(…)');
    else if (tracker.isApiCall(node, 'trace', 'setGlobalTracerProvider')) reportPreload(node, 'trace.setGlobalTracerProvider(…)');
  }

  /** `sdk.start()` on a `NodeSDK`, `provider.register()` on a registering tracer provider. */
  function checkSetupMethod(node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: 'register' | 'start'): void {
    const instance = instantiatedClass(tracker, callee.object);
    if (instance === undefined) return;
    if (method === 'start' ? isNodeSdkClass(instance.exported) : isRegisteringProviderClass(instance.exported)) reportPreload(node, `${sourceCode.getText(callee)}()`);
  }

  if (!checksRegistrations) return { CallExpression: checkCall };
  return {
    NewExpression(node): void {
      const exported = resolveExportedClass(tracker, node.callee);
      if (exported === undefined) return;
      if (isNodeSdkClass(exported)) {
        collectOption(node);
        return;
      }
      const library = instrumentationLibrary(exported.module);
      // Constructing an instrumentation enables it, so one built at module level counts even unregistered.
      if (library !== undefined && enclosingScope(node) === sourceCode.ast) {
        addInstance({ kind: 'explicit', library, module: exported.module, className: exported.name, instance: node, node, list: undefined, scope: sourceCode.ast });
      }
    },
    CallExpression: checkCall,
    'Program:exit'(): void {
      if (entries.length > 0 || instances.size > 1) reportDuplicates();
    },
  };
}

export default createRule<Options, MessageIds>({
  name: 'no-duplicate-instrumentation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow instrumenting the same library twice',
      recommended: 'recommended',
      severity: 'error',
    },
    hasSuggestions: true,
    messages: {
      coveredByAutoInstrumentations:
        '`{{name}}` is already part of `{{factory}}()` (line {{line}}), which enables it by default: {{effect}}. Disable {{library}} in the auto-instrumentations config or drop this one.',
      disableInAutoInstrumentations: "Disable '{{package}}' in `{{factory}}()` and keep this configured instance.",
      duplicateInstrumentation: '`{{name}}` is registered a second time (first on line {{line}}): {{effect}}. Remove one of them.',
      manualClientSpan:
        'This {{kind}} span only wraps one `{{call}}` call, which the {{library}} instrumentation already records as a {{kind}} span: the trace shows two spans for one request, and the injected `traceparent` names the inner span. Drop the manual span and add attributes to the instrumentation span (`trace.getActiveSpan()` or a request hook) instead.',
      preloadedAutoInstrumentation:
        "`package.json` preloads `@opentelemetry/auto-instrumentations-node/register`, which already starts an SDK with every instrumentation: this `{{call}}` sets up tracing a second time. Its global registration fails with 'Attempted duplicate registration of API', so spans keep going through the preloaded SDK and this setup's exporter, sampler and propagator are ignored; instrumentations enabled here run next to the preloaded copies (fetch/undici requests get two spans, patched libraries keep the copy enabled last). Remove the preload or this setup.",
      removeDuplicate: 'Remove this `{{name}}`.',
      sameLibrary:
        '{{library}} is instrumented a second time: `{{name}}` from `{{module}}` duplicates `{{first}}` from `{{firstModule}}` (line {{line}}): {{effect}}. Keep one of them.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const checks = checksFor(context);
    return checks === undefined ? {} : createListeners(context, checks);
  },
});
