// The repository lints itself: strict type-checked rules for package sources,
// the recommended type-checked set for tests and tooling.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    name: 'otel-propagation/ignores',
    ignores: [
      '**/dist/**',
      '**/out/**',
      '**/node_modules/**',
      '.cache/**',
      'examples/**',
      'test/fixtures/**',
      'extension/.vscode-test/**',
    ],
  },
  js.configs.recommended,
  {
    name: 'otel-propagation/node-globals',
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'otel-propagation/typescript',
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    name: 'otel-propagation/tests',
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
