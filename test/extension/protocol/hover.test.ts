import assert from 'node:assert/strict';

import type { Hover } from 'vscode-languageserver-protocol';

import { fixtureText, fixtureUri, LspSession } from './lspSession';

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents;
  assert.ok(typeof contents === 'object' && 'kind' in contents, 'expected markup content');
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

/** The command links of a hover, decoded: `[label, command, args]`. */
function links(value: string): [string, string, unknown][] {
  return [...value.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\?([^ )]+)/g)].map((match) => [match[1]!, match[2]!, JSON.parse(decodeURIComponent(match[3]!))]);
}

describe('language server hovers (protocol)', () => {
  let session: LspSession;

  before(async () => {
    session = await LspSession.start();
    for (const [file, language] of [
      ['requests.http', 'http'],
      ['service.log', 'log'],
      ['collector.yaml', 'yaml'],
      ['payload.json', 'json'],
    ]) {
      await session.open(fixtureUri(file!), language!, fixtureText(file!));
    }
  });

  after(async () => {
    await session.stop();
  });

  it('decodes a traceparent in a .http file with its tracestate block, and links open, copy and convert', async () => {
    const hover = await session.hover(fixtureUri('requests.http'), 3, 20);
    assert.deepEqual(hover?.range, { start: { line: 3, character: 13 }, end: { line: 3, character: 68 } });
    const value = markdown(hover);
    assert.equal(
      value.split('\n---\n')[0],
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
        '**2 members**, 39 bytes',
        '',
        '| key | value | bytes |',
        '| --- | --- | --- |',
        '| `congo` | `t61rcWkgMzE` | 17 |',
        '| `rojo` | `00f067aa0ba902b7` | 21 |',
        '',
      ].join('\n'),
    );
    const block = 'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\ntracestate: congo=t61rcWkgMzE,rojo=00f067aa0ba902b7';
    assert.deepEqual(links(value), [
      ['Open in trace viewer', 'otelPropagation.openTraceInViewer', [{ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' }]],
      ['Copy trace id', 'otelPropagation.copyTraceId', ['4bf92f3577b34da6a3ce929d0e0e4736']],
      ['B3 single header', 'otelPropagation.convertTraceContext', [{ value: block, to: 'b3' }]],
      ['B3 multiple headers', 'otelPropagation.convertTraceContext', [{ value: block, to: 'b3multi' }]],
      ['Jaeger uber-trace-id', 'otelPropagation.convertTraceContext', [{ value: block, to: 'jaeger' }]],
      ['AWS X-Ray', 'otelPropagation.convertTraceContext', [{ value: block, to: 'xray' }]],
      ['Datadog', 'otelPropagation.convertTraceContext', [{ value: block, to: 'datadog' }]],
    ]);
  });

  it('decodes the X-B3-* lines of a .http file as one block from any of its lines', async () => {
    const value = markdown(await session.hover(fixtureUri('requests.http'), 11, 5));
    assert.match(value, /^\*\*B3 multiple headers\*\*: valid\n\n\| field \| value \|\n\| --- \| --- \|\n\| trace id \| `80f198ee56343ba864fe8b2a57d3eff7` \|\n\| span id \| `e457b5a2e4d86bd1` \|\n\| sampled \| yes \|\n/);
  });

  it('shows X-Ray time, parent and sampling in a .log line', async () => {
    const hover = await session.hover(fixtureUri('service.log'), 2, 90);
    assert.deepEqual(hover?.range, { start: { line: 2, character: 66 }, end: { line: 2, character: 140 } });
    assert.match(markdown(hover), /\| time \| 2016-06-09T22:11:20\.000Z \(from the X-Ray Root\) \|/);
    assert.match(markdown(hover), /\| trace id \| `5759e988bd862e3fe1be46a994272793` \|\n\| span id \| `53995c3f42cd8ad8` \|\n\| sampled \| yes \|/);
  });

  it('decodes a Jaeger uber-trace-id in a .log line', async () => {
    assert.match(markdown(await session.hover(fixtureUri('service.log'), 1, 80)), /^\*\*Jaeger uber-trace-id\*\*: valid\n/);
  });

  it('shows the parent span id of a B3 single header in YAML and a Datadog id without its parent as invalid', async () => {
    assert.match(markdown(await session.hover(fixtureUri('collector.yaml'), 2, 10)), /\| parent span id \| `05e3ac9a4f6e3b90` \|/);
    const datadog = markdown(await session.hover(fixtureUri('collector.yaml'), 3, 30));
    assert.equal(
      datadog,
      '**Datadog**: **invalid**\n\n**Errors**\n\n- `x-datadog-parent-id`: The x-datadog-parent-id header is missing; Datadog needs the parent span id as an unsigned 64-bit decimal number.',
    );
  });

  it('shows the random-trace-id flag in JSON, and baggage members with properties and sizes', async () => {
    assert.match(markdown(await session.hover(fixtureUri('payload.json'), 2, 30)), /\| flags \| `03` \|\n\| random trace id \| yes \|/);
    assert.equal(
      markdown(await session.hover(fixtureUri('payload.json'), 3, 20)),
      '**W3C baggage**: valid\n\n**2 members**, 35 bytes\n\n| key | value | bytes |\n| --- | --- | --- |\n| `tenant` | `acme;ttl=60` | 18 |\n| `region` | `eu-west-1` | 16 |',
    );
  });

  it('hovers trace contexts in TypeScript documents too, and returns null away from them', async () => {
    const uri = fixtureUri('hover/client.ts');
    await session.open(uri, 'typescript', "const id = 1;\nfetch(url, { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' } });\n");
    assert.match(markdown(await session.hover(uri, 1, 50)), /^\*\*W3C traceparent\*\*: valid\n[\s\S]*\| sampled \| no \|/);
    assert.equal(await session.hover(uri, 0, 6), null);
    assert.equal(await session.hover(uri, 99, 0), null);
  });

  it('warns in the hover when baggage exceeds the configured member limit', async () => {
    const limited = await LspSession.start({ settings: { baggageMaxMembers: 1 } });
    try {
      const uri = fixtureUri('hover/limits.http');
      await limited.open(uri, 'http', 'baggage: a=1,b=2\n');
      assert.match(markdown(await limited.hover(uri, 0, 10)), /\n\n⚠ more than 1 member \(`otelPropagation\.baggage\.maxMembers`\)$/);
    } finally {
      await limited.stop();
    }
  });
});
