import assert from 'node:assert/strict';

import { buildLintConfig, Debouncer, LintEngine, lintFileName, lintKindOf, ruleDocsUrl, skipReason } from '../../../extension/src/server/linting';
import { DEFAULT_SERVER_SETTINGS } from '../../../extension/src/server/settingsContract';

const UPPERCASE = "const headers = { traceparent: '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01' };\n";

describe('lintKindOf()', () => {
  it('prefers the file extension, including .mjs, .cjs, .mts and .cts', () => {
    assert.deepEqual(
      ['/a/x.mjs', '/a/x.cjs', '/a/x.mts', '/a/x.cts', '/a/x.JSX', '/a/x.tsx'].map((file) => lintKindOf(file, 'plaintext')),
      ['js', 'js', 'ts', 'ts', 'jsx', 'tsx'],
    );
  });

  it('falls back on the language id for untitled documents and unknown extensions', () => {
    assert.deepEqual(
      [lintKindOf(undefined, 'typescriptreact'), lintKindOf('/a/script', 'javascript'), lintKindOf(undefined, 'tsx'), lintKindOf('/a/data.json', 'json')],
      ['tsx', 'js', 'tsx', undefined],
    );
  });
});

describe('lintFileName()', () => {
  it('keeps a lintable path, adds the dialect extension otherwise, and names untitled documents relatively', () => {
    assert.equal(lintFileName('/repo/src/a.cts', 'ts'), '/repo/src/a.cts');
    assert.equal(lintFileName('/repo/bin/serve', 'js'), '/repo/bin/serve.js');
    assert.equal(lintFileName(undefined, 'tsx'), 'untitled.tsx');
  });
});

describe('buildLintConfig()', () => {
  it('starts from the preset, applies overrides and passes the baggage limits as rule options', () => {
    const [config] = buildLintConfig({ ...DEFAULT_SERVER_SETTINGS, rules: { 'require-span-end': 'warn', 'valid-trace-context': 'off', 'not-a-rule': 'error' }, baggageMaxBytes: 100, baggageMaxMembers: 3 }, 'ts');
    const rules = config?.rules ?? {};
    assert.equal(rules['otel-propagation/require-span-end'], 'warn');
    assert.equal(rules['otel-propagation/valid-trace-context'], 'off');
    assert.equal(rules['otel-propagation/not-a-rule'], undefined);
    assert.deepEqual(rules['otel-propagation/no-oversized-baggage'], ['error', { maxBytes: 100, maxMembers: 3 }]);
  });

  it('leaves auto settings out so the plugin detects them, and passes explicit ones', () => {
    assert.deepEqual(buildLintConfig(DEFAULT_SERVER_SETTINGS, 'js')[0]?.settings, { 'otel-propagation': {} });
    assert.deepEqual(buildLintConfig({ ...DEFAULT_SERVER_SETTINGS, contextManager: 'zone', instrumented: ['kafkajs'] }, 'js')[0]?.settings, {
      'otel-propagation': { contextManager: 'zone', instrumented: ['kafkajs'] },
    });
  });

  it('keeps the browser preset context manager unless the user chose one', () => {
    assert.deepEqual(buildLintConfig({ ...DEFAULT_SERVER_SETTINGS, preset: 'browser' }, 'js')[0]?.settings, { 'otel-propagation': { contextManager: 'stack' } });
    assert.deepEqual(buildLintConfig({ ...DEFAULT_SERVER_SETTINGS, preset: 'browser', contextManager: 'zone' }, 'js')[0]?.settings, { 'otel-propagation': { contextManager: 'zone' } });
  });

  it('turns JSX on for .jsx and .tsx only', () => {
    const jsx = (kind: 'js' | 'jsx' | 'ts' | 'tsx'): unknown => (buildLintConfig(DEFAULT_SERVER_SETTINGS, kind)[0]?.languageOptions?.parserOptions as { ecmaFeatures: { jsx: boolean } }).ecmaFeatures.jsx;
    assert.deepEqual([jsx('js'), jsx('jsx'), jsx('ts'), jsx('tsx')], [false, true, false, true]);
  });
});

