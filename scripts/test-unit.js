#!/usr/bin/env node
'use strict';
const { reexecOnSupportedNode } = require('./lib/runtime');
// `npm run test:unit`: the unit jest project only (pure *.spec.ts): no PostgreSQL, no
// Redis, no build. Extra arguments go to jest (`npm run test:unit -- --watch decide`).
const { spawnSync } = require('node:child_process');
const { ensureDependencies, bin, ROOT } = require('./lib/project');
const { log } = require('./lib/services');
const { describeNode } = require('./lib/runtime');

function main() {
  log(`running on ${describeNode()}`);
  ensureDependencies();
  const run = spawnSync(bin('jest'), [...process.argv.slice(2), '--selectProjects', 'unit'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL || 'warn' },
  });
  process.exit(run.status ?? 1);
}

if (!reexecOnSupportedNode()) main();
