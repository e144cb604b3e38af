import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, type NewEvent, type RecordedEvent } from '@iln/event-store';
import { createTestDatabase, TEST_DATA_KEY_ENCRYPTION_KEY, type TestDatabase } from '@iln/testing';
import { caseStreamId } from '../case-stream';
import { CASE_EVENT_TYPES } from '../domain/events';
import { CaseKeys } from './case-keys';
import { EncryptingEventStore } from './encrypting-event-store';
import { encryptStoredEvents } from './encrypt-stored-events';
import { KeyEncryptionKeys } from './key-encryption-keys';
import { PERSONAL_FIELDS } from './personal-fields';
import { PERSONAL_DATA_SAMPLES } from './personal-fields.fixtures';

// The migration step: events appended in clear by the code before issue 16 are encrypted
// in place, read back the same, and the event tables then hold no personal string.

const kek = Buffer.from(TEST_DATA_KEY_ENCRYPTION_KEY, 'base64');
const metadata = { correlationId: 'c', causationId: null, actor: { id: 'p-1', name: 'Staff Name' }, schemaVersion: 1 };
const plain = (events: Array<Pick<RecordedEvent, 'eventId' | 'type' | 'data'>>) => events.map(({ eventId, type, data }) => ({ eventId, type, data }));

describe('encrypting the events stored before encryption (migrate)', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 4 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('refuses without a key, then encrypts in place despite an append-only trigger, idempotently', async () => {
    const marker = `Mg${randomUUID().slice(0, 8)}`;
    const old = new PostgresEventStore(pool);
    const cases = [randomUUID(), randomUUID(), randomUUID()];
    const appended = new Map<string, NewEvent[]>();
    for (const caseId of cases) {
      const events = CASE_EVENT_TYPES.map((type) => ({
        eventId: randomUUID(),
        type,
        data: JSON.parse(JSON.stringify(PERSONAL_DATA_SAMPLES[type]).replaceAll('PD:', `${marker}:`)) as unknown,
        metadata,
      }));
      await old.appendToStream(caseStreamId(caseId), events, { expectedVersion: 'no-stream' });
      appended.set(caseId, events);
    }
    // Another service's stream is left alone.
    await old.appendToStream(`other-${randomUUID()}`, [{ eventId: randomUUID(), type: 'NoteAdded', data: { text: `${marker}:x` }, metadata }], { expectedVersion: 'no-stream' });
    await old.close();
    const dump = () => execFileSync('/usr/lib/postgresql/15/bin/pg_dump', ['--data-only', '--table=es_events', db.url], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(dump()).toContain(`${marker}:given`);

    await expect(encryptStoredEvents(pool, undefined)).rejects.toThrow(/DATA_KEY_ENCRYPTION_KEY: required.*set it and run migrate again/s);

    // A guard refusing updates, as an append-only log may have: handled and restored.
    await pool.query(`CREATE FUNCTION es_events_no_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'es_events is append-only'; END $$`);
    await pool.query(`CREATE TRIGGER es_events_no_update BEFORE UPDATE ON es_events FOR EACH ROW EXECUTE FUNCTION es_events_no_update()`);

    const report = await encryptStoredEvents(pool, new KeyEncryptionKeys(kek), { batchSize: 7 });
    expect(report.cases).toBe(3);
    expect(report.encrypted).toBe(3 * CASE_EVENT_TYPES.filter((t) => PERSONAL_FIELDS[t].personal.length > 0).length);
    const clearEvents = dump().split('\n').filter((line) => line.includes(marker));
    expect(clearEvents).toHaveLength(1); // the other service's event only
    expect(clearEvents[0]).toContain('other-');
    const { rows: trig } = await pool.query(`SELECT tgenabled FROM pg_trigger WHERE tgname = 'es_events_no_update'`);
    expect(trig).toEqual([{ tgenabled: 'O' }]);
    await expect(pool.query(`UPDATE es_events SET type = type`)).rejects.toThrow(/append-only/);

    // Again: nothing left to do, nothing changed.
    const before = (await pool.query('SELECT event_id, data::text FROM es_events ORDER BY global_seq')).rows;
    expect((await encryptStoredEvents(pool, new KeyEncryptionKeys(kek))).encrypted).toBe(0);
    expect((await pool.query('SELECT event_id, data::text FROM es_events ORDER BY global_seq')).rows).toEqual(before);
    // Now no key needed to run migrate again: nothing is in clear.
    await expect(encryptStoredEvents(pool, undefined)).resolves.toMatchObject({ encrypted: 0 });

    const keys = new CaseKeys(pool, new KeyEncryptionKeys(kek));
    const store = new EncryptingEventStore(new PostgresEventStore(pool), keys);
    for (const caseId of cases) {
      expect(plain((await store.readStream(caseStreamId(caseId))).events)).toEqual(plain(appended.get(caseId)!));
    }
    await store.close();
    await keys.close();
  });
});
