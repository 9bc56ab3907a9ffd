import assert from 'node:assert/strict';

import { buildTraceHover, commandUri, findHoveredContext, hoverWindow, LONG_LINE_WINDOW, windowPosition } from '../../../extension/src/server/hover';
import { DEFAULT_SERVER_SETTINGS } from '../../../extension/src/server/settingsContract';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function reader(lines: readonly string[]): (line: number) => string {
  return (line) => lines[line] ?? '';
}

describe('hoverWindow()', () => {
  it('takes only the hovered line when it is not a header line', () => {
    const lines = ['a: 1', `log ${TRACEPARENT}`, 'b: 2'];
    assert.deepEqual(hoverWindow(reader(lines), 3, 1, 10), { text: `log ${TRACEPARENT}`, firstLine: 1, firstCharacter: 0, offset: 10 });
  });

  it('joins the header lines directly above and below a header line, stopping at other lines', () => {
    const lines = ['GET /orders', 'Accept: */*', `traceparent: ${TRACEPARENT}`, 'tracestate: rojo=1', '', 'x: y'];
    assert.deepEqual(hoverWindow(reader(lines), 6, 2, 20), {
      text: `Accept: */*\ntraceparent: ${TRACEPARENT}\ntracestate: rojo=1`,
      firstLine: 1,
      firstCharacter: 0,
      offset: 'Accept: */*\n'.length + 20,
    });
  });

  it('scans only a window around the cursor of a very long line', () => {
    const line = `${'x'.repeat(100_000)} ${TRACEPARENT} ${'y'.repeat(100_000)}`;
    const window = hoverWindow(reader([line]), 1, 0, 100_010);
    assert.equal(window.firstCharacter, 100_010 - LONG_LINE_WINDOW);
    assert.equal(window.text.length, 2 * LONG_LINE_WINDOW);
    assert.equal(window.offset, LONG_LINE_WINDOW);
  });

  it('does not read more than 24 lines on either side of a header block', () => {
    const lines = Array.from({ length: 100 }, (_, index) => `h${index}: v`);
    const read: number[] = [];
    const window = hoverWindow((line) => {
      read.push(line);
      return lines[line] ?? '';
    }, 100, 50, 0);
    assert.equal(window.firstLine, 26);
    assert.equal(window.text.split('\n').length, 49);
    assert.equal(Math.min(...read), 26);
    assert.equal(Math.max(...read), 74);
  });
});

describe('windowPosition()', () => {
  it('maps window offsets back to document lines and characters, counting a long-line slice start', () => {
    const window = { text: 'ab\ncd\nef', firstLine: 7, firstCharacter: 0, offset: 0 };
    assert.deepEqual([windowPosition(window, 0), windowPosition(window, 4), windowPosition(window, 8)], [
      { line: 7, character: 0 },
      { line: 8, character: 1 },
      { line: 9, character: 2 },
    ]);
    assert.deepEqual(windowPosition({ text: 'abc', firstLine: 3, firstCharacter: 500, offset: 0 }, 2), { line: 3, character: 502 });
  });
});

describe('findHoveredContext()', () => {
  it('finds the value under the offset, also when hovering its header name, with the values of its block', () => {
    const text = `traceparent: ${TRACEPARENT}\ntracestate: rojo=00f067aa0ba902b7`;
    const onName = findHoveredContext(text, 3);
    assert.equal(onName?.match.format, 'traceparent');
    assert.deepEqual(onName.block.map((match) => match.format), ['traceparent', 'tracestate']);
    assert.equal(findHoveredContext(text, text.length - 2)?.match.format, 'tracestate');
  });

  it('returns undefined away from trace contexts', () => {
    assert.equal(findHoveredContext(`id=1 ${TRACEPARENT}`, 2), undefined);
  });
});

describe('commandUri()', () => {
  it('encodes the arguments as URI-encoded JSON', () => {
    assert.equal(commandUri('otelPropagation.copyTraceId', ['4bf9']), 'command:otelPropagation.copyTraceId?%5B%224bf9%22%5D');
  });
});

