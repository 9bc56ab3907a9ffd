// Checkout service: HTTP handler → worker thread → child process → timers.
// The correct twin of broken.js: the trace crosses every hop.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('checkout');

// The OpenTelemetry env-carrier convention: TRACEPARENT, TRACESTATE, BAGGAGE.
const envSetter = {
  set(carrier, key, value) {
    carrier[key.toUpperCase()] = value;
  },
};

if (!isMainThread) {
  const parent = propagation.extract(ROOT_CONTEXT, workerData.traceContext);
  context.with(parent, () => {
    tracer.startActiveSpan('price.calculate', (span) => {
      try {
        parentPort.postMessage(workerData.items.reduce((sum, item) => sum + item.price, 0));
      } finally {
        span.end();
      }
    });
  });
}

function priceInWorker(items) {
  const traceContext = {};
  propagation.inject(context.active(), traceContext);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { items, traceContext } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function printReceipt(orderId) {
  const env = { ...process.env };
  propagation.inject(context.active(), env, envSetter);
  return spawn(process.execPath, ['receipt.js', orderId], { env, stdio: 'inherit' });
}

export async function handleCheckout(req, res) {
  const parentContext = propagation.extract(context.active(), req.headers);
  await tracer.startActiveSpan('checkout', {}, parentContext, async (span) => {
    try {
      const order = JSON.parse(await readBody(req));
      const total = await priceInWorker(order.items);
      printReceipt(order.id);
      const headers = {};
      propagation.inject(context.active(), headers);
      await fetch('http://payments.internal/charge', { method: 'POST', headers, body: JSON.stringify({ total }) });
      res.writeHead(200).end();
    } catch (error) {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      res.writeHead(502).end(String(error));
    } finally {
      span.end();
    }
  });
}

export function startStockSync(inventory) {
  tracer.startActiveSpan('stock.sync', (span) => {
    try {
      inventory.on(
        'change',
        context.bind(context.active(), (item) => tracer.startSpan('stock.change', { attributes: { item } }).end()),
      );
      // Each refresh is its own trace, not a child of this sync forever.
      context.with(ROOT_CONTEXT, () => setInterval(() => inventory.refresh(), 30_000));
    } finally {
      span.end();
    }
  });
}

function readBody(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });
}

if (isMainThread && process.argv[2] === 'serve') {
  http.createServer(handleCheckout).listen(Number(process.env.PORT ?? 8080));
}
