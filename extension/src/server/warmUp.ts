/**
 * Warms the linter up while the server is idle. V8 optimizes the parser, the AST converter and the rules only
 * after they have run for a while, so right after start the first edits of a large TypeScript file are
 * re-linted in 70–110 ms instead of 20–35 ms. Linting a small built-in file a few dozen times, in full and
 * after edits as typing does, gets them optimized before the user types.
 *
 * A step is one lint of that file, a few milliseconds once warm, and runs only when no real lint is running or
 * due within the time the last step took: a real request waits for at most one step.
 */
import type { LintBaseline } from './incremental';
import type { LintEngine, LintInput, LintKind } from './linting';
import type { ServerSettings } from './settingsContract';

/** Lints of the built-in file per parser: measured, the gain stops after about twenty. */
export const WARM_UP_STEPS = 24;

/** Every this many steps the file is linted in full, the others lint an edit of the last result. */
const FULL_LINT_EVERY = 4;

/** How long a step is assumed to take before one has run (the first one also compiles the rules). */
const FIRST_STEP_ESTIMATE_MS = 100;

/** How long to wait before looking again when real work is running or due. */
const RETRY_MS = 50;

/** Code as instrumented services write it, in the constructs the rules look at. Valid JavaScript. */
const SERVICE_CODE = `
const tracer = trace.getTracer('warm-up');

export async function handleRequest(req, res) {
  const parent = propagation.extract(context.active(), req.headers);
  await context.with(parent, () =>
    tracer.startActiveSpan('GET /orders', { kind: SpanKind.SERVER }, async (span) => {
      try {
        const orders = await Promise.all(req.ids.map((id) => loadOrder(id)));
        res.end(JSON.stringify({ orders, count: orders.length }));
      } catch (error) {
        span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: \`failed: \${String(error)}\` });
      } finally {
        span.end();
      }
    }),
  );
}

export async function loadOrder(id) {
  const headers = {};
  propagation.inject(context.active(), headers);
  const response = await fetch(\`https://orders.internal/\${id}\`, { headers });
  return response.ok ? response.json() : undefined;
}

export async function publish(order) {
  const headers = {};
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => { carrier[key] = value; } });
  await producer.send({ topic: 'orders', messages: [{ key: order.id, value: JSON.stringify(order), headers }] });
}

export function scheduleRetry(job, delay = 100) {
  setTimeout(() => {
    tracer.startActiveSpan('retry', async (span) => {
      try {
        await job();
      } finally {
        span.end();
      }
    });
  }, delay);
}

export class OrderQueue {
  #pending = [];

  push(order) {
    this.#pending.push({ order, context: context.active() });
    if (this.#pending.length > 10) void this.flush();
  }

  async flush() {
    const batch = this.#pending.splice(0);
    for (const { order, context: saved } of batch) await context.with(saved, () => publish(order));
  }
}

setInterval(() => {
  const span = tracer.startSpan('poll');
  propagation.setBaggage(context.active(), propagation.createBaggage({ tenant: { value: 'a' } }));
  span.end();
}, 5_000);
`;

const IMPORTS = `import { context, propagation, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { producer } from './kafka';
`;

/** The TypeScript variant adds the type syntax the converter has its own code for. */
const TYPES = `
export interface Order {
  readonly id: string;
  readonly lines?: readonly { sku: string; quantity: number }[];
}

export type Handler<T extends Order = Order> = (order: T, signal?: AbortSignal) => Promise<void>;

export enum Priority {
  Low = 1,
  High,
}

export namespace orders {
  export const byId = new Map<string, Order>();

  export function get(id: string): Order | undefined {
    return byId.get(id) as Order | undefined;
  }
}

export abstract class Worker<T> implements Disposable {
  protected constructor(private readonly name: string, public limit = 4) {}

  abstract run(item: T): Promise<void>;

  [Symbol.dispose](): void {
    tracer.startSpan(\`\${this.name} disposed\`).end();
  }
}
`;

/** The built-in file linted by the warm-up, per parser. */
export function warmUpText(kind: 'js' | 'ts'): string {
  return kind === 'ts' ? `${IMPORTS}${TYPES}${SERVICE_CODE}` : `${IMPORTS}${SERVICE_CODE}`;
}

