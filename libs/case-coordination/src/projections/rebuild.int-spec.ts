import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { NewEvent, PostgresEventStore, RecordedEvent } from '@iln/event-store';
import { buildDataSourceOptions } from '@iln/platform/database/data-source';
import { createTestDatabase, TestDatabase, waitUntilVisible } from '@iln/testing';
import { allocate, history, openCase } from '../domain/case-spec.fixtures';
import type { CaseCommand } from '../domain/commands';
import { ALL_PROJECTIONS } from './all-projections';
import { dashboardProjection } from '../read-models/dashboard/dashboard.projection';
import { readCheckpoints } from './checkpoints';
import type { Projection } from './projection';
import { rebuildProjections, type RebuildProgress } from './rebuild';
import { typeOrmDb } from './typeorm-db';

const PAGE = 20;
// COPY's text format escapes these; an actor's name reaches the timeline as it is.
const AWKWARD_NAME = 'Ana \\ O\'Brien\t(locum)\nnights\r\\N';
const AHEAD = 2;

function caseEvents(n: number): { caseId: string; events: NewEvent[] } {
  const caseId = `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
  const base = { ...openCase, data: { ...openCase.data, caseId, reference: `ILN-GRA-${String(n).padStart(6, '0')}` } };
  const steps = [base, allocate, { type: 'AddNote', data: { text: 't', restricted: false } }] as CaseCommand[];
  const events = history(...steps).map((e, i) => ({
    eventId: `00000000-0000-4000-8000-${String(n).padStart(6, '0')}${String(i).padStart(6, '0')}`,
    type: e.type,
    data: e.data,
    metadata: { correlationId: 'c', causationId: null, actor: { id: 'p-ana', name: n % 2 ? 'Ana' : AWKWARD_NAME }, schemaVersion: 1 },
  }));
  return { caseId, events };
}

/** A real store whose log reads are recorded: what was asked for, and what came back. */
class RecordingStore extends PostgresEventStore {
  readonly reads: Array<{ after: string | null; limit: number; returned: RecordedEvent[] }> = [];
  onRead: (call: number) => Promise<void> = async () => undefined;

  override async readAll(after: string | null, options: { limit: number }): Promise<RecordedEvent[]> {
    const returned = await super.readAll(after, options);
    this.reads.push({ after, limit: options.limit, returned });
    await this.onRead(this.reads.length);
    return returned;
  }
}

describe('rebuild against PostgreSQL', () => {
  /** The dashboard's tables as PostgreSQL prints their rows, sorted. */
  const dashboardRows = async () => {
    const rows = async (table: string) => ((await ds.query(`SELECT t::text AS r FROM ${table} t`)) as Array<{ r: string }>).map((x) => x.r).sort();
    return { cases: await rows('rm_dashboard_cases'), counts: await rows('rm_dashboard_counts'), items: await rows('rm_dashboard_items') };
  };

  let db: TestDatabase;
  let ds: DataSource;
  let pool: Pool;
  let store: RecordingStore;
  let total = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(buildDataSourceOptions({ url: db.url })).initialize();
    pool = new Pool({ connectionString: db.url });
    store = new RecordingStore(pool, { pollIntervalMs: 200 });
    let head = '';
    // 60 cases of 4 events, several appends each: the log is 12 pages of 20.
    for (let n = 1; n <= 60; n++) {
      const { caseId, events } = caseEvents(n);
      await store.appendToStream(`case-${caseId}`, events.slice(0, 2), { expectedVersion: 'no-stream' });
      head = (await store.appendToStream(`case-${caseId}`, events.slice(2), { expectedVersion: 2 })).position;
      total += events.length;
    }
    await waitUntilVisible(store, head);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await ds.destroy();
    await db.drop();
  });

  it('streams the log in bounded keyset pages, never more than a few pages ahead of the slowest model', async () => {
    store.reads.length = 0;
    const applied = new Map<string, number>();
    let worstAhead = 0;
    store.onRead = async () => {
      // Events read so far against the events the slowest model has written.
      const read = store.reads.reduce((n, r) => n + r.returned.length, 0);
      const slowest = Math.min(...ALL_PROJECTIONS.map((p) => applied.get(p.name) ?? 0));
      worstAhead = Math.max(worstAhead, read - slowest);
    };
    const progress = (p: RebuildProgress) => {
      if (p.phase === 'building') applied.set(p.projection, p.events);
    };
    const results = await rebuildProjections(typeOrmDb(ds), store, ALL_PROJECTIONS, progress, { pageSize: PAGE, pagesAhead: AHEAD });

    expect(results.map((r) => r.events)).toEqual(ALL_PROJECTIONS.map(() => total));
    // Every read asks for one page, never the log...
    expect(new Set(store.reads.map((r) => r.limit))).toEqual(new Set([PAGE]));
    expect(Math.max(...store.reads.map((r) => r.returned.length))).toBeLessThanOrEqual(PAGE);
    // ...the fill reads the log once, each page starting after the last one (keyset; the
    // swaps' catch-up reads find nothing more)...
    const fill = store.reads.filter((r) => r.returned.length > 0);
    expect(fill.reduce((n, r) => n + r.returned.length, 0)).toBe(total);
    fill.slice(1).forEach((r, i) => expect(r.after).toBe(fill[i].returned[fill[i].returned.length - 1].position));
    // ...and the reader waits for the slowest model: at most `AHEAD` pages held.
    expect(worstAhead).toBeLessThanOrEqual(AHEAD * PAGE);
    expect(worstAhead).toBeGreaterThan(0);
    const checkpoints = await readCheckpoints(typeOrmDb(ds));
    const head = fill[fill.length - 1].returned.at(-1)!.position;
    expect(checkpoints.filter((c) => c.position === head).map((c) => c.projection).sort()).toEqual(ALL_PROJECTIONS.map((p) => p.name).sort());
  });

  it('fills unlogged copies with no secondary index (none at all for the timeline), and swaps in logged tables with every index', async () => {
    const seen: Array<{ table: string; persistence: string; indexes: string[] }> = [];
    store.reads.length = 0;
    store.onRead = async (call) => {
      if (call !== 3) return;
      const rows: Array<{ table: string; persistence: string; indexes: string[] | null }> = await ds.query(
        `SELECT c.relname AS table, c.relpersistence AS persistence,
                array_remove(array_agg(i.relname::text ORDER BY i.relname), NULL) AS indexes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_index x ON x.indrelid = c.oid LEFT JOIN pg_class i ON i.oid = x.indexrelid
          WHERE n.nspname LIKE 'rm_rebuild_%' AND c.relkind = 'r' AND c.relname IN ('rm_case_list', 'rm_case_timeline')
          GROUP BY c.relname, c.relpersistence ORDER BY 1`,
      );
      seen.push(...rows.map((r) => ({ ...r, indexes: r.indexes ?? [] })));
    };
    await rebuildProjections(typeOrmDb(ds), store, ALL_PROJECTIONS, undefined, { pageSize: PAGE, pagesAhead: AHEAD });
    store.onRead = async () => undefined;

    expect(seen).toEqual([
      { table: 'rm_case_list', persistence: 'u', indexes: ['rm_case_list_pkey'] },
      { table: 'rm_case_timeline', persistence: 'u', indexes: [] },
    ]);
    const live: Array<{ relname: string; relpersistence: string }> = await ds.query(
      `SELECT relname, relpersistence FROM pg_class WHERE relname IN ('rm_case_list', 'rm_case_timeline') AND relkind = 'r' ORDER BY 1`,
    );
    expect(live).toEqual([
      { relname: 'rm_case_list', relpersistence: 'p' },
      { relname: 'rm_case_timeline', relpersistence: 'p' },
    ]);
    const indexes: Array<{ indexname: string }> = await ds.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('rm_case_list', 'rm_case_timeline') ORDER BY 1`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual([
      'rm_case_list_closed_at',
      'rm_case_list_coordinator',
      'rm_case_list_locality_status',
      'rm_case_list_nhs_number',
      'rm_case_list_pkey',
      'rm_case_list_reference_trgm',
      'rm_case_list_resident_trgm',
      'rm_case_timeline_pkey',
    ]);
    const [timeline] = await ds.query(`SELECT count(*)::int AS n, count(DISTINCT (case_id, version))::int AS distinct FROM rm_case_timeline`);
    expect(timeline).toEqual({ n: total, distinct: total });
    const names: Array<{ actor_name: string; n: number }> = await ds.query(`SELECT actor_name, count(*)::int AS n FROM rm_case_timeline GROUP BY 1 ORDER BY 1`);
    expect(names).toEqual([
      { actor_name: 'Ana', n: total / 2 },
      { actor_name: AWKWARD_NAME, n: total / 2 },
    ]);
    const shadows = await ds.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm_rebuild_%'`);
    expect(shadows).toEqual([]);
  });

  it('lets a model write what it held across the fill before its copy is made durable; the catch-up runs the ordinary path', async () => {
    const calls: Array<{ what: 'page' | 'finish' | 'catch-up'; held: unknown; persistence?: string }> = [];
    let late: { caseId: string; events: NewEvent[] } | null = null;
    const recording: Projection = {
      name: dashboardProjection.name,
      tables: dashboardProjection.tables,
      applyBatch: async (db, events) => {
        calls.push({ what: db.fillHeld ? 'page' : 'catch-up', held: db.fillHeld });
        await dashboardProjection.applyBatch(db, events);
      },
      finishFill: async (db) => {
        // A case opened after the fill's last page (appended before this transaction writes,
        // so its own open transaction does not hold the event back): the catch-up brings it in.
        late = caseEvents(1000);
        await waitUntilVisible(store, (await store.appendToStream(`case-${late.caseId}`, late.events, { expectedVersion: 'no-stream' })).position);
        const [{ relpersistence }] = await db.query(`SELECT relpersistence FROM pg_class WHERE oid = 'rm_dashboard_counts'::regclass`);
        calls.push({ what: 'finish', held: db.fillHeld, persistence: relpersistence });
        await dashboardProjection.finishFill(db);
      },
    };
    await rebuildProjections(typeOrmDb(ds), store, [recording], undefined, { pageSize: PAGE, pagesAhead: AHEAD });
    const rebuilt = await dashboardRows();

    expect(calls.map((c) => c.what)).toEqual([...calls.filter((c) => c.what === 'page').map(() => 'page'), 'finish', 'catch-up']);
    expect(new Set(calls.filter((c) => c.what !== 'catch-up').map((c) => c.held)).size).toBe(1);
    expect(calls.find((c) => c.what === 'finish')?.persistence).toBe('u');
    expect(calls.at(-1)?.held).toBeUndefined();
    // The same rows as the live path makes from the whole log, the late case included.
    await ds.query(`TRUNCATE ${dashboardProjection.tables.join(', ')}`);
    await typeOrmDb(ds).transaction(async (tx) => {
      for (let after: string | null = null; ; ) {
        const page = await store.readAll(after, { limit: 50 });
        if (page.length === 0) break;
        await dashboardProjection.applyBatch(tx, page);
        after = page[page.length - 1].position;
      }
    });
    expect(rebuilt.counts.length).toBeGreaterThan(0);
    expect(rebuilt.cases.filter((r) => r.startsWith(`(${late!.caseId},`))).toHaveLength(1);
    expect(await dashboardRows()).toEqual(rebuilt);
    total += late!.events.length;
  });

  it('leaves the live tables and no shadow schema behind when a model fails mid-fill', async () => {
    const tables = `SELECT relname, oid::int AS oid FROM pg_class WHERE relname IN ('rm_case_timeline', 'rm_case_list') AND relkind = 'r' ORDER BY 1`;
    const before = await ds.query(tables);
    const checkpoints = await readCheckpoints(typeOrmDb(ds));
    const failing = ALL_PROJECTIONS.map((p) =>
      p.name !== 'notes'
        ? p
        : {
            name: p.name,
            tables: p.tables,
            applyBatch: async () => {
              throw new Error('injected');
            },
          },
    );
    await expect(rebuildProjections(typeOrmDb(ds), store, failing, undefined, { pageSize: PAGE, pagesAhead: AHEAD })).rejects.toThrow('injected');
    expect(await ds.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm_rebuild_%'`)).toEqual([]);
    // The same tables (a swap would have replaced them) at the same checkpoints.
    expect(await ds.query(tables)).toEqual(before);
    expect(await readCheckpoints(typeOrmDb(ds))).toEqual(checkpoints);
  });
});
