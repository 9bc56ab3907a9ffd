import rule from '../../../eslint-plugin/src/rules/require-extract-on-receive';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('require-extract-on-receive', rule, {
  valid: [
    `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';

const bufferGetter = {
  get: (carrier, key) => carrier[key]?.toString(),
  keys: (carrier) => Object.keys(carrier),
};
const consumer = new Kafka({ brokers }).consumer({ groupId: 'orders' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const parent = propagation.extract(ROOT_CONTEXT, message.headers ?? {}, bufferGetter);
    await context.with(parent, () => handleOrder(message.value));
  },
});
`,
    {
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    await handleOrder(message.value);
  },
});
`,
      settings: { 'otel-propagation': { 'instrumented': ['kafkajs'] } },
    },
    `
import { Kafka } from 'kafkajs';
import { handle } from './handlers';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({ eachMessage: (payload) => handle(payload) });
`,
    `
import { Kafka } from 'kafkajs';
import { onMessage } from './handlers';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({ eachMessage: onMessage });
`,
    `
import { Kafka } from 'kafkajs';
class OrderConsumer {
  consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
  async start() {
    await this.consumer.run({
      eachMessage: async ({ message }) => this.service.process(message),
    });
  }
}
`,
    `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
    for (const message of batch.messages) {
      const parent = propagation.extract(ROOT_CONTEXT, message.headers ?? {}, getter);
      await context.with(parent, () => handle(message.value));
      resolveOffset(message.offset);
      await heartbeat();
    }
  },
});
`,
    `
import { propagation, trace, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const tracer = trace.getTracer('batch');
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachBatch: async ({ batch }) => {
    const links = batch.messages.map((message) => ({
      context: trace.getSpanContext(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, getter)),
    }));
    const span = tracer.startSpan('orders process', { kind: SpanKind.CONSUMER, links });
    await saveAll(batch.messages.map((message) => message.value));
    span.end();
  },
});
`,
    `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import amqp from 'amqplib';
const connection = await amqp.connect(url);
const channel = await connection.createChannel();
await channel.consume('orders', (msg) => {
  if (msg === null) return;
  context.with(propagation.extract(ROOT_CONTEXT, msg.properties.headers ?? {}), () => {
    handle(msg.content);
    channel.ack(msg);
  });
});
`,
    `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { PubSub } from '@google-cloud/pubsub';
const subscription = new PubSub().subscription('orders');
subscription.on('message', (message) => {
  void propagation.extract(ROOT_CONTEXT, message.attributes);
  message.ack();
});
`,
    `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { connect } from 'nats';
const nc = await connect({ servers });
const sub = nc.subscribe('orders');
for await (const msg of sub) {
  const parent = propagation.extract(ROOT_CONTEXT, msg.headers, natsGetter);
  context.with(parent, () => handle(msg.data));
}
`,
    `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Worker } from 'bullmq';
const worker = new Worker('emails', async (job) => {
  const parent = propagation.extract(ROOT_CONTEXT, job.data.otel ?? {});
  return context.with(parent, () => sendEmail(job.data.to));
}, { connection });
`,
    `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function poll(queueUrl: string) {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'] }));
  for (const message of Messages ?? []) {
    const carrier = Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]));
    await context.with(propagation.extract(ROOT_CONTEXT, carrier), () => handle(message.Body));
  }
}
`,
    {
      code: `
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
const response = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
response.Messages?.forEach((message) => handle(message.Body));
`,
      settings: { 'otel-propagation': { 'instrumented': ['aws-sdk'] } },
    },
    `
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { processMessage } from './process';
const sqs = new SQSClient({});
const response = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['traceparent', 'tracestate', 'baggage'] }));
for (const message of response.Messages ?? []) await processMessage(message);
`,
    `
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'audit' });
// Audit events deliberately start their own traces.
await consumer.run({
  eachMessage: async ({ message }) => context.with(ROOT_CONTEXT, () => audit(message.value)),
});
`,
    `
