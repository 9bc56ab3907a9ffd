import * as assert from 'node:assert/strict';

import type { Dialect, ProbeContext, ProbeNode, ProbeProgram } from './probe';

import { classifyConsumerSite, classifySendCall, getMessagingClients, MESSAGING_MODULES } from '../../../eslint-plugin/src/util/messagingClients';
import { collectCalls, probe } from './probe';

type SendArgument = Parameters<typeof classifySendCall>[1];
type ConsumerArgument = Parameters<typeof classifyConsumerSite>[1];

/**
 * Classifies every call/new of `code` as a send, rendered
 * `family library operation: headers | headers | ...` with each message's headers as source text,
 * `missing`, or `unknown` when the messages cannot be seen. Calls that are not sends are left out.
 */
function sends(code: string, dialect: Dialect): string[] {
  return probe(code, dialect, (context, program) =>
    collectCalls(program).flatMap((call) => {
      const site = classifySendCall(context, call as SendArgument);
      if (site === undefined) return [];
      const text = (node: ProbeNode | 'missing'): string => (node === 'missing' ? 'missing' : context.sourceCode.getText(node));
      const messages = site.messages === undefined ? 'unknown' : site.messages.map((message) => [text(message.headers), ...message.alternatives.map(text)].join(' or ')).join(' | ');
      return [`${site.family} ${site.library} ${site.operation}: ${messages}`];
    }),
  );
}

/** Every node of a program that could be a consumer site, in source order. */
function consumerCandidates(program: ProbeProgram): ProbeNode[] {
  const nodes: ProbeNode[] = [...collectCalls(program)];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.type === 'ForOfStatement') nodes.push(node as ProbeNode);
    for (const [key, value] of Object.entries(record)) if (key !== 'parent') visit(value);
  };
  visit(program);
  return nodes.sort((a, b) => a.range[0] - b.range[0]);
}

/** Classifies consumer sites, rendered `family library operation: handler-first-line / message`. */
function consumers(code: string, dialect: Dialect): string[] {
  return probe(code, dialect, (context: ProbeContext, program) =>
    consumerCandidates(program).flatMap((node) => {
      const site = classifyConsumerSite(context, node as ConsumerArgument);
      if (site === undefined) return [];
      const handler = site.handler === undefined ? '-' : (context.sourceCode.getText(site.handler).split('\n')[0] ?? '');
      const message = site.message === undefined ? '-' : context.sourceCode.getText(site.message);
      return [`${site.family} ${site.library} ${site.operation}: ${handler} / ${message}`];
    }),
  );
}

/** The role of the client each identifier named `name` resolves to, in source order. */
function rolesOf(code: string, dialect: Dialect, name: string): string[] {
  return probe(code, dialect, (context, program) => {
    const clients = getMessagingClients(context);
    const found: string[] = [];
    const visit = (node: unknown, parentKey: string): void => {
      if (typeof node !== 'object' || node === null) return;
      if (Array.isArray(node)) {
        for (const child of node) visit(child, parentKey);
        return;
      }
      const record = node as Record<string, unknown>;
      if (record.type === 'Identifier' && record.name === name && parentKey !== 'id' && parentKey !== 'property' && parentKey !== 'key') {
        const client = clients.clientOf(node as ProbeNode);
        found.push(client === undefined ? '-' : `${client.family}.${client.role}`);
      }
      for (const [key, value] of Object.entries(record)) if (key !== 'parent') visit(value, key);
    };
    visit(program, '');
    return found;
  });
}

