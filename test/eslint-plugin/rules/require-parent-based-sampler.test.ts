import rule from '../../../eslint-plugin/src/rules/require-parent-based-sampler';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('require-parent-based-sampler', rule, {
  valid: [
    `
import { NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-node';
const provider = new NodeTracerProvider({
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.25) }),
});
`,
    `
import { TracerProvider, AlwaysOnSampler } from '@opentelemetry/sdk-trace';
const provider = new TracerProvider({ sampler: new AlwaysOnSampler(), spanProcessors: [] });
`,
    `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
const sdk = new NodeSDK({ instrumentations: [getNodeAutoInstrumentations()] });
sdk.start();
`,
    `
import { TraceIdRatioBasedSampler } from './my-samplers';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
const provider = new BasicTracerProvider({ sampler: new TraceIdRatioBasedSampler(0.5) });
`,
    `
import { ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
const sampler = new ParentBasedSampler({
  root: new TraceIdRatioBasedSampler(0.1),
  remoteParentNotSampled: new TraceIdRatioBasedSampler(0.01),
});
`,
    `
process.env.OTEL_TRACES_SAMPLER = 'parentbased_traceidratio';
process.env.OTEL_TRACES_SAMPLER_ARG = '0.1';
`,
    `
const env = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' };
`,
    `
const config = { sampler: new TraceIdRatioBasedSampler(0.5) };
`,
    `
import { BasicTracerProvider, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
const provider = new BasicTracerProvider(options);
`,
    `
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createCompositeSampler, createComposableParentThresholdSampler, createComposableProbabilitySampler } from '@opentelemetry/sampler-composite';
const provider = new TracerProvider({
  sampler: createCompositeSampler(createComposableParentThresholdSampler(createComposableProbabilitySampler(0.3))),
});
`,
    `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createCompositeSampler, createComposableRuleBasedSampler } from '@opentelemetry/sampler-composite';
const sdk = new NodeSDK({ sampler: createCompositeSampler(createComposableRuleBasedSampler(rules)) });
`,
    `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { makeSampler } from './sampling';
const sdk = new NodeSDK({ sampler: makeSampler(process.env.SAMPLE_RATE) });
`,
    `
const process = { env: {} as Record<string, string> };
process.env.OTEL_TRACES_SAMPLER = 'traceidratio';
`,
  ],
  invalid: [
    {
      code: `
import { NodeTracerProvider, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-node';
const provider = new NodeTracerProvider({ sampler: new TraceIdRatioBasedSampler(0.1) });
`,
      errors: [{ column: 52, data: { sampler: 'TraceIdRatioBasedSampler' }, endColumn: 85, line: 3, messageId: 'ratioSampler' }],
      output: `
import { NodeTracerProvider, TraceIdRatioBasedSampler, ParentBasedSampler } from '@opentelemetry/sdk-trace-node';
const provider = new NodeTracerProvider({ sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) }) });
`,
    },
    {
      code: `
import { ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace';
const provider = new TracerProvider({
  sampler: new TraceIdRatioBasedSampler(0.5),
  spanProcessors: [new BatchSpanProcessor({ exporter })],
});
`,
      errors: [{ column: 12, data: { sampler: 'TraceIdRatioBasedSampler' }, endColumn: 45, line: 4, messageId: 'ratioSampler' }],
      output: `
import { ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace';
const provider = new TracerProvider({
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.5) }),
  spanProcessors: [new BatchSpanProcessor({ exporter })],
});
`,
    },
    {
      code: `
import * as sdkTrace from '@opentelemetry/sdk-trace-base';
const ratio = new sdkTrace.TraceIdRatioBasedSampler(0.2);
export const provider = new sdkTrace.BasicTracerProvider({ sampler: ratio as sdkTrace.Sampler });
`,
      errors: [{ column: 69, data: { sampler: 'TraceIdRatioBasedSampler' }, endColumn: 94, line: 4, messageId: 'ratioSampler' }],
      output: `
import * as sdkTrace from '@opentelemetry/sdk-trace-base';
const ratio = new sdkTrace.TraceIdRatioBasedSampler(0.2);
export const provider = new sdkTrace.BasicTracerProvider({ sampler: new sdkTrace.ParentBasedSampler({ root: ratio as sdkTrace.Sampler }) });
`,
    },
    {
      code: `
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createCompositeSampler, createComposableProbabilitySampler } from '@opentelemetry/sampler-composite';
const root = createComposableProbabilitySampler(0.3);
const provider = new TracerProvider({ sampler: createCompositeSampler(root) });
`,
      errors: [{ column: 48, endColumn: 76, line: 5, messageId: 'probabilitySampler' }],
      output: `
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createCompositeSampler, createComposableProbabilitySampler, createComposableParentThresholdSampler } from '@opentelemetry/sampler-composite';
const root = createComposableProbabilitySampler(0.3);
const provider = new TracerProvider({ sampler: createCompositeSampler(createComposableParentThresholdSampler(root)) });
`,
    },
    {
      code: `
import sdkNode = require('@opentelemetry/sdk-node');
const sdk = new sdkNode.NodeSDK({ sampler: new sdkNode.tracing.TraceIdRatioBasedSampler(0.05) });
`,
      errors: [{ column: 44, data: { sampler: 'TraceIdRatioBasedSampler' }, endColumn: 94, line: 3, messageId: 'ratioSampler' }],
      output: `
import sdkNode = require('@opentelemetry/sdk-node');
const sdk = new sdkNode.NodeSDK({ sampler: new sdkNode.tracing.ParentBasedSampler({ root: new sdkNode.tracing.TraceIdRatioBasedSampler(0.05) }) });
`,
    },
    {
      code: `
process.env['OTEL_TRACES_SAMPLER'] = "traceidratio";
`,
      errors: [{ column: 38, endColumn: 52, line: 2, messageId: 'ratioEnvSampler' }],
      output: `
process.env['OTEL_TRACES_SAMPLER'] = "parentbased_traceidratio";
`,
    },
  ],
});

