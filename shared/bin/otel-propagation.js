#!/usr/bin/env node
'use strict';
// Kept as plain JavaScript so the bin link exists before the TypeScript build has run.
const { main } = require('../dist/cli/main.js');
main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => { process.exitCode = code; },
  (error) => { process.stderr.write(`otel-propagation: internal error: ${error && error.stack ? error.stack : String(error)}\n`); process.exitCode = 2; },
);
