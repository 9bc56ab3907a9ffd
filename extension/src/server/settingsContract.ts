/**
 * The contract between the VS Code client and the language server: the settings the client sends,
 * the custom requests the server answers and the commands its hover links invoke.
 *
 * Settings travel three ways, all carrying {@link ServerSettings} (already validated by the client):
 * - `initialize`: `initializationOptions = { settings: ServerSettings }`, the window-wide values;
 * - `workspace/configuration` pull with `{ section: 'otelPropagation', scopeUri: <document uri> }`, per document,
 *   answered by the client middleware with a `ServerSettings` for that resource;
 * - `workspace/didChangeConfiguration`, after which the server drops its cache and pulls again. When the
 *   client cannot answer pulls (other editors), the pushed `settings.otelPropagation` object is used instead;
 *   the server accepts there the raw settings.json shape too (`baggage: { maxBytes, maxMembers }`).
 *
 * Commands (Decode, Convert, Generate, Open in viewer, Copy trace id) run in the client, which imports
 * `otel-propagation-core` directly; the server only links to them from hovers and code actions.
 * This module is pure data and types, so both sides import it without pulling in `vscode` or the LSP libraries.
 */

/** The configuration section every setting lives under, and the section the server pulls. */
export const SETTINGS_SECTION = 'otelPropagation';

/** The rule sets the server can start from, named after the ESLint plugin's shared configs. */
export const SETTINGS_PRESETS = ['recommended', 'strict', 'browser'] as const;

/** One of {@link SETTINGS_PRESETS}. */
export type SettingsPreset = (typeof SETTINGS_PRESETS)[number];

/** Context managers the plugin knows, plus `auto` (read from the nearest package.json). */
export const SETTINGS_CONTEXT_MANAGERS = ['auto', 'async-local-storage', 'zone', 'stack', 'none'] as const;

/** One of {@link SETTINGS_CONTEXT_MANAGERS}. */
export type SettingsContextManager = (typeof SETTINGS_CONTEXT_MANAGERS)[number];

/** A per-rule severity override, in ESLint's words. */
export type SettingsRuleSeverity = 'off' | 'warn' | 'error';

/** Settings for one resource, as the server receives them under {@link SETTINGS_SECTION}. */
export interface ServerSettings {
  /** Whether diagnostics and code actions are produced; hovers keep working when false. */
  readonly enable: boolean;
  /** The shared config diagnostics start from. */
  readonly preset: SettingsPreset;
  /** Severity overrides keyed by rule id without the namespace (`require-span-end`), applied over the preset. */
  readonly rules: Readonly<Record<string, SettingsRuleSeverity>>;
  /** `settings['otel-propagation'].contextManager` for the rules; `auto` detects from the document's package.json. */
  readonly contextManager: SettingsContextManager;
  /** `settings['otel-propagation'].instrumented`: library names, or `auto` to detect from package.json. */
  readonly instrumented: 'auto' | readonly string[];
  /** `maxMembers` option of `no-oversized-baggage`, and the member count above which hovers warn. */
  readonly baggageMaxMembers: number;
  /** `maxBytes` option of `no-oversized-baggage`, and the baggage size above which hovers warn. */
  readonly baggageMaxBytes: number;
  /** URL template of "Open in trace viewer": `{traceId}`, `{traceId64}` and `{spanId}` are substituted. */
  readonly traceViewerUrl: string;
}

/** The settings the server assumes until the client says otherwise (same as the manifest defaults). */
export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  enable: true,
  preset: 'recommended',
  rules: {},
  contextManager: 'auto',
  instrumented: 'auto',
  // OpenTelemetry JS drops baggage members beyond 180.
  baggageMaxMembers: 180,
  // W3C Baggage: a carrier must accept at least 8192 bytes.
  baggageMaxBytes: 8192,
  traceViewerUrl: 'http://localhost:16686/trace/{traceId}',
};

/** `initializationOptions` of the `initialize` request. */
export interface ServerInitializationOptions {
  readonly settings?: ServerSettings;
}

/** Command ids the server's hovers and code actions invoke; the client registers them. */
export const ServerCommandId = {
  /** Args: `[{ traceId: string, spanId?: string }]`; opens {@link ServerSettings.traceViewerUrl}. */
  openTraceInViewer: 'otelPropagation.openTraceInViewer',
  /** Args: `[traceId: string]`; copies the 32-digit trace id to the clipboard. */
  copyTraceId: 'otelPropagation.copyTraceId',
  /** Args: `[{ value: string, to: ConvertibleFormat }]`, `value` being the whole header block when there is one. */
  convertTraceContext: 'otelPropagation.convertTraceContext',
  /**
   * Args: `[url: string]`. Executed by the server (`workspace/executeCommand`), which asks the editor to open
   * the rule documentation with `window/showDocument` (external); vscode-languageclient registers it itself.
   */
  showRuleDocumentation: 'otelPropagation.showRuleDocumentation',
} as const;

/** The code action kind of "fix all auto-fixable propagation problems". */
export const FIX_ALL_CODE_ACTION_KIND = 'source.fixAll.otelPropagation';

/** Custom request: the server's process statistics, for the benchmark and for diagnosing memory use. */
export const STATS_REQUEST = 'otelPropagation/stats';

/** Response of {@link STATS_REQUEST}. */
export interface ServerStats {
  /** `process.memoryUsage().rss` in bytes. */
  readonly rss: number;
  /** `process.memoryUsage().heapTotal` in bytes: the part of {@link rss} that is V8's heap. */
  readonly heapTotal: number;
  /** `process.memoryUsage().heapUsed` in bytes. */
  readonly heapUsed: number;
  /** Documents the server holds open. */
  readonly openDocuments: number;
  /** Lint runs completed since start (superseded runs not counted). */
  readonly lintRuns: number;
  /** Duration in milliseconds of the last lint run (parse and rules, without the debounce wait). */
  readonly lastLintMs: number;
  /** CPU time of the last lint run in milliseconds, all threads: unlike {@link lastLintMs}, not stretched by other processes. */
  readonly lastLintCpuMs: number;
  /** Whether the last lint run linted the whole file or only an edited statement (a full run follows that). */
  readonly lastLintMode: 'full' | 'incremental';
}
