/**
 * Lint cost of the plugin: a generated corpus of realistic OpenTelemetry-instrumented files is linted
 * with `configs.strict` and with no rules at all (parse and scope analysis only), side by side.
 * Target: all rules together cost at most 10% on top of parsing. Every timed run is a fresh process, and
 * the cost of one rule that does nothing is printed beside it: ESLint pays it as soon as any rule is enabled.
 */
import { Linter } from 'eslint';
import { spawnSync } from 'node:child_process';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
// A namespace import: the parser's CommonJS build has no default export under tsx.
import * as tsParser from '@typescript-eslint/parser';
// The built plugin, as users run it (npm run bench builds first).
import plugin from 'eslint-plugin-otel-propagation';
import { generateCorpus } from './corpus';
import type { CorpusFile } from './corpus';

const FILES = Number(process.env.BENCH_LINT_FILES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

// A rule that listens to nothing: what ESLint itself costs once any rule is enabled, as a reference.
const noopPlugin = {
  rules: {
    noop: { meta: { type: 'problem' as const, schema: [] }, create: () => ({}) },
    // The plugin's rules with their meta (schemas, default options) but listening to nothing: what ESLint
    // costs per configured rule (option merging and validation, rule contexts) before any rule code runs.
    ...Object.fromEntries(Object.entries(plugin.rules).map(([id, rule]) => [`silent-${id}`, { meta: rule.meta, create: () => ({}) }])),
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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The configurations timed side by side: no rules, the plugin's strict config, and the two references. */
const CONFIGS: Readonly<Record<string, () => Linter.Config[]>> = {
  parseOnly: () => configsFor({}),
  strict: () => configsFor(plugin.configs.strict.rules as Linter.RulesRecord),
  noop: () => configsFor({ 'bench/noop': 'error' }),
  silent: () => configsFor(Object.fromEntries(Object.entries(plugin.configs.strict.rules as Linter.RulesRecord).map(([id, entry]) => [`bench/silent-${id.slice(id.indexOf('/') + 1)}`, entry]))),
};

const CONFIG_ENV = 'OTEL_PROPAGATION_LINT_BENCH_CONFIG';

/** One timed lint of the corpus with one configuration, in this process: warm-up, full collection, timed run. */
function lintOnce(name: string): { ms: number; problems: number } {
  const makeConfig = CONFIGS[name];
  if (makeConfig === undefined) throw new Error(`unknown lint bench configuration ${name}`);
  const files = generateCorpus(FILES);
  const linter = new Linter({ configType: 'flat', cwd: '/corpus' });
  const config = makeConfig();
  lintAll(linter, files.slice(0, 200), config); // warm-up: JIT and module caches
  return lintAll(linter, files, config);
}

/**
 * Each timed run happens in a fresh process. Run back to back in one process, a run inherits the heap the
 * previous ones grew and their garbage-collection state, and the ratio of two runs swung by ten points
 * between rounds; a fresh process starts every configuration from the same state.
 */
function lintInChild(name: string): { ms: number; problems: number } {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename], { env: { ...process.env, [CONFIG_ENV]: name }, encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`lint bench run "${name}" failed (exit ${String(child.status)}): ${child.stderr}`);
  return JSON.parse(line) as { ms: number; problems: number };
}

/** Runs the lint benchmark and prints parse-only time, strict time and their ratio. */
export function runLintBench(): void {
  const files = generateCorpus(FILES);
  const lines = files.reduce((sum, file) => sum + file.code.split('\n').length, 0);
  const names = Object.keys(CONFIGS);
  const times = new Map<string, number[]>(names.map((name) => [name, []]));
  const ratios = new Map<string, number[]>(names.map((name) => [name, []]));
  let problems = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Each round times every configuration once, in an order that rotates, so a change in machine load
    // (other processes) weighs on every side alike.
    const runs = new Map<string, number>();
    for (let index = 0; index < names.length; index++) {
      const name = names[(index + round) % names.length] ?? 'parseOnly';
      const run = lintInChild(name);
      runs.set(name, run.ms);
      times.get(name)?.push(run.ms);
      if (name === 'strict') problems = run.problems;
    }
    const base = runs.get('parseOnly') ?? Number.NaN;
    for (const name of names) ratios.get(name)?.push(((runs.get(name) ?? Number.NaN) / base - 1) * 100);
  }
  const overhead = median(ratios.get('strict') ?? []);
  console.log(`\nLint: ${String(files.length)} files, ${String(lines)} lines, ${String(Object.keys(plugin.configs.strict.rules ?? {}).length)} rules (configs.strict), median of ${String(ROUNDS)} rounds, each run in a fresh process`);
  console.log(`  parse only (no rules)   ${median(times.get('parseOnly') ?? []).toFixed(0).padStart(7)} ms`);
  console.log(`  configs.strict          ${median(times.get('strict') ?? []).toFixed(0).padStart(7)} ms   (${String(problems)} findings)`);
  console.log(`  rules' cost             ${overhead.toFixed(1).padStart(7)} %    target <= 10%  ${overhead <= 10 ? 'OK' : 'OVER TARGET'}`);
  console.log(`  per round               ${(ratios.get('strict') ?? []).map((ratio) => `${ratio.toFixed(1)}%`).join('  ')}`);
  console.log(`  reference: one rule that listens to nothing costs ${median(ratios.get('noop') ?? []).toFixed(1)} % (ESLint's own cost of running any rule)`);
  // ESLint pays that cost as soon as one rule is enabled, whatever the rule: what the plugin's rules add on top of it.
  const overNoop = times.get('strict')?.map((ms, round) => (ms / (times.get('noop')?.[round] ?? Number.NaN) - 1) * 100) ?? [];
  console.log(`  configs.strict over that one rule: ${median(overNoop).toFixed(1)} % (what the plugin's rules add once ESLint runs any rule)`);
  console.log(`  reference: the strict rules' meta with no listeners costs ${median(ratios.get('silent') ?? []).toFixed(1)} % (ESLint's own cost per configured rule)`);
}

const childConfig = process.env[CONFIG_ENV];
if (require.main === module) {
  if (childConfig === undefined) runLintBench();
  else console.log(JSON.stringify(lintOnce(childConfig)));
}
