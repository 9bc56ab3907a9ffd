/**
 * Runs the two real-editor suites against code-server 4.139.1 (VS Code 1.139, Node extension host):
 * (1) the mocha integration suite inside the extension host (`extensionTestsPath` flow), then
 * (2) the playwright-core UI suite in Debian's Chromium. Prints `exthost: N passed, M failed` and
 * `ui: N passed, M failed`, stops everything, and exits non-zero on any failure.
 *
 * Usage: `node --import tsx test/extension/e2e/run.ts [--keep] [--no-build]` (`--keep` leaves the run folder
 * for inspection, `--no-build` reuses extension/dist as it is).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';

import MochaModule from 'mocha';

import { launchBrowser } from './browser';
import type { CodeServer } from './codeServer';
import { startCodeServer, stopCodeServer, workbenchUrl } from './codeServer';
import type { E2eInstall } from './install';
import { ensureE2eInstall, PrerequisiteError } from './install';
import { OUTPUT_TAG } from '../integration/index';
import { UI_SESSION_ENV } from '../ui/session';
import type { UiSession } from '../ui/session';

const Mocha: typeof MochaModule = (MochaModule as unknown as { Mocha?: typeof MochaModule }).Mocha ?? MochaModule;

const REPO = path.resolve(__dirname, '..', '..', '..');
const EXTENSION_DIR = path.join(REPO, 'extension');
const FIXTURE_WORKSPACE = path.join(REPO, 'test', 'fixtures', 'workspace');
/** The extension-host suite normally takes 10–15 s; this only stops a hung workbench. */
const EXTHOST_TIMEOUT_MS = 180_000;

/** Pass/fail counts of one suite. */
interface SuiteResult {
  readonly passed: number;
  readonly failed: number;
}

function log(line: string): void {
  console.log(`[e2e] ${line}`);
}

function build(): void {
  for (const script of ['build', 'build:test']) {
    const result = spawnSync('npm', ['run', script, '--workspace', 'extension'], { cwd: REPO, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm run ${script} --workspace extension failed`);
  }
}

/** Suite (1): the extension host requires dist/test/index.js and calls run(); the workbench reports its exit code. */
async function runExtensionHostSuite(server: CodeServer, install: E2eInstall, workspace: string): Promise<SuiteResult> {
  const context = await launchBrowser(install.chromium, server.runDir, `http://${server.authority}`);
  try {
    const page = await context.newPage();
    let summary: SuiteResult | undefined;
    let printing = Promise.resolve();
    page.on('console', (message) => {
      // msg.text() keeps the %s placeholders of the host's console.log; format the real arguments instead.
      printing = printing.then(async () => {
        const values = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => '[unserializable]')));
        const text = format(...(values as [unknown, ...unknown[]]));
        appendFileSync(path.join(server.runDir, 'console.log'), `${text}\n`);
        const match = /exthost: (\d+) passed, (\d+) failed/.exec(text);
        if (match) summary = { passed: Number(match[1]), failed: Number(match[2]) };
        const tagged = text.indexOf(OUTPUT_TAG);
        if (tagged >= 0) console.log(text.slice(tagged + OUTPUT_TAG.length));
      });
    });
    const exited = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => {
        resolve(code);
      });
    });
    const testsPath = path.join(EXTENSION_DIR, 'dist', 'test', 'index.js');
    const url = workbenchUrl(server.authority, workspace, EXTENSION_DIR, [['extensionTestsPath', testsPath]]);
    await page.goto(url);
    const timeout = new Promise<number>((resolve) => setTimeout(() => {
      resolve(-1);
    }, EXTHOST_TIMEOUT_MS).unref());
    const code = await Promise.race([exited, timeout]);
    await printing;
    if (code === -1) {
      log(`the extension-host suite did not finish within ${EXTHOST_TIMEOUT_MS / 1000} s`);
      return { passed: summary?.passed ?? 0, failed: Math.max(1, summary?.failed ?? 0) };
    }
    if (summary === undefined) return { passed: 0, failed: code === 0 ? 0 : 1 };
    // A non-zero exit with no failed test is a crash of run() itself: count it.
    return code !== 0 && summary.failed === 0 ? { passed: summary.passed, failed: 1 } : summary;
  } finally {
    await context.close();
  }
}

/** Suite (2): the UI tests in test/extension/ui, run by mocha in this process; they read the session from the environment. */
async function runUiSuite(session: UiSession): Promise<SuiteResult> {
  process.env[UI_SESSION_ENV] = JSON.stringify(session);
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', color: false });
  const uiDir = path.join(REPO, 'test', 'extension', 'ui');
  for (const file of readdirSync(uiDir).filter((name) => name.endsWith('.test.ts')).sort()) mocha.addFile(path.join(uiDir, file));
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run((failures) => {
      resolve({ passed: runner.stats?.passes ?? 0, failed: failures });
    });
  });
}

async function main(): Promise<number> {
  const keep = process.argv.includes('--keep');
  let install: E2eInstall;
  try {
    install = await ensureE2eInstall(log);
  } catch (error) {
    if (error instanceof PrerequisiteError) {
      console.error(`e2e: missing prerequisite: ${error.message}`);
      return 1;
    }
    throw error;
  }
  if (!process.argv.includes('--no-build')) build();
  // Unix socket paths under the run folder are limited to about 107 characters: keep it short.
  const runDir = mkdtempSync('/tmp/otp-');
  const workspace = path.join(runDir, 'ws');
  // Suites edit documents; they work on a copy so the committed fixtures never change.
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  mkdirSync(path.join(REPO, 'test-artifacts'), { recursive: true });
  const started = Date.now();
  const server = await startCodeServer(install, runDir, workspace);
  log(`code-server ${server.authority} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (run folder ${runDir})`);
  let exthost: SuiteResult;
  let ui: SuiteResult;
  try {
    exthost = await runExtensionHostSuite(server, install, workspace);
    ui = await runUiSuite({
      authority: server.authority,
      workspace,
      extensionPath: EXTENSION_DIR,
      chromium: install.chromium,
      runDir,
      userDataDir: server.userDataDir,
      artifactsDir: path.join(REPO, 'test-artifacts'),
    });
  } finally {
    await stopCodeServer(server);
    if (!keep) rmSync(runDir, { recursive: true, force: true });
  }
  log(`suites finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`exthost: ${exthost.passed} passed, ${exthost.failed} failed`);
  console.log(`ui: ${ui.passed} passed, ${ui.failed} failed`);
  return exthost.failed === 0 && ui.failed === 0 && exthost.passed > 0 && ui.passed > 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`e2e: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
