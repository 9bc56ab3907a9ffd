import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'mocha';

// Consumers load the built package through the workspace link, exactly as an installed copy resolves.
const ROOT = resolve(__dirname, '../..');
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
}

describe('otel-propagation-core packaging', () => {
  it('works for CommonJS consumers', () => {
    const out = node(['-e', `const core = require('otel-propagation-core'); console.log(core.parseTraceparent('${TRACEPARENT}').ok, typeof core.findTraceContexts)`]);
    assert.equal(out.trim(), 'true function');
  });

  it('works for ESM consumers with named imports', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { decode, convert, generate } from 'otel-propagation-core'; console.log(decode('${TRACEPARENT}').valid, convert('${TRACEPARENT}', 'b3').ok, typeof generate)`,
    ]);
    assert.equal(out.trim(), 'true true function');
  });
});
