#!/usr/bin/env node
'use strict';
const { reexecOnSupportedNode } = require('./lib/runtime');
// `node scripts/tool.js <bin> [args…]`: runs a dev tool from node_modules/.bin (tsc,
// eslint, depcruise, prettier) on the project's Node 24, like every other npm script,
// for the scripts in package.json that are a single tool (`npm run build`, `lint`).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const { bin, ROOT } = require('./lib/project');

function main() {
  const [name, ...args] = process.argv.slice(2);
  if (!name) {
    process.stderr.write('usage: node scripts/tool.js <bin in node_modules/.bin> [args…]\n');
    process.exit(2);
  }
  if (!fs.existsSync(bin(name))) {
    process.stderr.write(
      `node_modules/.bin/${name} is missing: run \`npm start\` or \`npm test\` once (they install), or npm ci\n`,
    );
    process.exit(1);
  }
  const run = spawnSync(bin(name), args, { cwd: ROOT, stdio: 'inherit' });
  if (run.error) {
    process.stderr.write(`${name}: ${run.error.message}\n`);
    process.exit(1);
  }
  process.exit(run.status ?? 1);
}

if (!reexecOnSupportedNode()) main();
