import * as assert from 'node:assert/strict';
import * as path from 'node:path';

import { AUTO_INSTRUMENTATIONS_NODE, AUTO_INSTRUMENTATIONS_WEB } from '../../../eslint-plugin/src/util/autoInstrumentations';
import { detectFromManifest, getPropagationSettings, isInstrumented, PackageJsonLookup, readFileOrUndefined } from '../../../eslint-plugin/src/util/settings';

const FIXTURES = path.resolve(__dirname, '../../fixtures/eslint-plugin');

function fixtureFile(...segments: string[]): string {
  return path.join(FIXTURES, ...segments);
}

/** A lookup over the real file system that counts every read attempt. */
function countingLookup(): { lookup: PackageJsonLookup; reads: string[] } {
  const reads: string[] = [];
  const lookup = new PackageJsonLookup((filePath) => {
    reads.push(filePath);
    return readFileOrUndefined(filePath);
  });
  return { lookup, reads };
}

function resolve(filename: string, settings: Record<string, unknown> = {}): ReturnType<typeof getPropagationSettings> {
  return getPropagationSettings({ filename, settings }, countingLookup().lookup);
}

describe('getPropagationSettings()', () => {
  describe('context manager detection', () => {
    it('detects stack for sdk-trace-web without a zone package', () => {
      const settings = resolve(fixtureFile('web-stack', 'src', 'main.ts'));
      assert.equal(settings.contextManager, 'stack');
      assert.equal(settings.packageJsonPath, fixtureFile('web-stack', 'package.json'));
    });

    it('detects zone for sdk-trace-web with context-zone', () => {
      assert.equal(resolve(fixtureFile('web-zone', 'app.js')).contextManager, 'zone');
    });

    it('detects zone for context-zone-peer-dep alone', () => {
      assert.equal(resolve(fixtureFile('zone-peer-dep', 'app.js')).contextManager, 'zone');
    });

    it('detects async-local-storage for sdk-node', () => {
      assert.equal(resolve(fixtureFile('node-sdk', 'main.ts')).contextManager, 'async-local-storage');
    });

    it('detects async-local-storage for the 3.x sdk-trace package', () => {
      assert.equal(resolve(fixtureFile('node-sdk-trace-3', 'main.js')).contextManager, 'async-local-storage');
    });

    it('falls back to async-local-storage when Node and browser packages are mixed', () => {
      assert.equal(resolve(fixtureFile('ambiguous', 'main.js')).contextManager, 'async-local-storage');
    });

    it('falls back to async-local-storage when nothing is declared', () => {
      const settings = resolve(fixtureFile('empty', 'main.js'));
      assert.equal(settings.contextManager, 'async-local-storage');
      assert.deepEqual([...settings.instrumented], []);
      assert.equal(settings.preloadsAutoInstrumentation, false);
    });

    it('uses the nearest package.json, not the workspace root', () => {
      const settings = resolve(fixtureFile('monorepo', 'packages', 'server', 'src', 'db.ts'));
      assert.equal(settings.contextManager, 'async-local-storage');
      assert.deepEqual([...settings.instrumented], ['pg']);
      assert.equal(settings.packageJsonPath, fixtureFile('monorepo', 'packages', 'server', 'package.json'));
    });

    it('skips a package.json that does not parse and keeps walking up', () => {
      const settings = resolve(fixtureFile('monorepo', 'packages', 'broken', 'index.js'));
      assert.equal(settings.contextManager, 'stack');
      assert.equal(settings.packageJsonPath, fixtureFile('monorepo', 'package.json'));
    });
  });

  describe('instrumentation detection', () => {
    it('collects instrumentation-* suffixes from dependencies and devDependencies', () => {
      assert.deepEqual([...resolve(fixtureFile('node-options', 'main.mjs')).instrumented].sort(), ['http', 'kafkajs']);
    });

    it('expands auto-instrumentations-node to its members', () => {
      assert.deepEqual([...resolve(fixtureFile('node-sdk', 'main.ts')).instrumented].sort(), [...AUTO_INSTRUMENTATIONS_NODE].sort());
    });

    it('expands auto-instrumentations-web to its members', () => {
      assert.deepEqual([...resolve(fixtureFile('web-auto', 'main.ts')).instrumented].sort(), [...AUTO_INSTRUMENTATIONS_WEB].sort());
    });

    it('detects a --require preload of the register entry', () => {
      assert.equal(resolve(fixtureFile('node-sdk', 'main.ts')).preloadsAutoInstrumentation, true);
    });

    it('detects an --import= preload inside NODE_OPTIONS', () => {
      assert.equal(resolve(fixtureFile('node-options', 'main.mjs')).preloadsAutoInstrumentation, true);
    });

    it('does not take a look-alike module for the register entry', () => {
      assert.equal(resolve(fixtureFile('node-sdk-trace-3', 'main.js')).preloadsAutoInstrumentation, false);
    });
  });

  describe('explicit settings', () => {
    it('lets an explicit context manager win over detection', () => {
      assert.equal(resolve(fixtureFile('web-stack', 'main.ts'), { 'otel-propagation': { contextManager: 'zone' } }).contextManager, 'zone');
      assert.equal(resolve(fixtureFile('node-sdk', 'main.ts'), { 'otel-propagation': { contextManager: 'none' } }).contextManager, 'none');
    });

    it('detects when the context manager is auto', () => {
      assert.equal(resolve(fixtureFile('web-stack', 'main.ts'), { 'otel-propagation': { contextManager: 'auto' } }).contextManager, 'stack');
    });

    it('lets an explicit instrumented list replace detection', () => {
      const settings = resolve(fixtureFile('node-sdk', 'main.ts'), { 'otel-propagation': { instrumented: ['kafkajs', 'node:http'] } });
      assert.deepEqual([...settings.instrumented], ['kafkajs', 'http']);
    });

    it('ignores an unknown context manager value', () => {
      assert.equal(resolve(fixtureFile('web-stack', 'main.ts'), { 'otel-propagation': { contextManager: 'fibers' } }).contextManager, 'stack');
    });

    it('gives defaults to a file without a real path', () => {
      const settings = resolve('<input>');
      assert.deepEqual(settings, { contextManager: 'async-local-storage', instrumented: new Set(), preloadsAutoInstrumentation: false });
    });
  });

  describe('caching', () => {
    it('reads each package.json once for 10,000 files', () => {
      const { lookup, reads } = countingLookup();
      const directories = [fixtureFile('monorepo', 'packages', 'server', 'src'), fixtureFile('monorepo', 'packages', 'server'), fixtureFile('web-stack', 'src')];
      for (let index = 0; index < 10_000; index += 1) {
        const directory = directories[index % directories.length]!;
        getPropagationSettings({ filename: path.join(directory, `file${index}.ts`), settings: {} }, lookup);
      }
      assert.deepEqual(reads, [
        fixtureFile('monorepo', 'packages', 'server', 'src', 'package.json'),
        fixtureFile('monorepo', 'packages', 'server', 'package.json'),
        fixtureFile('web-stack', 'src', 'package.json'),
        fixtureFile('web-stack', 'package.json'),
      ]);
    });
  });
});

describe('detectFromManifest()', () => {
  it('tolerates fields of the wrong type', () => {
    const detected = detectFromManifest({ dependencies: ['@opentelemetry/sdk-trace-web'], scripts: { start: 42 } }, '/x/package.json');
    assert.deepEqual(detected, { packageJsonPath: '/x/package.json', contextManager: 'async-local-storage', instrumented: new Set(), preloadsAutoInstrumentation: false });
  });

  it('detects -r with a space and the .js register entry', () => {
    assert.equal(detectFromManifest({ scripts: { dev: 'node -r @opentelemetry/auto-instrumentations-node/register.js app' } }, '/p').preloadsAutoInstrumentation, true);
  });
});

describe('isInstrumented()', () => {
  it('matches library names, ignoring node: and mapping https to http', () => {
    const settings = resolve(fixtureFile('node-options', 'main.mjs'));
    assert.equal(isInstrumented(settings, 'kafkajs'), true);
    assert.equal(isInstrumented(settings, 'node:https'), true);
    assert.equal(isInstrumented(settings, 'amqplib'), false);
  });
});
