import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { AUTO_INSTRUMENTATION_PACKAGES } from './autoInstrumentations';

/** The key under `settings` that holds this plugin's shared settings. */
export const SETTINGS_KEY = 'otel-propagation';

/** How the traced application keeps the active context, which decides what loses it. */
export type ContextManager = 'async-local-storage' | 'zone' | 'stack' | 'none';

/** `settings['otel-propagation']` as users write it. */
export interface PropagationSettings {
  /** The context manager in use, or `'auto'` (default) to detect it from the nearest `package.json`. */
  contextManager?: 'auto' | ContextManager;
  /**
   * Instrumented library names (`['kafkajs', 'http']`), replacing detection, or `'auto'` (default)
   * to collect them from the nearest `package.json`.
   */
  instrumented?: 'auto' | readonly string[];
}

/** Settings after defaults and detection, as rules consume them. */
export interface ResolvedSettings {
  /** The context manager rules should assume. */
  readonly contextManager: ContextManager;
  /** Library names whose OpenTelemetry instrumentation is installed, e.g. `kafkajs`, `http`. */
  readonly instrumented: ReadonlySet<string>;
  /** Whether a `package.json` script preloads `@opentelemetry/auto-instrumentations-node/register`. */
  readonly preloadsAutoInstrumentation: boolean;
  /** The `package.json` detection read, when one was found. */
  readonly packageJsonPath?: string;
}

/** What detection learns from one `package.json`. */
export interface DetectedSettings {
  /** Absolute path of the manifest. */
  readonly packageJsonPath: string;
  /** Context manager implied by the declared OpenTelemetry packages. */
  readonly contextManager: ContextManager;
  /** Instrumented library names. */
  readonly instrumented: ReadonlySet<string>;
  /** Whether a script preloads the Node auto-instrumentations. */
  readonly preloadsAutoInstrumentation: boolean;
}

/** Reads a file as UTF-8, returning `undefined` when it does not exist or cannot be read. */
export type FileReader = (filePath: string) => string | undefined;

const CONTEXT_MANAGERS: ReadonlySet<string> = new Set(['async-local-storage', 'zone', 'stack', 'none']);
const INSTRUMENTATION_PREFIX = '@opentelemetry/instrumentation-';

// Packages that register AsyncLocalStorageContextManager (sdk-trace is the 3.x name of the Node tracer SDK).
const NODE_CONTEXT_PACKAGES = ['@opentelemetry/sdk-node', '@opentelemetry/sdk-trace-node', '@opentelemetry/sdk-trace', '@opentelemetry/context-async-hooks'];
const WEB_TRACER_PACKAGE = '@opentelemetry/sdk-trace-web';
// Matches @opentelemetry/context-zone and @opentelemetry/context-zone-peer-dep.
const ZONE_PACKAGE_PREFIX = '@opentelemetry/context-zone';

// `node --require`, `-r` or `--import` of the register entry, alone or inside NODE_OPTIONS="...".
const PRELOAD_PATTERN = /(?:^|[\s"'=])(?:--require|-r|--import)(?:\s+|=)["']?@opentelemetry\/auto-instrumentations-node\/register(?:\.js)?(?=$|[\s"'])/;

// Instrumentations whose library name differs from the module rules see.
const LIBRARY_ALIASES: ReadonlyMap<string, string> = new Map([['https', 'http']]);

const DEFAULT_SETTINGS: ResolvedSettings = {
  contextManager: 'async-local-storage',
  instrumented: new Set(),
  preloadsAutoInstrumentation: false,
};

