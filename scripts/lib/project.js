'use strict';
// Steps shared by start, test and the operator commands. Node's own modules only:
// this runs before dependencies are installed.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');
const { ROOT, log } = require('./services');
const { npmCommand, describeNode } = require('./runtime');
const { NODE_HEAP_FLAGS } = require('./node-flags');

// node_modules is reinstalled when package-lock.json or the node version changed since
// the last successful `npm ci` (a `git pull` that moves a dependency, or the runtime
// moving to a new Node: native addons are built for one ABI).
const STAMP = path.join(ROOT, 'node_modules', '.iln-install-stamp');

function installStamp() {
  const lock = fs.readFileSync(path.join(ROOT, 'package-lock.json'));
  return `${createHash('sha256').update(lock).digest('hex')} node ${process.version}\n`;
}

function ensureDependencies() {
  const wanted = installStamp();
  const installed = fs.existsSync(path.join(ROOT, 'node_modules', '.package-lock.json'));
  const stamp = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8') : null;
  if (installed && stamp === wanted) return;
  const why = !installed
    ? 'node_modules is missing'
    : stamp
      ? 'package-lock.json or the node version changed'
      : 'no install stamp';
  log(`installing dependencies (npm ci: ${why}) on ${describeNode()}`);
  const [npm, npmArgs] = npmCommand();
  const r = spawnSync(npm, [...npmArgs, 'ci', '--no-audit', '--no-fund'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw Object.assign(new Error('npm ci failed'), { userFacing: true });
  fs.writeFileSync(STAMP, wanted);
}

function bin(name) {
  return path.join(ROOT, 'node_modules', '.bin', name);
}

function runStep(title, cmd, args, env = process.env) {
  log(title);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) {
    throw Object.assign(new Error(`${title} failed (exit ${r.status ?? r.signal})`), {
      userFacing: true,
      exitCode: r.status || 1,
    });
  }
}

function build() {
  runStep('compiling TypeScript', bin('tsc'), ['-p', 'tsconfig.build.json']);
}

const REGISTER = path.join(ROOT, 'scripts', 'lib', 'register-dist-paths.js');

/**
 * Arguments for `node` to run a compiled entry point with the @iln/* aliases resolved and
 * the app processes' heap flags (`heapFlags: false` for a process that is not one of the
 * apps: the benchmark's runner, which starts the apps with those flags itself).
 */
function nodeArgs(entry, args = [], { heapFlags = true } = {}) {
  return [...(heapFlags ? NODE_HEAP_FLAGS : []), '-r', REGISTER, path.join(ROOT, 'dist', entry), ...args];
}

function runNode(title, entry, args, env, options) {
  runStep(title, process.execPath, nodeArgs(entry, args, options), env);
}

function spawnNode(entry, args, env, opts = {}) {
  return spawn(process.execPath, nodeArgs(entry, args), {
    cwd: ROOT,
    env,
    stdio: 'inherit',
    ...opts,
  });
}

module.exports = {
  ensureDependencies,
  npmCommand,
  build,
  bin,
  runStep,
  runNode,
  spawnNode,
  nodeArgs,
  ROOT,
};
