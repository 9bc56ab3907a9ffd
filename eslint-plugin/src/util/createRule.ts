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

const createDocumentedRule = ESLintUtils.RuleCreator<PluginDocs>(getDocsUrl);

/**
 * Creates a rule with its docs URL filled in and `defaultOptions` merged into `create`'s second parameter.
 *
 * typescript-eslint's own `create` deep-clones and merges the defaults again for every file. Here a rule
 * without options gets its (empty) defaults as they are, and the merged options of the others are kept
 * per configured value (rules only read them).
 * @param rule the rule's name, meta and `create`
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, PluginDocs>>,
): ReturnType<typeof createDocumentedRule<Options, MessageIds>> {
  const documented = createDocumentedRule(rule);
  const defaults = (rule.meta.defaultOptions ?? []) as Options;
  let ofDefaults: Options | undefined;
  // Other configured values, recognized by content: ESLint builds a new options array for each file.
  const merged = new Map<string, Options>();

  function optionsFor(configured: Options): Options {
    // Without options in the config, ESLint passes the default objects themselves.
    if (configured.length === defaults.length && configured.every((value, index) => value === defaults[index])) {
      ofDefaults ??= ESLintUtils.applyDefault<Options, Options>(defaults, configured);
      return ofDefaults;
    }
    const key = JSON.stringify(configured);
    let options = merged.get(key);
    if (options === undefined) {
      options = ESLintUtils.applyDefault<Options, Options>(defaults, configured);
      merged.set(key, options);
    }
    return options;
  }

  return {
    ...documented,
    create(context) {
      return rule.create(context, defaults.length === 0 ? defaults : optionsFor(context.options));
    },
  };
}