describe('skipReason()', () => {
  it('skips text over 2 MB and text with NUL characters, and nothing else', () => {
    assert.equal(skipReason('a'.repeat(2 * 1024 * 1024 + 1)), 'larger than 2097152 characters');
    assert.equal(skipReason('PK\u0003\u0004\u0000\u0000'), 'binary content');
    assert.equal(skipReason(UPPERCASE), undefined);
  });
});

describe('LintEngine', () => {
  const engine = new LintEngine();

  it('reports only this plugin\'s messages, not unknown rules named in inline comments', () => {
    const outcome = engine.lint({ text: `/* eslint other/rule: "error" */\n${UPPERCASE}`, filePath: '/tmp/lint/a.ts', kind: 'ts', settings: DEFAULT_SERVER_SETTINGS });
    assert.ok(outcome.kind === 'linted');
    assert.deepEqual(outcome.messages.map((message) => [message.ruleId, message.line, message.column]), [['otel-propagation/valid-trace-context', 2, 32]]);
  });

  it('returns the parse error instead of messages when the file does not parse', () => {
    assert.deepEqual(engine.lint({ text: 'const = ;', filePath: '/tmp/lint/b.js', kind: 'js', settings: DEFAULT_SERVER_SETTINGS }), { kind: 'parseError', message: 'Parsing error: Unexpected token =', line: 1, column: 7, mode: 'full' });
  });

  it('lints untitled documents', () => {
    const outcome = engine.lint({ text: UPPERCASE, filePath: undefined, kind: 'ts', settings: DEFAULT_SERVER_SETTINGS });
    assert.equal(outcome.kind === 'linted' ? outcome.messages.length : -1, 1);
  });

  it('fixAll applies auto-fixes and returns undefined when there is nothing to fix', () => {
    const text = "import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';\nimport { ZipkinExporter } from '@opentelemetry/exporter-zipkin';\nconst p = new SimpleSpanProcessor(new ZipkinExporter());\n";
    assert.equal(
      engine.fixAll({ text, filePath: '/tmp/lint/c.js', kind: 'js', settings: DEFAULT_SERVER_SETTINGS }),
      "import { SimpleSpanProcessor, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';\nimport { ZipkinExporter } from '@opentelemetry/exporter-zipkin';\nconst p = new BatchSpanProcessor(new ZipkinExporter());\n",
    );
    assert.equal(engine.fixAll({ text: UPPERCASE, filePath: '/tmp/lint/d.js', kind: 'js', settings: DEFAULT_SERVER_SETTINGS }), undefined);
  });
});

describe('ruleDocsUrl()', () => {
  it('finds the docs of a rule with or without the namespace, and nothing for unknown rules', () => {
    const url = 'https://github.com/otel-propagation/otel-propagation/blob/main/eslint-plugin/docs/rules/require-span-end.md';
    assert.equal(ruleDocsUrl('otel-propagation/require-span-end'), url);
    assert.equal(ruleDocsUrl('require-span-end'), url);
    assert.equal(ruleDocsUrl('otel-propagation/toString'), undefined);
  });
});

describe('Debouncer', () => {
  it('runs only the last work scheduled for a key within the quiet period', async () => {
    const debouncer = new Debouncer(20);
    const ran: number[] = [];
    for (let index = 0; index < 5; index++) debouncer.schedule('a', () => ran.push(index));
    debouncer.schedule('b', () => ran.push(100));
    assert.equal(debouncer.isPending('a'), true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(ran, [4, 100]);
    assert.equal(debouncer.isPending('a'), false);
  });

  it('cancel and dispose drop pending work', async () => {
    const debouncer = new Debouncer(10);
    const ran: string[] = [];
    debouncer.schedule('a', () => ran.push('a'));
    debouncer.schedule('b', () => ran.push('b'));
    debouncer.cancel('a');
    debouncer.dispose();
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.deepEqual(ran, []);
  });
});
