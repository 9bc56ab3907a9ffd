import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'mocha';
import type { OtlpSpanRecord, TraceCheckResult } from '../../../shared/src/traces';
import { analyzeTraces, collectTraceReport, readOtlpJson, TraceChecker } from '../../../shared/src/traces';

const FIXTURES = join(__dirname, '../../fixtures/otlp');

async function check(spans: Iterable<OtlpSpanRecord>, spillThreshold: number, buckets = 4): Promise<TraceCheckResult> {
  const checker = new TraceChecker({ spillThreshold, buckets, keepSpans: true });
  for (const span of spans) checker.add(span);
  return checker.finish();
}

/** Spills after the first span, so every other span takes the disk path. */
async function spilledReport(spans: readonly OtlpSpanRecord[], buckets = 4): Promise<ReturnType<typeof analyzeTraces>> {
  const result = await check(spans, 1, buckets);
  try {
    assert.equal(result.spilled, spans.length > 0);
    return collectTraceReport(result);
  } finally {
    result.close();
  }
}

const SERVICES = ['frontend', 'backend', 'billing', 'unknown_service'];
const HEX = '0123456789abcdef';

/** Random spans over few trace and span ids, so parents, duplicates, links and split candidates collide often. */

const spanArbitrary: fc.Arbitrary<OtlpSpanRecord> = fc
  .record({
    trace: fc.integer({ min: 1, max: 6 }),
    span: fc.integer({ min: 1, max: 12 }),
    parent: fc.option(fc.integer({ min: 1, max: 14 }), { nil: undefined, freq: 2 }),
    kind: fc.constantFrom('INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER', 'UNSPECIFIED' as const),
    service: fc.constantFrom(...SERVICES),
    name: fc.constantFrom('GET /a', 'send', 'work', 'na\u00efve "x"\n'),
    start: fc.integer({ min: 0, max: 3000 }),
    length: fc.integer({ min: 0, max: 2000 }),
    link: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
    destination: fc.option(fc.constantFrom('orders', 'billing'), { nil: undefined }),
    path: fc.option(fc.constantFrom('/a', '/b'), { nil: undefined }),
    host: fc.option(fc.constantFrom('api', 'db'), { nil: undefined }),
  })
  .map((r) => {
    const id = (n: number, length: number): string => HEX.charAt(n % 16).repeat(length - 1) + HEX.charAt((n + 1) % 16);
    const attributes: Record<string, unknown> = {};
    if (r.destination !== undefined) attributes['messaging.destination.name'] = r.destination;
    if (r.path !== undefined) attributes[r.kind === 'CLIENT' ? 'url.full' : 'url.path'] = r.kind === 'CLIENT' ? `http://${r.host ?? 'api'}${r.path}` : r.path;
    if (r.host !== undefined) attributes['server.address'] = r.host;
    // Milliseconds apart, so the 5 ms duplicate tolerance, the 100 ms skew and the 60 s queueing all come into play.
    const start = 1700000000000000000n + BigInt(r.start) * 1000000n;
    const span: OtlpSpanRecord = {
      traceId: id(r.trace, 32),
      spanId: id(r.span, 16),
      name: r.name,
      kind: r.kind,
      service: r.service,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + BigInt(r.length) * 1000000n).toString(),
      links: r.link === undefined ? [] : [{ traceId: id(r.link, 32), spanId: id(1, 16) }],
      attributes,
    };
    if (r.parent !== undefined) span.parentSpanId = id(r.parent, 16);
    return span;
  });

describe('TraceChecker', () => {
  it('keeps small inputs in memory and reports exactly what analyzeTraces reports', async () => {
    const { spans } = readOtlpJson(readFileSync(join(FIXTURES, 'split.json'), 'utf8'));
    const result = await check(spans, 1000);
    assert.equal(result.spilled, false);
    assert.deepEqual(collectTraceReport(result), analyzeTraces(spans));
  });

  const fixtures: Record<string, string> = {
    complete: 'complete.jsonl',
    broken: 'broken.jsonl',
    split: 'split.json',
  };
  for (const [name, file] of Object.entries(fixtures)) {
    it(`gives the in-memory report on the ${name} fixture when every span is spilled`, async () => {
      const { spans } = readOtlpJson(readFileSync(join(FIXTURES, file), 'utf8'));
      assert.deepEqual(await spilledReport(spans), analyzeTraces(spans), name);
    });
  }

  it('gives the in-memory report for any spans, whatever the threshold and bucket count', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spanArbitrary, { maxLength: 60 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), async (spans, threshold, buckets) => {
        const result = await check(spans, threshold, buckets);
        try {
          const expected = analyzeTraces(spans);
          assert.deepEqual(collectTraceReport(result), expected);
          assert.equal(result.longestServices, Math.max(0, ...expected.traceList.map((trace) => trace.services.join(',').length)));
        } finally {
          result.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('streams each trace with its spans, in first-seen order, as the collector keeps them', async () => {
    const { spans } = readOtlpJson(readFileSync(join(FIXTURES, 'broken.jsonl'), 'utf8'));
    const result = await check(spans, 1);
    try {
      const entries = [...result.traces()];
      const expected = analyzeTraces(spans).traceList.map((trace) => trace.traceId);
      assert.deepEqual(
        entries.map((entry) => entry.summary.traceId),
        expected,
      );
      const perTrace = (traceId: string): number => spans.filter((span) => span.traceId === traceId).length;
      for (const entry of entries) assert.equal(entry.spans?.length, perTrace(entry.summary.traceId));
    } finally {
      result.close();
    }
  });

  it('removes its temporary directory on close, and on abort', async () => {
    const { spans } = readOtlpJson(readFileSync(join(FIXTURES, 'split.json'), 'utf8'));
    const checker = new TraceChecker({ spillThreshold: 1 });
    for (const span of spans) checker.add(span);
    const dir = (checker as unknown as { spill: { dir: { path: string } } }).spill.dir.path;
    assert.ok(existsSync(dir));
    const result = await checker.finish();
    assert.ok(existsSync(dir));
    result.close();
    assert.equal(existsSync(dir), false);

    const aborted = new TraceChecker({ spillThreshold: 1 });
    for (const span of spans) aborted.add(span);
    const abortedDir = (aborted as unknown as { spill: { dir: { path: string } } }).spill.dir.path;
    aborted.abort();
    assert.equal(existsSync(abortedDir), false);
  });
});
