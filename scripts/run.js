#!/usr/bin/env node
'use strict';
const { reexecOnSupportedNode } = require('./lib/runtime');
// `npm run migrate|seed|projections:rebuild|follow-ups:reconcile|bench`: the operator
// commands, against the same services `npm start` uses (or DATABASE_URL / REDIS_URL).
const { ensureServices } = require('./lib/services');
const { ensureDependencies, build, runNode } = require('./lib/project');

async function main() {
  const [command, ...args] = process.argv.slice(2);
  ensureDependencies();
  const urls = await ensureServices();
  const env = { ...process.env, DATABASE_URL: urls.databaseUrl, REDIS_URL: urls.redisUrl };
  build();
  if (command === 'bench') {
    runNode('migrations', 'apps/worker/src/cli.js', ['migrate'], env);
    runNode('benchmarks', 'bench/run.js', args, env);
    return;
  }
  runNode(command, 'apps/worker/src/cli.js', [command, ...args], env);
}

if (!reexecOnSupportedNode()) {
  main().catch((e) => {
    process.stderr.write(`${e.userFacing ? e.message : e.stack}\n`);
    process.exit(e.exitCode || 1);
  });
}
