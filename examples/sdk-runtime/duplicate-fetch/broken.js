// Tracing bootstrap shared by the checkout and inventory services. The fetch (undici)
// instrumentation is registered with a request hook, and the service template's default
// registration stayed below it: both instances subscribe to undici's diagnostics channels, so
// every fetch gets two CLIENT spans and two joined traceparent values: the callee cannot parse them and starts a new trace.
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export function startTracing({ serviceName, idGenerator }) {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
    // Tests pass a fixed id generator; production leaves it undefined.
    idGenerator,
  });
  provider.register();
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation(),
      new UndiciInstrumentation({
        requestHook: (span) => span.setAttribute('service.role', serviceName),
      }),
    ],
  });
  // The template's defaults.
  registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });
  return provider;
}
