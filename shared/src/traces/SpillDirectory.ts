/**
 * A private temporary directory (`mkdtemp` in `os.tmpdir()`) for the checker's spill files, with
 * buffered bucket writers and line readers. The directory is removed by {@link SpillDirectory.remove},
 * and also when the process exits or is stopped by SIGINT/SIGTERM before that, so an interrupted
 * run of a multi-gigabyte export leaves nothing behind.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** Bytes buffered per bucket before a write: few syscalls, and buckets x this stays a few MB. */
const WRITE_BUFFER_BYTES = 32 * 1024;
// Every bucket's summary file is open at once during the merge, so this is paid per bucket.
const READ_CHUNK_BYTES = 64 * 1024;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** FNV-1a: cheap, stable across runs, and spreads hex trace ids and attribute keys evenly. */
export function bucketOf(key: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % buckets;
}

/**
 * Appends lines to one of N files. Each line is encoded into its bucket's buffer at once, so the
 * line string dies young; gathering strings until a flush would push millions of them into the
 * old generation, and collecting those cost more than the disk writes.
 */
export class BucketWriter {
  private readonly fds: number[];
  private readonly buffers: Buffer[];
  private readonly used: number[];

  constructor(readonly paths: readonly string[]) {
    this.fds = paths.map((path) => openSync(path, 'w'));
    this.buffers = paths.map(() => Buffer.allocUnsafe(WRITE_BUFFER_BYTES));
    this.used = paths.map(() => 0);
  }

  /** Appends `line` (no newline inside: callers write JSON) to bucket `bucket`. */
  write(bucket: number, line: string): void {
    const buffer = this.buffers[bucket];
    const fd = this.fds[bucket];
    if (buffer === undefined || fd === undefined) throw new RangeError(`no bucket ${String(bucket)}`);
    // UTF-8 takes at most 3 bytes per UTF-16 unit; a line that may not fit an empty buffer is written alone.
    if (line.length * 3 + 1 > WRITE_BUFFER_BYTES) {
      this.flush(bucket);
      writeSync(fd, `${line}\n`);
      return;
    }
    if ((this.used[bucket] ?? 0) + line.length * 3 + 1 > WRITE_BUFFER_BYTES) this.flush(bucket);
    let used = this.used[bucket] ?? 0;
    used += buffer.write(line, used);
    buffer[used++] = 0x0a;
    this.used[bucket] = used;
  }

  private flush(bucket: number): void {
    const used = this.used[bucket] ?? 0;
    const buffer = this.buffers[bucket];
    if (used === 0 || buffer === undefined) return;
    writeSync(this.fds[bucket] ?? -1, buffer, 0, used);
    this.used[bucket] = 0;
  }

  /** Flushes and closes every file; safe to call twice. */
  close(): void {
    this.fds.forEach((fd, bucket) => {
      if (fd === -1) return;
      this.flush(bucket);
      closeSync(fd);
      this.fds[bucket] = -1;
    });
  }
}

/** Reads a file line by line with a fixed-size buffer, so a spill file never sits whole in a string. */
export function* readLinesSync(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(READ_CHUNK_BYTES);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      pending += decoder.write(chunk.subarray(0, read));
      let start = 0;
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
        yield pending.slice(start, end);
        start = end + 1;
      }
      pending = pending.slice(start);
    }
    pending += decoder.end();
    if (pending !== '') yield pending;
  } finally {
    closeSync(fd);
  }
}

/** The private directory, removed on {@link remove}, on exit and on SIGINT/SIGTERM. */
export class SpillDirectory {
  readonly path: string;
  private removed = false;

  private readonly onExit = (): void => {
    this.remove();
  };

  // Removing the listener before re-raising restores the default action (exit) unless someone else listens.
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.remove();
    process.kill(process.pid, signal);
  };

  constructor(prefix = 'otel-traces-spill-') {
    // Listen first: a signal between mkdtemp and the listener would kill the process and leave the directory.
    process.once('exit', this.onExit);
    for (const signal of STOP_SIGNALS) process.once(signal, this.onSignal);
    try {
      this.path = mkdtempSync(join(tmpdir(), prefix));
    } catch (error) {
      this.removed = true;
      this.unlisten();
      throw error;
    }
  }

  /** A path inside the directory. */
  file(name: string): string {
    return join(this.path, name);
  }

  /** Deletes one spill file early, to give the disk space back. */
  delete(name: string): void {
    rmSync(this.file(name), { force: true });
  }

  /** Deletes the directory and everything in it; idempotent and synchronous, so exit handlers can call it. */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    this.unlisten();
    rmSync(this.path, { recursive: true, force: true });
  }

  private unlisten(): void {
    process.off('exit', this.onExit);
    for (const signal of STOP_SIGNALS) process.off(signal, this.onSignal);
  }
}
