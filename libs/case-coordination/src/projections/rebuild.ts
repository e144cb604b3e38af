import type { EventStore, RecordedEvent } from '@iln/event-store';
import { advanceCheckpoint, ensureCheckpoint, lockCheckpoint } from './checkpoints';
import type { Projection, SqlRunner } from './projection';
import type { TransactionalDb } from './projection-runner';

export interface RebuildProgress {
  projection: string;
  phase: 'building' | 'swapping' | 'done';
  events: number;
}

// Big pages: the log is read once for every projection being rebuilt, and each page is
// one multi-row write per read model (row-projection.ts), so round trips stay few.
const PAGE = 5000;

function shadowSchema(projection: string): string {
  return `rm_rebuild_${projection.replace(/[^a-z0-9]/g, '_')}`;
}

export interface RebuildResult {
  projection: string;
  events: number;
  position: string | null;
  /** Time spent applying events to this model and swapping it in (the shared log reads excluded). */
  ms: number;
}

/**
 * Rebuilds one read model from the whole log without the API ever seeing it half built:
 * the model is built into copies of its tables in a shadow schema while the live tables
 * keep serving (and the live runner keeps updating them), then, under the checkpoint
 * row lock that the runner's batches also take, the copy catches up to the head and
 * replaces the live tables in one transaction. The runner notices the checkpoint moved
 * and continues from the new one. Only the read model is touched: follow-up timers have
 * their own consumer and checkpoint, so nothing fires again.
 */
export async function rebuildProjection(
  db: TransactionalDb,
  store: EventStore,
  projection: Projection,
  onProgress: (p: RebuildProgress) => void = () => undefined,
): Promise<{ events: number; position: string | null }> {
  const [result] = await rebuildProjections(db, store, [projection], onProgress);
  return { events: result.events, position: result.position };
}

/**
 * Rebuilds several read models as `rebuildProjection` does, reading the log once for all
 * of them: each page read is applied to every shadow model in one transaction, while the
 * next page is already being read. Each model is then caught up and swapped on its own.
 */
export async function rebuildProjections(
  db: TransactionalDb,
  store: EventStore,
  projections: readonly Projection[],
  onProgress: (p: RebuildProgress) => void = () => undefined,
): Promise<RebuildResult[]> {
  const results = projections.map((p) => ({ projection: p.name, events: 0, position: null as string | null, ms: 0 }));
  const applyPage = async (tx: SqlRunner, i: number, page: RecordedEvent[]) => {
    const started = Date.now();
    const projection = projections[i];
    // Unqualified table names in the projection now resolve to the shadow copies.
    await tx.query(`SET LOCAL search_path TO ${shadowSchema(projection.name)}, public`);
    await projection.applyBatch(tx, page);
    await tx.query(`SET LOCAL search_path TO public`);
    results[i].position = page[page.length - 1].position;
    results[i].events += page.length;
    results[i].ms += Date.now() - started;
  };
  try {
    for (const projection of projections) {
      const schema = shadowSchema(projection.name);
      await ensureCheckpoint(db, projection.name);
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.query(`CREATE SCHEMA ${schema}`);
      for (const table of projection.tables) {
        await db.query(`CREATE TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL)`);
      }
    }
    let position: string | null = null;
    let next = store.readAll(position, { limit: PAGE });
    for (;;) {
      const page = await next;
      if (page.length === 0) break;
      position = page[page.length - 1].position;
      // Read ahead while this page is written.
      next = store.readAll(position, { limit: PAGE });
      next.catch(() => undefined);
      await db.transaction(async (tx) => {
        for (let i = 0; i < projections.length; i++) await applyPage(tx, i, page);
      });
      for (const r of results) onProgress({ projection: r.projection, phase: 'building', events: r.events });
    }
    for (let i = 0; i < projections.length; i++) {
      const projection = projections[i];
      const started = Date.now();
      onProgress({ projection: projection.name, phase: 'swapping', events: results[i].events });
      await db.transaction(async (tx) => {
        const live = await lockCheckpoint(tx, projection.name);
        // The live runner is held at `live` by the row lock; catch the copy up to the head
        // (which is at or past `live`) so the swapped-in model is never behind it.
        for (;;) {
          const page = await store.readAll(results[i].position, { limit: PAGE });
          if (page.length === 0) break;
          await applyPage(tx, i, page);
        }
        if (store.compareCheckpoints(results[i].position, live) < 0) throw new Error(`rebuild of ${projection.name} ended behind the live checkpoint`);
        for (const table of projection.tables) await swapTable(tx, shadowSchema(projection.name), table);
        if (results[i].position !== null) await advanceCheckpoint(tx, projection.name, results[i].position!, 0);
        await tx.query(`DROP SCHEMA ${shadowSchema(projection.name)} CASCADE`);
      });
      results[i].ms += Date.now() - started;
      onProgress({ projection: projection.name, phase: 'done', events: results[i].events });
    }
    return results;
  } catch (e) {
    for (const projection of projections) {
      await db.query(`DROP SCHEMA IF EXISTS ${shadowSchema(projection.name)} CASCADE`).catch(() => undefined);
    }
    throw e;
  }
}

/**
 * Replaces public.<table> by the shadow copy, keeping the live indexes' names and the
 * live table's grants (the runtime role's, DATABASE_APP_ROLE): a copy starts with none.
 */
async function swapTable(tx: SqlRunner, schema: string, table: string): Promise<void> {
  const indexes = async (s: string): Promise<Array<{ name: string; shape: string }>> => {
    const rows: Array<{ indexname: string; indexdef: string }> = await tx.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2`,
      [s, table],
    );
    return rows.map((r) => ({ name: r.indexname, shape: r.indexdef.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+/, '') }));
  };
  const old = await indexes('public');
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
  for (const index of await indexes('public')) {
    const original = old.find((o) => o.shape === index.shape);
    if (original && original.name !== index.name) await tx.query(`ALTER INDEX public.${index.name} RENAME TO ${original.name}`);
  }
}
