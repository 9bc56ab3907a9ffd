import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

import type { Linter } from 'eslint/universal';

import type { LintBaseline } from '../../../extension/src/server/incremental';
import { diffTexts, lineStarts, planSlice } from '../../../extension/src/server/incremental';
import type { LintInput, LintKind } from '../../../extension/src/server/linting';
import { LintEngine } from '../../../extension/src/server/linting';
import { DEFAULT_SERVER_SETTINGS } from '../../../extension/src/server/settingsContract';
import { generateCorpus } from '../../bench/corpus';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    if (name === 'node_modules') return [];
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(?:[cm]?js|ts)$/u.test(name) ? [file] : [];
  });
}

/** Real files: the examples and the benchmark corpus, TypeScript and JavaScript. */
interface Fixture {
  readonly filePath: string;
  readonly kind: LintKind;
  readonly text: string;
}

function kindOf(file: string): LintKind {
  return file.endsWith('.ts') ? 'ts' : 'js';
}

function fixtures(): Fixture[] {
  const examples = sourceFiles(EXAMPLES).map((file) => ({ filePath: file, kind: kindOf(file), text: readFileSync(file, 'utf8') }));
  const corpus = generateCorpus(24).map((file) => ({ filePath: `/tmp/incremental/${file.filename}`, kind: kindOf(file.filename), text: file.code }));
  // Files of many top-level statements, as the benchmark's: corpus files one after the other, imports first.
  const files = generateCorpus(60, 7);
  const big = [0, 1, 2].map((part) => {
    const chunk = files.filter((file) => file.filename.endsWith(part === 2 ? '.js' : '.ts')).slice(part * 10, part * 10 + 10);
    const imports = new Set(chunk.flatMap((file) => file.code.split('\n').filter((line) => line.startsWith('import '))));
    const bodies = chunk.map((file) => file.code.split('\n').filter((line) => !line.startsWith('import ')).join('\n'));
    const filePath = `/tmp/incremental/big${String(part)}.${part === 2 ? 'js' : 'ts'}`;
    return { filePath, kind: kindOf(filePath), text: [...imports, ...bodies].join('\n') };
  });
  return [...examples, ...corpus, ...big];
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** What typing does: insert a snippet (often one that changes what the rules see), delete a few characters, or paste a line of the file elsewhere. */
function randomEdit(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const choice = next();
  if (choice < 0.3) {
    const snippets = ['x', ' ', '\n', 'span.end();\n', "const traceparent = '00-abc';\n", 'await ', '(', '}', '// eslint-disable-next-line\n', 'setTimeout(() => tracer.startSpan("t"), 1);\n', "'"];
    return text.slice(0, at) + (snippets[Math.floor(next() * snippets.length)] ?? '') + text.slice(at);
  }
  if (choice < 0.7) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 12));
  const lines = text.split('\n');
  const line = lines[Math.floor(next() * lines.length)] ?? '';
  return `${text.slice(0, at)}${line}\n${text.slice(at)}`;
}

function key(message: Linter.LintMessage): string {
  return JSON.stringify([message.ruleId, message.line, message.column, message.endLine, message.endColumn, message.message, message.fix, message.suggestions?.map((s) => s.fix)]);
}

