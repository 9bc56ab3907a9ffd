import assert from 'node:assert/strict';
import type { TraceContextMatch } from '../../shared/src/scanner';
import { findTraceContexts } from '../../shared/src/scanner';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TP = `00-${TRACE_ID}-${SPAN_ID}-01`;
const B3 = '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90';
const XRAY = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

interface Span {
  format: string;
  start: number;
  end: number;
  value: string;
  name?: string;
  nameStart?: number;
}

/** The positional part of each match, for exact comparison. */
function spans(matches: readonly TraceContextMatch[]): Span[] {
  return matches.map((m) => ({
    format: m.format,
    start: m.start,
    end: m.end,
    value: m.value,
    ...(m.name === undefined ? {} : { name: m.name, nameStart: m.nameStart }),
  }));
}

/** The expected span of `value` (its first occurrence at or after `from`), named by `name` when given. */
function at(text: string, format: string, value: string, name?: string, from = 0): Span {
  const start = text.indexOf(value, from);
  assert.ok(start >= 0, `test bug: ${value} not in text`);
  if (name === undefined) return { format, start, end: start + value.length, value };
  const nameStart = text.lastIndexOf(name, start);
  assert.ok(nameStart >= 0, `test bug: ${name} not before ${value}`);
  return { format, start, end: start + value.length, value, name, nameStart };
}

