import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Linter, type Rule } from 'eslint';
import plugin from '../../eslint-plugin/src/index';
import { analyzeTraces, readOtlpJson, startOtlpReceiver, type OtlpReceiver, type OtlpSpanRecord, type TraceReport } from '../../shared/src/traces';

/** The repository root. */
export const ROOT = resolve(__dirname, '../..');
/** Where plugin-fixed copies of the examples are written (gitignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'verify');
/** The SDK preload every process of an example runs with. */
export const SDK_PRELOAD = join(__dirname, 'sdk.mjs');

/** A message of the plugin with the edit the harness applied for it. */
export interface AppliedEdit {
  ruleId: string;
  line: number;
  kind: 'fix' | 'suggestion';
}

/**
 * Applies the plugin's own fixes, or each message's first suggestion where there is no fix, one
 * edit per pass (the ranges of later messages move after an edit), re-linting until no message
 * offers an edit any more.
 */
export function applyPluginFixes(text: string, filename: string): { output: string; applied: AppliedEdit[] } {
  const linter = new Linter();
  const config = [plugin.configs.strict] as Linter.Config[];
  const applied: AppliedEdit[] = [];
  let output = text;
  for (let pass = 0; pass < 100; pass++) {
    const messages = linter.verify(output, config, { filename });
    const fatal = messages.find((message) => message.fatal === true);
    if (fatal) throw new Error(`${filename}: the fixed text no longer parses after ${applied.map((edit) => edit.ruleId).join(', ')}: ${fatal.message}`);
    let edit: Rule.Fix | undefined;
    for (const message of messages) {
      edit = message.fix ?? message.suggestions?.[0]?.fix;
      if (edit) {
        applied.push({ ruleId: message.ruleId ?? '', line: message.line, kind: message.fix ? 'fix' : 'suggestion' });
        break;
      }
    }
    if (!edit) return { output, applied };
    output = output.slice(0, edit.range[0]) + edit.text + output.slice(edit.range[1]);
  }
  throw new Error(`${filename}: the plugin's fixes did not settle after 100 passes`);
}

/** Writes the plugin-fixed copy of an example and returns its path (`.mjs`: the copy sits outside the examples' `type: module`). */
export function writePluginFixed(example: string): { path: string; applied: AppliedEdit[] } {
  const source = readFileSync(example, 'utf8');
  const { output, applied } = applyPluginFixes(source, example);
  const path = join(ARTIFACTS, basename(dirname(example)), `${basename(example, '.js')}.plugin-fixed.mjs`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, output);
  return { path, applied };
}

/** A receiver on 127.0.0.1 that keeps every span it is sent. */
export class SpanSink {
  readonly spans: OtlpSpanRecord[] = [];
  readonly errors: string[] = [];
  private receiver: OtlpReceiver | undefined;

  /** Starts listening on a free loopback port. */
  async start(): Promise<void> {
    this.receiver = await startOtlpReceiver({
      host: '127.0.0.1',
      port: 0,
      out: (line) => {
        const { spans, errors } = readOtlpJson(line, 'receiver');
        this.spans.push(...spans);
        this.errors.push(...errors.map((error) => error.message));
      },
    });
  }

  /** The OTLP/HTTP traces endpoint to give the exporters. */
  get endpoint(): string {
    if (!this.receiver) throw new Error('the span receiver is not started');
    return `http://127.0.0.1:${String(this.receiver.port)}/v1/traces`;
  }

  /** Forgets the spans of the previous run. */
  clear(): void {
    this.spans.length = 0;
    this.errors.length = 0;
  }

  /** Resolves once `done` holds for the spans received, or rejects after `timeoutMs`. */
  async waitFor(done: (spans: readonly OtlpSpanRecord[]) => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.spans)) {
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}; received: ${this.spans.map((span) => span.name).join(', ') || 'no spans'}`);
      }
      await new Promise((wake) => setTimeout(wake, 25));
    }
  }

  /** Stops the receiver. */
  async close(): Promise<void> {
    await this.receiver?.close();
    this.receiver = undefined;
  }
}

/** Processes started by the harness, killed by {@link killAll} whatever happened. */
const started = new Set<ChildProcess>();

/** Runs a Node driver with the SDK preloaded in it and every process it starts; rejects on a non-zero exit or after `timeoutMs`. */
export function runDriver(options: { driver: string; args: string[]; cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [options.driver, ...options.args], {
      cwd: options.cwd,
      env: { ...process.env, NODE_OPTIONS: `--import=${SDK_PRELOAD}`, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.add(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${basename(options.driver)} did not finish within ${String(options.timeoutMs)} ms:\n${output}`));
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      started.delete(child);
      if (code === 0) resolvePromise(output);
      else reject(new Error(`${basename(options.driver)} exited with ${String(code ?? signal)}:\n${output}`));
    });
  });
}

/** Kills every process the harness started and that is still running. */
export function killAll(): void {
  for (const child of started) child.kill('SIGKILL');
  started.clear();
}

/** The spans of the traces that contain a span with one of `names`. */
export function tracesWith(spans: readonly OtlpSpanRecord[], names: readonly string[]): OtlpSpanRecord[] {
  const ids = new Set(spans.filter((span) => names.includes(span.name)).map((span) => span.traceId));
  return spans.filter((span) => ids.has(span.traceId));
}

