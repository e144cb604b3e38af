'use strict';
// Provides PostgreSQL and Redis for `npm start` and `npm test` when DATABASE_URL /
// REDIS_URL are not given. Needs nothing but Node's own modules: it runs before
// `npm ci` on a fresh machine.
//
// Order of preference: a Docker engine that answers (docker compose), else Debian's
// packages run as local processes with their data under .local/ (installed with
// apt-get when missing and we are root), else one clear message saying what to install.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const LOCAL = path.join(ROOT, '.local');
const PG_PORT = Number(process.env.ILN_LOCAL_PG_PORT || 55432);
const REDIS_PORT = Number(process.env.ILN_LOCAL_REDIS_PORT || 56379);
const PG_DIR = path.join(LOCAL, 'pg');
const PG_DATA = path.join(PG_DIR, 'data');
const REDIS_DIR = path.join(LOCAL, 'redis');
const DB_USER = 'iln';
const DB_PASSWORD = 'iln';
const DB_NAME = 'iln';

const LOCAL_DATABASE_URL = `postgres://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${PG_PORT}/${DB_NAME}`;
const LOCAL_REDIS_URL = `redis://127.0.0.1:${REDIS_PORT}`;

function log(msg) {
  process.stderr.write(`[services] ${msg}\n`);
}

function fail(msg) {
  const err = new Error(msg);
  err.userFacing = true;
  throw err;
}

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
}

function commandExists(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

function dockerEngineAnswers() {
  if (!commandExists('docker')) return false;
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 }).status === 0;
}

let aptUpdated = false;
function aptInstall(packages) {
  if (!isRoot() || !commandExists('apt-get')) {
    fail(
      `PostgreSQL 15+ and Redis 7 are needed. Install them (Debian: apt-get install ${packages.join(' ')}), ` +
        'or start a Docker engine, or set DATABASE_URL and REDIS_URL.',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    log('apt-get update');
    run('apt-get', ['update', '-qq'], { env, stdio: 'inherit' });
    aptUpdated = true;
  }
  log(`apt-get install ${packages.join(' ')}`);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    env,
    stdio: 'inherit',
  });
}

