/**
 * Trace checker throughput and memory on a generated ~1 GB Collector file export (in os.tmpdir(),
 * deleted afterwards). Each variant runs in its own child process, so its peak RSS
 * (`process.resourceUsage().maxRSS`) is its own:
 * - floor: readline + `JSON.parse` of each line, nothing kept: no checker can be faster;
 * - in-memory: `readOtlpStream` + `TraceCollector`, the checker before spilling existed;
 * - checker: `otel-propagation traces --json` as shipped (`TraceChecker`, spilling past the
 *   threshold, the report streamed to /dev/null).
 * `BENCH_TRACES_MB` (default 1024) sets the size.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from '../../shared/src/cli/args';
import { tracesCommand } from '../../shared/src/cli/tracesCommand';
import { readOtlpStream, TraceCollector } from '../../shared/src/traces';

const SIZE_MB = Number(process.env.BENCH_TRACES_MB ?? 1024);
const GENERATOR = join(__dirname, '../shared/traces/otlpExportGenerator.ts');
const VARIANTS = ['floor', 'in-memory', 'checker'] as const;
type Variant = (typeof VARIANTS)[number];

interface Measure {
  seconds: number;
  maxRss: number;
  spans: number;
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MB`;
}

async function floor(path: string): Promise<number> {
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    JSON.parse(line);
    lines++;
  }
  return lines;
}

async function inMemory(path: string): Promise<number> {
  const collector = new TraceCollector();
  for await (const item of readOtlpStream(createReadStream(path), path)) if ('span' in item) collector.add(item.span);
  return collector.report().spans;
}

async function checker(path: string): Promise<number> {
  const stdout = createWriteStream('/dev/null');
  const code = await tracesCommand(parseArgs(['--json', path], { valueFlags: [], booleanFlags: ['--json'] }), { stdin: process.stdin, stdout, stderr: process.stderr });
  await new Promise<void>((resolve) => stdout.end(resolve));
  if (code !== 0) throw new Error(`traces exited ${String(code)}`);
  return 0;
}

/** Child side: runs one variant and prints its measure as JSON. */
async function runVariant(variant: Variant, path: string): Promise<void> {
  const began = process.hrtime.bigint();
  const run = { floor, 'in-memory': inMemory, checker }[variant];
  const spans = await run(path);
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const measure: Measure = { seconds, maxRss: process.resourceUsage().maxRSS * 1024, spans };
  process.stdout.write(JSON.stringify(measure));
}

function measure(variant: Variant, path: string): Measure {
  const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, variant, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${variant} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Measure;
}

/** Generates the export, runs every variant on it, and prints MB/s and peak RSS with ratios. */
export function runTracesBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'otlp-bench-'));
  const path = join(dir, 'export.jsonl');
  try {
    const generated = spawnSync(process.execPath, ['--import', 'tsx', GENERATOR, path, String(SIZE_MB * 1048576)], { encoding: 'utf8' });
    if (generated.status !== 0) throw new Error(`generating the export failed: ${generated.stderr}`);
    const written = JSON.parse(generated.stdout) as { bytes: number; traces: number; spans: number };
    console.log(`traces: ${mb(written.bytes)} Collector export, ${String(written.spans)} spans in ${String(written.traces)} traces`);
    const measures = new Map(VARIANTS.map((variant) => [variant, measure(variant, path)]));
    const rate = (m: Measure): number => written.bytes / 1048576 / m.seconds;
    const reference = measures.get('floor');
    const old = measures.get('in-memory');
    for (const [variant, m] of measures) {
      const vsFloor = reference ? `${(rate(m) / rate(reference)).toFixed(2)}x floor speed` : '';
      const vsOld = old ? `, ${(rate(m) / rate(old)).toFixed(2)}x in-memory speed, ${(m.maxRss / old.maxRss).toFixed(2)}x its peak RSS` : '';
      console.log(`traces: ${variant.padEnd(9)} ${rate(m).toFixed(1).padStart(6)} MB/s (${m.seconds.toFixed(1)} s), peak RSS ${mb(m.maxRss).padStart(7)}  (${vsFloor}${vsOld})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node --import tsx traces.bench.ts <variant> <path>`: one measured run, in its own process.
if (require.main === module) {
  const [variant, path] = process.argv.slice(2);
  if (!VARIANTS.includes(variant as Variant) || path === undefined) throw new TypeError(`usage: traces.bench.ts <${VARIANTS.join('|')}> <path>`);
  runVariant(variant as Variant, path).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