/** The one span named `name`; throws when there are none or several. */
export function only(spans: readonly OtlpSpanRecord[], name: string): OtlpSpanRecord {
  const found = spans.filter((span) => span.name === name);
  const [span] = found;
  if (found.length !== 1 || !span) throw new Error(`expected one span ${name}, got ${String(found.length)}`);
  return span;
}

/** One row of the summary table. */
export interface VerifyRow {
  example: string;
  rule: string;
  broken: TraceReport;
  fixed: TraceReport;
}

/** The summary table, one line per rule checked. */
export function formatTable(rows: readonly VerifyRow[]): string {
  // Completeness counts roots and orphans only; doubled spans are a break of their own.
  const duplicated = (report: TraceReport): number => report.problems.find((problem) => problem.code === 'duplicate-span')?.traces ?? 0;
  const cell = (report: TraceReport): string =>
    `${String(report.traces)} trace${report.traces === 1 ? '' : 's'}, ${String(report.roots)} root${report.roots === 1 ? '' : 's'}, ${String(report.orphanSpans)} orphan, ${String(duplicated(report))} doubled, ${(report.completeness * 100).toFixed(0)}%`;
  const header = ['example', 'rule', 'broken', 'fixed by the plugin'];
  const lines = rows.map((row) => [row.example, row.rule, cell(row.broken), cell(row.fixed)]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)));
  const format = (line: string[]): string => line.map((value, column) => value.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
}

/**
 * Finds `command` on PATH (and in the sbin folders, where Debian puts rabbitmq-server); throws one
 * error naming the Debian package to install when it is missing.
 */
export function requireCommand(command: string, debianPackage: string): string {
  const folders = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const folder of folders) {
    const candidate = join(folder, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`${command} is not installed: install the Debian package ${debianPackage} (run .ci/install-debian-packages.sh)`);
}

/** A librdkafka mock cluster run by kcat, with the bootstrap address it reported. */
export interface KafkaMock {
  broker: string;
  stop(): void;
}

/** Starts librdkafka's mock cluster through `kcat` with `topic` in it; rejects after `timeoutMs`. */
export function startKafkaMock(topic: string, timeoutMs: number): Promise<KafkaMock> {
  const kcat = requireCommand('kcat', 'kcat');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(kcat, ['-C', '-b', '127.0.0.1:1', '-t', topic, '-X', 'test.mock.num.brokers=1', '-d', 'mock'], { stdio: ['ignore', 'ignore', 'pipe'] });
    started.add(child);
    const stop = (): void => {
      child.kill('SIGKILL');
      started.delete(child);
    };
    let log = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`kcat did not report its mock cluster within ${String(timeoutMs)} ms:\n${log}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const found = /bootstrap\.servers=(127\.0\.0\.1:\d+)/.exec(log);
      if (found?.[1]) {
        clearTimeout(timer);
        child.stderr.removeAllListeners('data');
        child.stderr.resume();
        resolvePromise({ broker: found[1], stop });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      started.delete(child);
      reject(new Error(`kcat exited with ${String(code)} before its mock cluster was up:\n${log}`));
    });
  });
}

/** A private RabbitMQ node on loopback, with its AMQP URL. */
export interface RabbitNode {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePromise(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function execWithTimeout(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    execFile(file, args, { env, timeout: timeoutMs }, (error) => {
      resolvePromise(!error);
    });
  });
}

/**
 * Starts Debian's rabbitmq-server as a private node (own name, ports and data folder owned by the
 * `rabbitmq` user, which the Debian wrapper runs it as), ready when its AMQP port answers.
 */
export async function startRabbit(timeoutMs: number): Promise<RabbitNode> {
  const server = requireCommand('rabbitmq-server', 'rabbitmq-server');
  const diagnostics = requireCommand('rabbitmq-diagnostics', 'rabbitmq-server');
  const ctl = requireCommand('rabbitmqctl', 'rabbitmq-server');
  const dir = mkdtempSync(join(tmpdir(), 'verify-rabbit-'));
  mkdirSync(join(dir, 'mnesia'));
  mkdirSync(join(dir, 'log'));
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  const port = await freePort();
  const node = `verify${String(process.pid)}@localhost`;
  const env = {
    ...process.env,
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(port + 1),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_PID_FILE: join(dir, 'pid'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
  };
  await new Promise<void>((resolvePromise, reject) => {
    execFile('chown', ['-R', 'rabbitmq:rabbitmq', dir], (error) => {
      if (error) reject(new Error(`chown -R rabbitmq:rabbitmq ${dir} failed: ${error.message}`));
      else resolvePromise();
    });
  });
  const child = spawn(server, [], { env, stdio: 'ignore' });
  started.add(child);
  const stop = async (): Promise<void> => {
    await execWithTimeout(ctl, ['-q', '-n', node, 'stop'], env, 20_000);
    child.kill('SIGKILL');
    started.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await execWithTimeout(diagnostics, ['-q', '-n', node, 'check_port_connectivity'], env, 10_000))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`rabbitmq-server did not accept connections on 127.0.0.1:${String(port)} within ${String(timeoutMs)} ms`);
    }
    await new Promise((wake) => setTimeout(wake, 500));
  }
  return { url: `amqp://guest:guest@127.0.0.1:${String(port)}`, stop };
}

export { analyzeTraces };
