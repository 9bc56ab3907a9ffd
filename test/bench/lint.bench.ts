/**
 * Lint cost of the plugin: a generated corpus of realistic OpenTelemetry-instrumented files is linted
 * with `configs.strict` and with no rules at all (parse and scope analysis only), side by side.
 * Target: all rules together cost at most 10% on top of parsing.
 */
import { Linter } from 'eslint';
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

/** Runs the lint benchmark and prints parse-only time, strict time and their ratio. */
export function runLintBench(): void {
  const files = generateCorpus(FILES);
  const lines = files.reduce((sum, file) => sum + file.code.split('\n').length, 0);
  const linter = new Linter({ configType: 'flat', cwd: '/corpus' });
  const parseOnly = configsFor({});
  const strict = configsFor(plugin.configs.strict.rules as Linter.RulesRecord);
  const noop = configsFor({ 'bench/noop': 'error' });
  const silent = configsFor(Object.fromEntries(Object.entries(plugin.configs.strict.rules as Linter.RulesRecord).map(([id, entry]) => [`bench/silent-${id.slice(id.indexOf('/') + 1)}`, entry])));
  lintAll(linter, files.slice(0, 200), strict); // warm-up: JIT and module caches
  lintAll(linter, files.slice(0, 200), parseOnly);
  lintAll(linter, files.slice(0, 200), noop);
  lintAll(linter, files.slice(0, 200), silent);
  const baseTimes: number[] = [];
  const ruleTimes: number[] = [];
  const ratios: number[] = [];
  const noopRatios: number[] = [];
  const silentRatios: number[] = [];
  let problems = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Each round times the runs back to back, in an order that rotates, so a change in machine load
    // (other processes) weighs on every side alike.
    const order = [parseOnly, strict, noop, silent];
    const runs = new Map<Linter.Config[], { ms: number; problems: number }>();
    for (let index = 0; index < order.length; index++) {
      const config = order[(index + round) % order.length];
      if (config !== undefined) runs.set(config, lintAll(linter, files, config));
    }
    const base = runs.get(parseOnly)?.ms ?? Number.NaN;
    const run = runs.get(strict);
    baseTimes.push(base);
    ruleTimes.push(run?.ms ?? Number.NaN);
    ratios.push(((run?.ms ?? Number.NaN) / base - 1) * 100);
    noopRatios.push(((runs.get(noop)?.ms ?? Number.NaN) / base - 1) * 100);
    silentRatios.push(((runs.get(silent)?.ms ?? Number.NaN) / base - 1) * 100);
    problems = run?.problems ?? 0;
  }
  const base = median(baseTimes);
  const withRules = median(ruleTimes);
  const overhead = median(ratios);
  console.log(`\nLint: ${String(files.length)} files, ${String(lines)} lines, ${String(Object.keys(plugin.configs.strict.rules ?? {}).length)} rules (configs.strict), median of ${String(ROUNDS)} interleaved rounds`);
  console.log(`  parse only (no rules)   ${base.toFixed(0).padStart(7)} ms`);
  console.log(`  configs.strict          ${withRules.toFixed(0).padStart(7)} ms   (${String(problems)} findings)`);
  console.log(`  rules' cost             ${overhead.toFixed(1).padStart(7)} %    target <= 10%  ${overhead <= 10 ? 'OK' : 'OVER TARGET'}`);
  console.log(`  per round               ${ratios.map((ratio) => `${ratio.toFixed(1)}%`).join('  ')}`);
  console.log(`  reference: one rule that listens to nothing costs ${median(noopRatios).toFixed(1)} % (ESLint's own cost of running any rule)`);
  console.log(`  reference: the strict rules' meta with no listeners costs ${median(silentRatios).toFixed(1)} % (ESLint's own cost per configured rule)`);
}

if (require.main === module) runLintBench();
