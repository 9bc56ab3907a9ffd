/**
 * The flat config that lints the bench corpora (corpus.ts) as what their files are: TypeScript through
 * typescript-eslint's parser, `.mjs` as ES modules, `.cjs` as CommonJS, with this plugin loaded and its
 * settings fixed, so that no `package.json` lookup decides anything.
 */
import type { Linter } from 'eslint';
// A namespace import: the parser's CommonJS build has no default export under tsx.
import * as tsParser from '@typescript-eslint/parser';
// The built plugin, as users run it.
import plugin from 'eslint-plugin-otel-propagation';

type ConfigPlugins = NonNullable<Linter.Config['plugins']>;

/**
 * @param rules the rules to enable, e.g. `plugin.configs.strict.rules`
 * @param plugins further plugins the rules come from, beside `otel-propagation`
 */
export function corpusLintConfig(rules: Linter.RulesRecord, plugins: ConfigPlugins = {}): Linter.Config[] {
  return [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser, sourceType: 'module' } },
    { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    {
      files: ['**/*.ts', '**/*.mjs', '**/*.cjs'],
      plugins: { 'otel-propagation': plugin as unknown as ConfigPlugins[string], ...plugins },
      settings: { 'otel-propagation': { contextManager: 'async-local-storage', instrumented: [] } },
      rules,
    },
  ];
}
