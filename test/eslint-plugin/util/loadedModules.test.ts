import * as assert from 'node:assert/strict';

import { describeLoadedModules } from '../../../eslint-plugin/src/util/loadedModules';

describe('describeLoadedModules()', () => {
  it('tells whether a messaging client is loaded', () => {
    assert.equal(describeLoadedModules(['http', 'kafkajs']).messaging, true);
    assert.equal(describeLoadedModules(['http', '@opentelemetry/api']).messaging, false);
  });

  it('collects the libraries instrumented by instrumentation packages and auto-instrumentations (also /register)', () => {
    assert.deepEqual([...describeLoadedModules(['@opentelemetry/instrumentation-kafkajs', 'opentelemetry-instrumentation-amqplib']).instrumented].sort(), ['amqplib', 'kafkajs']);
    assert.ok(describeLoadedModules(['@opentelemetry/auto-instrumentations-node/register']).instrumented.has('kafkajs'));
    assert.equal(describeLoadedModules(['@acme/instrumentation-kafkajs']).instrumented.size, 0);
  });
});
