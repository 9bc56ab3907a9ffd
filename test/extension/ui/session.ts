/** What the e2e runner hands the UI suite: where code-server runs and what it serves. */
export interface UiSession {
  /** `127.0.0.1:<port>` of the running code-server. */
  readonly authority: string;
  /** Absolute path of the workspace copy the workbench opens. */
  readonly workspace: string;
  /** Absolute path of the extension under development. */
  readonly extensionPath: string;
  readonly chromium: string;
  readonly runDir: string;
  readonly userDataDir: string;
  /** Where screenshots go (`test-artifacts/`, gitignored). */
  readonly artifactsDir: string;
}

/** Environment variable holding the JSON {@link UiSession}; set by test/extension/e2e/run.ts. */
export const UI_SESSION_ENV = 'OTEL_PROPAGATION_UI_SESSION';

/** Reads the session the runner set; throws when the suite is started without the runner. */
export function readUiSession(env: NodeJS.ProcessEnv = process.env): UiSession {
  const raw = env[UI_SESSION_ENV];
  if (raw === undefined) throw new Error(`${UI_SESSION_ENV} is not set: run the UI suite through test/extension/e2e/run.ts`);
  return JSON.parse(raw) as UiSession;
}
