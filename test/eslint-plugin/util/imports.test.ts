import * as assert from 'node:assert/strict';

import type { Dialect, ProbeNode } from './probe';

import { getImportTracker, GLOBAL_MODULE, normalizeModuleName, OTEL_API } from '../../../eslint-plugin/src/util/imports';
import { calleeOf, collectCalls, probe } from './probe';

/** Resolves the callee of every call/new in `code`, rendered `module:path` or `-` when unresolved. */
function resolveCallees(code: string, dialect: Dialect): string[] {
  return probe(code, dialect, (context, program) => {
    const tracker = getImportTracker(context);
    return collectCalls(program)
      .map(calleeOf)
      .filter((callee) => context.sourceCode.getText(callee) !== 'require')
      .map((callee) => {
        const resolved = tracker.resolveReference(callee);
        return resolved === undefined ? '-' : `${resolved.module}:${resolved.path.join('.')}`;
      });
  });
}

describe('ImportTracker', () => {
  describe('.resolveReference()', () => {
    it('resolves a named import', () => {
      assert.deepEqual(resolveCallees(`import { context } from '@opentelemetry/api';\ncontext.with(c, f);`, 'esm'), ['@opentelemetry/api:context.with']);
    });

    it('resolves an aliased named import', () => {
      assert.deepEqual(resolveCallees(`import { context as ctx } from '@opentelemetry/api';\nctx.with(c, f);`, 'ts'), ['@opentelemetry/api:context.with']);
    });

    it('resolves a namespace import', () => {
      assert.deepEqual(resolveCallees(`import * as api from '@opentelemetry/api';\napi.context.with(c, f);\napi.trace.getTracer('x');`, 'esm'), [
        '@opentelemetry/api:context.with',
        '@opentelemetry/api:trace.getTracer',
      ]);
    });

    it('resolves a default import as the module itself', () => {
      assert.deepEqual(resolveCallees(`import api from '@opentelemetry/api';\napi.propagation.inject(c, h);`, 'ts'), ['@opentelemetry/api:propagation.inject']);
    });

    it('drops a leading default member', () => {
      assert.deepEqual(resolveCallees(`const api = require('@opentelemetry/api');\napi.default.context.with(c, f);`, 'cjs'), ['@opentelemetry/api:context.with']);
    });

    it('resolves a whole-module require', () => {
      assert.deepEqual(resolveCallees(`const api = require('@opentelemetry/api');\napi.context.active();`, 'cjs'), ['@opentelemetry/api:context.active']);
    });

    it('resolves destructured requires with aliases and nesting', () => {
      assert.deepEqual(
        resolveCallees(`const { trace, context: ctx, propagation: { inject } } = require('@opentelemetry/api');\ntrace.getTracer('a');\nctx.with(c, f);\ninject(c, h);`, 'cjs'),
        ['@opentelemetry/api:trace.getTracer', '@opentelemetry/api:context.with', '@opentelemetry/api:propagation.inject'],
      );
    });

    it('resolves a member read straight off require', () => {
      assert.deepEqual(resolveCallees(`const trace = require('@opentelemetry/api').trace;\ntrace.getSpan(c);\nrequire('@opentelemetry/api').context.active();`, 'cjs'), [
        '@opentelemetry/api:trace.getSpan',
        '@opentelemetry/api:context.active',
      ]);
    });

    it('normalizes the node: prefix for imports and requires', () => {
      assert.deepEqual(
        resolveCallees(`import { Worker } from 'node:worker_threads';\nimport * as wt from 'worker_threads';\nnew Worker(f);\nnew wt.Worker(f);`, 'esm'),
        ['worker_threads:Worker', 'worker_threads:Worker'],
      );
      assert.deepEqual(resolveCallees(`const { fork } = require('node:child_process');\nfork('x');`, 'cjs'), ['child_process:fork']);
    });

    it('follows const aliases of module members', () => {
      assert.deepEqual(resolveCallees(`import * as api from '@opentelemetry/api';\nconst ctx = api.context;\nconst { propagation } = api;\nctx.with(c, f);\npropagation.extract(c, h);`, 'ts'), [
        '@opentelemetry/api:context.with',
        '@opentelemetry/api:propagation.extract',
      ]);
    });

    it('resolves through optional chaining and TypeScript wrappers', () => {
      assert.deepEqual(resolveCallees(`import * as api from '@opentelemetry/api';\napi?.context.with(c, f);\n(api.trace as typeof api.trace).getSpan(c);\napi.context!.active();`, 'ts'), [
        '@opentelemetry/api:context.with',
        '@opentelemetry/api:trace.getSpan',
        '@opentelemetry/api:context.active',
      ]);
    });

    it('resolves computed members with static strings only', () => {
      assert.deepEqual(resolveCallees(`import * as api from '@opentelemetry/api';\napi['context'].with(c, f);\napi[name].with(c, f);`, 'esm'), ['@opentelemetry/api:context.with', '-']);
    });

    it('resolves await import()', () => {
      assert.deepEqual(resolveCallees(`const api = await import('@opentelemetry/api');\napi.context.active();`, 'esm'), ['@opentelemetry/api:context.active']);
    });

    it('resolves TypeScript import-equals', () => {
      assert.deepEqual(resolveCallees(`import api = require('@opentelemetry/api');\napi.context.active();`, 'ts'), ['@opentelemetry/api:context.active']);
    });

    it('reports globals under the global pseudo-module, through globalThis and window', () => {
      assert.deepEqual(resolveCallees(`setTimeout(f, 1);\nnew Worker('w.js');\nglobalThis.queueMicrotask(f);\nwindow.fetch(u);\nprocess.nextTick(f);`, 'esm'), [
        `${GLOBAL_MODULE}:setTimeout`,
        `${GLOBAL_MODULE}:Worker`,
        `${GLOBAL_MODULE}:queueMicrotask`,
        `${GLOBAL_MODULE}:fetch`,
        `${GLOBAL_MODULE}:process.nextTick`,
      ]);
    });

    it('does not resolve a local variable named like an API export', () => {
      assert.deepEqual(resolveCallees(`const context = makeContext();\ncontext.with(c, f);`, 'esm'), [`${GLOBAL_MODULE}:makeContext`, '-']);
    });

    it('does not resolve a parameter that shadows an import', () => {
      assert.deepEqual(
        resolveCallees(`import { context } from '@opentelemetry/api';\nfunction run(context) {\n  context.with(c, f);\n}\ncontext.with(c, f);`, 'esm'),
        ['-', '@opentelemetry/api:context.with'],
      );
    });

    it('does not resolve a block-scoped shadow in TypeScript', () => {
      assert.deepEqual(resolveCallees(`import { trace } from '@opentelemetry/api';\n{\n  const trace = other;\n  trace.getTracer('x');\n}`, 'ts'), [`${GLOBAL_MODULE}:other.getTracer`]);
    });

    it('does not resolve a reassigned let binding', () => {
      assert.deepEqual(resolveCallees(`let api = require('@opentelemetry/api');\napi = mock;\napi.context.active();`, 'cjs'), ['-']);
    });

    it('does not treat a local require function as the module loader', () => {
      assert.deepEqual(resolveCallees(`function require(x) { return x; }\nconst api = require('@opentelemetry/api');\napi.context.active();`, 'script'), ['-']);
    });

    it('ignores type-only imports', () => {
      assert.deepEqual(resolveCallees(`import type { context } from '@opentelemetry/api';\ncontext.with(c, f);`, 'ts'), ['-']);
    });

    it('does not resolve array destructuring or rest elements', () => {
      assert.deepEqual(resolveCallees(`const [a] = require('x');\nconst { ...rest } = require('@opentelemetry/api');\na();\nrest.context.active();`, 'cjs'), ['-', '-']);
    });

    it('does not loop on circular aliases', () => {
      assert.deepEqual(resolveCallees(`var a = b;\nvar b = a;\na.x();`, 'script'), ['-']);
    });
  });

  describe('.isApiCall()', () => {
    it('matches exactly the given member path of @opentelemetry/api', () => {
      const matches = probe(`const api = require('@opentelemetry/api');\napi.context.with(c, f);\napi.context.active();\nother.context.with(c, f);`, 'cjs', (context, program) => {
        const tracker = getImportTracker(context);
        return collectCalls(program).map((call) => tracker.isApiCall(call, 'context', 'with'));
      });
      assert.deepEqual(matches, [false, true, false, false]);
    });
  });

  describe('.isReferenceTo()', () => {
    it('still resolves aliases whose name differs from the asked-for member', () => {
      const matches = probe(`import { context } from '@opentelemetry/api';\nconst w = context.with;\nconst c2 = context;\nw(c, f);\nc2.with(c, f);\nc2.bind(c, f);`, 'ts', (context, program) => {
        const tracker = getImportTracker(context);
        return collectCalls(program).map((call) => tracker.isReferenceTo(calleeOf(call), OTEL_API, 'context', 'with'));
      });
      assert.deepEqual(matches, [true, true, false]);
    });
  });

  describe('.importedModules()', () => {
    it('lists import declarations (type-only ones too) and require calls anywhere, normalized', () => {
      const modules = probe(
        `import type { Span } from 'kafkajs';\nimport 'node:http';\ndeclare module 'x' { import y from 'amqplib'; }\nfunction f() { return (require as any)('node:worker_threads'); }\nrequire(name);\nother('nats');`,
        'ts',
        (context) => [...getImportTracker(context).importedModules()].sort(),
      );
      assert.deepEqual(modules, ['amqplib', 'http', 'kafkajs', 'worker_threads']);
    });

    it('counts a locally declared require too, like the rules always did', () => {
      const modules = probe(`const require = createRequire(import.meta.url);\nconst k = require('kafkajs');`, 'esm', (context) => [...getImportTracker(context).importedModules()]);
      assert.deepEqual(modules, ['kafkajs']);
    });
  });

  describe('.isCallTo()', () => {
    it('matches new expressions and ignores the node: prefix of the query', () => {
      const matches = probe(`import { Worker } from 'worker_threads';\nnew Worker(f);`, 'esm', (context, program) =>
        collectCalls(program).map((call) => getImportTracker(context).isCallTo(call, 'node:worker_threads', 'Worker')),
      );
      assert.deepEqual(matches, [true]);
    });
  });

  describe('.moduleKind', () => {
    it('is module when the file has import declarations', () => {
      assert.equal(probe(`import x from 'y';`, 'ts', (context) => getImportTracker(context).moduleKind), 'module');
    });

    it('is commonjs when a TypeScript module-typed file only uses require', () => {
      assert.equal(probe(`const api = require('@opentelemetry/api');`, 'ts', (context) => getImportTracker(context).moduleKind), 'commonjs');
    });

    it('falls back to the source type', () => {
      assert.equal(probe(`foo();`, 'esm', (context) => getImportTracker(context).moduleKind), 'module');
      assert.equal(probe(`foo();`, 'cjs', (context) => getImportTracker(context).moduleKind), 'commonjs');
    });
  });

  describe('.findLocalName()', () => {
    it('returns the alias of a named import', () => {
      assert.equal(probe(`import { context as ctx } from '@opentelemetry/api';`, 'esm', (context) => getImportTracker(context).findLocalName(OTEL_API, 'context')), 'ctx');
    });

    it('returns a member access on a namespace binding', () => {
      assert.equal(probe(`const api = require('@opentelemetry/api');`, 'cjs', (context) => getImportTracker(context).findLocalName(OTEL_API, 'context')), 'api.context');
    });

    it('skips a binding shadowed where the name is used', () => {
      const found = probe(`import { context } from '@opentelemetry/api';\nfunction f(context) {\n  use(context);\n}`, 'esm', (context, program) => {
        const call = collectCalls(program)[0]!;
        return getImportTracker(context).findLocalName(OTEL_API, 'context', call);
      });
      assert.equal(found, undefined);
    });
  });

  describe('.constantInitializer()', () => {
    it('returns the initializer of a never-reassigned plain binding and nothing otherwise', () => {
      const initializers = probe(`const a = f();\nlet b = g();\nb = h();\nconst { c } = i();\nuse(a, b, c, undeclared);`, 'esm', (context, program) => {
        type Identifier = Parameters<ReturnType<typeof getImportTracker>['constantInitializer']>[0];
        const call = collectCalls(program).at(-1)! as ProbeNode & { arguments: Identifier[] };
        return call.arguments.map((argument) => {
          const initializer = getImportTracker(context).constantInitializer(argument);
          return initializer === undefined ? '-' : context.sourceCode.getText(initializer);
        });
      });
      assert.deepEqual(initializers, ['f()', '-', '-', '-']);
    });
  });

  describe('.resolveTypeName()', () => {
    it('resolves type-only named and namespace imports', () => {
      const resolved = probe(`import type { Context as C } from '@opentelemetry/api';\nimport type * as api from '@opentelemetry/api';\nlet a: C;\nlet b: api.Baggage;\nlet c: Local;\ntype Local = string;`, 'ts', (context, program) =>
        program.body
          .filter((statement) => (statement.type as string) === 'VariableDeclaration')
          .map((statement) => {
            const id = (statement as unknown as { declarations: [{ id: { typeAnnotation: { typeAnnotation: { typeName: Parameters<ReturnType<typeof getImportTracker>['resolveTypeName']>[0] } } } }] }).declarations[0].id;
            const reference = getImportTracker(context).resolveTypeName(id.typeAnnotation.typeAnnotation.typeName);
            return reference === undefined ? '-' : `${reference.module}:${reference.path.join('.')}`;
          }),
      );
      assert.deepEqual(resolved, ['@opentelemetry/api:Context', '@opentelemetry/api:Baggage', '-']);
    });
  });

  describe('getImportTracker()', () => {
    it('returns one tracker per file', () => {
      assert.equal(
        probe(`x();`, 'esm', (context) => getImportTracker(context) === getImportTracker({ sourceCode: context.sourceCode })),
        true,
      );
    });
  });
});

describe('normalizeModuleName()', () => {
  it('strips the node: prefix and leaves other specifiers alone', () => {
    assert.equal(normalizeModuleName('node:worker_threads'), 'worker_threads');
    assert.equal(normalizeModuleName('@opentelemetry/api'), '@opentelemetry/api');
  });
});
