import type { EventStore, RecordedEvent } from '@iln/event-store';
import { advanceCheckpoint, ensureCheckpoint, lockCheckpoint } from './checkpoints';
import type { FillHeld, Projection, SqlRunner } from './projection';
import type { TransactionalDb } from './projection-runner';

export interface RebuildProgress {
  projection: string;
  phase: 'building' | 'indexing' | 'swapping' | 'done';
  events: number;
}

export interface RebuildOptions {
  /** Events per read of the log (keyset pages: memory is bounded by these, never by the log's length). */
  pageSize?: number;
  /** Pages read ahead of the slowest model; the rebuild holds at most this many plus one page per model. */
  pagesAhead?: number;
}

// Big pages: each page is one multi-row write per read model (row-projection.ts), so round
// trips stay few; two pages of 5,000 events are a few tens of MiB at most.
const PAGE = 5000;
const PAGES_AHEAD = 2;

function shadowSchema(projection: string): string {
  return `rm_rebuild_${projection.replace(/[^a-z0-9]/g, '_')}`;
}

export interface RebuildResult {
  projection: string;
  events: number;
  position: string | null;
  /** Time from the first page to this model's swap, the shared log reads included. */
  ms: number;
}

/**
 * Rebuilds one read model from the whole log without the API ever seeing it half built
 * (see `rebuildProjections`, which this is for a single model).
 */
export async function rebuildProjection(
  db: TransactionalDb,
  store: EventStore,
  projection: Projection,
  onProgress: (p: RebuildProgress) => void = () => undefined,
  options: RebuildOptions = {},
): Promise<{ events: number; position: string | null }> {
  const [result] = await rebuildProjections(db, store, [projection], onProgress, options);
  return { events: result.events, position: result.position };
}

/**
 * Rebuilds read models from the whole log without the API ever seeing one half built.
 * Each model is built into copies of its tables in a shadow schema while the live tables
 * keep serving (and the live runner keeps updating them); then, under the checkpoint row
 * lock that the runner's batches also take, the copy catches up to the head and replaces
 * the live tables in one transaction. The runner notices the checkpoint moved and
 * continues from the new one. Only the read model is touched: follow-up timers have their
 * own consumer and checkpoint, so nothing fires again.
 *
 * Where the time goes, and what is done about it (README "Performance"):
 * - The log is read once for all models, in keyset pages, and each model consumes the
 *   pages on its own connection, so the models are written in parallel (PostgreSQL
 *   works on one model's page while Node folds another's) and a slow model only holds
 *   `pagesAhead` pages in memory, never the log.
 * - The copies are UNLOGGED and have no secondary index while they fill (no WAL, no
 *   index upkeep per row); append-only models (the timeline) have no index at all and
 *   are inserted without lookups. Once filled, a copy is made durable (SET LOGGED
 *   rewrites it into the WAL), its indexes are built in one pass each with the live
 *   indexes' names, and it is analysed: all before the swap, outside its lock.
 */
