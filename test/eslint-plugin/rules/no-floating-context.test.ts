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
      errors: [{ column: 1, data: { call: 'propagation.extract' }, endColumn: 43, line: 3, messageId: 'floatingExtract' }],
    },
    {
      code: `
import * as api from '@opentelemetry/api';
export function activate(span: api.Span): void {
  api.trace.setSpan(api.context.active(), span);
}
`,
      errors: [{ column: 3, data: { call: 'api.trace.setSpan' }, endColumn: 48, line: 4, messageId: 'floatingContext' }],
    },
    {
      code: `
import { context } from '@opentelemetry/api';
const ctx = context.active();
ctx.deleteValue(KEY);
`,
      errors: [{ column: 1, endColumn: 21, line: 4, messageId: 'floatingContext' }],
    },
    {
      code: `
import { ROOT_CONTEXT } from '@opentelemetry/api';
ROOT_CONTEXT.setValue(KEY, 1);
`,
      errors: [{ column: 1, endColumn: 30, line: 3, messageId: 'floatingContext' }],
    },
    {
      code: `
import { context } from '@opentelemetry/api';
context.active().setValue(KEY, 1);
`,
      errors: [{ column: 1, data: { call: 'context.active().setValue' }, endColumn: 34, line: 3, messageId: 'floatingContext' }],
    },
    {
      code: `
import type { Context } from '@opentelemetry/api';
function mark(ctx: Context): void {
  ctx.setValue(KEY, true);
}
`,
      errors: [{ column: 3, endColumn: 26, line: 4, messageId: 'floatingContext' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
propagation.getActiveBaggage()?.setEntry('tenant', { value: 'acme' });
`,
      errors: [{ column: 1, data: { call: 'propagation.getActiveBaggage()?.setEntry' }, endColumn: 70, line: 3, messageId: 'floatingBaggage' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const bag = propagation.createBaggage();
bag.removeEntries('a', 'b');
bag.removeEntry('c');
`,
      errors: [{ column: 1, endColumn: 28, line: 4, messageId: 'floatingBaggage' }, { column: 1, endColumn: 21, line: 5, messageId: 'floatingBaggage' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
propagation.createBaggage({ user: { value: 'alice' } }).setEntry('tenant', { value: 'acme' });
`,
      errors: [{ column: 1, data: { call: '….setEntry' }, endColumn: 94, line: 3, messageId: 'floatingBaggage' }],
    },
    {
      code: `
import { context, propagation } from '@opentelemetry/api';
propagation.setBaggage(context.active(), baggage);
propagation.deleteBaggage(context.active());
`,
      errors: [{ column: 1, endColumn: 50, line: 3, messageId: 'floatingContext' }, { column: 1, endColumn: 44, line: 4, messageId: 'floatingContext' }],
    },
    {
      code: `
import { trace as t } from '@opentelemetry/api';
t.deleteSpan(ctx);
t.setSpanContext(ctx, spanContext);
`,
      errors: [{ column: 1, data: { call: 't.deleteSpan' }, endColumn: 18, line: 3, messageId: 'floatingContext' }, { column: 1, endColumn: 35, line: 4, messageId: 'floatingContext' }],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const base = propagation.extract(ROOT_CONTEXT, headers);
const marked = base.setValue(KEY, 1);
marked.deleteValue(OTHER);
`,
      errors: [{ column: 1, endColumn: 26, line: 5, messageId: 'floatingContext' }],
    },
    {
      code: `
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultTextMapGetter, ROOT_CONTEXT } from '@opentelemetry/api';
const propagator = new W3CTraceContextPropagator();
propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
`,
      errors: [{ column: 1, data: { call: 'propagator.extract' }, endColumn: 64, line: 5, messageId: 'floatingExtract' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
propagation.getBaggage(ctx)!.setEntry('k', { value: 'v' });
`,
      errors: [{ column: 1, endColumn: 59, line: 3, messageId: 'floatingBaggage' }],
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
      errors: [{ column: 1, endColumn: 55, line: 3, messageId: 'floatingExtract' }],
    },
    {
      code: `
import { context as ctx } from '@opentelemetry/api';
const active = ctx.active();
active.setValue(KEY, 1);
`,
      errors: [{ column: 1, endColumn: 24, line: 4, messageId: 'floatingContext' }],
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
      errors: [{ column: 1, endColumn: 44, line: 4, messageId: 'floatingContext' }],
    },
    {
      code: `
const { B3Propagator } = require('@opentelemetry/propagator-b3');
new B3Propagator().extract(ctx, carrier, getter);
`,
      errors: [{ column: 1, endColumn: 49, line: 3, messageId: 'floatingExtract' }],
    },
    {
      code: `
const api = require('@opentelemetry/api');
api.default.trace.setSpanContext(api.context.active(), remote);
`,
      errors: [{ column: 1, endColumn: 63, line: 3, messageId: 'floatingContext' }],
    },
    {
      code: `
const extract = require('@opentelemetry/api').propagation.extract;
extract(ctx, carrier);
`,
      errors: [{ column: 1, endColumn: 22, line: 3, messageId: 'floatingExtract' }],
    },
  ],
});
