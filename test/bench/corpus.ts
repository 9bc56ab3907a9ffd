import { transformSync } from 'esbuild';

/**
 * Generated corpora of OpenTelemetry-instrumented service code for lint benchmarks, in TypeScript and
 * JavaScript (ESM and CommonJS), deterministic:
 * - {@link generateCorpus}, dense: every block of every file crosses a boundary the rules check (HTTP
 *   handlers with spans, workers, child processes, timers, Kafka producers and consumers). The worst case.
 * - {@link generateTypicalCorpus}: the same blocks mixed into business code (types, validation, mapping,
 *   repositories, routes, caches) as a manually instrumented service has them.
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

// Business code with no tracing of its own: what most of a service is, around its instrumented parts.
const TYPES = (n: number): string => `
export interface Order${n} {
  readonly id: string;
  readonly customerId: string;
  readonly lines: readonly { sku: string; quantity: number; unitPrice: number }[];
  readonly status: 'new' | 'paid' | 'shipped' | 'cancelled';
}

export type OrderEvent${n} = { type: 'created'; order: Order${n} } | { type: 'cancelled'; orderId: string; reason: string };

export const LIMITS_${n} = { maxLines: ${20 + (n % 30)}, maxQuantity: 99, currency: 'EUR' } as const;
`;

const VALIDATE = (n: number): string => `
const SKU_PATTERN_${n} = /^[A-Z]{3}-\\d{${3 + (n % 4)}}$/;

export function validateOrder${n}(input: unknown): string[] {
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null) return ['order must be an object'];
  const { id, lines } = input as { id?: unknown; lines?: unknown };
  if (typeof id !== 'string' || id.length === 0) problems.push('id is required');
  if (!Array.isArray(lines) || lines.length === 0) {
    problems.push('at least one line is required');
  } else {
    for (const [index, line] of lines.entries()) {
      if (!SKU_PATTERN_${n}.test(String(line?.sku))) problems.push(\`line \${index}: bad sku\`);
      if (!Number.isInteger(line?.quantity) || line.quantity < 1) problems.push(\`line \${index}: bad quantity\`);
    }
  }
  return problems;
}
`;

const MAPPER = (n: number): string => `
export function toSummary${n}(rows: { id: string; total_cents: number; created_at: string; tags: string | null }[]) {
  const byDay = new Map<string, number>();
  for (const row of rows) {
    const day = row.created_at.slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + row.total_cents);
  }
  return {
    count: rows.length,
    total: rows.reduce((sum, row) => sum + row.total_cents, 0) / 100,
    days: [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, cents]) => ({ day, total: cents / 100 })),
    tags: [...new Set(rows.flatMap((row) => (row.tags ?? '').split(',').filter(Boolean)))],
  };
}
`;

const REPOSITORY = (n: number): string => `
export class OrderRepository${n} {
  constructor(private readonly pool: typeof db) {}

  async findById(id: string): Promise<{ id: string; status: string } | undefined> {
    const result = await this.pool.query('SELECT id, status FROM orders_${n} WHERE id = $1', [id]);
    return result.rows[0];
  }

  async updateStatus(id: string, status: string): Promise<void> {
    try {
      await this.pool.query('UPDATE orders_${n} SET status = $2 WHERE id = $1', [id, status]);
    } catch (error) {
      logger.error({ error, id }, 'status update failed');
      throw new Error(\`order \${id} not updated\`, { cause: error });
    }
  }
}
`;

const ROUTES = (n: number): string => `
router.get('/orders-${n}/:id', async (req, res, next) => {
  try {
    const order = await repository.findById(req.params.id);
    if (order === undefined) return res.status(404).json({ error: 'not found' });
    res.json(order);
  } catch (error) {
    next(error);
  }
});

router.post('/orders-${n}', async (req, res) => {
  const problems = validate(req.body);
  if (problems.length > 0) return res.status(400).json({ problems });
  res.status(202).json({ id: randomUUID() });
});
`;

const CACHE = (n: number): string => `
export class TtlCache${n}<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();

  constructor(private readonly ttlMs = ${1000 * (1 + (n % 60))}) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.expires < Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.#entries.set(key, { value, expires: Date.now() + this.ttlMs });
    setTimeout(() => this.#entries.delete(key), this.ttlMs).unref();
  }
}
`;

const RETRY = (n: number): string => `
export async function withRetry${n}<T>(work: () => Promise<T>, attempts = ${2 + (n % 4)}): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await work();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 100));
    }
  }
  throw lastError;
}
`;

const EVENTS = (n: number): string => `
bus.on('order-${n}.created', (event: { id: string; total: number }) => {
  metrics.increment('orders_created', { shard: '${n % 8}' });
  logger.info({ id: event.id, total: event.total }, 'order created');
});
`;

const BUSINESS_IMPORTS = `import { randomUUID } from 'node:crypto';
import { bus, db, metrics, repository, router, validate } from './services';
`;

// A business-only file imports its logger itself; a traced one has it from TS_PRELUDE.
const PLAIN_PRELUDE = `${BUSINESS_IMPORTS}import { logger } from './deps';
`;

const PLAIN_BLOCKS = [TYPES, VALIDATE, MAPPER, REPOSITORY, ROUTES, CACHE, RETRY, EVENTS];

// Workers and child processes are rarer than handlers and messaging in a service.
const TRACED_BLOCKS = [HANDLER, HANDLER, TIMER, PRODUCER, PRODUCER, CONSUMER, CONSUMER, UNTRACED_SEND, WORKER, CHILD];

const BLOCKS = [HANDLER, WORKER, CHILD, TIMER, PRODUCER, CONSUMER, HANDLER, WORKER, CHILD, TIMER, PRODUCER, CONSUMER, UNTRACED_SEND];

/** Type-stripped JavaScript of the same code, as ESM or CommonJS (esbuild rewrites imports to require). */
function toJavaScript(code: string, format: 'esm' | 'cjs'): string {
  return transformSync(code, { loader: 'ts', format, target: 'es2022' }).code;
}

