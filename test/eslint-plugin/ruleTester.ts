import * as tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';

/** Rule tester for TypeScript sources (`@typescript-eslint/parser`, ES module, file `file.ts`). */
export const ruleTester = new RuleTester({
  languageOptions: { parser: tsParser, sourceType: 'module' },
});

/** Rule tester for JavaScript ES modules parsed by espree, ESLint's default parser (file `file.mjs`). */
export const jsRuleTester = new RuleTester({
  defaultFilenames: { ts: 'file.mjs', tsx: 'file.jsx' },
  languageOptions: { ecmaVersion: 'latest', parser: espree, sourceType: 'module' },
});

/** Rule tester for CommonJS JavaScript parsed by espree (`require`, `module.exports`; file `file.cjs`). */
export const cjsRuleTester = new RuleTester({
  defaultFilenames: { ts: 'file.cjs', tsx: 'file.jsx' },
  languageOptions: { ecmaVersion: 'latest', parser: espree, sourceType: 'commonjs' },
});
