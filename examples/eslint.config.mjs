// Lints the sample services with every rule of the plugin, as a project using it would.
// Run from the repository root: npx eslint -c examples/eslint.config.mjs examples
import tsParser from '@typescript-eslint/parser';
import plugin from '../eslint-plugin/dist/index.js';

export default [
  { ignores: ['demo.mjs', 'eslint.config.mjs'] },
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  plugin.configs.strict,
];
