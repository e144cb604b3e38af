'use strict';
// Provides PostgreSQL and Redis for `npm start` and `npm test` when DATABASE_URL /
// REDIS_URL are not given. Needs nothing but Node's own modules: it runs before
// `npm ci` on a fresh machine.
//
// Order of preference: a Docker engine that answers (docker compose), else Debian's
// packages run as local processes (installed with apt-get when missing and we are
// root), else one clear message saying what to install. PostgreSQL's data is in
// .local/pg, or as root in /var/lib/postgresql/iln/<checkout id> (see PG_DIR); Redis's
// in .local/redis. A port held by anything else is never taken for ours.
const { execFileSync, spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const LOCAL = path.join(ROOT, '.local');
const DEFAULT_PG_PORT = 55432;
const DEFAULT_REDIS_PORT = 56379;
// What this checkout started, and on which ports: later runs, `npm test` and
// `npm run services:stop` read it. A service counts as ours only when its own pidfile
// (postmaster.pid in our data directory, redis.pid in ours) names a live process.
const STATE_FILE = path.join(LOCAL, 'services.json');
const CHECKOUT_ID = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
// PostgreSQL runs as the `postgres` user when we are root, and that user cannot enter a
// private (0700) home such as /root/<clone>: the cluster then lives in a directory that
// user owns, one per checkout. Without root it stays in .local/, owned by the user.
const PG_DIR = isRoot()
  ? path.join('/var/lib/postgresql/iln', CHECKOUT_ID)
  : path.join(LOCAL, 'pg');
const PG_DATA = path.join(PG_DIR, 'data');
// Clusters made before the move (root, in a readable folder) are still recognised as ours.
const LEGACY_PG_DATA = path.join(LOCAL, 'pg', 'data');
const REDIS_DIR = path.join(LOCAL, 'redis');
const REDIS_PIDFILE = path.join(REDIS_DIR, 'redis.pid');
const DB_USER = 'iln';
const DB_PASSWORD = 'iln';
const DB_NAME = 'iln';

const databaseUrlFor = (port) =>
  `postgres://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${port}/${DB_NAME}`;
const redisUrlFor = (port) => `redis://127.0.0.1:${port}`;

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
    const names = packages
      .map((p) => (p === 'postgresql' ? 'PostgreSQL 15+' : 'Redis 7'))
      .join(' and ');
    fail(
      `${names} ${packages.length > 1 ? 'are' : 'is'} needed and not installed. Install (Debian: apt-get install ${packages.join(' ')}), ` +
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
  if (fs.existsSync(base)) {
    const versions = fs
      .readdirSync(base)
      .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(base, versions[0], 'bin');
  }
  // Other layouts (Homebrew, Fedora): the server binaries are on PATH.
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout?.trim();
  return onPath && fs.existsSync(path.join(path.dirname(onPath), 'initdb'))
    ? path.dirname(onPath)
    : null;
}

// PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
// user that Debian's package creates.
function asPgUser(bin, args) {
  if (isRoot()) return run(runuserPath(), ['-u', 'postgres', '--', bin, ...args]);
  return run(bin, args);
}

// util-linux's runuser lives in /usr/sbin, which a root shell started without a login
// (cron, some CI runners) may not have on PATH.
function runuserPath() {
  if (commandExists('runuser')) return 'runuser';
  const found = ['/usr/sbin/runuser', '/sbin/runuser'].find((p) => fs.existsSync(p));
  if (!found) fail('runuser (util-linux) is needed to run PostgreSQL as the postgres user; install util-linux.');
  return found;
}

function psqlAdmin(pgBin, port, sql, db = 'postgres') {
  return asPgUser(path.join(pgBin, 'psql'), [
    '-h',
    PG_DIR,
    '-p',
    String(port),
    '-U',
    'postgres',
    '-d',
    db,
    '-v',
    'ON_ERROR_STOP=1',
    '-qAtc',
    sql,
  ]);
}

function readState() {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
  } catch {
    return {};
  }
}

