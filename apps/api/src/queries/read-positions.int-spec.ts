// Await-Position's waiting against real PostgreSQL: the checkpoints' trigger notifies, the
// waiters of a process share the reads it causes, and the limit still answers 503.
jest.setTimeout(60_000);

import { DataSource } from 'typeorm';
import { Pool } from 'pg';
import { PostgresEventStore } from '@iln/event-store';
import { encodePgPosition } from '@iln/event-store/postgres/postgres-position';
import type { AppConfig } from '@iln/platform';
import { buildDataSourceOptions } from '@iln/platform/database/data-source';
import { createTestDatabase, type TestDatabase } from '@iln/testing';
import { ReadPositions } from './read-positions.service';

const at = (n: number) => encodePgPosition(String(1000 + n), String(n));

describe('ReadPositions (Await-Position)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let pool: Pool;
  let store: PostgresEventStore;
  let positions: ReadPositions;

  const move = (projection: string, n: number) =>
    ds.query(`UPDATE projection_checkpoints SET position = $2 WHERE projection = $1`, [projection, at(n)]);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(buildDataSourceOptions({ url: db.url })).initialize();
    pool = new Pool({ connectionString: db.url, max: 1 });
    store = new PostgresEventStore(pool);
    await ds.query(
      `INSERT INTO projection_checkpoints (projection, position) VALUES ('case-detail', $1), ('timeline', $1), ('notes', $1)
       ON CONFLICT (projection) DO UPDATE SET position = EXCLUDED.position`,
      [at(1)],
    );
    positions = new ReadPositions(ds, store, { databaseUrl: db.url } as AppConfig);
  });

  afterAll(async () => {
    await positions.onApplicationShutdown();
    await store.close();
    await pool.end();
    await ds.destroy();
    await db.drop();
  });

  it('answers at once, with the lowest checkpoint, when the read models are already there', async () => {
    await expect(positions.positionFor(['case-detail', 'timeline'], at(1))).resolves.toBe(at(1));
    await expect(positions.positionFor(['case-detail'], undefined)).resolves.toBe(at(1));
  });

  it('settles many waiters from the notifications, each reading for itself only once, and answers the lowest position they reached', async () => {
    const before = { ...positions.reads };
    const waiters = Array.from({ length: 20 }, () => positions.positionFor(['case-detail', 'timeline'], at(3)));
    // Each has begun its own first read (before any await).
    expect(positions.reads.own - before.own).toBe(waiters.length);
    await move('notes', 9); // not read by these waiters: no shared read for it
    await move('case-detail', 4);
    await move('timeline', 3);
    const answers = await Promise.all(waiters);
    expect(answers).toEqual(waiters.map(() => at(3)));
    // Settled by the shared reads the two notifications caused, not by 20 × 2 reads of their own
    // (each rereads for itself only after a second without being settled).
    expect(positions.reads.own - before.own).toBeLessThan(2 * waiters.length);
    expect(positions.reads.shared - before.shared).toBeLessThanOrEqual(3);
  });

  it('answers 503 when the read models do not reach the position within the limit, and 400 for a value that is no position', async () => {
    await expect(positions.positionFor(['case-detail'], at(50), 300)).rejects.toMatchObject({ code: 'projections-behind' });
    await expect(positions.positionFor(['case-detail'], 'nonsense')).rejects.toMatchObject({ code: 'invalid-await-position' });
  });
});
