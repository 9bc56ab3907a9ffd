import * as assert from 'node:assert/strict';

import { convert, decode } from 'otel-propagation-core';

import { renderConvertReport, renderDecodeReport } from '../../../extension/src/client/reports';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('renderDecodeReport()', () => {
  it('renders a valid traceparent with every field it carries', () => {
    assert.equal(
      renderDecodeReport(TRACEPARENT, decode(TRACEPARENT)),
      [
        '# Decoded trace context',
        '',
        '```text',
        TRACEPARENT,
        '```',
        '',
        '**Format:** W3C traceparent  ',
        '**Valid:** yes',
        '',
        '| Field | Value |',
        '| --- | --- |',
        '| Version | `00` |',
        '| Trace id | `4bf92f3577b34da6a3ce929d0e0e4736` |',
        '| Span id | `00f067aa0ba902b7` |',
        '| Sampled | `yes` |',
        '| Trace flags | `0x01` |',
        '| Random trace id | `no` |',
        '',
      ].join('\n'),
    );
  });

  it('lists the errors of an all-zero parent id', () => {
    const input = '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01';
    const report = renderDecodeReport(input, decode(input));
    assert.ok(report.includes('**Valid:** no\n'));
    assert.ok(report.endsWith('\n## Errors\n\n- **parent-id**: parent-id must not be all zeros\n'));
  });

  it('renders baggage members with their sizes, escaping the table pipe', () => {
    const input = 'baggage: userId=alice;ttl=1,a=b|c';
    const report = renderDecodeReport(input, decode(input));
    assert.ok(report.includes('| Size | `24 bytes` |\n'));
    assert.ok(
      report.endsWith('## Members (2)\n\n| Key | Value | Bytes |\n| --- | --- | --- |\n| `userId` | `alice;ttl=1` | 18 |\n| `a` | `b\\|c` | 5 |\n'),
    );
  });

  it('keeps pasted backticks inside a longer fence', () => {
    const report = renderDecodeReport('```x', decode('```x'));
    assert.ok(report.startsWith('# Decoded trace context\n\n````text\n```x\n````\n'));
  });
});

describe('renderConvertReport()', () => {
  it('gives the headers to send and says nothing is lost for a plain traceparent to B3', () => {
    assert.equal(
      renderConvertReport(TRACEPARENT, convert(TRACEPARENT, 'b3')),
      [
        '# W3C traceparent → B3 single header',
        '',
        '```text',
        TRACEPARENT,
        '```',
        '',
        '## Headers to send',
        '',
        '```text',
        'b3: 4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1',
        '```',
        '',
        '## What is lost',
        '',
        'Nothing: the target format carries every field of the source.',
        '',
      ].join('\n'),
    );
  });

  it('lists what a conversion to X-Ray loses', () => {
    const report = renderConvertReport(TRACEPARENT, convert(TRACEPARENT, 'xray'));
    assert.ok(report.includes('## What is lost\n\n- X-Ray reads the first 8 hex digits of the trace id as the start time'));
  });

  it('explains why baggage cannot be converted', () => {
    assert.equal(
      renderConvertReport('baggage: a=b', convert('baggage: a=b', 'b3')),
      [
        '# W3C baggage → B3 single header',
        '',
        '```text',
        'baggage: a=b',
        '```',
        '',
        'The value could not be converted.',
        '',
        '## Errors',
        '',
        '- **value**: baggage carries no trace id and span id; only traceparent, b3, b3multi, jaeger, xray, datadog convert',
        '',
      ].join('\n'),
    );
  });
});
