import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';

import type { PluginDocs } from '../util/createRule';

/** Every rule of the plugin, by id, in alphabetical order. */
export const rules: Record<string, RuleModule<string, readonly unknown[], PluginDocs>> = {};
