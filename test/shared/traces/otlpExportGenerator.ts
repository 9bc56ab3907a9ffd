/**
 * Writes a synthetic Collector file export (one ExportTraceServiceRequest per line) of a given
 * size, for the streaming test and the bench. Every trace is whole: one SERVER root and children.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Spans per generated trace: one root and its children. */
export const SPANS_PER_TRACE = 8;

function attribute(key: string, value: string): string {
  return `{"key":"${key}","value":{"stringValue":"${value}"}}`;
}

// Realistic per-span attribute weight (~0.8 KB), so the span count per byte resembles real exports.
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

function traceLine(trace: number): string {
  const traceId = trace.toString(16).padStart(32, '0');
  const start = 1700000000000000000n + BigInt(trace) * 1000000000n;
  const spans: string[] = [];
  for (let i = 0; i < SPANS_PER_TRACE; i++) {
    const spanId = (trace * SPANS_PER_TRACE + i + 1).toString(16).padStart(16, '0');
    const parent = i === 0 ? '' : `"parentSpanId":"${(trace * SPANS_PER_TRACE + 1).toString(16).padStart(16, '0')}",`;
    const kind = i === 0 ? 2 : 1;
    const attributes = [
      attribute('http.request.method', 'GET'),
      attribute('url.path', `/api/items/${String(trace)}/${String(i)}`),
      attribute('user_agent.original', USER_AGENT),
      attribute('db.query.text', `SELECT id, name, price, stock, created_at FROM items WHERE id = ${String(trace)} AND shard = ${String(i)}`),
      attribute('code.function.name', `ItemRepository.findById${String(i)}`),
      attribute('thread.name', 'http-nio-8080-exec-12'),
      `{"key":"http.response.status_code","value":{"intValue":"200"}}`,
    ].join(',');
    const begin = start + BigInt(i) * 1000000n;
    spans.push(
      `{"traceId":"${traceId}","spanId":"${spanId}",${parent}"name":"step-${String(i)}","kind":${String(kind)},"startTimeUnixNano":"${begin.toString()}","endTimeUnixNano":"${(begin + 500000n).toString()}","attributes":[${attributes}],"status":{}}`,
    );
  }
  const resource = `{"attributes":[${attribute('service.name', `svc-${String(trace % 5)}`)},${attribute('host.name', 'worker-1')}]}`;
  return `{"resourceSpans":[{"resource":${resource},"scopeSpans":[{"scope":{"name":"bench","version":"1.0.0"},"spans":[${spans.join(',')}]}]}]}\n`;
}

/** Writes at least `bytes` bytes of whole traces to `path`; returns what was written. */
export function writeOtlpExport(path: string, bytes: number): { bytes: number; traces: number; spans: number } {
  const fd = openSync(path, 'w');
  let written = 0;
  let traces = 0;
  try {
    while (written < bytes) {
      const chunk: string[] = [];
      // Batches of lines keep the write syscalls few.
      for (let i = 0; i < 256; i++) chunk.push(traceLine(++traces));
      written += writeSync(fd, chunk.join(''));
    }
  } finally {
    closeSync(fd);
  }
  return { bytes: written, traces, spans: traces * SPANS_PER_TRACE };
}

// `node --import tsx otlpExportGenerator.ts <path> <bytes>`: lets a test generate the file in another
// process, so the generator's garbage does not count against the reader's memory.
if (require.main === module) {
  const [path, bytes] = process.argv.slice(2);
  if (path === undefined || bytes === undefined) throw new TypeError('usage: otlpExportGenerator.ts <path> <bytes>');
  process.stdout.write(JSON.stringify(writeOtlpExport(path, Number(bytes))));
}
