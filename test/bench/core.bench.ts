/**
 * Core throughput: our `parseTraceparent` against `@opentelemetry/core`'s `parseTraceParent` on the same mix of
 * valid and invalid values (and on its valid and invalid parts alone), and `findTraceContexts` over a generated ~50 MB log against a 100 MB/s target.
 * Inputs are generated once, deterministically; each figure is the median of several timed rounds after warm-up.
 * `BENCH_ROUNDS` (default 5) and `BENCH_LOG_MB` (default 50) tune the run.
 */
import { parseTraceParent } from '@opentelemetry/core';
// The built package, as users run it: tsx's transpilation of the sources turns module constants into getters.
import { findTraceContexts, parseTraceparent } from 'otel-propagation-core';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LOG_MB = Number(process.env.BENCH_LOG_MB ?? 50);
const TRACEPARENT_INPUTS = 10_000;
/** Each traceparent round runs for at least this long, so timer resolution does not matter. */
const MIN_ROUND_MS = 300;
/** The scanner's throughput target on a realistic log. */
const SCAN_TARGET_MB_S = 100;

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function hexOf(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'.charAt(Math.floor(random() * 16));
  return out;
}

/** 70% valid traceparents (some with flags 00, some future versions), 30% spread over the usual defects. */
function traceparentInputs(random: () => number): string[] {
  const inputs: string[] = [];
  for (let i = 0; i < TRACEPARENT_INPUTS; i++) {
    const traceId = hexOf(random, 32);
    const spanId = hexOf(random, 16);
    const valid = `00-${traceId}-${spanId}-0${random() < 0.8 ? '1' : '0'}`;
    const roll = random();
    if (roll < 0.65) inputs.push(valid);
    else if (roll < 0.7) inputs.push(`01-${traceId}-${spanId}-01-future`);
    else if (roll < 0.75) inputs.push(valid.toUpperCase());
    else if (roll < 0.8) inputs.push(`00-${'0'.repeat(32)}-${spanId}-01`);
    else if (roll < 0.85) inputs.push(`00-${traceId}-${'0'.repeat(16)}-01`);
    else if (roll < 0.9) inputs.push(`ff-${traceId}-${spanId}-01`);
    else if (roll < 0.93) inputs.push(`${valid}-extra`);
    else if (roll < 0.96) inputs.push(valid.slice(0, 40));
    else inputs.push(`00_${traceId}_${spanId}_01`);
  }
  return inputs;
}

/** Runs `parse` over every input, repeatedly for at least {@link MIN_ROUND_MS}; returns operations per second and how many it accepted per pass. */
function timeParser(inputs: readonly string[], parse: (value: string) => boolean): { opsPerSecond: number; accepted: number } {
  let operations = 0;
  let accepted: number;
  let elapsed: number;
  const start = performance.now();
  do {
    accepted = 0;
    for (const input of inputs) if (parse(input)) accepted++;
    operations += inputs.length;
    elapsed = performance.now() - start;
  } while (elapsed < MIN_ROUND_MS);
  return { opsPerSecond: (operations / elapsed) * 1000, accepted };
}

/**
 * A log as a service fleet writes it: nginx access lines (a few with a traceparent in the query string) and JSON
 * lines, some carrying traceparent with tracestate, b3, X-Ray or baggage. About one line in six carries context.
 */
