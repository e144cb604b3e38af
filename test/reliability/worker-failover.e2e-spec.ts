// Two workers (compiled, real PostgreSQL and Redis) with commands flowing through the API:
// kill -9 the one that holds the projections' advisory locks, and the other takes every
// projection over. Afterwards each read model equals a rebuild from the log (nothing
// lost, nothing applied twice: row sets and checkpoints), and every follow-up that fell
// due became overdue and was escalated exactly once.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { ALL_PROJECTIONS, PROJECTION_LOCK_NAMESPACE, readCheckpoints, upsertReferenceData } from '@iln/case-coordination';
import { createTestDatabase, freePort, startCompiled, testRedisUrl, waitFor, waitForHttp, type RunningProcess, type TestDatabase } from '@iln/testing';
import { CommandLoad } from '@iln/testing/faults/command-load';
import { readModelChecksums } from '@iln/testing/faults/read-model-checksums';
import { devTokenFrom, openCasesOn } from '../cases-helpers';

jest.setTimeout(300_000);

const TABLES = ALL_PROJECTIONS.flatMap((p) => [...p.tables]);
const NAMES = ALL_PROJECTIONS.map((p) => p.name);

describe('worker failover', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iln-failover-'));
  let db: TestDatabase;
  let pool: Pool;
  const started: RunningProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 4 });
    await upsertReferenceData(pool);
  });

  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    await pool?.end();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const checkpoints = () => readCheckpoints({ query: (sql: string, params?: unknown[]) => pool.query(sql, params).then((r) => r.rows) }, NAMES);

  /** For each projection lock held in this database, the pid its session's application_name names. */
  const lockOwners = async (): Promise<number[]> => {
    const { rows } = await pool.query<{ application_name: string }>(
      `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objsubid = 2
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [PROJECTION_LOCK_NAMESPACE],
    );
    return rows.map((r) => Number(/^iln-projection-locks (\d+) /.exec(r.application_name)?.[1] ?? NaN));
  };
  const allOwnedBy = async (pid: number): Promise<boolean> => {
    const owners = await lockOwners();
    return owners.length === NAMES.length && owners.every((o) => o === pid);
  };
  const countEvents = async (type?: string): Promise<number> =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM es_events WHERE $1::text IS NULL OR type = $1`, [type ?? null])).rows[0].n);

  it('the standby takes over every projection from a killed owner; nothing lost or doubled, follow-ups fire once', async () => {
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ 'allocate-coordinator': 'PT4S', 'escalation-grace': 'PT3S' }));
    const env = {
      NODE_ENV: 'test',
      AUTH_MODE: 'dev',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `iln-failover-${randomUUID().slice(0, 8)}`,
      FOLLOW_UP_POLICY_FILE: policyFile,
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_PER_IP_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
    };
    const apiPort = await freePort();
    started.push(startCompiled('apps/api/src/main.js', { ...env, PORT: String(apiPort) }));
    const api = `http://127.0.0.1:${apiPort}`;
    const startWorker = async (): Promise<RunningProcess> => {
      const port = await freePort();
      const proc = startCompiled('apps/worker/src/main.js', { ...env, WORKER_PORT: String(port) });
      started.push(proc);
      await waitForHttp(`http://127.0.0.1:${port}/health/ready`, 60_000);
      return proc;
    };

    const active = await startWorker();
    await waitFor(() => allOwnedBy(active.child.pid!), { timeoutMs: 30_000, description: 'the first worker owning every projection' });
    const standby = await startWorker();
    await waitForHttp(`${api}/health/ready`, 60_000);
    // The standby is running (its runner asked for every lock at start) and owns nothing.
    expect(await allOwnedBy(active.child.pid!)).toBe(true);

    const token = await devTokenFrom(api, { sub: 'p-grays-1', name: 'Alex Fictionby', roles: ['practitioner'], organisation: 'thurrock-council', localities: ['grays'] });
    const before = await openCasesOn(api, token, 6);
    const load = new CommandLoad(api, token, before, 4);
    load.start();
    // Openings go on through the kill too: their follow-ups are scheduled by whichever worker runs.
    let opening = true;
    const opened: string[] = [...before];
    const openings = (async () => {
      while (opening) opened.push(...(await openCasesOn(api, token, 1)));
    })();

    let atKill: Awaited<ReturnType<typeof checkpoints>> = [];
    try {
      // Killed while it is applying the load: every projection has moved past the openings.
      const startApplied = await countEvents();
      await waitFor(async () => (await checkpoints()).every((r) => r.eventsApplied > startApplied + 100), {
        timeoutMs: 60_000,
        intervalMs: 50,
        description: 'every projection applying the load',
      });
      active.child.kill('SIGKILL');
      expect((await active.exited).signal).toBe('SIGKILL');
      atKill = await checkpoints();

      await waitFor(() => allOwnedBy(standby.child.pid!), { timeoutMs: 30_000, intervalMs: 100, description: 'the standby owning every projection' });
      // ...and applying what the load goes on writing.
      await waitFor(
        async () => {
          const now = await checkpoints();
          return now.every((r) => r.eventsApplied > atKill.find((k) => k.projection === r.projection)!.eventsApplied + 100);
        },
        { timeoutMs: 60_000, intervalMs: 100, description: 'every projection moving again under the standby' },
      );
    } finally {
      opening = false;
      await openings;
      await load.stop();
    }
    const tally = load.tally();
    expect(tally.acknowledged).toBeGreaterThan(0);
    expect(tally.noAnswer + Object.values(tally.refused).reduce((a, b) => a + b, 0)).toBe(0);

    // Every allocation falls due (4 s) and then past its grace (3 s): the standby's queue
    // worker fires them, including any job the killed worker held.
    await waitFor(async () => (await countEvents('FollowUpEscalated')) >= opened.length, {
      timeoutMs: 90_000,
      intervalMs: 200,
      description: `all ${opened.length} allocations escalated`,
    });
    const { rows: perFollowUp } = await pool.query<{ id: string; overdue: string; escalated: string }>(
      `SELECT data->>'followUpId' AS id, count(*) FILTER (WHERE type = 'FollowUpBecameOverdue') AS overdue, count(*) FILTER (WHERE type = 'FollowUpEscalated') AS escalated
         FROM es_events WHERE type IN ('FollowUpBecameOverdue', 'FollowUpEscalated') GROUP BY 1`,
    );
    expect(perFollowUp).toHaveLength(opened.length);
    for (const r of perFollowUp) expect({ id: r.id, overdue: Number(r.overdue), escalated: Number(r.escalated) }).toEqual({ id: r.id, overdue: 1, escalated: 1 });

    const events = await countEvents();
    await waitFor(async () => (await checkpoints()).every((r) => r.eventsApplied === events), {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: 'every projection caught up with the log',
    });
    await standby.stop('SIGTERM');
    expect(await countEvents()).toBe(events);

    // Each event applied once per projection, across the two owners.
    for (const r of await checkpoints()) expect({ projection: r.projection, applied: r.eventsApplied }).toEqual({ projection: r.projection, applied: events });
    const live = await readModelChecksums(pool, TABLES);
    const rebuild = startCompiled('apps/worker/src/cli.js', { ...env }, ['projections:rebuild']);
    started.push(rebuild);
    const { code } = await rebuild.exited;
    expect({ code, output: code === 0 ? '' : rebuild.output().slice(-2000) }).toEqual({ code: 0, output: '' });
    expect(live).toEqual(await readModelChecksums(pool, TABLES));

    process.stdout.write(
      `worker failover: owner killed at ${atKill.map((r) => `${r.projection}=${r.eventsApplied}`).join(' ')}; ` +
        `${tally.acknowledged} notes and ${opened.length} openings acknowledged, ${events} events; the standby took every projection, ` +
        `each applied all ${events} once; ${TABLES.length} tables (${Object.values(live).reduce((n, t) => n + t.rows, 0)} rows) equal a rebuild; ` +
        `${opened.length} allocations overdue and escalated once each\n`,
    );
  });
});