function writeState(update) {
  fs.mkdirSync(LOCAL, { recursive: true });
  const state = { ...readState(), ...update, checkout: ROOT };
  fs.writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

function pidAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** The process's command line (argv joined by spaces), or '' when it cannot be read. */
function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/**
 * This checkout's PostgreSQL, if running: the postmaster.pid in our own data directory
 * names a live postgres process; its port is the one that file records.
 */
function ourPostgres() {
  for (const dataDir of [...new Set([PG_DATA, LEGACY_PG_DATA])]) {
    let lines;
    try {
      lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    } catch {
      continue;
    }
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    const cmd = commandLine(pid);
    if (pidAlive(pid) && (cmd === '' || cmd.includes('postgres')) && port > 0) {
      return { pid, port, dataDir, socketDir: lines[4] || path.dirname(dataDir) };
    }
  }
  return null;
}

/**
 * This checkout's Redis, if running: our pidfile names a live redis-server, and the port
 * is the one we recorded when we started it (and the one in its process title).
 */
function ourRedis() {
  let pid;
  try {
    pid = Number(fs.readFileSync(REDIS_PIDFILE, 'utf8').trim());
  } catch {
    return null;
  }
  const cmd = commandLine(pid);
  if (!pidAlive(pid) || (cmd !== '' && !cmd.includes('redis-server'))) return null;
  // redis-server's process title is "redis-server 127.0.0.1:<port>".
  const m = /:(\d+)/.exec(cmd);
  const titlePort = m ? Number(m[1]) : undefined;
  const port = readState().redis?.port ?? titlePort;
  if (!port || (titlePort !== undefined && titlePort !== port)) return null;
  return { pid, port };
}

/** True when we can listen on 127.0.0.1:port ourselves, i.e. nothing else holds it. */
function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/**
 * The port to start a service on: the preferred one (ILN_LOCAL_*_PORT, else the one we
 * used last time, else the default) when free; when something that is not ours holds it,
 * the next free one, said in one line. Never connects to the foreign listener.
 */
async function choosePort(name, envName, preferred) {
  if (await portFree(preferred)) return preferred;
  for (let port = preferred + 1; port < preferred + 50 && port < 65536; port++) {
    if (await portFree(port)) {
      log(
        `127.0.0.1:${preferred} is in use by something that is not this checkout's ${name}; using ${port} (remembered in ${path.relative(ROOT, STATE_FILE)})`,
      );
      return port;
    }
  }
  fail(
    `127.0.0.1:${preferred} and the 49 ports after it are in use by other programs: set ${envName} to a free port for ${name}.`,
  );
}

function preferredPort(envName, recorded, fallback) {
  const raw = process.env[envName];
  if (raw !== undefined && raw !== '') {
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      fail(`${envName} must be a port number (1-65535), got "${raw}"`);
    return port;
  }
  return recorded || fallback;
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portOpen(port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function preparePgDir() {
  if (!isRoot()) {
    fs.mkdirSync(PG_DIR, { recursive: true, mode: 0o700 });
    return;
  }
  // /var/lib/postgresql/iln/<checkout id>/, owned by postgres, 0700; `checkout` says whose.
  const parent = path.dirname(PG_DIR);
  for (const dir of [parent, PG_DIR]) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    run('chown', ['postgres:postgres', dir]);
    fs.chmodSync(dir, 0o700);
  }
  fs.writeFileSync(path.join(PG_DIR, 'checkout'), `${ROOT}\n`);
}

async function ensureLocalPostgres() {
  const ours = ourPostgres();
  if (ours && (await waitForPort(ours.port, 30_000))) {
    log(`PostgreSQL of this checkout already running on 127.0.0.1:${ours.port}`);
    writeState({ postgres: { port: ours.port, dataDir: ours.dataDir } });
    return databaseUrlFor(ours.port);
  }
  let pgBin = findPgBin();
  if (!pgBin) {
    aptInstall(['postgresql']);
    pgBin = findPgBin();
    if (!pgBin)
      fail('PostgreSQL was installed but pg_ctl was not found under /usr/lib/postgresql.');
  }
  const port = await choosePort(
    'PostgreSQL',
    'ILN_LOCAL_PG_PORT',
    preferredPort('ILN_LOCAL_PG_PORT', readState().postgres?.port, DEFAULT_PG_PORT),
  );
  preparePgDir();
  if (!fs.existsSync(path.join(PG_DATA, 'PG_VERSION'))) {
    log(`initdb ${PG_DATA}`);
    asPgUser(path.join(pgBin, 'initdb'), [
      '-D',
      PG_DATA,
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
  }
  log(`starting PostgreSQL on 127.0.0.1:${port} (data in ${PG_DATA})`);
  const options = [
    `-p ${port}`,
    `-k ${PG_DIR}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=300',
    '-c shared_buffers=512MB',
  ].join(' ');
  try {
    asPgUser(path.join(pgBin, 'pg_ctl'), [
      '-D',
      PG_DATA,
      '-l',
      path.join(PG_DIR, 'postgres.log'),
      '-o',
      options,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  } catch {
    fail(`PostgreSQL did not start on port ${port}; see ${path.join(PG_DIR, 'postgres.log')}`);
  }
  writeState({ postgres: { port, dataDir: PG_DATA } });
  const exists = psqlAdmin(
    pgBin,
    port,
    `SELECT 1 FROM pg_roles WHERE rolname = '${DB_USER}'`,
  ).trim();
  if (!exists) {
    psqlAdmin(
      pgBin,
      port,
      `CREATE ROLE ${DB_USER} LOGIN CREATEDB CREATEROLE PASSWORD '${DB_PASSWORD}'`,
    );
  }
  const dbExists = psqlAdmin(
    pgBin,
    port,
    `SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'`,
  ).trim();
  if (!dbExists) psqlAdmin(pgBin, port, `CREATE DATABASE ${DB_NAME} OWNER ${DB_USER}`);
  return databaseUrlFor(port);
}

async function ensureLocalRedis() {
  const ours = ourRedis();
  if (ours && (await waitForPort(ours.port, 10_000))) {
    log(`Redis of this checkout already running on 127.0.0.1:${ours.port}`);
    writeState({ redis: { port: ours.port } });
    return redisUrlFor(ours.port);
  }
  if (!commandExists('redis-server')) aptInstall(['redis-server']);
  const port = await choosePort(
    'Redis',
    'ILN_LOCAL_REDIS_PORT',
    preferredPort('ILN_LOCAL_REDIS_PORT', readState().redis?.port, DEFAULT_REDIS_PORT),
  );
  fs.mkdirSync(REDIS_DIR, { recursive: true, mode: 0o700 });
  fs.rmSync(REDIS_PIDFILE, { force: true });
  log(`starting Redis on 127.0.0.1:${port}`);
  // AOF and noeviction: BullMQ keeps the follow-up timers here, and an evicted key
  // would be a lost deadline (the reconciler would bring it back, but only later).
  run('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--daemonize',
    'yes',
    '--dir',
    REDIS_DIR,
    '--pidfile',
    REDIS_PIDFILE,
    '--logfile',
    path.join(REDIS_DIR, 'redis.log'),
    '--appendonly',
    'yes',
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
  ]);
  writeState({ redis: { port } });
  if (await waitForPort(port, 10_000)) return redisUrlFor(port);
  fail(`Redis did not start on port ${port}; see ${path.relative(ROOT, REDIS_DIR)}/redis.log`);
}

async function ensureDockerServices() {
  log('Docker engine found: docker compose up -d postgres redis');
  run('docker', ['compose', 'up', '-d', '--wait', 'postgres', 'redis'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  writeState({ docker: true });
  return {
    databaseUrl: databaseUrlFor(DEFAULT_PG_PORT),
    redisUrl: redisUrlFor(DEFAULT_REDIS_PORT),
  };
}

/** Returns the URLs to use, starting local services for whichever URL is not set. */
async function ensureServices(env = process.env) {
  let databaseUrl = env.DATABASE_URL;
  let redisUrl = env.REDIS_URL;
  if (databaseUrl && redisUrl) return { databaseUrl, redisUrl };
  // ILN_NO_DOCKER=1: local processes even where a Docker engine answers.
  if (!env.ILN_NO_DOCKER && dockerEngineAnswers()) {
    const urls = await ensureDockerServices();
    return { databaseUrl: databaseUrl || urls.databaseUrl, redisUrl: redisUrl || urls.redisUrl };
  }
  // Everything missing is named (or installed) at once, before anything is started.
  const missing = [];
  if (!databaseUrl && !findPgBin()) missing.push('postgresql');
  if (!redisUrl && !commandExists('redis-server')) missing.push('redis-server');
  if (missing.length) aptInstall(missing);
  if (!databaseUrl) databaseUrl = await ensureLocalPostgres();
  if (!redisUrl) redisUrl = await ensureLocalRedis();
  return { databaseUrl, redisUrl };
}

/** Stops exactly what this checkout started (per its own pidfiles); nothing else. */
async function stopServices() {
  const state = readState();
  let stopped = 0;
  if (
    state.docker &&
    commandExists('docker') &&
    fs.existsSync(path.join(ROOT, 'docker-compose.yml'))
  ) {
    spawnSync('docker', ['compose', 'stop', 'postgres', 'redis'], { cwd: ROOT, stdio: 'inherit' });
    stopped++;
  }
  const pg = ourPostgres();
  if (pg) {
    log(`stopping PostgreSQL (pid ${pg.pid}, port ${pg.port})`);
    const pgBin = findPgBin();
    try {
      if (!pgBin) throw new Error('pg_ctl not found');
      asPgUser(path.join(pgBin, 'pg_ctl'), [
        '-D',
        pg.dataDir,
        '-m',
        'fast',
        '-w',
        '-t',
        '60',
        'stop',
      ]);
    } catch (e) {
      log(`pg_ctl stop: ${e.message.split('\n')[0]}; sending SIGTERM to ${pg.pid}`);
      process.kill(pg.pid, 'SIGTERM');
    }
    stopped++;
  }
  const redis = ourRedis();
  if (redis) {
    log(`stopping Redis (pid ${redis.pid}, port ${redis.port})`);
    process.kill(redis.pid, 'SIGTERM');
    for (let i = 0; i < 100 && pidAlive(redis.pid); i++)
      await new Promise((r) => setTimeout(r, 100));
    stopped++;
  }
  if (!stopped) log('nothing started by this checkout is running');
}

// The web app's browser tests drive Debian's chromium (Playwright's own browser download
// cannot run here): installed with apt-get when missing, as PostgreSQL and Redis are.
// CHROMIUM_PATH names another binary.
function ensureChromium(env = process.env) {
  const wanted = env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (fs.existsSync(wanted)) return wanted;
  if (env.CHROMIUM_PATH) fail(`CHROMIUM_PATH: no such file "${wanted}"`);
  if (!isRoot() || !commandExists('apt-get')) {
    fail('chromium is needed for the web app tests and not installed. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.');
  }
  aptInstall(['chromium']);
  return wanted;
}

module.exports = { ensureServices, ensureChromium, stopServices, findPgBin, ROOT, LOCAL, PG_DIR, STATE_FILE, log };
