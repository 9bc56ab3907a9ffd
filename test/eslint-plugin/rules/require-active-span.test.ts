import rule from '../../../eslint-plugin/src/rules/require-active-span';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('require-active-span', rule, {
  valid: [
    // Made active with context.with.
    `
import { context, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  try {
    await context.with(trace.setSpan(context.active(), span), () => charge(order));
  } finally {
    span.end();
  }
}
`,
    // Passed on as the explicit parent of the child.
    `
import { context, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function pay(): void {
  const parent = tracer.startSpan('pay');
  const ctx = trace.setSpan(context.active(), parent);
  const child = tracer.startSpan('charge', undefined, ctx);
  child.end();
  parent.end();
}
`,
    // startActiveSpan already makes the span active.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function pay(order: Order): Promise<void> {
  return tracer.startActiveSpan('pay', async (span) => {
    try {
      await charge(order);
    } finally {
      span.end();
    }
  });
}
`,
    // No await and no traced call while the span is open.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function total(order: Order): number {
  const span = tracer.startSpan('total');
  const sum = order.items.reduce((a, b) => a + b.price, 0);
  span.setAttribute('sum', sum);
  span.end();
  return sum;
}
`,
    // The await comes after the span ended.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('validate');
  validate(order);
  span.end();
  await charge(order);
}
`,
    // Only waiting: no child can start.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('poll');
export async function poll(): Promise<void> {
  const span = tracer.startSpan('backoff');
  await sleep(100);
  await new Promise((resolve) => setTimeout(resolve, 100));
  span.end();
}
`,
    // Handed to another function, which may activate it.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export async function run(job: Job): Promise<void> {
  const span = tracer.startSpan('job');
  await runWithSpan(span, job);
}
`,
    // Linked by span context instead of parented.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export async function run(job: Job): Promise<void> {
  const span = tracer.startSpan('job');
  await queue.send({ links: [{ context: span.spanContext() }] });
  span.end();
}
`,
    // Traced work inside a callback that runs later is not judged.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export function schedule(): void {
  const span = tracer.startSpan('schedule');
  setTimeout(() => fetch('/ping'), 10);
  span.end();
}
`,
    // Not a tracer.
    `
export async function run(): Promise<void> {
  const span = recorder.startSpan('x');
  await fetch('/a');
  span.end();
}
`,
    // Intentional new roots: ROOT_CONTEXT as the parent, or root: true.
    `
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export function run(): void {
  const span = tracer.startSpan('a');
  const detached = tracer.startSpan('b', { root: true });
  const other = tracer.startSpan('c', {}, ROOT_CONTEXT);
  detached.end();
  other.end();
  span.end();
}
`,
    // The child passes its parent context explicitly.
    `
