#!/usr/bin/env node
'use strict';
const { reexecOnSupportedNode } = require('./lib/runtime');
// `npm start`: the whole service on one machine. Installs what is missing, provides
// PostgreSQL and Redis when no URLs are given, migrates, seeds the demo, then runs the
// API and the worker until Ctrl-C.
const { spawnNode } = require('./lib/project');
const { describeNode } = require('./lib/runtime');
const { prepareService } = require('./lib/prepare');
const { superviseUntilExit } = require('./lib/supervise');

async function main() {
  const { appEnv: env } = await prepareService();

  const children = [
    ['api', spawnNode('apps/api/src/main.js', [], env)],
    ['worker', spawnNode('apps/worker/src/main.js', [], env)],
  ];
  void waitForApi(env.PORT);
  await superviseUntilExit(children);
}

// Printed once the API answers, so the first thing a person sees is where to go.
function announce(port) {
  const base = `http://127.0.0.1:${port}`;
  const portEnv = port === '3000' ? '' : `PORT=${port} `;
  process.stdout.write(
    [
      '',
      `  API docs:   ${base}/api/docs`,
      `  Readiness:  ${base}/health/ready`,
      `  Dev token:  TOKEN=$(${portEnv}npm run -s token -- p-grays-3)   (Taylor Exampleton, team manager, Grays)`,
      `  Runtime:    ${describeNode()}`,
      '  Stop:       Ctrl-C (services keep running; npm run services:stop)',
      '',
      '',
    ].join('\n'),
  );
}

async function waitForApi(port) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/live`);
      if (res.ok) return announce(port);
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

if (!reexecOnSupportedNode()) {
  main().catch((e) => {
    process.stderr.write(`${e.userFacing ? e.message : e.stack}\n`);
    process.exit(e.exitCode || 1);
  });
}