describe('messagingClients', () => {
  describe('MESSAGING_MODULES', () => {
    it('lists every module a recognized client comes from', () => {
      assert.deepEqual([...MESSAGING_MODULES].sort(), [
        '@aws-sdk/client-sns',
        '@aws-sdk/client-sqs',
        '@confluentinc/kafka-javascript',
        '@google-cloud/pubsub',
        '@nats-io/transport-node',
        'amqplib',
        'amqplib/callback_api',
        'bullmq',
        'kafkajs',
        'nats',
        'node-rdkafka',
      ]);
    });
  });

  describe('classifySendCall()', () => {
    it('recognizes kafkajs send with headers per message literal', () => {
      const code = `
const { Kafka } = require('kafkajs');
const kafka = new Kafka({ brokers: ['b:9092'] });
const producer = kafka.producer();
async function go(h) {
  await producer.send({ topic: 't', messages: [{ value: 'a', headers: h }, { value: 'b' }] });
}`;
      assert.deepEqual(sends(code, 'cjs'), ['kafkajs kafkajs send: h | missing']);
    });

    it('follows messages built in a constant and by .map', () => {
      const code = `
import { Kafka } from 'kafkajs';
const producer = new Kafka({}).producer();
export async function a(items: string[], carrier: Record<string, string>) {
  const messages = items.map((value) => ({ value, headers: { ...carrier } }));
  await producer.send({ topic: 't', messages });
  const list = [{ value: 'x' }];
  await producer.send({ topic: 't', messages: list });
}`;
      assert.deepEqual(sends(code, 'ts'), ['kafkajs kafkajs send: { ...carrier }', 'kafkajs kafkajs send: missing']);
    });

    it('answers unknown messages when they come from a parameter or a spread without headers', () => {
      const code = `
import { Kafka } from 'kafkajs';
const producer = new Kafka({}).producer();
export async function a(messages, base) {
  await producer.send({ topic: 't', messages });
  await producer.send({ topic: 't', messages: [{ ...base, value: 'x' }] });
}`;
      assert.deepEqual(sends(code, 'esm'), ['kafkajs kafkajs send: unknown', 'kafkajs kafkajs send: unknown']);
    });

    it('recognizes sendBatch and transactions', () => {
      const code = `
const kafkajs = require('kafkajs');
const producer = new kafkajs.Kafka({}).producer({ transactionalId: 'x' });
async function go() {
  const tx = await producer.transaction();
  await tx.send({ topic: 't', messages: [{ value: '1', headers: { a: '1' } }] });
  await producer.sendBatch({ topicMessages: [{ topic: 'a', messages: [{ value: '1' }] }, { topic: 'b', messages: [{ value: '2', headers: h }] }] });
}`;
      assert.deepEqual(sends(code, 'cjs'), ["kafkajs kafkajs send: { a: '1' }", 'kafkajs kafkajs sendBatch: missing | h']);
    });

    it('recognizes the Confluent KafkaJS-compatible API', () => {
      const code = `
const { Kafka } = require('@confluentinc/kafka-javascript').KafkaJS;
const producer = new Kafka({ kafkaJS: { brokers: ['b'] } }).producer();
producer.send({ topic: 't', messages: [{ value: 'v' }] });`;
      assert.deepEqual(sends(code, 'cjs'), ['confluent-kafkajs confluent-kafka-javascript send: missing']);
    });

    it('recognizes node-rdkafka and Confluent callback producers with the headers argument', () => {
      const code = `
const Kafka = require('node-rdkafka');
const Confluent = require('@confluentinc/kafka-javascript');
const p = new Kafka.Producer({ 'metadata.broker.list': 'b' });
const q = new Confluent.HighLevelProducer({});
p.produce('t', null, Buffer.from('v'), 'k', Date.now());
p.produce('t', null, Buffer.from('v'), 'k', Date.now(), undefined, [{ traceparent: tp }]);
q.produce('t', null, Buffer.from('v'), 'k', Date.now(), undefined, hdrs);`;
      assert.deepEqual(sends(code, 'cjs'), [
        'rdkafka node-rdkafka produce: missing',
        'rdkafka node-rdkafka produce: [{ traceparent: tp }]',
        'rdkafka confluent-kafka-javascript produce: hdrs',
      ]);
    });

    it('recognizes amqplib channels through await, then and the callback API', () => {
      const code = `
const amqp = require('amqplib');
const cb = require('amqplib/callback_api');
async function a() {
  const conn = await amqp.connect('amqp://x');
  const ch = await conn.createConfirmChannel();
  ch.publish('ex', 'key', Buffer.from('m'), { persistent: true });
  ch.sendToQueue('q', Buffer.from('m'), { headers: carrier });
  ch.sendToQueue('q', Buffer.from('m'));
}
amqp.connect('amqp://x').then((conn) => conn.createChannel()).then((ch) => ch.publish('e', 'k', body, opts));
cb.connect('amqp://x', (err, conn) => {
  conn.createChannel((err2, ch) => ch.sendToQueue('q', body, { headers: { traceparent: t } }));
});`;
      assert.deepEqual(sends(code, 'cjs'), [
        'amqplib amqplib publish: missing',
        'amqplib amqplib sendToQueue: carrier',
        'amqplib amqplib sendToQueue: missing',
        'amqplib amqplib publish: unknown',
        'amqplib amqplib sendToQueue: { traceparent: t }',
      ]);
    });

    it('recognizes AWS SDK v3 SQS and SNS commands', () => {
      const code = `
import { SQSClient, SendMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import * as sns from '@aws-sdk/client-sns';
const client = new SQSClient({});
await client.send(new SendMessageCommand({ QueueUrl: u, MessageBody: 'b' }));
await client.send(new SendMessageBatchCommand({ QueueUrl: u, Entries: [{ Id: '1', MessageBody: 'a', MessageAttributes: attrs }] }));
await new sns.SNSClient({}).send(new sns.PublishCommand({ TopicArn: t, Message: 'm', MessageAttributes: { a: x } }));
await new sns.SNSClient({}).send(new sns.PublishBatchCommand({ TopicArn: t, PublishBatchRequestEntries: entries }));`;
      assert.deepEqual(sends(code, 'ts'), [
        'aws-sqs aws-sdk SendMessageCommand: missing',
        'aws-sqs aws-sdk SendMessageBatchCommand: attrs',
        'aws-sns aws-sdk PublishCommand: { a: x }',
        'aws-sns aws-sdk PublishBatchCommand: unknown',
      ]);
    });

    it('does not take a command of the same name from another module', () => {
      const code = `
import { SendMessageCommand } from './commands';
new SendMessageCommand({});`;
      assert.deepEqual(sends(code, 'esm'), []);
    });

    it('recognizes Pub/Sub topics', () => {
      const code = `
const { PubSub } = require('@google-cloud/pubsub');
const pubsub = new PubSub();
const topic = pubsub.topic('t');
topic.publishMessage({ data: Buffer.from('x') });
pubsub.topic('u').publishMessage({ data, attributes: { k: 'v' } });
topic.publish(Buffer.from('x'), attrs);`;
      assert.deepEqual(sends(code, 'cjs'), ['pubsub google-cloud-pubsub publishMessage: missing', "pubsub google-cloud-pubsub publishMessage: { k: 'v' }", 'pubsub google-cloud-pubsub publish: attrs']);
    });

    it('recognizes NATS connections and JetStream', () => {
      const code = `
import { connect } from 'nats';
const nc = await connect({ servers: 'x' });
nc.publish('s', data);
nc.publish('s', data, { headers: h });
const js = nc.jetstream();
await js.publish('s', data, { msgID: '1' });`;
      assert.deepEqual(sends(code, 'esm'), ['nats nats publish: missing', 'nats nats publish: h', 'nats nats publish: missing']);
    });

    it('recognizes BullMQ queues with data and options', () => {
      const code = `
import { Queue } from 'bullmq';
const queue = new Queue('q', { connection });
await queue.add('job', { a: 1 });
await queue.add('job', payload, { jobId: 'x' });
await queue.addBulk([{ name: 'n', data: { b: 2 }, opts: o }]);`;
      assert.deepEqual(sends(code, 'ts'), ['bullmq bullmq add: { a: 1 }', "bullmq bullmq add: payload or { jobId: 'x' }", 'bullmq bullmq addBulk: { b: 2 } or o']);
    });

    it('marks BullMQ queues and Pub/Sub clients whose options turn on their own propagation', () => {
      const code = `
import { Queue } from 'bullmq';
import { PubSub } from '@google-cloud/pubsub';
const plain = new Queue('a', { connection });
const traced = new Queue('b', { connection, telemetry: otel });
const opaque = new Queue('c', options);
plain.add('x', {});
traced.add('x', {});
opaque.add('x', {});
new PubSub({ enableOpenTelemetryTracing: true }).topic('t').publishMessage({ data });
new PubSub({ enableOpenTelemetryTracing: false }).topic('t').publishMessage({ data });`;
      const flags = probe(code, 'esm', (context, program) =>
        collectCalls(program).flatMap((call) => {
          const site = classifySendCall(context, call as SendArgument);
          return site === undefined ? [] : [`${site.family} ${String(site.selfPropagating)}`];
        }),
      );
      assert.deepEqual(flags, ['bullmq false', 'bullmq true', 'bullmq true', 'pubsub true', 'pubsub false']);
    });

    it('ignores look-alike methods on unrelated objects', () => {
      const code = `
const producer = makeProducer();
producer.send({ topic: 't', messages: [] });
channel.publish('e', 'k', b);
queue.add('x', {});
nc.publish('s', d);`;
      assert.deepEqual(sends(code, 'cjs'), []);
    });
  });

  describe('MessagingClients.clientOf()', () => {
    it('follows a module-level let assigned in another function', () => {
      const code = `
import { Kafka } from 'kafkajs';
const kafka = new Kafka({});
let producer;
export async function init() { producer = kafka.producer(); await producer.connect(); }
export async function send() { await producer.send({ topic: 't', messages: [] }); }`;
      assert.deepEqual(rolesOf(code, 'esm', 'producer'), ['kafkajs.producer', 'kafkajs.producer', 'kafkajs.producer']);
    });

    it('gives up on a variable assigned two different things', () => {
      const code = `
import { Kafka } from 'kafkajs';
const kafka = new Kafka({});
let producer = kafka.producer();
producer = other();
producer.send({});`;
      assert.deepEqual(rolesOf(code, 'esm', 'producer'), ['-', '-']);
    });

    it('follows destructuring from a local factory and helper returns', () => {
      const code = `
const { Kafka } = require('kafkajs');
function createClients() {
  const kafka = new Kafka({});
  return { producer: kafka.producer(), consumer: kafka.consumer({ groupId: 'g' }) };
}
const getProducer = () => createClients().producer;
const { producer, consumer } = createClients();
producer; consumer;`;
      assert.deepEqual(rolesOf(code, 'cjs', 'producer'), ['kafkajs.producer', 'kafkajs.producer']);
      assert.deepEqual(rolesOf(code, 'cjs', 'consumer'), ['kafkajs.consumer', 'kafkajs.consumer']);
    });

    it('follows class fields written in the constructor and in arrows', () => {
      const code = `
import { Kafka } from 'kafkajs';
class Publisher {
  constructor(kafka: Kafka) { this.kafka = new Kafka({}); this.producer = this.kafka.producer(); }
  start = () => { this.other = 1; };
  async publish() { await this.producer.send({ topic: 't', messages: [] }); }
}`;
      assert.deepEqual(sends(code, 'ts'), ['kafkajs kafkajs send: ']);
    });

    it('gives up on a class field also written by an arrow-valued field', () => {
      const code = `
import { Kafka } from 'kafkajs';
class Publisher {
  producer = new Kafka({}).producer();
  reset = () => { this.producer = makeFake(); };
  async publish() { await this.producer.send({ topic: 't', messages: [] }); }
}`;
      assert.deepEqual(sends(code, 'ts'), []);
    });

    it('ignores a local function named like a factory', () => {
      const code = `
function connect() { return {}; }
const nc = connect();
nc.publish('s', d);`;
      assert.deepEqual(sends(code, 'esm'), []);
    });
  });

  describe('classifyConsumerSite()', () => {
    it('recognizes kafkajs eachMessage and eachBatch handlers', () => {
      const code = `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({}).consumer({ groupId: 'g' });
await consumer.run({ eachMessage: async ({ topic, message }) => {} });
await consumer.run({ eachBatch: handleBatch });
async function handleBatch({ batch }) {}`;
      assert.deepEqual(consumers(code, 'esm'), ['kafkajs kafkajs eachMessage: async ({ topic, message }) => {} / { topic, message }', 'kafkajs kafkajs eachBatch: async function handleBatch({ batch }) {} / { batch }']);
    });

    it('recognizes rdkafka, amqplib, SQS, Pub/Sub, NATS and BullMQ consumers', () => {
      const code = `
const Kafka = require('node-rdkafka');
const amqp = require('amqplib');
const { ReceiveMessageCommand } = require('@aws-sdk/client-sqs');
const { PubSub } = require('@google-cloud/pubsub');
const { connect } = require('nats');
const { Worker } = require('bullmq');
const c = new Kafka.KafkaConsumer({}, {});
c.on('ready', () => {});
c.on('data', (data) => {});
async function main() {
  const ch = await (await amqp.connect('x')).createChannel();
  ch.consume('q', (msg) => {});
  new ReceiveMessageCommand({ QueueUrl: u });
  new PubSub().subscription('s').on('message', (message) => {});
  const nc = await connect();
  nc.subscribe('s', { callback: (err, msg) => {} });
  const sub = nc.subscribe('t');
  for await (const m of sub) {}
  new Worker('q', async (job) => {});
}`;
      assert.deepEqual(consumers(code, 'cjs'), [
        'rdkafka node-rdkafka data: (data) => {} / data',
        'amqplib amqplib consume: (msg) => {} / msg',
        'aws-sqs aws-sdk ReceiveMessageCommand: - / -',
        'pubsub google-cloud-pubsub message: (message) => {} / message',
        'nats nats callback: (err, msg) => {} / msg',
        'nats nats iterator: for await (const m of sub) {} / m',
        'bullmq bullmq Worker: async (job) => {} / job',
      ]);
    });
  });
});
