import * as tsParser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { DocumentedRule } from '../../eslint-plugin/src/configs';

import { createConfigs } from '../../eslint-plugin/src/configs';
import plugin from '../../eslint-plugin/src/index';
import { getDocsUrl } from '../../eslint-plugin/src/util/createRule';

const PLUGIN_ROOT = path.resolve(__dirname, '../../eslint-plugin');
const pkg = JSON.parse(readFileSync(path.join(PLUGIN_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const ruleIds = Object.keys(plugin.rules);

/** Top-level option keys of a rule's schema (the properties of each object schema in the array). */
function optionKeys(schema: unknown): string[] {
  const entries: unknown[] = Array.isArray(schema) ? schema : [];
  return entries.flatMap((entry) => Object.keys((entry as { properties?: Record<string, unknown> }).properties ?? {}));
}

/** Text of a `## Heading` section up to the next `## ` heading. */
function section(markdown: string, heading: string): string | undefined {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) return undefined;
  const rest = markdown.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  return end === -1 ? rest : rest.slice(0, end);
}

describe('eslint-plugin-otel-propagation', () => {
  describe('meta', () => {
    it('takes name and version from package.json', () => {
      assert.deepEqual(plugin.meta, { name: pkg.name, version: pkg.version, namespace: 'otel-propagation' });
    });
  });

  describe('module shape', () => {
    it('is the object require() returns', () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const required = require('../../eslint-plugin/src/index') as unknown;
      assert.equal(required, plugin);
    });

    it('resolves the package name to the built entry point', () => {
      assert.equal(require.resolve('eslint-plugin-otel-propagation'), path.join(PLUGIN_ROOT, 'dist', 'index.js'));
    });

    it('gives the built plugin object itself to require() and as the default of import()', async () => {
      // The build (`tsc -b`, run by `npm test` before mocha) must exist for this case.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const required = require('eslint-plugin-otel-propagation') as typeof plugin;
      const imported = (await import('eslint-plugin-otel-propagation')) as { default: typeof plugin };
      assert.equal(imported.default, required);
      assert.equal(required.meta.name, pkg.name);
      assert.equal(required.configs.recommended.plugins?.['otel-propagation'], required);
    });

    it('is the default export of a dynamic import()', async () => {
      const imported = (await import(path.join(PLUGIN_ROOT, 'src', 'index.ts'))) as { default: unknown };
      assert.equal(imported.default, plugin);
    });
  });

  describe('rules', () => {
    it('lists rule ids in alphabetical order', () => {
      assert.deepEqual(ruleIds, [...ruleIds].sort());
    });

    for (const id of ruleIds) {
      describe(id, () => {
        const rule = plugin.rules[id]!;
        const docs = rule.meta.docs!;
        const docsPath = path.join(PLUGIN_ROOT, 'docs', 'rules', `${id}.md`);

        it('has a description starting with Enforce, Require or Disallow and no trailing period', () => {
          assert.match(docs.description, /^(Enforce|Require|Disallow) .+[^. ]$/);
        });

        it('links its doc page', () => {
          assert.equal(docs.url, getDocsUrl(id));
        });

        it('has a test file', () => {
          assert.ok(existsSync(path.resolve(__dirname, 'rules', `${id}.test.ts`)), `missing test/eslint-plugin/rules/${id}.test.ts`);
        });

        it('has a doc page with the required sections in order', () => {
          const doc = readFileSync(docsPath, 'utf8');
          const positions = ['<!-- end auto-generated rule header -->', '\n## Examples\n', '\n## Options\n', '\n## When Not To Use It\n'].map((marker) => doc.indexOf(marker));
          assert.ok(positions.every((position) => position !== -1), `${id}.md lacks a required section`);
          assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
          const examples = section(doc, 'Examples') ?? '';
          assert.ok(examples.includes('❌') && examples.includes('✅'), `${id}.md needs ❌ and ✅ examples`);
        });

        it('documents every option', () => {
          const options = section(readFileSync(docsPath, 'utf8'), 'Options') ?? '';
          const keys = optionKeys(rule.meta.schema);
          if (keys.length === 0) {
            assert.ok(options.includes('This rule has no options.'), `${id}.md must say it has no options`);
          }
          // A `### \`key\`` heading or a list item naming the key in backticks both document it.
          for (const key of keys) assert.ok(options.includes(`\`${key}\``), `${id}.md does not name option ${key} under ## Options`);
        });
      });
    }
  });

  describe('configs', () => {
    it('names each flat config and registers this same plugin object', () => {
      for (const [name, config] of Object.entries(plugin.configs)) {
        assert.equal(config.name, `otel-propagation/${name}`);
        assert.equal(config.plugins?.['otel-propagation'], plugin);
      }
    });

    it('derives recommended, strict and browser from meta.docs', () => {
      const expected = { recommended: {} as Record<string, string>, strict: {} as Record<string, string>, browser: {} as Record<string, string> };
      for (const [id, rule] of Object.entries(plugin.rules)) {
        const { recommended, severity = 'error', browser = false } = rule.meta.docs!;
        expected.strict[`otel-propagation/${id}`] = severity;
        if (recommended === 'recommended') expected.browser[`otel-propagation/${id}`] = severity;
        if (recommended === 'recommended' && !browser) expected.recommended[`otel-propagation/${id}`] = severity;
      }
      assert.deepEqual(plugin.configs.recommended.rules, expected.recommended);
      assert.deepEqual(plugin.configs.strict.rules, expected.strict);
      assert.deepEqual(plugin.configs.browser.rules, expected.browser);
      assert.deepEqual(plugin.configs.browser.settings, { 'otel-propagation': { contextManager: 'stack' } });
    });

    it('places rules by level, browser flag and severity', () => {
      const rules: Record<string, DocumentedRule> = {
        'browser-only': { meta: { docs: { recommended: 'recommended', browser: true } } },
        'deprecated-one': { meta: { docs: { recommended: 'recommended' }, deprecated: true } },
        'precise': { meta: { docs: { recommended: 'recommended', severity: 'warn' } } },
        'strict-browser': { meta: { docs: { recommended: 'strict', browser: true } } },
        'strict-only': { meta: { docs: { recommended: 'strict' } } },
      };
      const self = { meta: { name: 'p' } };
      const configs = createConfigs(self, rules);
      assert.deepEqual(configs.recommended, { name: 'otel-propagation/recommended', plugins: { 'otel-propagation': self }, rules: { 'otel-propagation/precise': 'warn' } });
      assert.deepEqual(configs.strict.rules, {
        'otel-propagation/browser-only': 'error',
        'otel-propagation/precise': 'warn',
        'otel-propagation/strict-browser': 'error',
        'otel-propagation/strict-only': 'error',
      });
      assert.deepEqual(configs.browser.rules, { 'otel-propagation/browser-only': 'error', 'otel-propagation/precise': 'warn' });
      assert.equal(configs.browser.plugins?.['otel-propagation'], self);
    });
  });

  describe('with ESLint', () => {
    it('reports through the Linter on espree-parsed JavaScript with every config', () => {
      const linter = new Linter({ configType: 'flat', cwd: '/project' });
      const code = `import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';\npropagation.extract(ROOT_CONTEXT, headers);\n`;
      for (const config of Object.values(plugin.configs)) {
        const messages = linter.verify(code, [{ files: ['**/*.js'] }, config as Linter.Config], '/project/a.js');
        assert.deepEqual(
          messages.map(({ ruleId, line, column, severity }) => ({ ruleId, line, column, severity })),
          [{ ruleId: 'otel-propagation/no-floating-context', line: 2, column: 1, severity: 2 }],
        );
      }
    });

    it('reports through the ESLint class on TypeScript in CommonJS style', async () => {
      const eslint = new ESLint({
        cwd: PLUGIN_ROOT,
        overrideConfigFile: true,
        overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended as Linter.Config],
      });
      const code = `import api = require('@opentelemetry/api');\nexport function activate(span: api.Span): void {\n  api.trace.setSpan(api.context.active(), span);\n}\n`;
      const [result] = await eslint.lintText(code, { filePath: path.join(PLUGIN_ROOT, 'src', 'probe.ts') });
      assert.deepEqual(
        result?.messages.map(({ ruleId, line, column }) => ({ ruleId, line, column })),
        [{ ruleId: 'otel-propagation/no-floating-context', line: 3, column: 3 }],
      );
    });

    it('stays quiet on code that keeps the returned context', () => {
      const linter = new Linter({ configType: 'flat', cwd: '/project' });
      const code = `const { context, propagation } = require('@opentelemetry/api');\ncontext.with(propagation.extract(context.active(), headers), next);\n`;
      const messages = linter.verify(code, [{ files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } }, plugin.configs.strict as Linter.Config], '/project/a.cjs');
      assert.deepEqual(messages, []);
    });
  });
});
