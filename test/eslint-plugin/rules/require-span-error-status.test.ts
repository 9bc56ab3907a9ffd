import rule from '../../../eslint-plugin/src/rules/require-span-error-status';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('require-span-error-status', rule, {
  valid: [
    `
import { trace, SpanStatusCode } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  try {
    await charge(order);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    throw error;
  } finally {
    span.end();
  }
}
`,
    // startActiveSpan callback recording the error.
    `
import { trace, SpanStatusCode } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function pay(order: Order): Promise<void> {
  return tracer.startActiveSpan('pay', async (span) => {
    try {
      await charge(order);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
`,
    // Handed to a helper that records it.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  try {
    await charge(order);
  } catch (error) {
    failSpan(span, error);
  } finally {
    span.end();
  }
}
`,
    // A deliberate non-error status: the failure is expected.
    `
import { trace, SpanStatusCode } from '@opentelemetry/api';
const tracer = trace.getTracer('cache');
export function read(key: string): string | undefined {
  const span = tracer.startSpan('read');
  try {
    return cache.get(key);
  } catch {
    span.setStatus({ code: SpanStatusCode.OK, message: 'cache miss' });
    return undefined;
  } finally {
    span.end();
  }
}
`,
    // The catch runs after the span ended.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('validate');
  validate(order);
  span.end();
  try {
    await charge(order);
  } catch (error) {
    log(error);
  }
}
`,
    // An inner catch rethrows to an outer catch in the same span, which records.
    `
import { trace, SpanStatusCode } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  try {
    try {
      await charge(order);
    } catch (error) {
      await rollback(order);
      throw error;
    }
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
`,
    // A catch in a callback that runs later is not in the span's scope.
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function pay(order: Order): void {
  const span = tracer.startSpan('pay');
  setTimeout(() => {
    try {
      retry(order);
    } catch {}
  });
  span.end();
}
`,
    // Not a tracer.
    `
export function pay(order: Order): void {
  const span = recorder.startSpan('pay');
  try {
    charge(order);
  } catch {}
  span.end();
}
`,
  ],
  invalid: [
    {
      code: `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  try {
    await charge(order);
  } catch (error) {
    log(error);
    throw error;
  } finally {
    span.end();
  }
}
`,
      errors: [
        {
          column: 12,
          data: { span: 'span' },
          endColumn: 17,
          line: 8,
          messageId: 'unrecordedError',
          suggestions: [
            {
              messageId: 'recordError',
              output: `
import { trace, SpanStatusCode } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export async function pay(order: Order): Promise<void> {
  const span = tracer.startSpan('pay');
  try {
    await charge(order);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    log(error);
    throw error;
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
import * as api from '@opentelemetry/api';
const tracer = api.trace.getTracer('checkout');
export function pay(order: Order): void {
  tracer.startActiveSpan('pay', (span) => {
    try {
      charge(order);
    } catch {
    } finally {
      span.end();
    }
  });
}
`,
      errors: [
        {
          column: 7,
          data: { span: 'span' },
          endColumn: 12,
          line: 8,
          messageId: 'unrecordedError',
          suggestions: [
            {
              messageId: 'recordError',
              output: `
import * as api from '@opentelemetry/api';
const tracer = api.trace.getTracer('checkout');
export function pay(order: Order): void {
  tracer.startActiveSpan('pay', (span) => {
    try {
      charge(order);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: String(error) });
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
export function pay(order: Order): void {
  const span = tracer.startSpan('pay');
  try {
    charge(order);
  } catch (err) {
    span.recordException(err as Error);
  }
  span.end();
}
`,
      errors: [
        {
          column: 12,
          data: { span: 'span' },
          endColumn: 15,
          line: 8,
          messageId: 'missingSetStatus',
          suggestions: [
            {
              messageId: 'recordError',
              output: `
import { trace, SpanStatusCode } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function pay(order: Order): void {
  const span = tracer.startSpan('pay');
  try {
    charge(order);
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
    span.recordException(err as Error);
  }
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
import { trace, SpanStatusCode } from '@opentelemetry/api';
const tracer = trace.getTracer('checkout');
export function pay(order: Order): void {
  const outer = tracer.startSpan('outer');
  const inner = tracer.startSpan('inner');
  try {
    charge(order);
  } catch ({ message }) {
    inner.setStatus({ code: SpanStatusCode.ERROR, message });
  }
  inner.end();
  outer.end();
}
`,
      errors: [{ column: 12, data: { span: 'inner' }, endColumn: 23, line: 9, messageId: 'missingRecordException', suggestions: [] }],
    },
  ],
});

jsRuleTester.run('require-span-error-status', rule, {
  valid: [
    `
import { trace, SpanStatusCode } from '@opentelemetry/api';
trace.getTracer('x').startActiveSpan('job', (span) => {
  try {
    run();
  } catch (e) {
    span.recordException(e);
    span.setStatus({ code: 2 });
  } finally {
    span.end();
  }
});
`,
  ],
  invalid: [
    {
      code: `
import { trace } from '@opentelemetry/api';
trace.getTracer('x').startActiveSpan('job', (span) => {
  try {
    run();
  } catch (e) {
    console.error(e);
  } finally {
    span.end();
  }
});
`,
      errors: [
        {
          column: 12,
          data: { span: 'span' },
          endColumn: 13,
          line: 6,
          messageId: 'unrecordedError',
          suggestions: [
            {
              messageId: 'recordError',
              output: `
import { trace, SpanStatusCode } from '@opentelemetry/api';
trace.getTracer('x').startActiveSpan('job', (span) => {
  try {
    run();
  } catch (e) {
    span.recordException(e);
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(e) });
    console.error(e);
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
  ],
});

cjsRuleTester.run('require-span-error-status', rule, {
  valid: [
    `
const { trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('x');
const span = tracer.startSpan('boot');
try {
  start();
} catch (error) {
  span.recordException(error);
  span.setStatus({ code: 2, message: String(error) });
  throw error;
}
span.end();
`,
  ],
  invalid: [
    {
      code: `
const { trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('x');
module.exports = async function load() {
  const span = tracer.startSpan('load');
  try {
    return await fetch('/data');
  } catch {
    return null;
  } finally {
    span.end();
  }
};
`,
      errors: [
        {
          column: 5,
          data: { span: 'span' },
          endColumn: 10,
          line: 8,
          messageId: 'unrecordedError',
          suggestions: [
            {
              messageId: 'recordError',
              output: `
const { trace, SpanStatusCode } = require('@opentelemetry/api');
const tracer = trace.getTracer('x');
module.exports = async function load() {
  const span = tracer.startSpan('load');
  try {
    return await fetch('/data');
  } catch (error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    return null;
  } finally {
    span.end();
  }
};
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { trace } = require('@opentelemetry/api');
const span = trace.getTracer('x').startSpan('boot');
try {
  start();
} catch (error) {
  throw error;
}
span.end();
`,
      errors: [
        {
          column: 10,
          data: { span: 'span' },
          endColumn: 15,
          line: 6,
          messageId: 'unrecordedError',
          suggestions: [
            {
              messageId: 'recordError',
              output: `
const { trace, SpanStatusCode } = require('@opentelemetry/api');
const span = trace.getTracer('x').startSpan('boot');
try {
  start();
} catch (error) {
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
  throw error;
}
span.end();
`,
            },
          ],
        },
      ],
    },
  ],
});
