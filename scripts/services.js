#!/usr/bin/env node
'use strict';
const { reexecOnSupportedNode } = require('./lib/runtime');
const { ensureServices, stopServices } = require('./lib/services');

async function main() {
  const cmd = process.argv[2];
  if (cmd === 'start') {
    const urls = await ensureServices();
    process.stdout.write(`DATABASE_URL=${urls.databaseUrl}\nREDIS_URL=${urls.redisUrl}\n`);
  } else if (cmd === 'stop') {
    await stopServices();
  } else {
    process.stderr.write('usage: node scripts/services.js start|stop\n');
    process.exit(2);
  }
}

if (!reexecOnSupportedNode()) {
  main().catch((e) => {
    process.stderr.write(`${e.userFacing ? e.message : e.stack}\n`);
    process.exit(1);
  });
}
