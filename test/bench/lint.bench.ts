/**
 * Lint cost of the plugin: generated corpora of OpenTelemetry-instrumented files (corpus.ts) are linted
 * with `configs.strict` and with no rules at all (parse and scope analysis only), side by side: the dense
 * one, where every block of every file crosses a boundary the rules check (the worst case), and a typical
 * service, where traced code sits among business code. Target: all rules together cost at most 10% on top
 * of parsing. Each configuration lints in processes of its own, interleaved with the others (runLintBench).
 *
 * Beside the target, the bench splits the cost between ESLint and the plugin's code: ESLint pays a fixed
 * cost per file as soon as one rule is enabled (see eslintInternals.ts), then per configured rule and per
 * listener call, before a rule's own code runs. References measure each step. What the plugin adds to a
 * lint that already runs a rule (any real project's) is `configs.strict` over one rule that does nothing.
 */
import { Linter } from 'eslint';
import { fork } from 'node:child_process';
import { setTimeout } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
// The built plugin, as users run it (npm run bench builds first).
import plugin from 'eslint-plugin-otel-propagation';
import { generateCorpus, generateTypicalCorpus } from './corpus';
import { corpusLintConfig } from './corpusConfig';
import { normalizedOnce, unpinRuleContexts } from './eslintInternals';
import type { CorpusFile } from './corpus';