import { trace } from '@opentelemetry/api';
import amqp from 'amqplib';
const tracer = trace.getTracer('jobs');
const channel = await (await amqp.connect(url)).createChannel();
await channel.consume('cleanup', (msg) => {
  const span = tracer.startSpan('cleanup', { root: true });
  cleanup(msg.content);
  span.end();
});
`,
    `
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { Kafka } from 'kafkajs';
registerInstrumentations({ instrumentations: [new KafkaJsInstrumentation()] });
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({ eachMessage: async ({ message }) => save(message.value) });
`,
    `
import { Kafka } from 'kafkajs';
function createClients() {
  const kafka = new Kafka({ brokers });
  return { consumer: kafka.consumer({ groupId: 'g' }) };
}
const { consumer } = createClients();
export class OrdersConsumer {
  async start() {
    await consumer.run({ eachMessage: (payload) => this.onMessage(payload) });
  }
}
`,
    `
import { Worker } from 'bullmq';
import { withJobContext } from './tracing';
new Worker('emails', async (job) => withJobContext(job, () => sendEmail(job.data.to)));
`,
    `
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
// X-Ray propagation: the context travels in the AWSTraceHeader system attribute.
const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['AWSTraceHeader'] }));
export const received = Messages;
`,
    `
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
export const receive = (QueueUrl: string, names: string[]) => new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: names });
`,
  ],
  invalid: [
    {
      code: `
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'orders' });
await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    await saveOrder(JSON.parse(message.value!.toString()));
  },
});
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 5,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
import { Kafka } from 'kafkajs';
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const kafka = new Kafka({ brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'orders' });
await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    return context.with(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, { get: (carrier, key) => carrier[key]?.toString(), keys: (carrier) => Object.keys(carrier) }), async () => {
      await saveOrder(JSON.parse(message.value!.toString()));
    });
  },
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { KafkaJS } from '@confluentinc/kafka-javascript';
const consumer = new KafkaJS.Kafka({ kafkaJS: { brokers } }).consumer({ kafkaJS: { groupId: 'g' } });
await consumer.run({
  eachMessage: async ({ message }) => {
    await save(message.value);
  },
});
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 4,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
import { KafkaJS } from '@confluentinc/kafka-javascript';
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const consumer = new KafkaJS.Kafka({ kafkaJS: { brokers } }).consumer({ kafkaJS: { groupId: 'g' } });
await consumer.run({
  eachMessage: async ({ message }) => {
    return context.with(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, { get: (carrier, key) => carrier[key]?.toString(), keys: (carrier) => Object.keys(carrier) }), async () => {
      await save(message.value);
    });
  },
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const parent = propagation.extract(ROOT_CONTEXT, message.headers ?? {});
    await context.with(parent, () => save(message.value));
  },
});
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 5,
          messageId: 'bufferHeaders',
          suggestions: [
            {
              messageId: 'useBufferGetter',
              output: `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const parent = propagation.extract(ROOT_CONTEXT, message.headers ?? {}, { get: (carrier, key) => carrier[key]?.toString(), keys: (carrier) => Object.keys(carrier) });
    await context.with(parent, () => save(message.value));
  },
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    propagation.extract(ROOT_CONTEXT, message.headers ?? {}, getter);
    await save(message.value);
  },
});
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 5,
          messageId: 'discardedExtract',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachBatch: async ({ batch, resolveOffset }) => {
    for (const message of batch.messages) {
      await save(message.value);
      resolveOffset(message.offset);
    }
  },
});
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 4,
          messageId: 'missingBatchContext',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachBatch: async ({ batch }) => {
    const parent = propagation.extract(ROOT_CONTEXT, batch.messages[0]?.headers ?? {}, getter);
    await context.with(parent, () => saveAll(batch.messages.map((m) => m.value)));
  },
});
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 5,
          messageId: 'missingBatchContext',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import amqp from 'amqplib';
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.consume('orders', async (msg) => {
  await handle(JSON.parse(msg!.content.toString()));
  channel.ack(msg!);
});
`,
      errors: [
        {
          column: 7,
          endColumn: 22,
          line: 5,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
import amqp from 'amqplib';
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.consume('orders', async (msg) => {
  return context.with(propagation.extract(ROOT_CONTEXT, msg?.properties.headers ?? {}), async () => {
    await handle(JSON.parse(msg!.content.toString()));
    channel.ack(msg!);
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { connect } from 'nats';
const nc = await connect({ servers: 'localhost:4222' });
nc.subscribe('orders', {
  callback: (err, msg) => {
    handle(msg.data);
  },
});
`,
      errors: [
        {
          column: 1,
          endColumn: 13,
          line: 4,
          messageId: 'missingExtract',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { connect } from 'nats';
const nc = await connect({ servers: 'localhost:4222' });
const sub = nc.subscribe('orders');
for await (const msg of sub) {
  handle(msg.data);
}
`,
      errors: [
        {
          column: 1,
          endColumn: 28,
          line: 5,
          messageId: 'missingExtract',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { Worker } from 'bullmq';
const worker = new Worker('emails', async (job) => {
  await sendEmail(job.name);
}, { connection });
`,
      errors: [
        {
          column: 16,
          endColumn: 26,
          line: 3,
          messageId: 'missingExtract',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function poll(QueueUrl: string) {
  const response = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  for (const message of response.Messages ?? []) {
    await handle(JSON.parse(message.Body!));
  }
}
`,
      errors: [
        {
          column: 35,
          endColumn: 60,
          line: 5,
          messageId: 'missingAttributeNames',
          suggestions: [],
        },
        {
          column: 35,
          endColumn: 60,
          line: 5,
          messageId: 'missingExtract',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const client = new SQSClient({});
const input = { QueueUrl, MessageAttributeNames: ['tenant'] };
const { Messages } = await client.send(new ReceiveMessageCommand(input));
Messages?.forEach((message) => handle(message.Body));
`,
      errors: [
        {
          column: 40,
          endColumn: 65,
          line: 5,
          messageId: 'missingAttributeNames',
          suggestions: [],
        },
        {
          column: 40,
          endColumn: 65,
          line: 5,
          messageId: 'missingExtract',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async (payload) => {
    const parent = propagation.extract(ROOT_CONTEXT, payload.message.headers ?? {}, getter);
    await save(payload.message.value);
  },
});
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 5,
          messageId: 'discardedExtract',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { Kafka } from 'kafkajs';
function createClients() {
  const kafka = new Kafka({ brokers });
  return { consumer: kafka.consumer({ groupId: 'g' }) };
}
const { consumer } = createClients();
await consumer.run({
  eachMessage: async ({ message: record }) => {
    await save(record.value);
  },
});
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 8,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
import { Kafka } from 'kafkajs';
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
function createClients() {
  const kafka = new Kafka({ brokers });
  return { consumer: kafka.consumer({ groupId: 'g' }) };
}
const { consumer } = createClients();
await consumer.run({
  eachMessage: async ({ message: record }) => {
    return context.with(propagation.extract(ROOT_CONTEXT, record.headers ?? {}, { get: (carrier, key) => carrier[key]?.toString(), keys: (carrier) => Object.keys(carrier) }), async () => {
      await save(record.value);
    });
  },
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async () => {
    await tick();
  },
});
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 4,
          messageId: 'missingExtract',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({ eachMessage: async ({ message }) => save(message.value) });
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 4,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
import { Kafka } from 'kafkajs';
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({ eachMessage: async ({ message }) => context.with(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, { get: (carrier, key) => carrier[key]?.toString(), keys: (carrier) => Object.keys(carrier) }), async () => save(message.value)) });
`,
            },
          ],
        },
      ],
      settings: { 'otel-propagation': { 'instrumented': ['amqplib'] } },
    },
    {
      code: `
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
export const receive = (QueueUrl: string) => new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['tenant'], AttributeNames: ['SentTimestamp'] });
`,
      errors: [
        {
          column: 46,
          endColumn: 71,
          line: 3,
          messageId: 'missingAttributeNames',
          suggestions: [],
        },
      ],
    },
    {
      code: `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { connect } from 'nats';
const nc = await connect({ servers });
for await (const msg of nc.subscribe('orders')) {
  await context.with(propagation.extract(ROOT_CONTEXT, msg.headers), () => handle(msg.data));
}
`,
      errors: [
        {
          column: 1,
          endColumn: 47,
          line: 5,
          messageId: 'natsHeaders',
          suggestions: [
            {
              messageId: 'useNatsGetter',
              output: `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { connect } from 'nats';
const nc = await connect({ servers });
for await (const msg of nc.subscribe('orders')) {
  await context.with(propagation.extract(ROOT_CONTEXT, msg.headers, { get: (carrier, key) => carrier?.get(key), keys: (carrier) => carrier?.keys() ?? [] }), () => handle(msg.data));
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import type { EachBatchPayload, EachMessagePayload } from 'kafkajs';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });

async function saveOrder(message: EachMessagePayload['message']): Promise<void> {
  await db.insert(JSON.parse(message.value!.toString()));
}

const onMessage = async ({ message }: EachMessagePayload): Promise<void> => {
  await saveOrder(message);
};

await consumer.run({ eachMessage: onMessage });
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 14,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
import type { EachBatchPayload, EachMessagePayload } from 'kafkajs';
import { Kafka } from 'kafkajs';
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });

async function saveOrder(message: EachMessagePayload['message']): Promise<void> {
  await db.insert(JSON.parse(message.value!.toString()));
}

const onMessage = async ({ message }: EachMessagePayload): Promise<void> => {
  return context.with(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, { get: (carrier, key) => carrier[key]?.toString(), keys: (carrier) => Object.keys(carrier) }), async () => {
    await saveOrder(message);
  });
};

await consumer.run({ eachMessage: onMessage });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import type { EachBatchPayload } from 'kafkajs';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });

async function onBatch({ batch, heartbeat }: EachBatchPayload) {
  await Promise.all(batch.messages.map(async (message) => db.insert(message.value)));
  await heartbeat();
}

await consumer.run({ eachBatch: onBatch });
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 11,
          messageId: 'missingBatchContext',
          suggestions: [],
        },
      ],
    },
  ],
});

jsRuleTester.run('require-extract-on-receive', rule, {
  valid: [
    `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });

function withMessageContext(message, fn) {
  const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
  return context.with(propagation.extract(ROOT_CONTEXT, headers), fn);
}

await consumer.run({
  eachMessage: async ({ message }) => withMessageContext(message, () => handle(message.value)),
});
`,
    `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { connect } from 'nats';
const natsGetter = { get: (headers, key) => headers.get(key), keys: (headers) => headers.keys() };
const nc = await connect({ servers });
nc.subscribe('orders', {
  callback: (err, msg) => {
    if (err) return;
    context.with(propagation.extract(ROOT_CONTEXT, msg.headers, natsGetter), () => handle(msg.data));
  },
});
`,
  ],
  invalid: [
    {
      code: `
import { trace } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
consumer.run({ eachMessage: async ({ message }) => save(message.value) });
`,
      errors: [
        {
          column: 1,
          endColumn: 13,
          line: 5,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
import { trace, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
consumer.run({ eachMessage: async ({ message }) => context.with(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, { get: (carrier, key) => carrier[key]?.toString(), keys: (carrier) => Object.keys(carrier) }), async () => save(message.value)) });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { PubSub } from '@google-cloud/pubsub';
const pubsub = new PubSub();
const subscription = pubsub.subscription('orders-sub');
subscription.on('message', (message) => {
  handle(message.data);
  message.ack();
});
`,
      errors: [
        {
          column: 1,
          endColumn: 16,
          line: 5,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
import { PubSub } from '@google-cloud/pubsub';
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const pubsub = new PubSub();
const subscription = pubsub.subscription('orders-sub');
subscription.on('message', (message) => {
  return context.with(propagation.extract(ROOT_CONTEXT, message.attributes ?? {}), () => {
    handle(message.data);
    message.ack();
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({ eachMessage: async ({ message }) => ({ ok: await save(message.value) }) });
`,
      errors: [
        {
          column: 7,
          endColumn: 19,
          line: 4,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
import { Kafka } from 'kafkajs';
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({ eachMessage: async ({ message }) => (context.with(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, { get: (carrier, key) => carrier[key]?.toString(), keys: (carrier) => Object.keys(carrier) }), async () => ({ ok: await save(message.value) }))) });
`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('require-extract-on-receive', rule, {
  valid: [
    `
const { propagation, trace, ROOT_CONTEXT, SpanKind } = require('@opentelemetry/api');
const { Kafka } = require('kafkajs');

const tracer = trace.getTracer('orders');
const kafka = new Kafka({ brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'orders' });

async function handleMessage({ topic, message }) {
  const parent = propagation.extract(ROOT_CONTEXT, message.headers, headerGetter);
  return tracer.startActiveSpan(\`\${topic} process\`, { kind: SpanKind.CONSUMER }, parent, async (span) => {
    await save(message.value);
    span.end();
  });
}

consumer.run({ eachMessage: handleMessage });
`,
    {
      code: `
const amqp = require('amqplib');
async function main() {
  const conn = await amqp.connect(url);
  const ch = await conn.createChannel();
  await ch.consume('q', (msg) => { handle(msg.content); ch.ack(msg); });
}
`,
      settings: { 'otel-propagation': { 'instrumented': ['amqplib'] } },
    },
    `
const emitter = new EventEmitter();
emitter.on('data', (chunk) => process(chunk));
channel.consume('q', (msg) => handle(msg.content));
`,
    `
const { context, propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
const Kafka = require('node-rdkafka');
const consumer = new Kafka.KafkaConsumer({ 'group.id': 'g' }, {});
consumer.on('data', (message) => {
  const carrier = Object.assign({}, ...(message.headers ?? []).map((h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, v.toString()]))));
  context.with(propagation.extract(ROOT_CONTEXT, carrier), () => handle(message.value));
});
`,
    `
const { context, propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
const { PubSub } = require('@google-cloud/pubsub');
const subscription = new PubSub().subscription('orders-sub');
subscription.on('message', (message) => {
  context.with(propagation.extract(ROOT_CONTEXT, message.attributes), () => handle(message.data));
  message.ack();
});
`,
    `
const { context, propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
const { ReceiveMessageCommand, SQSClient } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
const attributeGetter = { keys: (carrier) => Object.keys(carrier), get: (carrier, key) => carrier[key]?.StringValue };
async function poll(QueueUrl) {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));
  for (const message of Messages) {
    await context.with(propagation.extract(ROOT_CONTEXT, message.MessageAttributes ?? {}, attributeGetter), () => handle(message.Body));
  }
}
`,
  ],
  invalid: [
    {
      code: `
const { Kafka } = require('kafkajs');
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });

async function handleMessage(payload) {
  console.log(payload.topic);
  await save(payload.message.value);
}

consumer.run({ eachMessage: handleMessage });
`,
      errors: [
        {
          column: 1,
          endColumn: 13,
          line: 10,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
const { Kafka } = require('kafkajs');
const { context, propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });

async function handleMessage(payload) {
  return context.with(propagation.extract(ROOT_CONTEXT, payload.message.headers ?? {}, { get: (carrier, key) => carrier[key]?.toString(), keys: (carrier) => Object.keys(carrier) }), async () => {
    console.log(payload.topic);
    await save(payload.message.value);
  });
}

consumer.run({ eachMessage: handleMessage });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const amqp = require('amqplib/callback_api');
amqp.connect('amqp://localhost', (err, conn) => {
  conn.createChannel((err2, ch) => {
    function onMessage(msg) {
      handle(msg.content);
      ch.ack(msg);
    }
    ch.consume('orders', onMessage);
  });
});
`,
      errors: [
        {
          column: 5,
          endColumn: 15,
          line: 9,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
const amqp = require('amqplib/callback_api');
const { context, propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
amqp.connect('amqp://localhost', (err, conn) => {
  conn.createChannel((err2, ch) => {
    function onMessage(msg) {
      return context.with(propagation.extract(ROOT_CONTEXT, msg?.properties.headers ?? {}), () => {
        handle(msg.content);
        ch.ack(msg);
      });
    }
    ch.consume('orders', onMessage);
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const Kafka = require('node-rdkafka');
const consumer = new Kafka.KafkaConsumer({ 'group.id': 'g' }, {});
consumer.connect();
consumer.on('data', (message) => {
  handle(message.value);
});
`,
      errors: [
        {
          column: 1,
          endColumn: 12,
          line: 5,
          messageId: 'missingExtract',
          suggestions: [],
        },
      ],
    },
    {
      code: `
const { Worker } = require('bullmq');
async function processor({ name, id }) {
  await run(name, id);
}
new Worker('emails', processor);
`,
      errors: [
        {
          column: 1,
          endColumn: 11,
          line: 6,
          messageId: 'missingExtract',
          suggestions: [],
        },
      ],
    },
    {
      code: `
const { context: otelContext } = require('@opentelemetry/api');
const amqp = require('amqplib');
async function start(context) {
  const conn = await amqp.connect(url);
  const channel = await conn.createChannel();
  await channel.consume('orders', (msg) => {
    context.log(msg.content.toString());
    channel.ack(msg);
  });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 24,
          line: 7,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
const { context: otelContext, propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
const amqp = require('amqplib');
async function start(context) {
  const conn = await amqp.connect(url);
  const channel = await conn.createChannel();
  await channel.consume('orders', (msg) => {
    return otelContext.with(propagation.extract(ROOT_CONTEXT, msg?.properties.headers ?? {}), () => {
      context.log(msg.content.toString());
      channel.ack(msg);
    });
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { context, propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
const { ReceiveMessageCommand, SQSClient } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
async function poll(QueueUrl) {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));
  for (const message of Messages) {
    await context.with(propagation.extract(ROOT_CONTEXT, message.MessageAttributes ?? {}), () => handle(message.Body));
  }
}
`,
      errors: [
        {
          column: 44,
          endColumn: 69,
          line: 6,
          messageId: 'attributeValues',
          suggestions: [
            {
              messageId: 'useSqsGetter',
              output: `
const { context, propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
const { ReceiveMessageCommand, SQSClient } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
async function poll(QueueUrl) {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));
  for (const message of Messages) {
    await context.with(propagation.extract(ROOT_CONTEXT, message.MessageAttributes ?? {}, { get: (carrier, key) => carrier[key]?.StringValue, keys: (carrier) => Object.keys(carrier) }), () => handle(message.Body));
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const amqp = require('amqplib');
amqp.connect(url)
  .then((conn) => conn.createChannel())
  .then((ch) => ch.consume('orders', (msg) => {
    handle(msg.content);
    ch.ack(msg);
  }));
`,
      errors: [
        {
          column: 17,
          endColumn: 27,
          line: 5,
          messageId: 'missingExtract',
          suggestions: [
            {
              messageId: 'wrapInExtractedContext',
              output: `
const amqp = require('amqplib');
const { context, propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
amqp.connect(url)
  .then((conn) => conn.createChannel())
  .then((ch) => ch.consume('orders', (msg) => {
    return context.with(propagation.extract(ROOT_CONTEXT, msg?.properties.headers ?? {}), () => {
      handle(msg.content);
      ch.ack(msg);
    });
  }));
`,
            },
          ],
        },
      ],
    },
  ],
});

