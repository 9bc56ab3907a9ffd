import type { TSESLint } from '@typescript-eslint/utils';

interface FileText {
  /** The text in lower case, searched for every needle list of the file. */
  readonly lower: string;
  /** Whether the text has a backslash: an escape (`b\u0061ggage`, `'b\x33'`) spells names the raw text does not. */
  readonly escapes: boolean;
  readonly answers: Map<readonly string[], boolean>;
}

// Rules of one file ask about the same few needle lists: the text is lowered once and searched once per list.
const texts = new WeakMap<object, FileText>();

/**
 * Whether the file may spell one of `needles`, in any case, in a name, string or template, so that a rule
 * looking only for such names can skip files answering `false`. Comments and other cases count too: the
 * answer may be a needless `true`, never a wrong `false`. A file with any backslash answers `true`.
 * @param sourceCode the file
 * @param needles lower-case substrings, one of which every name the rule looks for contains; a module constant
 */
export function mayMention(sourceCode: Readonly<TSESLint.SourceCode>, needles: readonly string[]): boolean {
  let file = texts.get(sourceCode);
  if (file === undefined) {
    const { text } = sourceCode;
    file = { lower: text.toLowerCase(), escapes: text.includes('\\'), answers: new Map() };
    texts.set(sourceCode, file);
  }
  let answer = file.answers.get(needles);
  if (answer === undefined) {
    const { lower } = file;
    answer = file.escapes || needles.some((needle) => lower.includes(needle));
    file.answers.set(needles, answer);
  }
  return answer;
}