export async function rebuildProjections(
  db: TransactionalDb,
  store: EventStore,
  projections: readonly Projection[],
  onProgress: (p: RebuildProgress) => void = () => undefined,
  options: RebuildOptions = {},
): Promise<RebuildResult[]> {
  const pageSize = options.pageSize ?? PAGE;
  const results = projections.map((p) => ({ projection: p.name, events: 0, position: null as string | null, ms: 0 }));
  // What each model holds across its fill's pages (SqlRunner.fillHeld), written by its finishFill.
  const held = projections.map((): FillHeld => ({}));
  /** Runs `work` with the projection's unqualified table names resolving to the shadow copies. */
  const inShadow = async (tx: SqlRunner, i: number, filling: boolean, work: (fill: SqlRunner) => Promise<void>) => {
    await tx.query(`SET LOCAL search_path TO ${shadowSchema(projections[i].name)}, public`);
    // Each event reaches the copy once, in order (the catch-up starts after the fill's last).
    const fill: SqlRunner = { query: (sql, params) => tx.query(sql, params), rebuildFill: true, ...(filling ? { fillHeld: held[i] } : {}) };
    if (tx.copyFrom) fill.copyFrom = (sql, text) => tx.copyFrom!(sql, text);
    await work(fill);
    await tx.query(`SET LOCAL search_path TO public`);
  };
  const applyPage = async (tx: SqlRunner, i: number, page: readonly RecordedEvent[], filling: boolean) => {
    await inShadow(tx, i, filling, (fill) => projections[i].applyBatch(fill, page));
    results[i].position = page[page.length - 1].position;
    results[i].events += page.length;
  };
  const shapes: TableShape[][] = [];
  try {
    for (const projection of projections) {
      const schema = shadowSchema(projection.name);
      await ensureCheckpoint(db, projection.name);
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.query(`CREATE SCHEMA ${schema}`);
      const tables: TableShape[] = [];
      for (const table of projection.tables) tables.push(await createShadowTable(db, schema, table, !!appendOnly(projection)));
      shapes.push(tables);
    }
    const feed = new PageFeed(store, pageSize, options.pagesAhead ?? PAGES_AHEAD, projections.length);
    const started = Date.now();
    const build = async (i: number) => {
      const projection = projections[i];
      const schema = shadowSchema(projection.name);
      try {
        for (let n = 0; ; n++) {
          const page = await feed.page(i, n);
          if (!page) break;
          await db.transaction(async (tx) => {
            // The copy is thrown away if anything fails: no need to wait for each commit's flush.
            await tx.query(`SET LOCAL synchronous_commit TO off`);
            await applyPage(tx, i, page, true);
          });
          feed.done(i, n);
          onProgress({ projection: projection.name, phase: 'building', events: results[i].events });
        }
      } catch (e) {
        feed.fail(e);
        throw e;
      }
      if (projection.finishFill) {
        await db.transaction(async (tx) => {
          await tx.query(`SET LOCAL synchronous_commit TO off`);
          await inShadow(tx, i, true, (fill) => projection.finishFill!(fill));
        });
      }
      onProgress({ projection: projection.name, phase: 'indexing', events: results[i].events });
      for (const shape of shapes[i]) await finishShadowTable(db, schema, shape);
      onProgress({ projection: projection.name, phase: 'swapping', events: results[i].events });
      await db.transaction(async (tx) => {
        const live = await lockCheckpoint(tx, projection.name);
        // The live runner is held at `live` by the row lock; catch the copy up to the head
        // (which is at or past `live`) so the swapped-in model is never behind it.
        for (;;) {
          const page = await store.readAll(results[i].position, { limit: pageSize });
          if (page.length === 0) break;
          await applyPage(tx, i, page, false);
        }
        if (store.compareCheckpoints(results[i].position, live) < 0) throw new Error(`rebuild of ${projection.name} ended behind the live checkpoint`);
        for (const shape of shapes[i]) await swapTable(tx, schema, shape);
        if (results[i].position !== null) await advanceCheckpoint(tx, projection.name, results[i].position!, 0);
        await tx.query(`DROP SCHEMA ${schema} CASCADE`);
      });
      results[i].ms = Date.now() - started;
      onProgress({ projection: projection.name, phase: 'done', events: results[i].events });
    };
    const outcomes = await Promise.allSettled([feed.run(), ...projections.map((_, i) => build(i))]);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    return results;
  } catch (e) {
    for (const projection of projections) {
      await db.query(`DROP SCHEMA IF EXISTS ${shadowSchema(projection.name)} CASCADE`).catch(() => undefined);
    }
    throw e;
  }
}

function appendOnly(projection: Projection): boolean {
  return !!projection.appendOnly;
}

/**
 * The log, read once in keyset pages (each read starts after the last position seen) and
 * shared by every model being rebuilt. Reading stops while the slowest model is
 * `ahead` pages behind, and a page is dropped once every model has written it, so the
 * memory held is a few pages whatever the log's length.
 */
class PageFeed {
  private readonly pages = new Map<number, RecordedEvent[]>();
  private readonly next: number[];
  private read = 0;
  private end = false;
  private error: unknown = null;
  private wake: () => void = () => undefined;
  private changed = this.signal();

  constructor(
    private readonly store: EventStore,
    private readonly pageSize: number,
    private readonly ahead: number,
    consumers: number,
  ) {
    this.next = Array.from({ length: consumers }, () => 0);
  }

