import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import type { OtlpSpanRecord } from '../../shared/src/traces';
import { analyzeTraces, formatTable, killAll, only, ROOT, runDriver, SpanSink, startKafkaMock, requireCommand, startRabbit, tracesWith, writePluginFixed, type KafkaMock, type RabbitNode, type VerifyRow } from './harness';

const rows: VerifyRow[] = [];
const sink = new SpanSink();

before(async () => {
  await sink.start();
});

after(async () => {
  killAll();
  await sink.close();
  if (rows.length > 0) console.log(`\n${formatTable(rows)}\n`);
});

/** One process of an example run: a driver, its arguments and its environment. */
interface Side {
  driver: string;
  args: string[];
  env: Record<string, string>;
}

/** Runs the processes of one version of an example side by side and returns every span they exported. */
async function runSides(sides: Side[], cwd: string, expected: (spans: readonly OtlpSpanRecord[]) => boolean, what: string): Promise<OtlpSpanRecord[]> {
  sink.clear();
  await Promise.all(
    sides.map((side) =>
      runDriver({
        driver: join(__dirname, 'drivers', side.driver),
        args: side.args,
        cwd,
        env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: sink.endpoint, ...side.env },
        timeoutMs: 30_000,
      }),
    ),
  );
  // Spawned children may still be exporting after the driver exits.
  await sink.waitFor(expected, 10_000, `the spans of ${what}`);
  assert.deepEqual(sink.errors, []);
  return [...sink.spans];
}

/** Runs one version of an example with its driver and returns every span its processes exported. */
function run(driver: string, example: string, cwd: string, expected: (spans: readonly OtlpSpanRecord[]) => boolean, env: Record<string, string> = {}): Promise<OtlpSpanRecord[]> {
  return runSides([{ driver, args: [example], env }], cwd, expected, example);
}

function traceIds(spans: readonly OtlpSpanRecord[]): Set<string> {
  return new Set(spans.map((span) => span.traceId));
}

