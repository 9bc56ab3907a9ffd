import assert from 'node:assert/strict';

import type { CodeAction } from 'vscode-languageserver-protocol';

import { applyEdits, editsFor, fixtureUri, LspSession } from './lspSession';

const DOCS = 'https://github.com/otel-propagation/otel-propagation/blob/main/eslint-plugin/docs/rules/';

const UPPERCASE = "const headers = { traceparent: '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01' };\n";
const LOWERCASE = "const headers = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };\n";

const SIMPLE_PROCESSOR = `import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
const provider = new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: 'http://collector:4318/v1/traces' }))],
});
`;

const BATCH_PROCESSOR = `import { NodeTracerProvider, SimpleSpanProcessor, BatchSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
const provider = new NodeTracerProvider({
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: 'http://collector:4318/v1/traces' }))],
});
`;

function byTitle(actions: readonly CodeAction[] | null, title: string): CodeAction {
  const action = actions?.find((candidate) => candidate.title === title);
  assert.ok(action, `no code action titled ${title}; got ${JSON.stringify(actions?.map((candidate) => candidate.title))}`);
  return action;
}

describe('language server code actions (protocol)', () => {
  let session: LspSession;

  before(async () => {
    session = await LspSession.start();
  });

  after(async () => {
    await session.stop();
  });

  it('offers the suggestion as the preferred quick fix, then disable and documentation actions, in order', async () => {
    const uri = fixtureUri('actions/suggestion.ts');
    await session.open(uri, 'typescript', UPPERCASE);
    const diagnostics = await session.diagnostics(uri);
    const actions = await session.codeActions(uri, diagnostics[0]!.range, diagnostics);
    assert.deepEqual(
      actions?.map((action) => [action.title, action.kind, action.isPreferred ?? false]),
      [
        ['Write the hex digits in lowercase: `00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01`.', 'quickfix', true],
        ['Disable otel-propagation/valid-trace-context for this line', 'quickfix', false],
        ['Disable otel-propagation/valid-trace-context for this file', 'quickfix', false],
        ['Show documentation for otel-propagation/valid-trace-context', 'quickfix', false],
      ],
    );
  });

  it('applying the suggestion yields the corrected text, which lints clean', async () => {
    const uri = fixtureUri('actions/apply.ts');
    await session.open(uri, 'typescript', UPPERCASE);
    const diagnostics = await session.diagnostics(uri);
    const action = byTitle(await session.codeActions(uri, diagnostics[0]!.range, diagnostics), 'Write the hex digits in lowercase: `00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01`.');
    const fixed = applyEdits(UPPERCASE, editsFor(action.edit, uri));
    assert.equal(fixed, LOWERCASE);
    const before = session.published.length;
    const version = await session.change(uri, fixed);
    assert.deepEqual(await session.diagnostics(uri, { after: before, accept: (params) => params.version === version }), []);
  });

  it('"disable for this line" inserts an indented eslint-disable-next-line comment the server then honours', async () => {
    const uri = fixtureUri('actions/disable-line.ts');
    const text = `function send() {\n  ${UPPERCASE}}\n`;
    await session.open(uri, 'typescript', text);
    const diagnostics = await session.diagnostics(uri);
    const action = byTitle(await session.codeActions(uri, diagnostics[0]!.range, diagnostics), 'Disable otel-propagation/valid-trace-context for this line');
    const disabled = applyEdits(text, editsFor(action.edit, uri));
    assert.equal(disabled, `function send() {\n  // eslint-disable-next-line otel-propagation/valid-trace-context\n  ${UPPERCASE}}\n`);
    const before = session.published.length;
    const version = await session.change(uri, disabled);
    assert.deepEqual(await session.diagnostics(uri, { after: before, accept: (params) => params.version === version }), []);
  });

  it('"disable for this file" puts the block comment after a shebang', async () => {
    const uri = fixtureUri('actions/disable-file.js');
    const text = `#!/usr/bin/env node\n${UPPERCASE}`;
    await session.open(uri, 'javascript', text);
    const diagnostics = await session.diagnostics(uri);
    const action = byTitle(await session.codeActions(uri, diagnostics[0]!.range, diagnostics), 'Disable otel-propagation/valid-trace-context for this file');
    const disabled = applyEdits(text, editsFor(action.edit, uri));
    assert.equal(disabled, `#!/usr/bin/env node\n/* eslint-disable otel-propagation/valid-trace-context */\n${UPPERCASE}`);
    const before = session.published.length;
    const version = await session.change(uri, disabled);
    assert.deepEqual(await session.diagnostics(uri, { after: before, accept: (params) => params.version === version }), []);
  });

  it('"show documentation" runs a server command that asks the editor to open the rule docs externally', async () => {
    const uri = fixtureUri('actions/docs.ts');
    await session.open(uri, 'typescript', UPPERCASE);
    const diagnostics = await session.diagnostics(uri);
    const action = byTitle(await session.codeActions(uri, diagnostics[0]!.range, diagnostics), 'Show documentation for otel-propagation/valid-trace-context');
    assert.deepEqual(action.command, {
      title: 'Show documentation for otel-propagation/valid-trace-context',
      command: 'otelPropagation.showRuleDocumentation',
      arguments: [`${DOCS}valid-trace-context.md`],
    });
    await session.request('workspace/executeCommand', { command: action.command.command, arguments: action.command.arguments });
    assert.deepEqual(session.shownDocuments, [{ uri: `${DOCS}valid-trace-context.md`, external: true }]);
  });

  it('marks a rule fix preferred and applying it yields the rule output', async () => {
    const uri = fixtureUri('actions/fix.ts');
    await session.open(uri, 'typescript', SIMPLE_PROCESSOR);
    const diagnostics = await session.diagnostics(uri);
    const actions = await session.codeActions(uri, diagnostics[0]!.range, diagnostics, ['quickfix']);
    const fix = byTitle(actions, 'Fix this otel-propagation/prefer-batch-span-processor problem');
    assert.equal(fix.isPreferred, true);
    assert.equal(applyEdits(SIMPLE_PROCESSOR, editsFor(fix.edit, uri)), BATCH_PROCESSOR);
  });

  it('offers source.fixAll.otelPropagation applying every auto-fix, and nothing for it when only quick fixes are asked', async () => {
    const uri = fixtureUri('actions/fix-all.ts');
    await session.open(uri, 'typescript', SIMPLE_PROCESSOR);
    await session.diagnostics(uri);
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const sourceActions = await session.codeActions(uri, whole, [], ['source.fixAll']);
    assert.deepEqual(sourceActions?.map((action) => [action.title, action.kind]), [['Fix all auto-fixable propagation problems', 'source.fixAll.otelPropagation']]);
    assert.equal(applyEdits(SIMPLE_PROCESSOR, editsFor(sourceActions[0]!.edit, uri)), BATCH_PROCESSOR);
    assert.deepEqual(await session.codeActions(uri, whole, [], ['quickfix']), []);
  });

  it('answers a code action request sent right after an edit with actions for the edited text', async () => {
    const uri = fixtureUri('actions/fresh.ts');
    await session.open(uri, 'typescript', LOWERCASE);
    assert.deepEqual(await session.diagnostics(uri), []);
    await session.change(uri, UPPERCASE);
    const range = { start: { line: 0, character: 40 }, end: { line: 0, character: 40 } };
    const actions = await session.codeActions(uri, range);
    assert.equal(actions?.[0]?.title, 'Write the hex digits in lowercase: `00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01`.');
  });
});
