import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_TOKEN_TYPES } from './ast';
import { perFile } from './fileCache';

/*
 * Text prefilters: a rule that can only report where the file spells some name (a method, a module
 * specifier) asks here first and returns no listeners for files that cannot spell it. Most files of a
 * service never start a span, load a broker client or start a worker, so most rules cost one substring
 * search on them instead of a listener call per node. The answers may be a needless `true` (a name in a
 * comment), never a wrong `false`.
 */

interface FileText {
  /** Whether an escape in a string, template or identifier may spell characters the raw text does not. */
  readonly escapes: boolean;
  /** {@link mayMention}'s answers, by needle list. */
  readonly mentions: Map<readonly string[], boolean>;
  /** {@link mayContain}'s answers, by needle list. */
  readonly contains: Map<readonly string[], boolean>;
}

// Escapes that yield a control character, a quote, a backslash, `$` or NUL. Names and module specifiers hold
// none of those, so only other escapes (`\x61`, `\u{62}`, `\S`, octal, line continuations) can spell them.
const HARMLESS_ESCAPE = /[bfnrtv'"\\`$]/;

/**
 * Whether any escape outside regular expressions and comments may spell a name: `b\u0061ggage` is an
 * identifier `baggage`, `'b\x61ggage'` the string. Regular expressions (`/\d+/`) and `'\n'` are common and
 * spell nothing, so they leave the file's text as good as its value.
 */
function hasSpellingEscape(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const { text } = sourceCode;
  const tokens = sourceCode.ast.tokens;
  let tokenIndex = 0;
  for (let at = text.indexOf('\\'); at !== -1; at = text.indexOf('\\', at + 2)) {
    // Backslashes come in text order, so the token search moves forward only.
    while (tokenIndex < tokens.length && (tokens[tokenIndex] as TSESTree.Token).range[1] <= at) tokenIndex += 1;
    const token = tokens[tokenIndex];
    // Outside every token a backslash sits in a comment.
    if (token === undefined || token.range[0] > at || token.type === AST_TOKEN_TYPES.RegularExpression) continue;
    const next = text[at + 1] ?? '';
    if (!HARMLESS_ESCAPE.test(next) && !(next === '0' && !/[0-9]/.test(text[at + 2] ?? ''))) return true;
  }
  return false;
}

// Rules of one file ask about the same few needle lists: each list is searched once per file.
const textOf = perFile((sourceCode): FileText => ({
  escapes: sourceCode.text.includes('\\') && hasSpellingEscape(sourceCode),
  mentions: new Map(),
  contains: new Map(),
}));

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
 * answer may be a needless `true`, never a wrong `false`. A file with an escape that may spell a letter
 * answers `true`.
 * @param sourceCode the file
 * @param needles lower-case substrings, one of which every name the rule looks for contains; a module constant
 */
export function mayMention(sourceCode: Readonly<TSESLint.SourceCode>, needles: readonly string[]): boolean {
  const file = textOf(sourceCode);
  let answer = file.mentions.get(needles);
  if (answer === undefined) {
    answer = file.escapes || patternOf(needles).test(sourceCode.text);
    file.mentions.set(needles, answer);
  }
  return answer;
}

/**
 * Whether the file may spell one of `needles` exactly (case-sensitive): a method name such as `startSpan`
 * or a module specifier such as `worker_threads`. Same guarantees as {@link mayMention}; cheaper, since
 * each needle is one substring search.
 * @param sourceCode the file
 * @param needles substrings, one of which every name the rule looks for contains; a module constant
 */
export function mayContain(sourceCode: Readonly<TSESLint.SourceCode>, needles: readonly string[]): boolean {
  const file = textOf(sourceCode);
  let answer = file.contains.get(needles);
  if (answer === undefined) {
    const { text } = sourceCode;
    answer = file.escapes || needles.some((needle) => text.includes(needle));
    file.contains.set(needles, answer);
  }
  return answer;
}
