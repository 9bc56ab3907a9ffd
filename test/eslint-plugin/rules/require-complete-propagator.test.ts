import rule from '../../../eslint-plugin/src/rules/require-complete-propagator';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('require-complete-propagator', rule, {
  valid: [
    `
import { propagation } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
`,
    `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
const sdk = new NodeSDK({ instrumentations: [getNodeAutoInstrumentations()] });
sdk.start();
`,
    `
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
const provider = new NodeTracerProvider();
provider.register();
`,
    `
import { propagation } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { MyVendorPropagator } from './vendor';
propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new MyVendorPropagator()] }));
`,
    `
import { propagation } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), ...extraPropagators] }));
`,
    `
import { propagation } from '@opentelemetry/api';
propagation.setGlobalPropagator(buildPropagator());
`,
    `
import { WebTracerProvider } from '@opentelemetry/sdk-trace-web';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3Propagator } from '@opentelemetry/propagator-b3';
const provider = new WebTracerProvider();
const propagator = new CompositePropagator({
  propagators: [new B3Propagator(), new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});
provider.register({ propagator });
`,
    {
      code: `
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
`,
      options: [{ required: ['tracecontext'] }],
    },
    `
import { B3Propagator } from '@opentelemetry/propagator-b3';
app.register({ propagator: new B3Propagator() });
`,
    `
import { W3CTraceContextPropagator } from '@opentelemetry/core';
const propagation = { setGlobalPropagator(p: unknown) {} };
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
`,
  ],
  invalid: [
    {
      code: `
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
`,
      errors: [
        {
          column: 33,
          data: { headers: '`baggage`', lost: 'baggage', missing: '`W3CBaggagePropagator`' },
          endColumn: 64,
          line: 4,
          messageId: 'missingPropagator',
          suggestions: [
            {
              data: { missing: '`W3CBaggagePropagator`' },
              messageId: 'addPropagators',
              output: `
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator, CompositePropagator, W3CBaggagePropagator } from '@opentelemetry/core';
propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { B3Propagator, B3InjectEncoding } from '@opentelemetry/propagator-b3';
const sdk = new NodeSDK({
  textMapPropagator: new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }),
});
`,
      errors: [
        {
          column: 22,
          data: { headers: '`traceparent`/`tracestate` and `baggage`', lost: 'trace and the baggage', missing: '`W3CTraceContextPropagator` and `W3CBaggagePropagator`' },
          endColumn: 89,
          line: 5,
          messageId: 'missingPropagator',
          suggestions: [
            {
              data: { missing: '`W3CTraceContextPropagator` and `W3CBaggagePropagator`' },
              messageId: 'addPropagators',
              output: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { B3Propagator, B3InjectEncoding } from '@opentelemetry/propagator-b3';
import { CompositePropagator, W3CTraceContextPropagator, W3CBaggagePropagator } from '@opentelemetry/core';
const sdk = new NodeSDK({
  textMapPropagator: new CompositePropagator({ propagators: [new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }), new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { JaegerPropagator } from '@opentelemetry/propagator-jaeger';
const propagator = new CompositePropagator({
  propagators: [new JaegerPropagator(), new W3CTraceContextPropagator()],
});
propagation.setGlobalPropagator(propagator);
`,
      errors: [
        {
          column: 17,
          data: { headers: '`uber-trace-id` (and `uberctx-*` baggage)', name: 'JaegerPropagator' },
          endColumn: 39,
          line: 6,
          messageId: 'deprecatedPropagator',
          suggestions: [],
        },
        {
          column: 33,
          data: { headers: '`baggage`', lost: 'baggage', missing: '`W3CBaggagePropagator`' },
          endColumn: 43,
          line: 8,
          messageId: 'missingPropagator',
          suggestions: [
            {
              data: { missing: '`W3CBaggagePropagator`' },
              messageId: 'addPropagators',
              output: `
import { propagation } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator, W3CBaggagePropagator } from '@opentelemetry/core';
import { JaegerPropagator } from '@opentelemetry/propagator-jaeger';
const propagator = new CompositePropagator({
  propagators: [new JaegerPropagator(), new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});
propagation.setGlobalPropagator(propagator);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
import { CompositePropagator } from '@opentelemetry/core';
propagation.setGlobalPropagator(new CompositePropagator());
`,
      errors: [
        {
          column: 33,
          data: { headers: '`traceparent`/`tracestate` and `baggage`', lost: 'trace and the baggage', missing: '`W3CTraceContextPropagator` and `W3CBaggagePropagator`' },
          endColumn: 58,
          line: 4,
          messageId: 'missingPropagator',
          suggestions: [
            {
              data: { missing: '`W3CTraceContextPropagator` and `W3CBaggagePropagator`' },
              messageId: 'addPropagators',
              output: `
import { propagation } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator, W3CBaggagePropagator } from '@opentelemetry/core';
propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { B3Propagator } from '@opentelemetry/propagator-b3';
const propagator = new B3Propagator();
new NodeTracerProvider().register({ propagator });
`,
      errors: [
        {
          column: 37,
          data: { headers: '`traceparent`/`tracestate` and `baggage`', lost: 'trace and the baggage', missing: '`W3CTraceContextPropagator` and `W3CBaggagePropagator`' },
          endColumn: 47,
          line: 5,
          messageId: 'missingPropagator',
          suggestions: [
            {
              data: { missing: '`W3CTraceContextPropagator` and `W3CBaggagePropagator`' },
              messageId: 'addPropagators',
              output: `
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { B3Propagator } from '@opentelemetry/propagator-b3';
import { CompositePropagator, W3CTraceContextPropagator, W3CBaggagePropagator } from '@opentelemetry/core';
const propagator = new B3Propagator();
new NodeTracerProvider().register({ propagator: new CompositePropagator({ propagators: [propagator, new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }) });
`,
            },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('require-complete-propagator', rule, {
  valid: [
    `
import { NodeSDK, core } from '@opentelemetry/sdk-node';
const sdk = new NodeSDK({
  textMapPropagator: new core.CompositePropagator({ propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()] }),
});
`,
  ],
  invalid: [
    {
      code: `
import { NodeSDK, core } from '@opentelemetry/sdk-node';
import { OTTracePropagator } from '@opentelemetry/propagator-ot-trace';
const sdk = new NodeSDK({
  textMapPropagator: new core.CompositePropagator({ propagators: [new OTTracePropagator()] }),
});
`,
      errors: [
        {
          column: 22,
          data: { headers: '`traceparent`/`tracestate` and `baggage`', lost: 'trace and the baggage', missing: '`W3CTraceContextPropagator` and `W3CBaggagePropagator`' },
          endColumn: 94,
          line: 5,
          messageId: 'missingPropagator',
          suggestions: [
            {
              data: { missing: '`W3CTraceContextPropagator` and `W3CBaggagePropagator`' },
              messageId: 'addPropagators',
              output: `
import { NodeSDK, core } from '@opentelemetry/sdk-node';
import { OTTracePropagator } from '@opentelemetry/propagator-ot-trace';
const sdk = new NodeSDK({
  textMapPropagator: new core.CompositePropagator({ propagators: [new OTTracePropagator(), new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()] }),
});
`,
            },
          ],
        },
        {
          column: 67,
          data: { headers: '`ot-tracer-traceid`/`ot-tracer-spanid`/`ot-tracer-sampled` (and `ot-baggage-*`)', name: 'OTTracePropagator' },
          endColumn: 90,
          line: 5,
          messageId: 'deprecatedPropagator',
          suggestions: [],
        },
      ],
    },
  ],
});

cjsRuleTester.run('require-complete-propagator', rule, {
  valid: [
    `
process.env.OTEL_PROPAGATORS = 'tracecontext,baggage,b3multi';
`,
    `
process.env.OTEL_PROPAGATORS = 'none';
const env = { OTEL_PROPAGATORS: 'tracecontext,baggage,my-vendor' };
`,
    {
      code: `
const env = { OTEL_PROPAGATORS: 'tracecontext' };
`,
      options: [{ required: ['tracecontext'] }],
    },
    `
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = require('@opentelemetry/core');
const provider = new NodeTracerProvider();
provider.register({ propagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }) });
`,
  ],
  invalid: [
    {
      code: `
process.env.OTEL_PROPAGATORS = 'b3,jaeger';
`,
      errors: [
        {
          column: 32,
          data: { headers: '`uber-trace-id` (and `uberctx-*` baggage)', name: 'jaeger' },
          endColumn: 43,
          line: 2,
          messageId: 'deprecatedPropagator',
          suggestions: [],
        },
        {
          column: 32,
          data: { headers: '`traceparent`/`tracestate` and `baggage`', lost: 'trace and the baggage', missing: "'tracecontext' and 'baggage'", value: 'b3,jaeger' },
          endColumn: 43,
          line: 2,
          messageId: 'missingEnvPropagator',
          suggestions: [
            {
              data: { missing: "'tracecontext' and 'baggage'" },
              messageId: 'addPropagators',
              output: `
process.env.OTEL_PROPAGATORS = 'b3,jaeger,tracecontext,baggage';
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { spawn } = require('node:child_process');
spawn('node', ['worker.js'], { env: { ...process.env, OTEL_PROPAGATORS: "tracecontext" } });
`,
      errors: [
        {
          column: 73,
          data: { headers: '`baggage`', lost: 'baggage', missing: "'baggage'", value: 'tracecontext' },
          endColumn: 87,
          line: 3,
          messageId: 'missingEnvPropagator',
          suggestions: [
            {
              data: { missing: "'baggage'" },
              messageId: 'addPropagators',
              output: `
const { spawn } = require('node:child_process');
spawn('node', ['worker.js'], { env: { ...process.env, OTEL_PROPAGATORS: "tracecontext,baggage" } });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { CompositePropagator, W3CBaggagePropagator } = require('@opentelemetry/core');
const provider = new NodeTracerProvider();
provider.register({
  propagator: new CompositePropagator({ propagators: [new W3CBaggagePropagator()] }),
});
`,
      errors: [
        {
          column: 15,
          data: { headers: '`traceparent`/`tracestate`', lost: 'trace', missing: '`W3CTraceContextPropagator`' },
          endColumn: 85,
          line: 6,
          messageId: 'missingPropagator',
          suggestions: [
            {
              data: { missing: '`W3CTraceContextPropagator`' },
              messageId: 'addPropagators',
              output: `
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = require('@opentelemetry/core');
const provider = new NodeTracerProvider();
provider.register({
  propagator: new CompositePropagator({ propagators: [new W3CBaggagePropagator(), new W3CTraceContextPropagator()] }),
});
`,
            },
          ],
        },
      ],
    },
  ],
});
