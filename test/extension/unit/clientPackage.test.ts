import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const EXTENSION_DIR = path.join(__dirname, '..', '..', '..', 'extension');
const VSCE = path.join(__dirname, '..', '..', '..', 'node_modules', '@vscode', 'vsce', 'vsce');

/** Names of the entries of a zip file, read from its central directory (a .vsix is a zip). */
function zipEntryNames(zip: Buffer): string[] {
  // The end-of-central-directory record is the last 22 bytes plus a comment of up to 65535 bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  assert.ok(end >= 0, 'the file is a zip archive');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, 'central directory entry signature');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('npm run package (the .vsix)', function () {
  this.timeout(120_000);
  let names: string[];
  let scratch: string;

  before(function () {
    const bundles = ['dist/extension.js', 'dist/server.js'].filter((file) => !existsSync(path.join(EXTENSION_DIR, file)));
    assert.deepEqual(bundles, [], 'the bundles are built first: npm run build -w otel-propagation');
    scratch = mkdtempSync(path.join(tmpdir(), 'otel-propagation-vsix-'));
    const out = path.join(scratch, 'otel-propagation.vsix');
    // The same command as the package script, written to a scratch file so the test leaves no artifact.
    execFileSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--out', out], { cwd: EXTENSION_DIR, stdio: 'pipe' });
    names = zipEntryNames(readFileSync(out));
  });

  after(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('contains only the bundles, the manifest, README, LICENSE, CHANGELOG and the icon', () => {
    assert.deepEqual([...names].sort(), [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/changelog.md',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/icon.png',
      'extension/package.json',
      'extension/readme.md',
    ]);
  });
});
