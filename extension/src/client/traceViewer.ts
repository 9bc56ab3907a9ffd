/** Building trace-viewer links from the `traceViewerUrl` template; pure, so it is unit-tested without VS Code. */

/** The placeholders a template may use. */
export const TRACE_VIEWER_PLACEHOLDERS = ['{traceId}', '{traceId64}', '{spanId}'] as const;

/** The outcome of {@link buildTraceViewerUrl}. */
export type TraceViewerUrl = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/**
 * Fills a trace-viewer URL template. `{traceId}` is the 32-digit lowercase id, `{traceId64}` its lower
 * 64 bits (what Zipkin-era viewers index), `{spanId}` the span id when one is known.
 * Only http(s) templates are accepted, since the result is handed to the system browser.
 */
export function buildTraceViewerUrl(template: string, traceId: string, spanId?: string): TraceViewerUrl {
  const trimmed = template.trim();
  if (trimmed.length === 0) {
    return { ok: false, reason: 'the setting otelPropagation.traceViewerUrl is empty; set it to a URL such as http://localhost:16686/trace/{traceId}' };
  }
  if (!/^https?:\/\//i.test(trimmed)) {
    return { ok: false, reason: `the trace viewer URL "${trimmed}" must start with http:// or https://` };
  }
  if (!trimmed.includes('{traceId}') && !trimmed.includes('{traceId64}')) {
    return { ok: false, reason: `the trace viewer URL "${trimmed}" has no {traceId} placeholder` };
  }
  const id = traceId.toLowerCase();
  if (!TRACE_ID.test(id)) return { ok: false, reason: `"${traceId}" is not a 32-digit hex trace id` };
  const span = spanId?.toLowerCase();
  if (trimmed.includes('{spanId}') && (span === undefined || !SPAN_ID.test(span))) {
    return { ok: false, reason: `the trace viewer URL "${trimmed}" needs a span id, and none is known here` };
  }
  const url = trimmed
    .split('{traceId64}')
    .join(id.slice(16))
    .split('{traceId}')
    .join(id)
    .split('{spanId}')
    .join(span ?? '');
  return { ok: true, url };
}
