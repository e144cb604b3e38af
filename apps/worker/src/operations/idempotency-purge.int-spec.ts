import { Pool } from 'pg';
import { purgeExpiredIdempotencyKeys } from '@iln/platform';
import { createTestDatabase, type TestDatabase } from '@iln/testing';
import { IdempotencyKeyPurge } from './idempotency-purge';

describe('purging expired idempotency keys (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 3 });
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  beforeEach(async () => {
    await pool.query('DELETE FROM idempotency_keys');
  });

  /** `n` keys for `caller`, created `hoursAgo` hours ago. */
  const keys = (caller: string, n: number, hoursAgo: number) =>
    pool.query(
      `INSERT INTO idempotency_keys (caller_id, key, request_hash, status_code, response_body, response_headers, created_at)
       SELECT $1, 'k-' || i, 'h', 201, '{"caseId":"x"}', '{}', now() - make_interval(hours => $3)
         FROM generate_series(1, $2) i`,
      [caller, n, hoursAgo],
    );
  const left = async () =>
    (
      await pool.query<{ caller_id: string; n: number }>(
        `SELECT caller_id, count(*)::int AS n FROM idempotency_keys GROUP BY caller_id ORDER BY caller_id`,
      )
    ).rows;

  it('deletes keys past 24 hours and keeps younger ones, including an answered one just inside', async () => {
    await keys('old', 5, 25);
    await keys('young', 3, 23);
    await keys('new', 2, 0);
    expect(await purgeExpiredIdempotencyKeys(pool, { batchSize: 2 })).toBe(5);
    expect(await left()).toEqual([
      { caller_id: 'new', n: 2 },
      { caller_id: 'young', n: 3 },
    ]);
  });

  it('works in bounded batches: a backlog bigger than one run is finished by the next runs', async () => {
    await keys('old', 7, 48);
    expect(await purgeExpiredIdempotencyKeys(pool, { batchSize: 2, maxBatches: 2 })).toBe(4);
    expect(await left()).toEqual([{ caller_id: 'old', n: 3 }]);
    expect(await purgeExpiredIdempotencyKeys(pool, { batchSize: 2, maxBatches: 2 })).toBe(3);
    expect(await left()).toEqual([]);
  });

  it('a key claimed afresh after it expired is not purged', async () => {
    await keys('reused', 1, 30);
    // What IdempotencyStore.claim does with an expired key: the row starts again now.
    await pool.query(
      `UPDATE idempotency_keys SET created_at = now(), status_code = NULL, response_body = NULL`,
    );
    expect(await purgeExpiredIdempotencyKeys(pool)).toBe(0);
    expect(await left()).toEqual([{ caller_id: 'reused', n: 1 }]);
  });

  it("the worker's purge run deletes them, and a failing database is logged, not thrown", async () => {
    await keys('old', 3, 25);
    await new IdempotencyKeyPurge(pool).purge();
    expect(await left()).toEqual([]);

    const broken = new Pool({
      connectionString: 'postgres://nobody:wrong@127.0.0.1:1/none',
      connectionTimeoutMillis: 500,
    });
    broken.on('error', () => undefined);
    await expect(new IdempotencyKeyPurge(broken).purge()).resolves.toBeUndefined();
    await broken.end();
  });
});