function generateLog(random: () => number, megabytes: number): string {
  const target = megabytes * 1_000_000;
  const lines: string[] = [];
  const paths = ['/api/v1/orders', '/api/v1/cart/items', '/healthz', '/static/app.3f9c2a.js', '/api/v1/users/me', '/checkout/confirm'];
  const agents = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0 Safari/537.36', 'curl/8.5.0', 'okhttp/4.12.0'];
  const services = ['checkout', 'inventory', 'payments', 'gateway'];
  let size = 0;
  let second = 0;
  while (size < target) {
    second = (second + 1) % 60;
    const time = `2026-11-21T16:39:${String(second).padStart(2, '0')}.${String(Math.floor(random() * 1000)).padStart(3, '0')}Z`;
    const path = paths[Math.floor(random() * paths.length)] ?? '/';
    const service = services[Math.floor(random() * services.length)] ?? 'svc';
    const status = random() < 0.95 ? 200 : 503;
    const roll = random();
    let line: string;
    if (roll < 0.45) {
      const query = random() < 0.04 ? `?traceparent=00-${hexOf(random, 32)}-${hexOf(random, 16)}-01` : `?page=${String(Math.floor(random() * 20))}`;
      const agent = agents[Math.floor(random() * agents.length)] ?? '-';
      line = `10.0.${String(Math.floor(random() * 256))}.${String(Math.floor(random() * 256))} - - [21/Nov/2026:16:39:${String(second).padStart(2, '0')} +0000] "GET ${path}${query} HTTP/1.1" ${String(status)} ${String(Math.floor(random() * 20000))} "-" "${agent}"`;
    } else if (roll < 0.85) {
      line = `{"time":"${time}","level":"info","service":"${service}","msg":"request completed","method":"GET","path":"${path}","status":${String(status)},"durationMs":${(random() * 250).toFixed(1)},"requestId":"${hexOf(random, 8)}-${hexOf(random, 4)}-${hexOf(random, 4)}-${hexOf(random, 4)}-${hexOf(random, 12)}"}`;
    } else if (roll < 0.93) {
      line = `{"time":"${time}","level":"info","service":"${service}","msg":"outgoing request","traceparent":"00-${hexOf(random, 32)}-${hexOf(random, 16)}-01","tracestate":"${service}=${hexOf(random, 16)},congo=t61rcWkgMzE"}`;
    } else if (roll < 0.96) {
      line = `{"time":"${time}","level":"debug","service":"${service}","msg":"legacy zipkin hop","b3":"${hexOf(random, 32)}-${hexOf(random, 16)}-1"}`;
    } else if (roll < 0.98) {
      line = `${time} INFO [${service}] lambda invoked X-Amzn-Trace-Id: Root=1-${hexOf(random, 8)}-${hexOf(random, 24)};Parent=${hexOf(random, 16)};Sampled=1`;
    } else {
      line = `{"time":"${time}","level":"info","service":"${service}","msg":"user context","baggage":"userId=u${String(Math.floor(random() * 1e6))},tier=gold,region=eu-west-1"}`;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** Runs the core benchmark and prints both comparisons. */
export async function runCoreBench(): Promise<void> {
  const random = mulberry32(0x0c0ffee);
  const inputs = traceparentInputs(random);
  const ours = (value: string): boolean => parseTraceparent(value).ok;
  const theirs = (value: string): boolean => parseTraceParent(value) !== null;
  // Warm-up: let both functions reach their optimized tiers before anything is timed.
  timeParser(inputs, ours);
  timeParser(inputs, theirs);
  // The same inputs split by whether OpenTelemetry accepts them, so the mix's ratio can be read per kind of input.
  const valid = inputs.filter((value) => theirs(value));
  const invalid = inputs.filter((value) => !theirs(value));
  const sets = [
    { label: 'mix', inputs, ours: [] as number[], theirs: [] as number[], oursAccepted: 0, theirsAccepted: 0 },
    { label: 'valid only', inputs: valid, ours: [] as number[], theirs: [] as number[], oursAccepted: 0, theirsAccepted: 0 },
    { label: 'invalid only', inputs: invalid, ours: [] as number[], theirs: [] as number[], oursAccepted: 0, theirsAccepted: 0 },
  ];
  for (let round = 0; round < ROUNDS; round++) {
    for (const set of sets) {
      const a = timeParser(set.inputs, ours);
      const b = timeParser(set.inputs, theirs);
      set.ours.push(a.opsPerSecond);
      set.theirs.push(b.opsPerSecond);
      set.oursAccepted = a.accepted;
      set.theirsAccepted = b.accepted;
    }
    // Yield between rounds so a caller running several benches stays responsive.
    await new Promise((resolve) => setImmediate(resolve));
  }
  console.log(`\ntraceparent parsing: ${String(inputs.length)} inputs (about 70% valid), median of ${String(ROUNDS)} rounds`);
  for (const set of sets) {
    const oursOps = median(set.ours);
    const theirsOps = median(set.theirs);
    if (set.label !== 'mix') console.log(`  ${set.label}: ${String(set.inputs.length)} of the same inputs`);
    console.log(`  otel-propagation-core parseTraceparent   ${(oursOps / 1e6).toFixed(2).padStart(7)} M ops/s   accepts ${String(set.oursAccepted)}`);
    console.log(`  @opentelemetry/core parseTraceParent     ${(theirsOps / 1e6).toFixed(2).padStart(7)} M ops/s   accepts ${String(set.theirsAccepted)}`);
    console.log(`  ratio (ours / OpenTelemetry)             ${(oursOps / theirsOps).toFixed(2).padStart(7)} x`);
  }

  const log = generateLog(random, LOG_MB);
  const megabytes = Buffer.byteLength(log) / 1_000_000;
  let found = 0;
  findTraceContexts(log.slice(0, 2_000_000)); // warm-up on a slice, to keep memory at one copy of the log
  const scanRuns: number[] = [];
  const cpuRuns: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    found = findTraceContexts(log).length;
    scanRuns.push(megabytes / ((performance.now() - start) / 1000));
    const used = process.cpuUsage(cpu);
    // CPU time (all threads, so GC helpers count) is steadier than wall time on a machine shared with other jobs.
    cpuRuns.push(megabytes / ((used.user + used.system) / 1e6));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const throughput = median(scanRuns);
  console.log(`\nfindTraceContexts: ${megabytes.toFixed(1)} MB generated log (access and JSON lines), ${String(found)} values found, median of ${String(ROUNDS)} rounds`);
  console.log(`  throughput (wall clock)                  ${throughput.toFixed(0).padStart(7)} MB/s`);
  console.log(`  throughput (per CPU second)              ${median(cpuRuns).toFixed(0).padStart(7)} MB/s`);
  console.log(`  target                                   ${String(SCAN_TARGET_MB_S).padStart(7)} MB/s   ${throughput >= SCAN_TARGET_MB_S ? 'OK' : 'BELOW TARGET'}`);
  console.log(`  ratio (throughput / target)              ${(throughput / SCAN_TARGET_MB_S).toFixed(2).padStart(7)} x`);
}

if (require.main === module) void runCoreBench();