jsRuleTester.run('require-parent-based-sampler', rule, {
  valid: [
    `
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
const sdk = new NodeSDK({
  sampler: new tracing.ParentBasedSampler({ root: new tracing.TraceIdRatioBasedSampler(0.1) }),
});
`,
  ],
  invalid: [
    {
      code: `
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
const sdk = new NodeSDK({ sampler: new tracing.TraceIdRatioBasedSampler(0.1) });
sdk.start();
`,
      errors: [{ column: 36, data: { sampler: 'TraceIdRatioBasedSampler' }, endColumn: 77, line: 3, messageId: 'ratioSampler' }],
      output: `
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
const sdk = new NodeSDK({ sampler: new tracing.ParentBasedSampler({ root: new tracing.TraceIdRatioBasedSampler(0.1) }) });
sdk.start();
`,
    },
    {
      code: `
import { spawn } from 'node:child_process';
spawn('node', ['worker.mjs'], { env: { ...process.env, OTEL_TRACES_SAMPLER: 'traceidratio' } });
`,
      errors: [{ column: 77, endColumn: 91, line: 3, messageId: 'ratioEnvSampler' }],
      output: `
import { spawn } from 'node:child_process';
spawn('node', ['worker.mjs'], { env: { ...process.env, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' } });
`,
    },
  ],
});

cjsRuleTester.run('require-parent-based-sampler', rule, {
  valid: [
    `
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { ParentBasedSampler, TraceIdRatioBasedSampler } = require('@opentelemetry/sdk-trace-base');
const sdk = new NodeSDK({ sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.5) }) });
`,
  ],
  invalid: [
    {
      code: `
'use strict';
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { TraceIdRatioBasedSampler: Ratio } = require('@opentelemetry/sdk-trace-base');
const sampler = new Ratio(0.1);
const sdk = new NodeSDK({ sampler });
`,
      errors: [{ column: 27, data: { sampler: 'TraceIdRatioBasedSampler' }, endColumn: 34, line: 6, messageId: 'ratioSampler' }],
      output: `
'use strict';
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { TraceIdRatioBasedSampler: Ratio, ParentBasedSampler } = require('@opentelemetry/sdk-trace-base');
const sampler = new Ratio(0.1);
const sdk = new NodeSDK({ sampler: new ParentBasedSampler({ root: sampler }) });
`,
    },
    {
      code: `
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const core = require('@opentelemetry/core');
const provider = new NodeTracerProvider({ sampler: new core.TraceIdRatioBasedSampler(0.5) });
provider.register();
`,
      errors: [{ column: 52, data: { sampler: 'TraceIdRatioBasedSampler' }, endColumn: 90, line: 4, messageId: 'ratioSampler' }],
      output: `
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const core = require('@opentelemetry/core');
const provider = new NodeTracerProvider({ sampler: new core.ParentBasedSampler({ root: new core.TraceIdRatioBasedSampler(0.5) }) });
provider.register();
`,
    },
    {
      code: `
process.env.OTEL_TRACES_SAMPLER = 'traceidratio';
const { NodeSDK } = require('@opentelemetry/sdk-node');
`,
      errors: [{ column: 35, endColumn: 49, line: 2, messageId: 'ratioEnvSampler' }],
      output: `
process.env.OTEL_TRACES_SAMPLER = 'parentbased_traceidratio';
const { NodeSDK } = require('@opentelemetry/sdk-node');
`,
    },
  ],
});
