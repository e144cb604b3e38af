#!/usr/bin/env node
'use strict';
const { reexecOnSupportedNode } = require('./lib/runtime');
// `npm test`: every test (unit, integration against real PostgreSQL and Redis,
// end-to-end over HTTP) from the same fresh state. Extra arguments go to jest.
const { ensureServices, ensureChromium, log } = require('./lib/services');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureDependencies, build, bin, runStep, npmCommand, ROOT } = require('./lib/project');
const { describeNode } = require('./lib/runtime');

async function freshState(databaseUrl, redisUrl) {
  const { Client } = require('pg');
  const Redis = require('ioredis');
  const admin = new Client({ connectionString: withDb(databaseUrl, 'postgres') });
  admin.on('error', () => undefined); // reported by the query that fails
  await admin.connect();
  try {
    const { rows } = await admin.query(
      "SELECT datname FROM pg_database WHERE datname LIKE 'iln\\_t\\_%'",
    );
    const stale = rows.map((r) => r.datname).filter(isStale);
    for (const datname of stale)
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    if (stale.length) log(`dropped ${stale.length} leftover test database(s)`);
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

// Test databases are named iln_t_<base-36 creation time>_<random>; one older than the
// longest test run is left over from an interrupted run. Newer ones may belong to a run
// still going on the same server, so they stay.
const STALE_AFTER_MS = 60 * 60 * 1000;
function isStale(name) {
  const m = /^iln_t_([0-9a-z]+)_[0-9a-f]+$/.exec(name);
  if (!m) return true;
  return Date.now() - parseInt(m[1], 36) > STALE_AFTER_MS;
}

function withSystemBinaries(pathVar = '') {
  const parts = pathVar.split(':').filter(Boolean);
  for (const dir of ['/usr/sbin', '/sbin']) if (!parts.includes(dir)) parts.push(dir);
  return parts.join(':');
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
  log(`running on ${describeNode()}`);
  ensureDependencies();
  const urls = await ensureServices();
  const chromium = ensureChromium();
  const env = {
    ...process.env,
    CHROMIUM_PATH: chromium,
    NODE_ENV: 'test',
    DATABASE_URL: urls.databaseUrl,
    REDIS_URL: testRedisUrl(urls.redisUrl),
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    // The fixed test key-encryption key (libs/testing/src/data-key.ts), never a real one.
    DATA_KEY_ENCRYPTION_KEY: 'uS/466iU+QhviosIaxW52wP2CLeAQ9zpu/6ZpCgoYi4=',
    // The reliability tests run private PostgreSQL clusters as the postgres user through
    // runuser, which lives in /usr/sbin: a root shell started without a login may lack it.
    PATH: withSystemBinaries(process.env.PATH),
  };
  await freshState(env.DATABASE_URL, env.REDIS_URL);
  runStep('type-checking', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  const [npm, npmArgs] = npmCommand();
  runStep('lint and dependency rules', npm, [...npmArgs, 'run', '--silent', 'lint']);
  build();
  const resultsFile = path.join(ROOT, '.local', 'jest-results.json');
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.rmSync(resultsFile, { force: true });
  log('jest');
  const run = spawnSync(
    bin('jest'),
    ['--ci', '--json', `--outputFile=${resultsFile}`, ...jestArgs],
    { cwd: ROOT, stdio: 'inherit', env },
  );
  // One plain closing line CI can read, whatever the runner's own summary looks like.
  if (fs.existsSync(resultsFile)) {
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    const skipped = r.numPendingTests + r.numTodoTests;
    process.stdout.write(
      `\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
  if (run.status !== 0)
    throw Object.assign(new Error(`jest failed (exit ${run.status ?? run.signal})`), {
      userFacing: true,
      exitCode: run.status || 1,
    });
}

if (!reexecOnSupportedNode()) {
  main().catch((e) => {
    process.stderr.write(`${e.userFacing ? e.message : e.stack}\n`);
    process.exit(e.exitCode || 1);
  });
}
