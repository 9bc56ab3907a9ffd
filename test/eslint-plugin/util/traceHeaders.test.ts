import * as assert from 'node:assert/strict';

import type { Dialect, ProbeContext, ProbeNode, ProbeProgram } from './probe';

import { getImportTracker } from '../../../eslint-plugin/src/util/imports';
import { traceHeaderOfAssignment, traceHeaderOfCall, traceHeaderOfName, traceHeaderOfProperty } from '../../../eslint-plugin/src/util/traceHeaders';
import { probe } from './probe';

type Loose = ProbeNode & Record<string, unknown>;

/** Every node of a program, in source order (read loosely: the plugin's AST enum is a different copy). */
function allNodes(program: ProbeProgram): Loose[] {
  const nodes: Loose[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const record = node as Loose;
    if (typeof record.type !== 'string') return;
    nodes.push(record);
    for (const [key, value] of Object.entries(record)) {
      if (key !== 'parent') visit(value);
    }
  };
  visit(program);
  return nodes.sort((a, b) => a.range[0] - b.range[0]);
}

/** Lists `header <- value source` for every site the helpers recognize in `code`. */
function sites(code: string, dialect: Dialect = 'ts'): string[] {
  return probe(code, dialect, (context: ProbeContext, program) => {
    const tracker = getImportTracker(context);
    const found: string[] = [];
    for (const node of allNodes(program)) {
      const typed = node as never;
      const type: string = node.type;
      const site =
        type === 'Property'
          ? traceHeaderOfProperty(typed)
          : type === 'AssignmentExpression'
            ? traceHeaderOfAssignment(typed)
            : type === 'CallExpression'
              ? traceHeaderOfCall(typed, tracker)
              : undefined;
      if (site !== undefined) found.push(`${site.header} <- ${context.sourceCode.getText(site.value)}`);
    }
    return found;
  });
}

describe('traceHeaderOfName()', () => {
  it('matches HTTP names in any case', () => {
    assert.equal(traceHeaderOfName('Traceparent'), 'traceparent');
    assert.equal(traceHeaderOfName('X-Amzn-Trace-Id'), 'x-amzn-trace-id');
  });

  it('matches environment-carrier spellings', () => {
    assert.equal(traceHeaderOfName('UBER_TRACE_ID'), 'uber-trace-id');
    assert.equal(traceHeaderOfName('BAGGAGE'), 'baggage');
  });

  it('rejects other names, including the B3 multi-header ones', () => {
    assert.equal(traceHeaderOfName('X-B3-TraceId'), undefined);
    assert.equal(traceHeaderOfName('traceparentHeader'), undefined);
  });
});

describe('trace header sites', () => {
  it('reads carrier object keys, quoted and unquoted', () => {
    assert.deepEqual(sites(`const headers = { traceparent: a, 'X-Amzn-Trace-Id': b, other: c };`), ['traceparent <- a', 'x-amzn-trace-id <- b']);
  });

  it('ignores header names as keys of objects that are not carriers', () => {
    assert.deepEqual(sites(`const LABELS: Record<Format, string> = { traceparent: 'W3C traceparent', b3: 'B3 single header' };`), []);
  });

  it('reads the carrier given to extract()', () => {
    assert.deepEqual(sites(`propagation.extract(ROOT_CONTEXT, { traceparent: a });\nparse({ traceparent: b });`), ['traceparent <- a']);
  });

  it('reads keys only on a header map, an environment or new Headers()', () => {
    assert.deepEqual(sites(`const config = { baggage: a };\nfetch(u, { headers: { baggage: b } });\nconst reqHeaders = { baggage: c };\nnew Headers({ baggage: d });\nspawn(x, [], { env: { BAGGAGE: e } as Env });`), [
      'baggage <- b',
      'baggage <- c',
      'baggage <- d',
      'baggage <- e',
    ]);
  });

  it('reads member assignments on carriers, including process.env', () => {
    assert.deepEqual(sites(`headers.traceparent = a;\nheaders['tracestate'] = b;\nprocess.env.TRACEPARENT = c;\nsettings.baggage = d;\nreq.headers.baggage = e;\nheaders.traceparent += f;\nspan.traceparent = g;`, 'cjs'), [
      'traceparent <- a',
      'tracestate <- b',
      'traceparent <- c',
      'baggage <- e',
    ]);
  });

  it('reads header writer calls with a literal name', () => {
    assert.deepEqual(sites(`headers.set('traceparent', a);\nres.setHeader('b3', b);\nxhr.setRequestHeader('uber-trace-id', c);\nheaders.set(name, d);\nheaders.get('traceparent');`, 'esm'), [
      'traceparent <- a',
      'b3 <- b',
      'uber-trace-id <- c',
    ]);
  });

  it('reads set() and append() only on a carrier', () => {
    assert.deepEqual(
      sites(`cache.set('baggage', a);\nreq.headers.set('baggage', b);\nres.setHeader('baggage', c);\nconst h = new Headers();\nh.append('traceparent', d);\nnames.set('traceparent', e);`, 'esm'),
      ['baggage <- b', 'baggage <- c', 'traceparent <- d'],
    );
  });

  it('ignores destructuring patterns', () => {
    assert.deepEqual(sites(`const { traceparent } = headers;`), []);
  });
});
