// The receipt printer that examples/async-boundaries spawns as `receipt.js` (the harness runs the
// example with this folder as its working directory, so examples/ keeps only the linted samples).
// It continues the trace from TRACEPARENT/TRACESTATE in its environment, when the parent put them there.
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';

const envGetter = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toUpperCase()],
};

const parent = propagation.extract(ROOT_CONTEXT, process.env, envGetter);
context.with(parent, () => {
  trace.getTracer('receipt').startActiveSpan('receipt.print', (span) => {
    span.setAttribute('order.id', process.argv[2] ?? '');
    span.end();
  });
});
