import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '@iln/platform/database/data-source';
import { freePort } from '../processes';
import { waitFor } from '../wait-for';
import { asPgUser, findPgBin, isRoot } from './private-postgres';

/**
 * A real PostgreSQL streaming replica of the test's own: a private primary (initdb,
 * `wal_level=replica`, a `replicator` role with REPLICATION and its pg_hba line on
 * loopback) and a hot standby made from it by `pg_basebackup -R`, each on a free loopback
 * port, started as the `postgres` user when run as root (as scripts/services.js does).
 * The shared cluster other tests use is never touched.
 */
export interface PrivateReplicatedPostgres {
  /** The migrated `iln` database on the primary. */
  primaryUrl: string;
  /** The same database on the hot standby (read only). */
  replicaUrl: string;
  /** Stops replay on the standby (`pg_wal_replay_pause()`): it keeps receiving WAL but shows the old state. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops the standby (`immediate`: a crash) and starts it again; the primary keeps running. */
  stopReplica(): void;
  startReplica(): void;
  /** Until the standby has replayed everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

export async function startPrivateReplicatedPostgres(): Promise<PrivateReplicatedPostgres> {
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'iln-replica-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const primaryData = join(dir, 'primary');
  const replicaData = join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const options = (port: number) =>
    [`-p ${port}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", '-c fsync=off', '-c max_connections=100', '-c wal_level=replica', '-c max_wal_senders=4', '-c hot_standby=on'].join(' ');
  const pgCtl = (data: string, name: string, args: string[]) =>
    asPgUser(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, `${name}.log`), ...args]);
  const started: string[] = [];
  const start = (data: string, name: string, port: number) => {
    pgCtl(data, name, ['-o', options(port), '-w', '-t', '60', 'start']);
    if (!started.includes(data)) started.push(data);
  };
  const destroy = () => {
    for (const data of [...started].reverse()) {
      try {
        pgCtl(data, 'stop', ['-m', 'immediate', '-w', '-t', '60', 'stop']);
      } catch {
        // already stopped
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const admin = (port: number, db = 'postgres') => new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/${db}` });
  const onReplica = async <T>(sql: string): Promise<T> => {
    const c = admin(replicaPort, 'iln');
    await c.connect();
    try {
      return (await c.query(sql)).rows[0] as T;
    } finally {
      await c.end();
    }
  };
  try {
    asPgUser(join(bin, 'initdb'), ['-D', primaryData, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    // Replication for one role, on loopback only (initdb's default lets every role replicate).
    writeFileSync(
      join(primaryData, 'pg_hba.conf'),
      ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication replicator 127.0.0.1/32 trust', ''].join('\n'),
    );
    start(primaryData, 'primary', primaryPort);
    const c = admin(primaryPort);
    await c.connect();
    try {
      await c.query('CREATE DATABASE iln');
      await c.query('CREATE ROLE replicator WITH LOGIN REPLICATION');
    } finally {
      await c.end();
    }
    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/iln`;
    await runMigrations(primaryUrl);
    // -R writes standby.signal and primary_conninfo: the copy starts as a hot standby streaming from the primary.
    asPgUser(join(bin, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'replicator', '-D', replicaData, '-R', '-X', 'stream', '-c', 'fast']);
    start(replicaData, 'replica', replicaPort);
    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/iln`;
    const replicated: PrivateReplicatedPostgres = {
      primaryUrl,
      replicaUrl,
      stopReplica: () => pgCtl(replicaData, 'replica', ['-m', 'immediate', '-w', '-t', '60', 'stop']),
      startReplica: () => start(replicaData, 'replica', replicaPort),
      pauseReplay: async () => {
        await onReplica('SELECT pg_wal_replay_pause()');
      },
      resumeReplay: async () => {
        await onReplica('SELECT pg_wal_replay_resume()');
      },
      caughtUp: async (timeoutMs = 10_000) => {
        const p = admin(primaryPort, 'iln');
        await p.connect();
        let target: string;
        try {
          target = (await p.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn;
        } finally {
          await p.end();
        }
        await waitFor(async () => !(await onReplica<{ behind: boolean }>(`SELECT pg_last_wal_replay_lsn() < '${target}'::pg_lsn AS behind`)).behind, {
          timeoutMs,
          intervalMs: 20,
          description: `the standby replaying up to ${target}`,
        });
      },
      destroy,
    };
    return replicated;
  } catch (e) {
    destroy();
    throw e;
  }
}
