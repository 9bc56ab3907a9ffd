/**
 * Entry point the extension host loads through `extensionTestsPath`: it runs the integration tests
 * with mocha inside the real editor. Bundled by `extension/esbuild.test.mjs` next to the test files,
 * which it loads from its own folder at run time.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';

import MochaModule from 'mocha';

// mocha 12 is an ES module: depending on the Node version, require() hands back the class itself
// or its namespace; both carry the class as `Mocha`.
const Mocha: typeof MochaModule = (MochaModule as unknown as { Mocha?: typeof MochaModule }).Mocha ?? MochaModule;

/**
 * Marks the suite's own output lines. The extension host forwards console output to the workbench
 * page with a styled prefix and the raw format arguments; pre-formatting each line and tagging it lets
 * the e2e runner print exactly the reporter's lines.
 */
export const OUTPUT_TAG = '[exthost-mocha] ';

/** The closing line CI and the e2e runner read: `exthost: <passed> passed, <failed> failed`. */
export function summaryLine(passed: number, failed: number): string {
  return `exthost: ${passed} passed, ${failed} failed`;
}

/** Runs every bundled `*.test.js` next to this file; rejects when a test fails, as the test runners expect. */
export function run(): Promise<void> {
  // bdd like the rest of the repo; the VS Code runners default to tdd.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env['OTEL_PROPAGATION_TEST_GREP'];
  if (grep !== undefined && grep.length > 0) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  // The extension host makes console.log read-only, so the tag goes on mocha's own output function.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const log = (...args: unknown[]): void => {
    console.log(`${OUTPUT_TAG}${format(...args)}`);
  };
  base.consoleLog = log;
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      log(summaryLine(passed, failures));
      if (failures > 0) reject(new Error(`${failures} integration tests failed`));
      else resolve();
    });
  });
}
