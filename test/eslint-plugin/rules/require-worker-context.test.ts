import rule from '../../../eslint-plugin/src/rules/require-worker-context';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('require-worker-context', rule, {
  valid: [
    `
import { context, propagation } from '@opentelemetry/api';
import { spawn } from 'node:child_process';
export function run(script: string): void {
  const env = { ...process.env };
  propagation.inject(context.active(), env, { set: (carrier, key, value) => { carrier[key.toUpperCase()] = value; } });
  spawn('node', [script], { env });
}
`,
    `
import { context, propagation } from '@opentelemetry/api';
import { EnvironmentSetter } from '@opentelemetry/propagator-env-carrier';
import { execFile } from 'child_process';
export function run(done: () => void): void {
  const env: Record<string, string> = {};
  propagation.inject(context.active(), undefined, new EnvironmentSetter(env));
  execFile('tool', ['--check'], { env: { ...process.env, ...env } }, done);
}
`,
    `
import { trace } from '@opentelemetry/api';
import { spawn } from 'node:child_process';
export function run(traceparent: string): void {
  spawn('tool', [], { env: { ...process.env, TRACEPARENT: traceparent } });
}
`,
    `
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { spawn } from 'node:child_process';
export function cleanup(): void {
  context.with(ROOT_CONTEXT, () => spawn('cleanup', ['--all']));
}
`,
    `
import { trace } from '@opentelemetry/api';
import { fork } from 'node:child_process';
fork('./daemon.js');
`,
    `
import { spawn } from 'node:child_process';
export function list(): void {
  spawn('ls');
}
`,
    `
import { context, propagation } from '@opentelemetry/api';
import { Worker } from 'node:worker_threads';
export function resize(image: string): Worker {
  const traceContext: Record<string, string> = {};
  propagation.inject(context.active(), traceContext);
  return new Worker('./resize.js', { workerData: { image, traceContext } });
}
`,
    `
import { context, propagation } from '@opentelemetry/api';
import { Worker } from 'node:worker_threads';
export function start(job: Job): void {
  const worker = new Worker('./job.js');
  const carrier = {};
  propagation.inject(context.active(), carrier);
  worker.postMessage({ job, carrier });
}
`,
    `
import { trace } from '@opentelemetry/api';
import { spawn } from 'node:child_process';
export function run(command: string, args: string[], options: SpawnOptions): void {
  spawn(command, args, options);
}
`,
    `
import { trace } from '@opentelemetry/api';
import { exec } from 'node:child_process';
export function run(command: string, baseEnv: NodeJS.ProcessEnv): void {
  exec(command, { env: baseEnv });
}
`,
    `
import { trace } from '@opentelemetry/api';
export function startWorker(): Worker {
  return new Worker('/worker.js');
}
`,
    `
import { context, propagation } from '@opentelemetry/api';
import { Worker } from 'node:worker_threads';
export function start(): Worker {
  const worker = new Worker('./job.js');
  pool.add(worker);
  return worker;
}
`,
    `
import { context, propagation } from '@opentelemetry/api';
import { Worker } from 'node:worker_threads';
export function price(items: Item[]): Promise<number> {
  const traceContext = {};
  propagation.inject(context.active(), traceContext);
  return new Promise((resolve, reject) => {
    const worker = new Worker('./price.js', { workerData: { items, traceContext } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
`,
    `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
export function price(items: Item[]): void {
  const worker = new Worker(__filename);
  const carrier = {};
  propagation.inject(context.active(), carrier);
  worker.postMessage({ items, carrier });
}
if (!isMainThread) {
  parentPort?.on('message', (message: Message) => context.with(propagation.extract(ROOT_CONTEXT, message.carrier), () => run(message.items)));
}
`,
  ],
  invalid: [
    {
      code: `
import { trace } from '@opentelemetry/api';
import { spawn } from 'node:child_process';
export function convert(file: string): void {
  spawn('ffmpeg', ['-i', file]);
}
`,
      errors: [
        {
          column: 3,
          data: { api: 'spawn' },
          endColumn: 32,
          line: 5,
          messageId: 'processWithoutContext',
          suggestions: [
            {
              messageId: 'injectEnvCarrier',
              output: `
import { trace, propagation, context } from '@opentelemetry/api';
import { spawn } from 'node:child_process';
export function convert(file: string): void {
  const otelEnv = { ...process.env };
  propagation.inject(context.active(), otelEnv, { set: (carrier, key, value) => { carrier[key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()] = value; } });
  spawn('ffmpeg', ['-i', file], { env: otelEnv });
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
import { spawn } from 'node:child_process';
export function run(command: string, args: readonly string[]): void {
  spawn(command, args);
}
`,
      errors: [
        {
          column: 3,
          data: { api: 'spawn' },
          endColumn: 23,
          line: 5,
          messageId: 'processWithoutContext',
          suggestions: [
            {
              messageId: 'injectEnvCarrier',
              output: `
import { trace, propagation, context } from '@opentelemetry/api';
import { spawn } from 'node:child_process';
export function run(command: string, args: readonly string[]): void {
  const otelEnv = { ...process.env };
  propagation.inject(context.active(), otelEnv, { set: (carrier, key, value) => { carrier[key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()] = value; } });
  spawn(command, args, { env: otelEnv });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context, propagation } from '@opentelemetry/api';
import { spawn } from 'node:child_process';
export function run(): void {
  const env = { ...process.env };
  const child = spawn('tool', { env, stdio: 'inherit' });
  propagation.inject(context.active(), env);
}
`,
      errors: [
        {
          column: 17,
          endColumn: 57,
          line: 6,
          messageId: 'processWithoutContext',
          suggestions: [
            {
              messageId: 'injectEnvCarrier',
              output: `
import { context, propagation } from '@opentelemetry/api';
import { spawn } from 'node:child_process';
export function run(): void {
  const env = { ...process.env };
  const otelEnv = { ...env };
  propagation.inject(context.active(), otelEnv, { set: (carrier, key, value) => { carrier[key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()] = value; } });
  const child = spawn('tool', { env: otelEnv, stdio: 'inherit' });
  propagation.inject(context.active(), env);
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
import * as cp from 'node:child_process';
export function build(): Buffer {
  return cp.execSync('make', { cwd: '/src', env: process.env });
}
`,
      errors: [
        {
          column: 10,
          data: { api: 'execSync' },
          endColumn: 64,
          line: 5,
          messageId: 'processWithoutContext',
          suggestions: [
            {
              messageId: 'injectEnvCarrier',
              output: `
import * as api from '@opentelemetry/api';
import * as cp from 'node:child_process';
export function build(): Buffer {
  const otelEnv = { ...process.env };
  api.propagation.inject(api.context.active(), otelEnv, { set: (carrier, key, value) => { carrier[key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()] = value; } });
  return cp.execSync('make', { cwd: '/src', env: otelEnv });
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
import { isMainThread, Worker, workerData } from 'node:worker_threads';
export function resize(image: string): void {
  new Worker(__filename, { workerData: { image } });
}
if (!isMainThread) {
  trace.getTracer('resize').startActiveSpan('resize', (span) => {
    shrink(workerData.image);
    span.end();
  });
}
`,
      errors: [
        {
          column: 3,
          data: { api: 'new Worker' },
          endColumn: 52,
          line: 5,
          messageId: 'workerWithoutContext',
          suggestions: [
            {
              messageId: 'injectWorkerData',
              output: `
import { trace, propagation, context } from '@opentelemetry/api';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
export function resize(image: string): void {
  const traceContext: Record<string, string> = {};
  propagation.inject(context.active(), traceContext);
  new Worker(__filename, { workerData: { traceContext, image } });
}
if (!isMainThread) {
  trace.getTracer('resize').startActiveSpan('resize', (span) => {
    shrink(workerData.image);
    span.end();
  });
}
`,
            },
          ],
        },
        {
          column: 3,
          data: { api: 'new Worker' },
          endColumn: 52,
          line: 5,
          messageId: 'missingExtraction',
          suggestions: [
            {
              data: { field: 'traceContext' },
              messageId: 'extractFromWorkerData',
              output: `
import { trace, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
export function resize(image: string): void {
  new Worker(__filename, { workerData: { image } });
}
if (!isMainThread) {
  context.with(propagation.extract(ROOT_CONTEXT, workerData?.traceContext ?? {}), () => {
    trace.getTracer('resize').startActiveSpan('resize', (span) => {
      shrink(workerData.image);
      span.end();
    });
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
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
export function handle(req: IncomingMessage): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  context.with(parent, () => {
    const traceContext = {};
    propagation.inject(context.active(), traceContext);
    new Worker(__filename, { workerData: { traceContext } });
  });
}
if (!isMainThread) run(workerData);
`,
      errors: [
        {
          column: 5,
          data: { api: 'new Worker' },
          endColumn: 61,
          line: 9,
          messageId: 'missingExtraction',
          suggestions: [
            {
              data: { field: 'traceContext' },
              messageId: 'extractFromWorkerData',
              output: `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
export function handle(req: IncomingMessage): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  context.with(parent, () => {
    const traceContext = {};
    propagation.inject(context.active(), traceContext);
    new Worker(__filename, { workerData: { traceContext } });
  });
}
if (!isMainThread) context.with(propagation.extract(ROOT_CONTEXT, workerData?.traceContext ?? {}), () => {
  run(workerData);
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context, propagation, trace } from '@opentelemetry/api';
import * as wt from 'node:worker_threads';
export function resize(image: string): void {
  const traceContext = {};
  propagation.inject(context.active(), traceContext);
  new wt.Worker(__filename, { workerData: { image, traceContext } });
}
if (!wt.isMainThread) {
  shrink(wt.workerData.image);
}
`,
      errors: [
        {
          column: 3,
          data: { api: 'new Worker' },
          endColumn: 69,
          line: 7,
          messageId: 'missingExtraction',
          suggestions: [
            {
              data: { field: 'traceContext' },
              messageId: 'extractFromWorkerData',
              output: `
import { context, propagation, trace, ROOT_CONTEXT } from '@opentelemetry/api';
import * as wt from 'node:worker_threads';
export function resize(image: string): void {
  const traceContext = {};
  propagation.inject(context.active(), traceContext);
  new wt.Worker(__filename, { workerData: { image, traceContext } });
}
if (!wt.isMainThread) {
  context.with(propagation.extract(ROOT_CONTEXT, wt.workerData?.traceContext ?? {}), () => {
    shrink(wt.workerData.image);
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
import cluster from 'node:cluster';
trace.getTracer('app').startActiveSpan('scale', (span) => {
  cluster.fork();
  span.end();
});
`,
      errors: [
        {
          column: 3,
          data: { api: 'cluster.fork' },
          endColumn: 17,
          line: 5,
          messageId: 'processWithoutContext',
          suggestions: [
            {
              messageId: 'injectEnvCarrier',
              output: `
import { trace, propagation, context } from '@opentelemetry/api';
import cluster from 'node:cluster';
trace.getTracer('app').startActiveSpan('scale', (span) => {
  const otelEnv: Record<string, string | undefined> = {};
  propagation.inject(context.active(), otelEnv, { set: (carrier, key, value) => { carrier[key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()] = value; } });
  cluster.fork(otelEnv);
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
export function render(scene: Scene): void {
  const worker = new Worker('/render.js');
  worker.postMessage({ scene: 1 });
}
`,
      errors: [
        {
          column: 18,
          data: { api: 'new Worker' },
          endColumn: 42,
          line: 4,
          messageId: 'workerWithoutContext',
          suggestions: [],
        },
      ],
      settings: { 'otel-propagation': { contextManager: 'stack' } },
    },
    {
      code: `
import { context, propagation, trace } from '@opentelemetry/api';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
export function resize(image: string): void {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const worker = new Worker(__filename, { workerData: { id: image } });
  worker.postMessage({ image, traceContext: carrier });
}
if (!isMainThread) {
  const { id } = workerData;
  parentPort?.on('message', (message: Job) => {
    if (message.image === undefined) return;
    shrink(id, message.image);
  });
}
`,
      errors: [
        {
          column: 18,
          data: { api: 'new Worker' },
          endColumn: 71,
          line: 7,
          messageId: 'missingExtraction',
          suggestions: [
            {
              data: { field: 'traceContext' },
              messageId: 'extractFromMessage',
              output: `
import { context, propagation, trace, ROOT_CONTEXT } from '@opentelemetry/api';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
export function resize(image: string): void {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const worker = new Worker(__filename, { workerData: { id: image } });
  worker.postMessage({ image, traceContext: carrier });
}
if (!isMainThread) {
  const { id } = workerData;
  parentPort?.on('message', (message: Job) => {
    return context.with(propagation.extract(ROOT_CONTEXT, message?.traceContext ?? {}), () => {
      if (message.image === undefined) return;
      shrink(id, message.image);
    });
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
import { context, propagation } from '@opentelemetry/api';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
export function resize(image: string): void {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const worker = new Worker(__filename, { workerData: { id: image } });
  worker.postMessage({ image, carrier });
}
if (!isMainThread) {
  parentPort?.on('message', handle);
  start(workerData);
}
`,
      errors: [
        {
          column: 18,
          data: { api: 'new Worker' },
          endColumn: 71,
          line: 7,
          messageId: 'missingExtraction',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { context, propagation } from '@opentelemetry/api';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
export function resize(image: string): void {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  new Worker(__filename, { workerData: { image, 'otel-carrier': carrier } });
}
if (!isMainThread) {
  shrink(workerData.image);
}
`,
      errors: [
        {
          column: 3,
          data: { api: 'new Worker' },
          endColumn: 77,
          line: 7,
          messageId: 'missingExtraction',
          suggestions: [
            {
              data: { field: 'otel-carrier' },
              messageId: 'extractFromWorkerData',
              output: `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
export function resize(image: string): void {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  new Worker(__filename, { workerData: { image, 'otel-carrier': carrier } });
}
if (!isMainThread) {
  context.with(propagation.extract(ROOT_CONTEXT, workerData?.['otel-carrier'] ?? {}), () => {
    shrink(workerData.image);
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

jsRuleTester.run('require-worker-context', rule, {
  valid: [
    {
      code: `
import { execSync } from 'node:child_process';
export function revision() {
  return execSync('git rev-parse HEAD').toString().trim();
}
`,
      settings: { 'otel-propagation': { instrumented: ['http'] } },
    },
    `
import { context, propagation } from '@opentelemetry/api';
import cluster from 'cluster';
export function scale() {
  const env = {};
  Object.assign(env, carrierFrom(context.active()));
  propagation.inject(context.active(), env);
  cluster.fork(env);
}
`,
  ],
  invalid: [
    {
      code: `
import { execFile } from 'node:child_process';
export function run(tracer) {
  return tracer.startActiveSpan('run', (span) => {
    execFile('node', ['job.js'], () => span.end());
  });
}
`,
      errors: [
        {
          column: 5,
          data: { api: 'execFile' },
          endColumn: 51,
          line: 5,
          messageId: 'processWithoutContext',
          suggestions: [
            {
              messageId: 'injectEnvCarrier',
              output: `
import { execFile } from 'node:child_process';
import { propagation, context } from '@opentelemetry/api';
export function run(tracer) {
  return tracer.startActiveSpan('run', (span) => {
    const otelEnv = { ...process.env };
    propagation.inject(context.active(), otelEnv, { set: (carrier, key, value) => { carrier[key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()] = value; } });
    execFile('node', ['job.js'], { env: otelEnv }, () => span.end());
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
import { exec } from 'child_process';
export function list(dir, done) {
  exec(\`ls \${dir}\`, (error, out) => done(error, out));
}
`,
      errors: [
        {
          column: 3,
          data: { api: 'exec' },
          endColumn: 54,
          line: 5,
          messageId: 'processWithoutContext',
          suggestions: [
            {
              messageId: 'injectEnvCarrier',
              output: `
import { trace, propagation, context } from '@opentelemetry/api';
import { exec } from 'child_process';
export function list(dir, done) {
  const otelEnv = { ...process.env };
  propagation.inject(context.active(), otelEnv, { set: (carrier, key, value) => { carrier[key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()] = value; } });
  exec(\`ls \${dir}\`, { env: otelEnv }, (error, out) => done(error, out));
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { trace } from '@opentelemetry/api';
if (isMainThread) {
  trace.getTracer('app').startActiveSpan('price', (span) => {
    new Worker(new URL(import.meta.url), { workerData: { items: [1, 2] } });
    span.end();
  });
} else {
  const total = await price(workerData.items);
  parentPort.postMessage(total);
}
`,
      errors: [
        {
          column: 5,
          data: { api: 'new Worker' },
          endColumn: 76,
          line: 6,
          messageId: 'workerWithoutContext',
          suggestions: [
            {
              messageId: 'injectWorkerData',
              output: `
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { trace, propagation, context } from '@opentelemetry/api';
if (isMainThread) {
  trace.getTracer('app').startActiveSpan('price', (span) => {
    const traceContext = {};
    propagation.inject(context.active(), traceContext);
    new Worker(new URL(import.meta.url), { workerData: { traceContext, items: [1, 2] } });
    span.end();
  });
} else {
  const total = await price(workerData.items);
  parentPort.postMessage(total);
}
`,
            },
          ],
        },
        {
          column: 5,
          data: { api: 'new Worker' },
          endColumn: 76,
          line: 6,
          messageId: 'missingExtraction',
          suggestions: [
            {
              data: { field: 'traceContext' },
              messageId: 'extractFromWorkerData',
              output: `
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { trace, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
if (isMainThread) {
  trace.getTracer('app').startActiveSpan('price', (span) => {
    new Worker(new URL(import.meta.url), { workerData: { items: [1, 2] } });
    span.end();
  });
} else {
  await context.with(propagation.extract(ROOT_CONTEXT, workerData?.traceContext ?? {}), async () => {
    const total = await price(workerData.items);
    parentPort.postMessage(total);
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
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { trace } from '@opentelemetry/api';
export function start() {
  trace.getTracer('app').startActiveSpan('start', (span) => {
    new Worker(new URL(import.meta.url), { workerData: { traceContext: {} } });
    span.end();
  });
}
if (!isMainThread) {
  var result = compute(workerData);
}
report(result);
`,
      errors: [
        {
          column: 5,
          data: { api: 'new Worker' },
          endColumn: 79,
          line: 6,
          messageId: 'missingExtraction',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { trace } from '@opentelemetry/api';
export function start() {
  trace.getTracer('app').startActiveSpan('start', (span) => {
    new Worker(new URL(import.meta.url), { workerData: { traceContext: {} } });
    span.end();
  });
}
if (!isMainThread) {
  warmUp();
}
if (!isMainThread) {
  compute(workerData);
}
`,
      errors: [
        {
          column: 5,
          data: { api: 'new Worker' },
          endColumn: 79,
          line: 6,
          messageId: 'missingExtraction',
          suggestions: [],
        },
      ],
    },
  ],
});

cjsRuleTester.run('require-worker-context', rule, {
  valid: [
    `
const { context, propagation } = require('@opentelemetry/api');
const { Worker } = require('worker_threads');
function start(job) {
  const carrier = {};
  propagation.inject(context.active(), carrier);
  const data = { job, ...carrier };
  return new Worker('./job.js', { workerData: data });
}
`,
    `
const { trace } = require('@opentelemetry/api');
const { Worker } = require('node:worker_threads');
function start(job) {
  return new Worker('./job.js', { workerData: job });
}
`,
    `
const { trace } = require('@opentelemetry/api');
const { Worker } = require('node:worker_threads');
function createWorker() {
  return new Worker('./job.js');
}
`,
  ],
  invalid: [
    {
      code: `
const { trace } = require('@opentelemetry/api');
const { Worker } = require('node:worker_threads');
function start(job) {
  new Worker('./job.js', { workerData: { job } });
}
`,
      errors: [
        {
          column: 3,
          data: { api: 'new Worker' },
          endColumn: 50,
          line: 5,
          messageId: 'workerWithoutContext',
          suggestions: [
            {
              messageId: 'injectWorkerData',
              output: `
const { trace, propagation, context } = require('@opentelemetry/api');
const { Worker } = require('node:worker_threads');
function start(job) {
  const traceContext = {};
  propagation.inject(context.active(), traceContext);
  new Worker('./job.js', { workerData: { traceContext, job } });
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
const { Worker } = require('node:worker_threads');
function start(done) {
  const worker = new Worker('./job.js');
  worker.on('exit', done);
}
`,
      errors: [
        {
          column: 18,
          data: { api: 'new Worker' },
          endColumn: 40,
          line: 5,
          messageId: 'workerWithoutContext',
          suggestions: [
            {
              messageId: 'injectWorkerData',
              output: `
const { trace, propagation, context } = require('@opentelemetry/api');
const { Worker } = require('node:worker_threads');
function start(done) {
  const traceContext = {};
  propagation.inject(context.active(), traceContext);
  const worker = new Worker('./job.js', { workerData: { traceContext } });
  worker.on('exit', done);
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
'use strict';
const { isMainThread, Worker, workerData } = require('worker_threads');
const { trace } = require('@opentelemetry/api');
exports.start = () =>
  trace.getTracer('app').startActiveSpan('start', (span) => {
    new Worker(__filename, { workerData: { traceContext: {} } });
    span.end();
  });
if (!isMainThread) {
  compute(workerData);
}
`,
      errors: [
        {
          column: 5,
          data: { api: 'new Worker' },
          endColumn: 65,
          line: 7,
          messageId: 'missingExtraction',
          suggestions: [
            {
              data: { field: 'traceContext' },
              messageId: 'extractFromWorkerData',
              output: `
'use strict';
const { isMainThread, Worker, workerData } = require('worker_threads');
const { trace, context, propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
exports.start = () =>
  trace.getTracer('app').startActiveSpan('start', (span) => {
    new Worker(__filename, { workerData: { traceContext: {} } });
    span.end();
  });
if (!isMainThread) {
  context.with(propagation.extract(ROOT_CONTEXT, workerData?.traceContext ?? {}), () => {
    compute(workerData);
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      // The rule skips files that never spell a hand-off module; an escape that spells one still counts.
      code: `
import { trace } from '@opentelemetry/api';
import { spawn } from 'node:child\\x5fprocess';
export function convert(file: string): void {
  spawn('ffmpeg', ['-i', file]);
}
`,
      errors: [
        {
          column: 3,
          data: { api: 'spawn' },
          endColumn: 32,
          line: 5,
          messageId: 'processWithoutContext',
          suggestions: [
            {
              messageId: 'injectEnvCarrier',
              output: `
import { trace, propagation, context } from '@opentelemetry/api';
import { spawn } from 'node:child\\x5fprocess';
export function convert(file: string): void {
  const otelEnv = { ...process.env };
  propagation.inject(context.active(), otelEnv, { set: (carrier, key, value) => { carrier[key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()] = value; } });
  spawn('ffmpeg', ['-i', file], { env: otelEnv });
}
`,
            },
          ],
        },
      ],
    },
  ],
});
