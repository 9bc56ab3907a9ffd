import * as assert from 'node:assert/strict';

import type { Dialect, ProbeNode } from './probe';

import { getImportTracker } from '../../../eslint-plugin/src/util/imports';
import { findActiveScope, isFunctionNode, isInActiveSpanScope, readsActiveContext, resolveFunction } from '../../../eslint-plugin/src/util/scopes';
import { calleeOf, collectCalls, probe } from './probe';

/** The scope kind at every `mark()` call of `code`, `-` where no scope decides. */
function scopesAtMarks(code: string, dialect: Dialect): string[] {
  return probe(code, dialect, (context, program) => {
    const tracker = getImportTracker(context);
    return collectCalls(program)
      .filter((call) => context.sourceCode.getText(calleeOf(call)) === 'mark')
      .map((call) => findActiveScope(tracker, call)?.kind ?? '-');
  });
}

/** Whether the function passed to each `check(fn)` call reads the active context. */
function contextReads(code: string, dialect: Dialect): boolean[] {
  return probe(code, dialect, (context, program) => {
    const tracker = getImportTracker(context);
    return collectCalls(program)
      .filter((call) => context.sourceCode.getText(calleeOf(call)) === 'check')
      .map((call) => {
        const [argument] = (call as ProbeNode & { arguments: ProbeNode[] }).arguments;
        const fn = argument === undefined ? undefined : resolveFunction(tracker, argument);
        return fn !== undefined && readsActiveContext(tracker, fn, context.sourceCode.visitorKeys);
      });
  });
}

/** The source text of the function each `check(x)` argument resolves to, `-` when none. */
function resolvedFunctions(code: string, dialect: Dialect): string[] {
  return probe(code, dialect, (context, program) => {
    const tracker = getImportTracker(context);
    return collectCalls(program)
      .filter((call) => context.sourceCode.getText(calleeOf(call)) === 'check')
      .map((call) => {
        const [argument] = (call as ProbeNode & { arguments: ProbeNode[] }).arguments;
        const fn = argument === undefined ? undefined : resolveFunction(tracker, argument);
        return fn === undefined ? '-' : context.sourceCode.getText(fn).split('\n')[0] ?? '';
      });
  });
}

