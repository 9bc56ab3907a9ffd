/**
 * `npm run bench`: every benchmark, each printing its figures side by side with its reference.
 * Targets live here, never in timed tests. `BENCH_ONLY=core,lint,extension,traces` runs a subset.
 */
import { runCoreBench } from './core.bench';
import { runExtensionBench } from './extension.bench';
import { runLintBench } from './lint.bench';
import { runTracesBench } from './traces.bench';

const SUITES: Readonly<Record<string, () => Promise<void> | void>> = {
  core: runCoreBench,
  lint: runLintBench,
  extension: runExtensionBench,
  traces: runTracesBench,
};

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  for (const [name, run] of Object.entries(SUITES)) {
    if (only && !only.includes(name)) continue;
    await run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
