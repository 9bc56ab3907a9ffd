import { transformSync } from 'esbuild';

/**
 * A generated corpus of realistic OpenTelemetry-instrumented service code for lint benchmarks:
 * HTTP handlers, span lifecycles, workers, child processes, timers, messaging producers and
 * consumers, SDK setup, in both TypeScript and JavaScript (ESM and CommonJS). Deterministic.
 */

/** One generated source file. */
export interface CorpusFile {
  readonly filename: string;
  readonly code: string;
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HANDLER = (n: number): string => `
export async function handleOrder${n}(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const span = tracer.startSpan('order.${n}', { kind: SpanKind.SERVER });
  try {
    const body = await readBody(req);
    const order = JSON.parse(body) as { id: string; items: string[] };
    span.setAttribute('order.id', order.id);
    await context.with(trace.setSpan(context.active(), span), async () => {
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      await fetch('http://inventory/reserve', { method: 'POST', headers: carrier, body });
    });
    res.writeHead(200).end();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    res.writeHead(500).end();
  } finally {
    span.end();
  }
}
`;

const WORKER = (n: number): string => `
export function offload${n}(payload: unknown): Promise<unknown> {
  const traceContext: Record<string, string> = {};
  propagation.inject(context.active(), traceContext);
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { payload, traceContext } });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
`;

const CHILD = (n: number): string => `
export function runReport${n}(args: string[]): void {
  const env = { ...process.env };
  propagation.inject(context.active(), env, { set: (carrier, key, value) => { carrier[key.toUpperCase()] = value; } });
  const child = spawn('report-${n}', args, { env, stdio: 'inherit' });
  child.on('exit', (code) => { logger.info({ code }, 'report done'); });
}
`;

const TIMER = (n: number): string => `
export function scheduleRetry${n}(job: () => Promise<void>, delay = ${100 + n}): void {
  setTimeout(() => {
    tracer.startActiveSpan('retry.${n}', async (span) => {
      try {
        await job();
      } finally {
        span.end();
      }
    });
  }, delay);
}
`;

const PRODUCER = (n: number): string => `
export async function publishOrder${n}(order: { id: string }): Promise<void> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  await producer.send({
    topic: 'orders-${n}',
    messages: [{ key: order.id, value: JSON.stringify(order), headers }],
  });
}
`;

const CONSUMER = (n: number): string => `
export async function consume${n}(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parent = propagation.extract(ROOT_CONTEXT, message.headers ?? {}, bufferGetter);
      await context.with(parent, () =>
        tracer.startActiveSpan('orders-${n} process', { kind: SpanKind.CONSUMER }, async (span) => {
          try {
            await handle(message.value?.toString() ?? '');
          } finally {
            span.end();
          }
        }),
      );
    },
  });
}
`;

// Real code is not all correct: a few blocks carry the mistakes the rules exist for, so report paths are timed too.
const UNTRACED_SEND = (n: number): string => `
export async function notify${n}(event: { id: string }): Promise<void> {
  const span = tracer.startSpan('notify.${n}');
  await producer.send({ topic: 'events-${n}', messages: [{ key: event.id, value: JSON.stringify(event) }] });
  span.end();
}
`;

const TS_PRELUDE = `import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { producer, consumer, bufferGetter, handle, logger, readBody } from './deps';

const tracer = trace.getTracer('checkout');
`;

const SDK_SETUP = `import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';

export const sdk = new NodeSDK({
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.25) }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  instrumentations: [getNodeAutoInstrumentations()],
});
sdk.start();
`;

const BLOCKS = [HANDLER, WORKER, CHILD, TIMER, PRODUCER, CONSUMER, HANDLER, WORKER, CHILD, TIMER, PRODUCER, CONSUMER, UNTRACED_SEND];

/** Type-stripped JavaScript of the same code, as ESM or CommonJS (esbuild rewrites imports to require). */
function toJavaScript(code: string, format: 'esm' | 'cjs'): string {
  return transformSync(code, { loader: 'ts', format, target: 'es2022' }).code;
}

/**
 * Generates `count` files: mostly TypeScript modules of 4–9 blocks, some CommonJS JavaScript,
 * some ESM and CommonJS JavaScript, and an SDK setup file every 50 files.
 */
export function generateCorpus(count: number, seed = 42): CorpusFile[] {
  const random = mulberry32(seed);
  const files: CorpusFile[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 50 === 0) {
      files.push({ filename: `/corpus/src/telemetry${i}.ts`, code: SDK_SETUP });
      continue;
    }
    const blocks = 4 + Math.floor(random() * 6);
    const parts: string[] = [];
    for (let b = 0; b < blocks; b++) {
      const block = BLOCKS[Math.floor(random() * BLOCKS.length)] ?? HANDLER;
      parts.push(block(i * 10 + b));
    }
    const code = TS_PRELUDE + parts.join('');
    if (i % 10 === 4) files.push({ filename: `/corpus/src/service${i}.cjs`, code: toJavaScript(code, 'cjs') });
    else if (i % 10 === 9) files.push({ filename: `/corpus/src/service${i}.mjs`, code: toJavaScript(code, 'esm') });
    else files.push({ filename: `/corpus/src/service${i}.ts`, code });
  }
  return files;
}