const FILES = Number(process.env.BENCH_LINT_FILES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type PluginRule = (typeof plugin.rules)[keyof typeof plugin.rules];
type RuleContext = Parameters<PluginRule['create']>[0];

/**
 * The same rule with the listeners `create` registers, each with an empty body: ESLint's cost of calling
 * them, nothing of the rule's. One new function per listener, as a rule's own closures are: ESLint wraps
 * a function object that two rules share.
 */
function hollow(rule: PluginRule): PluginRule {
  return { ...rule, create: (context: RuleContext) => Object.fromEntries(Object.keys(rule.create(context)).map((selector) => [selector, (): undefined => undefined])) };
}

// References: rules that do less and less of the plugin's work, to see what ESLint costs before the plugin's code runs.
const noopPlugin = {
  rules: {
    // Listens to nothing: what ESLint costs once any rule is enabled.
    noop: { meta: { type: 'problem' as const, schema: [] }, create: () => ({}) },
    // The plugin's rules with their meta (schemas, default options) but listening to nothing: what ESLint
    // costs per configured rule and file (a rule context, the options) before any rule code runs.
    ...Object.fromEntries(Object.entries(plugin.rules).map(([id, rule]) => [`silent-${id}`, { meta: rule.meta, create: () => ({}) }])),
    // The plugin's rules registering their listeners, with empty bodies: adds ESLint's dispatch of every
    // listener call and the rules' `create` (settings, per-file prefilters).
    ...Object.fromEntries(Object.entries(plugin.rules).map(([id, rule]) => [`hollow-${id}`, hollow(rule)])),
  },
};

// A full collection after the warm-up, so that timing starts without the warm-up's garbage.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** `configs.strict` with each rule replaced by its `bench/<prefix>-` reference. */
function strictAs(prefix: string): Linter.RulesRecord {
  return Object.fromEntries(Object.entries(plugin.configs.strict.rules as Linter.RulesRecord).map(([id, entry]) => [`bench/${prefix}-${id.slice(id.indexOf('/') + 1)}`, entry]));
}

interface BenchConfig {
  readonly rules: () => Linter.RulesRecord;
  /** Run with ESLint's per-file rule-context pin removed (eslintInternals.ts). */
  readonly unpinned?: boolean;
}

/** The configurations timed side by side: no rules, the plugin's strict config, and the references. */
const CONFIGS: Readonly<Record<string, BenchConfig>> = {
  parseOnly: { rules: () => ({}) },
  strict: { rules: () => plugin.configs.strict.rules as Linter.RulesRecord },
  noop: { rules: () => ({ 'bench/noop': 'error' }) },
  silent: { rules: () => strictAs('silent') },
  hollow: { rules: () => strictAs('hollow') },
  noopUnpinned: { rules: () => ({ 'bench/noop': 'error' }), unpinned: true },
  strictUnpinned: { rules: () => plugin.configs.strict.rules as Linter.RulesRecord, unpinned: true },
};

const CORPORA: Readonly<Record<string, (count: number) => CorpusFile[]>> = { dense: generateCorpus, typical: generateTypicalCorpus };

/**
 * What each corpus is linted with. The dense corpus gets every reference, to split the cost; the typical
 * one the figures a project would compare.
 */
const RUNS: readonly { readonly corpus: string; readonly config: string }[] = [
  ...Object.keys(CONFIGS).map((config) => ({ corpus: 'dense', config })),
  ...['parseOnly', 'noop', 'strict', 'strictUnpinned'].map((config) => ({ corpus: 'typical', config })),
];

const RUN_ENV = 'OTEL_PROPAGATION_LINT_BENCH_RUN';

// Files linted by each process in turn: short enough that a change in machine load falls on every
// configuration alike, long enough that switching processes costs nothing measurable.
const CHUNK_FILES = 50;

// Idle time after each chunk, so that no run pays for the background collection work of another.
const SETTLE_MS = 50;

/** What a bench process reports once it is ready to be timed. */
interface ReadyMessage {
  readonly ready: true;
  readonly files: number;
  readonly lines: number;
  /** `false` when the run was to remove ESLint's rule-context pin but this ESLint has none to remove. */
  readonly unpinned?: boolean;
}

interface ChunkMessage {
  readonly ms: number;
  readonly problems: number;
}

/**
 * The body of a bench process for one run (`dense/strict`): builds its corpus and linter, warms up, then
 * lints the chunks of files the parent asks for, one at a time, and reports the time of each.
 */
function serveRun(run: string): void {
  const [corpus = '', name = ''] = run.split('/');
  const benchConfig = CONFIGS[name];
  const generate = CORPORA[corpus];
  if (benchConfig === undefined || generate === undefined) throw new Error(`unknown lint bench run ${run}`);
  const unpinned = benchConfig.unpinned === true ? unpinRuleContexts() : undefined;
  const files = generate(FILES);
  const linter = new Linter({ configType: 'flat', cwd: '/corpus' });
  const config = normalizedOnce(corpusLintConfig(benchConfig.rules(), { bench: noopPlugin }), '/corpus');
  // Warm-up: JIT and module caches.
  for (const file of files.slice(0, 200)) linter.verify(file.code, config, { filename: file.filename });
  collectGarbage();
  const lines = files.reduce((sum, file) => sum + file.code.split('\n').length, 0);
  process.on('message', ({ from, to }: { from: number; to: number }) => {
    const start = process.hrtime.bigint();
    let problems = 0;
    for (const file of files.slice(from, to)) problems += linter.verify(file.code, config, { filename: file.filename }).length;
    const reply: ChunkMessage = { ms: Number(process.hrtime.bigint() - start) / 1e6, problems };
    process.send?.(reply);
  });
  // Ends with the parent: the IPC channel is all that keeps this process alive.
  process.on('disconnect', () => process.exit(0));
  const ready: ReadyMessage = { ready: true, files: files.length, lines, unpinned };
  process.send?.(ready);
}

const EVAL_OPTIONS: ReadonlySet<string> = new Set(['-e', '--eval', '-p', '--print']);

/**
 * This process's Node options for a child that runs this file, without an `--eval` script: a child given
 * the script too would run the whole bench again, and its children too.
 */
function nodeOptionsForChild(): string[] {
  const options: string[] = [];
  for (let index = 0; index < process.execArgv.length; index++) {
    const option = process.execArgv[index] ?? '';
    if (EVAL_OPTIONS.has(option)) index++;
    else if (!/^--(?:eval|print)=/.test(option)) options.push(option);
  }
  return options;
}

/**
 * One process per run and round: each configuration keeps its own heap and garbage-collection state from
 * the first chunk to the last, as one lint of a whole project does. Run back to back in one process, a
 * run inherited the heap the previous ones grew.
 */
class RunProcess {
  readonly #child: ChildProcess;
  // Messages the process sent before anyone asked: it reports ready on its own time.
  readonly #received: unknown[] = [];
  #pending: ((message: unknown) => void) | undefined;
  #failure: Error | undefined;

  constructor(readonly run: string) {
    this.#child = fork(__filename, [], { execArgv: nodeOptionsForChild(), env: { ...process.env, [RUN_ENV]: run }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('message', (message) => {
      const pending = this.#pending;
      this.#pending = undefined;
      if (pending === undefined) this.#received.push(message);
      else pending(message);
    });
    this.#child.on('exit', (code) => {
      this.#failure = new Error(`lint bench run "${run}" ended early (exit ${String(code)})`);
      this.#pending?.(undefined);
    });
  }

  #next<T>(): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#received.length > 0) resolve(this.#received.shift() as T);
      else if (this.#failure !== undefined) reject(this.#failure);
      else {
        this.#pending = (message) => {
          if (this.#failure === undefined) resolve(message as T);
          else reject(this.#failure);
        };
      }
    });
  }

  /** Waits until the process has built its corpus and warmed up. */
  ready(): Promise<ReadyMessage> {
    return this.#next<ReadyMessage>();
  }

  /** Lints files `[from, to)` of the corpus in the process; resolves with the time it took there. */
  lint(from: number, to: number): Promise<ChunkMessage> {
    const reply = this.#next<ChunkMessage>();
    this.#child.send({ from, to });
    return reply;
  }

  stop(): void {
    if (this.#child.connected) this.#child.disconnect();
  }
}

