// Orders flow through Kafka (kafkajs, not instrumented): the consumer starts a new trace for every message.
import { Kafka } from 'kafkajs';
import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('orders');
const kafka = new Kafka({ clientId: 'orders', brokers: [process.env.KAFKA_BROKER ?? '127.0.0.1:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'fulfilment' });

export async function publishOrder(order) {
  await producer.send({
    topic: 'orders',
    messages: [{ key: order.id, value: JSON.stringify(order) }],
  });
}

export async function startFulfilment(fulfil) {
  await consumer.subscribe({ topic: 'orders', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const span = tracer.startSpan('orders process');
      try {
        await fulfil(JSON.parse(message.value.toString()));
      } finally {
        span.end();
      }
    },
  });
}
