// `npm run demo`: decodes the trace context in a sample log, then lints the sample services.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { main } = require('../shared/dist/cli/main.js');

const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

console.log('━━ Trace context found in examples/traffic.log (otel-propagation scan) ━━\n');
await main(['scan', join(here, 'traffic.log')], io);

console.log('\n━━ Propagation problems in examples/ (eslint-plugin-otel-propagation, configs.strict) ━━\n');
const eslint = new ESLint({ cwd: here, overrideConfigFile: join(here, 'eslint.config.mjs') });
const results = await eslint.lintFiles(['.']);
const formatter = await eslint.loadFormatter('stylish');
process.stdout.write(await formatter.format(results));

console.log('Findings per file (broken.* should have them, fixed.* none):');
for (const result of results) {
  const rules = [...new Set(result.messages.map((message) => message.ruleId ?? 'parse error'))];
  console.log(`  ${relative(here, result.filePath).padEnd(40)} ${String(result.messages.length).padStart(3)}  ${rules.join(', ')}`);
}
