import assert from 'node:assert/strict';

import type { Diagnostic } from 'vscode-languageserver-protocol';

import { fixtureUri, LspSession } from './lspSession';

const DOCS = 'https://github.com/otel-propagation/otel-propagation/blob/main/eslint-plugin/docs/rules/';

const UPPERCASE_TRACEPARENT = "const headers = { traceparent: '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01' };\n";

const SIMPLE_PROCESSOR = `import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
const provider = new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: 'http://collector:4318/v1/traces' }))],
});
`;

function summary(diagnostics: readonly Diagnostic[]): unknown[] {
  return diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('language server diagnostics (protocol)', () => {
  let session: LspSession;

  before(async () => {
    session = await LspSession.start();
  });

  after(async () => {
    await session.stop();
  });

  it('publishes the rule id as code, the source, the severity, the range and the docs link for a TypeScript file', async () => {
    const uri = fixtureUri('src/headers.ts');
    await session.open(uri, 'typescript', UPPERCASE_TRACEPARENT);
    const diagnostics = await session.diagnostics(uri);
    assert.equal(diagnostics.length, 1);
    const diagnostic = diagnostics[0]!;
    assert.deepEqual(diagnostic.range, { start: { line: 0, character: 31 }, end: { line: 0, character: 88 } });
    assert.equal(diagnostic.code, 'otel-propagation/valid-trace-context');
    assert.equal(diagnostic.source, 'otel-propagation');
    assert.equal(diagnostic.severity, 1);
    assert.deepEqual(diagnostic.codeDescription, { href: `${DOCS}valid-trace-context.md` });
    assert.match(typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value, /^This traceparent value is invalid: trace-id must be 32 lowercase hex characters/);
  });

  it('reports a warning-level rule as a warning in a JavaScript module (.mjs)', async () => {
    const uri = fixtureUri('src/tracing.mjs');
    await session.open(uri, 'javascript', SIMPLE_PROCESSOR);
    assert.deepEqual(summary(await session.diagnostics(uri)), [['otel-propagation/prefer-batch-span-processor', 2, 3, 19, 3, 109]]);
  });

  it('lints JSX in a .jsx file and TSX in a .tsx file', async () => {
    const jsx = fixtureUri('src/App.jsx');
    const tsx = fixtureUri('src/App.tsx');
    const source = "const headers = { traceparent: '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01' };\nexport const App = () => <a data-trace={headers.traceparent}>trace</a>;\n";
    await session.open(jsx, 'javascriptreact', source);
    await session.open(tsx, 'typescriptreact', source);
    assert.deepEqual(summary(await session.diagnostics(jsx)), [['otel-propagation/valid-trace-context', 1, 0, 31, 0, 88]]);
    assert.deepEqual(summary(await session.diagnostics(tsx)), [['otel-propagation/valid-trace-context', 1, 0, 31, 0, 88]]);
  });

  it('honours eslint-disable-next-line comments, also next to disables of rules it does not run', async () => {
    const uri = fixtureUri('src/disabled.ts');
    await session.open(uri, 'typescript', `// eslint-disable-next-line no-console, otel-propagation/valid-trace-context\n${UPPERCASE_TRACEPARENT}// eslint-disable-next-line @typescript-eslint/no-explicit-any\nconst x: any = 1;\n`);
    assert.deepEqual(await session.diagnostics(uri), []);
  });

  it('keeps the last good diagnostics while the file does not parse, and replaces them once it parses again', async () => {
    const uri = fixtureUri('src/editing.ts');
    await session.open(uri, 'typescript', UPPERCASE_TRACEPARENT);
    assert.equal((await session.diagnostics(uri)).length, 1);
    const before = session.published.length;
    await session.change(uri, `${UPPERCASE_TRACEPARENT}const broken = {{;\n`);
    await delay(600);
    assert.deepEqual(session.published.slice(before).filter((params) => params.uri === uri), []);
    assert.equal(session.alive, true);
    const fixed = await session.change(uri, "const headers = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };\n");
    assert.deepEqual(await session.diagnostics(uri, { after: before, accept: (params) => params.version === fixed }), []);
  });

  it('publishes only the last version after a burst of edits: superseded runs never report', async () => {
    const uri = fixtureUri('src/burst.ts');
    await session.open(uri, 'typescript', UPPERCASE_TRACEPARENT);
    await session.diagnostics(uri);
    const before = session.published.length;
    let last = 1;
    for (let index = 0; index < 20; index++) {
      const text = index % 2 === 0 ? "const headers = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };\n" : UPPERCASE_TRACEPARENT;
      last = await session.change(uri, text);
    }
    await session.diagnostics(uri, { after: before, accept: (params) => params.version === last });
    await delay(400);
    const published = session.published.slice(before).filter((params) => params.uri === uri);
    assert.deepEqual(published.map((params) => [params.version, params.diagnostics.length]), [[21, 1]]);
  });

  it('re-lints an edit inside one function at once, then publishes the whole-file result for the same version', async () => {
    const uri = fixtureUri('src/incremental.ts');
    const handler = (name: string, body: string): string => `export function ${name}(): Record<string, string> {\n  const local = 1;\n${body}  return { local: String(local) };\n}\n`;
    const text = [handler('first', ''), handler('second', `  ${UPPERCASE_TRACEPARENT}`), handler('third', '')].join('');
    await session.open(uri, 'typescript', text);
    assert.deepEqual(summary(await session.diagnostics(uri)), [['otel-propagation/valid-trace-context', 1, 6, 33, 6, 90]]);
    const before = session.published.length;
    const version = await session.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, `  ${UPPERCASE_TRACEPARENT}`);
    const ofVersion = (params: { uri: string; version?: number }): boolean => params.uri === uri && params.version === version;
    const expected = [
      ['otel-propagation/valid-trace-context', 1, 1, 33, 1, 90],
      ['otel-propagation/valid-trace-context', 1, 7, 33, 7, 90],
    ];
    // The first result is the incremental one: the new problem in `first`, the one in `second` moved a line down.
    assert.deepEqual(summary(await session.diagnostics(uri, { after: before, accept: ofVersion })), expected);
    await session.diagnostics(uri, { after: before, accept: (params) => ofVersion(params) && session.published.slice(before).filter(ofVersion).length === 2 });
    const published = session.published.slice(before).filter(ofVersion);
    assert.deepEqual(published.map((params) => summary(params.diagnostics)), [expected, expected]);
  });

  it('answers code actions from a whole-file lint when the last result was incremental', async () => {
    const uri = fixtureUri('src/incrementalActions.ts');
    const handler = (name: string): string => `export function ${name}(): void {\n  const local = 1;\n  console.log(local);\n}\n`;
    await session.open(uri, 'typescript', [handler('first'), handler('second'), handler('third')].join(''));
    await session.diagnostics(uri);
    const before = session.published.length;
    const version = await session.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, `  ${UPPERCASE_TRACEPARENT}`);
    const [diagnostic] = await session.diagnostics(uri, { after: before, accept: (params) => params.version === version });
    assert.ok(diagnostic !== undefined);
    const actions = await session.codeActions(uri, diagnostic.range, [diagnostic]);
    assert.ok((actions ?? []).some((action) => action.title.includes('valid-trace-context') || action.kind === 'quickfix'));
    assert.equal((await session.request<{ lastLintMode: string }>('otelPropagation/stats')).lastLintMode, 'full');
  });

  it('does not lint files the rules do not apply to', async () => {
    const uri = fixtureUri('notes.md');
    const before = session.published.length;
    await session.open(uri, 'markdown', UPPERCASE_TRACEPARENT);
    await delay(400);
    assert.deepEqual(session.published.slice(before).filter((params) => params.uri === uri), []);
  });

  it('clears the diagnostics of a closed document', async () => {
    const uri = fixtureUri('src/closing.ts');
    await session.open(uri, 'typescript', UPPERCASE_TRACEPARENT);
    await session.diagnostics(uri);
    const before = session.published.length;
    await session.close(uri);
    assert.deepEqual(await session.diagnostics(uri, { after: before }), []);
  });
});

