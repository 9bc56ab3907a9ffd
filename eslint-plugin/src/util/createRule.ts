import { ESLintUtils } from '@typescript-eslint/utils';

/** Where the rule docs live; the single place the docs URL is built. */
export const DOCS_BASE_URL = 'https://github.com/otel-propagation/otel-propagation/blob/main/eslint-plugin/docs/rules/';

/**
 * The plugin's extra `meta.docs` fields, read at run time by `src/configs.ts`
 * to derive the shared configs (and by eslint-doc-generator for the tables).
 */
export interface PluginDocs {
  /**
   * The lowest config that enables the rule: `'recommended'` rules are high-precision
   * and also appear in `strict`; `'strict'` rules appear only in `strict`.
   */
  recommended: 'recommended' | 'strict';
  /** Severity the configs give the rule; `'error'` when omitted. */
  severity?: 'error' | 'warn';
  /**
   * `true` for rules that only matter in browser code (stack or zone context managers):
   * they are left out of `recommended` and enabled by `browser` (and `strict`).
   */
  browser?: boolean;
}

/**
 * Builds the documentation URL of a rule.
 * @param name the rule id without the plugin prefix, e.g. `no-floating-context`
 */
export function getDocsUrl(name: string): string {
  return `${DOCS_BASE_URL}${name}.md`;
}

/** Creates a rule with its docs URL filled in and `defaultOptions` merged into `create`'s second parameter. */
export const createRule = ESLintUtils.RuleCreator<PluginDocs>(getDocsUrl);
