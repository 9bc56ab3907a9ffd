// Runs one side of examples/messaging/amqplib (argv[2]: the example, argv[3]: producer | consumer)
// against the node in AMQP_URL: the producer requests one invoice inside a PRODUCER span, as the
// calling code would; the consumer renders one invoice and exits.
//
// The example keeps its channel private, so the producer cannot wait for a publisher confirm, and
// closing its connection too early could lose the invoice. Instead the consumer sends a receipt
// through a confirm channel of its own, and the producer closes only once the receipt arrived.
import { pathToFileURL } from 'node:url';
import { SpanKind, trace } from '@opentelemetry/api';
import { startDeadline } from './deadline.mjs';

const RECEIPTS = 'invoices.verify-receipts';
const example = await import(pathToFileURL(process.argv[2]).href);
const tracer = trace.getTracer('verify-driver');
const provider = globalThis.verifyTracerProvider;
const finish = startDeadline(process.argv[3]);
const connection = await example.connect(process.env.AMQP_URL);

if (process.argv[3] === 'producer') {
  const receipts = await connection.createChannel();
  await receipts.assertQueue(RECEIPTS);
  const received = new Promise((resolve) => {
    void receipts.consume(RECEIPTS, (message) => {
      receipts.ack(message);
      resolve();
    });
  });
  tracer.startActiveSpan('invoices publish', { kind: SpanKind.PRODUCER }, (span) => {
    example.requestInvoice({ id: 'order-1' });
    span.end();
  });
  await received;
  await connection.close();
  await finish(provider);
} else {
  const receipts = await connection.createConfirmChannel();
  await receipts.assertQueue(RECEIPTS);
  await example.startInvoicing(async (invoice) => {
    tracer.startSpan('invoice.render', { attributes: { 'order.id': invoice.id } }).end();
    // The handler acks and ends its span in the microtasks after this returns; setImmediate runs after them.
    setImmediate(async () => {
      receipts.sendToQueue(RECEIPTS, Buffer.from(invoice.id));
      await receipts.waitForConfirms();
      await finish(provider);
    });
  });
}
