import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import type { OtlpSpanRecord } from '../../../shared/src/traces';
import { analyzeTraces, readOtlpJson, TraceCollector } from '../../../shared/src/traces';

const FIXTURES = join(__dirname, '../../fixtures/otlp');

function fixture(name: string): { spans: OtlpSpanRecord[]; errors: { source: string; line: number; message: string }[] } {
  return readOtlpJson(readFileSync(join(FIXTURES, name), 'utf8'), name);
}

function span(overrides: Partial<OtlpSpanRecord> & Pick<OtlpSpanRecord, 'spanId'>): OtlpSpanRecord {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    name: 'work',
    kind: 'INTERNAL',
    service: 'svc',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000001000000000',
    links: [],
    attributes: {},
    ...overrides,
  };
}

describe('readOtlpJson()', () => {
  it('reads file-exporter lines with numeric kinds, SPAN_KIND_ names and uppercase ids normalized', () => {
    const { spans, errors } = fixture('complete.jsonl');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      spans.map((s) => [s.traceId, s.spanId, s.parentSpanId, s.kind, s.service]),
      [
        ['4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7', undefined, 'SERVER', 'frontend'],
        ['4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b8', '00f067aa0ba902b7', 'CLIENT', 'frontend'],
        ['4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b9', '00f067aa0ba902b8', 'SERVER', 'backend'],
      ],
    );
    assert.deepEqual(spans[0]?.attributes, { 'http.route': '/checkout', 'http.response.status_code': 200 });
    assert.equal(spans[0].startTimeUnixNano, '1700000000000000000');
    assert.equal(spans[0].name, 'GET /checkout');
  });

  it('reads one pretty-printed OTLP/HTTP body spread over many lines', () => {
    const { spans, errors } = fixture('split.json');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      spans.map((s) => [s.spanId, s.kind, s.service]),
      [
        ['f000000000000001', 'SERVER', 'frontend'],
        ['f000000000000002', 'CLIENT', 'frontend'],
        ['f000000000000003', 'PRODUCER', 'orders'],
        ['f000000000000004', 'SERVER', 'backend'],
        ['f000000000000005', 'CONSUMER', 'billing'],
      ],
    );
  });

  it('reports malformed lines and invalid ids with their line numbers and keeps reading', () => {
    const { spans, errors } = fixture('broken.jsonl');
    assert.deepEqual(errors, [
      { source: 'broken.jsonl', line: 2, message: 'invalid JSON: Unexpected end of JSON input' },
      { source: 'broken.jsonl', line: 6, message: 'span "bad" has an invalid traceId "xyz" (32 hex digits, not all zeros)' },
      { source: 'broken.jsonl', line: 7, message: `invalid JSON: Unexpected token 'o', "not json" is not valid JSON` },
    ]);
    assert.equal(spans.length, 9);
  });

  it('returns nothing for an empty file', () => {
    assert.deepEqual(fixture('empty.jsonl'), { spans: [], errors: [] });
  });

  it('gives spans without service.name the service unknown_service', () => {
    const { spans } = fixture('broken.jsonl');
    assert.deepEqual(
      spans.filter((s) => s.traceId === '5b8efff798038103d269b633813fc60c').map((s) => s.service),
      ['unknown_service', 'unknown_service'],
    );
  });

  it('locates a syntax error inside a pretty-printed body on its own line', () => {
    const { errors } = readOtlpJson('{\n  "resourceSpans": [\n    oops\n  ]\n}\n', 'body.json');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.line, 3);
    assert.match(errors[0].message, /^invalid JSON: /);
  });

  it('rejects a line that is JSON but not an ExportTraceServiceRequest', () => {
    assert.deepEqual(readOtlpJson('{"spans":[]}', 'x').errors, [
      { source: 'x', line: 1, message: 'not an OTLP ExportTraceServiceRequest: no resourceSpans array' },
    ]);
  });

  it('accepts base64 ids as protobuf-JSON mappers write them, and string kind names without prefix', () => {
    const line = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'b64' } }] },
          scopeSpans: [{ spans: [{ traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex').toString('base64'), spanId: Buffer.from('b7ad6b7169203331', 'hex').toString('base64'), name: 'x', kind: 'CONSUMER' }] }],
        },
      ],
    });
    const { spans, errors } = readOtlpJson(line);
    assert.deepEqual(errors, []);
    assert.deepEqual([spans[0]?.traceId, spans[0]?.spanId, spans[0]?.kind], ['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 'CONSUMER']);
  });

  it('rejects an unknown numeric kind with the line number', () => {
    const line = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'x', kind: 9 }] }] }] });
    assert.deepEqual(readOtlpJson(`\n${line}`, 'k').errors, [{ source: 'k', line: 2, message: 'span "x" has an unknown kind 9 (0-5 or a SPAN_KIND_* name)' }]);
  });

  it('falls back to lines when a damaged first line is followed by whole objects', () => {
    const good = readFileSync(join(FIXTURES, 'complete.jsonl'), 'utf8');
    const { spans, errors } = readOtlpJson(`{"resourceSpans": [\n${good}`, 'd');
    assert.deepEqual(errors, [{ source: 'd', line: 1, message: 'invalid JSON: Unexpected end of JSON input' }]);
    assert.equal(spans.length, 3);
  });
});

