import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import type { Converted, Decoded } from 'otel-propagation-core';

import { EXTENSION_ID, openFixture, revertActive, waitFor } from './helpers';

const CONTRIBUTED = [
  'otelPropagation.decodeTraceContext',
  'otelPropagation.generateTraceparent',
  'otelPropagation.convertTraceContext',
  'otelPropagation.openTraceInViewer',
  'otelPropagation.copyTraceId',
  'otelPropagation.showOutput',
  'otelPropagation.showRuleDocumentation',
];
const REPORT_SCHEME = 'otel-propagation-report';

function reportEditor(): vscode.TextEditor | undefined {
  return vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme === REPORT_SCHEME && editor === vscode.window.activeTextEditor);
}

describe('extension activation', () => {
  it('activates and registers every contributed command', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded as the extension under development`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(CONTRIBUTED.filter((id) => !registered.has(id)), []);
    const manifestCommands = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.deepEqual([...manifestCommands].sort(), [...CONTRIBUTED].sort());
  });
});

describe('commands', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Decode Trace Context decodes its argument and opens the report beside the editor', async () => {
    const decoded = await vscode.commands.executeCommand<Decoded | undefined>(
      'otelPropagation.decodeTraceContext',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
    assert.ok(decoded);
    assert.equal(decoded.format, 'traceparent');
    assert.equal(decoded.valid, true);
    assert.equal(decoded.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(decoded.spanId, '00f067aa0ba902b7');
    assert.equal(decoded.sampled, true);
    const editor = await waitFor('the decode report', reportEditor);
    const text = editor.document.getText();
    assert.match(text, /^# Decoded trace context$/m);
    assert.match(text, /^\*\*Format:\*\* W3C traceparent {2}$/m);
    assert.match(text, /^\| Trace id \| `4bf92f3577b34da6a3ce929d0e0e4736` \|$/m);
    assert.equal(editor.document.languageId, 'markdown');
  });

  it('Decode Trace Context explains why an all-zero span id is invalid', async () => {
    const decoded = await vscode.commands.executeCommand<Decoded | undefined>(
      'otelPropagation.decodeTraceContext',
      '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01',
    );
    assert.ok(decoded);
    assert.equal(decoded.valid, false);
    assert.ok(decoded.errors.length > 0);
    const editor = await waitFor('the decode report', reportEditor);
    assert.match(editor.document.getText(), /^## Errors$/m);
    assert.match(editor.document.getText(), /^\*\*Valid:\*\* no$/m);
  });

  it('Decode Trace Context decodes the selection when no argument is given', async () => {
    const editor = await openFixture('src/tracing.mts');
    const line = editor.document.lineAt(5).text;
    const start = line.indexOf('00-4bf9');
    editor.selection = new vscode.Selection(5, start, 5, start + 55);
    const decoded = await vscode.commands.executeCommand<Decoded | undefined>('otelPropagation.decodeTraceContext');
    assert.equal(decoded?.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('Generate traceparent inserts a fresh sampled traceparent at the cursor', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'traceparent: ' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 13, 0, 13);
    const value = await vscode.commands.executeCommand<string | undefined>('otelPropagation.generateTraceparent');
    assert.ok(value);
    assert.match(value, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.equal(document.getText(), `traceparent: ${value}`);
    await revertActive();
  });

  it('Convert Trace Context converts to B3 and says what is lost', async () => {
    const converted = await vscode.commands.executeCommand<Converted | undefined>('otelPropagation.convertTraceContext', {
      value: 'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\ntracestate: congo=t61rcWkgMzE',
      to: 'b3',
    });
    assert.ok(converted);
    assert.equal(converted.ok, true);
    assert.deepEqual(converted.headers, { b3: '4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1' });
    assert.deepEqual(converted.lost, ['tracestate (1 members) is not converted: send the tracestate header alongside']);
    const editor = await waitFor('the convert report', reportEditor);
    const text = editor.document.getText();
    assert.match(text, /^## What is lost$/m);
    assert.match(text, /^b3: 4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1$/m);
  });

  it('Open Trace in Viewer fills the traceViewerUrl template with the trace id', async () => {
    const settings = vscode.workspace.getConfiguration('otelPropagation');
    await settings.update('traceViewerUrl', 'http://localhost:16686/trace/{traceId}?span={spanId}', vscode.ConfigurationTarget.Global);
    try {
      const url = await vscode.commands.executeCommand<string | undefined>(
        'otelPropagation.openTraceInViewer',
        { value: 'b3: 80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1' },
      );
      assert.equal(url, 'http://localhost:16686/trace/80f198ee56343ba864fe8b2a57d3eff7?span=e457b5a2e4d86bd1');
    } finally {
      await settings.update('traceViewerUrl', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Copy Trace Id copies the trace id of a Jaeger value to the clipboard', async () => {
    const traceId = await vscode.commands.executeCommand<string | undefined>(
      'otelPropagation.copyTraceId',
      'uber-trace-id: 5759e988bd862e3fe1be46a994272793:53995c3f42cd8ad8:0:1',
    );
    assert.equal(traceId, '5759e988bd862e3fe1be46a994272793');
    assert.equal(await vscode.env.clipboard.readText(), '5759e988bd862e3fe1be46a994272793');
  });

  it('Copy Trace Id on a value without a trace id resolves without throwing', async () => {
    const traceId = await vscode.commands.executeCommand<string | undefined>('otelPropagation.copyTraceId', { value: 'baggage: userId=alice' });
    assert.equal(traceId, undefined);
  });

  it('Show Output reveals the OTel Propagation channel', async () => {
    await vscode.commands.executeCommand('otelPropagation.showOutput');
    await waitFor('the output channel document', () =>
      vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'output' && document.uri.path.includes('OTel Propagation')),
    );
  });
});
