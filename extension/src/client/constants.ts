/** Names shared by the manifest, the client and the tests: one place to rename anything. */

/** `<publisher>.<name>` from package.json. */
export const EXTENSION_ID = 'otel-propagation.otel-propagation';

/** The configuration section every setting lives under. */
export const CONFIG_SECTION = 'otelPropagation';

/** Name of the output channel holding the client's and the server's log. */
export const OUTPUT_CHANNEL_NAME = 'OTel Propagation';

/** The command ids contributed in package.json; the server's hover links use the same ids. */
export const CommandId = {
  decodeTraceContext: 'otelPropagation.decodeTraceContext',
  generateTraceparent: 'otelPropagation.generateTraceparent',
  convertTraceContext: 'otelPropagation.convertTraceContext',
  openTraceInViewer: 'otelPropagation.openTraceInViewer',
  copyTraceId: 'otelPropagation.copyTraceId',
  showOutput: 'otelPropagation.showOutput',
  /** Executed by the server (the language client registers it); opens a rule's documentation. */
  showRuleDocumentation: 'otelPropagation.showRuleDocumentation',
} as const;

/** One of the contributed command ids. */
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** Language ids the server lints (`.mjs`/`.cjs` are `javascript`, `.mts`/`.cts` are `typescript` in VS Code). */
export const LINTED_LANGUAGES: readonly string[] = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'];

/** URI scheme of the read-only documents the decode and convert commands open. */
export const REPORT_SCHEME = 'otel-propagation-report';

/** The ESLint extension, whose presence makes our diagnostics possible duplicates. */
export const ESLINT_EXTENSION_ID = 'dbaeumer.vscode-eslint';

/** Key under which the answer to the duplicate-diagnostics offer is remembered. */
export const DUPLICATE_OFFER_STATE_KEY = 'otelPropagation.duplicateDiagnosticsOfferAnswered';
