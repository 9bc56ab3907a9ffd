import assert from 'node:assert/strict';

import type { Linter } from 'eslint';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { buildDiagnostic, buildFixAllAction, buildQuickFixes, messageRange, rangesTouch } from '../../../extension/src/server/codeActions';

const URI = 'file:///w/a.ts';
const TEXT = "const a = 1;\n  send('X');\n";

function message(overrides: Partial<Linter.LintMessage>): Linter.LintMessage {
  return { ruleId: 'otel-propagation/valid-trace-context', severity: 2, message: 'Bad value.', line: 2, column: 8, endLine: 2, endColumn: 11, ...overrides };
}

const docsUrl = (ruleId: string): string | undefined => (ruleId === 'otel-propagation/valid-trace-context' ? 'https://docs/valid-trace-context.md' : undefined);

describe('messageRange()', () => {
  it('converts ESLint 1-based lines and columns to LSP 0-based positions', () => {
    assert.deepEqual(messageRange(message({})), { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } });
  });

  it('covers one character when the message has no end', () => {
    assert.deepEqual(messageRange(message({ endLine: undefined, endColumn: undefined })), { start: { line: 1, character: 7 }, end: { line: 1, character: 8 } });
  });
});

describe('buildDiagnostic()', () => {
  it('carries code, source, severity, docs link and the rule and version in data', () => {
    assert.deepEqual(buildDiagnostic(message({ severity: 1 }), 4, 'https://docs/x.md'), {
      range: { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } },
      severity: 2,
      code: 'otel-propagation/valid-trace-context',
      source: 'otel-propagation',
      message: 'Bad value.',
      data: { ruleId: 'otel-propagation/valid-trace-context', version: 4 },
      codeDescription: { href: 'https://docs/x.md' },
    });
  });

  it('leaves codeDescription out when the rule has no docs', () => {
    assert.equal('codeDescription' in buildDiagnostic(message({}), 1, undefined), false);
  });
});

describe('rangesTouch()', () => {
  it('counts a cursor at either end of a range as touching, and a disjoint range as not', () => {
    const range = { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } };
    const at = (character: number): { start: { line: number; character: number }; end: { line: number; character: number } } => ({ start: { line: 1, character }, end: { line: 1, character } });
    assert.deepEqual([rangesTouch(range, at(7)), rangesTouch(range, at(10)), rangesTouch(range, at(11)), rangesTouch(range, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } })], [true, true, false, false]);
  });
});

describe('buildQuickFixes()', () => {
  const document = TextDocument.create(URI, 'typescript', 3, TEXT);
  const cursor = { start: { line: 1, character: 8 }, end: { line: 1, character: 8 } };

  it('orders the fix (preferred), the suggestions, then disable line, disable file and documentation', () => {
    const fixed = message({ fix: { range: [20, 23], text: "'x'" }, suggestions: [{ desc: 'Use lowercase.', fix: { range: [20, 23], text: "'x'" } }] });
    const actions = buildQuickFixes({ uri: URI, document, messages: [fixed], range: cursor, docsUrl });
    assert.deepEqual(
      actions.map((action) => [action.title, action.isPreferred ?? false]),
      [
        ['Fix this otel-propagation/valid-trace-context problem', true],
        ['Use lowercase.', false],
        ['Disable otel-propagation/valid-trace-context for this line', false],
        ['Disable otel-propagation/valid-trace-context for this file', false],
        ['Show documentation for otel-propagation/valid-trace-context', false],
      ],
    );
    assert.deepEqual(actions[0]?.edit, { changes: { [URI]: [{ range: { start: { line: 1, character: 7 }, end: { line: 1, character: 10 } }, newText: "'x'" }] } });
    assert.deepEqual(actions[2]?.edit, { changes: { [URI]: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '  // eslint-disable-next-line otel-propagation/valid-trace-context\n' }] } });
    assert.deepEqual(actions[3]?.edit, { changes: { [URI]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '/* eslint-disable otel-propagation/valid-trace-context */\n' }] } });
  });

  it('prefers the first suggestion when the rule has no fix', () => {
    const suggested = message({ suggestions: [{ desc: 'First.', fix: { range: [20, 23], text: 'a' } }, { desc: 'Second.', fix: { range: [20, 23], text: 'b' } }] });
    const actions = buildQuickFixes({ uri: URI, document, messages: [suggested], range: cursor, docsUrl });
    assert.deepEqual(actions.slice(0, 2).map((action) => [action.title, action.isPreferred]), [['First.', true], ['Second.', false]]);
  });

  it('offers the disable and documentation actions once per rule, and nothing for messages outside the range', () => {
    const twice = [message({}), message({ column: 9 }), message({ line: 1, endLine: 1, column: 1, endColumn: 2 })];
    const actions = buildQuickFixes({ uri: URI, document, messages: twice, range: cursor, docsUrl });
    assert.equal(actions.length, 3);
  });

  it('leaves out the documentation action for a rule without docs, and returns nothing when only source actions are asked', () => {
    const other = message({ ruleId: 'otel-propagation/require-span-end' });
    assert.deepEqual(buildQuickFixes({ uri: URI, document, messages: [other], range: cursor, docsUrl }).map((action) => action.title), [
      'Disable otel-propagation/require-span-end for this line',
      'Disable otel-propagation/require-span-end for this file',
    ]);
    assert.deepEqual(buildQuickFixes({ uri: URI, document, messages: [other], range: cursor, docsUrl, only: ['source'] }), []);
  });
});

describe('buildFixAllAction()', () => {
  const document = TextDocument.create(URI, 'typescript', 3, TEXT);

  it('replaces the whole text with the fixed output', () => {
    assert.deepEqual(buildFixAllAction(URI, document, 'fixed\n', ['source.fixAll']), {
      title: 'Fix all auto-fixable propagation problems',
      kind: 'source.fixAll.otelPropagation',
      edit: { changes: { [URI]: [{ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, newText: 'fixed\n' }] } },
    });
  });

  it('returns undefined when nothing changes or another kind is asked', () => {
    assert.equal(buildFixAllAction(URI, document, undefined), undefined);
    assert.equal(buildFixAllAction(URI, document, TEXT), undefined);
    assert.equal(buildFixAllAction(URI, document, 'fixed\n', ['quickfix']), undefined);
    assert.equal(buildFixAllAction(URI, document, 'fixed\n', ['source.organizeImports']), undefined);
  });
});
