import { randomBytes } from 'node:crypto';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const REGISTER = path.join(ROOT, 'scripts', 'lib', 'register-dist-paths.js');

export interface AppProcess {
  output(): string;
  /** The process's peak resident memory so far, in MiB (null where /proc cannot tell). */
  peakRssMiB(): number | null;
  stop(): Promise<void>;
}

/**
 * Follows a child's peak RSS: the kernel keeps the high-water mark (VmHWM in
 * /proc/<pid>/status), so sampling it every 200 ms misses only a peak reached after the
 * last sample (the last one is taken as the process exits or is stopped). An API run with
 * API_PROCESSES > 1 is a `node:cluster` primary whose forks serve: the figure is the
 * largest of the process and its children (the goal is per API process), not their sum.
 */
export class PeakRss {
  private kib: number | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number | undefined) {
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }

  sample(): void {
    if (this.pid === undefined) return;
    for (const pid of [this.pid, ...childrenOf(this.pid)]) {
      try {
        const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (match) this.kib = Math.max(this.kib ?? 0, Number(match[1]));
      } catch {
        // gone, or not Linux
      }
    }
  }

  finish(): void {
    clearInterval(this.timer);
  }

  mib(): number | null {
    return this.kib === null ? null : Math.round(this.kib / 1024);
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The heap flags every app process runs with (scripts/lib/node-flags.js: `npm start` and Docker use the same). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_HEAP_FLAGS } = require(path.join(ROOT, 'scripts', 'lib', 'node-flags.js')) as { NODE_HEAP_FLAGS: readonly string[] };

function nodeArgs(): string[] {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the apps under load
  // (given after the heap flags, so it can also try others: a later flag wins).
  return [...NODE_HEAP_FLAGS, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function compiled(entry: string): string {
  return path.join(ROOT, 'dist', entry);
}

/** The environment every app process of the benchmark runs with. */
/** A key-encryption key for this run when none is given (npm run bench gives the local one). */
const BENCH_DATA_KEY = randomBytes(32).toString('base64');

export function appEnv(databaseUrl: string, redisUrl: string, keyPrefix: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: keyPrefix,
    AUTH_MODE: 'dev',
    LOG_LEVEL: 'warn',
    // The limits protect a shared service from one client; the benchmark is that client.
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_PER_IP_PER_MINUTE: '10000000',
    // The apps refuse to start without one; the bench's databases are its own and dropped.
    DATA_KEY_ENCRYPTION_KEY: process.env.DATA_KEY_ENCRYPTION_KEY || BENCH_DATA_KEY,
    ...extra,
  };
}

/** Starts a compiled entry point as production does (`node dist/...`), output kept for errors. */
export function startApp(entry: string, env: NodeJS.ProcessEnv, args: string[] = []): AppProcess {
  const file = compiled(entry);
  if (!existsSync(file)) throw new Error(`${entry} is not built`);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs(), '-r', REGISTER, file, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const rss = new PeakRss(child.pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (rss.finish(), resolve())));
  return {
    output: () => out,
    peakRssMiB: () => (rss.sample(), rss.mib()),
    async stop() {
      rss.sample();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a compiled CLI to completion; rejects with its output's tail if it fails. */
export async function runCli(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return (await runCliMeasured(entry, args, env)).output;
}

/** `runCli`, with the process's peak RSS in MiB (null where /proc cannot tell). */
export function runCliMeasured(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ output: string; peakRssMiB: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs(), '-r', REGISTER, compiled(entry), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const rss = new PeakRss(child.pid);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      rss.finish();
      if (code === 0) resolve({ output: out, peakRssMiB: rss.mib() });
      else reject(new Error(`${args[0]} exited ${code}: ${out.slice(-400)}`));
    });
  });
}

export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RunningApi {
  baseUrl: string;
  process: AppProcess;
}

export async function startApi(env: NodeJS.ProcessEnv): Promise<RunningApi> {
  const port = await freePort();
  const proc = startApp('apps/api/src/main.js', { ...env, PORT: String(port) });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(async () => (await fetch(`${baseUrl}/health/live`)).ok, 60_000, 'the API to start');
  } catch (e) {
    await proc.stop();
    throw new Error(`${(e as Error).message}: ${proc.output().slice(-400)}`);
  }
  return { baseUrl, process: proc };
}

/** A follow-up policy file with the given overrides, for FOLLOW_UP_POLICY_FILE. */
export function policyFile(overrides: Record<string, string>): string {
  const file = path.join(tmpdir(), `iln-bench-policy-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(overrides));
  return file;
}
