// Checkout service: HTTP handler → worker thread → child process → timers.
// Every hop below loses the trace; the correct twin is fixed.js.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { context, propagation, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('checkout');

if (!isMainThread) {
  // The worker reads its job but never continues the caller's trace: its span starts a new one.
  tracer.startActiveSpan('price.calculate', (span) => {
    try {
      parentPort.postMessage(workerData.items.reduce((sum, item) => sum + item.price, 0));
    } finally {
      span.end();
    }
  });
}

function priceInWorker(items) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { items } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function printReceipt(orderId) {
  return spawn(process.execPath, ['receipt.js', orderId], { stdio: 'inherit' });
}

export async function handleCheckout(req, res) {
  // The extracted context is thrown away: the handler continues whatever context was active.
  propagation.extract(context.active(), req.headers);
  const span = tracer.startSpan('checkout');
  const order = JSON.parse(await readBody(req));
  const total = await priceInWorker(order.items);
  printReceipt(order.id);
  const traceparent = `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;
  try {
    await fetch('http://payments.internal/charge', { method: 'POST', headers: { traceparent }, body: JSON.stringify({ total }) });
    res.writeHead(200).end();
  } catch (error) {
    res.writeHead(502).end(String(error));
  }
  span.end();
}

export function startStockSync(inventory) {
  tracer.startActiveSpan('stock.sync', (span) => {
    inventory.on('change', (item) => tracer.startSpan('stock.change', { attributes: { item } }).end());
    setInterval(() => inventory.refresh(), 30_000);
    span.end();
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
