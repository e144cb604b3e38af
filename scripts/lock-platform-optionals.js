#!/usr/bin/env node
'use strict';
// The npm registry mirror these machines reach does not serve msgpackr-extract's
// prebuilt binaries for other platforms (macOS, Windows, 32-bit ARM). `npm install` here
// then leaves them out of package-lock.json, and `npm ci` refuses the lock as out of sync.
// They are optional and skipped on Linux x64 anyway, so after any `npm install` on these
// machines run `node scripts/lock-platform-optionals.js` to put their entries back.
const fs = require('node:fs');
const path = require('node:path');

const LOCK = path.resolve(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(LOCK, 'utf8'));
const packages = lock.packages;
const extract = packages['node_modules/msgpackr-extract'];
if (!extract) process.exit(0);
let added = 0;
for (const [name, version] of Object.entries(extract.optionalDependencies || {})) {
  const key = `node_modules/${name}`;
  if (packages[key]) continue;
  const [, os, cpu] = /-(darwin|linux|win32)-(.+)$/.exec(name) || [];
  packages[key] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
  added++;
}
if (added) {
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
  fs.writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
}
process.stdout.write(`package-lock.json: ${added} platform-optional entr${added === 1 ? 'y' : 'ies'} restored\n`);
