import rule from '../../../eslint-plugin/src/rules/prefer-batch-span-processor';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('prefer-batch-span-processor', rule, {
  valid: [
    `
import { NodeTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
`,
    `
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] });
`,
    `
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
`,
    `
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MyExporter } from './exporter';
const processor = new SimpleSpanProcessor(new MyExporter());
`,
    `
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
const processor = new SimpleSpanProcessor(exporterFromConfig());
`,
    {
      code: `
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
const processor = new SimpleSpanProcessor(new OTLPTraceExporter());
`,
      filename: 'src/tracing.spec.ts',
    },
    {
      code: `
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
const processor = new SimpleSpanProcessor(new ZipkinExporter());
`,
      filename: 'packages/app/__tests__/setup.ts',
    },
    {
      code: `
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
const processor = new SimpleSpanProcessor(new OTLPTraceExporter());
`,
      filename: 'e2e/tracing.ts',
      options: [{ testFilePatterns: ['e2e/**'] }],
    },
    `
import { SimpleSpanProcessor } from 'some-other-sdk';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
const processor = new SimpleSpanProcessor(new OTLPTraceExporter());
`,
  ],
  invalid: [
    {
      code: `
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
const provider = new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: 'http://collector:4318/v1/traces' }))],
});
`,
      errors: [{ column: 20, data: { exporter: 'OTLPTraceExporter' }, endColumn: 110, line: 5, messageId: 'preferBatch' }],
      output: `
import { NodeTracerProvider, SimpleSpanProcessor, BatchSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
const provider = new NodeTracerProvider({
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: 'http://collector:4318/v1/traces' }))],
});
`,
    },
    {
      code: `
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
const exporter = new OTLPTraceExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
`,
      errors: [{ column: 56, data: { exporter: 'OTLPTraceExporter' }, endColumn: 93, line: 5, messageId: 'preferBatch' }],
      output: `
import { SimpleSpanProcessor, TracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
const exporter = new OTLPTraceExporter();
const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] });
`,
    },
    {
      code: `
import * as sdkTrace from '@opentelemetry/sdk-trace-web';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
provider.addSpanProcessor(new sdkTrace.SimpleSpanProcessor(new ZipkinExporter()));
`,
      errors: [{ column: 27, data: { exporter: 'ZipkinExporter' }, endColumn: 81, line: 4, messageId: 'preferBatch' }],
      output: `
import * as sdkTrace from '@opentelemetry/sdk-trace-web';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
provider.addSpanProcessor(new sdkTrace.BatchSpanProcessor(new ZipkinExporter()));
`,
    },
    {
      code: `
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
const processor = new SimpleSpanProcessor(new OTLPTraceExporter());
`,
      errors: [{ column: 19, data: { exporter: 'OTLPTraceExporter' }, endColumn: 67, line: 4, messageId: 'preferBatch' }],
      filename: 'src/tracing.spec.ts',
      options: [{ testFilePatterns: [] }],
      output: `
import { SimpleSpanProcessor, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
const processor = new BatchSpanProcessor(new OTLPTraceExporter());
`,
    },
  ],
});

jsRuleTester.run('prefer-batch-span-processor', rule, {
  valid: [
    `
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
const sdk = new NodeSDK({ spanProcessors: [new tracing.SimpleSpanProcessor(new tracing.ConsoleSpanExporter())] });
`,
  ],
  invalid: [
    {
      code: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SimpleSpanProcessor as Simple } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
const sdk = new NodeSDK({ spanProcessors: [new Simple(new OTLPTraceExporter())] });
`,
      errors: [{ column: 44, data: { exporter: 'OTLPTraceExporter' }, endColumn: 79, line: 5, messageId: 'preferBatch' }],
      output: `
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SimpleSpanProcessor as Simple, BatchSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
const sdk = new NodeSDK({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
`,
    },
  ],
});

cjsRuleTester.run('prefer-batch-span-processor', rule, {
  valid: [
    {
      code: `
const { tracing } = require('@opentelemetry/sdk-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
module.exports = new tracing.SimpleSpanProcessor(new OTLPTraceExporter());
`,
      filename: 'test/helpers/tracing.cjs',
    },
  ],
  invalid: [
    {
      code: `
const { NodeSDK, tracing } = require('@opentelemetry/sdk-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const sdk = new NodeSDK({ spanProcessors: [new tracing.SimpleSpanProcessor(new OTLPTraceExporter())] });
`,
      errors: [{ column: 44, data: { exporter: 'OTLPTraceExporter' }, endColumn: 100, line: 4, messageId: 'preferBatch' }],
      output: `
const { NodeSDK, tracing } = require('@opentelemetry/sdk-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const sdk = new NodeSDK({ spanProcessors: [new tracing.BatchSpanProcessor(new OTLPTraceExporter())] });
`,
    },
    {
      code: `
const { SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { JaegerExporter } = require('@opentelemetry/exporter-jaeger');
provider.addSpanProcessor(new SimpleSpanProcessor(new JaegerExporter()));
`,
      errors: [{ column: 27, data: { exporter: 'JaegerExporter' }, endColumn: 72, line: 4, messageId: 'preferBatch' }],
      output: `
const { SimpleSpanProcessor, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { JaegerExporter } = require('@opentelemetry/exporter-jaeger');
provider.addSpanProcessor(new BatchSpanProcessor(new JaegerExporter()));
`,
    },
  ],
});
