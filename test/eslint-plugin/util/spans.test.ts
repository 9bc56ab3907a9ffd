import * as assert from 'node:assert/strict';

import type { Dialect, ProbeNode, ProbeProgram } from './probe';

import { getImportTracker } from '../../../eslint-plugin/src/util/imports';
import { canMoveIntoScope, classifySpanUse, hasEscapingJump, indentedText, isTracerName, matchSpanStart, spanVariable, statementTraits } from '../../../eslint-plugin/src/util/spans';
import { collectCalls, probe } from './probe';

type Call = Parameters<typeof matchSpanStart>[1];

// The plugin's AST enum is a distinct type from the root copy's, so node types are compared as strings.
function isCall(node: ProbeNode): node is Call {
  return (node.type as string) === 'CallExpression';
}

/** Every call of `code` recognized as a span start, rendered `<source text>:<kind>[:callback]`. */
function spanStarts(code: string, dialect: Dialect, factories: readonly string[] = []): string[] {
  return probe(code, dialect, (context, program) => {
    const tracker = getImportTracker(context);
    const found: string[] = [];
    for (const node of collectCalls(program)) {
      if (!isCall(node)) continue;
      const start = matchSpanStart(tracker, node, new Set(factories));
      if (start === undefined) continue;
      found.push(`${context.sourceCode.getText(start.call.callee)}:${start.kind}${start.callback === undefined ? '' : ':callback'}`);
    }
    return found;
  });
}

/** How each reference to the span of the first span start in `code` is used. */
function spanUses(code: string, dialect: Dialect): string[] {
  return probe(code, dialect, (context, program) => {
    const tracker = getImportTracker(context);
    for (const node of collectCalls(program)) {
      if (!isCall(node)) continue;
      const start = matchSpanStart(tracker, node);
      if (start === undefined) continue;
      const variable = spanVariable(context.sourceCode, start);
      if (variable === undefined) return ['no variable'];
      return variable.references
        .filter((reference) => reference.init !== true)
        .map((reference) => {
          const use = classifySpanUse(tracker, reference.identifier as Parameters<typeof classifySpanUse>[1]);
          return use.kind === 'method' ? `method:${use.method}` : use.kind;
        });
    }
    return [];
  });
}

describe('isTracerName()', () => {
  it('accepts tracer-like names', () => {
    assert.deepEqual(['tracer', '_tracer', 'TRACER', 'otelTracer', 'APP_TRACER'].map(isTracerName), [true, true, true, true, true]);
  });

  it('rejects names that only contain the word', () => {
    assert.deepEqual(['subtracer', 'tracers', 'Tracer2', 'recorder'].map(isTracerName), [false, false, false, false]);
  });
});

describe('matchSpanStart()', () => {
  it('recognizes startSpan on a tracer from trace.getTracer through a const', () => {
    assert.deepEqual(spanStarts(`import { trace } from '@opentelemetry/api';\nconst t = trace.getTracer('x');\nt.startSpan('a');`, 'esm'), ['t.startSpan:startSpan']);
  });

  it('recognizes startSpan on a provider.getTracer() call and on this.tracer', () => {
    assert.deepEqual(spanStarts(`provider.getTracer('x').startSpan('a');\nclass A { m() { this.tracer.startSpan('b'); } }`, 'esm'), [
      "provider.getTracer('x').startSpan:startSpan",
      'this.tracer.startSpan:startSpan',
    ]);
  });

  it('recognizes a tracer from a CommonJS namespace require', () => {
    assert.deepEqual(spanStarts(`const api = require('@opentelemetry/api');\nconst t = api.trace.getTracer('x');\nt.startActiveSpan('a', (s) => s.end());`, 'cjs'), [
      't.startActiveSpan:startActiveSpan:callback',
    ]);
  });

  it('recognizes a parameter annotated with the API Tracer type', () => {
    assert.deepEqual(spanStarts(`import type { Tracer } from '@opentelemetry/api';\nexport function f(t: Tracer) { t.startSpan('a'); }`, 'ts'), ['t.startSpan:startSpan']);
  });

  it('leaves startActiveSpan with a callback reference without a callback', () => {
    assert.deepEqual(spanStarts(`tracer.startActiveSpan('a', handler);`, 'esm'), ['tracer.startActiveSpan:startActiveSpan']);
  });

  it('ignores receivers that are not tracers and calls without a name or with spread arguments', () => {
    assert.deepEqual(spanStarts(`recorder.startSpan('a');\ntracer.startSpan();\ntracer.startSpan(...args);\ntracer.startActiveSpan(fn);`, 'esm'), []);
  });

  it('recognizes configured factories as functions and as methods', () => {
    assert.deepEqual(spanStarts(`startChildSpan('a');\nhelpers.startChildSpan('b');\nother('c');`, 'esm', ['startChildSpan']), ['startChildSpan:factory', 'helpers.startChildSpan:factory']);
  });
});

