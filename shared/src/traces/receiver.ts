/**
 * A minimal OTLP/HTTP JSON trace receiver (OTLP specification §OTLP/HTTP): it accepts
 * `POST /v1/traces` with JSON bodies and writes each as one line, the Collector `file` exporter
 * format that `readOtlpStream` and `otel-propagation traces` read.
 */
import { createWriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGunzip, createInflate } from 'node:zlib';

/** Default largest accepted request body: 32 MiB, well above SDK batch sizes (512 spans by default). */
export const OTLP_RECEIVER_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Options of {@link startOtlpReceiver}. */
export interface OtlpReceiverOptions {
  host: string;
  /** 0 picks a free port; the one bound is returned. */
  port: number;
  /** A file to append one line per request to, or a function that receives each line. */
  out?: string | ((line: string) => void);
  maxBodyBytes?: number;
}

/** A running receiver. */
export interface OtlpReceiver {
  port: number;
  close(): Promise<void>;
}

/** Thrown inside the body reader when the limit is passed, so the handler can answer 413. */
class BodyTooLarge extends Error {}

function send(response: ServerResponse, status: number, body: string, type = 'application/json'): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

/** Answers 413 and drops the connection once the answer is out, rather than reading the rest of the body. */
function tooLarge(request: IncomingMessage, response: ServerResponse, limit: number): void {
  response.setHeader('Connection', 'close');
  response.on('finish', () => request.destroy());
  send(response, 413, JSON.stringify({ error: `body over ${String(limit)} bytes` }));
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  let stream: NodeJS.ReadableStream = request;
  // OTLP exporters gzip when OTEL_EXPORTER_OTLP_COMPRESSION=gzip.
  if (encoding === 'gzip') stream = request.pipe(createGunzip());
  else if (encoding === 'deflate') stream = request.pipe(createInflate());
  else if (encoding !== 'identity') throw new TypeError(`unsupported Content-Encoding ${encoding}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the receiver, bound only to `host`. JSON bodies are answered `200 {}` after being
 * written (compacted to one line); protobuf bodies get 415 with advice to switch the exporter
 * to `http/json`; other paths 404, other methods 405, bodies over the limit 413, bad JSON 400.
 */
export async function startOtlpReceiver(options: OtlpReceiverOptions): Promise<OtlpReceiver> {
  const limit = options.maxBodyBytes ?? OTLP_RECEIVER_MAX_BODY_BYTES;
  const file = typeof options.out === 'string' ? createWriteStream(options.out, { flags: 'a' }) : undefined;
  const sink = typeof options.out === 'function' ? options.out : undefined;
  const write = (line: string): void => {
    if (file) file.write(`${line}\n`);
    else sink?.(line);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/v1/traces') {
      send(response, 404, JSON.stringify({ error: `not found: this receiver serves POST /v1/traces only` }));
      request.resume();
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      send(response, 405, JSON.stringify({ error: 'use POST /v1/traces' }));
      request.resume();
      return;
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json') {
      const advice =
        type === 'application/x-protobuf'
          ? 'protobuf OTLP is not supported: set OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json (or use the OTLP/HTTP JSON exporter)'
          : `unsupported Content-Type ${type || '(none)'}: send application/json (OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json)`;
      send(response, 415, JSON.stringify({ error: advice }));
      request.resume();
      return;
    }
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > limit) {
      tooLarge(request, response, limit);
      return;
    }
    let body: string;
    try {
      body = await readBody(request, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        tooLarge(request, response, limit);
      } else {
        send(response, 400, JSON.stringify({ error: (error as Error).message }));
      }
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      send(response, 400, JSON.stringify({ error: `invalid JSON: ${(error as Error).message}` }));
      return;
    }
    write(JSON.stringify(parsed));
    send(response, 200, '{}');
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, JSON.stringify({ error: String(error) }));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      if (file) await new Promise<void>((resolve) => file.end(resolve));
    },
  };
}
