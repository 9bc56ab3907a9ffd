import rule from '../../../eslint-plugin/src/rules/no-unbound-callback';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('no-unbound-callback', rule, {
  valid: [
    `
import { context, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('app');
tracer.startActiveSpan('subscribe', (span) => {
  const bound = context.bind(context.active(), queue);
  bound.on('message', () => tracer.startSpan('handle').end());
  context.bind(context.active(), socket);
  socket.on('data', () => tracer.startSpan('data').end());
  span.end();
});
`,
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('app');
tracer.startActiveSpan('work', (span) => {
  setTimeout(() => {
    tracer.startSpan('later').end();
  }, 10);
  span.end();
});
`,
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('app');
tracer.startActiveSpan('subscribe', (span) => {
  queue.on('message', () => tracer.startSpan('handle').end());
  span.end();
});
`,
      settings: { 'otel-propagation': { contextManager: 'zone' } },
    },
    `
import { trace } from '@opentelemetry/api';
trace.getTracer('app').startActiveSpan('download', (span) =>
  new Promise<void>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', resolve);
    stream.on('error', reject);
  }).finally(() => span.end()),
);
`,
    `
import { context, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('app');
tracer.startActiveSpan('subscribe', (span) => {
  queue.on('message', context.bind(context.active(), () => tracer.startSpan('handle').end()));
  span.end();
});
`,
    `
import { context, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('app');
tracer.startActiveSpan('subscribe', (span) => {
  const onMessage = context.bind(context.active(), () => tracer.startSpan('handle').end());
  queue.on('message', onMessage);
  span.end();
});
`,
    `
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('app');
tracer.startActiveSpan('boot', (span) => {
  context.with(ROOT_CONTEXT, () => {
    queue.on('message', () => tracer.startSpan('consume').end());
  });
  span.end();
});
`,
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('app');
export function subscribe(handler: () => void): void {
  tracer.startActiveSpan('subscribe', (span) => {
    queue.on('message', handler);
    span.end();
  });
}
`,
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('app');
setTimeout(() => tracer.startSpan('startup').end(), 0);
`,
      settings: { 'otel-propagation': { contextManager: 'stack' } },
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
export function later(): void {
  setTimeout(() => render(), 10);
}
`,
      settings: { 'otel-propagation': { contextManager: 'stack' } },
    },
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('app');
export function subscribe(): void {
  queue.on('message', () => tracer.startSpan('handle').end());
}
`,
  ],
  invalid: [
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('app');
tracer.startActiveSpan('subscribe', (span) => {
  queue.on('message', (msg: Message) => tracer.startSpan('handle').end());
  span.end();
});
`,
      errors: [
        {
          column: 3,
          data: { call: 'queue.on' },
          endColumn: 74,
          line: 5,
          messageId: 'unboundListener',
          suggestions: [
            {
              messageId: 'bindCallback',
              output: `
import { trace, context } from '@opentelemetry/api';
const tracer = trace.getTracer('app');
tracer.startActiveSpan('subscribe', (span) => {
  queue.on('message', context.bind(context.active(), (msg: Message) => tracer.startSpan('handle').end()));
  span.end();
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
export function later(tracer: Tracer): void {
  setTimeout(() => {
    tracer.startSpan('later').end();
  }, 10);
}
`,
      errors: [
        {
          column: 3,
          data: { call: 'setTimeout', manager: 'stack' },
          endColumn: 9,
          line: 5,
          messageId: 'unboundScheduled',
          suggestions: [
            {
              messageId: 'bindCallback',
              output: `
import { trace, context } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
export function later(tracer: Tracer): void {
  setTimeout(context.bind(context.active(), () => {
    tracer.startSpan('later').end();
  }), 10);
}
`,
            },
          ],
        },
      ],
      settings: { 'otel-propagation': { contextManager: 'stack' } },
    },
    {
      code: `
import * as api from '@opentelemetry/api';
export function load(url: string) {
  return fetch(url).then(
    (res) => api.trace.getActiveSpan()?.setAttribute('status', res.status),
    (error) => api.trace.getActiveSpan()?.recordException(error),
  );
}
`,
      errors: [
        {
          column: 10,
          data: { call: 'fetch(url).then', manager: 'none' },
          endColumn: 4,
          line: 4,
          messageId: 'unboundScheduled',
          suggestions: [
            {
              messageId: 'bindCallback',
              output: `
import * as api from '@opentelemetry/api';
export function load(url: string) {
  return fetch(url).then(
    api.context.bind(api.context.active(), (res) => api.trace.getActiveSpan()?.setAttribute('status', res.status)),
    api.context.bind(api.context.active(), (error) => api.trace.getActiveSpan()?.recordException(error)),
  );
}
`,
            },
          ],
        },
      ],
      settings: { 'otel-propagation': { contextManager: 'none' } },
    },
    {
      code: `
import { context, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('web');
function onClick(): void {
  tracer.startSpan('click').end();
}
context.with(trace.setSpan(context.active(), pageSpan), () => {
  button.addEventListener('click', onClick);
});
`,
      errors: [
        {
          column: 3,
          data: { call: 'button.addEventListener' },
          endColumn: 44,
          line: 8,
          messageId: 'unboundListener',
          suggestions: [
            {
              messageId: 'bindCallback',
              output: `
import { context, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('web');
function onClick(): void {
  tracer.startSpan('click').end();
}
context.with(trace.setSpan(context.active(), pageSpan), () => {
  button.addEventListener('click', context.bind(context.active(), onClick));
});
`,
            },
          ],
        },
      ],
      settings: { 'otel-propagation': { contextManager: 'stack' } },
    },
  ],
});

jsRuleTester.run('no-unbound-callback', rule, {
  valid: [
    `
import pg from 'pg';
const pool = new pg.Pool();
pool.query('SELECT 1', (err, res) => done(res));
`,
    {
      code: `
import pg from 'pg';
const pool = new pg.Pool();
export function load(id, done) {
  pool.query('SELECT * FROM users WHERE id = $1', [id], (err, res) => {
    pool.query('UPDATE seen SET at = now()', () => done(res));
  });
}
`,
      settings: { 'otel-propagation': { instrumented: ['pg'] } },
    },
    `
import mysql from 'mysql2/promise';
const pool = mysql.createPool(config);
export async function load() {
  pool.getConnection((err, conn) => conn.query('SELECT 1'));
}
`,
    `
import { createPool } from './db.js';
const pool = createPool(config);
export function load() {
  pool.getConnection((err, conn) => conn.query('SELECT 1'));
}
`,
  ],
  invalid: [
    {
      code: `
import pg from 'pg';
const pool = new pg.Pool();
export function load(id, done) {
  pool.query('SELECT * FROM users WHERE id = $1', [id], (err, res) => {
    pool.query('UPDATE seen SET at = now()', () => done(res));
  });
}
`,
      errors: [
        {
          column: 3,
          data: { call: 'pool.query' },
          endColumn: 5,
          line: 5,
          messageId: 'unboundPoolCallback',
          suggestions: [
            {
              messageId: 'bindCallback',
              output: `
import pg from 'pg';
import { context } from '@opentelemetry/api';
const pool = new pg.Pool();
export function load(id, done) {
  pool.query('SELECT * FROM users WHERE id = $1', [id], context.bind(context.active(), (err, res) => {
    pool.query('UPDATE seen SET at = now()', () => done(res));
  }));
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
export function tick(tracer) {
  process.nextTick(() => tracer.startSpan('tick').end());
  queueMicrotask(() => trace.getActiveSpan()?.addEvent('micro'));
}
`,
      errors: [
        {
          column: 3,
          data: { call: 'process.nextTick', manager: 'stack' },
          endColumn: 57,
          line: 4,
          messageId: 'unboundScheduled',
          suggestions: [
            {
              messageId: 'bindCallback',
              output: `
import { trace, context } from '@opentelemetry/api';
export function tick(tracer) {
  process.nextTick(context.bind(context.active(), () => tracer.startSpan('tick').end()));
  queueMicrotask(() => trace.getActiveSpan()?.addEvent('micro'));
}
`,
            },
          ],
        },
        {
          column: 3,
          data: { call: 'queueMicrotask', manager: 'stack' },
          endColumn: 65,
          line: 5,
          messageId: 'unboundScheduled',
          suggestions: [
            {
              messageId: 'bindCallback',
              output: `
import { trace, context } from '@opentelemetry/api';
export function tick(tracer) {
  process.nextTick(() => tracer.startSpan('tick').end());
  queueMicrotask(context.bind(context.active(), () => trace.getActiveSpan()?.addEvent('micro')));
}
`,
            },
          ],
        },
      ],
      settings: { 'otel-propagation': { contextManager: 'stack' } },
    },
  ],
});

cjsRuleTester.run('no-unbound-callback', rule, {
  valid: [
    `
const mysql = require('mysql');
const pool = mysql.createPool(config);
function load(done) {
  pool.getConnection((err, conn) => {
    done(err, conn);
  });
}
`,
  ],
  invalid: [
    {
      code: `
const mysql = require('mysql');
const pool = mysql.createPool(config);
function load(id, done) {
  pool.getConnection((err, conn) => {
    conn.query('SELECT * FROM users WHERE id = ?', [id], done);
  });
}
`,
      errors: [
        {
          column: 3,
          data: { call: 'pool.getConnection' },
          endColumn: 5,
          line: 5,
          messageId: 'unboundPoolCallback',
          suggestions: [
            {
              messageId: 'bindCallback',
              output: `
const mysql = require('mysql');
const { context } = require('@opentelemetry/api');
const pool = mysql.createPool(config);
function load(id, done) {
  pool.getConnection(context.bind(context.active(), (err, conn) => {
    conn.query('SELECT * FROM users WHERE id = ?', [id], done);
  }));
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { trace } = require('@opentelemetry/api');
const { EventEmitter } = require('node:events');
const tracer = trace.getTracer('jobs');
const jobs = new EventEmitter();
tracer.startActiveSpan('enqueue', (span) => {
  jobs.once('done', function onDone() {
    tracer.startSpan('report').end();
  });
  span.end();
});
`,
      errors: [
        {
          column: 3,
          data: { call: 'jobs.once' },
          endColumn: 5,
          line: 7,
          messageId: 'unboundListener',
          suggestions: [
            {
              messageId: 'bindCallback',
              output: `
const { trace, context } = require('@opentelemetry/api');
const { EventEmitter } = require('node:events');
const tracer = trace.getTracer('jobs');
const jobs = new EventEmitter();
tracer.startActiveSpan('enqueue', (span) => {
  jobs.once('done', context.bind(context.active(), function onDone() {
    tracer.startSpan('report').end();
  }));
  span.end();
});
`,
            },
          ],
        },
      ],
    },
  ],
});