describe('fix verification: async-boundaries (AsyncLocalStorageContextManager)', function () {
  this.timeout(60_000);
  const folder = join(ROOT, 'examples', 'async-boundaries');
  // The example spawns `receipt.js` relative to its working directory.
  const processes = join(__dirname, 'processes');
  const stockNames = ['stock.sync', 'stock.change', 'stock.refresh'];
  // The handler extracts the caller's context itself, so the server stays uninstrumented: only the
  // driver's outgoing request gets a CLIENT span, whose traceparent the handler has to pick up.
  const env = { VERIFY_SERVICE_NAME: 'checkout', VERIFY_HTTP_INSTRUMENTATION: 'client' };
  const complete = (spans: readonly OtlpSpanRecord[]): boolean =>
    ['verify.request', 'checkout', 'price.calculate', 'receipt.print', 'stock.sync', 'stock.change'].every((name) => spans.some((span) => span.name === name)) &&
    spans.filter((span) => span.name === 'stock.refresh').length >= 2;
  let broken: OtlpSpanRecord[] = [];
  let fixed: OtlpSpanRecord[] = [];

  before(async () => {
    broken = await run('async-boundaries.mjs', join(folder, 'broken.js'), processes, complete, env);
    const copy = writePluginFixed(join(folder, 'broken.js'));
    assert.deepEqual(
      copy.applied.map((edit) => edit.ruleId.replace('otel-propagation/', '')),
      [
        'require-worker-context',
        'require-worker-context',
        'require-worker-context',
        'no-floating-context',
        'require-span-end',
        'require-span-error-status',
        'require-span-end',
        'no-unbound-callback',
        'no-inherited-polling-context',
      ],
    );
    fixed = await run('async-boundaries.mjs', copy.path, processes, complete, env);
  });

  /** The driver's request span and the CLIENT span of its call to the handler. */
  function caller(spans: readonly OtlpSpanRecord[]): { request: OtlpSpanRecord; client: OtlpSpanRecord } {
    const request = only(spans, 'verify.request');
    const clients = spans.filter((span) => span.kind === 'CLIENT' && span.parentSpanId === request.spanId);
    const [client] = clients;
    assert.ok(clients.length === 1 && client);
    return { request, client };
  }

  /** The caller's two spans and the one named `name`: the trace the hop to `name` should keep whole. */
  function hop(spans: readonly OtlpSpanRecord[], name: string): OtlpSpanRecord[] {
    const { request, client } = caller(spans);
    return [request, client, only(spans, name)];
  }

  /** Asserts that the broken hop starts a trace of its own and the fixed one continues the caller's CLIENT span; adds the table row. */
  function assertHop(name: string, rule: string): void {
    const brokenSpan = only(broken, name);
    assert.equal(brokenSpan.parentSpanId, undefined);
    assert.notEqual(brokenSpan.traceId, only(broken, 'verify.request').traceId);
    const { request, client } = caller(fixed);
    assert.equal(client.traceId, request.traceId);
    const fixedSpan = only(fixed, name);
    assert.equal(fixedSpan.traceId, request.traceId);
    // The suggestions inject context.active(); `checkout` is started with startSpan, never made
    // active, so the hops continue the extracted caller context, the CLIENT span, not `checkout`.
    assert.equal(fixedSpan.parentSpanId, client.spanId);
    assert.equal(fixedSpan.kind, 'INTERNAL');

    const brokenReport = analyzeTraces(hop(broken, name));
    const fixedReport = analyzeTraces(hop(fixed, name));
    assert.equal(brokenReport.traces, 2);
    assert.equal(fixedReport.traces, 1);
    assert.equal(fixedReport.roots, 1);
    assert.equal(fixedReport.orphanSpans, 0);
    assert.equal(fixedReport.completeness, 1);
    rows.push({ example: 'async-boundaries', rule, broken: brokenReport, fixed: fixedReport });
  }

  it('no-floating-context: broken throws the extracted context away, so checkout starts a trace of its own; the suggestion runs the handler in it', () => {
    assertHop('checkout', 'no-floating-context');
  });

  it('require-worker-context (worker_threads): broken starts price.calculate in a new trace; the suggestions inject into workerData and extract in the worker', () => {
    assertHop('price.calculate', 'require-worker-context (worker_threads)');
  });

  it('require-worker-context (spawn): broken starts the receipt child in a trace of its own; the suggestion passes TRACEPARENT in its env', () => {
    assertHop('receipt.print', 'require-worker-context (spawn)');
  });

  it('the whole checkout flow: four traces broken, one complete trace once every suggestion is applied', () => {
    const names = ['verify.request', 'checkout', 'receipt.print', 'price.calculate'];
    const pick = (spans: readonly OtlpSpanRecord[]): OtlpSpanRecord[] => tracesWith(spans, names);
    const brokenReport = analyzeTraces(pick(broken));
    const fixedReport = analyzeTraces(pick(fixed));
    assert.equal(brokenReport.traces, 4);
    assert.deepEqual([...traceIds(pick(fixed))], [only(fixed, 'verify.request').traceId]);
    assert.equal(fixedReport.spans, 5);
    assert.equal(fixedReport.completeness, 1);
    rows.push({ example: 'async-boundaries', rule: 'checkout flow (all of the above)', broken: brokenReport, fixed: fixedReport });
  });

  it('no-unbound-callback: broken runs the change listener in the emitter’s root context; context.bind keeps it under stock.sync', () => {
    const brokenChange = only(broken, 'stock.change');
    assert.equal(brokenChange.parentSpanId, undefined);
    assert.notEqual(brokenChange.traceId, only(broken, 'stock.sync').traceId);
    const fixedChange = only(fixed, 'stock.change');
    const fixedSync = only(fixed, 'stock.sync');
    assert.equal(fixedChange.traceId, fixedSync.traceId);
    assert.equal(fixedChange.parentSpanId, fixedSync.spanId);

    const pick = (spans: readonly OtlpSpanRecord[]): OtlpSpanRecord[] => tracesWith(spans, ['stock.sync', 'stock.change']).filter((span) => span.name !== 'stock.refresh');
    const brokenReport = analyzeTraces(pick(broken));
    const fixedReport = analyzeTraces(pick(fixed));
    assert.equal(brokenReport.traces, 2);
    assert.equal(fixedReport.traces, 1);
    assert.equal(fixedReport.completeness, 1);
    rows.push({ example: 'async-boundaries', rule: 'no-unbound-callback', broken: brokenReport, fixed: fixedReport });
  });

  it('no-inherited-polling-context: broken puts every tick under stock.sync; the ROOT_CONTEXT suggestion makes each tick its own trace', () => {
    const brokenSync = only(broken, 'stock.sync');
    const brokenTicks = broken.filter((span) => span.name === 'stock.refresh');
    assert.ok(brokenTicks.length >= 2);
    for (const tick of brokenTicks) assert.equal(tick.parentSpanId, brokenSync.spanId);
    const fixedSync = only(fixed, 'stock.sync');
    const fixedTicks = fixed.filter((span) => span.name === 'stock.refresh');
    assert.ok(fixedTicks.length >= 2);
    for (const tick of fixedTicks) {
      assert.equal(tick.parentSpanId, undefined);
      assert.notEqual(tick.traceId, fixedSync.traceId);
    }
    assert.equal(traceIds(fixedTicks).size, fixedTicks.length);

    const pick = (spans: readonly OtlpSpanRecord[]): OtlpSpanRecord[] => spans.filter((span) => stockNames.includes(span.name) && span.name !== 'stock.change');
    rows.push({ example: 'async-boundaries', rule: 'no-inherited-polling-context', broken: analyzeTraces(pick(broken)), fixed: analyzeTraces(pick(fixed)) });
  });
});

