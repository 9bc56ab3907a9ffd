import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'mocha';
import { runTraces, tracesChildSource } from './tracesHarness';

const FIXTURES = resolve(__dirname, '../../fixtures/otlp');
const run = runTraces;

function fixture(name: string): string {
  return join(FIXTURES, name);
}

describe('otel-propagation traces (tracesCommand)', () => {
  // One private directory for the files these tests write, removed at the end.
  const scratch = mkdtempSync(join(tmpdir(), 'otel-traces-test-'));
  after(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('prints the TraceReport as JSON with --json and exits 0 for a whole trace', async () => {
    const { code, stdout, stderr } = await run(['--json', fixture('complete.jsonl')]);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    const report = JSON.parse(stdout);
    assert.deepEqual([report.traces, report.spans, report.roots, report.orphanSpans, report.completeness], [1, 3, 1, 0, 1]);
    assert.deepEqual(report.traceList[0].services, ['backend', 'frontend']);
  });

  it('prints a table row, the tree by default for few traces, and the completeness line', async () => {
    const { code, stdout } = await run([fixture('complete.jsonl')]);
    assert.equal(code, 0);
    assert.equal(
      stdout,
      [
        'TRACE ID                          SPANS  SERVICES          ROOTS  ORPHANS  PROBLEMS',
        '4bf92f3577b34da6a3ce929d0e0e4736      3  backend,frontend      1        0  -',
        '  GET /checkout [SERVER] frontend',
        '    GET [CLIENT] frontend',
        '      GET /api/items [SERVER] backend',
        '',
        '1 trace(s), 3 span(s): 1 complete, completeness 100.0%',
        '',
      ].join('\n'),
    );
  });

  it('reads several files together, so a trace split over per-service files is whole', async () => {
    const dir = mkdtempSync(join(scratch, 'files-'));
    const [frontend = '', backend = ''] = readFileSync(fixture('complete.jsonl'), 'utf8').split('\n');
    writeFileSync(join(dir, 'frontend.jsonl'), frontend);
    writeFileSync(join(dir, 'backend.jsonl'), backend);
    const { code, stdout } = await run(['--json', '--expect-single-trace', join(dir, 'frontend.jsonl'), join(dir, 'backend.jsonl')]);
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).completeness, 1);
  });

  it('reads stdin when given -', async () => {
    const { code, stdout } = await run(['--json', '-'], readFileSync(fixture('split.json'), 'utf8'));
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).splitTraces, [
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
      ['cccccccccccccccccccccccccccccccc', 'dddddddddddddddddddddddddddddddd'],
    ]);
  });

  it('exits 1 with --expect-single-trace when several traces are found', async () => {
    const { code, stderr } = await run(['--expect-single-trace', fixture('split.json')]);
    assert.equal(code, 1);
    assert.equal(stderr, 'otel-propagation traces: expected a single trace, found 4\n');
  });

  it('reports malformed lines as file:line on stderr, still prints the report, and exits 2', async () => {
    const path = fixture('broken.jsonl');
    const { code, stdout, stderr } = await run(['--json', path]);
    assert.equal(code, 2);
    assert.equal(
      stderr,
      [
        `${path}:2: invalid JSON: Unexpected end of JSON input`,
        `${path}:6: span "bad" has an invalid traceId "xyz" (32 hex digits, not all zeros)`,
        `${path}:7: invalid JSON: Unexpected token 'o', "not json" is not valid JSON`,
        '',
      ].join('\n'),
    );
    assert.equal(JSON.parse(stdout).traces, 4);
  });

  it('lists problems under each trace and marks orphans in the tree', async () => {
    const { stdout } = await run(['--tree', fixture('broken.jsonl')]);
    assert.match(stdout, /^0af7651916cd43dd8448eb211c80319c {6}2 {2}shop {17}1 {8}1 {2}orphan-span$/m);
    assert.match(stdout, /^ {2}render \[INTERNAL\] shop {2}\(orphan: parent deadbeefdeadbeef missing\)$/m);
    assert.match(stdout, /^ {4}- 2 root spans: INTERNAL span "job-a"/m);
    assert.match(stdout, /^4 trace\(s\), 9 span\(s\): 2 complete, completeness 50\.0%$/m);
  });

  it('reports an empty file as no spans with completeness 0', async () => {
    const { code, stdout } = await run(['--json', fixture('empty.jsonl')]);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).problems, [{ code: 'no-spans', message: 'no spans found', traces: 0 }]);
  });

  it('exits 2 and names the file when it cannot be read', async () => {
    const { code, stderr } = await run([join(FIXTURES, 'missing.jsonl')]);
    assert.equal(code, 2);
    assert.match(stderr, /cannot read .*missing\.jsonl: ENOENT/);
  });

  it('refuses --out without --listen and files with --listen', async () => {
    await assert.rejects(run(['--out', 'x']), { name: 'UsageError', message: '--out only goes with --listen' });
    await assert.rejects(run(['--listen', '127.0.0.1:0', 'file']), { name: 'UsageError', message: '--listen takes no files' });
    await assert.rejects(run(['--listen', 'nope']), { name: 'UsageError', message: '--listen takes host:port, for example 127.0.0.1:4318' });
  });

  it('--listen receives a JSON export into --out and stops cleanly on SIGTERM', async function () {
    this.timeout(30000);
    const out = join(scratch, 'traces.jsonl');
    const code = tracesChildSource();
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '-e', code, '--', '--listen', '127.0.0.1:0', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const port = await new Promise<number>((resolvePort, reject) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on http:\/\/127\.0\.0\.1:(\d+)\/v1\/traces, writing to /.exec(stderr);
        if (match) resolvePort(Number(match[1]));
      });
      child.on('exit', () => {
        reject(new Error(`exited early: ${stderr}`));
      });
    });
    const body = readFileSync(fixture('split.json'), 'utf8');
    const status = await new Promise<number>((resolveStatus, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => {
          resolveStatus(res.statusCode ?? 0);
        });
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(status, 200);
    const exit = new Promise<number | null>((resolveExit) => child.on('exit', (c) => {
      resolveExit(c);
    }));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
    assert.match(stderr, /SIGTERM, stopped\n$/);
    assert.equal(readFileSync(out, 'utf8'), `${JSON.stringify(JSON.parse(body))}\n`);
  });
});