describe('analyzeTraces()', () => {
  it('reports a whole trace across two services as complete with no problem', () => {
    const report = analyzeTraces(fixture('complete.jsonl').spans);
    assert.deepEqual(report, {
      traces: 1,
      spans: 3,
      roots: 1,
      orphanSpans: 0,
      completeness: 1,
      traceList: [{ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spans: 3, services: ['backend', 'frontend'], roots: 1, orphanSpans: 0, problems: [] }],
      splitTraces: [],
      problems: [],
    });
  });

  it('counts orphans, multiple roots, missing service.name, root CLIENT, PRODUCER without CONSUMER and duplicates', () => {
    const report = analyzeTraces(fixture('broken.jsonl').spans);
    assert.deepEqual([report.traces, report.spans, report.roots, report.orphanSpans, report.completeness], [4, 9, 5, 1, 0.5]);
    assert.deepEqual(
      report.traceList.map((t) => [t.traceId, t.roots, t.orphanSpans, t.problems.map((p) => [p.code, p.spanIds])]),
      [
        ['0af7651916cd43dd8448eb211c80319c', 1, 1, [['orphan-span', ['b000000000000002']]]],
        ['5b8efff798038103d269b633813fc60c', 2, 0, [['multiple-roots', ['c000000000000001', 'c000000000000002']], ['missing-service-name', ['c000000000000001', 'c000000000000002']]]],
        ['6e0c63257de34c92bf9efcd03927272e', 1, 0, [['root-client', ['d000000000000001']]]],
        ['7d1e9d1a1f2b4c3d8e9f0a1b2c3d4e5f', 1, 0, [['producer-without-consumer', ['e000000000000002']], ['duplicate-span', ['e000000000000003', 'e000000000000004']]]],
      ],
    );
    assert.equal(
      report.traceList[0]?.problems[0]?.message,
      'orphan INTERNAL span "render" (b000000000000002, shop): its parent deadbeefdeadbeef is not in the trace (lost or unexported parent span)',
    );
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.traces]),
      [['orphan-span', 1], ['multiple-roots', 1], ['root-client', 1], ['producer-without-consumer', 1], ['duplicate-span', 1], ['missing-service-name', 1]],
    );
  });

  it('groups an HTTP call and a PRODUCER/CONSUMER pair that each started new traces as split traces', () => {
    const report = analyzeTraces(fixture('split.json').spans);
    assert.deepEqual(report.splitTraces, [
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
      ['cccccccccccccccccccccccccccccccc', 'dddddddddddddddddddddddddddddddd'],
    ]);
    assert.equal(report.completeness, 1);
    const backend = report.traceList.find((t) => t.traceId === 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
    assert.deepEqual(backend?.problems, [
      {
        code: 'split-trace',
        message:
          'root SERVER span "GET /api/cart" (f000000000000004, backend) looks like the continuation of CLIENT span "GET" (f000000000000002, frontend) in trace aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (same path /api/cart, same server address backend, starts within its window): context was not propagated',
        spanIds: ['f000000000000004', 'f000000000000002'],
      },
    ]);
    const billing = report.traceList.find((t) => t.traceId === 'dddddddddddddddddddddddddddddddd');
    assert.deepEqual(billing?.problems.map((p) => p.code), ['consumer-root', 'split-trace']);
    assert.match(billing.problems[1]?.message ?? '', /same messaging\.destination\.name orders\.created, starts 1990 ms after it/);
    const orders = report.traceList.find((t) => t.traceId === 'cccccccccccccccccccccccccccccccc');
    assert.deepEqual(orders?.problems.map((p) => p.code), ['root-producer', 'producer-without-consumer', 'split-trace']);
  });

  it('does not group a root SERVER of the same service, nor one whose path differs', () => {
    const client = span({ traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', spanId: '1000000000000001', kind: 'CLIENT', service: 'a', attributes: { 'url.full': 'http://b/x' } });
    const sameService = span({ traceId: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', spanId: '1000000000000002', kind: 'SERVER', service: 'a', attributes: { 'url.path': '/x' } });
    const otherPath = span({ traceId: 'cccccccccccccccccccccccccccccccc', spanId: '1000000000000003', kind: 'SERVER', service: 'c', attributes: { 'url.path': '/y', 'server.address': 'b' } });
    assert.deepEqual(analyzeTraces([client, sameService, otherPath]).splitTraces, []);
  });

  it('does not group a root SERVER that starts outside the CLIENT span window', () => {
    const client = span({ traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', spanId: '1000000000000001', kind: 'CLIENT', service: 'a', attributes: { 'http.url': 'http://b/x' } });
    const late = span({ traceId: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', spanId: '1000000000000002', kind: 'SERVER', service: 'b', startTimeUnixNano: '1700000005000000000', endTimeUnixNano: '1700000006000000000', attributes: { 'http.target': '/x?q=1' } });
    assert.deepEqual(analyzeTraces([client, late]).splitTraces, []);
    const inWindow = { ...late, startTimeUnixNano: '1700000000500000000' };
    assert.deepEqual(analyzeTraces([client, inWindow]).splitTraces, [['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb']]);
  });

  it('accepts a CONSUMER root that links to its producer and a PRODUCER whose trace is linked to', () => {
    const producer = span({ traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', spanId: '1000000000000001', kind: 'SERVER' });
    const send = span({ traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', spanId: '1000000000000002', parentSpanId: '1000000000000001', kind: 'PRODUCER' });
    const consumer = span({ traceId: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', spanId: '1000000000000003', kind: 'CONSUMER', links: [{ traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', spanId: '1000000000000002' }] });
    const report = analyzeTraces([producer, send, consumer]);
    assert.deepEqual(report.traceList.map((t) => t.problems), [[], []]);
    assert.equal(report.completeness, 1);
  });

  it('accepts a PRODUCER whose CONSUMER is in the same trace', () => {
    const send = span({ spanId: '1000000000000001', kind: 'SERVER' });
    const produce = span({ spanId: '1000000000000002', parentSpanId: '1000000000000001', kind: 'PRODUCER' });
    const consume = span({ spanId: '1000000000000003', parentSpanId: '1000000000000002', kind: 'CONSUMER', service: 'other' });
    assert.deepEqual(analyzeTraces([send, produce, consume]).traceList[0]?.problems, []);
  });

  it('flags an identical span nested in itself as double instrumentation', () => {
    const outer = span({ spanId: '1000000000000001', kind: 'SERVER', name: 'GET /' });
    const inner = span({ spanId: '1000000000000002', parentSpanId: '1000000000000001', kind: 'SERVER', name: 'GET /', startTimeUnixNano: '1700000000000050000' });
    assert.deepEqual(analyzeTraces([outer, inner]).traceList[0]?.problems, [
      { code: 'duplicate-span', message: 'SERVER span "GET /" (1000000000000002, svc) is nested in an identical span: double instrumentation', spanIds: ['1000000000000001', '1000000000000002'] },
    ]);
  });

  it('flags siblings a few milliseconds apart, as two copies of one instrumentation end up under load', () => {
    const root = span({ spanId: '1000000000000001', kind: 'SERVER' });
    const a = span({ spanId: '1000000000000002', parentSpanId: '1000000000000001', kind: 'CLIENT', name: 'GET', startTimeUnixNano: '1700000000100000000', endTimeUnixNano: '1700000000200000000' });
    const b = span({ spanId: '1000000000000003', parentSpanId: '1000000000000001', kind: 'CLIENT', name: 'GET', startTimeUnixNano: '1700000000103000000', endTimeUnixNano: '1700000000202500000' });
    assert.deepEqual(
      analyzeTraces([root, a, b]).traceList[0]?.problems.map((problem) => [problem.code, problem.spanIds]),
      [['duplicate-span', ['1000000000000002', '1000000000000003']]],
    );
  });

  it('does not flag siblings of the same name whose timings differ by more than 5 ms', () => {
    const root = span({ spanId: '1000000000000001', kind: 'SERVER' });
    const a = span({ spanId: '1000000000000002', parentSpanId: '1000000000000001', name: 'q', startTimeUnixNano: '1700000000100000000', endTimeUnixNano: '1700000000200000000' });
    const b = span({ spanId: '1000000000000003', parentSpanId: '1000000000000001', name: 'q', startTimeUnixNano: '1700000000106000000', endTimeUnixNano: '1700000000200000000' });
    assert.deepEqual(analyzeTraces([root, a, b]).traceList[0]?.problems, []);
  });

  it('flags a span id exported twice and counts the span once', () => {
    const root = span({ spanId: '1000000000000001', kind: 'SERVER' });
    const trace = analyzeTraces([root, root]).traceList[0];
    assert.deepEqual([trace?.spans, trace?.roots], [1, 1]);
    assert.deepEqual(trace?.problems, [{ code: 'duplicate-span-id', message: 'span id exported more than once: 1000000000000001', spanIds: ['1000000000000001'] }]);
  });

  it('reports completeness 0 and a no-spans problem for no input', () => {
    assert.deepEqual(analyzeTraces([]), {
      traces: 0,
      spans: 0,
      roots: 0,
      orphanSpans: 0,
      completeness: 0,
      traceList: [],
      splitTraces: [],
      problems: [{ code: 'no-spans', message: 'no spans found', traces: 0 }],
    });
  });
});

describe('TraceCollector', () => {
  it('reports again after more spans arrive, turning an orphan into a child', () => {
    const collector = new TraceCollector();
    collector.add(span({ spanId: '1000000000000002', parentSpanId: '1000000000000001' }));
    assert.deepEqual([collector.report().orphanSpans, collector.report().completeness], [1, 0]);
    collector.add(span({ spanId: '1000000000000001', kind: 'SERVER' }));
    const report = collector.report();
    assert.deepEqual([report.orphanSpans, report.roots, report.completeness], [0, 1, 1]);
  });
});
