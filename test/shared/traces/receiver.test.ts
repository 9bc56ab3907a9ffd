import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, it } from 'mocha';
import type { OtlpReceiver } from '../../../shared/src/traces';
import { readOtlpJson, startOtlpReceiver } from '../../../shared/src/traces';

const BODY = readFileSync(join(__dirname, '../../fixtures/otlp/split.json'), 'utf8');

function post(
  port: number,
  path: string,
  body: string | Buffer,
  headers: Record<string, string>,
  method = 'POST',
): Promise<{ status: number; body: string; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: text, type: res.headers['content-type'] });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('startOtlpReceiver()', () => {
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('answers 200 {} to a JSON body and writes it as one line of the out file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otlp-recv-'));
    const out = join(dir, 'out.jsonl');
    receiver = await startOtlpReceiver({ host: '127.0.0.1', port: 0, out });
    const first = await post(receiver.port, '/v1/traces', BODY, { 'Content-Type': 'application/json' });
    const second = await post(receiver.port, '/v1/traces', BODY, { 'Content-Type': 'application/json; charset=utf-8' });
    assert.deepEqual([first.status, first.body, first.type], [200, '{}', 'application/json']);
    assert.equal(second.status, 200);
    await receiver.close();
    receiver = undefined;
    const line = JSON.stringify(JSON.parse(BODY));
    assert.equal(readFileSync(out, 'utf8'), `${line}\n${line}\n`);
    assert.equal(readOtlpJson(readFileSync(out, 'utf8')).spans.length, 10);
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes each line to a function sink, gunzipping a gzip body', async () => {
    const lines: string[] = [];
    receiver = await startOtlpReceiver({ host: '127.0.0.1', port: 0, out: (line) => lines.push(line) });
    const response = await post(receiver.port, '/v1/traces', gzipSync(BODY), { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    assert.equal(response.status, 200);
    assert.deepEqual(lines, [JSON.stringify(JSON.parse(BODY))]);
  });

  it('refuses protobuf with 415 and advice to switch the exporter to http/json', async () => {
    const lines: string[] = [];
    receiver = await startOtlpReceiver({ host: '127.0.0.1', port: 0, out: (line) => lines.push(line) });
    const response = await post(receiver.port, '/v1/traces', Buffer.from([0x0a, 0x00]), { 'Content-Type': 'application/x-protobuf' });
    assert.equal(response.status, 415);
    assert.deepEqual(JSON.parse(response.body), {
      error: 'protobuf OTLP is not supported: set OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json (or use the OTLP/HTTP JSON exporter)',
    });
    assert.deepEqual(lines, []);
  });

  it('answers 404 to another path and 405 to GET /v1/traces', async () => {
    receiver = await startOtlpReceiver({ host: '127.0.0.1', port: 0, out: () => undefined });
    assert.equal((await post(receiver.port, '/v1/metrics', '{}', { 'Content-Type': 'application/json' })).status, 404);
    assert.equal((await post(receiver.port, '/v1/traces', '', {}, 'GET')).status, 405);
  });

  it('answers 413 to a body over the limit, declared or streamed', async () => {
    const lines: string[] = [];
    receiver = await startOtlpReceiver({ host: '127.0.0.1', port: 0, out: (line) => lines.push(line), maxBodyBytes: 100 });
    const declared = await post(receiver.port, '/v1/traces', 'x'.repeat(200), { 'Content-Type': 'application/json' });
    assert.equal(declared.status, 413);
    const streamed = await post(receiver.port, '/v1/traces', gzipSync(`{"resourceSpans":[],"pad":"${' '.repeat(500)}"}`), {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
    });
    assert.equal(streamed.status, 413);
    assert.deepEqual(lines, []);
  });

  it('answers 400 to a JSON body that does not parse', async () => {
    receiver = await startOtlpReceiver({ host: '127.0.0.1', port: 0, out: () => undefined });
    const response = await post(receiver.port, '/v1/traces', '{"resourceSpans": [', { 'Content-Type': 'application/json' });
    assert.equal(response.status, 400);
    assert.match(JSON.parse(response.body).error, /^invalid JSON: /);
  });

  it('binds only the given host', async () => {
    receiver = await startOtlpReceiver({ host: '127.0.0.1', port: 0, out: () => undefined });
    const { port } = receiver;
    assert.ok(port > 0);
    const { createConnection } = await import('node:net');
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address?.family === 'IPv4' && !address.internal)?.address;
    if (external === undefined) return;
    const refused = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: external, port });
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => {
        resolve(true);
      });
    });
    assert.equal(refused, true);
  });
});
