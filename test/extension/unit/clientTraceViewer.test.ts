import * as assert from 'node:assert/strict';

import { buildTraceViewerUrl } from '../../../extension/src/client/traceViewer';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

describe('buildTraceViewerUrl()', () => {
  it('fills {traceId} in a Jaeger template', () => {
    assert.deepEqual(buildTraceViewerUrl('http://localhost:16686/trace/{traceId}', TRACE_ID), {
      ok: true,
      url: 'http://localhost:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736',
    });
  });

  it('fills {traceId64} with the lower 64 bits and {spanId} with the span id', () => {
    assert.deepEqual(buildTraceViewerUrl('https://zipkin.example/zipkin/traces/{traceId64}?span={spanId}', TRACE_ID, SPAN_ID), {
      ok: true,
      url: 'https://zipkin.example/zipkin/traces/a3ce929d0e0e4736?span=00f067aa0ba902b7',
    });
  });

  it('lowercases an uppercase trace id and replaces every occurrence', () => {
    assert.deepEqual(buildTraceViewerUrl(' http://x/{traceId}/{traceId} ', TRACE_ID.toUpperCase()), {
      ok: true,
      url: `http://x/${TRACE_ID}/${TRACE_ID}`,
    });
  });

  it('rejects an empty template with the setting name', () => {
    assert.deepEqual(buildTraceViewerUrl('  ', TRACE_ID), {
      ok: false,
      reason: 'the setting otelPropagation.traceViewerUrl is empty; set it to a URL such as http://localhost:16686/trace/{traceId}',
    });
  });

  it('rejects a template that is not http(s)', () => {
    assert.deepEqual(buildTraceViewerUrl('file:///etc/{traceId}', TRACE_ID), {
      ok: false,
      reason: 'the trace viewer URL "file:///etc/{traceId}" must start with http:// or https://',
    });
  });

  it('rejects a template without a trace id placeholder', () => {
    assert.deepEqual(buildTraceViewerUrl('http://localhost:16686/search', TRACE_ID), {
      ok: false,
      reason: 'the trace viewer URL "http://localhost:16686/search" has no {traceId} placeholder',
    });
  });

  it('rejects a trace id that is not 32 hex digits', () => {
    assert.deepEqual(buildTraceViewerUrl('http://x/{traceId}', 'a3ce929d0e0e4736'), {
      ok: false,
      reason: '"a3ce929d0e0e4736" is not a 32-digit hex trace id',
    });
  });

  it('rejects a {spanId} template when no span id is known', () => {
    assert.deepEqual(buildTraceViewerUrl('http://x/{traceId}/{spanId}', TRACE_ID), {
      ok: false,
      reason: 'the trace viewer URL "http://x/{traceId}/{spanId}" needs a span id, and none is known here',
    });
  });
});