function findPgBin() {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

// PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
// user that Debian's package creates.
function asPgUser(bin, args) {
  if (isRoot()) return run('runuser', ['-u', 'postgres', '--', bin, ...args]);
  return run(bin, args);
}

function psqlAdmin(pgBin, sql, db = 'postgres') {
  return asPgUser(path.join(pgBin, 'psql'), [
    '-h', PG_DIR, '-p', String(PG_PORT), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql,
  ]);
}

async function ensureLocalPostgres() {
  if (await portOpen(PG_PORT)) {
    log(`PostgreSQL already running on 127.0.0.1:${PG_PORT}`);
    return LOCAL_DATABASE_URL;
  }
  let pgBin = findPgBin();
  if (!pgBin) {
    aptInstall(['postgresql']);
    pgBin = findPgBin();
    if (!pgBin) fail('PostgreSQL was installed but pg_ctl was not found under /usr/lib/postgresql.');
  }
  fs.mkdirSync(PG_DIR, { recursive: true });
  if (isRoot()) run('chown', ['-R', 'postgres:postgres', PG_DIR]);
  if (!fs.existsSync(path.join(PG_DATA, 'PG_VERSION'))) {
    log(`initdb ${path.relative(ROOT, PG_DATA)}`);
    asPgUser(path.join(pgBin, 'initdb'), [
      '-D', PG_DATA, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8',
    ]);
  }
  log(`starting PostgreSQL on 127.0.0.1:${PG_PORT}`);
  const options = [
    `-p ${PG_PORT}`,
    `-k ${PG_DIR}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=300',
    '-c shared_buffers=512MB',
  ].join(' ');
  asPgUser(path.join(pgBin, 'pg_ctl'), ['-D', PG_DATA, '-l', path.join(PG_DIR, 'postgres.log'), '-o', options, '-w', '-t', '60', 'start']);
  const exists = psqlAdmin(pgBin, `SELECT 1 FROM pg_roles WHERE rolname = '${DB_USER}'`).trim();
  if (!exists) {
    psqlAdmin(pgBin, `CREATE ROLE ${DB_USER} LOGIN CREATEDB CREATEROLE PASSWORD '${DB_PASSWORD}'`);
  }
  const dbExists = psqlAdmin(pgBin, `SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'`).trim();
  if (!dbExists) psqlAdmin(pgBin, `CREATE DATABASE ${DB_NAME} OWNER ${DB_USER}`);
  return LOCAL_DATABASE_URL;
}

async function ensureLocalRedis() {
  if (await portOpen(REDIS_PORT)) {
    log(`Redis already running on 127.0.0.1:${REDIS_PORT}`);
    return LOCAL_REDIS_URL;
  }
  if (!commandExists('redis-server')) aptInstall(['redis-server']);
  fs.mkdirSync(REDIS_DIR, { recursive: true });
  log(`starting Redis on 127.0.0.1:${REDIS_PORT}`);
  // AOF and noeviction: BullMQ keeps the follow-up timers here, and an evicted key
  // would be a lost deadline (the reconciler would bring it back, but only later).
  run('redis-server', [
    '--port', String(REDIS_PORT),
    '--bind', '127.0.0.1',
    '--daemonize', 'yes',
    '--dir', REDIS_DIR,
    '--pidfile', path.join(REDIS_DIR, 'redis.pid'),
    '--logfile', path.join(REDIS_DIR, 'redis.log'),
    '--appendonly', 'yes',
    '--maxmemory-policy', 'noeviction',
    '--save', '',
  ]);
  for (let i = 0; i < 100; i++) {
    if (await portOpen(REDIS_PORT)) return LOCAL_REDIS_URL;
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`Redis did not start on port ${REDIS_PORT}; see ${path.relative(ROOT, REDIS_DIR)}/redis.log`);
}

async function ensureDockerServices() {
  log('Docker engine found: docker compose up -d postgres redis');
  run('docker', ['compose', 'up', '-d', '--wait', 'postgres', 'redis'], { cwd: ROOT, stdio: 'inherit' });
  return {
    databaseUrl: `postgres://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${PG_PORT}/${DB_NAME}`,
    redisUrl: LOCAL_REDIS_URL,
  };
}

/** Returns the URLs to use, starting local services for whichever URL is not set. */
async function ensureServices(env = process.env) {
  let databaseUrl = env.DATABASE_URL;
  let redisUrl = env.REDIS_URL;
  if (databaseUrl && redisUrl) return { databaseUrl, redisUrl };
  if (dockerEngineAnswers()) {
    const urls = await ensureDockerServices();
    return { databaseUrl: databaseUrl || urls.databaseUrl, redisUrl: redisUrl || urls.redisUrl };
  }
  if (!databaseUrl) databaseUrl = await ensureLocalPostgres();
  if (!redisUrl) redisUrl = await ensureLocalRedis();
  return { databaseUrl, redisUrl };
}

function stopServices() {
  if (dockerEngineAnswers() && fs.existsSync(path.join(ROOT, 'docker-compose.yml'))) {
    spawnSync('docker', ['compose', 'stop', 'postgres', 'redis'], { cwd: ROOT, stdio: 'inherit' });
  }
  const pgBin = findPgBin();
  if (pgBin && fs.existsSync(path.join(PG_DATA, 'postmaster.pid'))) {
    log('stopping PostgreSQL');
    try {
      asPgUser(path.join(pgBin, 'pg_ctl'), ['-D', PG_DATA, '-m', 'fast', '-w', 'stop']);
    } catch (e) {
      log(`pg_ctl stop: ${e.message.split('\n')[0]}`);
    }
  }
  const pidFile = path.join(REDIS_DIR, 'redis.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    log('stopping Redis');
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

module.exports = { ensureServices, stopServices, findPgBin, ROOT, LOCAL, PG_DIR, PG_PORT, REDIS_PORT, log };
