// The same flow on Confluent's client through its KafkaJS-compatible API, which no OpenTelemetry package instruments.
import ConfluentKafka from '@confluentinc/kafka-javascript';
import { trace } from '@opentelemetry/api';

const { Kafka } = ConfluentKafka.KafkaJS;
const tracer = trace.getTracer('orders');
const kafka = new Kafka({ kafkaJS: { brokers: [process.env.KAFKA_BROKER ?? '127.0.0.1:9092'] } });
const producer = kafka.producer();
const consumer = kafka.consumer({ kafkaJS: { groupId: 'fulfilment' } });

export async function publishOrder(order) {
  await producer.send({ topic: 'orders', messages: [{ key: order.id, value: JSON.stringify(order) }] });
}

export async function startFulfilment(fulfil) {
  await consumer.subscribe({ topics: ['orders'] });
  await consumer.run({
    eachMessage: async ({ message }) => {
      await tracer.startActiveSpan('orders process', async (span) => {
        try {
          await fulfil(JSON.parse(message.value.toString()));
        } finally {
          span.end();
        }
      });
    },
  });
}
