/**
 * Starts and stops code-server for the real-editor suites, as /work/shared/notes/vscode-e2e.md
 * describes: detached in its own process group, with a short private run folder as HOME.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

import type { E2eInstall } from './install';

/** A running code-server. */
export interface CodeServer {
  readonly port: number;
  /** `127.0.0.1:<port>`: the authority both the browser and the `vscode-remote://` URIs must use. */
  readonly authority: string;
  readonly runDir: string;
  readonly userDataDir: string;
  readonly process: ChildProcess;
}

/** User settings that keep the workbench quiet and deterministic (no npm runs, no restored editors). */
export const E2E_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  // The built-in TypeScript extension would otherwise run npm to fetch typings.
  'typescript.disableAutomaticTypeAcquisition': true,
  // The fixtures import packages that are not installed; TypeScript's own errors would hide which squiggle is ours.
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'editor.hover.delay': 150,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  // Suites edit documents without saving; hot exit would restore them into the next suite's window.
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'security.workspace.trust.enabled': false,
  'editor.lightbulb.enabled': 'on',
  // The chat side bar would take a third of the window the hover screenshot needs.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Asks the OS for a free port (listen on port 0, close, reuse the number). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

async function waitForHealth(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${String(child.exitCode)} before it was ready`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer on port ${port} within ${timeoutMs / 1000} s`);
}

/** Starts code-server on a free port, serving `workspace`, with its log in `<runDir>/code-server.log`. */
export async function startCodeServer(install: E2eInstall, runDir: string, workspace: string): Promise<CodeServer> {
  const userDataDir = path.join(runDir, 'ud');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(E2E_USER_SETTINGS, null, 2)}\n`);
  const port = await freePort();
  const log = createWriteStream(path.join(runDir, 'code-server.log'));
  const child = spawn(
    install.node,
    [
      install.codeServerEntry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      path.join(runDir, 'ex'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--vscode-option',
      'enable-smoke-test-driver',
      workspace,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: runDir, TMPDIR: runDir, XDG_CONFIG_HOME: runDir, XDG_DATA_HOME: runDir },
    },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  await waitForHealth(port, child, 60_000);
  return { port, authority: `127.0.0.1:${port}`, runDir, userDataDir, process: child };
}

/** Stops code-server's whole process group: SIGTERM, then SIGKILL after 5 s. */
export async function stopCodeServer(server: CodeServer): Promise<void> {
  const pid = server.process.pid;
  if (pid === undefined || server.process.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.process.once('exit', () => {
    resolve();
  }));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => {
    resolve('timeout');
  }, 5000));
  if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * The workbench URL that opens `folder` with the extension under development and optional extra
 * payload entries (values that are absolute paths become `vscode-remote://` URIs on `authority`).
 * code-server honours the payload only when started with `enable-smoke-test-driver`.
 */
export function workbenchUrl(authority: string, folder: string, extensionPath: string, extra: readonly [string, string][] = []): string {
  const remote = (absolute: string): string => `vscode-remote://${authority}${absolute}`;
  const payload: [string, string][] = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
    ...extra.map(([key, value]): [string, string] => [key, value.startsWith('/') ? remote(value) : value]),
  ];
  return `http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * How many times the extension host logs recorded the activation of `extensionId` under this
 * user-data folder; a new window's activation shows as a higher count.
 */
export function countActivations(userDataDir: string, extensionId: string): number {
  const logs = path.join(userDataDir, 'logs');
  if (!existsSync(logs)) return 0;
  const marker = `ExtensionService#_doActivateExtension ${extensionId},`;
  let count = 0;
  for (const session of readdirSync(logs)) {
    const sessionDir = path.join(logs, session);
    let hosts: string[];
    try {
      hosts = readdirSync(sessionDir).filter((name) => name.startsWith('exthost'));
    } catch {
      continue;
    }
    for (const host of hosts) {
      const file = path.join(sessionDir, host, 'remoteexthost.log');
      if (existsSync(file)) count += readFileSync(file, 'utf8').split(marker).length - 1;
    }
  }
  return count;
}
