import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, TEST_DATA_KEY_ENCRYPTION_KEY, type TestDatabase } from '@iln/testing';
import { CaseKeys } from './case-keys';
import { KeyEncryptionKeys } from './key-encryption-keys';

// The case-key cache is bounded (least recently used dropped first), holds each key in
// memory of its own (a 32-byte slice of the shared buffer pool would keep 64 KiB alive),
// and a key dropped from it is read again, the same key, from case_keys.

const kek = Buffer.from(TEST_DATA_KEY_ENCRYPTION_KEY, 'base64');

describe('case-key cache (PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let keys: CaseKeys;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
    keys = new CaseKeys(pool, new KeyEncryptionKeys(kek), { cacheSize: 3 });
  });
  afterAll(async () => {
    await keys.close();
    await pool.end();
    await db.drop();
  });

  /** Statements reading case_keys while `work` runs. */
  async function keyReads(work: () => Promise<unknown>): Promise<number> {
    const spy = jest.spyOn(pool, 'query');
    try {
      await work();
      return spy.mock.calls.filter(([sql]) => typeof sql === 'string' && /SELECT .* FROM case_keys/s.test(sql)).length;
    } finally {
      spy.mockRestore();
    }
  }

  it('never holds more keys than its size; the least recently used goes first and is read again, the same key', async () => {
    const cases = Array.from({ length: 6 }, () => randomUUID());
    const made = new Map<string, Buffer>();
    for (const caseId of cases) {
      made.set(caseId, await keys.keyForAppend(caseId, { newStream: true }));
      expect(keys.cachedKeys).toBeLessThanOrEqual(3);
    }
    expect(keys.cachedKeys).toBe(3);
    for (const key of made.values()) expect(key.buffer.byteLength).toBe(32);

    // The last three are cached: no read.
    expect(await keyReads(() => keys.statesFor(cases.slice(3)))).toBe(0);
    // Using the oldest cached one makes it the most recent: reading an evicted case then drops the next oldest.
    await keys.statesFor([cases[3]]);

    // The first case was evicted: read again, in one statement, the same key.
    let state: Awaited<ReturnType<CaseKeys['statesFor']>> = new Map();
    expect(await keyReads(async () => (state = await keys.statesFor([cases[0]])))).toBe(1);
    expect(state.get(cases[0])!.key!.equals(made.get(cases[0])!)).toBe(true);
    expect(state.get(cases[0])!.key!.buffer.byteLength).toBe(32);
    expect(keys.cachedKeys).toBe(3);

    // cases[4] was the least recently used of the three: gone; cases[3] (used since) and cases[5] stay.
    expect(await keyReads(() => keys.statesFor([cases[3], cases[5], cases[0]]))).toBe(0);
    expect(await keyReads(() => keys.statesFor([cases[4]]))).toBe(1);
    expect(keys.cachedKeys).toBe(3);

    // Appending to an evicted case finds its key (it is not made again).
    const again = await keys.keyForAppend(cases[1]);
    expect(again.equals(made.get(cases[1])!)).toBe(true);
    expect(keys.cachedKeys).toBe(3);
  });
});
