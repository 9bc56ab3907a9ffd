/**
 * Lint cost of the plugin: a generated corpus of realistic OpenTelemetry-instrumented files is linted
 * with `configs.strict` and with no rules at all (parse and scope analysis only), side by side.
 * Target: all rules together cost at most 10% on top of parsing. Every timed run is a fresh process.
 *
 * Beside the target, the bench splits the cost between ESLint and the plugin's code: ESLint pays a fixed
 * cost per file as soon as one rule is enabled (see eslintInternals.ts), then per configured rule and per
 * listener call, before a rule's own code runs. References measure each step.
 */
import { Linter } from 'eslint';
import { spawnSync } from 'node:child_process';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
// A namespace import: the parser's CommonJS build has no default export under tsx.
import * as tsParser from '@typescript-eslint/parser';
// The built plugin, as users run it (npm run bench builds first).
import plugin from 'eslint-plugin-otel-propagation';
import { generateCorpus, generateTypicalCorpus } from './corpus';
import { normalizedOnce, unpinRuleContexts } from './eslintInternals';
import type { CorpusFile } from './corpus';

const FILES = Number(process.env.BENCH_LINT_FILES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

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

// A full collection before each timed run, so no run pays for the garbage the previous one left.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function configsFor(rules: Linter.RulesRecord): Linter.Config[] {
  return [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser, sourceType: 'module' } },
    { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    {
      files: ['**/*.ts', '**/*.mjs', '**/*.cjs'],
      plugins: { 'otel-propagation': plugin as unknown as NonNullable<Linter.Config['plugins']>[string], bench: noopPlugin },
      settings: { 'otel-propagation': { contextManager: 'async-local-storage', instrumented: [] } },
      rules,
    },
  ];
}

function lintAll(linter: Linter, files: readonly CorpusFile[], config: Linter.Config[]): { ms: number; problems: number } {
  collectGarbage();
  const start = process.hrtime.bigint();
  let problems = 0;
  for (const file of files) problems += linter.verify(file.code, config, { filename: file.filename }).length;
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, problems };
}

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

interface LintRun {
  readonly ms: number;
  readonly problems: number;
  readonly files: number;
  readonly lines: number;
  /** `false` when the run was to remove ESLint's rule-context pin but this ESLint has none to remove. */
  readonly unpinned?: boolean;
}

/** One timed lint of a corpus (`dense/strict`) with one configuration, in this process: warm-up, full collection, timed run. */
function lintOnce(run: string): LintRun {
  const [corpus = '', name = ''] = run.split('/');
  const benchConfig = CONFIGS[name];
  const generate = CORPORA[corpus];
  if (benchConfig === undefined || generate === undefined) throw new Error(`unknown lint bench run ${run}`);
  const unpinned = benchConfig.unpinned === true ? unpinRuleContexts() : undefined;
  const files = generate(FILES);
  const linter = new Linter({ configType: 'flat', cwd: '/corpus' });
  const config = normalizedOnce(configsFor(benchConfig.rules()), '/corpus');
  lintAll(linter, files.slice(0, 200), config); // warm-up: JIT and module caches
  const lines = files.reduce((sum, file) => sum + file.code.split('\n').length, 0);
  return { ...lintAll(linter, files, config), files: files.length, lines, unpinned };
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
 * Each timed run happens in a fresh process. Run back to back in one process, a run inherits the heap the
 * previous ones grew and their garbage-collection state, and the ratio of two runs swung by ten points
 * between rounds; a fresh process starts every configuration from the same state.
 */
function lintInChild(run: string): LintRun {
  const child = spawnSync(process.execPath, [...nodeOptionsForChild(), __filename], { env: { ...process.env, [RUN_ENV]: run }, encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`lint bench run "${run}" failed (exit ${String(child.status)}): ${child.stderr}`);
  return JSON.parse(line) as LintRun;
}

function percent(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`.padStart(9);
}

/** Runs the lint benchmark and prints parse-only time, strict time, their ratio and where the cost goes. */
export function runLintBench(): void {
  const names = RUNS.map(({ corpus, config }) => `${corpus}/${config}`);
  const times = new Map<string, number[]>(names.map((name) => [name, []]));
  const lastRun = new Map<string, LintRun>();
  let unpinned = true;
  for (let round = 0; round < ROUNDS; round++) {
    // Each round times every run once, in an order that rotates, so a change in machine load
    // (other processes) weighs on every side alike.
    for (let index = 0; index < names.length; index++) {
      const name = names[(index + round) % names.length] ?? 'dense/parseOnly';
      const run = lintInChild(name);
      times.get(name)?.push(run.ms);
      lastRun.set(name, run);
      if (run.unpinned === false) unpinned = false;
    }
  }
  // The fastest run of each: load from elsewhere only ever slows a run down, and on a shared machine it
  // came and went within a round (the same run took up to twice as long).
  const fastest = (name: string): number => Math.min(...(times.get(name) ?? []));
  const over = (name: string, base: string): number => (fastest(name) / fastest(base) - 1) * 100;
  const ms = (name: string): string => fastest(name).toFixed(0).padStart(7);
  const verdict = (value: number): string => `target <= 10%  ${value <= 10 ? 'OK' : 'OVER TARGET'}`;
  const heading = (corpus: string, label: string): void => {
    const run = lastRun.get(`${corpus}/strict`);
    console.log(`\nLint, ${label}: ${String(run?.files)} files, ${String(run?.lines)} lines, ${String(Object.keys(plugin.configs.strict.rules ?? {}).length)} rules (configs.strict), fastest of ${String(ROUNDS)} rounds, each run in a fresh process`);
    console.log(`  parse only (no rules)   ${ms(`${corpus}/parseOnly`)} ms`);
    console.log(`  configs.strict          ${ms(`${corpus}/strict`)} ms   (${String(run?.problems)} findings)`);
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
  console.log(`  each round, over parse only  ${(times.get('dense/strict') ?? []).map((time, round) => `${((time / (parseOnly[round] ?? Number.NaN) - 1) * 100).toFixed(1)}%`).join('  ')}`);
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
  if (unpinned) console.log(`  configs.strict with ESLint's rule-context pin removed ${percent(over('typical/strictUnpinned', 'typical/parseOnly'))} over parse only`);
}

const childRun = process.env[RUN_ENV];
if (require.main === module) {
  if (childRun === undefined) runLintBench();
  else console.log(JSON.stringify(lintOnce(childRun)));
}
