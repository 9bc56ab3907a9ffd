import * as assert from 'node:assert/strict';
import * as path from 'node:path';

import type { Dialect, ProbeContext } from './probe';

import { getImportTracker } from '../../../eslint-plugin/src/util/imports';
import {
  compareVersions,
  constructorOption,
  declaredRange,
  exporterKind,
  instantiatedClass,
  instrumentationLibrary,
  isNodeSdkClass,
  isSdkTraceClass,
  isTracerProviderClass,
  parseRangeBounds,
  resolveExportedClass,
  spanProcessorExporter,
} from '../../../eslint-plugin/src/util/sdk';
import { collectCalls, probe } from './probe';

const FIXTURES = path.resolve(__dirname, '../../fixtures/eslint-plugin/sdk');

/** A `new` expression as the plugin's utilities type it. */
type ProbeNewExpression = Parameters<typeof spanProcessorExporter>[0];

/** Describes every `new` expression of a program, in source order. */
function newExpressions(code: string, dialect: Dialect, describeNode: (context: ProbeContext, node: ProbeNewExpression) => string): string[] {
  return probe(code, dialect, (context, program) =>
    collectCalls(program)
      .filter((node) => (node as { type: string }).type === 'NewExpression')
      .map((node) => describeNode(context, node as unknown as ProbeNewExpression)),
  );
}

/** Renders what each `new` callee resolves to, `module#name` or `-`. */
function resolvedClasses(code: string, dialect: Dialect): string[] {
  return newExpressions(code, dialect, (context, node) => {
    const exported = resolveExportedClass(getImportTracker(context), node.callee);
    return exported === undefined ? '-' : `${exported.module}#${exported.name}`;
  });
}

