// Preloaded with `--import` (through NODE_OPTIONS, so spawned children and worker threads get it
// too): every process of an example gets its own tracer provider that exports each span, as soon
// as it ends, to the verification receiver named by OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.
// VERIFY_OWN_SDK=1 leaves the process alone: the example under test is itself the SDK setup (its
// exporter reads the same endpoint from the environment).
import { createRequire } from 'node:module';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { StackContextManager } from '@opentelemetry/sdk-trace-web';

const url = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
if (url && process.env.VERIFY_OWN_SDK !== '1') {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.VERIFY_SERVICE_NAME ?? 'verify' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  // `stack` is the browser SDK's default; it runs in Node too and shows what a page would lose.
  const manager = process.env.VERIFY_CONTEXT_MANAGER === 'stack' ? new StackContextManager() : new AsyncLocalStorageContextManager();
  context.setGlobalContextManager(manager.enable());
  // `client` leaves servers uninstrumented, for handlers that extract the caller's context themselves.
  const http = process.env.VERIFY_HTTP_INSTRUMENTATION;
  if (http === '1' || http === 'client') {
    registerInstrumentations({ instrumentations: [new HttpInstrumentation({ disableIncomingRequestInstrumentation: http === 'client' })] });
    // The patch is applied on require; ESM `import http` then sees the same patched module object.
    createRequire(import.meta.url)('node:http');
  }
  globalThis.verifyTracerProvider = provider;
}
