// Basket page: adding an item refreshes the basket a moment later.
// The correct twin of broken.js: the timer callback is bound to the context that scheduled it.
import { context, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('basket-page');

export function addToBasket(item, refresh) {
  return new Promise((resolve) => {
    tracer.startActiveSpan('basket.add', (span) => {
      try {
        setTimeout(
          context.bind(context.active(), () => {
            tracer.startActiveSpan('basket.refresh', (child) => {
              try {
                refresh(item);
              } finally {
                child.end();
                resolve();
              }
            });
          }),
          10,
        );
      } finally {
        span.end();
      }
    });
  });
}
