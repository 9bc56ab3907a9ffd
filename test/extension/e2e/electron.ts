/**
 * Runs the same extension-host integration suite under `@vscode/test-electron` with a desktop VS Code
 * you already have: `VSCODE_EXECUTABLE=/path/to/code node --import tsx test/extension/e2e/electron.ts`.
 * Nothing is downloaded: without VSCODE_EXECUTABLE it stops with one message (CI uses code-server, run.ts).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type * as TestElectron from '../../../extension/node_modules/@vscode/test-electron';

const REPO = path.resolve(__dirname, '..', '..', '..');
const EXTENSION_DIR = path.join(REPO, 'extension');

async function main(): Promise<number> {
  const executable = process.env['VSCODE_EXECUTABLE'];
  if (executable === undefined || executable.length === 0) {
    console.error('electron: set VSCODE_EXECUTABLE to a desktop VS Code executable (this runner never downloads one)');
    return 1;
  }
  for (const script of ['build', 'build:test']) {
    const built = spawnSync('npm', ['run', script, '--workspace', 'extension'], { cwd: REPO, stdio: 'inherit' });
    if (built.status !== 0) return 1;
  }
  // @vscode/test-electron is a dependency of the extension workspace, so it is resolved from there.
  const { runTests } = createRequire(path.join(EXTENSION_DIR, 'package.json'))('@vscode/test-electron') as typeof TestElectron;
  const scratch = mkdtempSync(path.join(tmpdir(), 'otp-electron-'));
  const workspace = path.join(scratch, 'ws');
  cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    return await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: EXTENSION_DIR,
      extensionTestsPath: path.join(EXTENSION_DIR, 'dist', 'test', 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(scratch, 'ud')}`,
      ],
    });
  } catch (error) {
    console.error(`electron: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