describe('scopes', () => {
  describe('findActiveScope()', () => {
    it('finds a span scope in a startActiveSpan callback, through nested functions', () => {
      const code = `import { trace } from '@opentelemetry/api';\nmark();\ntrace.getTracer('a').startActiveSpan('s', (span) => {\n  mark();\n  const later = () => mark();\n});`;
      assert.deepEqual(scopesAtMarks(code, 'esm'), ['-', 'span', 'span']);
    });

    it('treats the callback of startActiveSpan with options and context as a span scope', () => {
      const code = `tracer.startActiveSpan('s', {}, ctx, function run() { mark(); });`;
      assert.deepEqual(scopesAtMarks(code, 'cjs'), ['span']);
    });

    it('answers root inside context.with(ROOT_CONTEXT, fn), even within a span scope', () => {
      const code = `const { context, ROOT_CONTEXT } = require('@opentelemetry/api');\ntracer.startActiveSpan('s', () => {\n  context.with(ROOT_CONTEXT, () => mark());\n});`;
      assert.deepEqual(scopesAtMarks(code, 'cjs'), ['root']);
    });

    it('follows a constant alias of ROOT_CONTEXT and trace.deleteSpan(...)', () => {
      const code = `import * as api from '@opentelemetry/api';\nconst root = api.ROOT_CONTEXT;\napi.context.with(root, () => mark());\napi.context.with(api.trace.deleteSpan(api.context.active()), () => mark());`;
      assert.deepEqual(scopesAtMarks(code, 'ts'), ['root', 'root']);
    });

    it('answers span for context.with and context.bind with any other context', () => {
      const code = `import { context, trace } from '@opentelemetry/api';\ncontext.with(trace.setSpan(context.active(), span), () => mark());\nconst bound = context.bind(parent, () => mark());`;
      assert.deepEqual(scopesAtMarks(code, 'ts'), ['span', 'span']);
    });

    it('sees through context.with(context.active(), fn), which opens no scope', () => {
      const code = `import { context } from '@opentelemetry/api';\ncontext.with(context.active(), () => mark());\ntracer.startActiveSpan('s', () => context.with(context.active(), () => mark()));`;
      assert.deepEqual(scopesAtMarks(code, 'esm'), ['-', 'span']);
    });

    it('ignores a with() that is not the API context', () => {
      const code = `function run(context) {\n  context.with(ctx, () => mark());\n}`;
      assert.deepEqual(scopesAtMarks(code, 'cjs'), ['-']);
    });

    it('answers span for a span scope opened inside a root', () => {
      const code = `import { context, ROOT_CONTEXT } from '@opentelemetry/api';\ncontext.with(ROOT_CONTEXT, () => {\n  tracer.startActiveSpan('consume', () => mark());\n});`;
      assert.deepEqual(scopesAtMarks(code, 'esm'), ['span']);
    });
  });

  describe('isInActiveSpanScope()', () => {
    it('is false at the top level and true in a span scope', () => {
      const answers = probe(`tracer.startActiveSpan('s', () => mark());\nmark();`, 'cjs', (context, program) => {
        const tracker = getImportTracker(context);
        return collectCalls(program)
          .filter((call) => context.sourceCode.getText(calleeOf(call)) === 'mark')
          .map((call) => isInActiveSpanScope(tracker, call));
      });
      assert.deepEqual(answers, [true, false]);
    });
  });

  describe('readsActiveContext()', () => {
    it('detects context.active(), trace.getActiveSpan() and propagation.getActiveBaggage()', () => {
      const code = `import { context, trace, propagation } from '@opentelemetry/api';\ncheck(() => context.active());\ncheck(() => trace.getActiveSpan()?.end());\ncheck(function () { return propagation.getActiveBaggage(); });`;
      assert.deepEqual(contextReads(code, 'esm'), [true, true, true]);
    });

    it('detects startSpan without a context and startActiveSpan without one', () => {
      const code = `check(() => tracer.startSpan('a'));\ncheck(() => tracer.startSpan('a', {}, ctx));\ncheck(() => tracer.startActiveSpan('a', {}, (s) => s.end()));\ncheck(() => tracer.startActiveSpan('a', {}, ctx, (s) => s.end()));`;
      assert.deepEqual(contextReads(code, 'cjs'), [true, false, true, false]);
    });

    it('is false for callbacks that only resolve or push, and for a local context.active look-alike', () => {
      const code = `const context = { active: () => 1 };\ncheck((chunk) => chunks.push(chunk));\ncheck(() => context.active());`;
      assert.deepEqual(contextReads(code, 'cjs'), [false, false]);
    });
  });

  describe('resolveFunction()', () => {
    it('resolves literals, declarations and constant function initializers', () => {
      const code = `function named() {}\nconst arrow = () => 1;\nlet changed = () => 2;\nchanged = other;\ncheck(named);\ncheck(arrow);\ncheck(changed);\ncheck(function inline() {});\ncheck(param);`;
      assert.deepEqual(resolvedFunctions(code, 'cjs'), ['function named() {}', '() => 1', '-', 'function inline() {}', '-']);
    });

    it('resolves a named function expression from inside its own body', () => {
      const code = `setTimeout(function tick() { check(tick); }, 1);`;
      assert.deepEqual(resolvedFunctions(code, 'cjs'), ['function tick() { check(tick); }']);
    });

    it('does not resolve a function declaration that is reassigned', () => {
      const code = `function handler() {}\nhandler = other;\ncheck(handler);`;
      assert.deepEqual(resolvedFunctions(code, 'script'), ['-']);
    });
  });

  describe('isFunctionNode()', () => {
    it('accepts the three function forms only', () => {
      const kinds = probe(`const a = () => 1;\nconst b = function () {};\nfunction c() {}\nconst d = 1;`, 'cjs', (_context, program) =>
        program.body.map((statement) => {
          const node = 'declarations' in statement ? statement.declarations.at(0)?.init : statement;
          return node !== null && node !== undefined && isFunctionNode(node);
        }),
      );
      assert.deepEqual(kinds, [true, true, true, false]);
    });
  });
});
