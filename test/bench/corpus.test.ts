/**
 * The lint bench's corpora are code the plugin must read right: every file parses, and `configs.strict`
 * reports the mistakes planted in them and nothing in the correct code around them, business code included.
 */
import { strict as assert } from 'node:assert';
import { Linter } from 'eslint';
import plugin from 'eslint-plugin-otel-propagation';

import { generateCorpus, generateTypicalCorpus } from './corpus';
import { corpusLintConfig } from './corpusConfig';
import type { CorpusFile } from './corpus';

function lintStrict(files: readonly CorpusFile[]): Record<string, number> {
  const linter = new Linter({ configType: 'flat', cwd: '/corpus' });
  const config = corpusLintConfig(plugin.configs.strict.rules as Linter.RulesRecord);
  const counts: Record<string, number> = {};
  for (const file of files) {
    for (const message of linter.verify(file.code, config, { filename: file.filename })) {
      const key = message.ruleId ?? `fatal in ${file.filename}: ${message.message}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}

// The planted mistake: a span started, not made active, across an untraced `producer.send`.
function plantedMistakes(files: readonly CorpusFile[]): number {
  return files.reduce((sum, file) => sum + (file.code.match(/function notify\d+\(/g)?.length ?? 0), 0);
}

describe('lint bench corpora', () => {
  for (const [name, generate] of [
    ['dense', generateCorpus],
    ['typical', generateTypicalCorpus],
  ] as const) {
    describe(name, () => {
      const files = generate(150);

      it('is the same for the same seed and differs for another', () => {
        assert.deepEqual(generate(150), files);
        assert.notDeepEqual(generate(150, 7), files);
      });

      it('has TypeScript, ES module and CommonJS files, and SDK setup files', () => {
        const extensions = new Set(files.map((file) => file.filename.slice(file.filename.lastIndexOf('.'))));
        assert.deepEqual([...extensions].sort(), ['.cjs', '.mjs', '.ts']);
        assert.equal(files.filter((file) => file.filename.includes('/telemetry')).length, 3);
      });

      it('parses, and configs.strict reports the planted mistakes only', () => {
        const mistakes = plantedMistakes(files);
        assert.ok(mistakes > 0);
        assert.deepEqual(lintStrict(files), {
          'otel-propagation/require-active-span': mistakes,
          'otel-propagation/require-span-end': mistakes,
        });
      });
    });
  }

  it('typical: most files are business code that never imports the OpenTelemetry API', () => {
    const files = generateTypicalCorpus(500);
    const traced = files.filter((file) => /@opentelemetry\/api\b/.test(file.code)).length;
    // 10 SDK setup files, and about 4 in 10 of the others.
    assert.ok(traced > 150 && traced < 260, `${String(traced)} files import the API`);
  });
});