function percent(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`.padStart(9);
}

/**
 * A new random order. In a fixed rotation each process always followed the same one, and the garbage
 * collector's background threads, still busy with the previous chunk, slowed some runs more than others:
 * a no-op rule came out 4% faster than no rules at all.
 */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/**
 * Runs the lint benchmark and prints parse-only time, strict time, their ratio and where the cost goes.
 * Every run has its own process; the processes lint the corpus chunk by chunk in turn, in a random order,
 * so that a change in machine load (other processes) falls on every run alike. Timing each run
 * whole, one after another, the same run took up to twice as long from one round to the next.
 */
export async function runLintBench(): Promise<void> {
  const names = RUNS.map(({ corpus, config }) => `${corpus}/${config}`);
  const times = new Map<string, number[]>(names.map((name) => [name, []]));
  const problems = new Map<string, number>();
  const ready = new Map<string, ReadyMessage>();
  for (let round = 0; round < ROUNDS; round++) {
    // New processes each round, so that one process's luck (hash seeds, where its heap lies) is averaged out.
    const processes = names.map((name) => new RunProcess(name));
    try {
      for (const child of processes) ready.set(child.run, await child.ready());
      const files = Math.min(...[...ready.values()].map((message) => message.files));
      for (const name of names) times.get(name)?.push(0);
      for (let from = 0; from < files; from += CHUNK_FILES) {
        for (const child of shuffled(processes)) {
          const { ms, problems: found } = await child.lint(from, Math.min(from + CHUNK_FILES, files));
          const perRound = times.get(child.run) ?? [];
          perRound[round] = (perRound[round] ?? 0) + ms;
          if (round === 0) problems.set(child.run, (problems.get(child.run) ?? 0) + found);
          // The garbage collector's background threads finish this chunk's work before the next one starts.
          await setTimeout(SETTLE_MS);
        }
      }
    } finally {
      for (const child of processes) child.stop();
    }
  }
  printLintBench(times, ready, problems);
}

function printLintBench(times: ReadonlyMap<string, readonly number[]>, ready: ReadonlyMap<string, ReadyMessage>, problems: ReadonlyMap<string, number>): void {
  const unpinned = [...ready.values()].every((message) => message.unpinned !== false);
  // Interleaved, every run met the same load: each figure is the mean of a whole lint of the corpus.
  const mean = (name: string): number => {
    const rounds = times.get(name) ?? [];
    return rounds.reduce((sum, time) => sum + time, 0) / rounds.length;
  };
  const over = (name: string, base: string): number => (mean(name) / mean(base) - 1) * 100;
  const ms = (name: string): string => mean(name).toFixed(0).padStart(7);
  const verdict = (value: number): string => `target <= 10%  ${value <= 10 ? 'OK' : 'OVER TARGET'}`;
  const heading = (corpus: string, label: string): void => {
    const run = ready.get(`${corpus}/strict`);
    console.log(`\nLint, ${label}: ${String(run?.files)} files, ${String(run?.lines)} lines, ${String(Object.keys(plugin.configs.strict.rules ?? {}).length)} rules (configs.strict), mean of ${String(ROUNDS)} rounds, runs interleaved in ${String(CHUNK_FILES)}-file chunks`);
    console.log(`  parse only (no rules)   ${ms(`${corpus}/parseOnly`)} ms`);
    console.log(`  configs.strict          ${ms(`${corpus}/strict`)} ms   (${String(problems.get(`${corpus}/strict`))} findings)`);
  };
  const summary = (corpus: string): void => {
    const overParse = over(`${corpus}/strict`, `${corpus}/parseOnly`);
    const overNoop = over(`${corpus}/strict`, `${corpus}/noop`);
    console.log(`  rules' cost over parse only            ${percent(overParse)}   ${verdict(overParse)}`);
    console.log(`  rules' cost over one rule that does nothing ${percent(overNoop)}   ${verdict(overNoop)}  (what the plugin adds to a lint that runs any rule)`);
  };

  heading('dense', 'dense corpus (every block crosses a boundary: the worst case)');
  summary('dense');
  const parseOnly = times.get('dense/parseOnly') ?? [];
  console.log(`  each round, over parse only      ${(times.get('dense/strict') ?? []).map((time, round) => `${((time / (parseOnly[round] ?? Number.NaN) - 1) * 100).toFixed(1)}%`).join('  ')}`);
  console.log("  references, each over parse only: what ESLint costs before the rules' own code runs");
  console.log(`    ${percent(over('dense/noop', 'dense/parseOnly'))}  one rule that listens to nothing: ESLint's cost once any rule is enabled`);
  console.log(`    ${percent(over('dense/silent', 'dense/parseOnly'))}  the strict rules' meta, no listeners: adds ESLint's cost per configured rule`);
  console.log(`    ${percent(over('dense/hollow', 'dense/parseOnly'))}  the strict rules' listeners with empty bodies: adds ESLint's dispatch and the rules' create`);
  console.log(`  configs.strict over those hollow rules: ${percent(over('dense/strict', 'dense/hollow'))}  (the rules' own listener code)`);
  if (unpinned) {
    console.log("  with ESLint's per-file rule-context pin removed in the bench process (eslintInternals.ts):");
    console.log(`    one rule that listens to nothing ${percent(over('dense/noopUnpinned', 'dense/parseOnly'))} over parse only; configs.strict ${percent(over('dense/strictUnpinned', 'dense/parseOnly'))}`);
  } else {
    console.log("  ESLint's rule-context pin: this ESLint has no FileContext#extend, not measured");
  }

  heading('typical', 'typical service corpus (traced code among business code)');
  summary('typical');
  if (unpinned) {
    const overParseUnpinned = over('typical/strictUnpinned', 'typical/parseOnly');
    console.log(`  rules' cost over parse only, ESLint's rule-context pin removed ${percent(overParseUnpinned)}   ${verdict(overParseUnpinned)}  (the target once ESLint stops pinning)`);
  }
}

const childRun = process.env[RUN_ENV];
if (require.main === module) {
  if (childRun === undefined) {
    runLintBench().catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  } else {
    serveRun(childRun);
  }
}