import { context, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export function run(parentContext: Context): void {
  const span = tracer.startSpan('a');
  const other = tracer.startSpan('b', {}, parentContext);
  other.end();
  span.end();
}
`,
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export async function run(): Promise<void> {
  const span = tracer.startSpan('x');
  await fetch('/a');
  span.end();
}
`,
      settings: { 'otel-propagation': { contextManager: 'none' } },
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
          data: { boundary: '`await`', call: 'tracer.startSpan' },
          endColumn: 39,
          line: 5,
          messageId: 'spanNotActive',
          suggestions: [
            {
              messageId: 'useStartActiveSpan',
              output: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  await tracer.startActiveSpan('pay', async (span) => {
    await charge(order);
    span.end();
  });
}
`,
            },
            {
              messageId: 'wrapInContextWith',
              output: `
import { trace, context } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  await context.with(trace.setSpan(context.active(), span), async () => {
    await charge(order);
  });
  span.end();
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import * as api from '@opentelemetry/api';
const tracer = api.trace.getTracer('checkout');
export function pay(order: Order): Receipt {
  const span = tracer.startSpan('pay', { kind: api.SpanKind.CLIENT });
  try {
    const response = db.query('insert', order);
    return toReceipt(response);
  } finally {
    span.end();
  }
}
`,
      errors: [
        {
          column: 16,
          data: { boundary: '`db.query(…)`', call: 'tracer.startSpan' },
          endColumn: 70,
          line: 5,
          messageId: 'spanNotActive',
          suggestions: [
            {
              messageId: 'useStartActiveSpan',
              output: `
import * as api from '@opentelemetry/api';
const tracer = api.trace.getTracer('checkout');
export function pay(order: Order): Receipt {
  return tracer.startActiveSpan('pay', { kind: api.SpanKind.CLIENT }, (span) => {
    try {
      const response = db.query('insert', order);
      return toReceipt(response);
    } finally {
      span.end();
    }
  });
}
`,
            },
            {
              messageId: 'wrapInContextWith',
              output: `
import * as api from '@opentelemetry/api';
const tracer = api.trace.getTracer('checkout');
export function pay(order: Order): Receipt {
  const span = tracer.startSpan('pay', { kind: api.SpanKind.CLIENT });
  return api.context.with(api.trace.setSpan(api.context.active(), span), () => {
    try {
      const response = db.query('insert', order);
      return toReceipt(response);
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
const tracer = trace.getTracer('checkout');
export function pay(): void {
  const parent = tracer.startSpan('pay');
  const child = tracer.startSpan('charge');
  child.end();
  parent.end();
}
`,
      errors: [
        {
          column: 18,
          data: { boundary: '`tracer.startSpan(…)`', call: 'tracer.startSpan' },
          endColumn: 41,
          line: 5,
          messageId: 'spanNotActive',
          suggestions: [
            {
              messageId: 'useStartActiveSpan',
              output: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function pay(): void {
  tracer.startActiveSpan('pay', (parent) => {
    const child = tracer.startSpan('charge');
    child.end();
    parent.end();
  });
}
`,
            },
            {
              messageId: 'wrapInContextWith',
              output: `
import { trace, context } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function pay(): void {
  const parent = tracer.startSpan('pay');
  context.with(trace.setSpan(context.active(), parent), () => {
    const child = tracer.startSpan('charge');
    child.end();
  });
  parent.end();
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
import * as http from 'node:http';
const tracer = trace.getTracer('x');
export function call(): void {
  let span = tracer.startSpan('call');
  const req = http.request('http://example.com');
  req.end();
  span.end();
}
`,
      errors: [
        {
          column: 14,
          data: { boundary: '`http.request(…)`', call: 'tracer.startSpan' },
          endColumn: 38,
          line: 6,
          messageId: 'spanNotActive',
          suggestions: [
            {
              messageId: 'wrapInContextWith',
              output: `
import { trace, context } from '@opentelemetry/api';
import * as http from 'node:http';
const tracer = trace.getTracer('x');
export function call(): void {
  let span = tracer.startSpan('call');
  context.with(trace.setSpan(context.active(), span), () => {
    const req = http.request('http://example.com');
    req.end();
  });
  span.end();
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
export async function load(): Promise<Data> {
  const span = tracer.startSpan('load');
  const response = await fetch('/data');
  span.end();
  return response.json();
}
`,
      errors: [
        {
          column: 16,
          data: { boundary: '`await`', call: 'tracer.startSpan' },
          endColumn: 40,
          line: 5,
          messageId: 'spanNotActive',
          suggestions: [
            {
              messageId: 'useStartActiveSpan',
              output: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export async function load(): Promise<Data> {
  return tracer.startActiveSpan('load', async (span) => {
    const response = await fetch('/data');
    span.end();
    return response.json();
  });
}
`,
            },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('require-active-span', rule, {
  valid: [
    `
import axios from 'axios';
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function setup() {
  const span = tracer.startSpan('setup');
  const client = axios.create({ baseURL: '/api' });
  span.end();
  return client;
}
`,
    `
import axios from 'axios';
const span = tracer.startSpan('x');
span.end();
await axios.get('/a');
`,
  ],
  invalid: [
    {
      code: `
import axios from 'axios';
import { trace } from '@opentelemetry/api';
export function load(tracer) {
  const span = tracer.startSpan('load');
  axios.get('/a').finally(() => span.end());
}
`,
      errors: [
        {
          column: 16,
          data: { boundary: '`axios.get(…)`', call: 'tracer.startSpan' },
          endColumn: 40,
          line: 5,
          messageId: 'spanNotActive',
          suggestions: [
            {
              messageId: 'wrapInContextWith',
              output: `
import axios from 'axios';
import { trace, context } from '@opentelemetry/api';
export function load(tracer) {
  const span = tracer.startSpan('load');
  context.with(trace.setSpan(context.active(), span), () => {
    axios.get('/a').finally(() => span.end());
  });
}
`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('require-active-span', rule, {
  valid: [
    `
import axios from 'axios';
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function setup() {
  const span = tracer.startSpan('setup');
  const client = axios.create({ baseURL: '/api' });
  span.end();
  return client;
}
`,
    `
const { context, trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('x');
module.exports = async function load() {
  const span = tracer.startSpan('load');
  try {
    return await context.with(trace.setSpan(context.active(), span), () => fetch('/data'));
  } finally {
    span.end();
  }
};
`,
  ],
  invalid: [
    {
      code: `
const { trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('x');
module.exports = async function load() {
  const span = tracer.startSpan('load');
  const data = await fetch('/data');
  span.end();
  return data;
};
`,
      errors: [
        {
          column: 16,
          data: { boundary: '`await`', call: 'tracer.startSpan' },
          endColumn: 40,
          line: 5,
          messageId: 'spanNotActive',
          suggestions: [
            {
              messageId: 'useStartActiveSpan',
              output: `
const { trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('x');
module.exports = async function load() {
  return tracer.startActiveSpan('load', async (span) => {
    const data = await fetch('/data');
    span.end();
    return data;
  });
};
`,
            },
          ],
        },
      ],
    },
    {
      // The rule skips files that never spell `startSpan`; an escape that spells it still counts.
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer['start\\u0053pan']('pay');
  await charge(order);
  span.end();
}
`,
      errors: [
        {
          column: 16,
          data: { boundary: '`await`', call: "tracer['start\\u0053pan']" },
          endColumn: 47,
          line: 5,
          messageId: 'spanNotActive',
          suggestions: [
            {
              messageId: 'wrapInContextWith',
              output: `
import { trace, context } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer['start\\u0053pan']('pay');
  await context.with(trace.setSpan(context.active(), span), async () => {
    await charge(order);
  });
  span.end();
}
`,
            },
          ],
        },
      ],
    },
  ],
});
