import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { before, describe, it } from 'mocha';

// The demo lints examples/ through its own eslint.config.mjs with the BUILT plugin, as a user's project would.
const EXAMPLES = resolve(__dirname, '../../examples');
const ROOT = resolve(__dirname, '../..');

type Finding = readonly [rule: string, line: number, column: number];

/** Every finding the plugin must report on the sample services: rule id (without the namespace), line, column. */
const EXPECTED: Readonly<Record<string, readonly Finding[]>> = {
  'async-boundaries/broken.js': [
    ['require-worker-context', 23, 20],
    ['require-worker-context', 23, 20],
    ['require-worker-context', 30, 10],
    ['no-floating-context', 35, 3],
    ['require-span-end', 36, 16],
    ['no-hand-built-traceparent', 40, 23],
    ['require-span-error-status', 44, 12],
    ['require-span-end', 51, 3],
    ['no-unbound-callback', 52, 5],
    ['no-inherited-polling-context', 53, 5],
  ],
  'async-boundaries/fixed.js': [],
  'messaging/amqplib/broken.js': [
    ['require-inject-on-send', 18, 3],
    ['require-extract-on-receive', 22, 9],
    ['require-active-span', 23, 18],
    ['require-messaging-span-kind', 23, 18],
  ],
  'messaging/amqplib/fixed.js': [],
  'messaging/confluent/broken.js': [
    ['require-inject-on-send', 12, 9],
    ['require-extract-on-receive', 17, 9],
    ['require-messaging-span-kind', 19, 13],
  ],
  'messaging/confluent/fixed.js': [],
  'messaging/kafkajs/broken.js': [
    ['require-inject-on-send', 11, 9],
    ['require-extract-on-receive', 19, 9],
    ['require-active-span', 21, 20],
    ['require-messaging-span-kind', 21, 20],
  ],
  'messaging/kafkajs/fixed.js': [],
  'messaging/sqs/broken.js': [
    ['require-inject-on-send', 12, 5],
    ['require-extract-on-receive', 21, 44],
    ['require-extract-on-receive', 21, 44],
    ['require-active-span', 23, 18],
    ['require-messaging-span-kind', 23, 18],
  ],
  'messaging/sqs/fixed.js': [],
  'sdk-setup/broken.js': [
    ['require-parent-based-sampler', 13, 12],
    ['prefer-batch-span-processor', 15, 20],
    ['no-duplicate-instrumentation', 17, 53],
    ['require-complete-propagator', 19, 22],
    ['no-sensitive-baggage', 25, 5],
    ['no-oversized-baggage', 26, 31],
    ['valid-trace-context', 32, 16],
  ],
  'sdk-setup/fixed.js': [],
  'sdk-runtime/duplicate-fetch/broken.js': [['no-duplicate-instrumentation', 30, 49]],
  'sdk-runtime/duplicate-fetch/fixed.js': [],
  'sdk-runtime/ratio-sampler/broken.js': [['require-parent-based-sampler', 17, 14]],
  'sdk-runtime/ratio-sampler/fixed.js': [],
  'timers/broken.js': [['no-unbound-callback', 12, 9]],
  'timers/fixed.js': [],
};

describe('examples/ and npm run demo', () => {
  let actual: Record<string, Finding[]>;

  before(async () => {
    const eslint = new ESLint({ cwd: EXAMPLES, overrideConfigFile: resolve(EXAMPLES, 'eslint.config.mjs') });
    actual = {};
    for (const result of await eslint.lintFiles(['.'])) {
      actual[relative(EXAMPLES, result.filePath)] = result.messages.map(
        (message): Finding => [(message.ruleId ?? 'fatal').replace('otel-propagation/', ''), message.line, message.column],
      );
    }
  });

  it('lints exactly the sample services', () => {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(EXPECTED).sort());
  });

  for (const [file, findings] of Object.entries(EXPECTED)) {
    it(`${file} has exactly the expected findings`, () => {
      assert.deepEqual(actual[file], findings);
    });
  }

  it('every broken sample shows at least one finding and every fixed twin none', () => {
    for (const [file, findings] of Object.entries(actual)) {
      if (file.endsWith('broken.js')) assert.ok(findings.length > 0, file);
      if (file.endsWith('fixed.js')) assert.deepEqual(findings, [], file);
    }
  });

  it('npm run demo prints the decoded log and the findings per file', () => {
    const demo = spawnSync(process.execPath, ['examples/demo.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(demo.status, 0, demo.stderr);
    assert.match(demo.stdout, /23:70 {2}traceparent {2}00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01/);
    assert.match(demo.stdout, /uppercase hex is not allowed/);
    assert.match(demo.stdout, /async-boundaries\/broken\.js +10 {2}otel-propagation\/require-worker-context/);
    assert.match(demo.stdout, /sdk-setup\/fixed\.js +0/);
    assert.match(demo.stdout, /sdk-runtime\/duplicate-fetch\/broken\.js +1 {2}otel-propagation\/no-duplicate-instrumentation/);
    assert.match(demo.stdout, /sdk-runtime\/ratio-sampler\/broken\.js +1 {2}otel-propagation\/require-parent-based-sampler/);
  });
});
