// Runs examples/async-boundaries (or a plugin-fixed copy, argv[2]) for real: an HTTP client calls
// handleCheckout on a loopback server, then startStockSync runs against an in-memory inventory.
// The SDK comes from sdk.mjs, preloaded; the harness collects and judges the exported spans.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('verify-driver');

// The example polls every 30 s; the verification cannot wait that long, so the loop runs every
// 20 ms. The wrapper keeps the example's context behaviour: it calls the real setInterval.
const realSetInterval = globalThis.setInterval;
const intervals = [];
globalThis.setInterval = (callback, _delay, ...args) => {
  const handle = realSetInterval(callback, 20, ...args);
  intervals.push(handle);
  return handle;
};

const example = await import(pathToFileURL(process.argv[2]).href);

const server = http.createServer((req, res) => void example.handleCheckout(req, res));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

await tracer.startActiveSpan('verify.request', async (span) => {
  await new Promise((resolve, reject) => {
    const body = JSON.stringify({ id: 'order-1', items: [{ price: 2 }, { price: 3 }] });
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/checkout' }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  });
  span.end();
});
server.close();

const inventory = new EventEmitter();
let refreshes = 0;
const refreshed = new Promise((resolve) => {
  inventory.refresh = () => {
    tracer.startSpan('stock.refresh').end();
    if (++refreshes === 2) resolve();
  };
});
example.startStockSync(inventory);
// The change event comes from outside the sync, as a store's own callback would deliver it.
await new Promise((resolve) => setTimeout(resolve, 5));
context.with(ROOT_CONTEXT, () => inventory.emit('change', 'sku-1'));
await refreshed;
for (const handle of intervals) clearInterval(handle);
await globalThis.verifyTracerProvider?.forceFlush();
