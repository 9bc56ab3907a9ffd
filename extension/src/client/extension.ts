import * as vscode from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';

import { SERVER_ENV, SERVER_NODE_FLAGS } from '../server/nodeFlags';
import { registerCommands } from './commands';
import { CommandId, CONFIG_SECTION, EXTENSION_ID, LINTED_LANGUAGES, OUTPUT_CHANNEL_NAME, REPORT_SCHEME } from './constants';
import { readConfig, toServerSettings } from './config';
import { offerToAvoidDuplicateDiagnostics } from './duplicateDiagnostics';
import { ReportDocumentProvider } from './ReportDocumentProvider';

/** What activation hands to the tests and to other extensions. */
export interface ExtensionApi {
  /** The running language client, for tests that wait on the server. */
  readonly client: LanguageClient;
}

/** Documents synced to the server: code to lint, and any file or untitled text for trace-context hovers. */
const DOCUMENT_SELECTOR = [
  ...LINTED_LANGUAGES.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]),
  { scheme: 'file' },
  { scheme: 'untitled' },
];

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // Added to the client's environment: the heap flags and glibc setting of `nodeFlags.ts`.
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS], env: { ...SERVER_ENV } } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'], env: { ...SERVER_ENV } } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    initializationOptions: { settings: toServerSettings(readConfig()) },
    synchronize: { configurationSection: CONFIG_SECTION },
    // The hover's links run these commands; only they are trusted, so hovered text cannot run anything else.
    markdown: {
      isTrusted: { enabledCommands: [CommandId.openTraceInViewer, CommandId.copyTraceId, CommandId.convertTraceContext] },
    },
    middleware: {
      workspace: {
        // Settings are read per resource here, so folder and language overrides reach the server
        // already normalized; the server never sees raw, possibly mistyped user values.
        configuration: (params, token, next) => {
          const answers = params.items.map((item) => {
            if (item.section !== CONFIG_SECTION) return undefined;
            const scope = item.scopeUri === undefined ? undefined : vscode.Uri.parse(item.scopeUri);
            return toServerSettings(readConfig(scope));
          });
          if (answers.every((answer) => answer !== undefined)) return answers;
          return Promise.resolve(next(params, token)).then((defaults) =>
            Array.isArray(defaults) ? answers.map((answer, index): unknown => answer ?? defaults[index]) : defaults,
          );
        },
      },
    },
  };
  return new LanguageClient('otelPropagation', OUTPUT_CHANNEL_NAME, serverOptions, clientOptions);
}

/** Creates the log, registers the commands and the report documents, and starts the language server. */
export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(output);
  const reports = new ReportDocumentProvider();
  context.subscriptions.push(reports, vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports));
  registerCommands(context, { output, reports, getConfig: readConfig });

  const client = createClient(context, output);
  context.subscriptions.push(client);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(CONFIG_SECTION)) return;
      output.info('settings changed; the server re-reads them');
    }),
  );
  try {
    await client.start();
    output.info(`${EXTENSION_ID} activated; language server started`);
  } catch (error) {
    output.error(`the language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage('OTel Propagation: the language server failed to start. See the output for details.');
  }
  void offerToAvoidDuplicateDiagnostics(context, output).catch((error: unknown) => {
    output.warn(`could not check for duplicate ESLint diagnostics: ${String(error)}`);
  });
  return { client };
}

/** Nothing to do: the language client is in `context.subscriptions`, and disposing it stops the server. */
export function deactivate(): void {
  // Intentionally empty.
}
