import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '@iln/platform/database/data-source';
import { freePort } from '../processes';

/**
 * A PostgreSQL cluster of the test's own, in a temp dir on a free loopback port, so a
 * test can stop and restart it without touching the shared one other tests use.
 */
export interface PrivatePostgres {
  /** The migrated `iln` database on this cluster. */
  url: string;
  port: number;
  /** `immediate` is a crash (no checkpoint, recovery from WAL on the next start). */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  destroy(): void;
}

export function findPgBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return join(base, versions[0], 'bin');
}

export const isRoot = (): boolean => userInfo().uid === 0;

// PostgreSQL refuses to run as root; as root the cluster belongs to the `postgres` user.
export function asPgUser(bin: string, args: string[]): void {
  if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'iln-faults-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  asPgUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  // fsync off: durability against an OS crash is not what these tests are about; a
  // process crash (`-m immediate`) still recovers every committed transaction from WAL.
  const options = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", '-c fsync=off', '-c max_connections=200'].join(' ');
  const pgCtl = (args: string[]) => asPgUser(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'postgres.log'), ...args]);
  let running = false;
  const start = () => {
    pgCtl(['-o', options, '-w', '-t', '60', 'start']);
    running = true;
  };
  const stop = (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return;
    pgCtl(['-m', mode, '-w', '-t', '60', 'stop']);
    running = false;
  };
  const destroy = () => {
    try {
      stop('immediate');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    start();
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE iln');
    } finally {
      await admin.end();
    }
    const url = `postgres://postgres@127.0.0.1:${port}/iln`;
    await runMigrations(url);
    return { url, port, stop, start, destroy };
  } catch (e) {
    destroy();
    throw e;
  }
}