describe('fix verification: timers (StackContextManager vs AsyncLocalStorageContextManager)', function () {
  this.timeout(60_000);
  const folder = join(__dirname, '..', '..', 'examples', 'timers');
  const complete = (spans: readonly OtlpSpanRecord[]): boolean => ['page.load', 'basket.add', 'basket.refresh'].every((name) => spans.some((span) => span.name === name));
  const runs: Record<string, OtlpSpanRecord[]> = {};

  before(async () => {
    const copy = writePluginFixed(join(folder, 'broken.js'));
    assert.deepEqual(
      copy.applied.map((edit) => `${edit.ruleId} ${edit.kind}`),
      ['otel-propagation/no-unbound-callback suggestion'],
    );
    for (const manager of ['stack', 'als']) {
      const env = { VERIFY_SERVICE_NAME: 'basket-page', VERIFY_CONTEXT_MANAGER: manager };
      runs[`${manager} broken`] = await run('timers.mjs', join(folder, 'broken.js'), folder, complete, env);
      runs[`${manager} fixed`] = await run('timers.mjs', copy.path, folder, complete, env);
    }
  });

  function spansOf(key: string): OtlpSpanRecord[] {
    const spans = runs[key];
    assert.ok(spans, key);
    return spans;
  }

  it('no-unbound-callback (stack): the timer callback starts a new trace; context.bind from the suggestion keeps it under basket.add', () => {
    const broken = spansOf('stack broken');
    assert.equal(only(broken, 'basket.refresh').parentSpanId, undefined);
    assert.notEqual(only(broken, 'basket.refresh').traceId, only(broken, 'page.load').traceId);
    const fixed = spansOf('stack fixed');
    assert.equal(only(fixed, 'basket.refresh').parentSpanId, only(fixed, 'basket.add').spanId);
    assert.equal(only(fixed, 'basket.add').parentSpanId, only(fixed, 'page.load').spanId);
    const brokenReport = analyzeTraces(broken);
    const fixedReport = analyzeTraces(fixed);
    assert.equal(brokenReport.traces, 2);
    assert.equal(fixedReport.traces, 1);
    assert.equal(fixedReport.completeness, 1);
    rows.push({ example: 'timers (stack)', rule: 'no-unbound-callback', broken: brokenReport, fixed: fixedReport });
  });

  it('no-unbound-callback (AsyncLocalStorage): the same timer keeps its parent without the fix, which is why the rule checks timers only under stack or none', () => {
    for (const key of ['als broken', 'als fixed']) {
      const spans = spansOf(key);
      assert.equal(only(spans, 'basket.refresh').parentSpanId, only(spans, 'basket.add').spanId, key);
      assert.equal(analyzeTraces(spans).traces, 1, key);
    }
    rows.push({ example: 'timers (AsyncLocalStorage)', rule: 'no-unbound-callback', broken: analyzeTraces(spansOf('als broken')), fixed: analyzeTraces(spansOf('als fixed')) });
  });
});

