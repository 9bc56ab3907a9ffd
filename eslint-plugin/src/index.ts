import type { TSESLint } from '@typescript-eslint/utils';

import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { PluginConfigs } from './configs';

import { createConfigs, NAMESPACE } from './configs';
import { rules } from './rules';

// Read at run time: package.json sits one level above both src/ (tests) and dist/ (published).
const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };

/** The plugin object: `meta`, `rules` and the derived flat `configs`. */
interface OtelPropagationPlugin {
  readonly meta: { readonly name: string; readonly version: string; readonly namespace: string };
  readonly rules: typeof rules;
  readonly configs: PluginConfigs;
}

const base = {
  meta: { name: pkg.name, version: pkg.version, namespace: NAMESPACE },
  rules,
} satisfies TSESLint.FlatConfig.Plugin;

/**
 * `eslint-plugin-otel-propagation`: `require()` returns this object and `import` gets it as the
 * default export; its configs register this same object under `otel-propagation`.
 */
const plugin: OtelPropagationPlugin = Object.assign(base, { configs: createConfigs(base as TSESLint.FlatConfig.Plugin, rules) });

export = plugin;
