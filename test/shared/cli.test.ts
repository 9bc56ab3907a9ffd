import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'mocha';

// The real bin as npm links it; `npm test` builds the packages before mocha runs.
const BIN = resolve(__dirname, '../../node_modules/.bin/otel-propagation');
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function run(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(BIN, args, { input: input ?? '', encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('otel-propagation CLI', () => {
  describe('decode', () => {
    it('prints one JSON object with the decoded fields and exits 0 for a valid value', () => {
      const { code, stdout } = run(['decode', '--json', TRACEPARENT]);
      assert.equal(code, 0);
      const decoded = JSON.parse(stdout);
      assert.equal(decoded.format, 'traceparent');
      assert.equal(decoded.valid, true);
      assert.deepEqual(decoded.errors, []);
      assert.equal(decoded.traceId, '0af7651916cd43dd8448eb211c80319c');
      assert.equal(decoded.spanId, 'b7ad6b7169203331');
      assert.equal(decoded.sampled, true);
      assert.equal(decoded.flags, 1);
    });

    it('exits 1 and names the defect for an invalid value', () => {
      const { code, stdout } = run(['decode', '--json', '00-00000000000000000000000000000000-b7ad6b7169203331-01']);
      assert.equal(code, 1);
      const decoded = JSON.parse(stdout);
      assert.equal(decoded.valid, false);
      assert.equal(decoded.errors[0].field, 'trace-id');
    });

    it('accepts an unquoted header line split into two arguments', () => {
      const { code, stdout } = run(['decode', '--json', 'traceparent:', TRACEPARENT]);
      assert.equal(code, 0);
      assert.equal(JSON.parse(stdout).format, 'traceparent');
    });

    it('accepts values that start with - after --', () => {
      const { code, stdout } = run(['decode', '--json', '--', '-not-a-flag']);
      assert.equal(code, 1);
      assert.equal(JSON.parse(stdout).format, 'unknown');
    });

    it('decodes a multi-header block given as one argument', () => {
      const { code, stdout } = run(['decode', '--json', 'X-B3-TraceId: a3ce929d0e0e4736\nX-B3-SpanId: 00f067aa0ba902b7\nX-B3-Flags: 1']);
      assert.equal(code, 0);
      const decoded = JSON.parse(stdout);
      assert.equal(decoded.format, 'b3multi');
      assert.equal(decoded.traceId, '0000000000000000a3ce929d0e0e4736');
      assert.equal(decoded.debug, true);
    });

    it('honours --format', () => {
      const { code, stdout } = run(['decode', '--json', '--format', 'baggage', 'userId=alice']);
      assert.equal(code, 0);
      assert.equal(JSON.parse(stdout).format, 'baggage');
    });

    it('reads stdin line by line, skipping blank lines, one JSON line per value in input order', () => {
      const { code, stdout } = run(['decode', '--json', '-'], `${TRACEPARENT}\n\nb3: 0\nnonsense\n`);
      assert.equal(code, 1);
      const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
      assert.deepEqual(
        lines.map((decoded) => [decoded.format, decoded.valid]),
        [
          ['traceparent', true],
          ['b3', true],
          ['unknown', false],
        ],
      );
    });

    it('exits 0 for stdin when every value is valid', () => {
      assert.equal(run(['decode', '-'], `${TRACEPARENT}\n`).code, 0);
    });

    it('prints a readable block without --json', () => {
      const { stdout } = run(['decode', TRACEPARENT]);
      assert.match(stdout, /^traceparent {2}valid$/m);
      assert.match(stdout, /trace id {6}0af7651916cd43dd8448eb211c80319c/);
    });

    it('exits 2 with the usage on an unknown option', () => {
      const { code, stderr } = run(['decode', '--bogus', TRACEPARENT]);
      assert.equal(code, 2);
      assert.match(stderr, /unknown option --bogus/);
      assert.match(stderr, /Usage: otel-propagation decode/);
    });

    it('exits 2 on an unknown format', () => {
      assert.equal(run(['decode', '--format', 'zipkin', TRACEPARENT]).code, 2);
    });

    it('exits 2 without a value', () => {
      assert.equal(run(['decode']).code, 2);
    });
  });

  describe('generate', () => {
    it('prints a fresh valid traceparent by default', () => {
      const { code, stdout } = run(['generate']);
      assert.equal(code, 0);
      assert.match(stdout.trim(), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      assert.equal(run(['decode', stdout.trim()]).code, 0);
    });

    it('prints different ids each time', () => {
      assert.notEqual(run(['generate']).stdout, run(['generate']).stdout);
    });

    it('prints header lines for multi-header formats, which decode back as valid', () => {
      const { code, stdout } = run(['generate', '--format', 'b3multi']);
      assert.equal(code, 0);
      assert.match(stdout, /^x-b3-traceid: [0-9a-f]{32}$/im);
      assert.equal(run(['decode', stdout]).code, 0);
    });

    for (const format of ['b3', 'jaeger', 'xray', 'datadog']) {
      it(`generates a valid ${format} value`, () => {
        const { stdout } = run(['generate', '--header', '--format', format]);
        const { code, stdout: decoded } = run(['decode', '--json', stdout]);
        assert.equal(code, 0, decoded);
        assert.equal(JSON.parse(decoded).format, format);
      });
    }
  });

  describe('convert', () => {
    it('converts b3 to traceparent and says the parent span id is lost', () => {
      const { code, stdout } = run(['convert', '--to', 'traceparent', 'b3: 80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90']);
      assert.equal(code, 0);
      assert.match(stdout, /^traceparent: 00-80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-01$/m);
      assert.match(stdout, /# lost: the parent span id 05e3ac9a4f6e3b90 is dropped/);
    });

    it('converts traceparent to X-Ray and back', () => {
      const tp = '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01';
      const toXray = run(['convert', '--to', 'xray', '--json', tp]);
      const converted = JSON.parse(toXray.stdout);
      assert.equal(converted.headers['x-amzn-trace-id'], 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
      const back = JSON.parse(run(['convert', '--to', 'traceparent', '--json', converted.headers['x-amzn-trace-id']]).stdout);
      assert.equal(back.headers.traceparent, tp);
    });

    it('fails with exit 1 on an invalid source', () => {
      assert.equal(run(['convert', '--to', 'b3', '00-00000000000000000000000000000000-b7ad6b7169203331-01']).code, 1);
    });

    it('exits 2 without --to', () => {
      assert.equal(run(['convert', TRACEPARENT]).code, 2);
    });
  });

  describe('scan', () => {
    it('lists every trace context in a file with line:column', () => {
      const dir = mkdtempSync(join(tmpdir(), 'otel-propagation-'));
      const file = join(dir, 'app.log');
      writeFileSync(file, `GET /checkout 200\n{"msg":"request","traceparent":"${TRACEPARENT}"}\n`);
      const { code, stdout } = run(['scan', '--json', file]);
      assert.equal(code, 0);
      const found = stdout.trim().split('\n').map((line) => JSON.parse(line));
      assert.equal(found.length, 1);
      assert.equal(found[0].line, 2);
      assert.equal(found[0].column, 33);
      assert.equal(found[0].value, TRACEPARENT);
      assert.equal(found[0].traceId, '0af7651916cd43dd8448eb211c80319c');
    });

    it('reads stdin with -', () => {
      const { stdout } = run(['scan', '-'], `traceparent: ${TRACEPARENT}\n`);
      assert.match(stdout, /^1:14 {2}traceparent {2}/);
    });

    it('exits 1 with --fail-on-invalid when a value is invalid', () => {
      assert.equal(run(['scan', '--fail-on-invalid', '-'], 'traceparent: 00-zz\n').code, 1);
    });

    it('reports an unreadable file', () => {
      const { code, stderr } = run(['scan', '/nonexistent/file.log']);
      assert.equal(code, 1);
      assert.match(stderr, /cannot read/);
    });
  });

  describe('traces', () => {
    const fixtures = resolve(__dirname, '../fixtures/otlp');

    it('reports one complete trace as JSON and passes --expect-single-trace', () => {
      const { code, stdout } = run(['traces', '--json', '--expect-single-trace', join(fixtures, 'complete.jsonl')]);
      assert.equal(code, 0);
      const report = JSON.parse(stdout);
      assert.equal(report.traces, 1);
      assert.equal(report.orphanSpans, 0);
      assert.equal(report.completeness, 1);
    });

    it('names the problems of broken traces, reports malformed lines with their numbers, and exits 2 for them', () => {
      const { code, stdout, stderr } = run(['traces', join(fixtures, 'broken.jsonl')]);
      assert.equal(code, 2);
      assert.match(stdout, /orphan-span/);
      assert.match(stdout, /completeness 50\.0%/);
      assert.match(stderr, /broken\.jsonl:2: invalid JSON/);
    });

    it('fails --expect-single-trace when the export holds several traces', () => {
      const { code } = run(['traces', '--expect-single-trace', join(fixtures, 'split.json')]);
      assert.equal(code, 1);
    });

    it('reads stdin', () => {
      const { code, stdout } = run(['traces', '--json', '-'], readFileSync(join(fixtures, 'complete.jsonl'), 'utf8'));
      assert.equal(code, 0);
      assert.equal(JSON.parse(stdout).traces, 1);
    });
  });

  it('prints the overview with --help and the version with --version', () => {
    assert.match(run(['--help']).stdout, /Commands:/);
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('exits 2 on an unknown command', () => {
    assert.equal(run(['frobnicate']).code, 2);
  });
});
