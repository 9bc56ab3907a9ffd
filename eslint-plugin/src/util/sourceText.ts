import type { TSESLint } from '@typescript-eslint/utils';

// Rules of one file ask about the same few patterns; each file's text is searched once per pattern.
const answers = new WeakMap<object, Map<RegExp, boolean>>();

/**
 * Whether the file may spell something `pattern` matches in a name, string or template, so that a rule
 * looking only for such names can skip files answering `false`. Comments count too: the answer may be a
 * needless `true`, never a wrong `false`. Escapes (`b\u0061ggage`, `'b\x33'`) spell names the raw text does
 * not contain, so a file with any backslash answers `true`.
 * @param sourceCode the file
 * @param pattern a non-global expression over raw names, e.g. `/baggage|setEntry/i`
 */
export function mayMention(sourceCode: Readonly<TSESLint.SourceCode>, pattern: RegExp): boolean {
  let ofFile = answers.get(sourceCode);
  if (ofFile === undefined) {
    ofFile = new Map();
    answers.set(sourceCode, ofFile);
  }
  let answer = ofFile.get(pattern);
  if (answer === undefined) {
    const { text } = sourceCode;
    answer = text.includes('\\') || pattern.test(text);
    ofFile.set(pattern, answer);
  }
  return answer;
}
