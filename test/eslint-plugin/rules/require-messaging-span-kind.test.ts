import rule from '../../../eslint-plugin/src/rules/require-messaging-span-kind';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('require-messaging-span-kind', rule, {
  valid: [
    `
import { context, SpanKind, trace } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const tracer = trace.getTracer('orders');
const producer = new Kafka({ brokers }).producer();
export async function publish(order: Order) {
  const span = tracer.startSpan('orders publish', { kind: SpanKind.PRODUCER });
  try {
    await context.with(trace.setSpan(context.active(), span), () => producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(order) }] }));
  } finally {
    span.end();
  }
}
`,
    `
import { trace } from '@opentelemetry/api';
import amqp from 'amqplib';
const tracer = trace.getTracer('x');
const channel = await (await amqp.connect(url)).createChannel();
export async function run(payload: Buffer) {
  const span = tracer.startSpan('validate');
  validate(payload);
  span.end();
  channel.sendToQueue('jobs', payload);
}
`,
    `
import { SpanKind, trace } from '@opentelemetry/api';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const tracer = trace.getTracer('poller');
const sqs = new SQSClient({});
export async function poll() {
  return tracer.startActiveSpan('orders receive', { kind: SpanKind.CLIENT }, async (span) => {
    const result = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));
    span.end();
    return result.Messages ?? [];
  });
}
`,
    `
import { SpanKind, trace } from '@opentelemetry/api';
import { PubSub } from '@google-cloud/pubsub';
const tracer = trace.getTracer('api');
const topic = new PubSub().topic('orders');
export function handle(req, res) {
  return tracer.startActiveSpan('POST /orders', { kind: SpanKind.SERVER }, async (span) => {
    await topic.publishMessage({ data: Buffer.from(req.body) });
    res.end();
    span.end();
  });
}
`,
    `
import { trace } from '@opentelemetry/api';
import { connect } from 'nats';
const tracer = trace.getTracer('x');
const nc = await connect();
export function send(data, base) {
  const span = tracer.startSpan('orders publish', { ...base });
  nc.publish('orders', data);
  span.end();
}
`,
    `
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export async function save(socket, data) {
  const span = tracer.startSpan('write');
  socket.send(data);
  span.end();
}
`,
    `
import { SpanKind, trace } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const tracer = trace.getTracer('startup');
const kafka = new Kafka({ brokers });
const consumer = kafka.consumer({ groupId: 'g' });
const producer = kafka.producer();
tracer.startActiveSpan('startup', async (span) => {
  await consumer.run({
    eachMessage: async ({ message }) => {
      await producer.send({ topic: 'audit', messages: [{ value: message.value }] });
    },
  });
  span.end();
});
`,
    `
import { SpanKind, trace } from '@opentelemetry/api';
import { PubSub } from '@google-cloud/pubsub';
const tracer = trace.getTracer('x');
const topic = new PubSub().topic('orders');
export async function publish(order) {
  const span = tracer.startSpan('orders publish', { kind: SpanKind.PRODUCER });
  if (!order) {
    span.end();
    return;
  }
  await topic.publishMessage({ data: Buffer.from(JSON.stringify(order)) });
  span.end();
}
`,
    `
import { trace } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const tracer = trace.getTracer('orders');
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const order = tracer.startActiveSpan('parse', (span) => {
      const value = JSON.parse(message.value!.toString());
      span.end();
      return value;
    });
    const saveSpan = tracer.startSpan('save');
    await save(order);
    saveSpan.end();
  },
});
`,
  ],
  invalid: [
    {
      code: `
import { trace } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const tracer = trace.getTracer('orders');
const producer = new Kafka({ brokers }).producer();
export async function publish(order: Order) {
  const span = tracer.startSpan('orders publish');
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(order) }] });
  span.end();
}
`,
      errors: [
        {
          column: 16,
          endColumn: 32,
          line: 7,
          messageId: 'missingKind',
          suggestions: [
            {
              messageId: 'addKind',
              output: `
import { trace, SpanKind } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const tracer = trace.getTracer('orders');
const producer = new Kafka({ brokers }).producer();
export async function publish(order: Order) {
  const span = tracer.startSpan('orders publish', { kind: SpanKind.PRODUCER });
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(order) }] });
  span.end();
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { SpanKind, trace } from '@opentelemetry/api';
import amqp from 'amqplib';
const tracer = trace.getTracer('x');
const channel = await (await amqp.connect(url)).createChannel();
export function publish(content: Buffer) {
  return tracer.startActiveSpan('jobs publish', { kind: SpanKind.INTERNAL }, (span) => {
    channel.sendToQueue('jobs', content);
    span.end();
  });
}
`,
      errors: [
        {
          column: 10,
          endColumn: 32,
          line: 7,
          messageId: 'wrongKind',
          suggestions: [
            {
              messageId: 'replaceKind',
              output: `
import { SpanKind, trace } from '@opentelemetry/api';
import amqp from 'amqplib';
const tracer = trace.getTracer('x');
const channel = await (await amqp.connect(url)).createChannel();
export function publish(content: Buffer) {
  return tracer.startActiveSpan('jobs publish', { kind: SpanKind.PRODUCER }, (span) => {
    channel.sendToQueue('jobs', content);
    span.end();
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
import { trace as api } from '@opentelemetry/api';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const tracer = api.getTracer('poller');
const sqs = new SQSClient({});
export async function poll() {
  const span = tracer.startSpan('orders receive', undefined);
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));
  span.end();
  return Messages;
}
`,
      errors: [
        {
          column: 16,
          endColumn: 32,
          line: 7,
          messageId: 'missingKind',
          suggestions: [
            {
              messageId: 'addKind',
              output: `
import { trace as api, SpanKind } from '@opentelemetry/api';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const tracer = api.getTracer('poller');
const sqs = new SQSClient({});
export async function poll() {
  const span = tracer.startSpan('orders receive', { kind: SpanKind.CLIENT });
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));
  span.end();
  return Messages;
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import * as otel from '@opentelemetry/api';
import { connect } from 'nats';
const tracer = otel.trace.getTracer('x');
const nc = await connect();
for await (const msg of nc.subscribe('orders')) {
  tracer.startActiveSpan('orders process', (span) => {
    handle(msg.data);
    span.end();
  });
}
`,
      errors: [
        {
          column: 3,
          endColumn: 25,
          line: 7,
          messageId: 'missingKind',
          suggestions: [
            {
              messageId: 'addKind',
              output: `
import * as otel from '@opentelemetry/api';
import { connect } from 'nats';
const tracer = otel.trace.getTracer('x');
const nc = await connect();
for await (const msg of nc.subscribe('orders')) {
  tracer.startActiveSpan('orders process', { kind: otel.SpanKind.CONSUMER }, (span) => {
    handle(msg.data);
    span.end();
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
import { SpanKind, trace } from '@opentelemetry/api';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const tracer = trace.getTracer('x');
const sqs = new SQSClient({});
const options = { attributes: { queue: 'orders' } };
export async function send(body: string) {
  const span = tracer.startSpan('orders send', options);
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
  span.end();
}
`,
      errors: [
        {
          column: 16,
          endColumn: 32,
          line: 8,
          messageId: 'missingKind',
          suggestions: [],
        },
      ],
    },
  ],
});

jsRuleTester.run('require-messaging-span-kind', rule, {
  valid: [
    `
import { trace } from '@opentelemetry/api';
import { Queue } from 'bullmq';
const tracer = trace.getTracer('jobs');
const queue = new Queue('emails');
export async function enqueue(kind) {
  const span = tracer.startSpan('emails enqueue', { kind });
  await queue.add('send', { to });
  span.end();
}
`,
    `
import { trace } from '@opentelemetry/api';
import { Queue } from 'bullmq';
const tracer = trace.getTracer('jobs');
const queue = new Queue('emails');
export async function enqueue(to) {
  const span = tracer.startSpan('emails enqueue', { kind: 3 });
  await queue.add('send', { to });
  span.end();
}
`,
  ],
  invalid: [
    {
      code: `
import { trace } from '@opentelemetry/api';
import { Worker } from 'bullmq';
const tracer = trace.getTracer('jobs');
new Worker('emails', async (job) => {
  const span = tracer.startSpan(\`emails process\`, {});
  await sendEmail(job.data);
  span.end();
});
`,
      errors: [
        {
          column: 16,
          endColumn: 32,
          line: 6,
          messageId: 'missingKind',
          suggestions: [
            {
              messageId: 'addKind',
              output: `
import { trace, SpanKind } from '@opentelemetry/api';
import { Worker } from 'bullmq';
const tracer = trace.getTracer('jobs');
new Worker('emails', async (job) => {
  const span = tracer.startSpan(\`emails process\`, { kind: SpanKind.CONSUMER });
  await sendEmail(job.data);
  span.end();
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { trace } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
function clients() {
  const kafka = new Kafka({ brokers });
  return { producer: kafka.producer() };
}
const { producer } = clients();
const tracer = trace.getTracer('orders');
export const publish = (order) =>
  tracer.startActiveSpan('orders publish', async (span) => {
    try {
      await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(order) }] });
    } finally {
      span.end();
    }
  });
`,
      errors: [
        {
          column: 3,
          endColumn: 25,
          line: 11,
          messageId: 'missingKind',
          suggestions: [
            {
              messageId: 'addKind',
              output: `
import { trace, SpanKind } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
function clients() {
  const kafka = new Kafka({ brokers });
  return { producer: kafka.producer() };
}
const { producer } = clients();
const tracer = trace.getTracer('orders');
export const publish = (order) =>
  tracer.startActiveSpan('orders publish', { kind: SpanKind.PRODUCER }, async (span) => {
    try {
      await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(order) }] });
    } finally {
      span.end();
    }
  });
`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('require-messaging-span-kind', rule, {
  valid: [
    `
const { propagation, trace, ROOT_CONTEXT, SpanKind } = require('@opentelemetry/api');
const { Kafka } = require('kafkajs');
const tracer = trace.getTracer('orders');
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
consumer.run({
  eachMessage: async ({ message }) => {
    const parent = propagation.extract(ROOT_CONTEXT, message.headers ?? {}, getter);
    await tracer.startActiveSpan('orders process', { kind: SpanKind.CONSUMER }, parent, async (span) => {
      const dbSpan = tracer.startSpan('db insert');
      await insert(message.value);
      dbSpan.end();
      span.end();
    });
  },
});
`,
    `
const { SpanKind, trace } = require('@opentelemetry/api');
const amqp = require('amqplib');
const tracer = trace.getTracer('relay');
async function main() {
  const channel = await (await amqp.connect(url)).createChannel();
  await channel.consume('in', (msg) => {
    const span = tracer.startSpan('relay', { kind: SpanKind.PRODUCER });
    channel.sendToQueue('out', msg.content);
    span.end();
  });
}
`,
  ],
  invalid: [
    {
      code: `
const { trace } = require('@opentelemetry/api');
const { Kafka } = require('kafkajs');
const tracer = trace.getTracer('orders');
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
async function handleMessage({ message }) {
  await tracer.startActiveSpan('orders process', { attributes: { 'messaging.system': 'kafka' } }, async (span) => {
    const child = tracer.startSpan('db insert');
    await insert(message.value);
    child.end();
    span.end();
  });
}
consumer.run({ eachMessage: handleMessage });
`,
      errors: [
        {
          column: 9,
          endColumn: 31,
          line: 7,
          messageId: 'missingKind',
          suggestions: [
            {
              messageId: 'addKind',
              output: `
const { trace, SpanKind } = require('@opentelemetry/api');
const { Kafka } = require('kafkajs');
const tracer = trace.getTracer('orders');
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
async function handleMessage({ message }) {
  await tracer.startActiveSpan('orders process', { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'kafka' } }, async (span) => {
    const child = tracer.startSpan('db insert');
    await insert(message.value);
    child.end();
    span.end();
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
const { SpanKind, trace } = require('@opentelemetry/api');
const { PubSub } = require('@google-cloud/pubsub');
const tracer = trace.getTracer('orders');
const subscription = new PubSub().subscription('orders-sub');
subscription.on('message', (message) => {
  tracer.startActiveSpan('orders process', { kind: SpanKind.SERVER }, (span) => {
    handle(message.data);
    message.ack();
    span.end();
  });
});
`,
      errors: [
        {
          column: 3,
          endColumn: 25,
          line: 7,
          messageId: 'wrongKind',
          suggestions: [
            {
              messageId: 'replaceKind',
              output: `
const { SpanKind, trace } = require('@opentelemetry/api');
const { PubSub } = require('@google-cloud/pubsub');
const tracer = trace.getTracer('orders');
const subscription = new PubSub().subscription('orders-sub');
subscription.on('message', (message) => {
  tracer.startActiveSpan('orders process', { kind: SpanKind.CONSUMER }, (span) => {
    handle(message.data);
    message.ack();
    span.end();
  });
});
`,
            },
          ],
        },
      ],
    },
  ],
});

