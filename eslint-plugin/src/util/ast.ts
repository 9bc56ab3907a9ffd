import { AST_NODE_TYPES as NODE_TYPES, AST_TOKEN_TYPES as TOKEN_TYPES, TSESLint } from '@typescript-eslint/utils';

// `@typescript-eslint/utils` re-exports these enums through a chain of getters on an exports object
// that V8 keeps in dictionary mode, so every `AST_NODE_TYPES.X` read in a listener cost three calls
// (a tenth of the plugin's lint time). Plain `const` exports are data properties, read inline.

/** The node type enum of `@typescript-eslint/utils`, read without its re-export getters. */
export const AST_NODE_TYPES = NODE_TYPES;
/** The node type enum as a type. */
export type AST_NODE_TYPES = NODE_TYPES;
/** The token type enum of `@typescript-eslint/utils`, read without its re-export getters. */
export const AST_TOKEN_TYPES = TOKEN_TYPES;
/** The scope-analysis definition kinds (`TSESLint.Scope.DefinitionType`), read without getters. */
export const DefinitionType: typeof TSESLint.Scope.DefinitionType = TSESLint.Scope.DefinitionType;
