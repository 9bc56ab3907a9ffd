// Orders flow through Kafka (kafkajs, not instrumented): the trace continues from producer to consumer.
import { Kafka } from 'kafkajs';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('orders');
const kafka = new Kafka({ clientId: 'orders', brokers: [process.env.KAFKA_BROKER ?? '127.0.0.1:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'fulfilment' });

// Kafka header values arrive as Buffers.
const bufferGetter = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key]?.toString(),
};

export async function publishOrder(order) {
  const headers = {};
  propagation.inject(context.active(), headers);
  await producer.send({
    topic: 'orders',
    messages: [{ key: order.id, value: JSON.stringify(order), headers }],
  });
}

export async function startFulfilment(fulfil) {
  await consumer.subscribe({ topic: 'orders', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parent = propagation.extract(ROOT_CONTEXT, message.headers ?? {}, bufferGetter);
      await tracer.startActiveSpan('orders process', { kind: SpanKind.CONSUMER }, parent, async (span) => {
        try {
          await fulfil(JSON.parse(message.value.toString()));
        } finally {
          span.end();
        }
      });
    },
  });
}
