import rule from '../../../eslint-plugin/src/rules/no-floating-context';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('no-floating-context', rule, {
  valid: [
    `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const extracted = propagation.extract(ROOT_CONTEXT, headers);
context.with(extracted, handle);
`,
    `
import { context } from '@opentelemetry/api';
const ctx = context.active();
context.with(ctx.setValue(KEY, 1), run);
`,
    `
const propagation = makePropagation();
propagation.extract(carrier, headers);
`,
    `
import { context } from '@opentelemetry/api';
store.setValue(key, value);
settings.deleteValue(key);
`,
    `
import { context } from '@opentelemetry/api';
context.active().setValue(KEY);
`,
    `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
void propagation.extract(ROOT_CONTEXT, headers);
`,
    `
import { context, trace } from '@opentelemetry/api';
const activate = (span: Span) => trace.setSpan(context.active(), span);
`,
    `
import { trace } from '@opentelemetry/api';
function wrap(trace: Tracing) {
  trace.setSpan(current, span);
}
`,
    `
import { context } from '@opentelemetry/api';
let ctx = context.active();
ctx = cache;
ctx.setValue(KEY, 1);
`,
    `
import { propagation } from '@opentelemetry/api';
const bag = propagation.createBaggage();
const next = bag.setEntry('tenant', { value: 'acme' });
`,
    `
import type { Context } from '@opentelemetry/api';
function mark(ctx: Context): Context {
  return ctx.setValue(KEY, true);
}
`,
    `
import { context } from '@opentelemetry/api';
context.active();
`,
    `
import { W3CTraceContextPropagator } from '@opentelemetry/core';
class LocalPropagator {}
const local = new LocalPropagator();
local.extract(ROOT_CONTEXT, headers, getter);
new W3CTraceContextPropagator().inject(ctx, headers, setter);
`,
    `
import type { Context } from 'other-library';
function mark(ctx: Context) {
  ctx.setValue(KEY, true);
}
`,
  ],
  invalid: [
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
propagation.extract(ROOT_CONTEXT, headers);
`,
      errors: [
        {
          column: 1,
          data: { call: 'propagation.extract' },
          endColumn: 43,
          line: 3,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const ctx = propagation.extract(ROOT_CONTEXT, headers);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import * as api from '@opentelemetry/api';
export function activate(span: api.Span): void {
  api.trace.setSpan(api.context.active(), span);
}
`,
      errors: [
        {
          column: 3,
          data: { call: 'api.trace.setSpan' },
          endColumn: 48,
          line: 4,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import * as api from '@opentelemetry/api';
export function activate(span: api.Span): void {
  const ctx = api.trace.setSpan(api.context.active(), span);
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context } from '@opentelemetry/api';
const ctx = context.active();
ctx.deleteValue(KEY);
`,
      errors: [
        {
          column: 1,
          endColumn: 21,
          line: 4,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx2' },
              messageId: 'keepContext',
              output: `
import { context } from '@opentelemetry/api';
const ctx = context.active();
const ctx2 = ctx.deleteValue(KEY);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { ROOT_CONTEXT } from '@opentelemetry/api';
ROOT_CONTEXT.setValue(KEY, 1);
`,
      errors: [
        {
          column: 1,
          endColumn: 30,
          line: 3,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { ROOT_CONTEXT } from '@opentelemetry/api';
const ctx = ROOT_CONTEXT.setValue(KEY, 1);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context } from '@opentelemetry/api';
context.active().setValue(KEY, 1);
`,
      errors: [
        {
          column: 1,
          data: { call: 'context.active().setValue' },
          endColumn: 34,
          line: 3,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { context } from '@opentelemetry/api';
const ctx = context.active().setValue(KEY, 1);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import type { Context } from '@opentelemetry/api';
function mark(ctx: Context): void {
  ctx.setValue(KEY, true);
}
`,
      errors: [
        {
          column: 3,
          endColumn: 26,
          line: 4,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx2' },
              messageId: 'keepContext',
              output: `
import type { Context } from '@opentelemetry/api';
function mark(ctx: Context): void {
  const ctx2 = ctx.setValue(KEY, true);
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
propagation.getActiveBaggage()?.setEntry('tenant', { value: 'acme' });
`,
      errors: [
        {
          column: 1,
          data: { call: 'propagation.getActiveBaggage()?.setEntry' },
          endColumn: 70,
          line: 3,
          messageId: 'floatingBaggage',
          suggestions: [
            {
              data: { name: 'baggage' },
              messageId: 'keepBaggage',
              output: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.getActiveBaggage()?.setEntry('tenant', { value: 'acme' });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const bag = propagation.createBaggage();
bag.removeEntries('a', 'b');
bag.removeEntry('c');
`,
      errors: [
        {
          column: 1,
          endColumn: 28,
          line: 4,
          messageId: 'floatingBaggage',
          suggestions: [
            {
              data: { name: 'baggage' },
              messageId: 'keepBaggage',
              output: `
import { propagation } from '@opentelemetry/api';
const bag = propagation.createBaggage();
const baggage = bag.removeEntries('a', 'b');
bag.removeEntry('c');
`,
            },
          ],
        },
        {
          column: 1,
          endColumn: 21,
          line: 5,
          messageId: 'floatingBaggage',
          suggestions: [
            {
              data: { name: 'baggage' },
              messageId: 'keepBaggage',
              output: `
import { propagation } from '@opentelemetry/api';
const bag = propagation.createBaggage();
bag.removeEntries('a', 'b');
const baggage = bag.removeEntry('c');
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
propagation.createBaggage({ user: { value: 'alice' } }).setEntry('tenant', { value: 'acme' });
`,
      errors: [
        {
          column: 1,
          data: { call: '….setEntry' },
          endColumn: 94,
          line: 3,
          messageId: 'floatingBaggage',
          suggestions: [
            {
              data: { name: 'baggage' },
              messageId: 'keepBaggage',
              output: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ user: { value: 'alice' } }).setEntry('tenant', { value: 'acme' });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context, propagation } from '@opentelemetry/api';
propagation.setBaggage(context.active(), baggage);
propagation.deleteBaggage(context.active());
`,
      errors: [
        {
          column: 1,
          endColumn: 50,
          line: 3,
          messageId: 'floatingContext',
          suggestions: [
            {
              messageId: 'runWithContext',
              output: `
import { context, propagation } from '@opentelemetry/api';
context.with(propagation.setBaggage(context.active(), baggage), () => {
  propagation.deleteBaggage(context.active());
});
`,
            },
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { context, propagation } from '@opentelemetry/api';
const ctx = propagation.setBaggage(context.active(), baggage);
propagation.deleteBaggage(context.active());
`,
            },
          ],
        },
        {
          column: 1,
          endColumn: 44,
          line: 4,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { context, propagation } from '@opentelemetry/api';
propagation.setBaggage(context.active(), baggage);
const ctx = propagation.deleteBaggage(context.active());
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { trace as t } from '@opentelemetry/api';
t.deleteSpan(ctx);
t.setSpanContext(ctx, spanContext);
`,
      errors: [
        {
          column: 1,
          data: { call: 't.deleteSpan' },
          endColumn: 18,
          line: 3,
          messageId: 'floatingContext',
          suggestions: [
            {
              messageId: 'runWithContext',
              output: `
import { trace as t, context } from '@opentelemetry/api';
context.with(t.deleteSpan(ctx), () => {
  t.setSpanContext(ctx, spanContext);
});
`,
            },
            {
              data: { name: 'ctx2' },
              messageId: 'keepContext',
              output: `
import { trace as t } from '@opentelemetry/api';
const ctx2 = t.deleteSpan(ctx);
t.setSpanContext(ctx, spanContext);
`,
            },
          ],
        },
        {
          column: 1,
          endColumn: 35,
          line: 4,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx2' },
              messageId: 'keepContext',
              output: `
import { trace as t } from '@opentelemetry/api';
t.deleteSpan(ctx);
const ctx2 = t.setSpanContext(ctx, spanContext);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const base = propagation.extract(ROOT_CONTEXT, headers);
const marked = base.setValue(KEY, 1);
marked.deleteValue(OTHER);
`,
      errors: [
        {
          column: 1,
          endColumn: 26,
          line: 5,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const base = propagation.extract(ROOT_CONTEXT, headers);
const marked = base.setValue(KEY, 1);
const ctx = marked.deleteValue(OTHER);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultTextMapGetter, ROOT_CONTEXT } from '@opentelemetry/api';
const propagator = new W3CTraceContextPropagator();
propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
`,
      errors: [
        {
          column: 1,
          data: { call: 'propagator.extract' },
          endColumn: 64,
          line: 5,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultTextMapGetter, ROOT_CONTEXT } from '@opentelemetry/api';
const propagator = new W3CTraceContextPropagator();
const ctx = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
propagation.getBaggage(ctx)!.setEntry('k', { value: 'v' });
`,
      errors: [
        {
          column: 1,
          endColumn: 59,
          line: 3,
          messageId: 'floatingBaggage',
          suggestions: [
            {
              data: { name: 'baggage' },
              messageId: 'keepBaggage',
              output: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.getBaggage(ctx)!.setEntry('k', { value: 'v' });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
export function handle(headers: Record<string, string>): void {
  propagation.extract(ROOT_CONTEXT, headers);
  // Spans started here join the caller's trace.
  const span = trace.getTracer('app').startSpan('handle');
  span.end();
}
`,
      errors: [
        {
          column: 3,
          endColumn: 45,
          line: 4,
          messageId: 'floatingExtract',
          suggestions: [
            {
              messageId: 'runWithContext',
              output: `
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
export function handle(headers: Record<string, string>): void {
  context.with(propagation.extract(ROOT_CONTEXT, headers), () => {
    // Spans started here join the caller's trace.
    const span = trace.getTracer('app').startSpan('handle');
    span.end();
  });
}
`,
            },
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
export function handle(headers: Record<string, string>): void {
  const ctx = propagation.extract(ROOT_CONTEXT, headers);
  // Spans started here join the caller's trace.
  const span = trace.getTracer('app').startSpan('handle');
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
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
export async function handle(req: Request): Promise<void> {
  propagation.extract(ROOT_CONTEXT, req.headers);
  await process(req);
  respond(req);
}
`,
      errors: [
        {
          column: 3,
          endColumn: 49,
          line: 4,
          messageId: 'floatingExtract',
          suggestions: [
            {
              messageId: 'runWithContext',
              output: `
import { propagation, ROOT_CONTEXT, context } from '@opentelemetry/api';
export async function handle(req: Request): Promise<void> {
  await context.with(propagation.extract(ROOT_CONTEXT, req.headers), async () => {
    await process(req);
    respond(req);
  });
}
`,
            },
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
export async function handle(req: Request): Promise<void> {
  const ctx = propagation.extract(ROOT_CONTEXT, req.headers);
  await process(req);
  respond(req);
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context, trace } from '@opentelemetry/api';
export function compute(span: Span): number {
  trace.setSpan(context.active(), span);
  if (cached !== undefined) return cached;
  return work();
}
`,
      errors: [
        {
          column: 3,
          endColumn: 40,
          line: 4,
          messageId: 'floatingContext',
          suggestions: [
            {
              messageId: 'runWithContext',
              output: `
import { context, trace } from '@opentelemetry/api';
export function compute(span: Span): number {
  return context.with(trace.setSpan(context.active(), span), () => {
    if (cached !== undefined) return cached;
    return work();
  });
}
`,
            },
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { context, trace } from '@opentelemetry/api';
export function compute(span: Span): number {
  const ctx = trace.setSpan(context.active(), span);
  if (cached !== undefined) return cached;
  return work();
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
export const handle = async (req: Request): Promise<Response> => {
  propagation.extract(context.active(), req.headers);
  for await (const chunk of req.body) consume(chunk);
  return new Response('ok');
};
`,
      errors: [
        {
          column: 3,
          endColumn: 53,
          line: 4,
          messageId: 'floatingExtract',
          suggestions: [
            {
              messageId: 'runWithContext',
              output: `
import { context, propagation } from '@opentelemetry/api';
export const handle = async (req: Request): Promise<Response> => {
  return context.with(propagation.extract(context.active(), req.headers), async () => {
    for await (const chunk of req.body) consume(chunk);
    return new Response('ok');
  });
};
`,
            },
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { context, propagation } from '@opentelemetry/api';
export const handle = async (req: Request): Promise<Response> => {
  const ctx = propagation.extract(context.active(), req.headers);
  for await (const chunk of req.body) consume(chunk);
  return new Response('ok');
};
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
export function handle(context: Koa.Context): void {
  propagation.extract(ROOT_CONTEXT, context.headers);
  next(context);
}
`,
      errors: [
        {
          column: 3,
          endColumn: 53,
          line: 4,
          messageId: 'floatingExtract',
          suggestions: [
            {
              messageId: 'runWithContext',
              output: `
import { propagation, ROOT_CONTEXT, context as otelContext } from '@opentelemetry/api';
export function handle(context: Koa.Context): void {
  otelContext.with(propagation.extract(ROOT_CONTEXT, context.headers), () => {
    next(context);
  });
}
`,
            },
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
export function handle(context: Koa.Context): void {
  const ctx = propagation.extract(ROOT_CONTEXT, context.headers);
  next(context);
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
for (const message of batch) {
  propagation.extract(ROOT_CONTEXT, message.headers);
  if (message.body === undefined) continue;
  handle(message);
}
`,
      errors: [
        {
          column: 3,
          endColumn: 53,
          line: 4,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
for (const message of batch) {
  const ctx = propagation.extract(ROOT_CONTEXT, message.headers);
  if (message.body === undefined) continue;
  handle(message);
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
export function receive(message: Message): Result | undefined {
  if (message.headers) {
    propagation.extract(ROOT_CONTEXT, message.headers);
    return handle(message);
  }
  return undefined;
}
`,
      errors: [
        {
          column: 5,
          endColumn: 55,
          line: 5,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
export function receive(message: Message): Result | undefined {
  if (message.headers) {
    const ctx = propagation.extract(ROOT_CONTEXT, message.headers);
    return handle(message);
  }
  return undefined;
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context, trace } from '@opentelemetry/api';
export function* consume(span: Span, queue: string[]) {
  trace.setSpan(context.active(), span);
  yield queue.shift();
}
`,
      errors: [
        {
          column: 3,
          endColumn: 40,
          line: 4,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { context, trace } from '@opentelemetry/api';
export function* consume(span: Span, queue: string[]) {
  const ctx = trace.setSpan(context.active(), span);
  yield queue.shift();
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
export function handle(headers: Headers): void {
  report();
  propagation.extract(ROOT_CONTEXT, headers);
  function report(): void {}
}
`,
      errors: [
        {
          column: 3,
          endColumn: 45,
          line: 5,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
export function handle(headers: Headers): void {
  report();
  const ctx = propagation.extract(ROOT_CONTEXT, headers);
  function report(): void {}
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
switch (kind) {
  case 'message':
    propagation.extract(ROOT_CONTEXT, headers);
    handle();
    break;
}
`,
      errors: [
        {
          column: 5,
          endColumn: 47,
          line: 5,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
switch (kind) {
  case 'message':
    const ctx = propagation.extract(ROOT_CONTEXT, headers);
    handle();
    break;
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
export function tag(tenant: string): void {
  propagation.getBaggage(context.active())!.setEntry('tenant', { value: tenant });
  callDownstream();
}
`,
      errors: [
        {
          column: 3,
          endColumn: 82,
          line: 4,
          messageId: 'floatingBaggage',
          suggestions: [
            {
              messageId: 'runWithBaggage',
              output: `
import { context, propagation } from '@opentelemetry/api';
export function tag(tenant: string): void {
  context.with(propagation.setBaggage(context.active(), propagation.getBaggage(context.active())!.setEntry('tenant', { value: tenant })), () => {
    callDownstream();
  });
}
`,
            },
            {
              data: { name: 'baggage' },
              messageId: 'keepBaggage',
              output: `
import { context, propagation } from '@opentelemetry/api';
export function tag(tenant: string): void {
  const baggage = propagation.getBaggage(context.active())!.setEntry('tenant', { value: tenant });
  callDownstream();
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
export function tag(tenant: string): void {
  propagation.getActiveBaggage()?.setEntry('tenant', { value: tenant });
  callDownstream();
}
`,
      errors: [
        {
          column: 3,
          endColumn: 72,
          line: 4,
          messageId: 'floatingBaggage',
          suggestions: [
            {
              data: { name: 'baggage' },
              messageId: 'keepBaggage',
              output: `
import { propagation } from '@opentelemetry/api';
export function tag(tenant: string): void {
  const baggage = propagation.getActiveBaggage()?.setEntry('tenant', { value: tenant });
  callDownstream();
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
export function tag(tenant: string): void {
  propagation.createBaggage().setEntry('tenant', { value: tenant });
  callDownstream();
}
`,
      errors: [
        {
          column: 3,
          endColumn: 68,
          line: 4,
          messageId: 'floatingBaggage',
          suggestions: [
            {
              data: { name: 'baggage' },
              messageId: 'keepBaggage',
              output: `
import { propagation } from '@opentelemetry/api';
export function tag(tenant: string): void {
  const baggage = propagation.createBaggage().setEntry('tenant', { value: tenant });
  callDownstream();
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
(propagation.extract(ROOT_CONTEXT, headers));
`,
      errors: [
        {
          column: 2,
          endColumn: 44,
          line: 3,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const ctx = (propagation.extract(ROOT_CONTEXT, headers));
`,
            },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('no-floating-context', rule, {
  valid: [
    `
import api from '@opentelemetry/api';
api.context.with(api.propagation.extract(api.ROOT_CONTEXT, req.headers), next);
`,
    `
import { context } from '@opentelemetry/api';
function handle(context) {
  context.setValue(KEY, 1);
}
`,
  ],
  invalid: [
    {
      code: `
import api from '@opentelemetry/api';
api.propagation.extract(api.ROOT_CONTEXT, req.headers);
`,
      errors: [
        {
          column: 1,
          endColumn: 55,
          line: 3,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import api from '@opentelemetry/api';
const ctx = api.propagation.extract(api.ROOT_CONTEXT, req.headers);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context as ctx } from '@opentelemetry/api';
const active = ctx.active();
active.setValue(KEY, 1);
`,
      errors: [
        {
          column: 1,
          endColumn: 24,
          line: 4,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx2' },
              messageId: 'keepContext',
              output: `
import { context as ctx } from '@opentelemetry/api';
const active = ctx.active();
const ctx2 = active.setValue(KEY, 1);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
propagation.extract(ROOT_CONTEXT, JSON.parse(process.env.CARRIER ?? '{}'));
await main();
`,
      errors: [
        {
          column: 1,
          endColumn: 75,
          line: 3,
          messageId: 'floatingExtract',
          suggestions: [
            {
              messageId: 'runWithContext',
              output: `
import { propagation, ROOT_CONTEXT, context } from '@opentelemetry/api';
await context.with(propagation.extract(ROOT_CONTEXT, JSON.parse(process.env.CARRIER ?? '{}')), async () => {
  await main();
});
`,
            },
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const ctx = propagation.extract(ROOT_CONTEXT, JSON.parse(process.env.CARRIER ?? '{}'));
await main();
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api'
propagation.extract(ROOT_CONTEXT, headers)
run()
`,
      errors: [
        {
          column: 1,
          endColumn: 43,
          line: 3,
          messageId: 'floatingExtract',
          suggestions: [
            {
              messageId: 'runWithContext',
              output: `
import { propagation, ROOT_CONTEXT, context } from '@opentelemetry/api'
context.with(propagation.extract(ROOT_CONTEXT, headers), () => {
  run()
})
`,
            },
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api'
const ctx = propagation.extract(ROOT_CONTEXT, headers)
run()
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
if (incoming) {
  propagation.extract(ROOT_CONTEXT, headers);
  var handled = handle();
}
report(handled);
`,
      errors: [
        {
          column: 3,
          endColumn: 45,
          line: 4,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
if (incoming) {
  const ctx = propagation.extract(ROOT_CONTEXT, headers);
  var handled = handle();
}
report(handled);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context, propagation } from '@opentelemetry/api';
export function tag(tenant) {
  propagation.getActiveBaggage().setEntry('tenant', { value: tenant });
  callDownstream();
}
`,
      errors: [
        {
          column: 3,
          endColumn: 71,
          line: 4,
          messageId: 'floatingBaggage',
          suggestions: [
            {
              messageId: 'runWithBaggage',
              output: `
import { context, propagation } from '@opentelemetry/api';
export function tag(tenant) {
  context.with(propagation.setBaggage(context.active(), propagation.getActiveBaggage().setEntry('tenant', { value: tenant })), () => {
    callDownstream();
  });
}
`,
            },
            {
              data: { name: 'baggage' },
              messageId: 'keepBaggage',
              output: `
import { context, propagation } from '@opentelemetry/api';
export function tag(tenant) {
  const baggage = propagation.getActiveBaggage().setEntry('tenant', { value: tenant });
  callDownstream();
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
propagation.extract(ROOT_CONTEXT, headers);
function onClick() {}
run();
`,
      errors: [
        {
          column: 1,
          endColumn: 43,
          line: 3,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
const { propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
const ctx = propagation.extract(ROOT_CONTEXT, headers);
function onClick() {}
run();
`,
            },
          ],
        },
      ],
      // In a classic script the declarations are globals other scripts may use: nothing moves into a callback.
      languageOptions: { parserOptions: { sourceType: 'script' } },
    },
  ],
});

cjsRuleTester.run('no-floating-context', rule, {
  valid: [
    `
const { propagation, context } = require('@opentelemetry/api');
module.exports = (req) => context.with(propagation.extract(context.active(), req.headers), next);
`,
    `
const propagation = require('./my-propagation');
propagation.extract(ctx, carrier);
`,
  ],
  invalid: [
    {
      code: `
'use strict';
const { propagation, context } = require('@opentelemetry/api');
propagation.deleteBaggage(context.active());
`,
      errors: [
        {
          column: 1,
          endColumn: 44,
          line: 4,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
'use strict';
const { propagation, context } = require('@opentelemetry/api');
const ctx = propagation.deleteBaggage(context.active());
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { B3Propagator } = require('@opentelemetry/propagator-b3');
new B3Propagator().extract(ctx, carrier, getter);
`,
      errors: [
        {
          column: 1,
          endColumn: 49,
          line: 3,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx2' },
              messageId: 'keepContext',
              output: `
const { B3Propagator } = require('@opentelemetry/propagator-b3');
const ctx2 = new B3Propagator().extract(ctx, carrier, getter);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const api = require('@opentelemetry/api');
api.default.trace.setSpanContext(api.context.active(), remote);
`,
      errors: [
        {
          column: 1,
          endColumn: 63,
          line: 3,
          messageId: 'floatingContext',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
const api = require('@opentelemetry/api');
const ctx = api.default.trace.setSpanContext(api.context.active(), remote);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const extract = require('@opentelemetry/api').propagation.extract;
extract(ctx, carrier);
`,
      errors: [
        {
          column: 1,
          endColumn: 22,
          line: 3,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx2' },
              messageId: 'keepContext',
              output: `
const extract = require('@opentelemetry/api').propagation.extract;
const ctx2 = extract(ctx, carrier);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { propagation } = require('@opentelemetry/api');
module.exports = function handle(req, res) {
  propagation.extract(parentContext, req.headers);
  res.end();
};
`,
      errors: [
        {
          column: 3,
          endColumn: 50,
          line: 4,
          messageId: 'floatingExtract',
          suggestions: [
            {
              messageId: 'runWithContext',
              output: `
const { propagation, context } = require('@opentelemetry/api');
module.exports = function handle(req, res) {
  context.with(propagation.extract(parentContext, req.headers), () => {
    res.end();
  });
};
`,
            },
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
const { propagation } = require('@opentelemetry/api');
module.exports = function handle(req, res) {
  const ctx = propagation.extract(parentContext, req.headers);
  res.end();
};
`,
            },
          ],
        },
      ],
    },
    {
      // The rule skips files that never spell an `@opentelemetry/` package; an escape that spells one still counts.
      code: `
import { propagation, ROOT_CONTEXT } from '\\x40opentelemetry/api';
propagation.extract(ROOT_CONTEXT, headers);
`,
      errors: [
        {
          column: 1,
          data: { call: 'propagation.extract' },
          endColumn: 43,
          line: 3,
          messageId: 'floatingExtract',
          suggestions: [
            {
              data: { name: 'ctx' },
              messageId: 'keepContext',
              output: `
import { propagation, ROOT_CONTEXT } from '\\x40opentelemetry/api';
const ctx = propagation.extract(ROOT_CONTEXT, headers);
`,
            },
          ],
        },
      ],
    },
  ],
});
