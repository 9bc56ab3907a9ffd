/**
 * Lint cost of the plugin: a generated corpus of realistic OpenTelemetry-instrumented files is linted
 * with `configs.strict` and with no rules at all (parse and scope analysis only), side by side.
 * Target: all rules together cost at most 10% on top of parsing.
 */
import { Linter } from 'eslint';
// A namespace import: the parser's CommonJS build has no default export under tsx.
import * as tsParser from '@typescript-eslint/parser';
// The built plugin, as users run it (npm run bench builds first).
import plugin from 'eslint-plugin-otel-propagation';
import { generateCorpus } from './corpus';
import type { CorpusFile } from './corpus';

const FILES = Number(process.env.BENCH_LINT_FILES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function configsFor(rules: Linter.RulesRecord): Linter.Config[] {
  return [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser, sourceType: 'module' } },
    { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    {
      files: ['**/*.ts', '**/*.mjs', '**/*.cjs'],
      plugins: { 'otel-propagation': plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
      settings: { 'otel-propagation': { contextManager: 'async-local-storage', instrumented: [] } },
      rules,
    },
  ];
}

function lintAll(linter: Linter, files: readonly CorpusFile[], config: Linter.Config[]): { ms: number; problems: number } {
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
  lintAll(linter, files.slice(0, 200), strict); // warm-up: JIT and module caches
  lintAll(linter, files.slice(0, 200), parseOnly);
  const baseTimes: number[] = [];
  const ruleTimes: number[] = [];
  const ratios: number[] = [];
  let problems = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Each round times both runs back to back, alternating which goes first, so a change in machine load
    // (other processes, a garbage collection owed by the previous run) weighs on both sides alike.
    const strictFirst = round % 2 === 1;
    const first = lintAll(linter, files, strictFirst ? strict : parseOnly);
    const second = lintAll(linter, files, strictFirst ? parseOnly : strict);
    const [base, run] = strictFirst ? [second, first] : [first, second];
    baseTimes.push(base.ms);
    ruleTimes.push(run.ms);
    ratios.push((run.ms / base.ms - 1) * 100);
    problems = run.problems;
  }
  const base = median(baseTimes);
  const withRules = median(ruleTimes);
  const overhead = median(ratios);
  console.log(`\nLint: ${String(files.length)} files, ${String(lines)} lines, ${String(Object.keys(plugin.configs.strict.rules ?? {}).length)} rules (configs.strict), median of ${String(ROUNDS)} interleaved rounds`);
  console.log(`  parse only (no rules)   ${base.toFixed(0).padStart(7)} ms`);
  console.log(`  configs.strict          ${withRules.toFixed(0).padStart(7)} ms   (${String(problems)} findings)`);
  console.log(`  rules' cost             ${overhead.toFixed(1).padStart(7)} %    target <= 10%  ${overhead <= 10 ? 'OK' : 'OVER TARGET'}`);
  console.log(`  per round               ${ratios.map((ratio) => `${ratio.toFixed(1)}%`).join('  ')}`);
}

if (require.main === module) runLintBench();
