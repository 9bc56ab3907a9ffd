// Invoices over RabbitMQ (amqplib, not instrumented): the trace travels in the message headers.
import amqp from 'amqplib';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('invoices');

let connection;
let channel;

export async function connect(url = process.env.AMQP_URL ?? 'amqp://127.0.0.1') {
  connection = await amqp.connect(url);
  channel = await connection.createChannel();
  await channel.assertQueue('invoices');
  return connection;
}

export function requestInvoice(order) {
  const headers = {};
  propagation.inject(context.active(), headers);
  channel.sendToQueue('invoices', Buffer.from(JSON.stringify(order)), { persistent: true, headers });
}

export async function startInvoicing(render) {
  await channel.consume('invoices', async (msg) => {
    const parent = propagation.extract(ROOT_CONTEXT, msg.properties.headers ?? {});
    await tracer.startActiveSpan('invoices process', { kind: SpanKind.CONSUMER }, parent, async (span) => {
      try {
        await render(JSON.parse(msg.content.toString()));
        channel.ack(msg);
      } finally {
        span.end();
      }
    });
  });
}