describe('classifySpanUse()', () => {
  it('classifies end, chained end, methods, API arguments and escapes', () => {
    const code = `import { trace, context } from '@opentelemetry/api';
const span = tracer.startSpan('a');
span.setAttribute('k', 1);
span.setStatus({ code: 2 }).end();
context.with(trace.setSpan(context.active(), span), run);
span!.end();
hand(span);
span.name;`;
    assert.deepEqual(spanUses(code, 'ts'), ['method:setAttribute', 'end', 'api', 'end', 'escape', 'escape']);
  });

  it('finds the callback parameter of startActiveSpan', () => {
    assert.deepEqual(spanUses(`tracer.startActiveSpan('a', async (span) => { span.end(); });`, 'esm'), ['end']);
  });

  it('has no variable when the span is assigned to a property or reassigned', () => {
    assert.deepEqual(spanUses(`this.span = tracer.startSpan('a');`, 'esm'), ['no variable']);
    assert.deepEqual(spanUses(`let span = tracer.startSpan('a');\nspan = other;`, 'esm'), ['no variable']);
  });
});

type FunctionDeclaration = Extract<ProbeProgram['body'][number], { id: unknown; body: { body: unknown[] }; params: unknown }>;
type SpanSourceCode = Parameters<typeof canMoveIntoScope>[0];
type Statements = Parameters<typeof canMoveIntoScope>[1];

/** Runs `check` on the statements of the first function declaration's body after its first statement. */
function afterFirstStatement<T>(code: string, check: (sourceCode: SpanSourceCode, statements: Statements) => T): T {
  return probe(code, 'esm', (context, program) => {
    const fn = program.body.find((statement) => (statement.type as string) === 'FunctionDeclaration') as FunctionDeclaration | undefined;
    assert.ok(fn !== undefined);
    return check(context.sourceCode, fn.body.body.slice(1));
  });
}

describe('canMoveIntoScope()', () => {
  /** Whether all statements of the first function body after the first one can move into a block. */
  function movable(code: string): boolean {
    return afterFirstStatement(code, canMoveIntoScope);
  }

  it('accepts statements whose declarations are used only among them', () => {
    assert.equal(movable(`function f() {\n  const span = s();\n  const a = 1;\n  use(a);\n}`), true);
  });

  it('rejects a function declaration used before the moved statements', () => {
    assert.equal(movable(`function f() {\n  helper();\n  function helper() {}\n}`), false);
  });

  it('rejects a var declaration read by a closure defined earlier', () => {
    assert.equal(movable(`function f() {\n  const read = () => value;\n  var value = 1;\n  return read;\n}`), false);
  });
});

describe('hasEscapingJump()', () => {
  function escapes(code: string): boolean {
    return afterFirstStatement(code, hasEscapingJump);
  }

  it('finds a continue inside a switch, which still targets the loop around the statements', () => {
    const escapesLoopBody = probe(`for (;;) {\n  init();\n  switch (x) { case 1: continue; }\n}`, 'esm', (context, program) => {
      const loop = program.body[0] as Extract<ProbeProgram['body'][number], { update: unknown; body: unknown }> | undefined;
      const body = loop?.body as FunctionDeclaration['body'] | undefined;
      assert.ok(body !== undefined);
      return hasEscapingJump(context.sourceCode, body.body.slice(1));
    });
    assert.equal(escapesLoopBody, true);
  });

  it('allows break and continue of loops inside the statements', () => {
    assert.equal(escapes(`function f() {\n  init();\n  for (const x of xs) { if (x) break; continue; }\n  switch (y) { case 1: break; }\n}`), false);
  });

  it('finds a break that leaves the statements, a labelled continue and a yield', () => {
    assert.equal(escapes(`function f() {\n  for (;;) {\n    init();\n  }\n}`), false);
    assert.equal(escapes(`function f() {\n  init();\n  outer: for (;;) { for (;;) continue outer; }\n}`), true);
    assert.equal(escapes(`function* f() {\n  init();\n  yield 1;\n}`), true);
  });
});

describe('statementTraits()', () => {
  function traits(code: string): { returns: boolean; awaits: boolean; escapes: boolean }[] {
    return afterFirstStatement(code, (sourceCode, statements) => statements.map((statement) => ({ ...statementTraits(sourceCode, statement) })));
  }

  it('finds returns, awaits and escaping jumps outside nested functions', () => {
    assert.deepEqual(traits(`async function f() {\n  init();\n  if (a) return 1;\n  for await (const x of xs) break;\n  g(async () => { await h(); return 2; });\n}`), [
      { returns: true, awaits: false, escapes: false },
      { returns: false, awaits: true, escapes: false },
      { returns: false, awaits: false, escapes: false },
    ]);
  });

  it('searches a function statement for returns and awaits but not for jumps', () => {
    assert.deepEqual(traits(`function* f() {\n  init();\n  async function* g() { await x; yield 1; return 2; }\n}`), [{ returns: true, awaits: true, escapes: false }]);
  });
});

describe('indentedText()', () => {
  it('indents every line after the first', () => {
    assert.equal(
      afterFirstStatement(`function f() {\n  init();\n  if (a) {\n    b();\n  }\n  c();\n}`, (sourceCode, statements) => indentedText(sourceCode, statements, '  ')),
      'if (a) {\n      b();\n    }\n    c();',
    );
  });

  it('keeps the text as it is when a template literal spans lines', () => {
    assert.equal(
      afterFirstStatement('function f() {\n  init();\n  const s = `a\nb`;\n  c(s);\n}', (sourceCode, statements) => indentedText(sourceCode, statements, '  ')),
      'const s = `a\nb`;\n  c(s);',
    );
  });
});
