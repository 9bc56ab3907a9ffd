import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'mocha';
import { analyzeTraces, readOtlpJson } from '../../../shared/src/traces';
import type { TracesRun } from './tracesHarness';
import { runTraces, tracesChildSource } from './tracesHarness';

const FIXTURES = resolve(__dirname, '../../fixtures/otlp');
const SPILL_ENV = 'OTEL_PROPAGATION_TRACES_SPILL_SPANS';

/** Runs the command in process; `spill` sets the spill threshold to one span, so everything goes to disk. */
async function run(argv: string[], spill: boolean, input: string | PassThrough = ''): Promise<TracesRun> {
  const saved = process.env.OTEL_PROPAGATION_TRACES_SPILL_SPANS;
  // Empty means unset to the command: it only takes a positive number.
  process.env.OTEL_PROPAGATION_TRACES_SPILL_SPANS = spill ? '1' : '';
  try {
    return await runTraces(argv, input);
  } finally {
    process.env.OTEL_PROPAGATION_TRACES_SPILL_SPANS = saved ?? '';
  }
}

const FILES: Record<string, string> = { complete: 'complete.jsonl', broken: 'broken.jsonl', split: 'split.json', empty: 'empty.jsonl' };
const MODES: Record<string, string[]> = { json: ['--json'], table: [], tree: ['--tree'], 'expect-single-trace': ['--expect-single-trace'] };

describe('otel-propagation traces past the spill threshold', () => {
  let tmp = '';
  let savedTmp: string | undefined;
  // A private TMPDIR per test shows whether the command left anything behind.
  beforeEach(() => {
    savedTmp = process.env.TMPDIR;
    tmp = mkdtempSync(join(tmpdir(), 'otel-spill-test-'));
    process.env.TMPDIR = tmp;
  });
  afterEach(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const [name, file] of Object.entries(FILES)) {
    for (const [mode, flags] of Object.entries(MODES)) {
      it(`prints the same ${mode} output, errors and exit code for the ${name} fixture, and removes its files`, async () => {
        const argv = [...flags, join(FIXTURES, file)];
        const spilled = await run(argv, true);
        assert.deepEqual(spilled, await run(argv, false));
        assert.deepEqual(readdirSync(tmp), []);
      });
    }
  }

  it('streams JSON equal to JSON.stringify of the whole report', async () => {
    for (const file of Object.values(FILES)) {
      const { spans } = readOtlpJson(readFileSync(join(FIXTURES, file), 'utf8'));
      const { stdout } = await run(['--json', join(FIXTURES, file)], true);
      assert.equal(stdout, `${JSON.stringify(analyzeTraces(spans), null, 2)}\n`, file);
    }
  });

  it('keeps the line numbers of malformed lines when spilling', async () => {
    const path = join(FIXTURES, 'broken.jsonl');
    const { code, stderr } = await run(['--json', path], true);
    assert.equal(code, 2);
    // The same messages as in memory are checked above; here, that each still names its own line.
    assert.deepEqual(
      stderr.split('\n').filter(Boolean).map((line) => line.slice(path.length + 1).split(':')[0]),
      ['2', '6', '7'],
    );
  });

  it('holds its spill files in a private temporary directory while reading, and removes it afterwards', async () => {
    const [first = '', second = ''] = readFileSync(join(FIXTURES, 'complete.jsonl'), 'utf8').split('\n');
    const input = new PassThrough();
    const running = run(['--json', '-'], true, input);
    input.write(`${first}\n`);
    await delay(50);
    assert.deepEqual(
      readdirSync(tmp).map((entry) => entry.replace(/[^-]+$/, '')),
      ['otel-traces-spill-'],
    );
    input.end(`${second}\n`);
    const { code, stdout } = await running;
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).completeness, 1);
    assert.deepEqual(readdirSync(tmp), []);
  });

  it('removes its temporary directory when stopped with SIGINT half-way', async function () {
    this.timeout(30000);
    const code = tracesChildSource();
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', code, '--', '--json', '-'], {
      env: { ...process.env, TMPDIR: tmp, [SPILL_ENV]: '1' },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    const exit = new Promise<NodeJS.Signals | null>((resolveExit) => child.on('exit', (_code, signal) => {
      resolveExit(signal);
    }));
    child.stdin.write(readFileSync(join(FIXTURES, 'complete.jsonl')));
    // tsx keeps its own cache in TMPDIR too.
    const spillDirs = (): string[] => readdirSync(tmp).filter((entry) => entry.startsWith('otel-traces-spill-'));
    for (let i = 0; i < 200 && spillDirs().length === 0; i++) await delay(50);
    assert.equal(spillDirs().length, 1, 'the child spilled');
    child.kill('SIGINT');
    assert.equal(await exit, 'SIGINT');
    assert.deepEqual(spillDirs(), []);
  });
});
