import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'mocha';
import { SPANS_PER_TRACE } from './otlpExportGenerator';
import { tracesChildSource } from './tracesHarness';

const GENERATOR = join(__dirname, 'otlpExportGenerator.ts');
const FIXTURE = resolve(__dirname, '../../fixtures/otlp/complete.jsonl');

// ~300 MB keeps `npm test` well under a minute; the 1 GB run is `npm run bench` (test/bench/traces.bench.ts).
const SIZE = 300 * 1024 * 1024;
// V8 otherwise grows its heap lazily towards its own limit, so peak RSS would measure the garbage
// collector's laziness rather than what the checker holds. Under this cap the in-memory collector
// dies on this file (350 k spans at ~300 bytes each need ~105 MB of live heap).
const HEAP_CAP_MB = 64;
// Growth of the child's peak RSS over the same child checking a 3-span file: young generation,
// stream and write buffers, one bucket at a time. Holding the spans would need more than this.
const GROWTH_LIMIT = 90 * 1024 * 1024;
const BYTES_PER_SPAN_IN_MEMORY = 300;

/** Runs `otel-propagation traces --json <file>` in a child; returns the report, and the child's peak RSS in bytes. */
async function checkInChild(path: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; report: { traces: number; spans: number; roots: number; orphanSpans: number; completeness: number; traceList: unknown[] }; maxRss: number }> {
  const code = tracesChildSource("process.stderr.write('maxRSS ' + String(process.resourceUsage().maxRSS * 1024) + '\\n');");
  const child = spawn(process.execPath, [`--max-old-space-size=${String(HEAP_CAP_MB)}`, '--import', 'tsx', '-e', code, '--', '--json', path], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  const maxRss = Number(/maxRSS (\d+)/.exec(stderr)?.[1]);
  assert.ok(maxRss > 0, stderr);
  return { code: exit, report: JSON.parse(Buffer.concat(stdout).toString('utf8')), maxRss };
}

describe('otel-propagation traces on a large export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'otlp-stream-'));
  const spillRoot = mkdtempSync(join(tmpdir(), 'otlp-spill-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(spillRoot, { recursive: true, force: true });
  });

  it(`checks a 300 MB Collector file export with peak RSS growing less than 90 MB, under a ${String(HEAP_CAP_MB)} MB heap`, async function () {
    this.timeout(180000);
    const path = join(dir, 'export.jsonl');
    const generated = spawnSync(process.execPath, ['--import', 'tsx', GENERATOR, path, String(SIZE)], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    const written = JSON.parse(generated.stdout) as { traces: number };
    assert.ok(statSync(path).size >= SIZE);
    // The bound means something only if the spans themselves would not fit in it.
    assert.ok(written.traces * SPANS_PER_TRACE * BYTES_PER_SPAN_IN_MEMORY > GROWTH_LIMIT);

    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: spillRoot };
    delete env.OTEL_PROPAGATION_TRACES_SPILL_SPANS;
    const baseline = await checkInChild(FIXTURE, env);
    const large = await checkInChild(path, env);
    assert.equal(large.code, 0);
    const { report } = large;
    assert.deepEqual(
      [report.traces, report.spans, report.roots, report.orphanSpans, report.completeness, report.traceList.length],
      [written.traces, written.traces * SPANS_PER_TRACE, written.traces, 0, 1, written.traces],
    );
    const mb = (value: number): string => `${String(Math.round(value / 1048576))} MB`;
    assert.ok(large.maxRss - baseline.maxRss < GROWTH_LIMIT, `peak RSS ${mb(large.maxRss)}, ${mb(baseline.maxRss)} for a 3-span file`);
    assert.deepEqual(readdirSync(spillRoot).filter((entry) => entry.startsWith('otel-traces-spill-')), []);
  });
});
