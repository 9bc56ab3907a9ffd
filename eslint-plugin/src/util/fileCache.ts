import type { TSESLint } from '@typescript-eslint/utils';

type SourceCode = Readonly<TSESLint.SourceCode>;

/*
 * What rules work out about a file and share (the import tracker, the messaging clients, answers cached
 * per node) lives here, for the file being linted only. ESLint lints one file at a time, synchronously,
 * from the first rule's `create` to the last listener, so one slot is enough; another file replaces it.
 *
 * Not a module-level WeakMap keyed by the SourceCode: V8's young-generation collector keeps a WeakMap's
 * values alive, and these values reach the file's AST. Every linted file's AST then survived into the old
 * generation until the next full collection: one rule using the import tracker promoted twice the bytes
 * parsing alone does (see "Performance" in the plugin's README).
 */
let currentFile: SourceCode | undefined;
let currentValues = new Map<object, unknown>();

/**
 * A per-file cache: the returned function answers `create(sourceCode)`, computed once per file. Only the
 * file being linted is held; asking about another file first drops every value of the previous one.
 * @param create computes the value for a file (may itself read other per-file caches of the same file)
 */
export function perFile<T>(create: (sourceCode: SourceCode) => T): (sourceCode: SourceCode) => T {
  const key = {};
  return (sourceCode) => {
    if (sourceCode !== currentFile) {
      currentFile = sourceCode;
      currentValues = new Map();
    }
    const values = currentValues;
    if (values.has(key)) return values.get(key) as T;
    const value = create(sourceCode);
    values.set(key, value);
    return value;
  };
}
