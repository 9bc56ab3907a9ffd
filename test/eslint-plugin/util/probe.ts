import type { Rule } from 'eslint';

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import * as espree from 'espree';
import * as path from 'node:path';

import type { ImportTracker } from '../../../eslint-plugin/src/util/imports';

/** Which parser and module system a probe parses code with. */
export type Dialect = 'ts' | 'esm' | 'cjs' | 'script';

/**
 * The plugin's own view of a rule context. Typed from the plugin sources because the plugin and the
 * root install resolve different copies of `@typescript-eslint/utils`, whose AST enums do not mix.
 */
export type ProbeContext = Parameters<typeof import('../../../eslint-plugin/src/util/imports').getImportTracker>[0];

/** An AST node as the plugin's utilities type it. */
export type ProbeNode = Parameters<ImportTracker['resolveReference']>[0];

/** The root `Program` node as the plugin's utilities type it. */
export type ProbeProgram = ProbeContext['sourceCode']['ast'];

/** Flat-config language options for a dialect: espree for JavaScript, `@typescript-eslint/parser` for TypeScript. */
export function languageOptions(dialect: Dialect): Linter.LanguageOptions {
  if (dialect === 'ts') return { parser: tsParser, sourceType: 'module' };
  return { ecmaVersion: 'latest', parser: espree, sourceType: dialect === 'esm' ? 'module' : dialect === 'cjs' ? 'commonjs' : 'script' };
}

/**
 * Lints `code` with a throw-away rule that calls `onProgramExit` once the whole file has been
 * traversed, so utilities can be tested against real parser and scope-manager output.
 * Returns whatever the callback returns; throws when the code does not parse.
 */
export function probe<T>(code: string, dialect: Dialect, onProgramExit: (context: ProbeContext, program: ProbeProgram) => T): T {
  const filename = dialect === 'ts' ? '/probe/file.ts' : '/probe/file.js';
  let result: { value: T } | undefined;
  const rule: Rule.RuleModule = {
    meta: { type: 'problem', messages: {}, schema: [] },
    create(context) {
      return {
        'Program:exit'(): void {
          const own = context as unknown as ProbeContext;
          result = { value: onProgramExit(own, own.sourceCode.ast) };
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat', cwd: path.dirname(filename) });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.{js,ts}'],
        languageOptions: languageOptions(dialect),
        plugins: { probe: { rules: { probe: rule } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    filename,
  );
  const fatal = messages.find((message) => message.fatal === true);
  if (fatal !== undefined) throw new Error(`probe could not parse: ${fatal.message}`);
  if (result === undefined) throw new Error('probe rule did not run');
  return result.value;
}

/** Every call and `new` expression of a program, in source order. */
export function collectCalls(program: ProbeProgram): ProbeNode[] {
  const calls: ProbeNode[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.type !== 'string') return;
    if (record.type === 'CallExpression' || record.type === 'NewExpression') calls.push(node as ProbeNode);
    for (const [key, value] of Object.entries(record)) {
      if (key !== 'parent') visit(value);
    }
  };
  visit(program);
  return calls.sort((a, b) => a.range[0] - b.range[0]);
}

/** The callee of a call or `new` expression collected by {@link collectCalls}. */
export function calleeOf(call: ProbeNode): ProbeNode {
  return (call as ProbeNode & { callee: ProbeNode }).callee;
}
