// Telemetry bootstrap of the checkout service, with the setup mistakes that break or bloat traces.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { SimpleSpanProcessor, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { CompositePropagator } from '@opentelemetry/core';
import { B3Propagator } from '@opentelemetry/propagator-b3';
import { context, propagation } from '@opentelemetry/api';

export const sdk = new NodeSDK({
  // Every service decides on its own: a child of a sampled parent may be dropped, leaving orphans.
  sampler: new TraceIdRatioBasedSampler(0.1),
  // One export request per span.
  spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter())],
  // HTTP is already in the auto-instrumentations: this later instance replaces that patch, and disabling either unpatches both.
  instrumentations: [getNodeAutoInstrumentations(), new HttpInstrumentation()],
  // Only B3: traceparent and baggage are neither read nor written.
  textMapPropagator: new CompositePropagator({ propagators: [new B3Propagator()] }),
});
sdk.start();

export function withCustomer(req, handler) {
  const bag = propagation.createBaggage({
    'customer.email': { value: req.user.email },
    'cart.snapshot': { value: 'x'.repeat(5000) },
  });
  return context.with(propagation.setBaggage(context.active(), bag), handler);
}

export const replayHeaders = {
  traceparent: '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01',
};