describe('fix verification: messaging/kafkajs (librdkafka mock cluster through kcat)', function () {
  this.timeout(120_000);
  const folder = join(ROOT, 'examples', 'messaging', 'kafkajs');
  const complete = (spans: readonly OtlpSpanRecord[]): boolean => ['orders publish', 'orders process', 'order.fulfil'].every((name) => spans.some((span) => span.name === name));
  let broken: OtlpSpanRecord[] = [];
  let fixed: OtlpSpanRecord[] = [];
  let mock: KafkaMock | undefined;

  /** Each version gets a fresh cluster, so no committed offset or earlier message leaks between them. */
  async function runVersion(example: string): Promise<OtlpSpanRecord[]> {
    mock = await startKafkaMock('orders', 15_000);
    try {
      const env = { KAFKA_BROKER: mock.broker, KAFKAJS_NO_PARTITIONER_WARNING: '1' };
      return await runSides(
        [
          { driver: 'kafkajs.mjs', args: [example, 'consumer'], env: { ...env, VERIFY_SERVICE_NAME: 'fulfilment' } },
          { driver: 'kafkajs.mjs', args: [example, 'producer'], env: { ...env, VERIFY_SERVICE_NAME: 'orders-api' } },
        ],
        folder,
        complete,
        example,
      );
    } finally {
      mock.stop();
      mock = undefined;
    }
  }

  before(async () => {
    broken = await runVersion(join(folder, 'broken.js'));
    const copy = writePluginFixed(join(folder, 'broken.js'));
    assert.deepEqual(
      copy.applied.map((edit) => edit.ruleId.replace('otel-propagation/', '')),
      ['require-inject-on-send', 'require-extract-on-receive', 'require-active-span', 'require-messaging-span-kind'],
    );
    fixed = await runVersion(copy.path);
  });

  after(() => {
    mock?.stop();
  });

  it('require-inject-on-send + require-extract-on-receive: broken splits producer and consumer; the suggestions join them PRODUCER → CONSUMER', () => {
    const brokenProcess = only(broken, 'orders process');
    assert.notEqual(brokenProcess.traceId, only(broken, 'orders publish').traceId);
    assert.equal(brokenProcess.parentSpanId, undefined);
    assert.equal(brokenProcess.kind, 'INTERNAL');
    // startSpan never made active: the handler's own work is not under it.
    assert.notEqual(only(broken, 'order.fulfil').parentSpanId, brokenProcess.spanId);

    const publish = only(fixed, 'orders publish');
    const processSpan = only(fixed, 'orders process');
    const fulfil = only(fixed, 'order.fulfil');
    assert.equal(publish.kind, 'PRODUCER');
    assert.equal(publish.service, 'orders-api');
    assert.equal(processSpan.kind, 'CONSUMER');
    assert.equal(processSpan.service, 'fulfilment');
    assert.equal(processSpan.traceId, publish.traceId);
    assert.equal(processSpan.parentSpanId, publish.spanId);
    assert.equal(fulfil.parentSpanId, processSpan.spanId);

    const brokenReport = analyzeTraces(broken);
    const fixedReport = analyzeTraces(fixed);
    assert.ok(brokenReport.traces >= 2);
    assert.equal(fixedReport.traces, 1);
    assert.equal(fixedReport.roots, 1);
    assert.equal(fixedReport.orphanSpans, 0);
    assert.equal(fixedReport.completeness, 1);
    rows.push({ example: 'messaging/kafkajs', rule: 'require-inject-on-send, require-extract-on-receive', broken: brokenReport, fixed: fixedReport });
  });
});