describe('findTraceContexts()', () => {
  describe('header lines', () => {
    it('finds a traceparent header line with exact offsets', () => {
      const text = `traceparent: ${TP}`;
      const [match] = findTraceContexts(text);
      assert.deepEqual(spans([match!]), [{ format: 'traceparent', start: 13, end: 68, value: TP, name: 'traceparent', nameStart: 0 }]);
      assert.equal(match!.decoded.valid, true);
      assert.equal(match!.decoded.traceId, TRACE_ID);
      assert.equal(match!.decoded.spanId, SPAN_ID);
    });

    it('matches header names in any case', () => {
      const text = `TraceParent:${TP}\r\nTRACESTATE: congo=t61rcWkgMzE\r\n`;
      assert.deepEqual(spans(findTraceContexts(text)), [
        at(text, 'traceparent', TP, 'TraceParent'),
        at(text, 'tracestate', 'congo=t61rcWkgMzE', 'TRACESTATE'),
      ]);
    });

    it('decodes tracestate together with the traceparent of its block', () => {
      const text = `traceparent: ${TP}\ntracestate: congo=t61rcWkgMzE, rojo=00f067aa0ba902b7\n`;
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [
        at(text, 'traceparent', TP, 'traceparent'),
        at(text, 'tracestate', 'congo=t61rcWkgMzE, rojo=00f067aa0ba902b7', 'tracestate'),
      ]);
      const [tp, ts] = matches;
      assert.equal(ts!.decoded, tp!.decoded);
      assert.equal(tp!.decoded.format, 'traceparent');
      assert.deepEqual(
        tp!.decoded.members?.map((m) => [m.key, m.value]),
        [
          ['congo', 't61rcWkgMzE'],
          ['rojo', '00f067aa0ba902b7'],
        ],
      );
    });

    it('decodes a tracestate without traceparent on its own', () => {
      const text = 'tracestate: congo=t61rcWkgMzE';
      const [match] = findTraceContexts(text);
      assert.equal(match!.format, 'tracestate');
      assert.equal(match!.decoded.format, 'tracestate');
      assert.equal(match!.decoded.valid, true);
    });

    it('keeps a baggage value with spaces up to the end of the line, without trailing whitespace', () => {
      const text = 'baggage: userId=alice, serverNode=DF%2028;p=1   \r\nnext: 1';
      const [match] = findTraceContexts(text);
      assert.deepEqual(spans([match!]), [at(text, 'baggage', 'userId=alice, serverNode=DF%2028;p=1', 'baggage')]);
      assert.equal(match!.decoded.valid, true);
      assert.deepEqual(
        match!.decoded.members?.map((m) => [m.key, m.value]),
        [
          ['userId', 'alice'],
          ['serverNode', 'DF 28'],
        ],
      );
    });

    it('finds a b3 single header', () => {
      const text = `b3: ${B3}`;
      const [match] = findTraceContexts(text);
      assert.deepEqual(spans([match!]), [{ format: 'b3', start: 4, end: 4 + B3.length, value: B3, name: 'b3', nameStart: 0 }]);
      assert.equal(match!.decoded.parentSpanId, '05e3ac9a4f6e3b90');
    });

    it('decodes X-B3-* lines of one block together and separates blocks at a blank line', () => {
      const text = [
        'X-B3-TraceId: 80f198ee56343ba864fe8b2a57d3eff7',
        'X-B3-ParentSpanId: 05e3ac9a4f6e3b90',
        'X-B3-SpanId: e457b5a2e4d86bd1',
        'X-B3-Sampled: 1',
        'X-B3-Flags: 0',
        '',
        'x-b3-traceid: 463ac35c9f6413ad',
        'x-b3-spanid: a2fb4a1d1a96d312',
      ].join('\n');
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [
        at(text, 'b3multi', '80f198ee56343ba864fe8b2a57d3eff7', 'X-B3-TraceId'),
        at(text, 'b3multi', '05e3ac9a4f6e3b90', 'X-B3-ParentSpanId'),
        at(text, 'b3multi', 'e457b5a2e4d86bd1', 'X-B3-SpanId'),
        at(text, 'b3multi', '1', 'X-B3-Sampled', text.indexOf('X-B3-Sampled')),
        at(text, 'b3multi', '0', 'X-B3-Flags', text.indexOf('X-B3-Flags')),
        at(text, 'b3multi', '463ac35c9f6413ad', 'x-b3-traceid'),
        at(text, 'b3multi', 'a2fb4a1d1a96d312', 'x-b3-spanid'),
      ]);
      const first = matches[0]!.decoded;
      assert.ok(matches.slice(0, 5).every((m) => m.decoded === first));
      assert.equal(first.valid, true);
      assert.equal(first.traceId, '80f198ee56343ba864fe8b2a57d3eff7');
      assert.equal(first.spanId, 'e457b5a2e4d86bd1');
      assert.equal(first.parentSpanId, '05e3ac9a4f6e3b90');
      assert.equal(first.sampled, true);
      const second = matches[5]!.decoded;
      assert.equal(matches[6]!.decoded, second);
      assert.equal(second.traceId, '0000000000000000463ac35c9f6413ad');
      assert.equal(second.spanId, 'a2fb4a1d1a96d312');
    });

    it('keeps other headers between block members in the same block', () => {
      const text = 'X-B3-TraceId: 463ac35c9f6413ad\nHost: example.com\nX-B3-SpanId: a2fb4a1d1a96d312\n';
      const matches = findTraceContexts(text);
      assert.equal(matches.length, 2);
      assert.equal(matches[0]!.decoded, matches[1]!.decoded);
      assert.equal(matches[0]!.decoded.valid, true);
    });

    it('starts a new block when a single-valued name repeats', () => {
      const other = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`;
      const text = `traceparent: ${TP}\ntraceparent: ${other}\ntracestate: k=v\n`;
      const matches = findTraceContexts(text);
      assert.deepEqual(
        matches.map((m) => m.decoded.traceId),
        [TRACE_ID, 'a'.repeat(32), 'a'.repeat(32)],
      );
      assert.equal(matches[1]!.decoded, matches[2]!.decoded);
      assert.equal(matches[0]!.decoded.members, undefined);
    });

    it('decodes uber-trace-id with the uberctx-* baggage of its block', () => {
      const text = 'uber-trace-id: 4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1\nuberctx-user-id: alice%20b\n';
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [
        at(text, 'jaeger', '4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1', 'uber-trace-id'),
        at(text, 'jaeger', 'alice%20b', 'uberctx-user-id'),
      ]);
      const decoded = matches[0]!.decoded;
      assert.equal(matches[1]!.decoded, decoded);
      assert.equal(decoded.valid, true);
      assert.equal(decoded.sampled, true);
      assert.deepEqual(
        decoded.members?.map((m) => [m.key, m.value]),
        [['user-id', 'alice b']],
      );
    });

    it('reports uberctx-* baggage without uber-trace-id as Jaeger members', () => {
      const text = 'uberctx-tenant: acme';
      const [match] = findTraceContexts(text);
      assert.deepEqual(spans([match!]), [at(text, 'jaeger', 'acme', 'uberctx-tenant')]);
      assert.deepEqual(match!.decoded.members, [{ key: 'tenant', value: 'acme', bytes: 18 }]);
    });

    it('finds X-Amzn-Trace-Id with all its fields', () => {
      const text = `X-Amzn-Trace-Id: ${XRAY}\n`;
      const [match] = findTraceContexts(text);
      assert.deepEqual(spans([match!]), [{ format: 'xray', start: 17, end: 17 + XRAY.length, value: XRAY, name: 'X-Amzn-Trace-Id', nameStart: 0 }]);
      assert.equal(match!.decoded.valid, true);
      assert.equal(match!.decoded.spanId, '53995c3f42cd8ad8');
    });

    it('decodes the x-datadog-* headers of a block together', () => {
      const text = 'x-datadog-trace-id: 1234567890123456789\nx-datadog-parent-id: 987654321\nx-datadog-sampling-priority: 1\nx-datadog-tags: _dd.p.tid=640cfd8d00000000,_dd.p.dm=-1\n';
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [
        at(text, 'datadog', '1234567890123456789', 'x-datadog-trace-id'),
        at(text, 'datadog', '987654321', 'x-datadog-parent-id'),
        at(text, 'datadog', '1', 'x-datadog-sampling-priority', text.indexOf('x-datadog-sampling-priority')),
        at(text, 'datadog', '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-1', 'x-datadog-tags'),
      ]);
      const decoded = matches[0]!.decoded;
      assert.ok(matches.every((m) => m.decoded === decoded));
      assert.equal(decoded.valid, true);
      assert.equal(decoded.traceId, '640cfd8d00000000112210f47de98115');
      assert.equal(decoded.sampled, true);
    });

    it('returns a named invalid value with its errors', () => {
      const text = 'traceparent: 00-xyz-01';
      const [match] = findTraceContexts(text);
      assert.deepEqual(spans([match!]), [at(text, 'traceparent', '00-xyz-01', 'traceparent')]);
      assert.equal(match!.decoded.valid, false);
      assert.ok(match!.decoded.errors.length > 0);
    });

    it('finds headers in an .http file request', () => {
      const text = `### get cart\nGET https://shop.example/cart HTTP/1.1\ntraceparent: ${TP}\nbaggage: userId=alice\n\n{"ok": true}\n`;
      assert.deepEqual(spans(findTraceContexts(text)), [
        at(text, 'traceparent', TP, 'traceparent'),
        at(text, 'baggage', 'userId=alice', 'baggage'),
      ]);
    });

    it('finds headers of a curl -v dump behind the > prefix', () => {
      const text = `> GET / HTTP/1.1\n> traceparent: ${TP}\n> tracestate: k=v\n>\n`;
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [at(text, 'traceparent', TP, 'traceparent'), at(text, 'tracestate', 'k=v', 'tracestate')]);
      assert.equal(matches[1]!.decoded.format, 'traceparent');
    });
  });

  describe('JSON, YAML and code', () => {
    it('finds JSON fields on one log line and groups them', () => {
      const text = `{"level":"info","traceparent":"${TP}","tracestate":"congo=t61rcWkgMzE","b3":"${B3}"}`;
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [
        at(text, 'traceparent', TP, 'traceparent'),
        at(text, 'tracestate', 'congo=t61rcWkgMzE', 'tracestate'),
        at(text, 'b3', B3, 'b3'),
      ]);
      assert.equal(matches[1]!.decoded, matches[0]!.decoded);
    });

    it('does not group values of consecutive JSON log lines', () => {
      const text = `{"traceparent":"${TP}"}\n{"tracestate":"k=v"}\n`;
      const matches = findTraceContexts(text);
      assert.equal(matches.length, 2);
      assert.equal(matches[0]!.decoded.members, undefined);
      assert.equal(matches[1]!.decoded.format, 'tracestate');
    });

    it('groups the fields of one pretty-printed JSON object but not of the next', () => {
      const text = `[\n  {\n    "traceparent": "${TP}",\n    "tracestate": "a=1"\n  },\n  {\n    "tracestate": "b=2"\n  }\n]\n`;
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [
        at(text, 'traceparent', TP, 'traceparent'),
        at(text, 'tracestate', 'a=1', 'tracestate'),
        at(text, 'tracestate', 'b=2', 'tracestate'),
      ]);
      assert.equal(matches[1]!.decoded, matches[0]!.decoded);
      assert.equal(matches[2]!.decoded.format, 'tracestate');
    });

    it('finds YAML keys with quoted and unquoted values', () => {
      const text = `headers:\n  traceparent: "${TP}"\n  'b3': '${B3}'\n  baggage: userId=alice, tier=gold\n`;
      assert.deepEqual(spans(findTraceContexts(text)), [
        at(text, 'traceparent', TP, 'traceparent'),
        at(text, 'b3', B3, 'b3'),
        at(text, 'baggage', 'userId=alice, tier=gold', 'baggage'),
      ]);
    });

    it('finds values in JS object literals, element assignments and argument pairs', () => {
      const text = [
        `const headers = { traceparent: '${TP}', 'X-B3-Sampled': "1" };`,
        `headers['b3'] = \`${B3}\`;`,
        `request.headers.set('tracestate', 'k=v');`,
        `$headers = ['baggage' => 'a=1'];`,
      ].join('\n');
      assert.deepEqual(spans(findTraceContexts(text)), [
        at(text, 'traceparent', TP, 'traceparent'),
        at(text, 'b3multi', '1', 'X-B3-Sampled', text.indexOf('X-B3-Sampled')),
        at(text, 'b3', B3, 'b3'),
        at(text, 'tracestate', 'k=v', 'tracestate'),
        at(text, 'baggage', 'a=1', 'baggage'),
      ]);
    });

    it('finds values in HAR-style name/value records, and not the key that follows a name', () => {
      const text = `"headers": [{"name": "traceparent", "value": "${TP}"}, {"name": "b3", "comment": "x"}]`;
      assert.deepEqual(spans(findTraceContexts(text)), [at(text, 'traceparent', TP, 'traceparent')]);
    });

    it('skips unquoted values that are code', () => {
      const text = [
        'interface Carrier { traceparent: string; tracestate?: string; baggage: string | undefined }',
        'const h = { traceparent: tp, b3: span.b3(), tracestate: ts[0] };',
        "const t = { traceparent: `00-${traceId}-${spanId}-01` };",
        'if (traceparent === x) {}',
        'function parseTraceParent(traceParent) {}',
      ].join('\n');
      assert.deepEqual(findTraceContexts(text), []);
    });

    it('skips names used as values, placeholders, prose and variables', () => {
      const text = [
        "export const KEYS = ['traceparent', 'tracestate', 'baggage'] as const;",
        "const found = { traceparent: tp, b3 };",
        "issue('baggage', 'baggage must contain at least one list-member');",
        '// Versioning of traceparent: a newer version may append fields.',
        '{"traceparent": "{{traceparent}}", "b3": "…", "baggage": "${BAGGAGE}", "tracestate": "<tracestate>"}',
        '`X-B3-Flags: 1` (debug) implies `X-B3-Sampled: 1`',
      ].join('\n');
      assert.deepEqual(
        spans(findTraceContexts(text)).map((s) => [s.name, s.value]),
        [
          ['X-B3-Flags', '1'],
          ['X-B3-Sampled', '1'],
        ],
      );
    });

    it('finds a header line inside one string, as curl -H takes it', () => {
      const text = `curl -H 'traceparent: ${TP}' -H "baggage: a=1, b=2" https://example.com`;
      assert.deepEqual(spans(findTraceContexts(text)), [
        at(text, 'traceparent', TP, 'traceparent'),
        at(text, 'baggage', 'a=1, b=2', 'baggage'),
      ]);
    });

    it('ends a header line inside a string at an escaped line break and reads the next one', () => {
      const text = "printf 'X-B3-TraceId: 463ac35c9f6413ad\\nX-B3-SpanId: a2fb4a1d1a96d312\\n' | otel-propagation decode -";
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [
        at(text, 'b3multi', '463ac35c9f6413ad', 'X-B3-TraceId'),
        at(text, 'b3multi', 'a2fb4a1d1a96d312', 'X-B3-SpanId'),
      ]);
      assert.equal(matches[0]!.decoded, matches[1]!.decoded);
      assert.equal(matches[0]!.decoded.valid, true);
    });

    it('still finds a bare id after a rejected word in a header string', () => {
      const text = `"traceparent: see ${TP}"`;
      assert.deepEqual(spans(findTraceContexts(text)), [at(text, 'traceparent', TP)]);
    });

    it('groups curl -H header lines across continuation lines', () => {
      const text = `curl https://example.com \\\n  -H 'traceparent: ${TP}' \\\n  -H 'tracestate: k=v'\n`;
      const matches = findTraceContexts(text);
      assert.equal(matches.length, 2);
      assert.equal(matches[1]!.decoded, matches[0]!.decoded);
    });
  });

  describe('query strings and env assignments', () => {
    it('finds query parameters with offsets on the raw text and decodes the percent-decoded value', () => {
      const text = `GET /cart?page=2&traceparent=${TP}&baggage=userId%3Dalice%2Ctier%3Dgold#top HTTP/1.1`;
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [
        at(text, 'traceparent', TP, 'traceparent'),
        at(text, 'baggage', 'userId%3Dalice%2Ctier%3Dgold', 'baggage'),
      ]);
      assert.deepEqual(
        matches[1]!.decoded.members?.map((m) => [m.key, m.value]),
        [
          ['userId', 'alice'],
          ['tier', 'gold'],
        ],
      );
    });

    it('finds env assignments, exported and quoted, in the env-carrier names', () => {
      const text = `export TRACEPARENT="${TP}"\nTRACESTATE=k=v\nBAGGAGE=userId=alice, tier=gold\n\nX_B3_TRACEID=463ac35c9f6413ad\nX_B3_SPANID=a2fb4a1d1a96d312\n`;
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [
        at(text, 'traceparent', TP, 'TRACEPARENT'),
        at(text, 'tracestate', 'k=v', 'TRACESTATE'),
        at(text, 'baggage', 'userId=alice, tier=gold', 'BAGGAGE'),
        at(text, 'b3multi', '463ac35c9f6413ad', 'X_B3_TRACEID'),
        at(text, 'b3multi', 'a2fb4a1d1a96d312', 'X_B3_SPANID'),
      ]);
      assert.equal(matches[1]!.decoded, matches[0]!.decoded);
      assert.equal(matches[3]!.decoded, matches[4]!.decoded);
      assert.equal(matches[3]!.decoded.valid, true);
    });

    it('ends list values before a YAML or env comment', () => {
      const text = 'BAGGAGE=userId=alice, tier=gold # set by the load test\nbaggage: a=1 #note\n';
      assert.deepEqual(spans(findTraceContexts(text)), [
        at(text, 'baggage', 'userId=alice, tier=gold', 'BAGGAGE'),
        at(text, 'baggage', 'a=1', 'baggage'),
      ]);
    });

    it('ends an unquoted logfmt or shell value at whitespace', () => {
      const text = `level=info traceparent=${TP} msg=sent\nTRACEPARENT=${TP} node app.js`;
      assert.deepEqual(spans(findTraceContexts(text)), [
        at(text, 'traceparent', TP, 'traceparent'),
        at(text, 'traceparent', TP, 'TRACEPARENT', text.indexOf('TRACEPARENT')),
      ]);
    });

    it('finds a command-line flag value', () => {
      const text = `otel-cli exec --traceparent=${TP} -- ls`;
      assert.deepEqual(spans(findTraceContexts(text)), [at(text, 'traceparent', TP, 'traceparent')]);
    });
  });

  describe('bare tokens', () => {
    it('finds a bare traceparent in prose and a log line', () => {
      const text = `request ${TP} failed\n[${TP.toUpperCase()}]`;
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [at(text, 'traceparent', TP), at(text, 'traceparent', TP.toUpperCase())]);
      assert.equal(matches[0]!.decoded.valid, true);
      // Right shape, wrong case: returned, and the decoder says why it is invalid.
      assert.equal(matches[1]!.decoded.valid, false);
    });

    it('does not find traceparent-shaped text inside a longer token', () => {
      const text = `x${TP} ${TP}-extra ${TP}_1 0${TP}`;
      assert.deepEqual(findTraceContexts(text), []);
    });

    it('finds bare B3 single values only with their sampling field', () => {
      const text = [
        '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1',
        'a3ce929d0e0e4736-00f067aa0ba902b7-d',
        B3,
        '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1',
        '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-2',
      ].join(' ');
      const matches = findTraceContexts(text);
      assert.deepEqual(spans(matches), [
        at(text, 'b3', '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1'),
        at(text, 'b3', 'a3ce929d0e0e4736-00f067aa0ba902b7-d'),
        at(text, 'b3', B3),
      ]);
      assert.equal(matches[1]!.decoded.debug, true);
    });

    it('does not take UUIDs for trace context', () => {
      assert.deepEqual(findTraceContexts('id=3fa85f64-5717-4562-b3fc-2c963f66afa6 uuid 123e4567e89b12d3a456426614174000'), []);
    });

    it('finds X-Ray Root= values with their fields and bare X-Ray ids', () => {
      const text = `trace "${XRAY}" and ${XRAY}. id 1-5759e988-bd862e3fe1be46a994272793, Root=bogus`;
      const matches = findTraceContexts(text);
      const second = text.indexOf(XRAY) + XRAY.length;
      assert.deepEqual(spans(matches), [
        at(text, 'xray', XRAY),
        at(text, 'xray', XRAY, undefined, second),
        at(text, 'xray', '1-5759e988-bd862e3fe1be46a994272793', undefined, second + XRAY.length),
      ]);
      assert.equal(matches[2]!.decoded.traceId, '5759e988bd862e3fe1be46a994272793');
    });

    it('finds Jaeger ids only under a Jaeger name', () => {
      const text = 'at 4bf92f3577b34da6:00f067aa0ba902b7:0:1\nUBER_TRACE_ID=4bf92f3577b34da6:00f067aa0ba902b7:0:1\n';
      assert.deepEqual(spans(findTraceContexts(text)), [
        at(text, 'jaeger', '4bf92f3577b34da6:00f067aa0ba902b7:0:1', 'UBER_TRACE_ID', text.indexOf('UBER_TRACE_ID')),
      ]);
    });

    it('returns bare tokens sorted between named values of a block', () => {
      const text = `traceparent: ${TP}\nx-request-id: ${B3}\ntracestate: k=v\n`;
      const matches = findTraceContexts(text);
      assert.deepEqual(
        spans(matches).map((s) => s.format),
        ['traceparent', 'b3', 'tracestate'],
      );
      assert.equal(matches[2]!.decoded, matches[0]!.decoded);
    });
  });

  describe('options and edge cases', () => {
    it('stops after maxResults values', () => {
      const text = `${TP}\n${TP}\n${TP}\n`;
      assert.equal(findTraceContexts(text, { maxResults: 2 }).length, 2);
      assert.equal(findTraceContexts(text, { maxResults: 0 }).length, 0);
      assert.equal(findTraceContexts(text).length, 3);
    });

    it('returns nothing for empty text or text without trace context', () => {
      assert.deepEqual(findTraceContexts(''), []);
      assert.deepEqual(findTraceContexts('trace: none here; b3 is a vitamin-ish name; baggage claim 4'), []);
    });

    it('skips a name whose value is empty and reads the next name', () => {
      const text = `traceparent:\ntracestate: tracestate: k=v`;
      assert.deepEqual(spans(findTraceContexts(text)), [{ format: 'tracestate', start: 37, end: 40, value: 'k=v', name: 'tracestate', nameStart: 25 }]);
    });

    it('reports offsets in UTF-16 code units after astral characters', () => {
      const text = `🚀🚀 traceparent: ${TP}`;
      const [match] = findTraceContexts(text);
      assert.equal(match!.start, 18);
      assert.equal(text.slice(match!.start, match!.end), TP);
    });
  });

  describe('hostile input', () => {
    it('handles 1 MB of dashes', () => {
      assert.deepEqual(findTraceContexts('-'.repeat(1 << 20)), []);
    });

    it('handles 1 MB of 0-0-0-', () => {
      assert.deepEqual(findTraceContexts('0-'.repeat(1 << 19)), []);
    });

    it('handles 1 MB of hex digits followed by a traceparent', () => {
      const text = `${'a'.repeat(1 << 20)} ${TP}`;
      assert.deepEqual(spans(findTraceContexts(text)), [at(text, 'traceparent', TP)]);
    });

    it('handles traceparent: repeated 100k times without values', () => {
      assert.deepEqual(findTraceContexts('traceparent:'.repeat(100_000)), []);
      assert.deepEqual(findTraceContexts('traceparent: '.repeat(100_000)), []);
      // Each key's opening value quote is closed by the next key's opening quote: 99,999 empty (invalid) values.
      const quoted = findTraceContexts('"traceparent": "'.repeat(100_000));
      assert.equal(quoted.length, 99_999);
      assert.ok(quoted.every((m, i) => m.value === '' && m.start === i * 16 + 16 && !m.decoded.valid));
    });

    it('handles unterminated quotes on a 1 MB line', () => {
      const text = `traceparent: '${'x '.repeat(500_000)}\n'tracestate: k=v'`;
      assert.deepEqual(spans(findTraceContexts(text)), [at(text, 'tracestate', 'k=v', 'tracestate')]);
    });

    it('handles traceparent header lines repeated 100k times', () => {
      const matches = findTraceContexts(`traceparent: ${TP}\n`.repeat(100_000));
      assert.equal(matches.length, 100_000);
      assert.equal(matches[99_999]!.start, 99_999 * 69 + 13);
      assert.ok(matches.every((m) => m.value === TP && m.decoded.valid));
    });

    it('handles a 1 MB single line of JSON entries', () => {
      const entry = `{"traceparent":"${TP}","msg":"ok"},`;
      const count = Math.ceil((1 << 20) / entry.length);
      const matches = findTraceContexts(entry.repeat(count));
      assert.equal(matches.length, count);
      assert.equal(matches[count - 1]!.start, (count - 1) * entry.length + 16);
    });

    it('handles binary bytes around a traceparent', () => {
      let binary = '';
      for (let i = 0; i < 1 << 16; i++) binary += String.fromCharCode((i * 7919) % 256);
      const text = `${binary}\ntraceparent: ${TP}\n${binary}`;
      const found = spans(findTraceContexts(text)).filter((s) => s.value === TP);
      assert.deepEqual(found, [at(text, 'traceparent', TP, 'traceparent')]);
    });
  });
});
