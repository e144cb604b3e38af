#!/usr/bin/env node
'use strict';
const { reexecOnSupportedNode } = require('./lib/runtime');
// `npm start`: the whole service on one machine. Installs what is missing, provides
// PostgreSQL and Redis when no URLs are given, migrates, seeds the demo, then runs the
// API, the worker and the web app until Ctrl-C.
const { spawnNode } = require('./lib/project');
const { describeNode } = require('./lib/runtime');
const { prepareService } = require('./lib/prepare');
const { superviseUntilExit } = require('./lib/supervise');

async function main() {
  const { appEnv: env } = await prepareService();
  const webEnv = webEnvFor(env);

  const children = [
    ['api', spawnNode('apps/api/src/main.js', [], env)],
    ['worker', spawnNode('apps/worker/src/main.js', [], env)],
    ['web', spawnNode('apps/web/src/main.js', [], webEnv)],
  ];
  void waitForApi(env.PORT, webEnv.WEB_PORT);
  await superviseUntilExit(children);
}

// Printed once the API answers, so the first thing a person sees is where to go.
function announce(port, webPort) {
  const base = `http://127.0.0.1:${port}`;
  const portEnv = port === '3000' ? '' : `PORT=${port} `;
  process.stdout.write(
    [
      '',
      `  Web app:    http://127.0.0.1:${webPort}   (sign in as any seeded person)`,
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

// The web app (apps/web): WEB_PORT (default 3001), talking to this API.
function webEnvFor(env) {
  return { ...env, WEB_PORT: env.WEB_PORT || '3001', API_URL: env.API_URL || `http://127.0.0.1:${env.PORT}` };
}

async function waitForApi(port, webPort) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/live`);
      if (res.ok) return announce(port, webPort);
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