describe('sdk helpers', () => {
  describe('resolveExportedClass()', () => {
    it('resolves named imports from the 2.x and 3.x trace packages', () => {
      assert.deepEqual(
        resolvedClasses(
          `import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';\nimport { TracerProvider as P } from '@opentelemetry/sdk-trace';\nnew BatchSpanProcessor(e);\nnew P({});`,
          'ts',
        ),
        ['@opentelemetry/sdk-trace-base#BatchSpanProcessor', '@opentelemetry/sdk-trace#TracerProvider'],
      );
    });

    it('maps the tracing, node and core namespaces of sdk-node to the packages they re-export', () => {
      assert.deepEqual(
        resolvedClasses(
          `const { tracing, node, core, NodeSDK } = require('@opentelemetry/sdk-node');\nnew tracing.SimpleSpanProcessor(e);\nnew node.NodeTracerProvider();\nnew core.CompositePropagator();\nnew NodeSDK();`,
          'cjs',
        ),
        ['@opentelemetry/sdk-trace-base#SimpleSpanProcessor', '@opentelemetry/sdk-trace-node#NodeTracerProvider', '@opentelemetry/core#CompositePropagator', '@opentelemetry/sdk-node#NodeSDK'],
      );
    });

    it('leaves unknown sdk-node namespaces and deeper paths unresolved', () => {
      assert.deepEqual(resolvedClasses(`import * as sdk from '@opentelemetry/sdk-node';\nnew sdk.metrics.MeterProvider();\nnew sdk.tracing.a.B();`, 'esm'), ['-', '-']);
    });
  });

  describe('class predicates', () => {
    it('accepts trace SDK classes from every SDK line and rejects look-alikes', () => {
      const answers = newExpressions(
        `import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';\nimport { TracerProvider } from '@opentelemetry/sdk-trace';\nimport { TracerProvider as Other } from 'my-sdk';\nimport { NodeSDK } from '@opentelemetry/sdk-node';\nnew NodeTracerProvider();\nnew TracerProvider();\nnew Other();\nnew NodeSDK();`,
        'esm',
        (context, node) => {
          const exported = resolveExportedClass(getImportTracker(context), node.callee);
          return `${String(isTracerProviderClass(exported))}/${String(isNodeSdkClass(exported))}`;
        },
      );
      assert.deepEqual(answers, ['true/false', 'true/false', 'false/false', 'false/true']);
    });

    it('accepts samplers from the pre-2.x core package only for sampler names', () => {
      const answers = newExpressions(
        `const { TraceIdRatioBasedSampler, W3CTraceContextPropagator } = require('@opentelemetry/core');\nnew TraceIdRatioBasedSampler(0.1);\nnew W3CTraceContextPropagator();`,
        'cjs',
        (context, node) => String(isSdkTraceClass(resolveExportedClass(getImportTracker(context), node.callee), 'TraceIdRatioBasedSampler', 'W3CTraceContextPropagator')),
      );
      assert.deepEqual(answers, ['true', 'false']);
    });
  });

  describe('spanProcessorExporter() and exporterKind()', () => {
    it('reads the exporter of the 2.x positional and 3.x options shapes', () => {
      const code = `import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import { MyExporter } from './mine';
const exporter = new OTLPTraceExporter();
const a = new SimpleSpanProcessor(new ConsoleSpanExporter());
const b = new SimpleSpanProcessor({ exporter });
const c = new SimpleSpanProcessor(new MyExporter());
const d = new SimpleSpanProcessor({ export() {}, shutdown() {} });`;
      const kinds = newExpressions(code, 'ts', (context, node) => {
        const tracker = getImportTracker(context);
        const processor = resolveExportedClass(tracker, node.callee);
        if (processor?.name !== 'SimpleSpanProcessor') return 'skip';
        const exporterNode = spanProcessorExporter(node);
        const exporter = exporterNode === undefined ? undefined : instantiatedClass(tracker, exporterNode);
        return exporter === undefined ? 'unknown' : (exporterKind(exporter.exported) ?? 'unclassified');
      }).filter((kind) => kind !== 'skip');
      assert.deepEqual(kinds, ['local', 'network', 'unclassified', 'unknown']);
    });

    it('does not count metrics exporters as span exporters', () => {
      const kinds = newExpressions(`import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';\nnew OTLPMetricExporter();`, 'esm', (context, node) => {
        const exported = resolveExportedClass(getImportTracker(context), node.callee);
        return exported === undefined ? '-' : (exporterKind(exported) ?? 'unclassified');
      });
      assert.deepEqual(kinds, ['unclassified']);
    });
  });

  describe('constructorOption()', () => {
    it('tells found, absent and unknown options apart', () => {
      const answers = newExpressions(
        `new A({ sampler: s, ['spanProcessors']: p });\nnew A({ spanProcessors: p });\nnew A({ ...defaults, sampler: s });\nnew A({ ...defaults });\nnew A();\nnew A(options);`,
        'esm',
        (_context, node) => constructorOption(node, 'sampler').kind,
      );
      assert.deepEqual(answers, ['found', 'absent', 'found', 'unknown', 'absent', 'unknown']);
    });
  });

  describe('instrumentationLibrary()', () => {
    it('names the library of official and community instrumentation packages', () => {
      assert.deepEqual(
        ['@opentelemetry/instrumentation-kafkajs', 'opentelemetry-instrumentation-kafkajs', '@acme/opentelemetry-instrumentation-pg', '@acme/instrumentation-pg', '@opentelemetry/instrumentation', 'kafkajs'].map(instrumentationLibrary),
        ['kafkajs', 'kafkajs', 'pg', undefined, undefined, undefined],
      );
    });
  });

  describe('parseRangeBounds()', () => {
    it('keeps a 0.x caret range within its minor', () => {
      assert.deepEqual(parseRangeBounds('^0.50.1'), { min: [0, 50, 1], max: [0, 50, Number.MAX_SAFE_INTEGER] });
    });

    it('reads exact, tilde, lower-bound and wildcard ranges', () => {
      assert.deepEqual(
        ['0.67.0', '~0.67.2', '>=0.45.0', '0.60.x', 'v1.2.3', '^1.2.0'].map(parseRangeBounds),
        [
          { min: [0, 67, 0], max: [0, 67, 0] },
          { min: [0, 67, 2], max: [0, 67, Number.MAX_SAFE_INTEGER] },
          { min: [0, 45, 0], max: undefined },
          { min: [0, 60, 0], max: [0, 60, Number.MAX_SAFE_INTEGER] },
          { min: [1, 2, 3], max: [1, 2, 3] },
          { min: [1, 2, 0], max: [1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] },
        ],
      );
    });

    it('gives up on unions, tags and URLs', () => {
      assert.deepEqual(['^0.40.0 || ^0.50.0', 'latest', 'github:open-telemetry/x', '*'].map(parseRangeBounds), [undefined, undefined, undefined, undefined]);
    });
  });

  describe('compareVersions()', () => {
    it('orders by major, then minor, then patch', () => {
      assert.deepEqual(
        [compareVersions([0, 58, 1], [0, 58, 0]) > 0, compareVersions([0, 9, 9], [0, 10, 0]) < 0, compareVersions([1, 0, 0], [1, 0, 0])],
        [true, true, 0],
      );
    });
  });

  describe('declaredRange()', () => {
    it('reads a dependency range from a fixture manifest', () => {
      assert.equal(declaredRange(path.join(FIXTURES, 'auto-0.45', 'package.json'), '@opentelemetry/auto-instrumentations-node'), '^0.45.0');
    });

    it('answers undefined for an undeclared dependency or a missing manifest', () => {
      assert.deepEqual(
        [declaredRange(path.join(FIXTURES, 'plain', 'package.json'), '@opentelemetry/auto-instrumentations-node'), declaredRange(path.join(FIXTURES, 'missing', 'package.json'), 'x')],
        [undefined, undefined],
      );
    });
  });
});
