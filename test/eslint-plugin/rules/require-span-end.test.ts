import rule from '../../../eslint-plugin/src/rules/require-span-end';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('require-span-end', rule, {
  valid: [
    // Ended in finally: the JS form of Go's `defer span.End()` (spancheck's core valid case).
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  try {
    await charge(order);
  } finally {
    span.end();
  }
}
`,
    // Ended in both the normal path and the catch.
    `
import { trace, SpanStatusCode } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  try {
    await charge(order);
    span.end();
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    throw error;
  }
}
`,
    // A finally doing conditional work before end(), as in jjti/go-spancheck#24.
    `
import { trace, SpanStatusCode } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  let failure: unknown;
  try {
    await charge(order);
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    if (failure !== undefined) {
      span.recordException(failure as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  }
}
`,
    // Returned to the caller: a factory hands the span over (jjti/go-spancheck#33).
    `
import { trace } from '@opentelemetry/api';
export function startChildSpan(name: string) {
  const span = trace.getTracer('lib').startSpan(name);
  span.setAttribute('child', true);
  return span;
}
`,
    // Passed to a helper that takes ownership (spancheck false positive).
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export function run(job: Job): void {
  const span = tracer.startSpan('job');
  queue.push({ job, span });
}
`,
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export function run(job: Job): void {
  const span = tracer.startSpan('job');
  finishLater(span);
}
`,
    // Ended in a callback: trusted to run (jjti/go-spancheck#12).
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('http');
export function handle(req: Request, res: Response): void {
  const span = tracer.startSpan('handle');
  res.on('finish', () => span.end());
  next(req, res);
}
`,
    // Stored on an object.
    `
import { trace } from '@opentelemetry/api';
class Job {
  private tracer = trace.getTracer('jobs');
  private span?: Span;
  start(): void {
    this.span = this.tracer.startSpan('job');
  }
}
`,
    // Nothing between start and end can throw.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export function mark(): void {
  const span = tracer.startSpan('mark');
  span.setAttribute('a', 1);
  console.log('marked');
  span.end();
}
`,
    // Made active with trace.setSpan: the API does not take ownership, end in finally.
    `
import { context, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export async function work(): Promise<void> {
  const span = tracer.startSpan('work');
  try {
    await context.with(trace.setSpan(context.active(), span), doWork);
  } finally {
    span.end();
  }
}
`,
    // startActiveSpan, sync callback ended in finally.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export function work(): number {
  return tracer.startActiveSpan('work', (span) => {
    try {
      return compute();
    } finally {
      span.end();
    }
  });
}
`,
    // startActiveSpan, async callback ended after the awaits and in the catch.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export function work(): Promise<number> {
  return tracer.startActiveSpan('work', { attributes: { a: 1 } }, async (span) => {
    try {
      const value = await compute();
      span.end();
      return value;
    } catch (error) {
      span.end();
      throw error;
    }
  });
}
`,
    // Expression-bodied callback that only ends the span.
    `
import { trace } from '@opentelemetry/api';
trace.getTracer('x').startActiveSpan('noop', (span) => span.end());
`,
    // The active span is ended through trace.getActiveSpan().
    `
import { trace } from '@opentelemetry/api';
trace.getTracer('x').startActiveSpan('job', (_span) => {
  run();
  trace.getActiveSpan()?.end();
});
`,
    // Immediately ended, through a chain of span methods.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
tracer.startSpan('marker').end();
const span = tracer.startSpan('other');
span.setAttribute('k', 'v').end();
`,
    // Early return after ending.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function check(ok: boolean): void {
  const span = tracer.startSpan('check');
  if (!ok) {
    span.end();
    return;
  }
  span.setAttribute('ok', true);
  span.end();
}
`,
    // A receiver not named like a tracer is not a tracer.
    `
export function run(): void {
  const span = recorder.startSpan('x');
  work();
}
`,
    // A local helper that is not a configured factory.
    `
