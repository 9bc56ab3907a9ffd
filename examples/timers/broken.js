// Basket page: adding an item refreshes the basket a moment later. With the web SDK's
// StackContextManager the timer callback runs after the stack has unwound, so the refresh
// starts a new trace; the correct twin is fixed.js.
import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('basket-page');

export function addToBasket(item, refresh) {
  return new Promise((resolve) => {
    tracer.startActiveSpan('basket.add', (span) => {
      try {
        setTimeout(() => {
          tracer.startActiveSpan('basket.refresh', (child) => {
            try {
              refresh(item);
            } finally {
              child.end();
              resolve();
            }
          });
        }, 10);
      } finally {
        span.end();
      }
    });
  });
}