describe('buildTraceHover()', () => {
  it('shows a bare traceparent with fields and the open, copy and convert links', () => {
    const hovered = findHoveredContext(TRACEPARENT, 5);
    assert.ok(hovered);
    const open = commandUri('otelPropagation.openTraceInViewer', [{ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' }]);
    const copy = commandUri('otelPropagation.copyTraceId', ['4bf92f3577b34da6a3ce929d0e0e4736']);
    const to = (format: string): string => commandUri('otelPropagation.convertTraceContext', [{ value: TRACEPARENT, to: format }]);
    assert.equal(
      buildTraceHover(hovered, DEFAULT_SERVER_SETTINGS),
      [
        '**W3C traceparent**: valid',
        '',
        '| field | value |',
        '| --- | --- |',
        '| trace id | `4bf92f3577b34da6a3ce929d0e0e4736` |',
        '| span id | `00f067aa0ba902b7` |',
        '| version | `00` |',
        '| sampled | yes |',
        '| flags | `01` |',
        '',
        '---',
        '',
        `[Open in trace viewer](${open} "Open 4bf92f3577b34da6a3ce929d0e0e4736") | [Copy trace id](${copy}) | Convert to [B3 single header](${to('b3')}) · [B3 multiple headers](${to('b3multi')}) · [Jaeger uber-trace-id](${to('jaeger')}) · [AWS X-Ray](${to('xray')}) · [Datadog](${to('datadog')})`,
      ].join('\n'),
    );
  });

  it('lists errors and offers no conversion for an invalid value', () => {
    const hovered = findHoveredContext('traceparent: 00-00000000000000000000000000000000-00f067aa0ba902b7-01', 20);
    assert.ok(hovered);
    const markdown = buildTraceHover(hovered, DEFAULT_SERVER_SETTINGS);
    assert.match(markdown, /^\*\*W3C traceparent\*\*: \*\*invalid\*\*\n/);
    assert.match(markdown, /\n\*\*Errors\*\*\n\n- `trace-id`: /);
    assert.doesNotMatch(markdown, /Convert to/);
  });

  it('shows the debug flag of B3', () => {
    const hovered = findHoveredContext('b3: 80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-d', 10);
    assert.ok(hovered);
    assert.match(buildTraceHover(hovered, DEFAULT_SERVER_SETTINGS), /\| debug \| yes \|/);
  });

  it('shortens long member values to 120 characters', () => {
    const hovered = findHoveredContext(`baggage: k=${'v'.repeat(200)}`, 10);
    assert.ok(hovered);
    const markdown = buildTraceHover(hovered, DEFAULT_SERVER_SETTINGS);
    assert.match(markdown, new RegExp(`\\| \`k\` \\| \`${'v'.repeat(120)}…\` \\| 202 \\|`));
  });

  it('shows a deferred sampling decision', () => {
    const hovered = findHoveredContext('b3: 80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1', 20);
    assert.ok(hovered);
    assert.match(buildTraceHover(hovered, DEFAULT_SERVER_SETTINGS), /\| sampled \| deferred \(the receiver decides\) \|/);
  });

  it('escapes a table pipe inside a value', () => {
    const hovered = findHoveredContext('baggage: k=a|b', 10);
    assert.ok(hovered);
    assert.match(buildTraceHover(hovered, DEFAULT_SERVER_SETTINGS), /\| `k` \| `a\\\|b` \|/);
  });

  it('warns when baggage exceeds the byte limit of the settings', () => {
    const hovered = findHoveredContext('baggage: key=value', 10);
    assert.ok(hovered);
    assert.match(buildTraceHover(hovered, { ...DEFAULT_SERVER_SETTINGS, baggageMaxBytes: 5 }), /\n\n⚠ more than 5 bytes \(`otelPropagation\.baggage\.maxBytes`\)$/);
  });
});
