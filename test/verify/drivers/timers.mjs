// Runs a timers example (argv[2]) under the context manager sdk.mjs was told to use: one
// addToBasket call inside a page-load span, then flushes.
import { pathToFileURL } from 'node:url';
import { trace } from '@opentelemetry/api';

const example = await import(pathToFileURL(process.argv[2]).href);
const refreshed = [];
await trace.getTracer('verify-driver').startActiveSpan('page.load', async (span) => {
  await example.addToBasket('sku-1', (item) => refreshed.push(item));
  span.end();
});
if (refreshed.join() !== 'sku-1') throw new Error(`refresh ran with ${refreshed.join()}`);
await globalThis.verifyTracerProvider?.forceFlush();
