#!/usr/bin/env node
'use strict';
const { reexecOnSupportedNode } = require('./lib/runtime');
// `npm run migrate|seed|projections:rebuild|follow-ups:reconcile|keys:rotate|bench`: the operator
// commands, against the same services `npm start` uses (or DATABASE_URL / REDIS_URL).
const { ensureServices } = require('./lib/services');
const { ensureDependencies, build, runNode } = require('./lib/project');
const { withLocalDataKey } = require('./lib/data-key');

async function main() {
  const [command, ...args] = process.argv.slice(2);
  ensureDependencies();
  const urls = await ensureServices();
  // The local key-encryption key unless one is given (the same one `npm start` uses).
  const env = withLocalDataKey({ ...process.env, DATABASE_URL: urls.databaseUrl, REDIS_URL: urls.redisUrl });
  build();
  if (command === 'bench') {
    runNode('migrations', 'apps/worker/src/cli.js', ['migrate'], env);
    // The runner is the load generator, not an app: it keeps V8's defaults (bench/lib/app-processes.ts gives the apps theirs).
    runNode('benchmarks', 'bench/run.js', args, env, { heapFlags: false });
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