/**
 * `count` files: an SDK setup file every 50 files, and service files whose code `serviceCode` writes,
 * one in ten CommonJS, one in ten ESM JavaScript, the rest TypeScript.
 */
function generateFiles(count: number, seed: number, serviceCode: (i: number, random: () => number) => string): CorpusFile[] {
  const random = mulberry32(seed);
  const files: CorpusFile[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 50 === 0) {
      files.push({ filename: `/corpus/src/telemetry${i}.ts`, code: SDK_SETUP });
      continue;
    }
    const code = serviceCode(i, random);
    if (i % 10 === 4) files.push({ filename: `/corpus/src/service${i}.cjs`, code: toJavaScript(code, 'cjs') });
    else if (i % 10 === 9) files.push({ filename: `/corpus/src/service${i}.mjs`, code: toJavaScript(code, 'esm') });
    else files.push({ filename: `/corpus/src/service${i}.ts`, code });
  }
  return files;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/**
 * Generates `count` files, each service file 4–9 blocks that all cross a boundary the rules check; SDK
 * setup files and languages as {@link generateFiles} lays them out.
 */
export function generateCorpus(count: number, seed = 42): CorpusFile[] {
  return generateFiles(count, seed, (i, random) => {
    const blocks = 4 + Math.floor(random() * 6);
    const parts: string[] = [];
    for (let b = 0; b < blocks; b++) parts.push(pick(random, BLOCKS)(i * 10 + b));
    return TS_PRELUDE + parts.join('');
  });
}

/**
 * Generates `count` files as a manually instrumented service has them: an SDK setup file every 50 files;
 * of the others, 4 in 10 import the OpenTelemetry API and hold 1–3 traced blocks among 2–6 business
 * blocks, the rest are business code only (4–9 blocks). Same languages and module systems as
 * {@link generateCorpus}.
 */
export function generateTypicalCorpus(count: number, seed = 42): CorpusFile[] {
  return generateFiles(count, seed, (i, random) => {
    const traced = random() < 0.4;
    const blocks: ((n: number) => string)[] = [];
    const plainCount = traced ? 2 + Math.floor(random() * 5) : 4 + Math.floor(random() * 6);
    for (let b = 0; b < plainCount; b++) blocks.push(pick(random, PLAIN_BLOCKS));
    const tracedCount = traced ? 1 + Math.floor(random() * 3) : 0;
    for (let b = 0; b < tracedCount; b++) blocks.splice(Math.floor(random() * (blocks.length + 1)), 0, pick(random, TRACED_BLOCKS));
    const prelude = traced ? TS_PRELUDE + BUSINESS_IMPORTS : PLAIN_PRELUDE;
    return prelude + blocks.map((block, b) => block(i * 10 + b)).join('');
  });
}
