// Bundles the integration suite that runs inside the extension host (`extensionTestsPath` flow):
// test/extension/integration/*.ts → dist/test/*.js, with `vscode` and mocha left to the host / node_modules.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const suiteDir = path.join(here, '..', 'test', 'extension', 'integration');
const entryPoints = readdirSync(suiteDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => path.join(suiteDir, name));

await esbuild.build({
  entryPoints,
  outdir: path.join(here, 'dist', 'test'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
