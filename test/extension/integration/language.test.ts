import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { codeOf, fixture, hoverText, openFixture, ourDiagnostics, revertActive, waitFor, waitForDiagnostic } from './helpers';

const SAMPLER_RULE = 'otel-propagation/require-parent-based-sampler';

describe('diagnostics', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reports a root ratio sampler with the rule id as code, a doc link and the source', async () => {
    const editor = await openFixture('src/tracing.mts');
    const diagnostic = await waitForDiagnostic(editor.document.uri, SAMPLER_RULE);
    assert.equal(diagnostic.source, 'otel-propagation');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
      [3, 58, 3, 91],
    );
    assert.equal(editor.document.getText(diagnostic.range), 'new TraceIdRatioBasedSampler(0.1)');
    const code = diagnostic.code;
    assert.ok(typeof code === 'object', 'the code carries the rule documentation link');
    assert.match(code.target.toString(), /require-parent-based-sampler\.md$/);
  });

  it('reports nothing on a file that follows the rules', async () => {
    const tracing = await openFixture('src/tracing.mts');
    await waitForDiagnostic(tracing.document.uri, SAMPLER_RULE);
    const clean = await openFixture('src/clean.tsx');
    // The server answers in order; tracing.mts was linted before clean.tsx was opened, so clean.tsx gets its turn promptly.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(ourDiagnostics(clean.document.uri).map(codeOf), []);
  });

  it('keeps quiet on a file that does not parse', async () => {
    const broken = await openFixture('src/broken.cts');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(ourDiagnostics(broken.document.uri).map(codeOf), []);
  });

  it('updates diagnostics as the document is edited', async () => {
    const editor = await openFixture('src/env.js');
    const diagnostic = await waitForDiagnostic(editor.document.uri, SAMPLER_RULE);
    assert.equal(editor.document.getText(diagnostic.range), "'traceidratio'");
    await editor.edit((builder) => {
      builder.replace(diagnostic.range, "'parentbased_traceidratio'");
    });
    await waitFor('the diagnostic to go away after the edit', () =>
      ourDiagnostics(editor.document.uri).length === 0 ? true : undefined,
    );
    await revertActive();
    await waitForDiagnostic(editor.document.uri, SAMPLER_RULE);
  });

  it('turning otelPropagation.enable off clears the diagnostics', async () => {
    const editor = await openFixture('src/tracing.mts');
    await waitForDiagnostic(editor.document.uri, SAMPLER_RULE);
    const settings = vscode.workspace.getConfiguration('otelPropagation');
    await settings.update('enable', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('diagnostics to clear', () => (ourDiagnostics(editor.document.uri).length === 0 ? true : undefined));
    } finally {
      await settings.update('enable', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForDiagnostic(editor.document.uri, SAMPLER_RULE);
  });
});

describe('code actions', () => {
  afterEach(async () => {
    await revertActive();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers the rule fix as the preferred quick fix, and applying it fixes the code', async () => {
    const editor = await openFixture('src/tracing.mts');
    const diagnostic = await waitForDiagnostic(editor.document.uri, SAMPLER_RULE);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const preferred = actions.filter((action) => action.isPreferred === true);
    assert.equal(preferred.length, 1, `one preferred action among: ${actions.map((action) => action.title).join(' | ')}`);
    const fix = preferred[0]!;
    assert.ok(fix.edit);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(
      editor.document.lineAt(3).text,
      'export const provider = new NodeTracerProvider({ sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) }) });',
    );
    assert.equal(
      editor.document.lineAt(0).text,
      "import { NodeTracerProvider, TraceIdRatioBasedSampler, ParentBasedSampler } from '@opentelemetry/sdk-trace-node';",
    );
  });

  it('offers to disable the rule for the line, which inserts an eslint-disable comment', async () => {
    const editor = await openFixture('src/tracing.mts');
    const diagnostic = await waitForDiagnostic(editor.document.uri, SAMPLER_RULE);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      diagnostic.range,
    );
    const disableLine = actions.find((action) => /disable/i.test(action.title) && /line/i.test(action.title));
    assert.ok(disableLine?.edit, `a disable-for-this-line action among: ${actions.map((action) => action.title).join(' | ')}`);
    assert.equal(await vscode.workspace.applyEdit(disableLine.edit), true);
    assert.match(editor.document.getText(), /\/\/ eslint-disable-next-line otel-propagation\/require-parent-based-sampler\n/);
    await waitFor('the disabled diagnostic to go away', () => (ourDiagnostics(editor.document.uri).length === 0 ? true : undefined));
  });
});

describe('hovers', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function hoverAt(relative: string, needle: string): Promise<string> {
    const document = await vscode.workspace.openTextDocument(fixture(relative));
    await vscode.window.showTextDocument(document);
    const offset = document.getText().indexOf(needle);
    assert.ok(offset >= 0, `${needle} is in ${relative}`);
    const position = document.positionAt(offset + 10);
    return waitFor(`a hover in ${relative}`, async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      const text = hoverText(hovers);
      return text.length > 0 ? text : undefined;
    });
  }

  it('decodes a traceparent in a log file', async () => {
    const text = await hoverAt('logs/gateway.log', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    assert.match(text, /0af7651916cd43dd8448eb211c80319c/);
    assert.match(text, /b7ad6b7169203331/);
    assert.match(text, /otelPropagation\.openTraceInViewer/);
  });

  it('explains the invalid all-zero parent id in a log file', async () => {
    const text = await hoverAt('logs/gateway.log', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01');
    assert.match(text, /invalid/);
    assert.match(text, /parent-id must not be all zeros/);
  });

  it('decodes an X-Ray header with its time in a log file', async () => {
    const text = await hoverAt('logs/gateway.log', 'Root=1-5759e988-bd862e3fe1be46a994272793');
    assert.match(text, /5759e988bd862e3fe1be46a994272793/);
    assert.match(text, /2016-06-09T/);
  });

  it('decodes a b3 header in a JSON file', async () => {
    const text = await hoverAt('logs/request.json', '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1');
    assert.match(text, /80f198ee56343ba864fe8b2a57d3eff7/);
    assert.match(text, /e457b5a2e4d86bd1/);
  });

  it('decodes a traceparent string literal in TypeScript code', async () => {
    const text = await hoverAt('src/tracing.mts', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    assert.match(text, /4bf92f3577b34da6a3ce929d0e0e4736/);
  });
});
