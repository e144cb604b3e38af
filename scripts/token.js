#!/usr/bin/env node
'use strict';
const { reexecOnSupportedNode } = require('./lib/runtime');
// `npm run token -- <person id>`: prints a dev token for one of the seeded practitioners
// (libs/case-coordination/src/seed/reference-data.seed.ts), with the roles, team and
// locality the seed gives them. The running API issues it (POST /api/auth/dev-token on
// 127.0.0.1:$PORT, default 3000), so there is one signer and one claim format; start the
// API first (`npm start` or `npm run dev`). Only the token goes to stdout:
//   TOKEN=$(npm run -s token -- p-grays-3)
const fs = require('node:fs');
const path = require('node:path');
const { ensureDependencies, build, ROOT } = require('./lib/project');

const SEED = path.join(
  ROOT,
  'dist',
  'libs',
  'case-coordination',
  'src',
  'seed',
  'reference-data.seed.js',
);

function fail(msg, exitCode = 1) {
  throw Object.assign(new Error(msg), { userFacing: true, exitCode });
}

async function main() {
  const id = process.argv[2];
  if (!fs.existsSync(SEED)) {
    ensureDependencies();
    build();
  }
  const { PRACTITIONERS } = require(SEED);
  const person = PRACTITIONERS.find((p) => p.id === id);
  if (!person) {
    const known = PRACTITIONERS.map((p) => `${p.id} (${p.roles.join('+')})`).join(', ');
    fail(
      `usage: npm run token -- <person id>; ${id ? `no seeded person "${id}"; ` : ''}seeded: ${known}`,
      2,
    );
  }
  const port = process.env.PORT || '3000';
  const body = {
    sub: person.id,
    name: person.name,
    roles: person.roles,
    organisation: 'thurrock-council',
    teams: person.teamId ? [person.teamId] : [],
    localities: [person.localityId],
  };
  let res;
  try {
    res = await fetch(`http://127.0.0.1:${port}/api/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    fail(
      `no API answers on 127.0.0.1:${port}: start it with \`npm start\` or \`npm run dev\` (or set PORT)`,
    );
  }
  if (res.status === 404)
    fail(`the API on 127.0.0.1:${port} does not issue dev tokens (AUTH_MODE is not dev)`);
  if (!res.ok) fail(`the API refused the dev token: ${res.status}`);
  const { accessToken } = await res.json();
  process.stdout.write(`${accessToken}\n`);
}

if (!reexecOnSupportedNode()) {
  main().catch((e) => {
    process.stderr.write(`${e.userFacing ? e.message : e.stack}\n`);
    process.exit(e.exitCode || 1);
  });
}
