/**
 * The otel-propagation language server: LSP wiring only. Run it as `node dist/server.js --stdio` from any
 * editor; VS Code's client starts it over IPC. Linting, code actions and hovers live in their own modules.
 */
import { fileURLToPath } from 'node:url';

import type { CodeAction, CodeActionParams, Connection, Diagnostic, Hover, HoverParams, InitializeResult } from 'vscode-languageserver/node';
import { CodeActionKind, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { buildDiagnostic, buildFixAllAction, buildQuickFixes } from './codeActions';
import { buildTraceHover, findHoveredContext, hoverWindow, windowPosition } from './hover';
import type { LintStructure } from './incremental';
import type { LintInput, LintKind } from './linting';
import { LINT_DELAY_MS, RECONCILE_DELAY_MS } from './lintTiming';
import { Debouncer, LintEngine, lintKindOf, ruleDocsUrl } from './linting';
import { compactHeap, IDLE_COMPACT_MS, tuneHeap } from './memory';
import { normalizeServerSettings } from './settings';
import { LintWarmUp } from './warmUp';
import type { ServerSettings, ServerStats } from './settingsContract';
import { DEFAULT_SERVER_SETTINGS, FIX_ALL_CODE_ACTION_KIND, ServerCommandId, SETTINGS_SECTION, STATS_REQUEST } from './settingsContract';

/** The debouncer key of the heap compaction after a burst of lints (no document URI is empty). */
const COMPACT_KEY = '';

/** What the last successful lint of a document found. */
interface LintState {
  /** A snapshot of the text linted: fixes carry offsets into this exact text. */
  readonly document: TextDocument;
  readonly messages: NonNullable<Extract<ReturnType<LintEngine['lint']>, { kind: 'linted' }>['messages']>;
  readonly diagnostics: readonly Diagnostic[];
  /** The dialect and settings linted with: an incremental lint needs a baseline linted the same way. */
  readonly configKey: string;
  /** What an incremental lint of the next edit starts from; undefined when the text was not linted. */
  readonly structure: LintStructure | undefined;
  /** False after an incremental lint, until the full lint that follows it. */
  readonly exact: boolean;
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The server's state and handlers for one connection. */
class PropagationServer {
  readonly #connection: Connection;
  readonly #documents = new TextDocuments(TextDocument);
  readonly #engine = new LintEngine();
  readonly #debouncer = new Debouncer(LINT_DELAY_MS);
  readonly #states = new Map<string, LintState>();
  readonly #settingsCache = new Map<string, Promise<ServerSettings>>();
  /** URIs already logged as skipped, so a huge file logs one line, not one per keystroke. */
  readonly #skipLogged = new Set<string>();
  #globalSettings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  #canPullSettings = false;
  #lintRuns = 0;
  #lastLintMs = 0;
  #lastLintCpuMs = 0;
  #lastLintMode: ServerStats['lastLintMode'] = 'full';
  /** Lints started and not finished: they may wait for settings, and a warm-up step must not slip in then. */
  #lintsInFlight = 0;
  readonly #warmUp = new LintWarmUp({
    engine: this.#engine,
    settings: () => this.#globalSettings,
    busyWithin: (ms) => this.#lintsInFlight > 0 || this.#debouncer.dueWithin(ms, COMPACT_KEY),
    done: () => {
      this.#debouncer.schedule(COMPACT_KEY, compactHeap, IDLE_COMPACT_MS);
    },
  });

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  listen(): void {
    const connection = this.#connection;
    connection.onInitialize((params): InitializeResult => {
      this.#canPullSettings = params.capabilities.workspace?.configuration === true;
      const options: unknown = params.initializationOptions;
      if (typeof options === 'object' && options !== null && 'settings' in options) this.#globalSettings = normalizeServerSettings(options.settings);
      return {
        capabilities: {
          textDocumentSync: TextDocumentSyncKind.Incremental,
          hoverProvider: true,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_CODE_ACTION_KIND] },
          executeCommandProvider: { commands: [ServerCommandId.showRuleDocumentation] },
        },
        serverInfo: { name: 'otel-propagation' },
      };
    });
    connection.onInitialized(() => {
      connection.console.info(`otel-propagation server started (node ${process.version}, pid ${process.pid})`);
      // TypeScript's parser is warmed up with the first TypeScript document, as it is loaded only then.
      this.#warmUp.request('js');
    });
    connection.onDidChangeConfiguration((change) => {
      const settings: unknown = change.settings;
      if (typeof settings === 'object' && settings !== null && SETTINGS_SECTION in settings) {
        this.#globalSettings = normalizeServerSettings((settings as Record<string, unknown>)[SETTINGS_SECTION]);
      }
      this.#settingsCache.clear();
      connection.console.info('settings changed: linting open documents again');
      for (const document of this.#documents.all()) this.#scheduleLint(document.uri, 0);
    });

    this.#documents.onDidChangeContent((event) => {
      // Fired on open too: a new document is linted at once, edits after a quiet period.
      this.#scheduleLint(event.document.uri, this.#states.has(event.document.uri) ? LINT_DELAY_MS : 0);
    });
    this.#documents.onDidClose((event) => {
      const uri = event.document.uri;
      this.#debouncer.cancel(uri);
      this.#states.delete(uri);
      this.#settingsCache.delete(uri);
      this.#skipLogged.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    });

    connection.onHover((params) => this.#hover(params));
    connection.onCodeAction((params) => this.#codeActions(params));
    connection.onExecuteCommand(async (params) => {
      const url: unknown = params.arguments?.[0];
      if (params.command !== ServerCommandId.showRuleDocumentation || typeof url !== 'string') return;
      const shown = await connection.window.showDocument({ uri: url, external: true });
      if (!shown.success) connection.console.warn(`the editor did not open ${url}`);
    });
    connection.onRequest(STATS_REQUEST, (): ServerStats => {
      const memory = process.memoryUsage();
      return { rss: memory.rss, heapTotal: memory.heapTotal, heapUsed: memory.heapUsed, openDocuments: this.#documents.all().length, lintRuns: this.#lintRuns, lastLintMs: this.#lastLintMs, lastLintCpuMs: this.#lastLintCpuMs, lastLintMode: this.#lastLintMode };
    });
    connection.onShutdown(() => {
      this.#warmUp.stop();
      this.#debouncer.dispose();
    });

    this.#documents.listen(connection);
    connection.listen();
  }

  #settingsFor(uri: string): Promise<ServerSettings> {
    if (!this.#canPullSettings) return Promise.resolve(this.#globalSettings);
    let cached = this.#settingsCache.get(uri);
    if (cached === undefined) {
      cached = this.#connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
        (raw: unknown) => (raw === null || raw === undefined ? this.#globalSettings : normalizeServerSettings(raw)),
        (error: unknown) => {
          this.#connection.console.warn(`could not read settings for ${uri}: ${errorText(error)}`);
          return this.#globalSettings;
        },
      );
      this.#settingsCache.set(uri, cached);
    }
    return cached;
  }

  #scheduleLint(uri: string, delayMs: number, full = false): void {
    const work = (): void => {
      this.#lintAndPublish(uri, full).catch((error: unknown) => {
        this.#connection.console.error(`linting ${uri} failed: ${errorText(error)}`);
      });
    };
    this.#debouncer.schedule(uri, work, delayMs);
  }

  #lintInput(document: TextDocument, kind: LintKind, settings: ServerSettings): LintInput {
    return { text: document.getText(), filePath: filePathOf(document.uri), kind, settings };
  }

  /**
   * Lints the current version of a document and records the result; undefined when it is not lintable.
   * Unless `full`, an edit of the last linted text is linted incrementally, and a full lint scheduled.
   */
  async #lint(uri: string, full: boolean): Promise<LintState | undefined> {
    this.#lintsInFlight++;
    try {
      return await this.#lintNow(uri, full);
    } finally {
      this.#lintsInFlight--;
    }
  }

  async #lintNow(uri: string, full: boolean): Promise<LintState | undefined> {
    const document = this.#documents.get(uri);
    if (document === undefined) return undefined;
    const kind = lintKindOf(filePathOf(uri), document.languageId);
    if (kind === undefined) return undefined;
    this.#warmUp.request(kind);
    const version = document.version;
    const settings = await this.#settingsFor(uri);
    const current = this.#documents.get(uri);
    // Superseded while the settings were fetched: the newer version has its own run scheduled.
    if (current === undefined || current.version !== version) return undefined;
    const configKey = `${kind}\u0000${JSON.stringify(settings)}`;
    if (!settings.enable) return this.#recordEmpty(uri, current, configKey);
    const previous = this.#states.get(uri);
    const input = this.#lintInput(current, kind, settings);
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const outcome =
      !full && previous?.structure !== undefined && previous.configKey === configKey
        ? this.#engine.lintAfterEdit(input, { text: previous.document.getText(), messages: previous.messages, structure: previous.structure })
        : this.#engine.lint(input);
    this.#lintRuns++;
    this.#lastLintMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    this.#lastLintCpuMs = (cpu.user + cpu.system) / 1000;
    this.#lastLintMode = outcome.kind === 'skipped' ? 'full' : outcome.mode;
    if (this.#lastLintMode === 'incremental') this.#scheduleLint(uri, RECONCILE_DELAY_MS, true);
    this.#debouncer.schedule(COMPACT_KEY, compactHeap, IDLE_COMPACT_MS);
    if (outcome.kind === 'skipped') {
      if (!this.#skipLogged.has(uri)) this.#connection.console.info(`not linting ${uri}: ${outcome.reason}`);
      this.#skipLogged.add(uri);
      return this.#recordEmpty(uri, current, configKey);
    }
    this.#skipLogged.delete(uri);
    if (outcome.kind === 'parseError') {
      // The last good diagnostics stay: half-typed code should not flicker them away.
      return undefined;
    }
    const snapshot = TextDocument.create(uri, current.languageId, version, current.getText());
    const diagnostics = outcome.messages.map((message) => buildDiagnostic(message, version, message.ruleId === null ? undefined : ruleDocsUrl(message.ruleId)));
    const state: LintState = { document: snapshot, messages: outcome.messages, diagnostics, configKey, structure: outcome.structure, exact: outcome.mode === 'full' };
    this.#states.set(uri, state);
    if (this.#lastLintMs > 500) this.#connection.console.warn(`linting ${uri} took ${Math.round(this.#lastLintMs)} ms`);
    return state;
  }

  /** Records a document that is not linted (disabled, too big): no diagnostics, nothing to start an incremental lint from. */
  #recordEmpty(uri: string, document: TextDocument, configKey: string): LintState {
    const state: LintState = { document: TextDocument.create(uri, document.languageId, document.version, ''), messages: [], diagnostics: [], configKey, structure: undefined, exact: true };
    this.#states.set(uri, state);
    return state;
  }

  async #lintAndPublish(uri: string, full: boolean): Promise<void> {
    const state = await this.#lint(uri, full);
    if (state === undefined) return;
    await this.#connection.sendDiagnostics({ uri, version: state.document.version, diagnostics: [...state.diagnostics] });
  }

  async #codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const document = this.#documents.get(uri);
    if (document === undefined) return [];
    let state = this.#states.get(uri);
    if (state?.document.version !== document.version || !state.exact) {
      // Asked before the debounced or the full run: lint now, so the actions match the text the editor shows
      // and fixes reaching outside an edited statement come from the whole file.
      this.#debouncer.cancel(uri);
      state = await this.#lint(uri, true);
      if (state !== undefined) await this.#connection.sendDiagnostics({ uri, version: state.document.version, diagnostics: [...state.diagnostics] });
    }
    if (state?.document.version !== document.version) return [];
    const only = params.context.only;
    const actions = buildQuickFixes({ uri, document: state.document, messages: state.messages, range: params.range, only, docsUrl: ruleDocsUrl });
    if (state.messages.some((message) => message.fix !== undefined)) {
      const kind = lintKindOf(filePathOf(uri), document.languageId);
      if (kind !== undefined) {
        const settings = await this.#settingsFor(uri);
        const fixed = this.#engine.fixAll(this.#lintInput(state.document, kind, settings));
        const fixAll = buildFixAllAction(uri, state.document, fixed, only);
        if (fixAll !== undefined) actions.push(fixAll);
      }
    }
    return actions;
  }

  async #hover(params: HoverParams): Promise<Hover | null> {
    const document = this.#documents.get(params.textDocument.uri);
    if (document === undefined) return null;
    const { line, character } = params.position;
    if (line >= document.lineCount) return null;
    const readLine = (index: number): string => {
      const text = document.getText({ start: { line: index, character: 0 }, end: { line: index + 1, character: 0 } });
      return text.replace(/\r?\n$/, '');
    };
    const window = hoverWindow(readLine, document.lineCount, line, character);
    const hovered = findHoveredContext(window.text, window.offset);
    if (hovered === undefined) return null;
    const settings = await this.#settingsFor(document.uri);
    return {
      contents: { kind: 'markdown', value: buildTraceHover(hovered, settings) },
      range: { start: windowPosition(window, hovered.match.start), end: windowPosition(window, hovered.match.end) },
    };
  }
}

process.on('unhandledRejection', (reason) => {
  // The connection may be gone; stderr reaches the client's output either way.
  process.stderr.write(`otel-propagation server: unhandled rejection: ${errorText(reason)}\n`);
});

tuneHeap();
new PropagationServer(createConnection(ProposedFeatures.all)).listen();
