// Shipping labels over SQS (AWS SDK v3, not instrumented): trace context in message attributes, read back per message.
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('shipping');
const sqs = new SQSClient({});
const QueueUrl = process.env.LABELS_QUEUE_URL;

const attributeSetter = {
  set: (carrier, key, value) => {
    carrier[key] = { DataType: 'String', StringValue: value };
  },
};
const attributeGetter = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key]?.StringValue,
};

export async function requestLabel(shipment) {
  const MessageAttributes = { carrier: { DataType: 'String', StringValue: shipment.carrier } };
  propagation.inject(context.active(), MessageAttributes, attributeSetter);
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(shipment), MessageAttributes }));
}

export async function pollLabels(print) {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['traceparent', 'tracestate', 'baggage'] }),
  );
  for (const message of Messages) {
    const parent = propagation.extract(ROOT_CONTEXT, message.MessageAttributes ?? {}, attributeGetter);
    await tracer.startActiveSpan('labels process', { kind: SpanKind.CONSUMER }, parent, async (span) => {
      try {
        await print(JSON.parse(message.Body));
      } finally {
        span.end();
      }
    });
  }
}
