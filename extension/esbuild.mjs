// Bundles the client (dist/extension.js) and the language server (dist/server.js).
// The server carries ESLint's Linter, @typescript-eslint/parser (with TypeScript), the plugin and the core,
// so it runs without any node_modules; the client keeps only `vscode` external.
// Flags: --production minifies without source maps, --watch rebuilds on change.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

/** Replaces each non-ASCII UTF-16 unit left in the written bundles by `?`, so source-map columns stay true. */
function asciiOnly() {
  return {
    name: 'ascii-only',
    setup(build) {
      build.onEnd(async (result) => {
        if (result.errors.length > 0) return;
        const outdir = build.initialOptions.outdir;
        for (const name of await readdir(outdir)) {
          if (!name.endsWith('.js')) continue;
          const file = path.join(outdir, name);
          const text = await readFile(file, 'utf8');
          const ascii = text.replace(/[^\t-\u007f]/g, '?');
          if (ascii !== text) await writeFile(file, ascii);
        }
      });
    },
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: {
    extension: path.join(here, 'src', 'client', 'extension.ts'),
    server: path.join(here, 'src', 'server', 'server.ts'),
  },
  outdir: path.join(here, 'dist'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  // V8 keeps a script's source for lazy compilation, and one non-ASCII character (an ellipsis in a comment)
  // makes it a two-byte string: 31 MB instead of 15 MB for the server. `ascii` escapes strings and
  // identifiers, and the plugin below blanks what is left, which can only be in comments.
  charset: 'ascii',
  plugins: [asciiOnly()],
  external: ['vscode', 'jiti', 'jiti/package.json'],
  // The sibling packages are bundled from source, so a stale or missing dist/ cannot ship.
  alias: {
    'otel-propagation-core': path.join(here, '..', 'shared', 'src', 'index.ts'),
    'eslint-plugin-otel-propagation': path.join(here, '..', 'eslint-plugin', 'src', 'index.ts'),
  },
  logLevel: 'warning',
  metafile: !watch,
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log('esbuild: watching src/client and src/server');
} else {
  const result = await esbuild.build(options);
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  for (const [file, output] of outputs) console.log(`${path.relative(here, file)}  ${(output.bytes / 1024 / 1024).toFixed(2)} MB`);
}
