import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@iln/event-store';
import { CaseKeys, EncryptingEventStore, KeyEncryptionKeys, keyEncryptionKeyId } from '@iln/case-coordination';
import {
  createTestDatabase,
  startCompiled,
  testRedisUrl,
  TEST_DATA_KEY_ENCRYPTION_KEY,
  TEST_DATA_KEY_ENCRYPTION_KEY_2,
  type TestDatabase,
} from '@iln/testing';

// The operator side of issue 16's encryption, as the compiled CLI runs it: `migrate`
// encrypting events stored in clear (and refusing without a key), `keys:rotate`.
const metadata = { correlationId: 'c', causationId: null, actor: { id: 'p-1', name: 'Staff Name' }, schemaVersion: 1 };
const key1 = Buffer.from(TEST_DATA_KEY_ENCRYPTION_KEY, 'base64');
const key2 = Buffer.from(TEST_DATA_KEY_ENCRYPTION_KEY_2, 'base64');

async function cli(db: TestDatabase, args: string[], env: Record<string, string>) {
  const proc = startCompiled('apps/worker/src/cli.js', { DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), LOG_LEVEL: 'silent', ...env }, args);
  const { code } = await proc.exited;
  return { code, output: proc.output() };
}

describe('migrate and keys:rotate (compiled CLI)', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('encrypts events stored in clear on migrate, only with a key, then rotates the key-encryption key', async () => {
    const caseId = randomUUID();
    const marker = `Cli${randomUUID().slice(0, 8)}`;
    const old = new PostgresEventStore(pool);
    await old.appendToStream(
      `case-${caseId}`,
      [{ eventId: randomUUID(), type: 'NoteAdded', data: { noteId: 'n-1', text: `${marker} note`, restricted: false, addedAt: new Date().toISOString() }, metadata }],
      { expectedVersion: 'no-stream' },
    );
    await old.close();
    const clearRows = async () => (await pool.query(`SELECT count(*)::int AS n FROM es_events WHERE data::text LIKE $1`, [`%${marker}%`])).rows[0].n as number;
    expect(await clearRows()).toBe(1);

    const refused = await cli(db, ['migrate'], { DATA_KEY_ENCRYPTION_KEY: '' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('DATA_KEY_ENCRYPTION_KEY: required');
    expect(refused.output).not.toContain(marker);
    expect(await clearRows()).toBe(1);

    const migrated = await cli(db, ['migrate'], { DATA_KEY_ENCRYPTION_KEY: TEST_DATA_KEY_ENCRYPTION_KEY });
    expect(migrated).toMatchObject({ code: 0 });
    expect(migrated.output).toContain('stored events: 1 encrypted in place, in 1 case(s)');
    expect(await clearRows()).toBe(0);

    const rotated = await cli(db, ['keys:rotate'], { DATA_KEY_ENCRYPTION_KEY: TEST_DATA_KEY_ENCRYPTION_KEY_2, DATA_KEY_ENCRYPTION_KEY_PREVIOUS: TEST_DATA_KEY_ENCRYPTION_KEY });
    expect(rotated.code).toBe(0);
    expect(rotated.output).toContain(`keys:rotate: 1 case key(s) rewrapped; every key is now under key-encryption key ${keyEncryptionKeyId(key2)}`);
    expect(rotated.output).not.toContain(TEST_DATA_KEY_ENCRYPTION_KEY);

    const keys = new CaseKeys(pool, new KeyEncryptionKeys(key2));
    const store = new EncryptingEventStore(new PostgresEventStore(pool), keys);
    const { events } = await store.readStream(`case-${caseId}`);
    expect(events.map((e) => (e.data as { text: string }).text)).toEqual([`${marker} note`]);
    await store.close();
    await keys.close();
    expect(keyEncryptionKeyId(key1)).not.toBe(keyEncryptionKeyId(key2));
  });
});
