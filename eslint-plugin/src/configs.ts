import type { TSESLint } from '@typescript-eslint/utils';

import type { PluginDocs } from './util/createRule';

import { SETTINGS_KEY } from './util/settings';

/** The namespace rules are registered under: `otel-propagation/<rule-id>`. */
export const NAMESPACE = 'otel-propagation';

/** A rule as the configs see it: only its `meta.docs` matters here. */
export interface DocumentedRule {
  readonly meta: { readonly docs?: Partial<PluginDocs>; readonly deprecated?: unknown };
}

/** The shared configs the plugin exposes. */
export interface PluginConfigs {
  /** High-precision rules that are not browser-only, each at its `meta.docs.severity`. */
  readonly recommended: TSESLint.FlatConfig.Config;
  /** Every non-deprecated rule. */
  readonly strict: TSESLint.FlatConfig.Config;
  /** `recommended` plus the browser-only recommended rules, with `contextManager: 'stack'`. */
  readonly browser: TSESLint.FlatConfig.Config;
}

type RuleEntries = Record<string, TSESLint.FlatConfig.RuleEntry>;

function entriesFor(rules: Readonly<Record<string, DocumentedRule>>, include: (docs: Partial<PluginDocs>) => boolean): RuleEntries {
  const entries: RuleEntries = {};
  for (const [id, rule] of Object.entries(rules)) {
    const docs = rule.meta.docs;
    if (docs === undefined || rule.meta.deprecated === true || !include(docs)) continue;
    entries[`${NAMESPACE}/${id}`] = docs.severity ?? 'error';
  }
  return entries;
}

/**
 * Derives the flat configs from each rule's `meta.docs` at run time (the eslint-plugin-n
 * `_commons.js` approach), so adding a rule with the right docs fields is all a config needs.
 * Every config registers `plugin` itself under `otel-propagation`.
 *
 * @param plugin the plugin object the configs point back to
 * @param rules rule id → rule module
 */
export function createConfigs(plugin: TSESLint.FlatConfig.Plugin, rules: Readonly<Record<string, DocumentedRule>>): PluginConfigs {
  const plugins = { [NAMESPACE]: plugin };
  return {
    recommended: {
      name: `${NAMESPACE}/recommended`,
      plugins,
      rules: entriesFor(rules, (docs) => docs.recommended === 'recommended' && docs.browser !== true),
    },
    strict: {
      name: `${NAMESPACE}/strict`,
      plugins,
      rules: entriesFor(rules, () => true),
    },
    browser: {
      name: `${NAMESPACE}/browser`,
      plugins,
      rules: entriesFor(rules, (docs) => docs.recommended === 'recommended'),
      settings: { [SETTINGS_KEY]: { contextManager: 'stack' } },
    },
  };
}
