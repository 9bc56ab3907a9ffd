// Tracing bootstrap shared by the checkout and inventory services, each with its own sampling
// ratio. The bare ratio sampler decides from the trace id alone and ignores the caller's sampled
// flag: inventory (50 %) records requests whose checkout span (25 %) was dropped, so its SERVER
// span arrives as an orphan, and with the ratios the other way round it would drop the children
// of sampled checkouts.
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export function startTracing({ serviceName, ratio, idGenerator }) {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    sampler: new TraceIdRatioBasedSampler(ratio),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
    // Tests pass a fixed id generator; production leaves it undefined.
    idGenerator,
  });
  provider.register();
  registerInstrumentations({ instrumentations: [new HttpInstrumentation(), new UndiciInstrumentation()] });
  return provider;
}