/** Reads files with `fs.readFileSync`, treating any error as a missing file. */
export const readFileOrUndefined: FileReader = (filePath) => {
  try {
    return readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Works out the context manager, instrumented libraries and preloads from a parsed `package.json`.
 *
 * All of `dependencies`, `devDependencies`, `peerDependencies` and `optionalDependencies` count:
 * bundled browser apps keep their SDK in `devDependencies`, and declaring more instrumentation makes
 * rules report less, which is the safe direction. When Node and browser context packages are both
 * present the result is `async-local-storage`, the manager under which rules report least.
 *
 * @param manifest the parsed JSON
 * @param packageJsonPath absolute path of the file, kept for messages
 */
export function detectFromManifest(manifest: unknown, packageJsonPath: string): DetectedSettings {
  const names = new Set<string>();
  const scripts: string[] = [];
  if (isRecord(manifest)) {
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const dependencies = manifest[field];
      if (isRecord(dependencies)) for (const name of Object.keys(dependencies)) names.add(name);
    }
    if (isRecord(manifest.scripts)) {
      for (const script of Object.values(manifest.scripts)) if (typeof script === 'string') scripts.push(script);
    }
  }

  const instrumented = new Set<string>();
  for (const name of names) {
    if (name.startsWith(INSTRUMENTATION_PREFIX)) instrumented.add(name.slice(INSTRUMENTATION_PREFIX.length));
    for (const library of AUTO_INSTRUMENTATION_PACKAGES.get(name) ?? []) instrumented.add(library);
  }

  return {
    packageJsonPath,
    contextManager: detectContextManager(names),
    instrumented,
    preloadsAutoInstrumentation: scripts.some((script) => PRELOAD_PATTERN.test(script)),
  };
}

function detectContextManager(names: ReadonlySet<string>): ContextManager {
  const node = NODE_CONTEXT_PACKAGES.some((name) => names.has(name));
  const zone = [...names].some((name) => name.startsWith(ZONE_PACKAGE_PREFIX));
  const web = names.has(WEB_TRACER_PACKAGE);
  // Both worlds in one manifest (an SSR app, a monorepo root) is ambiguous: assume the quietest manager.
  if (node && (zone || web)) return 'async-local-storage';
  if (zone) return 'zone';
  if (web) return 'stack';
  return 'async-local-storage';
}

/**
 * Finds the nearest `package.json` above a directory and caches the answer for every directory on
 * the way, so linting many files reads each manifest once.
 */
export class PackageJsonLookup {
  readonly #readFile: FileReader;
  readonly #nearest = new Map<string, DetectedSettings | null>();

  /** @param readFile how manifests are read; tests pass a counting reader */
  constructor(readFile: FileReader = readFileOrUndefined) {
    this.#readFile = readFile;
  }

  /**
   * Detection from the `package.json` nearest to `directory`, or `undefined` when there is none.
   * A manifest that does not parse counts as absent and the search continues upwards.
   * @param directory an absolute directory path
   */
  nearest(directory: string): DetectedSettings | undefined {
    const visited: string[] = [];
    let current = directory;
    let found: DetectedSettings | null = null;
    for (;;) {
      const cached = this.#nearest.get(current);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      visited.push(current);
      const packageJsonPath = path.join(current, 'package.json');
      const text = this.#readFile(packageJsonPath);
      const manifest = text === undefined ? undefined : parseJson(text);
      if (manifest !== undefined) {
        found = detectFromManifest(manifest, packageJsonPath);
        break;
      }
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    for (const directoryOnTheWay of visited) this.#nearest.set(directoryOnTheWay, found);
    return found ?? undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const defaultLookup = new PackageJsonLookup();

/** The parts of a rule context that settings resolution reads. */
export interface SettingsContext {
  readonly filename: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

/**
 * Resolves `settings['otel-propagation']` for the file being linted. Explicit values always win;
 * `'auto'` (the default) reads the `package.json` nearest to the file. Files without a real path
 * (`<input>`, `<text>`) get the defaults: `async-local-storage` and no instrumentation.
 *
 * @param context the rule context (its `filename` and `settings`)
 * @param lookup manifest lookup; the shared cached one unless a test injects its own
 */
export function getPropagationSettings(context: SettingsContext, lookup: PackageJsonLookup = defaultLookup): ResolvedSettings {
  const raw = context.settings[SETTINGS_KEY];
  // Every rule asks for the same file in turn: the previous answer is reused while file, settings and lookup match.
  const last = lastResolution;
  if (last?.filename === context.filename && last.raw === raw && last.lookup === lookup) return last.resolved;
  const resolved = resolveCached(context.filename, raw, lookup);
  lastResolution = { filename: context.filename, raw, lookup, resolved };
  return resolved;
}

// Resolution depends on the file only through its directory, and the lookup never forgets a directory:
// files of one directory under one settings object share one answer. Non-record settings all read as `{}`.
const resolutions = new WeakMap<PackageJsonLookup, WeakMap<object, Map<string, ResolvedSettings>>>();
const NO_SETTINGS = {};
// Directory key of files without a real path (no absolute path is empty).
const NO_DIRECTORY = '';

function resolveCached(filename: string, raw: unknown, lookup: PackageJsonLookup): ResolvedSettings {
  let bySettings = resolutions.get(lookup);
  if (bySettings === undefined) {
    bySettings = new WeakMap();
    resolutions.set(lookup, bySettings);
  }
  const explicit = isRecord(raw) ? raw : NO_SETTINGS;
  let byDirectory = bySettings.get(explicit);
  if (byDirectory === undefined) {
    byDirectory = new Map();
    bySettings.set(explicit, byDirectory);
  }
  const directory = path.isAbsolute(filename) ? path.dirname(filename) : NO_DIRECTORY;
  let resolved = byDirectory.get(directory);
  if (resolved === undefined) {
    resolved = resolveSettings(filename, explicit, lookup);
    byDirectory.set(directory, resolved);
  }
  return resolved;
}

let lastResolution: { readonly filename: string; readonly raw: unknown; readonly lookup: PackageJsonLookup; readonly resolved: ResolvedSettings } | undefined;

function resolveSettings(filename: string, raw: unknown, lookup: PackageJsonLookup): ResolvedSettings {
  const explicit: Record<string, unknown> = isRecord(raw) ? raw : {};
  const detected = path.isAbsolute(filename) ? lookup.nearest(path.dirname(filename)) : undefined;

  const { contextManager, instrumented } = explicit;
  const resolved: ResolvedSettings = {
    contextManager: typeof contextManager === 'string' && CONTEXT_MANAGERS.has(contextManager) ? (contextManager as ContextManager) : (detected?.contextManager ?? DEFAULT_SETTINGS.contextManager),
    instrumented: Array.isArray(instrumented)
      ? new Set(instrumented.filter((name): name is string => typeof name === 'string').map(normalizeLibrary))
      : (detected?.instrumented ?? DEFAULT_SETTINGS.instrumented),
    preloadsAutoInstrumentation: detected?.preloadsAutoInstrumentation ?? DEFAULT_SETTINGS.preloadsAutoInstrumentation,
  };
  return detected === undefined ? resolved : { ...resolved, packageJsonPath: detected.packageJsonPath };
}

function normalizeLibrary(library: string): string {
  const name = library.startsWith('node:') ? library.slice('node:'.length) : library;
  return LIBRARY_ALIASES.get(name) ?? name;
}

/**
 * Whether the library a rule is looking at has OpenTelemetry instrumentation in this project
 * (`node:https` and `https` count as `http`, whose instrumentation covers both).
 * @param settings resolved settings
 * @param library a library or module name such as `kafkajs` or `node:http`
 */
export function isInstrumented(settings: ResolvedSettings, library: string): boolean {
  return settings.instrumented.has(normalizeLibrary(library));
}
