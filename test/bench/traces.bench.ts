/**
 * Trace checker throughput and memory: a generated ~1 GB Collector file export (in os.tmpdir(),
 * deleted afterwards) streamed through `readOtlpStream` + `TraceCollector`, printing MB/s and the
 * peak RSS. The file is generated in a child process so its garbage does not count here.
 * `BENCH_TRACES_MB` (default 1024) sets the size.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// From the sources: the traces module is not exported by the package entry yet.
import { readOtlpStream, TraceCollector } from 'otel-propagation-core';

const SIZE_MB = Number(process.env.BENCH_TRACES_MB ?? 1024);
const GENERATOR = join(__dirname, '../shared/traces/otlpExportGenerator.ts');

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MB`;
}

/** Streams a generated export of `BENCH_TRACES_MB` through the checker and prints throughput and peak RSS. */
export async function runTracesBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'otlp-bench-'));
  const path = join(dir, 'export.jsonl');
  try {
    const generated = spawnSync(process.execPath, ['--import', 'tsx', GENERATOR, path, String(SIZE_MB * 1048576)], { encoding: 'utf8' });
    if (generated.status !== 0) throw new Error(`generating the export failed: ${generated.stderr}`);
    const written = JSON.parse(generated.stdout) as { bytes: number; traces: number; spans: number };
    const startRss = process.memoryUsage().rss;
    let peak = startRss;
    const sample = (): void => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const timer = setInterval(sample, 50);
    const collector = new TraceCollector();
    let errors = 0;
    const began = process.hrtime.bigint();
    try {
      for await (const item of readOtlpStream(createReadStream(path), path)) {
        if ('span' in item) collector.add(item.span);
        else errors++;
      }
    } finally {
      clearInterval(timer);
    }
    const report = collector.report();
    sample();
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    console.log(`traces: ${mb(written.bytes)} Collector export, ${String(report.spans)} spans in ${String(report.traces)} traces, ${String(errors)} errors`);
    console.log(
      `traces: readOtlpStream + TraceCollector ${(written.bytes / 1048576 / seconds).toFixed(1)} MB/s (${seconds.toFixed(1)} s), peak RSS ${mb(peak)} (started at ${mb(startRss)}), completeness ${String(report.completeness)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
