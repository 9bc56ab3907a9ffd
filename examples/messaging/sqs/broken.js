// Shipping labels over SQS (AWS SDK v3, not instrumented): attributes carry no trace context,
// and the receiver does not even ask for them.
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('shipping');
const sqs = new SQSClient({});
const QueueUrl = process.env.LABELS_QUEUE_URL;

export async function requestLabel(shipment) {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl,
      MessageBody: JSON.stringify(shipment),
      MessageAttributes: { carrier: { DataType: 'String', StringValue: shipment.carrier } },
    }),
  );
}

export async function pollLabels(print) {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  for (const message of Messages) {
    const span = tracer.startSpan('labels process');
    try {
      await print(JSON.parse(message.Body));
    } finally {
      span.end();
    }
  }
}
