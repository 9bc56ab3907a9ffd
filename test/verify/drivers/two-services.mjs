// Runs an examples/sdk-runtime bootstrap (argv[2]) as the SDK setup of two HTTP services: this
// process is `checkout` and forks `inventory` (argv[3]), each calling the example's startTracing.
// Checkout fetches GET /stock once per trace inside a `checkout` root span; inventory answers inside
// a `stock.reserve` span. VERIFY_RATIOS (`checkout:0.25,inventory:0.5`) gives each service its
// ratio; VERIFY_TRACE_IDS fixes checkout's root trace ids (one request each), so every ratio
// sampler's decision is known in advance. The preload stays out of the way (VERIFY_OWN_SDK=1).
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { trace } from '@opentelemetry/api';
import { startDeadline } from './deadline.mjs';

const [example, role = 'checkout'] = process.argv.slice(2);
const ratios = new Map((process.env.VERIFY_RATIOS ?? '').split(',').filter(Boolean).map((pair) => pair.split(':')));
const traceIds = (process.env.VERIFY_TRACE_IDS ?? '').split(',').filter(Boolean);
const pending = [...traceIds];
const idGenerator =
  role === 'checkout' && traceIds.length > 0
    ? {
        generateTraceId: () => pending.shift() ?? randomBytes(16).toString('hex'),
        generateSpanId: () => randomBytes(8).toString('hex'),
      }
    : undefined;

const { startTracing } = await import(pathToFileURL(example).href);
const ratio = ratios.get(role);
const provider = startTracing({ serviceName: role, ratio: ratio === undefined ? undefined : Number(ratio), idGenerator });
// The instrumentations patch `http` when it is required; ESM `import http` then sees the patched module object.
const http = createRequire(import.meta.url)('node:http');
const tracer = trace.getTracer('verify-driver');
const finish = startDeadline(role);

if (role === 'inventory') {
  const server = http.createServer((req, res) => {
    tracer.startActiveSpan('stock.reserve', (span) => {
      span.end();
      res.end('{"reserved":true}');
    });
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', async () => {
    server.closeAllConnections();
    server.close();
    await finish(provider);
  });
} else {
  const inventory = fork(fileURLToPath(import.meta.url), [example, 'inventory'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve, reject) => {
    inventory.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`inventory exited with ${String(code)}`))));
  });
  const port = await new Promise((resolve) => inventory.once('message', (message) => resolve(message.port)));
  for (let request = 0; request < Math.max(traceIds.length, 1); request++) {
    await tracer.startActiveSpan('checkout', async (span) => {
      const response = await fetch(`http://127.0.0.1:${String(port)}/stock`);
      await response.text();
      span.end();
    });
  }
  inventory.send('stop');
  await exited;
  await finish(provider);
}
