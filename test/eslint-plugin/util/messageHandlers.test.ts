import * as assert from 'node:assert/strict';

import type { Dialect, ProbeNode, ProbeProgram } from './probe';

import { analyzeHandler, receivedMessageHandlers } from '../../../eslint-plugin/src/util/messageHandlers';
import { classifyConsumerSite } from '../../../eslint-plugin/src/util/messagingClients';
import { collectCalls, probe } from './probe';

type ConsumerArgument = Parameters<typeof classifyConsumerSite>[1];

/** Calls, `new` expressions and `for await` loops of a program, in source order. */
function candidates(program: ProbeProgram): ProbeNode[] {
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

/** The verdict for each consumer site of `code` with a visible handler, as `operation: verdict`. */
function verdicts(code: string, dialect: Dialect): string[] {
  return probe(code, dialect, (context, program) =>
    candidates(program).flatMap((node) => {
      const site = classifyConsumerSite(context, node as ConsumerArgument);
      if (site?.handler === undefined) return [];
      const bufferHeaders = site.family === 'kafkajs' || site.family === 'confluent-kafkajs';
      const analysis = analyzeHandler(
        context,
        { body: site.handler, message: site.message },
        { batch: site.operation === 'eachBatch', bufferHeaders, natsHeaders: site.family === 'nats', payloadCarrier: site.family === 'bullmq' },
      );
      const raw = analysis.rawExtract === undefined ? '' : ` at line ${String(analysis.rawExtract.loc.start.line)}`;
      return [`${site.operation}: ${analysis.verdict}${raw}`];
    }),
  );
}

/** The per-message handlers found for each `ReceiveMessageCommand`, as `line of handler: message binding`. */
function receivedHandlers(code: string, dialect: Dialect): string[] {
  return probe(code, dialect, (context, program) =>
    candidates(program).flatMap((node) => {
      const site = classifyConsumerSite(context, node as ConsumerArgument);
      if (site?.operation !== 'ReceiveMessageCommand') return [];
      return receivedMessageHandlers(context, site).map((handler) => `${String(handler.body.loc.start.line)}: ${handler.message === undefined ? '-' : context.sourceCode.getText(handler.message)}`);
    }),
  );
}

const KAFKA_HEADER = `
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });`;

describe('messageHandlers', () => {
  describe('analyzeHandler()', () => {
    it('answers continues when the extracted context reaches context.with', () => {
      const code = `${KAFKA_HEADER}
consumer.run({ eachMessage: async ({ message }) => context.with(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, getter), () => save(message.value)) });`;
      assert.deepEqual(verdicts(code, 'ts'), ['eachMessage: continues']);
    });

    it('answers missing when the handler only reads the payload', () => {
      const code = `${KAFKA_HEADER}
consumer.run({ eachMessage: async ({ topic, partition, message }) => { await save(topic, partition, message.value); } });`;
      assert.deepEqual(verdicts(code, 'ts'), ['eachMessage: missing']);
    });

    it('answers unknown when the message goes to an imported function or a method', () => {
      const code = `${KAFKA_HEADER}
import { handle } from './handle';
consumer.run({ eachMessage: async (payload) => handle(payload) });
consumer.run({ eachMessage: async ({ message }) => { await service.process(message); } });
consumer.run({ eachMessage: async ({ message }) => { await handle({ headers: message.headers }); } });`;
      assert.deepEqual(verdicts(code, 'ts'), ['eachMessage: unknown', 'eachMessage: unknown', 'eachMessage: unknown']);
    });

    it('answers floating for a bare extract statement and for an extract kept in a variable never read', () => {
      const code = `${KAFKA_HEADER}
consumer.run({ eachMessage: async ({ message }) => { propagation.extract(ROOT_CONTEXT, message.headers, getter); } });
consumer.run({ eachMessage: async ({ message }) => { const unused = propagation.extract(ROOT_CONTEXT, message.headers, getter); } });`;
      assert.deepEqual(verdicts(code, 'ts'), ['eachMessage: floating', 'eachMessage: floating']);
    });

    it('answers bufferHeaders for a kafkajs extract of message.headers without a getter, and names the call', () => {
      const code = `${KAFKA_HEADER}
consumer.run({ eachMessage: async ({ message }) => {
  const { headers } = message;
  return context.with(propagation.extract(ROOT_CONTEXT, headers), run);
} });`;
      assert.deepEqual(verdicts(code, 'ts'), ['eachMessage: bufferHeaders at line 7']);
    });

    it('answers natsHeaders for a NATS extract of msg.headers without a getter, and continues with one', () => {
      const code = `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { connect } from 'nats';
const nc = await connect();
nc.subscribe('a', { callback: (err, msg) => context.with(propagation.extract(ROOT_CONTEXT, msg.headers), run) });
nc.subscribe('b', { callback: (err, msg) => context.with(propagation.extract(ROOT_CONTEXT, msg.headers, natsGetter), run) });`;
      assert.deepEqual(verdicts(code, 'ts'), ['callback: natsHeaders at line 5', 'callback: continues']);
    });

    it('follows local helper functions the message is handed to, however deep', () => {
      const code = `${KAFKA_HEADER}
function inContext(message, fn) { return context.with(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, getter), fn); }
const process = async (message) => inContext(message, () => save(message.value));
async function onMessage({ message }) { await process(message); }
consumer.run({ eachMessage: onMessage });`;
      assert.deepEqual(verdicts(code, 'esm'), ['eachMessage: continues']);
    });

    it('answers continues for a batch extracting per message, in a loop or a map callback', () => {
      const code = `${KAFKA_HEADER}
consumer.run({ eachBatch: async ({ batch }) => {
  for (const message of batch.messages) await context.with(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, getter), () => save(message));
} });
consumer.run({ eachBatch: async ({ batch: { messages } }) => {
  await Promise.all(messages.map(handleOne));
} });
function handleOne(message) { return context.with(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, getter), () => save(message)); }`;
      assert.deepEqual(verdicts(code, 'ts'), ['eachBatch: continues', 'eachBatch: continues']);
    });

    it('answers continues for a batch whose span gets links, and batchWithoutLinks for one extract for the whole batch', () => {
      const code = `${KAFKA_HEADER}
consumer.run({ eachBatch: async ({ batch }) => { const span = tracer.startSpan('b', { links: toLinks(batch) }); span.end(); } });
consumer.run({ eachBatch: async ({ batch }) => { const span = tracer.startSpan('b'); span.addLinks(links); span.end(); } });
consumer.run({ eachBatch: async ({ batch }) => context.with(propagation.extract(ROOT_CONTEXT, batch.messages[0].headers, getter), () => saveAll(batch.messages.length)) });`;
      assert.deepEqual(verdicts(code, 'ts'), ['eachBatch: continues', 'eachBatch: continues', 'eachBatch: batchWithoutLinks']);
    });

    it('answers continues for a handler that deliberately starts a new trace', () => {
      const code = `${KAFKA_HEADER}
consumer.run({ eachMessage: async ({ message }) => context.with(ROOT_CONTEXT, () => audit(message.value)) });
consumer.run({ eachMessage: async ({ message }) => { const span = tracer.startSpan('audit', { root: true }); span.end(); } });`;
      assert.deepEqual(verdicts(code, 'ts'), ['eachMessage: continues', 'eachMessage: continues']);
    });

    it('does not count acknowledgements on the client or logging as handing the message on', () => {
      const code = `
import amqp from 'amqplib';
const channel = await (await amqp.connect(url)).createChannel();
await channel.consume('q', (msg) => { console.log(msg); JSON.stringify(msg); channel.ack(msg); });`;
      assert.deepEqual(verdicts(code, 'ts'), ['consume: missing']);
    });

    it('treats BullMQ job.data as a carrier but Pub/Sub and NATS data as payload', () => {
      const code = `
import { Worker } from 'bullmq';
import { PubSub } from '@google-cloud/pubsub';
import { connect } from 'nats';
new Worker('q', async (job) => { await run(job.data); });
new PubSub().subscription('s').on('message', (message) => run(message.data));
const nc = await connect();
for await (const msg of nc.subscribe('orders')) run(msg.data);`;
      assert.deepEqual(verdicts(code, 'ts'), ['Worker: unknown', 'message: missing', 'iterator: missing']);
    });
  });

  describe('analyzeHandler() on SQS received messages', () => {
    it('answers attributeValues for an extract of MessageAttributes without a getter, and continues with one', () => {
      const code = `
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function poll() {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  for (const message of Messages) await context.with(propagation.extract(ROOT_CONTEXT, message.MessageAttributes ?? {}), run);
  for (const { MessageAttributes } of Messages) await context.with(propagation.extract(ROOT_CONTEXT, MessageAttributes ?? {}, getter), run);
}`;
      const found = probe(code, 'ts', (context, program) =>
        candidates(program).flatMap((node) => {
          const site = classifyConsumerSite(context, node as ConsumerArgument);
          if (site?.operation !== 'ReceiveMessageCommand') return [];
          return receivedMessageHandlers(context, site).map((handler) => analyzeHandler(context, handler, { batch: false, bufferHeaders: false, sqsAttributes: true }).verdict);
        }),
      );
      assert.deepEqual(found, ['attributeValues', 'continues']);
    });
  });

  describe('receivedMessageHandlers()', () => {
    it('finds loops and element callbacks over the Messages of a receive response', () => {
      const code = `
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function poll() {
  const response = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  for (const message of response.Messages ?? []) await handle(message.Body);
  response.Messages?.forEach((m) => handle(m.Body));
  const { Messages } = response;
  await Promise.all((Messages || []).map(processOne));
}
async function processOne(entry) {}`;
      assert.deepEqual(receivedHandlers(code, 'ts'), ['6: message', '7: m', '11: entry']);
    });

    it('finds nothing when the messages are returned to the caller', () => {
      const code = `
const { ReceiveMessageCommand } = require('@aws-sdk/client-sqs');
async function poll(sqs) {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  return Messages;
}`;
      assert.deepEqual(receivedHandlers(code, 'cjs'), []);
    });
  });
});
