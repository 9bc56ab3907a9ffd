// Runs one side of examples/messaging/kafkajs (argv[2]: the example, argv[3]: producer | consumer)
// against the broker in KAFKA_BROKER. The producer publishes one order inside a PRODUCER span, as
// the calling code of publishOrder would; the consumer handles one order and exits.
import { pathToFileURL } from 'node:url';
import { SpanKind, trace } from '@opentelemetry/api';
import kafkajs from 'kafkajs';
import { startDeadline } from './deadline.mjs';

// The example never calls connect(): the driver connects each client before its first use.
function connectFirst(client, method) {
  const original = client[method].bind(client);
  let connected;
  client[method] = async (...args) => {
    connected ??= client.connect();
    await connected;
    return original(...args);
  };
  return client;
}
const { producer, consumer } = kafkajs.Kafka.prototype;
kafkajs.Kafka.prototype.producer = function (...args) {
  return connectFirst(producer.apply(this, args), 'send');
};
kafkajs.Kafka.prototype.consumer = function (...args) {
  return connectFirst(consumer.apply(this, args), 'subscribe');
};

const example = await import(pathToFileURL(process.argv[2]).href);
const tracer = trace.getTracer('verify-driver');
const provider = globalThis.verifyTracerProvider;
const finish = startDeadline(process.argv[3]);

if (process.argv[3] === 'producer') {
  await tracer.startActiveSpan('orders publish', { kind: SpanKind.PRODUCER }, async (span) => {
    await example.publishOrder({ id: 'order-1', items: 2 });
    span.end();
  });
  await finish(provider);
} else {
  await example.startFulfilment(async (order) => {
    tracer.startSpan('order.fulfil', { attributes: { 'order.id': order.id } }).end();
    // The handler ends its span in the microtasks after this returns; setImmediate runs after them.
    setImmediate(() => void finish(provider));
  });
}