describe('incremental re-lint', () => {
  const engine = new LintEngine();
  const input = (fixture: { filePath: string; kind: LintKind }, text: string): LintInput => ({ text, filePath: fixture.filePath, kind: fixture.kind, settings: DEFAULT_SERVER_SETTINGS });

  it('diffTexts() finds the one changed range', () => {
    assert.deepEqual(diffTexts('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
    assert.deepEqual(diffTexts('aaa', 'aaaa'), { start: 3, oldEnd: 3, newEnd: 4 });
    assert.deepEqual(diffTexts('abc', 'abc'), { start: 3, oldEnd: 3, newEnd: 3 });
  });

  it('blanks the other statements keeping every line, and keeps imports, short statements and directive comments', () => {
    const text = "import { trace } from '@opentelemetry/api';\nconst t = trace.getTracer('a');\nfunction a() {\n  /* eslint-disable */\n  return 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18 + 19 + 20 + 21 + 22 + 23 + 24 + 25 + 26 + 27 + 28 + 29 + 30 + 31 + 32 + 33 + 34 + 35 + 36 + 37 + 38 + 39 + 40 + 41 + 42 + 43 + 44 + 45 + 46 + 47 + 48 + 49 + 50 + 51 + 52 + 53 + 54 + 55 + 56 + 57 + 58 + 59 + 60 + 61 + 62 + 63 + 64 + 65 + 66 + 67 + 68 + 69 + 70 + 71 + 72 + 73 + 74 + 75 + 76 + 77 + 78 + 79 + 80 + 81 + 82 + 83 + 84 + 85 + 86 + 87 + 88 + 89 + 90;\n}\nfunction b() {\n  return 2;\n}\n";
    const outcome = engine.lint({ text, filePath: '/tmp/incremental/a.js', kind: 'js', settings: DEFAULT_SERVER_SETTINGS });
    assert.ok(outcome.kind === 'linted');
    const edited = text.replace('return 2;', 'return 3;');
    const plan = planSlice({ text, messages: outcome.messages, structure: outcome.structure }, edited);
    assert.ok(plan !== undefined);
    assert.equal(lineStarts(plan.text).length, lineStarts(edited).length);
    assert.ok(plan.text.length < edited.length / 2);
    assert.ok(plan.text.startsWith("import { trace } from '@opentelemetry/api';\nconst t = trace.getTracer('a');\n;"));
    assert.ok(plan.text.includes('/* eslint-disable */'));
    assert.ok(!plan.text.includes('+ 2 +'));
    assert.ok(plan.text.endsWith('function b() {\n  return 3;\n}\n'));
  });

  it('needs a full lint for an edit between statements or across two', () => {
    const text = 'function a() {\n  return 1;\n}\nfunction b() {\n  return 2;\n}\n';
    const outcome = engine.lint({ text, filePath: '/tmp/incremental/a.js', kind: 'js', settings: DEFAULT_SERVER_SETTINGS });
    assert.ok(outcome.kind === 'linted');
    const baseline = { text, messages: outcome.messages, structure: outcome.structure };
    assert.equal(planSlice(baseline, text.replace('}\nfunction b', '}\nx;\nfunction b')), undefined);
    assert.equal(planSlice(baseline, text.replace('1;\n}\nfunction b() {\n  return', '')), undefined);
  });

  it('matches a full lint after random edits of real files, and never keeps a stale message inside the edited statement', function () {
    this.timeout(300_000);
    let incremental = 0;
    let equal = 0;
    let equalInside = 0;
    for (const [fileIndex, fixture] of fixtures().entries()) {
      const next = random(fileIndex + 1);
      let first = engine.lint(input(fixture, fixture.text));
      assert.ok(first.kind === 'linted', fixture.filePath);
      let baseline: LintBaseline = { text: fixture.text, messages: first.messages, structure: first.structure };
      let text = fixture.text;
      for (let step = 0; step < (fixture.filePath.includes('/big') ? 60 : 12); step++) {
        text = randomEdit(text, next);
        const plan = planSlice(baseline, text);
        const fast = engine.lintAfterEdit(input(fixture, text), baseline);
        const full = engine.lint(input(fixture, text));
        if (fast.kind !== 'linted') {
          // A parse error of the edited statement is one of the whole file too.
          if (fast.kind === 'parseError') assert.equal(full.kind, 'parseError', `${fixture.filePath} step ${String(step)}: ${fast.message}\n${text}`);
          // Undo, as a typist completes the statement, so later edits land in code that parses.
          text = baseline.text;
          continue;
        }
        assert.ok(full.kind === 'linted', `${fixture.filePath} step ${String(step)}: the full lint failed where the incremental one did not`);
        if (fast.mode === 'incremental' && plan !== undefined) {
          incremental++;
          // Inside the edited statement, only what the slice lint found: nothing carried over from before.
          const slice = engine.lint(input(fixture, plan.text));
          assert.ok(slice.kind === 'linted');
          const starts = lineStarts(text);
          const inside = (message: Linter.LintMessage): boolean => {
            const offset = (starts[message.line - 1] ?? 0) + message.column - 1;
            return offset >= plan.statement.start && offset < plan.statement.end;
          };
          // Fix ranges are offsets of the slice there, so the slice's messages are compared by position and text.
          const where = (message: Linter.LintMessage): string => JSON.stringify([message.ruleId, message.line, message.column, message.endLine, message.endColumn, message.message, message.fix?.text]);
          assert.deepEqual(fast.messages.filter(inside).map(where), slice.messages.filter(inside).map(where));
          if (JSON.stringify(fast.messages.map(key)) === JSON.stringify(full.messages.map(key))) equal++;
          // Rules reasoning over the whole file may differ inside the statement until the full lint; on these files they never do.
          if (JSON.stringify(fast.messages.filter(inside).map(key)) === JSON.stringify(full.messages.filter(inside).map(key))) equalInside++;
          // The statement structure carried forward is the one a full parse finds.
          assert.deepEqual(
            fast.structure.statements.map((statement) => [statement.start, statement.end]),
            full.structure.statements.map((statement) => [statement.start, statement.end]),
            `${fixture.filePath} step ${String(step)}`,
          );
        }
        // Reconciliation: the server lints the whole file once typing pauses, and goes on from that.
        first = step % 3 === 2 ? full : fast;
        baseline = { text, messages: first.messages, structure: first.structure };
      }
    }
    assert.ok(incremental > 100, `only ${String(incremental)} incremental lints`);
    assert.equal(equalInside, incremental, 'messages inside the edited statement that a full lint does not give');
    // Outside it, a message naming the line of the edited code (a duplicate registration) waits for the full lint.
    assert.ok(equal >= incremental * 0.9, `only ${String(equal)} of ${String(incremental)} incremental results identical to the full lint`);
  });
});
