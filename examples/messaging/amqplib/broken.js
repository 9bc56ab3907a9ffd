// Invoices over RabbitMQ (amqplib, not instrumented): the worker's spans start new traces.
import amqp from 'amqplib';
import { trace } from '@opentelemetry/api';

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
  channel.sendToQueue('invoices', Buffer.from(JSON.stringify(order)), { persistent: true });
}

export async function startInvoicing(render) {
  await channel.consume('invoices', async (msg) => {
    const span = tracer.startSpan('invoices process');
    try {
      await render(JSON.parse(msg.content.toString()));
      channel.ack(msg);
    } finally {
      span.end();
    }
  });
}
