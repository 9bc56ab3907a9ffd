import type { Rule } from 'eslint';

import { Linter } from 'eslint';
import * as assert from 'node:assert/strict';

import type { Dialect, ProbeContext, ProbeNode } from './probe';

import { ensureImport, ensureImports } from '../../../eslint-plugin/src/util/fixes';
import { OTEL_API } from '../../../eslint-plugin/src/util/imports';
import { languageOptions } from './probe';

type Fixer = Parameters<typeof ensureImport>[0];
type SourceCode = Parameters<typeof ensureImport>[1];
type FixResult<T> = { fix: ReturnType<typeof ensureImport>['fix']; value: T };

/**
 * Runs `makeFix` from a throw-away rule, passing the first call to `use(...)` in `code` as the use
 * site, and returns its value with the code after applying the fix (unchanged when there is none).
 */
function applyFix<T>(code: string, dialect: Dialect, makeFix: (fixer: Fixer, sourceCode: SourceCode, at: ProbeNode | undefined) => FixResult<T>): { value: T; output: string } {
  let value: { current: T } | undefined;
  const rule: Rule.RuleModule = {
    meta: { type: 'problem', fixable: 'code', messages: { add: 'add' }, schema: [] },
    create(context) {
      let at: ProbeNode | undefined;
      return {
        CallExpression(node): void {
          if (context.sourceCode.getText(node.callee) === 'use') at ??= node as unknown as ProbeNode;
        },
        'Program:exit'(program): void {
          context.report({
            node: program,
            messageId: 'add',
            fix(fixer) {
              const result = makeFix(fixer, (context as unknown as ProbeContext).sourceCode, at);
              value = { current: result.value };
              return (result.fix ?? null) as Rule.Fix | null;
            },
          });
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat', cwd: '/probe' });
  const [message] = linter.verify(
    code,
    [{ files: ['**/*.{js,ts}'], languageOptions: languageOptions(dialect), plugins: { probe: { rules: { add: rule } } }, rules: { 'probe/add': 'error' } }],
    dialect === 'ts' ? '/probe/file.ts' : '/probe/file.js',
  );
  assert.ok(message !== undefined && message.fatal !== true, message?.message);
  assert.ok(value !== undefined);
  const fix = message.fix;
  const output = fix === undefined ? code : code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
  return { value: value.current, output };
}

/** `ensureImport` of one `@opentelemetry/api` member at the first `use(...)` call. */
function ensure(code: string, dialect: Dialect, name: string): { local: string; output: string } {
  const { value, output } = applyFix(code, dialect, (fixer, sourceCode, at) => {
    const { fix, local } = ensureImport(fixer, sourceCode, OTEL_API, name, at);
    return { fix, value: local };
  });
  return { local: value, output };
}

/** `ensureImports` of several `@opentelemetry/api` members at the first `use(...)` call. */
function ensureMany(code: string, dialect: Dialect, names: string[]): { locals: readonly string[]; output: string } {
  const { value, output } = applyFix(code, dialect, (fixer, sourceCode, at) => {
    const { fix, locals } = ensureImports(fixer, sourceCode, OTEL_API, names, at);
    return { fix, value: locals };
  });
  return { locals: value, output };
}

describe('ensureImport()', () => {
  it('adds a named import after the last import of an ES module', () => {
    assert.deepEqual(ensure(`import fs from 'node:fs';\nuse(fs);\n`, 'esm', 'context'), {
      local: 'context',
      output: `import fs from 'node:fs';\nimport { context } from '@opentelemetry/api';\nuse(fs);\n`,
    });
  });

  it('joins an existing named import of the module', () => {
    assert.deepEqual(ensure(`import { trace } from '@opentelemetry/api';\nuse(trace);\n`, 'ts', 'propagation'), {
      local: 'propagation',
      output: `import { trace, propagation } from '@opentelemetry/api';\nuse(trace);\n`,
    });
  });

  it('reuses an existing aliased import without a fix', () => {
    assert.deepEqual(ensure(`import { context as ctx } from '@opentelemetry/api';\nuse(ctx);\n`, 'esm', 'context'), {
      local: 'ctx',
      output: `import { context as ctx } from '@opentelemetry/api';\nuse(ctx);\n`,
    });
  });

  it('reuses a namespace import as a member access', () => {
    assert.deepEqual(ensure(`import * as api from '@opentelemetry/api';\nuse(api);\n`, 'ts', 'propagation'), {
      local: 'api.propagation',
      output: `import * as api from '@opentelemetry/api';\nuse(api);\n`,
    });
  });

  it('reuses a whole-module require in CommonJS', () => {
    assert.deepEqual(ensure(`const api = require('@opentelemetry/api');\nuse(api);\n`, 'cjs', 'context'), {
      local: 'api.context',
      output: `const api = require('@opentelemetry/api');\nuse(api);\n`,
    });
  });

  it('joins an existing destructuring require', () => {
    assert.deepEqual(ensure(`const { trace } = require('@opentelemetry/api');\nuse(trace);\n`, 'cjs', 'context'), {
      local: 'context',
      output: `const { trace, context } = require('@opentelemetry/api');\nuse(trace);\n`,
    });
  });

  it('adds a require after the last top-level require of a CommonJS file', () => {
    assert.deepEqual(ensure(`'use strict';\nconst http = require('node:http');\nuse(http);\n`, 'cjs', 'propagation'), {
      local: 'propagation',
      output: `'use strict';\nconst http = require('node:http');\nconst { propagation } = require('@opentelemetry/api');\nuse(http);\n`,
    });
  });

  it('adds a require after the directive prologue when there is none', () => {
    assert.deepEqual(ensure(`'use strict';\nuse(1);\n`, 'cjs', 'context'), {
      local: 'context',
      output: `'use strict';\nconst { context } = require('@opentelemetry/api');\nuse(1);\n`,
    });
  });

  it('adds an import at the top of a module without imports', () => {
    assert.deepEqual(ensure(`// a comment\nuse(1);\n`, 'esm', 'context'), {
      local: 'context',
      output: `// a comment\nimport { context } from '@opentelemetry/api';\nuse(1);\n`,
    });
  });

  it('follows the file when it omits semicolons', () => {
    assert.deepEqual(ensure(`import fs from 'node:fs'\nuse(fs)\n`, 'esm', 'context'), {
      local: 'context',
      output: `import fs from 'node:fs'\nimport { context } from '@opentelemetry/api'\nuse(fs)\n`,
    });
  });

  it('picks an aliased name when the member name is taken at the use site', () => {
    assert.deepEqual(ensure(`import fs from 'node:fs';\nfunction f(context) {\n  use(context);\n}\n`, 'ts', 'context'), {
      local: 'otelContext',
      output: `import fs from 'node:fs';\nimport { context as otelContext } from '@opentelemetry/api';\nfunction f(context) {\n  use(context);\n}\n`,
    });
  });

  it('picks an aliased name when a top-level variable takes the name', () => {
    assert.deepEqual(ensure(`const context = {};\nconst api = require('other');\nuse(context);\n`, 'cjs', 'context'), {
      local: 'otelContext',
      output: `const context = {};\nconst api = require('other');\nconst { context: otelContext } = require('@opentelemetry/api');\nuse(context);\n`,
    });
  });

  it('does not reuse an import shadowed at the use site', () => {
    assert.deepEqual(ensure(`import { context } from '@opentelemetry/api';\nfunction f(context) {\n  use(context);\n}\n`, 'esm', 'context'), {
      local: 'otelContext',
      output: `import { context, context as otelContext } from '@opentelemetry/api';\nfunction f(context) {\n  use(context);\n}\n`,
    });
  });
});

describe('ensureImports()', () => {
  it('adds every missing name in one import line', () => {
    assert.deepEqual(ensureMany(`import fs from 'node:fs';\nuse(fs);\n`, 'esm', ['propagation', 'context']), {
      locals: ['propagation', 'context'],
      output: `import fs from 'node:fs';\nimport { propagation, context } from '@opentelemetry/api';\nuse(fs);\n`,
    });
  });

  it('adds only the names that are not bound yet', () => {
    assert.deepEqual(ensureMany(`const { context: ctx } = require('@opentelemetry/api');\nuse(ctx);\n`, 'cjs', ['propagation', 'context']), {
      locals: ['propagation', 'ctx'],
      output: `const { context: ctx, propagation } = require('@opentelemetry/api');\nuse(ctx);\n`,
    });
  });

  it('returns no fix when everything is bound', () => {
    assert.deepEqual(ensureMany(`import * as api from '@opentelemetry/api';\nuse(api);\n`, 'ts', ['propagation', 'context']), {
      locals: ['api.propagation', 'api.context'],
      output: `import * as api from '@opentelemetry/api';\nuse(api);\n`,
    });
  });

  it('judges the semicolon style by the first simple statement', () => {
    assert.deepEqual(ensureMany(`function f() {}\nconst a = 1\nuse(a)\n`, 'esm', ['context']), {
      locals: ['context'],
      output: `import { context } from '@opentelemetry/api'\nfunction f() {}\nconst a = 1\nuse(a)\n`,
    });
  });
});
