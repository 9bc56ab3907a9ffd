import type { RunTests } from '@typescript-eslint/rule-tester';

import * as tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';

import type { createRule } from '../../eslint-plugin/src/util/createRule';

/** A rule as `createRule` builds it, typed by the plugin's own `@typescript-eslint/utils`. */
export type PluginRule<MessageIds extends string, Options extends readonly unknown[]> = ReturnType<typeof createRule<Options, MessageIds>>;

/**
 * A `RuleTester` typed for the plugin's rules: every suite runs through one of the testers below,
 * so the parser and dialect choices live in this file only.
 */
export class PluginRuleTester {
  readonly #tester: RuleTester;

  /** @param config the `RuleTester` configuration */
  constructor(config: ConstructorParameters<typeof RuleTester>[0]) {
    this.#tester = new RuleTester(config);
  }

  /**
   * Runs a rule's valid and invalid cases, as `RuleTester#run` does.
   * @param name the rule id
   * @param rule the rule module
   * @param tests static valid/invalid case arrays
   */
  run<MessageIds extends string, Options extends readonly unknown[]>(name: string, rule: PluginRule<MessageIds, Options>, tests: RunTests<MessageIds, Options>): void {
    this.#tester.run(name, rule, tests);
  }
}

/** Rule tester for TypeScript sources (`@typescript-eslint/parser`, ES module, file `file.ts`). */
export const ruleTester = new PluginRuleTester({
  languageOptions: { parser: tsParser, sourceType: 'module' },
});

/** Rule tester for JavaScript ES modules parsed by espree, ESLint's default parser (file `file.mjs`). */
export const jsRuleTester = new PluginRuleTester({
  defaultFilenames: { ts: 'file.mjs', tsx: 'file.jsx' },
  languageOptions: { ecmaVersion: 'latest', parser: espree, sourceType: 'module' },
});

/** Rule tester for CommonJS JavaScript parsed by espree (`require`, `module.exports`; file `file.cjs`). */
export const cjsRuleTester = new PluginRuleTester({
  defaultFilenames: { ts: 'file.cjs', tsx: 'file.jsx' },
  languageOptions: { ecmaVersion: 'latest', parser: espree, sourceType: 'commonjs' },
});
