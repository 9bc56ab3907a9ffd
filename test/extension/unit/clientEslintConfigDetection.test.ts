import * as assert from 'node:assert/strict';

import { configMentionsPlugin, ESLINT_CONFIG_FILE_NAMES, packageJsonMentionsPlugin } from '../../../extension/src/client/eslintConfigDetection';

describe('configMentionsPlugin()', () => {
  it('finds the plugin imported in a flat config', () => {
    assert.equal(
      configMentionsPlugin("import otel from 'eslint-plugin-otel-propagation';\nexport default [otel.configs.recommended];\n"),
      true,
    );
  });

  it('finds a rule of the plugin enabled by id', () => {
    assert.equal(configMentionsPlugin("export default [{ rules: { 'otel-propagation/require-span-end': 'error' } }];"), true);
  });

  it('finds the plugin named in a legacy eslintrc plugins list', () => {
    assert.equal(configMentionsPlugin('{ "plugins": ["otel-propagation"], "extends": ["plugin:otel-propagation/recommended"] }'), true);
  });

  it('ignores the plugin when it is only in comments', () => {
    assert.equal(
      configMentionsPlugin("// import otel from 'eslint-plugin-otel-propagation';\n/* 'otel-propagation/require-span-end' */\nexport default [];\n"),
      false,
    );
  });

  it('ignores a config without the plugin', () => {
    assert.equal(configMentionsPlugin("import js from '@eslint/js';\nexport default [js.configs.recommended];\n"), false);
  });

  it('keeps URLs intact when stripping line comments', () => {
    assert.equal(configMentionsPlugin("const docs = 'https://example.com'; export default [{ plugins: { 'otel-propagation': p } }];"), true);
  });
});

describe('packageJsonMentionsPlugin()', () => {
  it('finds the plugin in an inline eslintConfig', () => {
    assert.equal(packageJsonMentionsPlugin('{ "name": "app", "eslintConfig": { "plugins": ["otel-propagation"] } }'), true);
  });

  it('ignores the plugin listed only as a dependency', () => {
    assert.equal(packageJsonMentionsPlugin('{ "devDependencies": { "eslint-plugin-otel-propagation": "^0.1.0" } }'), false);
  });

  it('returns false for text that is not JSON', () => {
    assert.equal(packageJsonMentionsPlugin('{ not json'), false);
  });
});

describe('ESLINT_CONFIG_FILE_NAMES', () => {
  it('lists the flat config names before the legacy ones', () => {
    assert.equal(ESLINT_CONFIG_FILE_NAMES[0], 'eslint.config.js');
    assert.ok(ESLINT_CONFIG_FILE_NAMES.indexOf('eslint.config.mts') < ESLINT_CONFIG_FILE_NAMES.indexOf('.eslintrc.js'));
  });
});
