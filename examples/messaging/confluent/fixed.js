// The same flow on Confluent's client through its KafkaJS-compatible API: injected and extracted by hand.
import ConfluentKafka from '@confluentinc/kafka-javascript';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';

const { Kafka } = ConfluentKafka.KafkaJS;
const tracer = trace.getTracer('orders');
const kafka = new Kafka({ kafkaJS: { brokers: [process.env.KAFKA_BROKER ?? '127.0.0.1:9092'] } });
const producer = kafka.producer();
const consumer = kafka.consumer({ kafkaJS: { groupId: 'fulfilment' } });

const bufferGetter = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key]?.toString(),
};

export async function publishOrder(order) {
  const headers = {};
  propagation.inject(context.active(), headers);
  await producer.send({ topic: 'orders', messages: [{ key: order.id, value: JSON.stringify(order), headers }] });
}

export async function startFulfilment(fulfil) {
  await consumer.subscribe({ topics: ['orders'] });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parent = propagation.extract(ROOT_CONTEXT, message.headers ?? {}, bufferGetter);
      await context.with(parent, () =>
        tracer.startActiveSpan('orders process', { kind: SpanKind.CONSUMER }, async (span) => {
          try {
            await fulfil(JSON.parse(message.value.toString()));
          } finally {
            span.end();
          }
        }),
      );
    },
  });
}