/** What the warm-up needs of the server. */
export interface WarmUpHost {
  readonly engine: LintEngine;
  /** The settings to lint with: real lints compile the rules with these. */
  settings(): ServerSettings;
  /** Whether a step of about `durationMs` would delay a real lint (one running, or one due sooner). */
  busyWithin(durationMs: number): boolean;
  /** Called once every requested parser has been warmed up. */
  done(): void;
}

/** Lints the built-in file in the background, in steps, per parser asked for. */
export class LintWarmUp {
  readonly #host: WarmUpHost;
  /** Parsers still to warm up, the current one first, with the steps each has left. */
  readonly #left = new Map<'js' | 'ts', number>();
  readonly #requested = new Set<'js' | 'ts'>();
  #baseline: LintBaseline | undefined;
  #lastStepMs = FIRST_STEP_ESTIMATE_MS;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(host: WarmUpHost) {
    this.#host = host;
  }

  /**
   * Warms up the parser of `kind` (JSX shares its dialect's), once per server. The parser of the document
   * being edited goes first: the other one waits until it is warm.
   */
  request(kind: LintKind): void {
    const parser = kind === 'ts' || kind === 'tsx' ? 'ts' : 'js';
    if (this.#stopped || this.#left.keys().next().value === parser) return;
    const left = this.#requested.has(parser) ? this.#left.get(parser) : WARM_UP_STEPS;
    if (left === undefined) return;
    this.#requested.add(parser);
    // Re-inserted first: a Map iterates in insertion order.
    const others = [...this.#left].filter(([other]) => other !== parser);
    this.#left.clear();
    this.#left.set(parser, left);
    for (const [other, steps] of others) this.#left.set(other, steps);
    this.#baseline = undefined;
    this.#schedule(0);
  }

  /** Stops for good, for shutdown. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== undefined || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#step();
    }, delayMs);
  }

  #step(): void {
    const [parser, left] = this.#left.entries().next().value ?? [];
    if (parser === undefined || left === undefined || this.#stopped) return;
    if (!this.#host.settings().enable) {
      // Nothing is linted, so there is nothing to warm up for.
      this.#left.clear();
      this.#host.done();
      return;
    }
    if (this.#host.busyWithin(this.#lastStepMs)) {
      this.#schedule(RETRY_MS);
      return;
    }
    const started = performance.now();
    try {
      this.#lint(parser, WARM_UP_STEPS - left);
    } catch {
      // Runs from a timer, where a throw would end the server. A rule failing on the built-in file fails on
      // real documents too, and is reported there; the warm-up just stops.
      this.#left.clear();
      this.#host.done();
      return;
    }
    this.#lastStepMs = performance.now() - started;
    if (left > 1) this.#left.set(parser, left - 1);
    else {
      this.#left.delete(parser);
      this.#baseline = undefined;
      if (this.#left.size === 0) {
        this.#host.done();
        return;
      }
    }
    // A zero timeout still lets the messages that arrived meanwhile be read before the next step.
    this.#schedule(0);
  }

  #lint(parser: 'js' | 'ts', step: number): void {
    const input: LintInput = { text: warmUpText(parser), filePath: undefined, kind: parser, settings: this.#host.settings() };
    const baseline = this.#baseline;
    if (baseline === undefined || step % FULL_LINT_EVERY === 0) {
      const outcome = this.#host.engine.lint(input);
      this.#baseline = outcome.kind === 'linted' ? { text: input.text, messages: outcome.messages, structure: outcome.structure } : undefined;
      return;
    }
    // A space typed before the last character of a statement, a different one each time: the edit stays inside it.
    const statements = baseline.structure.statements.filter((statement) => statement.end - statement.start > 40);
    const statement = statements[step % Math.max(1, statements.length)];
    if (statement === undefined) return;
    const text = `${baseline.text.slice(0, statement.end - 1)} ${baseline.text.slice(statement.end - 1)}`;
    const outcome = this.#host.engine.lintAfterEdit({ ...input, text }, baseline);
    this.#baseline = outcome.kind === 'linted' ? { text, messages: outcome.messages, structure: outcome.structure } : undefined;
  }
}
