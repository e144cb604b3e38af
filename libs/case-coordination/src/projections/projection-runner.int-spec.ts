import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { EventStore, NewEvent, PostgresEventStore, RecordedEvent } from '@iln/event-store';
import { buildDataSourceOptions } from '@iln/platform/database/data-source';
import { createTestDatabase, TestDatabase, waitFor, waitUntilVisible } from '@iln/testing';
import { allocate, history, openCase } from '../domain/case-spec.fixtures';
import type { CaseCommand } from '../domain/commands';
import type { CaseEvent } from '../domain/events';
import { AdvisoryLockSession } from './advisory-lock-session';
import { ALL_PROJECTIONS } from './all-projections';
import { readCheckpoints } from './checkpoints';
import type { Projection } from './projection';
import { ProjectionRunner, RunnerLogger } from './projection-runner';
import { rebuildProjection } from './rebuild';
import { typeOrmDb } from './typeorm-db';

const quiet: RunnerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

function caseHistory(caseId: string, n: number): CaseEvent[] {
  const base = { ...openCase, data: { ...openCase.data, caseId, reference: `ILN-GRA-${String(n).padStart(6, '0')}` } };
  const steps: CaseCommand[] = [
    base,
    allocate,
    { type: 'RequestSpecialistInput', data: { serviceId: 'falls', mode: 'brokered', urgency: 'urgent', request: 'r' } },
    { type: 'RaiseSafeguardingConcern', data: { categories: ['neglect'], risk: 'high', summary: 's' } },
    { type: 'DraftCarePlan', data: { whatMatters: 'w', goals: [{ description: 'g' }], actions: [] } },
    { type: 'AgreeCarePlan', data: { agreedWithResident: true } },
    { type: 'AddNote', data: { text: 't', restricted: true } },
  ] as CaseCommand[];
  return history(...steps);
}

async function appendCase(store: EventStore, caseId: string, n: number): Promise<string> {
  const events: NewEvent[] = caseHistory(caseId, n).map((e, i) => ({
    eventId: `00000000-0000-4000-8000-${String(n).padStart(6, '0')}${String(i).padStart(6, '0')}`,
    type: e.type,
    data: e.data,
    metadata: { correlationId: 'c', causationId: null, actor: { id: 'p-ana', name: 'Ana' }, schemaVersion: 1 },
  }));
  // Several appends per case, so batches cut across cases and transactions.
  await store.appendToStream(`case-${caseId}`, events.slice(0, 3), { expectedVersion: 'no-stream' });
  const { position } = await store.appendToStream(`case-${caseId}`, events.slice(3), { expectedVersion: 3 });
  return position;
}

async function checksums(ds: DataSource): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of ALL_PROJECTIONS) {
    for (const table of p.tables) {
      const rows: Array<{ r: string }> = await ds.query(`SELECT t::text AS r FROM ${table} t ORDER BY 1`);
      out[table] = `${rows.length}:${createHash('sha256').update(rows.map((x) => x.r).join('\n')).digest('hex')}`;
    }
  }
  return out;
}

describe('projection runner against PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(buildDataSourceOptions({ url: db.url })).initialize();
    pool = new Pool({ connectionString: db.url });
    store = new PostgresEventStore(pool, { pollIntervalMs: 200 });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await ds.destroy();
    await db.drop();
  });

  it('survives a failure mid-batch and ends identical to a fresh rebuild', async () => {
    let head = '';
    for (let n = 1; n <= 12; n++) head = await appendCase(store, `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`, n);
    await waitUntilVisible(store, head);

    // First run: the case-list projection fails inside its transaction on the 25th event of the
    // log, after applying the events before it in the same batch, and the process "dies" (stops)
    // while retrying: nothing of the failed transaction may stay.
    const poison = (await store.readAll(null, { limit: 25 }))[24].position;
    const failing: Projection[] = ALL_PROJECTIONS.map((p) =>
      p.name !== 'case-list'
        ? p
        : {
            ...p,
            name: p.name,
            tables: p.tables,
            applyBatch: async (tx, events) => {
              for (const e of events) {
                if (e.position === poison) throw new Error('injected crash');
                await p.applyBatch(tx, [e]);
              }
            },
          },
    );
    const locks1 = new AdvisoryLockSession({ connectionString: db.url });
    const first = new ProjectionRunner(typeOrmDb(ds), store, locks1, failing, quiet, { batchSize: 40, initialBackoffMs: 50 });
    first.start();
    const failure = await waitFor(async () => (await readCheckpoints(typeOrmDb(ds), ['case-list']))[0]?.lastError, { timeoutMs: 20_000 });
    expect(failure).toContain('applying');
    await first.stop();
    await locks1.close();
    // Stopped just before the poison event: the 24 events before it committed, nothing after.
    const [stuck] = await readCheckpoints(typeOrmDb(ds), ['case-list']);
    expect(stuck.position).toBe((await store.readAll(null, { limit: 24 }))[23].position);

    // Restart with the real projections: every read model reaches the head.
    const locks2 = new AdvisoryLockSession({ connectionString: db.url });
    const second = new ProjectionRunner(typeOrmDb(ds), store, locks2, ALL_PROJECTIONS, quiet, { batchSize: 40 });
    second.start();
    await waitFor(
      async () =>
        (await readCheckpoints(typeOrmDb(ds))).filter((c) => store.compareCheckpoints(c.position, head) >= 0).length === ALL_PROJECTIONS.length,
      { timeoutMs: 20_000 },
    );
    const afterRestart = await checksums(ds);
    const [count] = await ds.query(`SELECT count(*)::int AS n FROM rm_case_list`);
    expect(count.n).toBe(12);

    // A rebuild from the log while the runner keeps running gives byte-identical tables.
    for (const p of ALL_PROJECTIONS) await rebuildProjection(typeOrmDb(ds), store, p);
    expect(await checksums(ds)).toEqual(afterRestart);

    // And the runner carries on after the swap: a new case reaches every model.
    const newHead = await appendCase(store, '00000000-0000-4000-9000-000000000099', 99);
    await waitFor(async () => (await readCheckpoints(typeOrmDb(ds))).every((c) => store.compareCheckpoints(c.position, newHead) >= 0), { timeoutMs: 20_000 });
    const [count2] = await ds.query(`SELECT count(*)::int AS n FROM rm_case_list`);
    expect(count2.n).toBe(13);
    const indexes: Array<{ indexname: string }> = await ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'rm_case_list' ORDER BY 1`);
    expect(indexes.map((i) => i.indexname)).toEqual([
      'rm_case_list_closed_at',
      'rm_case_list_coordinator',
      'rm_case_list_locality_status',
      'rm_case_list_nhs_number',
      'rm_case_list_pkey',
      'rm_case_list_reference_trgm',
      'rm_case_list_resident_trgm',
    ]);
    await second.stop();
    await locks2.close();
  });

  it('lets only one runner own a projection at a time', async () => {
    const a = new AdvisoryLockSession({ connectionString: db.url });
    const b = new AdvisoryLockSession({ connectionString: db.url });
    expect((await a.tryLock('case-list')).acquired).toBe(true);
    expect((await b.tryLock('case-list')).acquired).toBe(false);
    await a.close(); // the owner dies: its session ends and the lock is free
    await waitFor(async () => (await b.tryLock('case-list')).acquired, { timeoutMs: 5000 });
    await b.close();
  });
});

export type { RecordedEvent };
