import rule from '../../../eslint-plugin/src/rules/no-inherited-polling-context';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('no-inherited-polling-context', rule, {
  valid: [
    `
import { trace } from '@opentelemetry/api';
trace.getTracer('app').startActiveSpan('wait', (span) => {
  const timer = setInterval(() => {
    if (isReady()) {
      clearInterval(timer);
      span.end();
    }
  }, 100);
});
`,
    `
import { trace } from '@opentelemetry/api';
setInterval(refresh, 1000);
`,
    `
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
trace.getTracer('app').startActiveSpan('boot', (span) => {
  context.with(ROOT_CONTEXT, () => setInterval(refresh, 1000));
  span.end();
});
`,
    `
import { trace } from '@opentelemetry/api';
trace.getTracer('app').startActiveSpan('boot', (span) => {
  setTimeout(flush, 1000);
  span.end();
});
`,
    `
import { trace } from '@opentelemetry/api';
function poll(): void {
  fetchJobs();
  setTimeout(poll, 1000);
}
poll();
`,
    `
import { trace } from '@opentelemetry/api';
function poll(): void {
  fetchJobs();
  setTimeout(poll, 1000);
}
trace.getTracer('app').startActiveSpan('boot', (span) => {
  setTimeout(other, 10);
  span.end();
});
`,
    {
      code: `
import { trace } from '@opentelemetry/api';
trace.getTracer('app').startActiveSpan('boot', (span) => {
  setInterval(refresh, 1000);
  span.end();
});
`,
      settings: { 'otel-propagation': { contextManager: 'stack' } },
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
trace.getTracer('app').startActiveSpan('boot', (span) => {
  setInterval(refresh, 1000);
  span.end();
});
`,
      settings: { 'otel-propagation': { contextManager: 'none' } },
    },
    `
import { context, trace } from '@opentelemetry/api';
context.with(context.active(), () => {
  setInterval(refresh, 1000);
});
`,
    `
import { context, trace } from '@opentelemetry/api';
const noSpan = trace.deleteSpan(context.active());
context.with(noSpan, () => {
  setInterval(refresh, 1000);
});
`,
    `
import { trace } from '@opentelemetry/api';
function setInterval(fn: () => void, ms: number): void {}
trace.getTracer('app').startActiveSpan('boot', (span) => {
  setInterval(refresh, 1000);
});
`,
  ],
  invalid: [
    {
      code: `
import { trace } from '@opentelemetry/api';
trace.getTracer('app').startActiveSpan('boot', (span) => {
  const timer = setInterval(refresh, 1000);
  span.end();
});
`,
      errors: [
        {
          column: 17,
          data: { call: 'setInterval' },
          endColumn: 43,
          line: 4,
          messageId: 'inheritedPolling',
          suggestions: [
            {
              messageId: 'startFromRoot',
              output: `
import { trace, context, ROOT_CONTEXT } from '@opentelemetry/api';
trace.getTracer('app').startActiveSpan('boot', (span) => {
  const timer = context.with(ROOT_CONTEXT, () => setInterval(refresh, 1000));
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
import { context, trace } from '@opentelemetry/api';
const span = trace.getTracer('app').startSpan('boot');
context.with(trace.setSpan(context.active(), span), () => {
  setInterval(refresh, 1000);
});
`,
      errors: [
        {
          column: 3,
          endColumn: 29,
          line: 5,
          messageId: 'inheritedPolling',
          suggestions: [
            {
              messageId: 'startFromRoot',
              output: `
import { context, trace, ROOT_CONTEXT } from '@opentelemetry/api';
const span = trace.getTracer('app').startSpan('boot');
context.with(trace.setSpan(context.active(), span), () => {
  context.with(ROOT_CONTEXT, () => setInterval(refresh, 1000));
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
function poll(): void {
  fetchJobs();
  setTimeout(poll, 1000);
}
trace.getTracer('app').startActiveSpan('boot', (span) => {
  poll();
  span.end();
});
`,
      errors: [
        {
          column: 3,
          data: { call: 'poll' },
          endColumn: 9,
          line: 8,
          messageId: 'inheritedPolling',
          suggestions: [
            {
              messageId: 'startFromRoot',
              output: `
import { trace, context, ROOT_CONTEXT } from '@opentelemetry/api';
function poll(): void {
  fetchJobs();
  setTimeout(poll, 1000);
}
trace.getTracer('app').startActiveSpan('boot', (span) => {
  context.with(ROOT_CONTEXT, () => poll());
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
import * as api from '@opentelemetry/api';
api.trace.getTracer('app').startActiveSpan('boot', (span) => {
  setTimeout(function tick() {
    refresh();
    setTimeout(tick, 500);
  }, 500);
  span.end();
});
`,
      errors: [
        {
          column: 3,
          data: { call: 'setTimeout' },
          endColumn: 10,
          line: 4,
          messageId: 'inheritedPolling',
          suggestions: [
            {
              messageId: 'startFromRoot',
              output: `
import * as api from '@opentelemetry/api';
api.trace.getTracer('app').startActiveSpan('boot', (span) => {
  api.context.with(api.ROOT_CONTEXT, () => setTimeout(function tick() {
    refresh();
    setTimeout(tick, 500);
  }, 500));
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
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
trace.getTracer('app').startActiveSpan('boot', (span) => {
  context.with(ROOT_CONTEXT, () => {
    tracer.startActiveSpan('inner', () => {
      setInterval(refresh, 1000);
    });
  });
});
`,
      errors: [
        {
          column: 7,
          endColumn: 33,
          line: 6,
          messageId: 'inheritedPolling',
          suggestions: [
            {
              messageId: 'startFromRoot',
              output: `
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
trace.getTracer('app').startActiveSpan('boot', (span) => {
  context.with(ROOT_CONTEXT, () => {
    tracer.startActiveSpan('inner', () => {
      context.with(ROOT_CONTEXT, () => setInterval(refresh, 1000));
    });
  });
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
trace.getTracer('app').startActiveSpan('boot', (span) => {
  setInterval(refresh, 1000);
});
`,
      errors: [
        {
          column: 3,
          endColumn: 29,
          line: 4,
          messageId: 'inheritedPolling',
          suggestions: [
            {
              messageId: 'startFromRoot',
              output: `
import { trace, context, ROOT_CONTEXT } from '@opentelemetry/api';
trace.getTracer('app').startActiveSpan('boot', (span) => {
  context.with(ROOT_CONTEXT, () => setInterval(refresh, 1000));
});
`,
            },
          ],
        },
      ],
      settings: { 'otel-propagation': { contextManager: 'zone' } },
    },
  ],
});

jsRuleTester.run('no-inherited-polling-context', rule, {
  valid: [
    `
import { setInterval } from 'node:timers/promises';
tracer.startActiveSpan('boot', async (span) => {
  for await (const _ of setInterval(1000)) refresh();
});
`,
  ],
  invalid: [
    {
      code: `
import { context, trace } from '@opentelemetry/api';
const heartbeat = () => setTimeout(heartbeat, 5000);
context.with(trace.setSpan(context.active(), span), () => heartbeat());
`,
      errors: [
        {
          column: 59,
          data: { call: 'heartbeat' },
          endColumn: 70,
          line: 4,
          messageId: 'inheritedPolling',
          suggestions: [
            {
              messageId: 'startFromRoot',
              output: `
import { context, trace, ROOT_CONTEXT } from '@opentelemetry/api';
const heartbeat = () => setTimeout(heartbeat, 5000);
context.with(trace.setSpan(context.active(), span), () => context.with(ROOT_CONTEXT, () => heartbeat()));
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { setInterval as every } from 'node:timers';
export function start(tracer) {
  return tracer.startActiveSpan('start', (span) => {
    every(refresh, 1000);
    span.end();
  });
}
`,
      errors: [
        {
          column: 5,
          data: { call: 'every' },
          endColumn: 25,
          line: 5,
          messageId: 'inheritedPolling',
          suggestions: [
            {
              messageId: 'startFromRoot',
              output: `
import { setInterval as every } from 'node:timers';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
export function start(tracer) {
  return tracer.startActiveSpan('start', (span) => {
    context.with(ROOT_CONTEXT, () => every(refresh, 1000));
    span.end();
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

cjsRuleTester.run('no-inherited-polling-context', rule, {
  valid: [
    `
const { context, ROOT_CONTEXT } = require('@opentelemetry/api');
const root = ROOT_CONTEXT;
tracer.startActiveSpan('boot', () => {
  context.with(root, () => {
    setInterval(refresh, 1000);
  });
});
`,
  ],
  invalid: [
    {
      code: `
const { trace } = require('@opentelemetry/api');
const poll = () => {
  refresh();
  setTimeout(poll, 1000);
};
trace.getTracer('app').startActiveSpan('boot', (span) => {
  setTimeout(poll, 0);
  span.end();
});
`,
      errors: [
        {
          column: 3,
          data: { call: 'setTimeout' },
          endColumn: 22,
          line: 8,
          messageId: 'inheritedPolling',
          suggestions: [
            {
              messageId: 'startFromRoot',
              output: `
const { trace, context, ROOT_CONTEXT } = require('@opentelemetry/api');
const poll = () => {
  refresh();
  setTimeout(poll, 1000);
};
trace.getTracer('app').startActiveSpan('boot', (span) => {
  context.with(ROOT_CONTEXT, () => setTimeout(poll, 0));
  span.end();
});
`,
            },
          ],
        },
      ],
    },
    {
      // The rule skips files that can open no span scope; an escape that spells `startActiveSpan` still counts.
      code: `
export function boot(tracer: Tracer): void {
  tracer['start\\u0041ctiveSpan']('boot', (span) => {
    const timer = setInterval(refresh, 1000);
    span.end();
  });
}
`,
      errors: [
        {
          column: 19,
          data: { call: 'setInterval' },
          endColumn: 45,
          line: 4,
          messageId: 'inheritedPolling',
          suggestions: [
            {
              messageId: 'startFromRoot',
              output: `
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
export function boot(tracer: Tracer): void {
  tracer['start\\u0041ctiveSpan']('boot', (span) => {
    const timer = context.with(ROOT_CONTEXT, () => setInterval(refresh, 1000));
    span.end();
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