describe('fix verification: messaging/amqplib (private rabbitmq-server node on loopback)', function () {
  this.timeout(120_000);
  const folder = join(ROOT, 'examples', 'messaging', 'amqplib');
  const complete = (spans: readonly OtlpSpanRecord[]): boolean => ['invoices publish', 'invoices process', 'invoice.render'].every((name) => spans.some((span) => span.name === name));
  let broken: OtlpSpanRecord[] = [];
  let fixed: OtlpSpanRecord[] = [];
  let rabbit: RabbitNode | undefined;

  function runVersion(node: RabbitNode, example: string): Promise<OtlpSpanRecord[]> {
    const env = { AMQP_URL: node.url };
    return runSides(
      [
        { driver: 'amqplib.mjs', args: [example, 'consumer'], env: { ...env, VERIFY_SERVICE_NAME: 'invoicing' } },
        { driver: 'amqplib.mjs', args: [example, 'producer'], env: { ...env, VERIFY_SERVICE_NAME: 'orders-api' } },
      ],
      folder,
      complete,
      example,
    );
  }

  before(async () => {
    rabbit = await startRabbit(60_000);
    broken = await runVersion(rabbit, join(folder, 'broken.js'));
    const copy = writePluginFixed(join(folder, 'broken.js'));
    assert.deepEqual(
      copy.applied.map((edit) => edit.ruleId.replace('otel-propagation/', '')),
      ['require-inject-on-send', 'require-extract-on-receive', 'require-active-span', 'require-messaging-span-kind'],
    );
    fixed = await runVersion(rabbit, copy.path);
  });

  after(async () => {
    await rabbit?.stop();
    rabbit = undefined;
  });

  it('require-inject-on-send + require-extract-on-receive: broken splits publisher and consumer; the suggestions join them PRODUCER → CONSUMER', () => {
    const brokenProcess = only(broken, 'invoices process');
    assert.notEqual(brokenProcess.traceId, only(broken, 'invoices publish').traceId);
    assert.equal(brokenProcess.parentSpanId, undefined);

    const publish = only(fixed, 'invoices publish');
    const processSpan = only(fixed, 'invoices process');
    assert.equal(publish.kind, 'PRODUCER');
    assert.equal(processSpan.kind, 'CONSUMER');
    assert.equal(processSpan.service, 'invoicing');
    assert.equal(processSpan.parentSpanId, publish.spanId);
    assert.equal(only(fixed, 'invoice.render').parentSpanId, processSpan.spanId);

    const brokenReport = analyzeTraces(broken);
    const fixedReport = analyzeTraces(fixed);
    assert.ok(brokenReport.traces >= 2);
    assert.equal(fixedReport.traces, 1);
    assert.equal(fixedReport.orphanSpans, 0);
    assert.equal(fixedReport.completeness, 1);
    rows.push({ example: 'messaging/amqplib', rule: 'require-inject-on-send, require-extract-on-receive', broken: brokenReport, fixed: fixedReport });
  });
});

describe('fix verification: missing Debian packages', () => {
  it('a missing broker command fails at once with the package to install and the CI script', () => {
    assert.throws(() => requireCommand('verify-no-such-command', 'kcat'), {
      message: 'verify-no-such-command is not installed: install the Debian package kcat (run .ci/install-debian-packages.sh)',
    });
  });
});

