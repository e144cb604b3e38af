#!/usr/bin/env node
'use strict';
// `npm test`: every test (unit, integration against real PostgreSQL and Redis,
// end-to-end over HTTP) from the same fresh state. Extra arguments go to jest.
const { ensureServices, log } = require('./lib/services');
const { ensureDependencies, build, bin, runStep } = require('./lib/project');

async function freshState(databaseUrl, redisUrl) {
  const { Client } = require('pg');
  const Redis = require('ioredis');
  const admin = new Client({ connectionString: withDb(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'iln\\_t\\_%'");
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    if (rows.length) log(`dropped ${rows.length} leftover test database(s)`);
  } finally {
    await admin.end();
  }
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

function withDb(url, db) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

// Tests get a Redis database of their own (15 unless REDIS_URL names one), so a test
// run never touches the follow-up timers of a service started with `npm start`.
function testRedisUrl(url) {
  const u = new URL(url);
  if (u.pathname === '' || u.pathname === '/') u.pathname = '/15';
  return u.toString();
}

async function main() {
  const jestArgs = process.argv.slice(2);
  ensureDependencies();
  const urls = await ensureServices();
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: urls.databaseUrl,
    REDIS_URL: testRedisUrl(urls.redisUrl),
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
  };
  await freshState(env.DATABASE_URL, env.REDIS_URL);
  runStep('type-checking', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  runStep('lint and dependency rules', 'npm', ['run', '--silent', 'lint']);
  build();
  runStep('jest', bin('jest'), ['--ci', ...jestArgs], env);
}

main().catch((e) => {
  process.stderr.write(`${e.userFacing ? e.message : e.stack}\n`);
  process.exit(e.exitCode || 1);
});
