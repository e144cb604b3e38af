#!/usr/bin/env node
'use strict';
const { reexecOnSupportedNode } = require('./lib/runtime');
// `npm run dev`: the developer's loop. Same set-up as `npm start` (dependencies,
// services, migrations, demo seed), then `tsc --watch` recompiles into dist/ and the API
// and the worker run under `node --watch`, which restarts each when a file it loaded
// changes. Ctrl-C stops all three.
const { spawn } = require('node:child_process');
const { log } = require('./lib/services');
const { bin, nodeArgs, ROOT } = require('./lib/project');
const { prepareService } = require('./lib/prepare');
const { superviseUntilExit } = require('./lib/supervise');

async function main() {
  const { appEnv: env } = await prepareService();

  const opts = { cwd: ROOT, env, stdio: 'inherit' };
  const children = [
    [
      'tsc',
      spawn(bin('tsc'), ['-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], opts),
    ],
    // One API process in the loop (a restart on save is quicker); API_PROCESSES to choose.
    ['api', spawn(process.execPath, ['--watch', ...nodeArgs('apps/api/src/main.js')], { ...opts, env: { ...env, API_PROCESSES: env.API_PROCESSES || '1' } })],
    ['worker', spawn(process.execPath, ['--watch', ...nodeArgs('apps/worker/src/main.js')], opts)],
    [
      'web',
      spawn(process.execPath, ['--watch', ...nodeArgs('apps/web/src/main.js')], {
        ...opts,
        env: { ...env, WEB_PORT: env.WEB_PORT || '3001', API_URL: env.API_URL || `http://127.0.0.1:${env.PORT}` },
      }),
    ],
  ];
  log(`watching: API on http://127.0.0.1:${env.PORT}, worker, web app on http://127.0.0.1:${env.WEB_PORT || '3001'}; edit a .ts file and they restart`);
  await superviseUntilExit(children);
}

if (!reexecOnSupportedNode()) {
  main().catch((e) => {
    process.stderr.write(`${e.userFacing ? e.message : e.stack}\n`);
    process.exit(e.exitCode || 1);
  });
}