describe('language server settings (protocol)', () => {
  let session: LspSession;

  before(async () => {
    session = await LspSession.start({ settings: { rules: { 'valid-trace-context': 'warn', 'prefer-batch-span-processor': 'off' } } });
  });

  after(async () => {
    await session.stop();
  });

  it('applies per-rule severity overrides pulled through workspace/configuration', async () => {
    const uri = fixtureUri('src/overrides.ts');
    await session.open(uri, 'typescript', `${UPPERCASE_TRACEPARENT}${SIMPLE_PROCESSOR}`);
    assert.deepEqual(summary(await session.diagnostics(uri)), [['otel-propagation/valid-trace-context', 2, 0, 31, 0, 88]]);
  });

  it('publishes no diagnostics once enable is turned off, and lints again when it is turned back on', async () => {
    const uri = fixtureUri('src/toggle.ts');
    await session.open(uri, 'typescript', UPPERCASE_TRACEPARENT);
    assert.equal((await session.diagnostics(uri)).length, 1);
    let before = session.published.length;
    await session.changeSettings({ enable: false });
    assert.deepEqual(await session.diagnostics(uri, { after: before }), []);
    before = session.published.length;
    await session.changeSettings({ enable: true });
    assert.equal((await session.diagnostics(uri, { after: before })).length, 1);
  });

  it('uses the settings pushed with didChangeConfiguration when the client cannot answer pulls', async () => {
    const pushOnly = await LspSession.start({ pullSettings: false });
    try {
      const uri = fixtureUri('src/push.ts');
      await pushOnly.open(uri, 'typescript', UPPERCASE_TRACEPARENT);
      assert.equal((await pushOnly.diagnostics(uri)).length, 1);
      const before = pushOnly.published.length;
      await pushOnly.changeSettings({ rules: { 'valid-trace-context': 'off' } });
      assert.deepEqual(await pushOnly.diagnostics(uri, { after: before }), []);
    } finally {
      await pushOnly.stop();
    }
  });
});
