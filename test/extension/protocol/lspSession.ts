/**
 * A minimal LSP client for the protocol tests: spawns the built server over stdio, answers its
 * `workspace/configuration` pulls with the settings a test chose, and records what it publishes.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { MessageConnection } from 'vscode-jsonrpc/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, Hover, PublishDiagnosticsParams, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { SERVER_ENV, SERVER_NODE_FLAGS } from '../../../extension/src/server/nodeFlags';
import type { ServerSettings } from '../../../extension/src/server/settingsContract';
import { DEFAULT_SERVER_SETTINGS } from '../../../extension/src/server/settingsContract';

/** The bundle under test; `npm run build -w otel-propagation` produces it. */
export const SERVER_PATH = path.resolve(__dirname, '..', '..', '..', 'extension', 'dist', 'server.js');

/** Where the protocol fixtures live: texts the tests open under {@link WORKSPACE}. */
export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'protocol');

/**
 * The directory the documents claim to live in. Not under `test/`, where rules skip test files, and with no
 * package.json above it, so `auto` settings resolve to the plugin's defaults.
 */
export const WORKSPACE = path.join(os.tmpdir(), 'otel-propagation-protocol');

/** A `file:` URI for a workspace-relative path (the file need not exist: documents travel over the protocol). */
export function fixtureUri(relative: string): string {
  return pathToFileURL(path.join(WORKSPACE, relative)).href;
}

/** The text of a fixture file. */
export function fixtureText(relative: string): string {
  return readFileSync(path.join(FIXTURES, relative), 'utf8');
}

/** Options of {@link LspSession.start}. */
export interface SessionOptions {
  /** Settings answered to `workspace/configuration` and sent as `initializationOptions`. */
  readonly settings?: Partial<ServerSettings>;
  /** Whether the client declares `workspace.configuration` (pull); true by default. */
  readonly pullSettings?: boolean;
  /** Node options the server is spawned with, before the script; by default those the VS Code client passes. */
  readonly execArgv?: readonly string[];
  /** Environment variables added to this process's for the server; by default those the VS Code client adds. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Applies LSP text edits to a text, as an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///edit', 'plaintext', 0, text), [...edits]);
}

/** The edits a workspace edit makes to one document. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  return edit?.changes?.[uri] ?? [];
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One running server and the client side of its connection. */
export class LspSession {
  /** Every publishDiagnostics notification, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every window/logMessage text. */
  readonly logs: string[] = [];
  /** Arguments of every window/showDocument request. */
  readonly shownDocuments: unknown[] = [];
  settings: ServerSettings;
  readonly #process: ChildProcessWithoutNullStreams;
  readonly #connection: MessageConnection;
  #exitCode: number | null | undefined;
  readonly #versions = new Map<string, number>();

  private constructor(child: ChildProcessWithoutNullStreams, settings: ServerSettings) {
    this.#process = child;
    this.settings = settings;
    child.on('exit', (code) => {
      this.#exitCode = code;
    });
    child.stderr.on('data', (chunk: Buffer) => this.logs.push(`stderr: ${chunk.toString()}`));
    this.#connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.#connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
    });
    this.#connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.#connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.#connection.onRequest('window/showDocument', (params: unknown) => {
      this.shownDocuments.push(params);
      return { success: true };
    });
    this.#connection.listen();
  }

  /** Spawns `node <flags> extension/dist/server.js --stdio` and completes the initialize handshake. */
  static async start(options: SessionOptions = {}): Promise<LspSession> {
    if (!existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run \`npm run build -w otel-propagation\` first`);
    const child = spawn(process.execPath, [...(options.execArgv ?? SERVER_NODE_FLAGS), SERVER_PATH, '--stdio'], { stdio: 'pipe', env: { ...process.env, ...(options.env ?? SERVER_ENV) } });
    const settings: ServerSettings = { ...DEFAULT_SERVER_SETTINGS, ...options.settings };
    const session = new LspSession(child, settings);
    await session.#connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(WORKSPACE).href,
      capabilities: { workspace: { configuration: options.pullSettings ?? true }, window: { showDocument: { support: true } } },
      initializationOptions: { settings },
    });
    await session.#connection.sendNotification('initialized', {});
    return session;
  }

  /** Whether the server process is still running. */
  get alive(): boolean {
    return this.#running();
  }

  #running(): boolean {
    return this.#exitCode === undefined;
  }

  /** Opens a document (version 1). */
  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.#versions.set(uri, 1);
    await this.#connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces a document's whole text, bumping its version; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.#versions.get(uri) ?? 1) + 1;
    this.#versions.set(uri, version);
    await this.#connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Applies one ranged edit, as typing does; returns the new version. */
  async edit(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.#versions.get(uri) ?? 1) + 1;
    this.#versions.set(uri, version);
    await this.#connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  /** Closes a document. */
  async close(uri: string): Promise<void> {
    await this.#connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Notifies a settings change and makes later pulls answer `settings`. */
  async changeSettings(settings: Partial<ServerSettings>): Promise<void> {
    this.settings = { ...DEFAULT_SERVER_SETTINGS, ...settings };
    await this.#connection.sendNotification('workspace/didChangeConfiguration', { settings: { otelPropagation: this.settings } });
  }

  /**
   * Resolves with the first diagnostics published for `uri` (counting from `after` in {@link published}) that
   * satisfy `accept`; rejects after `timeoutMs`.
   */
  async diagnostics(uri: string, options: { after?: number; timeoutMs?: number; accept?: (params: PublishDiagnosticsParams) => boolean } = {}): Promise<Diagnostic[]> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    const accept = options.accept ?? (() => true);
    for (;;) {
      const found = this.published.slice(options.after ?? 0).find((params) => params.uri === uri && accept(params));
      if (found !== undefined) return found.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} within the timeout; published: ${JSON.stringify(this.published.map((p) => [p.uri, p.version]))}`);
      await delay(5);
    }
  }

  /** Requests a hover. */
  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.#connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  /** Requests the code actions for a range. */
  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[] | null> {
    const context = only === undefined ? { diagnostics } : { diagnostics, only };
    return this.#connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context });
  }

  /** Sends any request. */
  request<R>(method: string, params?: unknown): Promise<R> {
    return this.#connection.sendRequest(method, params);
  }

  /** Shuts the server down as an editor does, killing it if it does not exit. */
  async stop(): Promise<void> {
    if (this.alive) {
      try {
        await Promise.race([this.#connection.sendRequest('shutdown'), delay(2000)]);
        await this.#connection.sendNotification('exit');
      } catch {
        // Already gone: the kill below is a no-op then.
      }
      for (let waited = 0; this.#running() && waited < 2000; waited += 20) await delay(20);
      if (this.#running()) this.#process.kill();
    }
    this.#connection.dispose();
  }
}
