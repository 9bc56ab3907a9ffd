import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TRACE_CONTEXT_FORMATS } from '../../shared/src/decoded';
import { findTraceContexts } from '../../shared/src/scanner';

const SEED = 20_261_121;
const RUNS = 200;

const lowerHex = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...Array.from('0123456789abcdef')), minLength: length, maxLength: length });

const traceparent = fc
  .tuple(lowerHex(32), lowerHex(16), fc.constantFrom('00', '01'))
  .map(([traceId, spanId, flags]) => `00-${traceId}-${spanId}-${flags}`);
const b3 = fc
  .tuple(fc.oneof(lowerHex(16), lowerHex(32)), lowerHex(16), fc.constantFrom('0', '1', 'd'), fc.option(lowerHex(16), { nil: undefined }))
  .map(([traceId, spanId, sampling, parent]) => `${traceId}-${spanId}-${sampling}${parent === undefined ? '' : `-${parent}`}`);
const xrayId = fc.tuple(lowerHex(8), lowerHex(24)).map(([time, random]) => `1-${time}-${random}`);
const xrayRoot = fc
  .tuple(xrayId, lowerHex(16), fc.constantFrom('0', '1'))
  .map(([id, parent, sampled]) => `Root=${id};Parent=${parent};Sampled=${sampled}`);

/** A bare value the scanner must find on its own, with the format it reports. */
const bareValue = fc.oneof(
  traceparent.map((value) => ({ value, format: 'traceparent' })),
  b3.map((value) => ({ value, format: 'b3' })),
  xrayId.map((value) => ({ value, format: 'xray' })),
  xrayRoot.map((value) => ({ value, format: 'xray' })),
);

/**
 * Filler that cannot join an embedded value into a longer token or put a name in front of it: no `t`, `r`, `u`,
 * `g`, `z` or `3`, so no keyword (trace, bagg, b3, uber, amzn, datad, Root) can form, but hex runs, dashes,
 * quotes, separators and braces all can.
 */
const filler = fc.string({ unit: fc.constantFrom(...Array.from('abcdefxyABCDEF0124567890-_:=;,.&?"\'{}[]() \t\n')), maxLength: 40 });

/** A named value written in one of the syntaxes the scanner reads. */
const namedValue = fc.oneof(
  traceparent.map((value) => ({ name: 'traceparent', value, format: 'traceparent' })),
  b3.map((value) => ({ name: 'b3', value, format: 'b3' })),
  xrayRoot.map((value) => ({ name: 'X-Amzn-Trace-Id', value, format: 'xray' })),
  fc.constantFrom('k=v', 'congo=t61rcWkgMzE', 'a=1,b@vendor=2').map((value) => ({ name: 'tracestate', value, format: 'tracestate' })),
  fc.constantFrom('userId=alice', 'a=1;p', 'serverNode=DF%2028').map((value) => ({ name: 'baggage', value, format: 'baggage' })),
  lowerHex(16).map((value) => ({ name: 'X-B3-SpanId', value, format: 'b3multi' })),
  fc.bigInt({ min: 1n, max: 2n ** 63n }).map((id) => ({ name: 'x-datadog-trace-id', value: id.toString(), format: 'datadog' })),
);
const syntax = fc.constantFrom(
  (name: string, value: string) => ({ line: `${name}: ${value}`, prefix: `${name}: ` }),
  (name: string, value: string) => ({ line: `"${name}": "${value}",`, prefix: `"${name}": "` }),
  (name: string, value: string) => ({ line: `  ${name}: '${value}'`, prefix: `  ${name}: '` }),
  (name: string, value: string) => ({ line: `export ${name.toUpperCase().replace(/-/g, '_')}="${value}"`, prefix: `export ${name.toUpperCase().replace(/-/g, '_')}="` }),
  (name: string, value: string) => ({ line: `-H '${name}: ${value}' \\`, prefix: `-H '${name}: ` }),
);

describe('findTraceContexts() properties', () => {
  it('finds every bare value embedded in random text, at its exact offsets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, bareValue), { minLength: 1, maxLength: 8 }), filler, (pieces, tail) => {
        let text = '';
        const expected: { start: number; value: string; format: string }[] = [];
        for (const [before, { value, format }] of pieces) {
          text += `${before} `;
          expected.push({ start: text.length, value, format });
          text += `${value} `;
        }
        text += tail;
        const matches = findTraceContexts(text);
        for (const { start, value, format } of expected) {
          const match = matches.find((m) => m.start === start);
          assert.ok(match, `${value} at ${String(start)} not found in ${JSON.stringify(text)}`);
          assert.equal(match.end, start + value.length);
          assert.equal(match.value, value);
          assert.equal(match.format, format);
          assert.equal(match.decoded.valid, true);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('finds every named value written as a header, JSON, YAML, env or curl line', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(namedValue, syntax), { minLength: 1, maxLength: 6 }), (entries) => {
        let text = '';
        const expected: { start: number; value: string; format: string; name: string }[] = [];
        for (const [{ name, value, format }, write] of entries) {
          const { line, prefix } = write(name, value);
          // A blank line between entries keeps each in its own block, so every one decodes on its own terms.
          expected.push({ start: text.length + prefix.length, value, format, name: name.toLowerCase() });
          text += `${line}\n\n`;
        }
        const matches = findTraceContexts(text);
        assert.equal(matches.length, expected.length, JSON.stringify(text));
        expected.forEach(({ start, value, format, name }, i) => {
          const match = matches[i]!;
          assert.equal(match.start, start);
          assert.equal(match.end, start + value.length);
          assert.equal(text.slice(match.start, match.end), value);
          assert.equal(match.format, format);
          assert.ok(match.name !== undefined && match.nameStart !== undefined);
          assert.equal(match.name.toLowerCase().replace(/_/g, '-'), name);
          assert.equal(text.slice(match.nameStart, match.nameStart + match.name.length), match.name);
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('never throws on arbitrary text and returns consistent, sorted matches', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
      fc.array(fc.constantFrom('traceparent', 'b3', ':', '=', '"', "'", '`', '\n', ' ', '-', '00', '0123456789abcdef', 'Root=', '1-', '?', '&', '%', 'uberctx-', 'X_B3_'), { maxLength: 60 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (input) => {
        const matches = findTraceContexts(input);
        let previous = -1;
        for (const match of matches) {
          assert.ok(match.start >= previous);
          assert.ok(match.end >= match.start);
          assert.equal(input.slice(match.start, match.end), match.value);
          assert.ok(TRACE_CONTEXT_FORMATS.includes(match.format));
          assert.equal(typeof match.decoded.valid, 'boolean');
          previous = match.start;
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
