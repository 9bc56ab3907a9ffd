import rule from '../../../eslint-plugin/src/rules/no-hand-built-traceparent';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('no-hand-built-traceparent', rule, {
  valid: [
    `
const sample = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
`,
    `
const key = \`\${region}-\${zone}-\${rack}-\${slot}\`;
`,
    `
const partial = \`00-\${traceId}-\${spanId}\`;
`,
    `
const query = sql\`00-\${traceId}-\${spanId}-01\`;
`,
    `
const label = \`\${prefix}00-\${traceId}-\${spanId}-01\`;
`,
    `
const total = base + offset + 1;
`,
    `
const id = \`000-\${traceId}-\${spanId}-01\`;
`,
    `
const extra = \`00-\${traceId}-\${spanId}-01-\${more}\`;
`,
    `
const slug = ['a', b].join('-');
`,
    `
const name = 'id-' + a + '-' + b + '-' + c;
`,
    `
import { context, propagation } from '@opentelemetry/api';
propagation.inject(context.active(), headers);
`,
    `
const shortTrace = \`00-\${traceId}-abc-01\`;
`,
    `
const className = \`fa-\${icon}-\${size}-\${variant}\`;
`,
    `
const code = \`01-\${region}-\${zone}-\${rack}\`;
`,
  ],
  invalid: [
    {
      code: `
const traceparent = \`00-\${traceId}-\${spanId}-01\`;
`,
      errors: [{ column: 21, data: { version: '00' }, endColumn: 49, line: 2, messageId: 'handBuiltTraceparent', suggestions: [] }],
    },
    {
      code: `
const header = \`00-\${span.spanContext().traceId}-\${span.spanContext().spanId}-\${sampled ? '01' : '00'}\`;
`,
      errors: [{ column: 16, endColumn: 104, line: 2, messageId: 'handBuiltTraceparent', suggestions: [] }],
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
export function send(headers: Record<string, string>): void {
  const { traceId, spanId } = trace.getActiveSpan()!.spanContext();
  headers.traceparent = \`00-\${traceId}-\${spanId}-01\`;
}
`,
      errors: [{ column: 25, endColumn: 53, line: 5, messageId: 'handBuiltTraceparent', suggestions: [{ messageId: 'useInject', output: `
import { trace, propagation, context } from '@opentelemetry/api';
export function send(headers: Record<string, string>): void {
  const { traceId, spanId } = trace.getActiveSpan()!.spanContext();
  propagation.inject(context.active(), headers);
}
` }] }],
    },
    {
      code: `
import * as api from '@opentelemetry/api';
req.headers['traceparent'] = \`01-\${traceId}-\${spanId}-\${flags}\`;
`,
      errors: [{ column: 30, data: { version: '01' }, endColumn: 64, line: 3, messageId: 'handBuiltTraceparent', suggestions: [{ messageId: 'useInject', output: `
import * as api from '@opentelemetry/api';
api.propagation.inject(api.context.active(), req.headers);
` }] }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
function forward(context: Ctx, headers: Headers) {
  headers.traceparent = \`00-\${context.traceId}-\${context.spanId}-01\`;
}
`,
      errors: [{ column: 25, endColumn: 69, line: 4, messageId: 'handBuiltTraceparent', suggestions: [{ messageId: 'useInject', output: `
import { propagation, context as otelContext } from '@opentelemetry/api';
function forward(context: Ctx, headers: Headers) {
  propagation.inject(otelContext.active(), headers);
}
` }] }],
    },
    {
      code: `
const headers = { 'content-type': 'application/json', traceparent: \`00-\${traceId}-\${spanId}-01\` };
`,
      errors: [{ column: 68, endColumn: 96, line: 2, messageId: 'handBuiltTraceparent', suggestions: [{ messageId: 'useInject', output: `
import { propagation, context } from '@opentelemetry/api';
const headers = { 'content-type': 'application/json' };
propagation.inject(context.active(), headers);
` }] }],
    },
    {
      code: `
function outgoing() {
  const headers = {
    accept: 'application/json',
    traceparent: \`00-\${traceId}-\${spanId}-01\`,
  };
  return headers;
}
`,
      errors: [{ column: 18, endColumn: 46, line: 5, messageId: 'handBuiltTraceparent', suggestions: [{ messageId: 'useInject', output: `
import { propagation, context } from '@opentelemetry/api';
function outgoing() {
  const headers = {
    accept: 'application/json',
  };
  propagation.inject(context.active(), headers);
  return headers;
}
` }] }],
    },
    {
      code: `
const carrier = { Traceparent: \`00-\${traceId}-\${spanId}-01\`, tracestate: state };
`,
      errors: [{ column: 32, endColumn: 60, line: 2, messageId: 'handBuiltTraceparent', suggestions: [{ messageId: 'useInject', output: `
import { propagation, context } from '@opentelemetry/api';
const carrier = { tracestate: state };
propagation.inject(context.active(), carrier);
` }] }],
    },
    {
      code: `
const carrier = { traceparent: \`00-\${traceId}-\${spanId}-01\` };
`,
      errors: [{ column: 32, endColumn: 60, line: 2, messageId: 'handBuiltTraceparent', suggestions: [{ messageId: 'useInject', output: `
import { propagation, context } from '@opentelemetry/api';
const carrier = {};
propagation.inject(context.active(), carrier);
` }] }],
    },
    {
      code: `
await fetch(url, { headers: { traceparent: \`00-\${traceId}-\${spanId}-01\` } });
`,
      errors: [{ column: 44, endColumn: 72, line: 2, messageId: 'handBuiltTraceparent', suggestions: [] }],
    },
    {
      code: `
const value = '00-' + traceId + '-' + spanId + '-01';
`,
      errors: [{ column: 15, endColumn: 53, line: 2, messageId: 'handBuiltTraceparent', suggestions: [] }],
    },
    {
      code: `
const value = ['00', traceId, spanId, '01'].join('-');
`,
      errors: [{ column: 15, endColumn: 54, line: 2, messageId: 'handBuiltTraceparent', suggestions: [] }],
    },
    {
      code: `
log('traceparent: ' + \`00-\${traceId}-\${spanId}-01\`);
`,
      errors: [{ column: 23, endColumn: 51, line: 2, messageId: 'handBuiltTraceparent', suggestions: [] }],
    },
    {
      code: `
const value = \`00-\${traceId}-\` + spanId + '-01';
`,
      errors: [{ column: 15, endColumn: 48, line: 2, messageId: 'handBuiltTraceparent', suggestions: [] }],
    },
    {
      code: `
const traceparent = \`01-\${a}-\${b}-\${c}\`;
`,
      errors: [{ column: 21, data: { version: '01' }, endColumn: 40, line: 2, messageId: 'handBuiltTraceparent', suggestions: [] }],
    },
    {
      code: `
const pinned = \`00-4bf92f3577b34da6a3ce929d0e0e4736-\${spanId}-01\`;
`,
      errors: [{ column: 16, endColumn: 66, line: 2, messageId: 'handBuiltTraceparent', suggestions: [] }],
    },
  ],
});

jsRuleTester.run('no-hand-built-traceparent', rule, {
  valid: [
    `
const id = \`\${a}-\${b}\`;
`,
  ],
  invalid: [
    {
      code: `
export function send(headers, span) {
  const { traceId, spanId } = span.spanContext();
  headers.traceparent = \`00-\${traceId}-\${spanId}-01\`
}
`,
      errors: [{ column: 25, endColumn: 53, line: 4, messageId: 'handBuiltTraceparent', suggestions: [{ messageId: 'useInject', output: `
import { propagation, context } from '@opentelemetry/api';
export function send(headers, span) {
  const { traceId, spanId } = span.spanContext();
  propagation.inject(context.active(), headers)
}
` }] }],
    },
  ],
});

cjsRuleTester.run('no-hand-built-traceparent', rule, {
  valid: [
    `
const parts = [major, minor, patch].join('-');
`,
  ],
  invalid: [
    {
      code: `
'use strict';
const http = require('node:http');
function call(options, traceId, spanId) {
  options.headers.traceparent = '00-' + traceId + '-' + spanId + '-01';
  return http.request(options);
}
`,
      errors: [{ column: 33, endColumn: 71, line: 5, messageId: 'handBuiltTraceparent', suggestions: [{ messageId: 'useInject', output: `
'use strict';
const http = require('node:http');
const { propagation, context } = require('@opentelemetry/api');
function call(options, traceId, spanId) {
  propagation.inject(context.active(), options.headers);
  return http.request(options);
}
` }] }],
    },
    {
      code: `
const api = require('@opentelemetry/api');
const headers = { traceparent: \`00-\${traceId}-\${spanId}-01\` }
`,
      errors: [{ column: 32, endColumn: 60, line: 3, messageId: 'handBuiltTraceparent', suggestions: [{ messageId: 'useInject', output: `
const api = require('@opentelemetry/api');
const headers = {}
api.propagation.inject(api.context.active(), headers)
` }] }],
    },
  ],
});
