// kill -9 the worker while it projects 100,000 events, restart it, and every read model
// equals a fresh rebuild from the log: nothing dropped, nothing applied twice.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createEventStore, type EventStore } from '@iln/event-store';
import { ALL_PROJECTIONS, readCheckpoints } from '@iln/case-coordination';
import { createTestDatabase, freePort, startCompiled, testRedisUrl, waitFor, waitForHttp, type RunningProcess, type TestDatabase } from '@iln/testing';
import { readModelChecksums } from '@iln/testing/faults/read-model-checksums';
import { generateCase } from '../../bench/lib/case-histories';

jest.setTimeout(420_000);

const TARGET_EVENTS = Number(process.env.RELIABILITY_EVENTS ?? 100_000);
const TABLES = ALL_PROJECTIONS.flatMap((p) => [...p.tables]);
const NAMES = ALL_PROJECTIONS.map((p) => p.name);

describe('worker killed mid-projection', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: EventStore;
  const started: RunningProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 8 });
    store = createEventStore({ kind: 'postgres', pool });
  });

  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    await store?.close();
    await pool?.end().catch(() => undefined);
    await db?.drop();
  });

  const startWorker = async (): Promise<RunningProcess> => {
    const port = await freePort();
    const proc = startCompiled('apps/worker/src/main.js', {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `iln-wc-${randomUUID().slice(0, 8)}`,
      WORKER_PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    started.push(proc);
    await waitForHttp(`http://127.0.0.1:${port}/health/live`, 60_000);
    return proc;
  };
  const checkpoints = () => readCheckpoints({ query: (sql: string, params?: unknown[]) => pool.query(sql, params).then((r) => r.rows) }, NAMES);

  it(`projects ${TARGET_EVENTS} events through a kill -9 and matches a rebuild`, async () => {
    // Whole closed case histories made by the decider: closing cancels their follow-ups,
    // so the timers append nothing and the log stays still while the models are compared.
    let events = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (events < TARGET_EVENTS) {
          const history = generateCase(next++, { close: true });
          events += history.events.length;
          await store.appendToStream(`case-${history.caseId}`, history.events, { expectedVersion: 'no-stream' });
        }
      }),
    );
    const head = await store.headPosition();

    const first = await startWorker();
    // Killed once every projection has made real progress and none has finished.
    await waitFor(
      async () => {
        const rows = await checkpoints();
        return rows.length === NAMES.length && rows.every((r) => r.eventsApplied >= Math.min(5_000, events / 10));
      },
      { timeoutMs: 240_000, intervalMs: 50, description: 'every projection part-way' },
    );
    first.child.kill('SIGKILL');
    const { signal } = await first.exited;
    expect(signal).toBe('SIGKILL');
    const atKill = await checkpoints();
    expect(atKill.some((r) => r.eventsApplied < events)).toBe(true);

    const second = await startWorker();
    await waitFor(async () => (await checkpoints()).every((r) => r.position === head), {
      timeoutMs: 300_000,
      intervalMs: 200,
      description: 'every projection caught up with the head after the restart',
    });
    await second.stop('SIGTERM');
    expect(await store.headPosition()).toBe(head);

    // Each batch commits its rows with its checkpoint, so across the crash every event
    // was applied exactly once per projection.
    for (const r of await checkpoints()) expect({ projection: r.projection, applied: r.eventsApplied }).toEqual({ projection: r.projection, applied: events });

    const live = await readModelChecksums(pool, TABLES);
    const rebuild = startCompiled('apps/worker/src/cli.js', { NODE_ENV: 'test', DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), LOG_LEVEL: 'warn' }, ['projections:rebuild']);
    started.push(rebuild);
    const { code } = await rebuild.exited;
    expect({ code, output: code === 0 ? '' : rebuild.output().slice(-2000) }).toEqual({ code: 0, output: '' });
    const rebuilt = await readModelChecksums(pool, TABLES);
    expect(live).toEqual(rebuilt);
    expect(live.rm_case_list.rows).toBeGreaterThan(1000);

    process.stdout.write(
      `worker crash: ${events} events, killed with ${atKill.map((r) => `${r.projection}=${r.eventsApplied}`).join(' ')}; ` +
        `after restart every projection applied ${events} once; ${TABLES.length} tables equal a rebuild (${Object.values(live).reduce((n, t) => n + t.rows, 0)} rows)\n`,
    );
  });
});
