import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'mocha';
import { readOtlpStream, TraceCollector } from '../../../shared/src/traces';
import { SPANS_PER_TRACE } from './otlpExportGenerator';

const GENERATOR = join(__dirname, 'otlpExportGenerator.ts');

// ~200 MB keeps `npm test` quick; the 1 GB run is `npm run bench` (test/bench/traces.bench.ts).
const SIZE = 200 * 1024 * 1024;
// Growth over the test process's own footprint (mocha, tsx and whatever other suites loaded, about
// 200 MB alone): the file is 200 MB, so holding it, or the raw spans, would blow far past this.
const GROWTH_LIMIT = 150 * 1024 * 1024;

describe('readOtlpStream() + TraceCollector on a large export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'otlp-stream-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams a 200 MB Collector file export with resident memory growing less than 150 MB', async function () {
    this.timeout(180000);
    const path = join(dir, 'export.jsonl');
    const generated = spawnSync(process.execPath, ['--import', 'tsx', GENERATOR, path, String(SIZE)], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    const written = JSON.parse(generated.stdout) as { traces: number };
    assert.ok(statSync(path).size >= SIZE);
    const start = process.memoryUsage().rss;
    let peak = start;
    const sample = (): void => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const timer = setInterval(sample, 50);
    const collector = new TraceCollector();
    let errors = 0;
    let spans = 0;
    try {
      for await (const item of readOtlpStream(createReadStream(path), path)) {
        if ('span' in item) {
          collector.add(item.span);
          if (++spans % 20000 === 0) sample();
        } else errors++;
      }
    } finally {
      clearInterval(timer);
    }
    const report = collector.report();
    sample();
    assert.equal(errors, 0);
    assert.deepEqual(
      [report.traces, report.spans, report.roots, report.orphanSpans, report.completeness, report.splitTraces.length],
      [written.traces, written.traces * SPANS_PER_TRACE, written.traces, 0, 1, 0],
    );
    const mb = (value: number): string => `${String(Math.round(value / 1048576))} MB`;
    assert.ok(peak - start < GROWTH_LIMIT, `RSS grew from ${mb(start)} to ${mb(peak)}`);
  });
});