export function run(): void {
  const span = startChildSpan('x');
  work();
}
`,
    // An end() inside a loop: shape not modeled, so the rule stays quiet.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function run(items: Item[]): void {
  const span = tracer.startSpan('x');
  for (const item of items) {
    if (item.last) span.end();
  }
}
`,
    // Optional-chained end in finally.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export async function run(): Promise<void> {
  const span = tracer.startSpan('x');
  try {
    await work();
  } finally {
    span?.end();
  }
}
`,
    // Child spans nested in a parent: ending the child cannot throw.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function run(): void {
  const parent = tracer.startSpan('parent');
  const child = tracer.startSpan('child');
  child.end();
  parent.end();
}
`,
    {
      code: `
import { trace } from '@opentelemetry/api';
export function run(): void {
  const span = helpers.startChildSpan('x');
  try {
    work();
  } finally {
    span.end();
  }
}
`,
      options: [{ spanFactories: ['startChildSpan'] }],
    },
  ],
  invalid: [
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  await charge(order);
  span.end();
}
`,
      errors: [
        {
          column: 16,
          endColumn: 39,
          line: 5,
          messageId: 'spanNotEndedOnError',
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  try {
    await charge(order);
  } finally {
    span.end();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
tracer.startSpan('fire-and-forget');
`,
      errors: [{ column: 1, endColumn: 36, line: 4, messageId: 'spanNeverEnded', suggestions: [] }],
    },
    {
      code: `
import * as api from '@opentelemetry/api';
export function load(id: string): Row {
  const span = api.trace.getTracer('db').startSpan('load');
  const row = db.get(id);
  return row;
}
`,
      errors: [
        {
          column: 16,
          endColumn: 59,
          line: 4,
          messageId: 'spanNeverEnded',
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `
import * as api from '@opentelemetry/api';
export function load(id: string): Row {
  const span = api.trace.getTracer('db').startSpan('load');
  try {
    const row = db.get(id);
    return row;
  } finally {
    span.end();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function check(input: Input): boolean {
  const span = tracer.startSpan('check');
  if (!input.valid) {
    return false;
  }
  span.end();
  return true;
}
`,
      errors: [
        {
          column: 16,
          endColumn: 41,
          line: 5,
          messageId: 'spanNotEndedOnPath',
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function check(input: Input): boolean {
  const span = tracer.startSpan('check');
  try {
    if (!input.valid) {
      return false;
    }
    return true;
  } finally {
    span.end();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export async function sync(): Promise<void> {
  const span = tracer.startSpan('sync');
  try {
    await pull();
    span.end();
  } catch (error) {
    log(error);
  }
}
`,
      errors: [
        {
          column: 16,
          endColumn: 40,
          line: 5,
          messageId: 'spanNotEndedOnPath',
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export async function sync(): Promise<void> {
  const span = tracer.startSpan('sync');
  try {
    try {
      await pull();
    } catch (error) {
      log(error);
    }
  } finally {
    span.end();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function work(): Promise<number> {
  return tracer.startActiveSpan('work', async (span) => {
    const value = await compute();
    span.end();
    return value;
  });
}
`,
      errors: [
        {
          column: 10,
          endColumn: 5,
          line: 5,
          messageId: 'spanNotEndedOnError',
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function work(): Promise<number> {
  return tracer.startActiveSpan('work', async (span) => {
    try {
      const value = await compute();
      return value;
    } finally {
      span.end();
    }
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
tracer.startActiveSpan('work', (span) => {
  span.setAttribute('a', 1);
  run();
});
`,
      errors: [
        {
          column: 1,
          endColumn: 3,
          line: 4,
          messageId: 'spanNeverEnded',
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
tracer.startActiveSpan('work', (span) => {
  try {
    span.setAttribute('a', 1);
    run();
  } finally {
    span.end();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
export function run(): void {
  const span = helpers.startChildSpan('x');
  work();
  span.end();
}
`,
      errors: [
        {
          column: 16,
          endColumn: 43,
          line: 3,
          messageId: 'spanNotEndedOnError',
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `
export function run(): void {
  const span = helpers.startChildSpan('x');
  try {
    work();
  } finally {
    span.end();
  }
}
`,
            },
          ],
        },
      ],
      options: [{ spanFactories: ['startChildSpan'] }],
    },
    {
      code: `
import { trace, type Tracer } from '@opentelemetry/api';
export function step(t: Tracer, items: string[]): void {
  let span = t.startSpan('step');
  for (const item of items) {
    if (item === 'stop') return;
  }
  span.end();
}
`,
      errors: [{ column: 14, endColumn: 33, line: 4, messageId: 'spanNotEndedOnPath', suggestions: [] }],
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
const provider = getProvider();
export function step(): void {
  const span = provider.getTracer('svc').startSpan('step') as Span;
  work();
}
`,
      errors: [
        {
          column: 16,
          endColumn: 59,
          line: 5,
          messageId: 'spanNeverEnded',
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `
import { trace } from '@opentelemetry/api';
const provider = getProvider();
export function step(): void {
  const span = provider.getTracer('svc').startSpan('step') as Span;
  try {
    work();
  } finally {
    span.end();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function run(): void {
  const span = tracer.startSpan('x');
  work();
  span?.end();
}
`,
      errors: [
        {
          column: 16,
          endColumn: 37,
          line: 5,
          messageId: 'spanNotEndedOnError',
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function run(): void {
  const span = tracer.startSpan('x');
  try {
    work();
  } finally {
    span.end();
  }
}
`,
            },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('require-span-end', rule, {
  valid: [
    `
import api from '@opentelemetry/api';
const tracer = api.trace.getTracer('x');
export async function handler(req) {
  const span = tracer.startSpan('handler');
  try {
    return await next(req);
  } finally {
    span.end();
  }
}
`,
    `
import { trace } from '@opentelemetry/api';
export const start = (name) => trace.getTracer('x').startSpan(name);
`,
  ],
  invalid: [
    {
      code: `
import api from '@opentelemetry/api';
const tracer = api.trace.getTracer('x');
export async function handler(req) {
  const span = tracer.startSpan('handler');
  const result = await next(req);
  span.end();
  return result;
}
`,
      errors: [
        {
          column: 16,
          endColumn: 43,
          line: 5,
          messageId: 'spanNotEndedOnError',
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `
import api from '@opentelemetry/api';
const tracer = api.trace.getTracer('x');
export async function handler(req) {
  const span = tracer.startSpan('handler');
  try {
    const result = await next(req);
    return result;
  } finally {
    span.end();
  }
}
`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('require-span-end', rule, {
  valid: [
    `
const { trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('x');
module.exports = function handler(req, res) {
  const span = tracer.startSpan('handler');
  res.on('finish', function () {
    span.end();
  });
  next(req, res);
};
`,
  ],
  invalid: [
    {
      code: `
const { trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('x');
module.exports = function handler(req, res) {
  const span = tracer.startSpan('handler')
  next(req, res)
}
`,
      errors: [
        {
          column: 16,
          endColumn: 43,
          line: 5,
          messageId: 'spanNeverEnded',
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `
const { trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('x');
module.exports = function handler(req, res) {
  const span = tracer.startSpan('handler')
  try {
    next(req, res)
  } finally {
    span.end()
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // The rule skips files that never spell a span start; an escape that spells one still counts.
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
tracer['start\\u0053pan']('fire-and-forget');
`,
      errors: [{ column: 1, endColumn: 44, line: 4, messageId: 'spanNeverEnded', suggestions: [] }],
    },
  ],
});