describe('fix verification: sdk-runtime (two HTTP services, each set up by the example itself)', function () {
  this.timeout(60_000);
  const folder = join(ROOT, 'examples', 'sdk-runtime');

  /** Runs checkout → inventory with the bootstrap `example` as both services' SDK setup. */
  function runServices(example: string, env: Record<string, string> = {}): Promise<OtlpSpanRecord[]> {
    const complete = (spans: readonly OtlpSpanRecord[]): boolean => ['checkout', 'stock.reserve'].every((name) => spans.some((span) => span.name === name));
    return runSides([{ driver: 'two-services.mjs', args: [example], env: { VERIFY_OWN_SDK: '1', ...env } }], folder, complete, example);
  }

  function ofKind(spans: readonly OtlpSpanRecord[], kind: string, service: string): OtlpSpanRecord[] {
    return spans.filter((span) => span.kind === kind && span.service === service);
  }

  /** Asserts one complete trace checkout → CLIENT → SERVER → stock.reserve, one span each. */
  function assertOneCall(spans: readonly OtlpSpanRecord[], traceId?: string): void {
    const mine = traceId === undefined ? spans : spans.filter((span) => span.traceId === traceId);
    const checkout = only(mine, 'checkout');
    const [client, ...moreClients] = ofKind(mine, 'CLIENT', 'checkout');
    const [server, ...moreServers] = ofKind(mine, 'SERVER', 'inventory');
    assert.ok(client && server);
    assert.deepEqual([moreClients.length, moreServers.length], [0, 0]);
    assert.equal(checkout.parentSpanId, undefined);
    assert.equal(client.parentSpanId, checkout.spanId);
    assert.equal(server.parentSpanId, client.spanId);
    assert.equal(only(mine, 'stock.reserve').parentSpanId, server.spanId);
    assert.deepEqual([...traceIds(mine)], [checkout.traceId]);
  }

  it('no-duplicate-instrumentation: fetch instrumented twice gives two CLIENT spans and a doubled traceparent the callee cannot read; the suggestion leaves one of each span', async () => {
    const example = join(folder, 'duplicate-fetch', 'broken.js');
    const broken = await runServices(example);
    const copy = writePluginFixed(example);
    assert.deepEqual(copy.applied.map((edit) => `${edit.ruleId} ${edit.kind}`), ['otel-propagation/no-duplicate-instrumentation suggestion']);
    const fixed = await runServices(copy.path);

    const checkout = only(broken, 'checkout');
    const clients = ofKind(broken, 'CLIENT', 'checkout');
    assert.equal(clients.length, 2);
    for (const client of clients) assert.equal(client.parentSpanId, checkout.spanId);
    // Each instance injects its own traceparent; the two values arrive joined, which is no valid header.
    const [server] = ofKind(broken, 'SERVER', 'inventory');
    assert.ok(server);
    assert.equal(server.parentSpanId, undefined);
    assert.notEqual(server.traceId, checkout.traceId);
    assertOneCall(fixed);

    const brokenReport = analyzeTraces(broken);
    const fixedReport = analyzeTraces(fixed);
    assert.ok(brokenReport.problems.some((problem) => problem.code === 'duplicate-span'));
    assert.equal(brokenReport.traces, 2);
    assert.deepEqual(fixedReport.problems, []);
    assert.equal(fixedReport.traces, 1);
    assert.equal(fixedReport.completeness, 1);
    rows.push({ example: 'sdk-runtime/duplicate-fetch', rule: 'no-duplicate-instrumentation', broken: brokenReport, fixed: fixedReport });
  });

  it('require-parent-based-sampler: inventory’s bare ratio records a trace checkout dropped (orphans); the ParentBasedSampler fix follows checkout', async () => {
    const example = join(folder, 'ratio-sampler', 'broken.js');
    // TraceIdRatioBasedSampler compares the XOR of the id's four 32-bit words with ratio × 2³²:
    // 0x10000001 (6 %) is sampled by both, 0x60000001 (37.5 %) by inventory (50 %) only, 0xc0000001 (75 %) by neither.
    const [both, inventoryOnly, neither] = ['1', '6', 'c'].map((first) => `${first}${'0'.repeat(30)}1`);
    assert.ok(both && inventoryOnly && neither);
    const env = { VERIFY_RATIOS: 'checkout:0.25,inventory:0.5', VERIFY_TRACE_IDS: [both, inventoryOnly, neither].join(',') };
    const broken = await runServices(example, env);
    const copy = writePluginFixed(example);
    assert.deepEqual(copy.applied.map((edit) => `${edit.ruleId} ${edit.kind}`), ['otel-propagation/require-parent-based-sampler fix']);
    const fixed = await runServices(copy.path, env);

    assertOneCall(broken, both);
    const orphan = ofKind(broken, 'SERVER', 'inventory').find((span) => span.traceId === inventoryOnly);
    assert.ok(orphan?.parentSpanId);
    assert.ok(!broken.some((span) => span.spanId === orphan.parentSpanId));
    assert.equal(only(broken.filter((span) => span.traceId === inventoryOnly), 'stock.reserve').parentSpanId, orphan.spanId);
    assert.ok(!broken.some((span) => span.traceId === neither));

    assertOneCall(fixed, both);
    assert.deepEqual([...traceIds(fixed)], [both]);

    const brokenReport = analyzeTraces(broken);
    const fixedReport = analyzeTraces(fixed);
    assert.equal(brokenReport.traces, 2);
    assert.equal(brokenReport.orphanSpans, 1);
    assert.equal(fixedReport.traces, 1);
    assert.equal(fixedReport.roots, 1);
    assert.equal(fixedReport.orphanSpans, 0);
    assert.equal(fixedReport.completeness, 1);
    rows.push({ example: 'sdk-runtime/ratio-sampler', rule: 'require-parent-based-sampler', broken: brokenReport, fixed: fixedReport });
  });
});
