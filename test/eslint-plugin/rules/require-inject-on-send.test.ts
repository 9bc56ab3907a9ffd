import rule from '../../../eslint-plugin/src/rules/require-inject-on-send';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('require-inject-on-send', rule, {
  valid: [
    `
import { context, propagation } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publishAll(items: string[]) {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const messages = items.map((value) => ({ value, headers: { ...carrier, 'content-type': 'text/plain' } }));
  await producer.send({ topic: 'items', messages });
}
`,
    `
import * as api from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publishAll(items: string[]) {
  await producer.send({
    topic: 'items',
    messages: items.map((value) => {
      const headers: Record<string, string> = {};
      api.propagation.inject(api.context.active(), headers);
      return { value, headers };
    }),
  });
}
`,
    `
import { context, propagation } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
function withTraceContext(headers: Record<string, string> = {}) {
  propagation.inject(context.active(), headers);
  return headers;
}
export async function publish(value: string) {
  await producer.send({ topic: 'items', messages: [{ value, headers: withTraceContext({ source: 'api' }) }] });
}
`,
    {
      code: `
import { Kafka } from 'kafkajs';
import { traceHeaders } from './tracing';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publish(value: string) {
  const headers = { ...traceHeaders(), source: 'api' };
  await producer.send({ topic: 'items', messages: [{ value, headers }] });
}
`,
      options: [{ carrierFactories: ['traceHeaders'] }],
    },
    `
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publish(value: string, headers: Record<string, string>) {
  await producer.send({ topic: 'items', messages: [{ value, headers }] });
}
export async function publishMany(messages: { value: string }[]) {
  await producer.send({ topic: 'items', messages });
}
export async function publishBuilt(value: string) {
  await producer.send({ topic: 'items', messages: [buildMessage(value)] });
}
`,
    `
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export function heartbeat() {
  return context.with(ROOT_CONTEXT, async () => {
    await producer.send({ topic: 'heartbeat', messages: [{ value: 'ping' }] });
  });
}
`,
    {
      code: `
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publish(value: string) {
  await producer.send({ topic: 'items', messages: [{ value }] });
}
`,
      settings: { 'otel-propagation': { instrumented: ['kafkajs'] } },
    },
    {
      code: `
import amqp from 'amqplib';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function publish(body: string) {
  const channel = await (await amqp.connect('amqp://localhost')).createChannel();
  channel.sendToQueue('tasks', Buffer.from(body));
  await sqs.send(new SendMessageCommand({ QueueUrl: 'u', MessageBody: body }));
}
`,
      settings: { 'otel-propagation': { instrumented: ['amqplib', 'aws-sdk'] } },
    },
    `
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { Kafka } from 'kafkajs';
new KafkaJsInstrumentation();
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publish(value: string) {
  await producer.send({ topic: 'items', messages: [{ value }] });
}
`,
    `
import { context, propagation } from '@opentelemetry/api';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
const setter = { set: (carrier: Record<string, MessageAttributeValue>, key: string, value: string) => { carrier[key] = { DataType: 'String', StringValue: value }; } };
export async function enqueue(body: string) {
  const attributes: Record<string, MessageAttributeValue> = { kind: { DataType: 'String', StringValue: 'order' } };
  propagation.inject(context.active(), attributes, setter);
  await sqs.send(new SendMessageCommand({ QueueUrl: 'u', MessageBody: body, MessageAttributes: attributes }));
}
`,
    `
import { context, propagation } from '@opentelemetry/api';
import { connect, headers } from 'nats';
const nc = await connect();
export function announce(data: Uint8Array) {
  const h = headers();
  propagation.inject(context.active(), h, { set: (carrier, key, value) => carrier.set(key, value) });
  nc.publish('updates', data, { headers: h });
}
`,
    `
import { context, propagation } from '@opentelemetry/api';
import { PubSub } from '@google-cloud/pubsub';
import { Queue } from 'bullmq';
const topic = new PubSub().topic('orders');
const queue = new Queue('emails');
export async function publish(data: Buffer, to: string) {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  await topic.publishMessage({ data, attributes: { ...carrier, origin: 'web' } });
  await queue.add('send', { to, traceContext: carrier });
}
`,
    `
class Mailer { send(message: object) { return message; } }
const producer = new Mailer();
producer.send({ topic: 't', messages: [{ value: 'x' }] });
const channel = { publish(...args: unknown[]) { return args; } };
channel.publish('e', 'k', 'b');
`,
    `
import { Kafka } from 'kafkajs';
import { producer } from './kafka';
export async function publish(value: string) {
  await producer.send({ topic: 'items', messages: [{ value }] });
}
`,
    `
import { context, propagation } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publish(value: string) {
  const headers: Record<string, string> = { source: 'api' };
  const message = { value, headers };
  propagation.inject(context.active(), headers);
  await producer.send({ topic: 'items', messages: [message] });
}
`,
    `
import { connect } from '@nats-io/transport-node';
export async function forward(nc: Awaited<ReturnType<typeof connect>>, msg: { data: Uint8Array; headers?: unknown }) {
  const conn = await connect({ servers: 'localhost:4222' });
  conn.publish('jobs.retry', msg.data, { headers: msg.headers as never });
}
`,
  ],
  invalid: [
    {
      code: `
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });
const producer = kafka.producer();
export async function publishOrder(order: { id: string }) {
  await producer.send({ topic: 'orders', messages: [{ key: order.id, value: JSON.stringify(order) }] });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 104,
          line: 6,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { Kafka } from 'kafkajs';
import { propagation, context } from '@opentelemetry/api';
const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });
const producer = kafka.producer();
export async function publishOrder(order: { id: string }) {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  await producer.send({ topic: 'orders', messages: [{ key: order.id, value: JSON.stringify(order), headers: carrier }] });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context, propagation } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publishAll(items: string[]) {
  const messages = items.map((value) => ({ value, headers: { 'content-type': 'text/plain' } }));
  await producer.send({ topic: 'items', messages });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 52,
          line: 7,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { context, propagation } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publishAll(items: string[]) {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const messages = items.map((value) => ({ value, headers: { 'content-type': 'text/plain', ...carrier } }));
  await producer.send({ topic: 'items', messages });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context, propagation } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
const carrier: Record<string, string> = {};
export function captureContext() {
  propagation.inject(context.active(), carrier);
}
export async function publish(value: string) {
  await producer.send({ topic: 'items', messages: [{ value, headers: carrier }] });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 83,
          line: 10,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { context, propagation } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
const carrier: Record<string, string> = {};
export function captureContext() {
  propagation.inject(context.active(), carrier);
}
export async function publish(value: string) {
  const otelCarrier: Record<string, string> = {};
  propagation.inject(context.active(), otelCarrier);
  await producer.send({ topic: 'items', messages: [{ value, headers: { ...carrier, ...otelCarrier } }] });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publish(value: string) {
  const headers = { source: 'api' };
  const message = { value, headers };
  await producer.send({ topic: 'items', messages: [message] });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 63,
          line: 7,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { Kafka } from 'kafkajs';
import { propagation, context } from '@opentelemetry/api';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publish(value: string) {
  const headers = { source: 'api' };
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const message = { value, headers: { ...headers, ...carrier } };
  await producer.send({ topic: 'items', messages: [message] });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Kafka } from 'kafkajs';
function createClients() {
  const kafka = new Kafka({ brokers: ['kafka:9092'] });
  return { producer: kafka.producer(), admin: kafka.admin() };
}
const { producer } = createClients();
export async function flush(a: string, b: string) {
  await producer.sendBatch({ topicMessages: [{ topic: 'a', messages: [{ value: a }] }, { topic: 'b', messages: [{ value: b, headers: {} }] }] });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 145,
          line: 9,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { Kafka } from 'kafkajs';
import { propagation, context } from '@opentelemetry/api';
function createClients() {
  const kafka = new Kafka({ brokers: ['kafka:9092'] });
  return { producer: kafka.producer(), admin: kafka.admin() };
}
const { producer } = createClients();
export async function flush(a: string, b: string) {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  await producer.sendBatch({ topicMessages: [{ topic: 'a', messages: [{ value: a, headers: carrier }] }, { topic: 'b', messages: [{ value: b, headers: { ...carrier } }] }] });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: ['kafka:9092'] });
let producer;
export async function init() {
  producer = kafka.producer({ transactionalId: 'orders' });
  await producer.connect();
}
export async function commit(value: string) {
  const transaction = await producer.transaction();
  await transaction.send({ topic: 'orders', messages: [{ value }] });
  await transaction.commit();
}
`,
      errors: [
        {
          column: 9,
          endColumn: 69,
          line: 11,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { Kafka } from 'kafkajs';
import { propagation, context } from '@opentelemetry/api';
const kafka = new Kafka({ brokers: ['kafka:9092'] });
let producer;
export async function init() {
  producer = kafka.producer({ transactionalId: 'orders' });
  await producer.connect();
}
export async function commit(value: string) {
  const transaction = await producer.transaction();
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  await transaction.send({ topic: 'orders', messages: [{ value, headers: carrier }] });
  await transaction.commit();
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Kafka, type Producer } from 'kafkajs';
export class OrderPublisher {
  private readonly producer: Producer;
  constructor() {
    this.producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
  }
  async publish(value: string) {
    await this.producer.send({ topic: 'orders', messages: [{ value }] });
  }
}
`,
      errors: [
        {
          column: 11,
          endColumn: 73,
          line: 9,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { Kafka, type Producer } from 'kafkajs';
import { propagation, context } from '@opentelemetry/api';
export class OrderPublisher {
  private readonly producer: Producer;
  constructor() {
    this.producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
  }
  async publish(value: string) {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    await this.producer.send({ topic: 'orders', messages: [{ value, headers: carrier }] });
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
import { KafkaJS } from '@confluentinc/kafka-javascript';
const producer = new KafkaJS.Kafka({ kafkaJS: { brokers: ['kafka:9092'] } }).producer();
export async function publish(value: string) {
  await producer.send({ topic: 'items', messages: [{ value }] });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 65,
          line: 5,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { KafkaJS } from '@confluentinc/kafka-javascript';
import { propagation, context } from '@opentelemetry/api';
const producer = new KafkaJS.Kafka({ kafkaJS: { brokers: ['kafka:9092'] } }).producer();
export async function publish(value: string) {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  await producer.send({ topic: 'items', messages: [{ value, headers: carrier }] });
}
`,
            },
          ],
        },
      ],
      settings: { 'otel-propagation': { instrumented: ['kafkajs'] } },
    },
    {
      code: `
import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function enqueueAll(bodies: string[]) {
  const entries = bodies.map((body, index) => ({ Id: String(index), MessageBody: body }));
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'u', Entries: entries }));
}
`,
      errors: [
        {
          column: 18,
          endColumn: 82,
          line: 6,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { propagation, context } from '@opentelemetry/api';
const sqs = new SQSClient({});
export async function enqueueAll(bodies: string[]) {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const entries = bodies.map((body, index) => ({ Id: String(index), MessageBody: body, MessageAttributes: Object.fromEntries(Object.entries(carrier).map(([key, value]) => [key, { DataType: 'String', StringValue: value }])) }));
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'u', Entries: entries }));
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
export async function enqueue(body: string) {
  await sqs.send(new SendMessageCommand({
    QueueUrl: 'u',
    MessageBody: body,
    MessageAttributes: { a: attribute('1'), b: attribute('2'), c: attribute('3'), d: attribute('4'), e: attribute('5'), f: attribute('6'), g: attribute('7'), h: attribute('8') },
  }));
}
`,
      errors: [
        {
          column: 18,
          endColumn: 5,
          line: 6,
          messageId: 'sqsAttributeLimit',
          suggestions: [],
        },
      ],
      settings: { 'otel-propagation': { instrumented: ['aws-sdk'] } },
    },
    {
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function enqueue(body: string, s: { DataType: 'String'; StringValue: string }) {
  await sqs.send(new SendMessageCommand({ QueueUrl: 'u', MessageBody: body, MessageAttributes: { a: s, b: s, c: s, d: s, e: s, f: s, g: s, h: s } }));
  await sqs.send(new SendMessageCommand({ QueueUrl: 'u', MessageBody: body, MessageAttributes: { a: s, b: s, c: s, d: s, e: s, f: s, g: s, h: s, i: s, j: s } }));
}
`,
      errors: [
        {
          column: 18,
          endColumn: 149,
          line: 5,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { propagation, context } from '@opentelemetry/api';
const sqs = new SQSClient({});
export async function enqueue(body: string, s: { DataType: 'String'; StringValue: string }) {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  await sqs.send(new SendMessageCommand({ QueueUrl: 'u', MessageBody: body, MessageAttributes: { a: s, b: s, c: s, d: s, e: s, f: s, g: s, h: s, ...Object.fromEntries(Object.entries(carrier).map(([key, value]) => [key, { DataType: 'String', StringValue: value }])) } }));
  await sqs.send(new SendMessageCommand({ QueueUrl: 'u', MessageBody: body, MessageAttributes: { a: s, b: s, c: s, d: s, e: s, f: s, g: s, h: s, i: s, j: s } }));
}
`,
            },
          ],
        },
        {
          column: 18,
          endColumn: 161,
          line: 6,
          messageId: 'sqsAttributeLimit',
          suggestions: [],
        },
      ],
      options: [{ propagationFieldCount: 1 }],
    },
    {
      code: `
import { connect } from 'nats';
const nc = await connect({ servers: 'nats://localhost:4222' });
export function announce(data: Uint8Array) {
  const js = nc.jetstream();
  return js.publish('updates', data, { msgID: 'u-1' });
}
`,
      errors: [
        {
          column: 10,
          endColumn: 55,
          line: 6,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { connect, headers } from 'nats';
import { propagation, context } from '@opentelemetry/api';
const nc = await connect({ servers: 'nats://localhost:4222' });
export function announce(data: Uint8Array) {
  const js = nc.jetstream();
  const carrier = headers();
  propagation.inject(context.active(), carrier, { set: (natsHeaders, key, value) => natsHeaders.set(key, value) });
  return js.publish('updates', data, { msgID: 'u-1', headers: carrier });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Queue } from 'bullmq';
const queue = new Queue('emails');
export async function schedule(to: string) {
  await queue.add('send', { to }, { attempts: 3 });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 51,
          line: 5,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { Queue } from 'bullmq';
import { propagation, context } from '@opentelemetry/api';
const queue = new Queue('emails');
export async function schedule(to: string) {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  await queue.add('send', { to, traceContext: carrier }, { attempts: 3 });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { connect } from '@nats-io/transport-node';
async function main() {
  const nc = await connect({ servers: 'localhost:4222' });
  const options = { timeout: 1000 };
  nc.publish('jobs', JSON.stringify({ id: 1 }), options);
}
`,
      errors: [
        {
          column: 3,
          endColumn: 57,
          line: 6,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { connect, headers } from '@nats-io/transport-node';
import { propagation, context } from '@opentelemetry/api';
async function main() {
  const nc = await connect({ servers: 'localhost:4222' });
  const carrier = headers();
  propagation.inject(context.active(), carrier, { set: (natsHeaders, key, value) => natsHeaders.set(key, value) });
  const options = { timeout: 1000, headers: carrier };
  nc.publish('jobs', JSON.stringify({ id: 1 }), options);
}
`,
            },
          ],
        },
      ],
    },
    {
      // The rule skips files that load no messaging client; an escape that spells one still counts.
      code: `
import { Kafka } from 'kafka\\x6As';
const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });
const producer = kafka.producer();
export async function publishOrder(order: { id: string }) {
  await producer.send({ topic: 'orders', messages: [{ key: order.id, value: JSON.stringify(order) }] });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 104,
          line: 6,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { Kafka } from 'kafka\\x6As';
import { propagation, context } from '@opentelemetry/api';
const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });
const producer = kafka.producer();
export async function publishOrder(order: { id: string }) {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  await producer.send({ topic: 'orders', messages: [{ key: order.id, value: JSON.stringify(order), headers: carrier }] });
}
`,
            },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('require-inject-on-send', rule, {
  valid: [
    `
import { context, propagation } from '@opentelemetry/api';
import Kafka from 'node-rdkafka';
const producer = new Kafka.HighLevelProducer({ 'metadata.broker.list': 'kafka:9092' });
export function publish(value) {
  const carrier = {};
  propagation.inject(context.active(), carrier);
  producer.produce('events', null, Buffer.from(value), null, Date.now(), (err) => {}, Object.entries(carrier).map(([k, v]) => ({ [k]: v })));
}
`,
    `
import { context, propagation } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publish(value) {
  const message = { value, headers: {} };
  propagation.inject(context.active(), message.headers);
  await producer.send({ topic: 'items', messages: [message] });
}
`,
    `
import { Queue } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { PubSub } from '@google-cloud/pubsub';
const queue = new Queue('emails', { connection: { host: 'redis' }, telemetry: new BullMQOtel('mailer') });
const topic = new PubSub({ enableOpenTelemetryTracing: true }).topic('orders');
export async function publish(to, data) {
  await queue.add('send', { to });
  await topic.publishMessage({ data });
}
`,
    `
import amqp from 'amqplib';
const channel = await (await amqp.connect('amqp://localhost')).createChannel();
await channel.consume('orders', (msg) => {
  channel.publish('orders.retry', '', msg.content, { headers: msg.properties.headers });
});
`,
  ],
  invalid: [
    {
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function enqueue(body) {
  const command = new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: body, MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } } });
  await sqs.send(command);
}
`,
      errors: [
        {
          column: 19,
          endColumn: 172,
          line: 5,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { propagation, context } from '@opentelemetry/api';
const sqs = new SQSClient({});
export async function enqueue(body) {
  const carrier = {};
  propagation.inject(context.active(), carrier);
  const command = new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: body, MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' }, ...Object.fromEntries(Object.entries(carrier).map(([key, value]) => [key, { DataType: 'String', StringValue: value }])) } });
  await sqs.send(command);
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import * as sns from '@aws-sdk/client-sns';
const client = new sns.SNSClient({});
export async function notify(message) {
  await client.send(new sns.PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:1:orders', Message: message }));
}
`,
      errors: [
        {
          column: 21,
          endColumn: 109,
          line: 5,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import * as sns from '@aws-sdk/client-sns';
import { propagation, context } from '@opentelemetry/api';
const client = new sns.SNSClient({});
export async function notify(message) {
  const carrier = {};
  propagation.inject(context.active(), carrier);
  await client.send(new sns.PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:1:orders', Message: message, MessageAttributes: Object.fromEntries(Object.entries(carrier).map(([key, value]) => [key, { DataType: 'String', StringValue: value }])) }));
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { connect } from 'nats';
const nc = await connect({ servers: 'nats://localhost:4222' });
export function announce(data) {
  nc.publish('updates', data);
}
`,
      errors: [
        {
          column: 3,
          endColumn: 30,
          line: 5,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { connect, headers } from 'nats';
import { propagation, context } from '@opentelemetry/api';
const nc = await connect({ servers: 'nats://localhost:4222' });
export function announce(data) {
  const carrier = headers();
  propagation.inject(context.active(), carrier, { set: (natsHeaders, key, value) => natsHeaders.set(key, value) });
  nc.publish('updates', data, { headers: carrier });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { PubSub } from '@google-cloud/pubsub';
const topic = new PubSub().topic('orders');
export async function publish(data) {
  await topic.publishMessage({ data, attributes: { origin: 'web' } });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 70,
          line: 5,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { PubSub } from '@google-cloud/pubsub';
import { propagation, context } from '@opentelemetry/api';
const topic = new PubSub().topic('orders');
export async function publish(data) {
  const carrier = {};
  propagation.inject(context.active(), carrier);
  await topic.publishMessage({ data, attributes: { origin: 'web', ...carrier } });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { PubSub } from '@google-cloud/pubsub';
const topic = new PubSub({ enableOpenTelemetryTracing: false }).topic('orders');
export async function publish(data) {
  await topic.publishMessage({ data });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 39,
          line: 5,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { PubSub } from '@google-cloud/pubsub';
import { propagation, context } from '@opentelemetry/api';
const topic = new PubSub({ enableOpenTelemetryTracing: false }).topic('orders');
export async function publish(data) {
  const carrier = {};
  propagation.inject(context.active(), carrier);
  await topic.publishMessage({ data, attributes: carrier });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { context, propagation } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publish(value) {
  const headers = {};
  await producer.send({ topic: 'items', messages: [{ value, headers }] });
  propagation.inject(context.active(), headers);
}
`,
      errors: [
        {
          column: 9,
          endColumn: 74,
          line: 7,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
import { context, propagation } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();
export async function publish(value) {
  const headers = {};
  const carrier = {};
  propagation.inject(context.active(), carrier);
  await producer.send({ topic: 'items', messages: [{ value, headers: { ...headers, ...carrier } }] });
  propagation.inject(context.active(), headers);
}
`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('require-inject-on-send', rule, {
  valid: [
    `
const { context, propagation } = require('@opentelemetry/api');
const amqp = require('amqplib/callback_api');
amqp.connect('amqp://localhost', (err, connection) => {
  connection.createChannel((err2, channel) => {
    const headers = {};
    propagation.inject(context.active(), headers);
    channel.publish('logs', '', Buffer.from('hello'), { headers });
  });
});
`,
    `
require('@opentelemetry/auto-instrumentations-node/register');
const amqp = require('amqplib');
async function main(body) {
  const channel = await (await amqp.connect('amqp://localhost')).createChannel();
  channel.sendToQueue('tasks', Buffer.from(body));
}
`,
    `
const api = require('@opentelemetry/api');
const amqp = require('amqplib');
async function publish(channel, body) {
  const ch = await (await amqp.connect('amqp://localhost')).createConfirmChannel();
  const options = { persistent: true, headers: {} };
  api.propagation.inject(api.context.active(), options.headers);
  ch.publish('logs', '', Buffer.from(body), options);
}
`,
  ],
  invalid: [
    {
      code: `
const Kafka = require('node-rdkafka');
const producer = new Kafka.Producer({ 'metadata.broker.list': 'kafka:9092' });
function publish(value) {
  producer.produce('events', null, Buffer.from(value), null, Date.now());
}
`,
      errors: [
        {
          column: 3,
          endColumn: 73,
          line: 5,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
const Kafka = require('node-rdkafka');
const { propagation, context } = require('@opentelemetry/api');
const producer = new Kafka.Producer({ 'metadata.broker.list': 'kafka:9092' });
function publish(value) {
  const carrier = {};
  propagation.inject(context.active(), carrier);
  producer.produce('events', null, Buffer.from(value), null, Date.now(), undefined, Object.entries(carrier).map(([key, value]) => ({ [key]: value })));
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { HighLevelProducer } = require('@confluentinc/kafka-javascript');
const producer = new HighLevelProducer({});
function publish(value) {
  producer.produce('events', null, Buffer.from(value), null, Date.now(), null, [{ source: 'api' }], () => {});
}
`,
      errors: [
        {
          column: 3,
          endColumn: 110,
          line: 5,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
const { HighLevelProducer } = require('@confluentinc/kafka-javascript');
const { propagation, context } = require('@opentelemetry/api');
const producer = new HighLevelProducer({});
function publish(value) {
  const carrier = {};
  propagation.inject(context.active(), carrier);
  producer.produce('events', null, Buffer.from(value), null, Date.now(), null, [{ source: 'api' }, ...Object.entries(carrier).map(([key, value]) => ({ [key]: value }))], () => {});
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const confluent = require('@confluentinc/kafka-javascript');
const { Kafka } = confluent.KafkaJS;
const producer = new Kafka({ kafkaJS: { brokers: ['kafka:9092'] } }).producer();
async function publish(value) {
  await producer.send({ topic: 'items', messages: [{ value }] });
}
`,
      errors: [
        {
          column: 9,
          endColumn: 65,
          line: 6,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
const confluent = require('@confluentinc/kafka-javascript');
const { propagation, context } = require('@opentelemetry/api');
const { Kafka } = confluent.KafkaJS;
const producer = new Kafka({ kafkaJS: { brokers: ['kafka:9092'] } }).producer();
async function publish(value) {
  const carrier = {};
  propagation.inject(context.active(), carrier);
  await producer.send({ topic: 'items', messages: [{ value, headers: carrier }] });
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
async function main(body) {
  const connection = await amqp.connect('amqp://localhost');
  const channel = await connection.createChannel();
  channel.sendToQueue('tasks', Buffer.from(body), { persistent: true });
  channel.publish('logs', '', Buffer.from(body), { headers: { 'x-origin': 'api' } });
}
`,
      errors: [
        {
          column: 3,
          endColumn: 72,
          line: 6,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
const amqp = require('amqplib');
const { propagation, context } = require('@opentelemetry/api');
async function main(body) {
  const connection = await amqp.connect('amqp://localhost');
  const channel = await connection.createChannel();
  const carrier = {};
  propagation.inject(context.active(), carrier);
  channel.sendToQueue('tasks', Buffer.from(body), { persistent: true, headers: carrier });
  channel.publish('logs', '', Buffer.from(body), { headers: { 'x-origin': 'api' } });
}
`,
            },
          ],
        },
        {
          column: 3,
          endColumn: 85,
          line: 7,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
const amqp = require('amqplib');
const { propagation, context } = require('@opentelemetry/api');
async function main(body) {
  const connection = await amqp.connect('amqp://localhost');
  const channel = await connection.createChannel();
  channel.sendToQueue('tasks', Buffer.from(body), { persistent: true });
  const carrier = {};
  propagation.inject(context.active(), carrier);
  channel.publish('logs', '', Buffer.from(body), { headers: { 'x-origin': 'api', ...carrier } });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const amqp = require('amqplib/callback_api');
amqp.connect('amqp://localhost', (err, connection) => {
  connection.createConfirmChannel((err2, channel) => {
    channel.publish('logs', '', Buffer.from('hello'), { contentType: 'text/plain' });
  });
});
`,
      errors: [
        {
          column: 5,
          endColumn: 85,
          line: 5,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
const amqp = require('amqplib/callback_api');
const { propagation, context } = require('@opentelemetry/api');
amqp.connect('amqp://localhost', (err, connection) => {
  connection.createConfirmChannel((err2, channel) => {
    const carrier = {};
    propagation.inject(context.active(), carrier);
    channel.publish('logs', '', Buffer.from('hello'), { contentType: 'text/plain', headers: carrier });
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
let producer;
function start() {
  producer = new Kafka.Producer({ 'metadata.broker.list': 'kafka:9092', dr_cb: true });
  producer.connect();
}
function publish(value) {
  producer.produce('events', null, Buffer.from(value), null, Date.now(), undefined, null);
}
`,
      errors: [
        {
          column: 3,
          endColumn: 90,
          line: 9,
          messageId: 'missingContext',
          suggestions: [
            {
              messageId: 'addCarrier',
              output: `
const Kafka = require('node-rdkafka');
const { propagation, context } = require('@opentelemetry/api');
let producer;
function start() {
  producer = new Kafka.Producer({ 'metadata.broker.list': 'kafka:9092', dr_cb: true });
  producer.connect();
}
function publish(value) {
  const carrier = {};
  propagation.inject(context.active(), carrier);
  producer.produce('events', null, Buffer.from(value), null, Date.now(), undefined, Object.entries(carrier).map(([key, value]) => ({ [key]: value })));
}
`,
            },
          ],
        },
      ],
    },
  ],
});
