// Runs one side of examples/messaging/amqplib (argv[2]: the example, argv[3]: producer | consumer)
// against the node in AMQP_URL: the producer requests one invoice inside a PRODUCER span, as the
// calling code would; the consumer renders one invoice and exits.
import { pathToFileURL } from 'node:url';
import { SpanKind, trace } from '@opentelemetry/api';

const example = await import(pathToFileURL(process.argv[2]).href);
const tracer = trace.getTracer('verify-driver');
const provider = globalThis.verifyTracerProvider;
const timeout = setTimeout(() => {
  console.error(`${process.argv[3]} gave up after 20 s`);
  process.exit(2);
}, 20_000);
const connection = await example.connect(process.env.AMQP_URL);

if (process.argv[3] === 'producer') {
  tracer.startActiveSpan('invoices publish', { kind: SpanKind.PRODUCER }, (span) => {
    example.requestInvoice({ id: 'order-1' });
    span.end();
  });
  // The example keeps its channel private, so the driver cannot wait for a publisher confirm; it
  // gives the socket a moment before closing.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await connection.close();
  await provider?.forceFlush();
  clearTimeout(timeout);
  process.exit(0);
} else {
  await example.startInvoicing(async (invoice) => {
    tracer.startSpan('invoice.render', { attributes: { 'order.id': invoice.id } }).end();
    setTimeout(() => {
      clearTimeout(timeout);
      void provider?.forceFlush().then(() => process.exit(0));
    }, 100);
  });
}
