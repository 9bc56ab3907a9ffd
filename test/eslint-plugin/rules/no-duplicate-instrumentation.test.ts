import * as path from 'node:path';

import rule from '../../../eslint-plugin/src/rules/no-duplicate-instrumentation';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

const FIXTURES = path.resolve(__dirname, '../../fixtures/eslint-plugin/sdk');

/** A file inside one of the fixture projects, so settings detection reads its `package.json`. */
function fixtureFile(project: string, file: string): string {
  return path.join(FIXTURES, project, 'src', file);
}

// The run-time effects the messages describe, per way two copies of an instrumentation interact.
const CHANNELS_EFFECT =
  'both subscribe to its diagnostics channels, so every request gets two CLIENT spans and two injected `traceparent` values, which the callee cannot parse: it starts a new trace';
const BROWSER_EFFECT = 'in the browser each copy patches on top of the other, so every operation gets two nested spans';
const REPLACED_FACTORY_EFFECT = "for patched libraries the later call's instances replace the earlier call's, whose configuration is silently lost";

/** The effect when the later of two patching instrumentations replaces the earlier one. */
function replacesEffect(earlier: string): string {
  return `the later one unwraps the earlier one's patch and replaces it, so the configuration of ${earlier} (hooks, options) is silently lost and disabling either one unpatches the library for both (before \`@opentelemetry/instrumentation\` 0.52: two spans instead)`;
}

/** The effect when the rule cannot tell how the packages patch. */
function unknownEffect(earlier: string): string {
  return `depending on how the packages patch, every operation gets two spans, or the later one replaces the earlier one's patch and the configuration of ${earlier} is silently lost`;
}

