import { TEST_DATA_KEY_ENCRYPTION_KEY } from './data-key';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { waitFor } from '@iln/test-kit';

const ROOT = resolve(__dirname, '..', '..', '..');
const REGISTER = join(ROOT, 'scripts', 'lib', 'register-dist-paths.js');

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A free loopback port for a process the test starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts a compiled entry point (`apps/api/src/main.js`, ...) from dist/ as its own
 * process, the way production runs it. `npm test` compiles before running jest.
 */
export function startCompiled(entry: string, env: NodeJS.ProcessEnv, args: string[] = []): RunningProcess {
  const file = join(ROOT, 'dist', entry);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it)`);
  const child = spawn(process.execPath, ['-r', REGISTER, file, ...args], {
    cwd: ROOT,
    // AUTH_MODE=dev as `npm start` gives it; a test that means its absence passes AUTH_MODE: undefined.
    env: { PATH: process.env.PATH, AUTH_MODE: 'dev', DATA_KEY_ENCRYPTION_KEY: TEST_DATA_KEY_ENCRYPTION_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return {
    child,
    output: () => out,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => {
      const res = await fetch(url);
      return res.ok;
    },
    { timeoutMs, intervalMs: 100, description: url },
  );
}
