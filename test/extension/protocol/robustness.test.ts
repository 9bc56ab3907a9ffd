import assert from 'node:assert/strict';

import { fixtureUri, LspSession } from './lspSession';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const UPPERCASE = "const headers = { traceparent: '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01' };\n";

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('language server robustness (protocol)', () => {
  let session: LspSession;

  before(async () => {
    session = await LspSession.start();
  });

  after(async () => {
    await session.stop();
  });

  it('survives a file that never parses and still answers hovers in it', async () => {
    const uri = fixtureUri('robust/broken.ts');
    await session.open(uri, 'typescript', `const a = {{{ ((( \`unterminated\n// traceparent: ${TRACEPARENT}\n`);
    await delay(300);
    assert.deepEqual(session.published.filter((params) => params.uri === uri), []);
    const hover = await session.hover(uri, 1, 30);
    assert.ok(hover);
    assert.equal(session.alive, true);
  });

  it('skips linting a file over 2 MB with one log line, and still hovers its lines', async () => {
    const uri = fixtureUri('robust/huge.js');
    const line = `// traceparent: ${TRACEPARENT}\n`;
    const text = line.repeat(Math.ceil((2.5 * 1024 * 1024) / line.length));
    await session.open(uri, 'javascript', text);
    assert.deepEqual(await session.diagnostics(uri), []);
    const version = await session.change(uri, `${text}// more\n`);
    await session.diagnostics(uri, { accept: (params) => params.version === version });
    assert.equal(session.logs.filter((message) => message.startsWith(`not linting ${uri}`)).length, 1);
    const started = performance.now();
    const hover = await session.hover(uri, 30_000, 20);
    assert.ok(hover);
    assert.ok(performance.now() - started < 1000);
  });

  it('does not lint binary content opened as text, and does not crash on it', async () => {
    const uri = fixtureUri('robust/binary.js');
    let binary = '';
    for (let index = 0; index < 70_000; index++) binary += String.fromCharCode((index * 7919) % 65_536);
    await session.open(uri, 'javascript', binary);
    assert.deepEqual(await session.diagnostics(uri), []);
    assert.ok(session.logs.includes(`not linting ${uri}: binary content`));
    assert.equal(await session.hover(uri, 0, 100), null);
    assert.equal(session.alive, true);
  });

  it('lints a file with a 1 MB line and hovers a trace context in the middle of it quickly', async () => {
    const uri = fixtureUri('robust/long-line.ts');
    const filler = 'x'.repeat(500_000);
    const text = `const s = '${filler} traceparent=${TRACEPARENT} ${filler}';\n${UPPERCASE}`;
    await session.open(uri, 'typescript', text);
    const diagnostics = await session.diagnostics(uri);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['otel-propagation/valid-trace-context', 1]]);
    const character = 11 + filler.length + 1 + 'traceparent='.length + 5;
    const started = performance.now();
    const hover = await session.hover(uri, 0, character);
    const elapsed = performance.now() - started;
    assert.deepEqual(hover?.range, { start: { line: 0, character: character - 5 }, end: { line: 0, character: character - 5 + TRACEPARENT.length } });
    assert.ok(elapsed < 500, `hover took ${elapsed} ms`);
  });

  it('answers the stats request with memory and document counts', async () => {
    const stats = await session.request<{ rss: number; heapUsed: number; openDocuments: number; lintRuns: number }>('otelPropagation/stats');
    assert.equal(stats.openDocuments, 4);
    assert.ok(stats.rss > stats.heapUsed && stats.heapUsed > 0);
    assert.ok(stats.lintRuns >= 3);
  });

  it('exits cleanly on shutdown and exit', async () => {
    const short = await LspSession.start();
    await short.stop();
    assert.equal(short.alive, false);
  });
});