ruleTester.run('no-duplicate-instrumentation', rule, {
  valid: [
    `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
const sdk = new NodeSDK({
  traceExporter: new OTLPTraceExporter(),
  instrumentations: [getNodeAutoInstrumentations()],
});
sdk.start();
`,
    `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
const sdk = new NodeSDK({
  instrumentations: [
    getNodeAutoInstrumentations({ '@opentelemetry/instrumentation-http': { enabled: false } }),
    new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => request.url === '/health' }),
  ],
});
`,
    `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { FsInstrumentation } from '@opentelemetry/instrumentation-fs';
new NodeSDK({ instrumentations: [getNodeAutoInstrumentations(), new FsInstrumentation({ requireParentSpan: true })] }).start();
`,
    `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
new NodeSDK({ instrumentations: [getNodeAutoInstrumentations(autoConfig), new HttpInstrumentation()] });
`,
    `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
registerInstrumentations({
  instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
});
`,
    `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
export function serverSdk() {
  return new NodeSDK({ instrumentations: [new HttpInstrumentation({ serverName: 'api' })] });
}
export function workerSdk() {
  return new NodeSDK({ instrumentations: [new HttpInstrumentation()] });
}
`,
    `
import { trace, SpanKind } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function getCart(id: string) {
  return tracer.startActiveSpan('GET cart', { kind: SpanKind.CLIENT }, async (span) => {
    try {
      return await fetch(\`http://cart/\${id}\`);
    } finally {
      span.end();
    }
  });
}
`,
    {
      code: `
import { trace, SpanKind } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function getCart(id: string) {
  return tracer.startActiveSpan('GET cart', { kind: SpanKind.CLIENT }, async (span) => {
    const response = await fetch(\`http://cart/\${id}\`);
    const body = await response.json();
    span.end();
    return body;
  });
}
`,
      filename: fixtureFile('instrumented', 'cart.ts'),
    },
    {
      code: `
import { trace, SpanKind } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function getCart(id: string) {
  return tracer.startActiveSpan('load cart', { kind: SpanKind.INTERNAL }, async (span) => {
    try {
      return await fetch(\`http://cart/\${id}\`);
    } finally {
      span.end();
    }
  });
}
`,
      filename: fixtureFile('instrumented', 'cart.ts'),
    },
    {
      code: `
import { trace, SpanKind } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function getCart(id: string) {
  return tracer.startActiveSpan('GET cart', { kind: SpanKind.CLIENT }, async (span) => {
    try {
      return await fetch(\`http://cart/\${id}\`);
    } finally {
      span.end();
    }
  });
}
`,
      filename: fixtureFile('plain', 'cart.ts'),
    },
    {
      code: `
import { NodeSDK } from '@opentelemetry/sdk-node';
const sdk = new NodeSDK({});
sdk.start();
`,
      filename: fixtureFile('plain', 'tracing.ts'),
    },
    {
      code: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
new NodeSDK({ instrumentations: [getNodeAutoInstrumentations(), new KafkaJsInstrumentation()] }).start();
`,
      filename: fixtureFile('auto-0.45', 'tracing.ts'),
    },
    `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { getWebAutoInstrumentations } from '@opentelemetry/auto-instrumentations-web';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
registerInstrumentations({
  instrumentations: [
    getWebAutoInstrumentations({ '@opentelemetry/instrumentation-fetch': { enabled: false } }),
    new FetchInstrumentation({ propagateTraceHeaderCorsUrls: [/api\\.example\\.com/] }),
  ],
});
`,
  ],
  invalid: [
    {
      code: `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
registerInstrumentations({
  instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation(), new HttpInstrumentation()],
});
`,
      errors: [
        {
          column: 79,
          data: { effect: replacesEffect('the first one'), line: '6', name: 'HttpInstrumentation' },
          endColumn: 104,
          line: 6,
          messageId: 'duplicateInstrumentation',
          suggestions: [
            {
              data: { name: 'HttpInstrumentation' },
              messageId: 'removeDuplicate',
              output: `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
registerInstrumentations({
  instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
const sdk = new NodeSDK({
  instrumentations: [getNodeAutoInstrumentations(), new HttpInstrumentation({ serverName: 'checkout' })],
});
`,
      errors: [
        {
          column: 53,
          data: { effect: replacesEffect('the `getNodeAutoInstrumentations()` instance'), factory: 'getNodeAutoInstrumentations', library: 'http', line: '6', name: 'HttpInstrumentation' },
          endColumn: 104,
          line: 6,
          messageId: 'coveredByAutoInstrumentations',
          suggestions: [
            {
              data: { factory: 'getNodeAutoInstrumentations', package: '@opentelemetry/instrumentation-http' },
              messageId: 'disableInAutoInstrumentations',
              output: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
const sdk = new NodeSDK({
  instrumentations: [getNodeAutoInstrumentations({ '@opentelemetry/instrumentation-http': { enabled: false } }), new HttpInstrumentation({ serverName: 'checkout' })],
});
`,
            },
            {
              data: { name: 'HttpInstrumentation' },
              messageId: 'removeDuplicate',
              output: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
const sdk = new NodeSDK({
  instrumentations: [getNodeAutoInstrumentations()],
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
const kafka = new KafkaJsInstrumentation();
new NodeSDK({
  instrumentations: [
    kafka,
    getNodeAutoInstrumentations({
      '@opentelemetry/instrumentation-fs': { enabled: false },
    }),
  ],
}).start();
`,
      errors: [
        {
          column: 15,
          data: { effect: replacesEffect('`KafkaJsInstrumentation`'), factory: 'getNodeAutoInstrumentations', library: 'kafkajs', line: '9', name: 'KafkaJsInstrumentation' },
          endColumn: 43,
          line: 5,
          messageId: 'coveredByAutoInstrumentations',
          suggestions: [
            {
              data: { factory: 'getNodeAutoInstrumentations', package: '@opentelemetry/instrumentation-kafkajs' },
              messageId: 'disableInAutoInstrumentations',
              output: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
const kafka = new KafkaJsInstrumentation();
new NodeSDK({
  instrumentations: [
    kafka,
    getNodeAutoInstrumentations({
      '@opentelemetry/instrumentation-fs': { enabled: false }, '@opentelemetry/instrumentation-kafkajs': { enabled: false },
    }),
  ],
}).start();
`,
            },
          ],
        },
      ],
      filename: fixtureFile('auto-0.82', 'tracing.ts'),
    },
    {
      code: `
import { trace, SpanKind } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function getCart(id: string) {
  return tracer.startActiveSpan('GET cart', { kind: SpanKind.CLIENT }, async (span) => {
    try {
      return await fetch(\`http://cart/\${id}\`);
    } finally {
      span.end();
    }
  });
}
`,
      errors: [{ column: 10, data: { call: 'fetch', kind: 'CLIENT', library: 'undici' }, endColumn: 5, line: 5, messageId: 'manualClientSpan', suggestions: [] }],
      filename: fixtureFile('instrumented', 'cart.ts'),
    },
    {
      code: `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
const http = new HttpInstrumentation();
const tracedHttp = new HttpInstrumentation({ serverName: 'api' });
registerInstrumentations({ instrumentations: [http] });
`,
      errors: [{ column: 20, data: { effect: replacesEffect('the first one'), line: '4', name: 'HttpInstrumentation' }, endColumn: 66, line: 5, messageId: 'duplicateInstrumentation', suggestions: [] }],
    },
    {
      code: `
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
registerInstrumentations({ instrumentations: [getNodeAutoInstrumentations()] });
registerInstrumentations({ instrumentations: getNodeAutoInstrumentations() });
`,
      errors: [{ column: 46, data: { effect: REPLACED_FACTORY_EFFECT, line: '4', name: 'getNodeAutoInstrumentations()' }, endColumn: 75, line: 5, messageId: 'duplicateInstrumentation', suggestions: [] }],
    },
    {
      // Channel-based: both copies record every fetch, and their two traceparent values arrive joined.
      code: `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
registerInstrumentations({ instrumentations: [new UndiciInstrumentation({ requireParentforSpans: true })] });
registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });
`,
      errors: [
        {
          column: 47,
          data: { effect: CHANNELS_EFFECT, line: '4', name: 'UndiciInstrumentation' },
          endColumn: 74,
          line: 5,
          messageId: 'duplicateInstrumentation',
          suggestions: [
            {
              data: { name: 'UndiciInstrumentation' },
              messageId: 'removeDuplicate',
              output: `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
registerInstrumentations({ instrumentations: [new UndiciInstrumentation({ requireParentforSpans: true })] });
registerInstrumentations({ instrumentations: [] });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
new NodeSDK({ instrumentations: [getNodeAutoInstrumentations(), new UndiciInstrumentation({ requireParentforSpans: true })] });
`,
      errors: [
        {
          column: 65,
          data: { effect: CHANNELS_EFFECT, factory: 'getNodeAutoInstrumentations', library: 'undici', line: '5', name: 'UndiciInstrumentation' },
          endColumn: 123,
          line: 5,
          messageId: 'coveredByAutoInstrumentations',
          suggestions: [
            {
              data: { factory: 'getNodeAutoInstrumentations', package: '@opentelemetry/instrumentation-undici' },
              messageId: 'disableInAutoInstrumentations',
              output: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
new NodeSDK({ instrumentations: [getNodeAutoInstrumentations({ '@opentelemetry/instrumentation-undici': { enabled: false } }), new UndiciInstrumentation({ requireParentforSpans: true })] });
`,
            },
            {
              data: { name: 'UndiciInstrumentation' },
              messageId: 'removeDuplicate',
              output: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
new NodeSDK({ instrumentations: [getNodeAutoInstrumentations()] });
`,
            },
          ],
        },
      ],
      filename: fixtureFile('auto-0.82', 'tracing.ts'),
    },
    {
      // The official undici instrumentation grew out of the community one: both subscribe to the channels.
      code: `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { UndiciInstrumentation as GadgetUndici } from 'opentelemetry-instrumentation-undici';
registerInstrumentations({ instrumentations: [new GadgetUndici(), new UndiciInstrumentation()] });
`,
      errors: [
        {
          column: 67,
          data: {
            effect: CHANNELS_EFFECT,
            first: 'UndiciInstrumentation',
            firstModule: 'opentelemetry-instrumentation-undici',
            library: 'undici',
            line: '5',
            module: '@opentelemetry/instrumentation-undici',
            name: 'UndiciInstrumentation',
          },
          endColumn: 94,
          line: 5,
          messageId: 'sameLibrary',
          suggestions: [
            {
              data: { name: 'UndiciInstrumentation' },
              messageId: 'removeDuplicate',
              output: `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { UndiciInstrumentation as GadgetUndici } from 'opentelemetry-instrumentation-undici';
registerInstrumentations({ instrumentations: [new GadgetUndici()] });
`,
            },
          ],
        },
      ],
    },
    {
      // Wrap-based, configured instance first: the meta-package's instance replaces it and the hook stops running.
      code: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
const http = new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => request.url === '/health' });
new NodeSDK({ instrumentations: [http, getNodeAutoInstrumentations()] });
`,
      errors: [
        {
          column: 14,
          data: { effect: replacesEffect('`HttpInstrumentation`'), factory: 'getNodeAutoInstrumentations', library: 'http', line: '6', name: 'HttpInstrumentation' },
          endColumn: 108,
          line: 5,
          messageId: 'coveredByAutoInstrumentations',
          suggestions: [
            {
              data: { factory: 'getNodeAutoInstrumentations', package: '@opentelemetry/instrumentation-http' },
              messageId: 'disableInAutoInstrumentations',
              output: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
const http = new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => request.url === '/health' });
new NodeSDK({ instrumentations: [http, getNodeAutoInstrumentations({ '@opentelemetry/instrumentation-http': { enabled: false } })] });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
registerInstrumentations({ instrumentations: [getNodeAutoInstrumentations()] });
registerInstrumentations({ instrumentations: [getNodeAutoInstrumentations()] });
`,
      errors: [
        {
          column: 47,
          data: {
            effect: `every fetch/undici request gets two CLIENT spans and two \`traceparent\` values (that instrumentation subscribes to diagnostics channels), and ${REPLACED_FACTORY_EFFECT}`,
            line: '4',
            name: 'getNodeAutoInstrumentations()',
          },
          endColumn: 76,
          line: 5,
          messageId: 'duplicateInstrumentation',
          suggestions: [],
        },
      ],
      filename: fixtureFile('auto-0.82', 'tracing.ts'),
    },
  ],
});

jsRuleTester.run('no-duplicate-instrumentation', rule, {
  valid: [],
  invalid: [
    {
      code: `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { getWebAutoInstrumentations } from '@opentelemetry/auto-instrumentations-web';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
registerInstrumentations({
  instrumentations: [getWebAutoInstrumentations({}), new FetchInstrumentation({ clearTimingResources: true })],
});
`,
      errors: [
        {
          column: 54,
          data: { effect: BROWSER_EFFECT, factory: 'getWebAutoInstrumentations', library: 'fetch', line: '6', name: 'FetchInstrumentation' },
          endColumn: 110,
          line: 6,
          messageId: 'coveredByAutoInstrumentations',
          suggestions: [
            {
              data: { factory: 'getWebAutoInstrumentations', package: '@opentelemetry/instrumentation-fetch' },
              messageId: 'disableInAutoInstrumentations',
              output: `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { getWebAutoInstrumentations } from '@opentelemetry/auto-instrumentations-web';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
registerInstrumentations({
  instrumentations: [getWebAutoInstrumentations({ '@opentelemetry/instrumentation-fetch': { enabled: false } }), new FetchInstrumentation({ clearTimingResources: true })],
});
`,
            },
            {
              data: { name: 'FetchInstrumentation' },
              messageId: 'removeDuplicate',
              output: `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { getWebAutoInstrumentations } from '@opentelemetry/auto-instrumentations-web';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
registerInstrumentations({
  instrumentations: [getWebAutoInstrumentations({})],
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
const sdk = new NodeSDK({ instrumentations: [new KafkaJsInstrumentation()] });
registerInstrumentations({ instrumentations: [new KafkaJsInstrumentation()] });
`,
      errors: [
        {
          column: 47,
          data: { effect: replacesEffect('the first one'), line: '5', name: 'KafkaJsInstrumentation' },
          endColumn: 75,
          line: 6,
          messageId: 'duplicateInstrumentation',
          suggestions: [
            {
              data: { name: 'KafkaJsInstrumentation' },
              messageId: 'removeDuplicate',
              output: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
const sdk = new NodeSDK({ instrumentations: [new KafkaJsInstrumentation()] });
registerInstrumentations({ instrumentations: [] });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { trace, SpanKind } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const tracer = trace.getTracer('orders');
export async function publish(order) {
  await tracer.startActiveSpan('orders publish', { kind: SpanKind.PRODUCER }, async (span) => {
    await producer.send({ topic: 'orders', messages: [{ value: order.payload }] });
    span.end();
  });
}
`,
      errors: [{ column: 9, data: { call: 'producer.send', kind: 'PRODUCER', library: 'kafkajs' }, endColumn: 5, line: 8, messageId: 'manualClientSpan', suggestions: [] }],
      filename: fixtureFile('instrumented', 'orders.mjs'),
    },
    {
      code: `
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
const provider = new NodeTracerProvider();
provider.register();
`,
      errors: [{ column: 1, data: { call: 'provider.register()' }, endColumn: 20, line: 4, messageId: 'preloadedAutoInstrumentation', suggestions: [] }],
      filename: fixtureFile('preload-node-options', 'tracing.mjs'),
    },
    {
      code: `
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { getWebAutoInstrumentations } from '@opentelemetry/auto-instrumentations-web';
registerInstrumentations({ instrumentations: getWebAutoInstrumentations() });
registerInstrumentations({ instrumentations: getWebAutoInstrumentations() });
`,
      errors: [{ column: 46, data: { effect: BROWSER_EFFECT, line: '4', name: 'getWebAutoInstrumentations()' }, endColumn: 74, line: 5, messageId: 'duplicateInstrumentation', suggestions: [] }],
    },
  ],
});

cjsRuleTester.run('no-duplicate-instrumentation', rule, {
  valid: [
    `
const opentelemetry = require('@opentelemetry/sdk-node');
const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-grpc');
const { RuntimeNodeInstrumentation } = require('@opentelemetry/instrumentation-runtime-node');
const sdk = new opentelemetry.NodeSDK({
  traceExporter: new OTLPTraceExporter(),
  instrumentations: [
    getNodeAutoInstrumentations({
      '@opentelemetry/instrumentation-fs': {
        requireParentSpan: true,
      },
    }),
    new RuntimeNodeInstrumentation({
      monitoringPrecision: 5000,
    }),
  ],
});
sdk.start();
`,
  ],
  invalid: [
    {
      code: `
const axios = require('axios');
const { trace, SpanKind } = require('@opentelemetry/api');
const tracer = trace.getTracer('profile');
exports.loadProfile = function loadProfile(url) {
  return tracer.startActiveSpan('GET profile', { kind: SpanKind.CLIENT }, async (span) => {
    try {
      return await axios.get(url);
    } finally {
      span.end();
    }
  });
};
`,
      errors: [{ column: 10, data: { call: 'axios.get', kind: 'CLIENT', library: 'http' }, endColumn: 5, line: 6, messageId: 'manualClientSpan', suggestions: [] }],
      filename: fixtureFile('instrumented', 'profile.js'),
    },
    {
      code: `
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { KafkaJsInstrumentation } = require('@opentelemetry/instrumentation-kafkajs');
const { KafkaJsInstrumentation: CommunityKafka } = require('opentelemetry-instrumentation-kafkajs');
registerInstrumentations({
  instrumentations: [new KafkaJsInstrumentation(), new CommunityKafka()],
});
`,
      errors: [
        {
          column: 52,
          data: {
            effect: unknownEffect('the first one'),
            first: 'KafkaJsInstrumentation',
            firstModule: '@opentelemetry/instrumentation-kafkajs',
            library: 'kafkajs',
            line: '6',
            module: 'opentelemetry-instrumentation-kafkajs',
            name: 'KafkaJsInstrumentation',
          },
          endColumn: 72,
          line: 6,
          messageId: 'sameLibrary',
          suggestions: [
            {
              data: { name: 'KafkaJsInstrumentation' },
              messageId: 'removeDuplicate',
              output: `
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { KafkaJsInstrumentation } = require('@opentelemetry/instrumentation-kafkajs');
const { KafkaJsInstrumentation: CommunityKafka } = require('opentelemetry-instrumentation-kafkajs');
registerInstrumentations({
  instrumentations: [new KafkaJsInstrumentation()],
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node');
const sdk = new NodeSDK({ instrumentations: [getNodeAutoInstrumentations()] });
sdk.start();
`,
      errors: [{ column: 1, data: { call: 'sdk.start()' }, endColumn: 12, line: 5, messageId: 'preloadedAutoInstrumentation', suggestions: [] }],
      filename: fixtureFile('preload-require', 'tracing.js'),
    },
    {
      // A community package next to the meta-package: how the two interact depends on how it patches.
      code: `
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node');
const { KafkaJsInstrumentation } = require('opentelemetry-instrumentation-kafkajs');
new NodeSDK({ instrumentations: [getNodeAutoInstrumentations(), new KafkaJsInstrumentation()] });
`,
      errors: [
        {
          column: 65,
          data: {
            effect: unknownEffect('the `getNodeAutoInstrumentations()` instance'),
            factory: 'getNodeAutoInstrumentations',
            library: 'kafkajs',
            line: '5',
            name: 'KafkaJsInstrumentation',
          },
          endColumn: 93,
          line: 5,
          messageId: 'coveredByAutoInstrumentations',
          suggestions: [
            {
              data: { factory: 'getNodeAutoInstrumentations', package: '@opentelemetry/instrumentation-kafkajs' },
              messageId: 'disableInAutoInstrumentations',
              output: `
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node');
const { KafkaJsInstrumentation } = require('opentelemetry-instrumentation-kafkajs');
new NodeSDK({ instrumentations: [getNodeAutoInstrumentations({ '@opentelemetry/instrumentation-kafkajs': { enabled: false } }), new KafkaJsInstrumentation()] });
`,
            },
            {
              data: { name: 'KafkaJsInstrumentation' },
              messageId: 'removeDuplicate',
              output: `
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node');
const { KafkaJsInstrumentation } = require('opentelemetry-instrumentation-kafkajs');
new NodeSDK({ instrumentations: [getNodeAutoInstrumentations()] });
`,
            },
          ],
        },
      ],
      filename: fixtureFile('auto-0.82', 'tracing.js'),
    },
  ],
});
