import type { TSESLint } from '@typescript-eslint/utils';

import { perFile } from './fileCache';

interface FileText {
  /** Whether the text has a backslash: an escape (`b\u0061ggage`, `'b\x33'`) spells names the raw text does not. */
  readonly escapes: boolean;
  readonly answers: Map<readonly string[], boolean>;
}

// Rules of one file ask about the same few needle lists: each list is searched once per file.
const textOf = perFile((sourceCode): FileText => ({ escapes: sourceCode.text.includes('\\'), answers: new Map() }));

// One case-insensitive pattern per needle list (a module constant), so a search needs no lower-cased copy of the text.
const patterns = new WeakMap<readonly string[], RegExp>();

function patternOf(needles: readonly string[]): RegExp {
  let pattern = patterns.get(needles);
  if (pattern === undefined) {
    pattern = new RegExp(needles.map((needle) => needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
    patterns.set(needles, pattern);
  }
  return pattern;
}

/**
 * Whether the file may spell one of `needles`, in any case, in a name, string or template, so that a rule
 * looking only for such names can skip files answering `false`. Comments and other cases count too: the
 * answer may be a needless `true`, never a wrong `false`. A file with any backslash answers `true`.
 * @param sourceCode the file
 * @param needles lower-case substrings, one of which every name the rule looks for contains; a module constant
 */
export function mayMention(sourceCode: Readonly<TSESLint.SourceCode>, needles: readonly string[]): boolean {
  const file = textOf(sourceCode);
  let answer = file.answers.get(needles);
  if (answer === undefined) {
    answer = file.escapes || patternOf(needles).test(sourceCode.text);
    file.answers.set(needles, answer);
  }
  return answer;
}
