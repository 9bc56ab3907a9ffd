/**
 * What the lint bench needs from ESLint's internals, outside the package's exports. Each helper changes
 * nothing and says so when this ESLint lacks the internal it uses.
 *
 * The rule-context pin. ESLint 10 gives each rule a context whose prototype is a new per-file `FileContext`
 * (`Object.create(fileContext)` in `FileContext#extend`). V8 creates a hidden class for each new
 * prototype, in the old generation, and that hidden class points at the file context, which holds the
 * file's SourceCode. Until the next full collection, the young-generation collector treats that pointer as
 * a root: the AST of every linted file survives and is promoted, as soon as one rule is enabled. Parsing
 * alone never builds a rule context, so it never pays this.
 *
 * The lint bench removes the pin in its own process to show what the rules cost without it: the rule
 * context becomes one frozen object holding the same properties, the shape ESLint could build itself.
 */
import type { Linter } from 'eslint';

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A file of ESLint's own `lib/`, when this ESLint still has it. */
function eslintInternal(...path: string[]): string | undefined {
  const file = join(dirname(require.resolve('eslint/package.json')), 'lib', ...path);
  return existsSync(file) ? file : undefined;
}

interface FileContextClass {
  prototype: { extend: (this: object, extension: object) => object };
}

/**
 * Replaces ESLint's `FileContext#extend` in this process with one that builds a plain frozen object.
 * Returns `false`, changing nothing, when this ESLint has no such method (the internals moved).
 */
export function unpinRuleContexts(): boolean {
  const file = eslintInternal('linter', 'file-context.js');
  if (file === undefined) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module, outside the package's exports
  const { FileContext } = require(file) as { FileContext?: FileContextClass };
  if (typeof FileContext?.prototype.extend !== 'function') return false;
  FileContext.prototype.extend = function extend(this: object, extension: object): object {
    return Object.freeze({ ...this, ...extension });
  };
  return true;
}

interface FlatConfigArrayClass {
  new (configs: readonly Linter.Config[], options: { basePath: string }): Linter.Config[] & { normalizeSync: () => void };
}

/**
 * The configuration normalized once, as the ESLint CLI does for a whole run. Given a plain array,
 * `Linter#verify` normalizes it and validates every rule's options again for each file, a cost the CLI
 * does not pay. Returns the array as it is when this ESLint has no `FlatConfigArray` there.
 * @param configs the flat config
 * @param basePath the directory the config's `files` patterns are relative to (the linter's `cwd`)
 */
export function normalizedOnce(configs: Linter.Config[], basePath: string): Linter.Config[] {
  const file = eslintInternal('config', 'flat-config-array.js');
  if (file === undefined) return configs;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module, outside the package's exports
  const { FlatConfigArray } = require(file) as { FlatConfigArray?: FlatConfigArrayClass };
  if (typeof FlatConfigArray !== 'function') return configs;
  const array = new FlatConfigArray(configs, { basePath });
  array.normalizeSync();
  return array;
}