  async run(): Promise<void> {
    let position: string | null = null;
    try {
      while (!this.error) {
        if (this.read - Math.min(...this.next) >= this.ahead) {
          await this.changed;
          continue;
        }
        const page = await this.store.readAll(position, { limit: this.pageSize });
        if (page.length === 0) break;
        position = page[page.length - 1].position;
        this.pages.set(this.read++, page);
        this.notify();
      }
    } catch (e) {
      this.fail(e);
      throw e;
    } finally {
      this.end = true;
      this.notify();
    }
  }

  /** Page `n` for consumer `i`, or null past the end of the log. */
  async page(i: number, n: number): Promise<RecordedEvent[] | null> {
    for (;;) {
      if (this.error) throw this.error;
      const page = this.pages.get(n);
      if (page) return page;
      if (this.end && n >= this.read) return null;
      await this.changed;
    }
  }

  done(i: number, n: number): void {
    this.next[i] = n + 1;
    if (this.next.every((k) => k > n)) this.pages.delete(n);
    this.notify();
  }

  fail(e: unknown): void {
    this.error ??= e;
    this.notify();
  }

  private signal(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  private notify(): void {
    const wake = this.wake;
    this.changed = this.signal();
    wake();
  }
}

interface TableShape {
  table: string;
  /** Index-backed constraints (the primary key): name and definition. */
  constraints: Array<{ name: string; definition: string; added: boolean }>;
  /** Other indexes, as CREATE INDEX statements on the live table. */
  indexes: Array<{ name: string; definition: string }>;
}

/**
 * An empty copy of public.<table> in the shadow schema: columns, defaults and checks, no
 * WAL (UNLOGGED) and no index but its primary key (the folds look rows up by it), or none
 * at all for an append-only model.
 */
async function createShadowTable(db: SqlRunner, schema: string, table: string, appendOnly: boolean): Promise<TableShape> {
  const constraints: Array<{ name: string; definition: string }> = await db.query(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x') ORDER BY contype, conname`,
    [`public.${table}`],
  );
  const indexes: Array<{ name: string; definition: string }> = await db.query(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
      ORDER BY i.relname`,
    [`public.${table}`],
  );
  await db.query(`CREATE UNLOGGED TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL EXCLUDING INDEXES)`);
  const shape: TableShape = { table, constraints: constraints.map((c) => ({ ...c, added: false })), indexes };
  if (!appendOnly) {
    for (const c of shape.constraints.filter((c) => c.definition.startsWith('PRIMARY KEY'))) {
      await db.query(`ALTER TABLE ${schema}.${table} ADD CONSTRAINT ${c.name} ${c.definition}`);
      c.added = true;
    }
  }
  return shape;
}

/** Makes a filled copy durable, then builds its other constraints and indexes under the live names. */
async function finishShadowTable(db: SqlRunner, schema: string, shape: TableShape): Promise<void> {
  const target = `${schema}.${shape.table}`;
  await db.query(`ALTER TABLE ${target} SET LOGGED`);
  for (const c of shape.constraints.filter((c) => !c.added)) {
    await db.query(`ALTER TABLE ${target} ADD CONSTRAINT ${c.name} ${c.definition}`);
    c.added = true;
  }
  for (const index of shape.indexes) {
    // pg_get_indexdef names the table as public.<table>: the same index on the copy.
    const definition = index.definition.replace(` ON public.${shape.table} `, ` ON ${target} `);
    if (definition === index.definition) throw new Error(`cannot copy index ${index.name} of ${shape.table}`);
    await db.query(definition);
  }
  await db.query(`ANALYZE ${target}`);
}

/**
 * Replaces public.<table> by the shadow copy, whose indexes already carry the live ones'
 * names, keeping the live table's grants (the runtime role's, DATABASE_APP_ROLE): a copy
 * starts with none.
 */
async function swapTable(tx: SqlRunner, schema: string, shape: TableShape): Promise<void> {
  const { table } = shape;
  const grants: Array<{ grantee: string; privileges: string }> = await tx.query(
    `SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee,
            string_agg(a.privilege_type, ', ') AS privileges
       FROM pg_class c, aclexplode(c.relacl) a
      WHERE c.oid = $1::regclass AND a.grantee <> c.relowner
      GROUP BY a.grantee`,
    [`public.${table}`],
  );
  await tx.query(`DROP TABLE public.${table}`);
  await tx.query(`ALTER TABLE ${schema}.${table} SET SCHEMA public`);
  for (const g of grants) await tx.query(`GRANT ${g.privileges} ON public.${table} TO ${g.grantee}`);
}
