import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EventStoreDbEventStore, ExpectedVersionConflict, PostgresEventStore, type EventStore, type NewEvent, type RecordedEvent } from '@iln/event-store';
import { FakeEsdbClient } from '@iln/event-store/eventstoredb/fake-esdb-client';
import { waitFor } from '@iln/test-kit';
import { createTestDatabase, TEST_DATA_KEY_ENCRYPTION_KEY, TEST_DATA_KEY_ENCRYPTION_KEY_2, type TestDatabase } from '@iln/testing';
import { caseStreamId } from '../case-stream';
import { CASE_EVENT_TYPES } from '../domain/events';
import { CaseKeyDestroyed, CaseKeys } from './case-keys';
import { EncryptingEventStore, personalDataErasedAt } from './encrypting-event-store';
import { KeyEncryptionKeys, keyEncryptionKeyId } from './key-encryption-keys';
import { PERSONAL_FIELDS } from './personal-fields';
import { PERSONAL_DATA_SAMPLES } from './personal-fields.fixtures';

// Issue 16 against real PostgreSQL: the event tables hold no personal data (pg_dump),
// reads give it back, a destroyed key makes every process read nulls and the mark.

const PG_DUMP = '/usr/lib/postgresql/15/bin/pg_dump';
const kek = Buffer.from(TEST_DATA_KEY_ENCRYPTION_KEY, 'base64');
const kek2 = Buffer.from(TEST_DATA_KEY_ENCRYPTION_KEY_2, 'base64');
const actor = { correlationId: 'c', causationId: null, actor: { id: 'p-1', name: 'Staff Name' }, schemaVersion: 1 };

/** One event of every type, each personal string made distinctive with `marker`. */
function everyEvent(marker: string): NewEvent[] {
  return CASE_EVENT_TYPES.map((type) => ({
    eventId: randomUUID(),
    type,
    data: JSON.parse(JSON.stringify(PERSONAL_DATA_SAMPLES[type]).replaceAll('PD:', `${marker}:`)) as unknown,
    metadata: actor,
  }));
}

function dumpEventTables(url: string): string {
  return execFileSync(PG_DUMP, ['--data-only', '--table=es_events', '--table=es_streams', url], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

const plain = (events: RecordedEvent[]) => events.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data }));
const appended = (events: NewEvent[]) => events.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data }));

describe('personal data encrypted per case (PostgreSQL)', () => {
  let db: TestDatabase;
  let poolA: Pool;
  let poolB: Pool;
  let keysA: CaseKeys;
  let keysB: CaseKeys;
  let storeA: EventStore;
  let storeB: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Two "processes": separate pools, separate key caches and listeners.
    poolA = new Pool({ connectionString: db.url, max: 4 });
    poolB = new Pool({ connectionString: db.url, max: 4 });
    keysA = new CaseKeys(poolA, new KeyEncryptionKeys(kek));
    keysB = new CaseKeys(poolB, new KeyEncryptionKeys(kek));
    storeA = new EncryptingEventStore(new PostgresEventStore(poolA, { pollIntervalMs: 100 }), keysA);
    storeB = new EncryptingEventStore(new PostgresEventStore(poolB, { pollIntervalMs: 100 }), keysB);
  });
  afterAll(async () => {
    await storeA.close();
    await storeB.close();
    await keysA.close();
    await keysB.close();
    await poolA.end();
    await poolB.end();
    await db.drop();
  });

  it('stores no personal string in the event tables, and reads every event back as appended', async () => {
    const caseId = randomUUID();
    const marker = `Zq${randomUUID().slice(0, 8)}`;
    const events = everyEvent(marker);
    await storeA.appendToStream(caseStreamId(caseId), events, { expectedVersion: 'no-stream' });

    const dump = dumpEventTables(db.url);
    expect(dump).toContain(caseId);
    expect(dump.includes(marker)).toBe(false);
    // Not hidden by an encoding either: the clear fields are there as they were.
    expect(dump).toContain('Staff Name');

    expect(plain((await storeA.readStream(caseStreamId(caseId))).events)).toEqual(appended(events));
    // Another process, with nothing cached, reads the same.
    expect(plain((await storeB.readStream(caseStreamId(caseId))).events)).toEqual(appended(events));
    // readAll stops below the oldest transaction open anywhere on the server: wait for ours.
    const all = await waitFor(async () => {
      const found = (await storeB.readAll(null, { limit: 1000 })).filter((e) => e.streamId === caseStreamId(caseId));
      return found.length === events.length ? found : null;
    }, { timeoutMs: 30_000, description: "the case's events in readAll" });
    expect(plain(all)).toEqual(appended(events));
    // The subscription too.
    const seen: RecordedEvent[] = [];
    for await (const item of storeB.subscribe(null, { batchSize: 7 })) {
      if (item.kind === 'event' && item.event.streamId === caseStreamId(caseId)) seen.push(item.event);
      if (item.kind === 'caught-up') break;
    }
    expect(plain(seen)).toEqual(appended(events));
    // Only events holding personal values carry an envelope; one key row for the case.
    const { rows } = await poolA.query<{ type: string; sealed: boolean }>(
      `SELECT type, data ? '$pd' AS sealed FROM es_events WHERE stream_id = $1 ORDER BY version`,
      [caseStreamId(caseId)],
    );
    expect(rows.filter((r) => r.sealed).map((r) => r.type)).toEqual(CASE_EVENT_TYPES.filter((t) => PERSONAL_FIELDS[t].personal.length > 0));
    const keyRows = await poolA.query<{ kek_id: string }>('SELECT kek_id FROM case_keys WHERE case_id = $1', [caseId]);
    expect(keyRows.rows).toEqual([{ kek_id: keyEncryptionKeyId(kek) }]);
  });

  it('makes one key when two processes append a case first at once, and both read each other', async () => {
    const caseId = randomUUID();
    const [a, b] = [everyEvent('RaceA').slice(0, 1), everyEvent('RaceB').slice(0, 1)];
    await Promise.all([
      storeA.appendToStream(caseStreamId(caseId), a, { expectedVersion: 'any' }),
      storeB.appendToStream(caseStreamId(caseId), b, { expectedVersion: 'any' }),
    ]);
    const { rows } = await poolA.query('SELECT count(*)::int AS n FROM case_keys WHERE case_id = $1', [caseId]);
    expect(rows[0].n).toBe(1);
    const readA = plain((await storeA.readStream(caseStreamId(caseId))).events);
    expect(readA).toEqual(plain((await storeB.readStream(caseStreamId(caseId))).events));
    expect(readA.map((e) => e.eventId).sort()).toEqual([a[0].eventId, b[0].eventId].sort());
  });

  it('decrypts an event once for the subscriptions that shared one read of the log', async () => {
    const caseId = randomUUID();
    const marker = `Sh${randomUUID().slice(0, 8)}`;
    const events = everyEvent(marker).slice(0, 1);
    await storeA.appendToStream(caseStreamId(caseId), events, { expectedVersion: 'no-stream' });
    const raw = new PostgresEventStore(poolA);
    const [stored] = await waitFor(
      async () => {
        const found = (await raw.readAll(null, { limit: 1000 })).filter((e) => e.streamId === caseStreamId(caseId));
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, description: 'the event in readAll' },
    );
    await raw.close();
    expect(JSON.stringify(stored.data).includes(marker)).toBe(false);
    // As the PostgreSQL store's subscriptions woken together hand out one page: the same objects.
    const pageOf = (event: RecordedEvent) =>
      ({
        subscribe: () => ({
          async *[Symbol.asyncIterator]() {
            yield { kind: 'event', event };
          },
        }),
      }) as unknown as EventStore;
    const keys = new CaseKeys(poolB, new KeyEncryptionKeys(kek));
    const lookups = jest.spyOn(keys, 'statesFor');
    const first = async (store: EventStore) => {
      for await (const item of store.subscribe(null)) if (item.kind === 'event') return item.event;
      throw new Error('no event');
    };
    try {
      const store = new EncryptingEventStore(pageOf(stored), keys);
      const [x, y] = await Promise.all([first(store), first(store)]);
      expect(plain([x])).toEqual(appended(events));
      expect(y).toBe(x);
      expect(lookups).toHaveBeenCalledTimes(1);
      // Another read of the log (other objects) is opened again: nothing is kept past the shared page.
      const again = await first(new EncryptingEventStore(pageOf({ ...stored }), keys));
      expect(plain([again])).toEqual(appended(events));
      expect(lookups).toHaveBeenCalledTimes(2);
    } finally {
      await keys.close();
    }
  });

  it('after destroy, every process reads the personal fields as null with the mark, and no personal data can be appended', async () => {
    const caseId = randomUUID();
    const marker = `Dx${randomUUID().slice(0, 8)}`;
    const events = everyEvent(marker);
    await storeA.appendToStream(caseStreamId(caseId), events, { expectedVersion: 'no-stream' });
    // Both processes have the key cached now.
    expect(JSON.stringify((await storeA.readStream(caseStreamId(caseId))).events)).toContain(marker);
    expect(JSON.stringify((await storeB.readStream(caseStreamId(caseId))).events)).toContain(marker);

    const at = new Date('2026-03-01T09:00:00.000Z');
    await keysA.destroy(caseId, at);
    await keysA.destroy(caseId, new Date('2026-04-01T09:00:00.000Z')); // idempotent: the first date stays
    expect(await keysA.destroyedAt(caseId)).toEqual(at);
    expect(await keysB.destroyedAt(caseId)).toEqual(at);
    expect(await keysA.destroyedAt(randomUUID())).toBeNull();

    // This process at once; the other once its listener hears of it.
    const readA = (await storeA.readStream(caseStreamId(caseId))).events;
    const readB = await waitFor(async () => {
      const { events: read } = await storeB.readStream(caseStreamId(caseId));
      return JSON.stringify(read).includes(marker) ? null : read;
    }, { description: 'the other process to stop decrypting' });
    for (const read of [readA, readB]) {
      expect(JSON.stringify(read).includes(marker)).toBe(false);
      read.forEach((e, i) => {
        const personal = PERSONAL_FIELDS[e.type as keyof typeof PERSONAL_FIELDS].personal;
        const hadPersonal = JSON.stringify(events[i].data).includes(`${marker}:`);
        expect({ type: e.type, mark: personalDataErasedAt(e) }).toEqual({ type: e.type, mark: hadPersonal ? at.toISOString() : null });
        if (!hadPersonal) expect(e.data).toEqual(events[i].data);
        for (const path of personal.filter((p) => !p.includes('[]'))) {
          const value = path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], e.data);
          if (hadPersonal) expect({ path, value }).toEqual({ path, value: null });
        }
      });
    }
    const drafted = readA.find((e) => e.type === 'CarePlanDrafted')!.data as { goals: Array<{ id: string; description: unknown }> };
    expect(drafted.goals).toEqual([expect.objectContaining({ id: 'g-1', description: null })]);
    // Through readAll and a new subscription as well.
    // readAll stops below the oldest transaction open anywhere on the server: wait for ours.
    const all = await waitFor(async () => {
      const found = (await storeB.readAll(null, { limit: 1000 })).filter((e) => e.streamId === caseStreamId(caseId));
      return found.length === readA.length ? found : null;
    }, { timeoutMs: 30_000, description: "the case's events in readAll" });
    expect(JSON.stringify(all).includes(marker)).toBe(false);
    expect(all.filter((e) => personalDataErasedAt(e) !== null)).toHaveLength(readA.filter((e) => personalDataErasedAt(e) !== null).length);

    await expect(storeB.appendToStream(caseStreamId(caseId), everyEvent('After').slice(0, 1), { expectedVersion: 'any' })).rejects.toBeInstanceOf(CaseKeyDestroyed);
    // Events without personal data still append (a follow-up timer firing, say).
    const followUp = everyEvent('After').find((e) => e.type === 'FollowUpBecameOverdue')!;
    await expect(storeB.appendToStream(caseStreamId(caseId), [followUp], { expectedVersion: 'any' })).resolves.toBeDefined();
    // The key itself is gone from the table, not hidden.
    const { rows } = await poolA.query('SELECT wrapped_key, kek_id FROM case_keys WHERE case_id = $1', [caseId]);
    expect(rows).toEqual([{ wrapped_key: null, kek_id: null }]);
  });

  it('destroying a case with no key yet leaves it without one for good', async () => {
    const caseId = randomUUID();
    await keysB.destroy(caseId, new Date('2026-03-02T00:00:00Z'));
    await expect(storeA.appendToStream(caseStreamId(caseId), everyEvent('Late').slice(0, 1), { expectedVersion: 'any' })).rejects.toBeInstanceOf(CaseKeyDestroyed);
    // An opening (no stream expected) makes its key without looking first: it must refuse too.
    await expect(storeA.appendToStream(caseStreamId(caseId), everyEvent('Late').slice(0, 1), { expectedVersion: 'no-stream' })).rejects.toBeInstanceOf(CaseKeyDestroyed);
    await expect(storeB.appendToStream(caseStreamId(caseId), everyEvent('Late').slice(0, 1), { expectedVersion: 'no-stream' })).rejects.toBeInstanceOf(CaseKeyDestroyed);
  });

  it('an opening retried from two processes at once (no stream expected) shares one key; the one that lost the append still reads the case', async () => {
    const caseId = randomUUID();
    const marker = `Op${randomUUID().slice(0, 8)}`;
    const events = everyEvent(marker).slice(0, 1);
    const results = await Promise.allSettled([
      storeA.appendToStream(caseStreamId(caseId), events, { expectedVersion: 'no-stream' }),
      storeB.appendToStream(caseStreamId(caseId), events, { expectedVersion: 'no-stream' }),
    ]);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    const { rows } = await poolA.query('SELECT count(*)::int AS n FROM case_keys WHERE case_id = $1', [caseId]);
    expect(rows[0].n).toBe(1);
    for (const store of [storeA, storeB]) expect(JSON.stringify((await store.readStream(caseStreamId(caseId))).events)).toContain(marker);
    const { rows: stored } = await poolA.query("SELECT data::text AS data FROM es_events WHERE stream_id = $1", [caseStreamId(caseId)]);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((r) => r.data).join('')).not.toContain(marker);
  });

  it("makes an opening's key in the append's own statement: one round trip, and a refused opening leaves no key", async () => {
    const caseId = randomUUID();
    const marker = `Ks${randomUUID().slice(0, 8)}`;
    const queries: string[] = [];
    const query = poolA.query.bind(poolA);
    const spy = jest.spyOn(poolA, 'query').mockImplementation(((sql: unknown, ...rest: unknown[]) => {
      const text = typeof sql === 'string' ? sql : String((sql as { text?: string }).text);
      if (!text.includes('pg_notify')) queries.push(text);
      return (query as (...a: unknown[]) => unknown)(sql, ...rest);
    }) as typeof poolA.query);
    try {
      await storeA.appendToStream(caseStreamId(caseId), everyEvent(marker).slice(0, 1), { expectedVersion: 'no-stream' });
    } finally {
      spy.mockRestore();
    }
    expect(queries).toEqual([expect.stringContaining('case_key_append(')]);
    expect(JSON.stringify((await storeB.readStream(caseStreamId(caseId))).events)).toContain(marker);

    // An opening refused (the stream has events already, none personal) writes no key either.
    const other = randomUUID();
    const clear = everyEvent('Clear').find((e) => e.type === 'FollowUpBecameOverdue')!;
    await storeA.appendToStream(caseStreamId(other), [clear], { expectedVersion: 'no-stream' });
    await expect(storeA.appendToStream(caseStreamId(other), everyEvent('Refused').slice(0, 1), { expectedVersion: 'no-stream' })).rejects.toBeInstanceOf(
      ExpectedVersionConflict,
    );
    const keyRows = async (id: string) => (await poolA.query('SELECT count(*)::int AS n FROM case_keys WHERE case_id = $1', [id])).rows[0].n;
    expect(await keyRows(other)).toBe(0);
    // Its first personal append (not an opening, no key found) makes the key with the append.
    await storeB.appendToStream(caseStreamId(other), everyEvent('Later').slice(0, 1), { expectedVersion: 1 });
    expect(await keyRows(other)).toBe(1);
    expect(JSON.stringify((await storeA.readStream(caseStreamId(other))).events)).toContain('Later:');
  });

  it('an opening of a case whose key row exists already (made, then its append lost) uses that key', async () => {
    const caseId = randomUUID();
    const existing = await keysB.keyForAppend(caseId);
    const marker = `Ex${randomUUID().slice(0, 8)}`;
    await storeA.appendToStream(caseStreamId(caseId), everyEvent(marker).slice(0, 1), { expectedVersion: 'no-stream' });
    const { rows } = await poolA.query('SELECT count(*)::int AS n FROM case_keys WHERE case_id = $1', [caseId]);
    expect(rows[0].n).toBe(1);
    expect(await keysA.keyForAppend(caseId)).toEqual(existing);
    expect(JSON.stringify((await storeB.readStream(caseStreamId(caseId))).events)).toContain(marker);
  });

  it('rewraps every key under a new key-encryption key without touching events', async () => {
    const caseId = randomUUID();
    const events = everyEvent('Rot');
    await storeA.appendToStream(caseStreamId(caseId), events, { expectedVersion: 'no-stream' });
    const before = await poolA.query(`SELECT event_id, data::text FROM es_events ORDER BY global_seq`);

    const rotating = new CaseKeys(poolA, new KeyEncryptionKeys(kek2, kek));
    const rewrapped = await rotating.rewrapAll(2);
    expect(rewrapped).toBeGreaterThanOrEqual(3);
    expect(await rotating.rewrapAll()).toBe(0);
    await rotating.close();
    const { rows } = await poolA.query<{ kek_id: string | null }>('SELECT DISTINCT kek_id FROM case_keys');
    expect(rows.map((r) => r.kek_id).sort()).toEqual([keyEncryptionKeyId(kek2), null].sort());
    expect((await poolA.query(`SELECT event_id, data::text FROM es_events ORDER BY global_seq`)).rows).toEqual(before.rows);

    // The new key alone reads everything; the old one alone no longer does.
    const newOnly = new CaseKeys(poolB, new KeyEncryptionKeys(kek2));
    const fresh = new EncryptingEventStore(new PostgresEventStore(poolB), newOnly);
    expect(plain((await fresh.readStream(caseStreamId(caseId))).events)).toEqual(appended(events));
    await fresh.close();
    await newOnly.close();
    const oldOnly = new CaseKeys(poolB, new KeyEncryptionKeys(kek));
    const stale = new EncryptingEventStore(new PostgresEventStore(poolB), oldOnly);
    await expect(stale.readStream(caseStreamId(caseId))).rejects.toThrow(/key-encryption key [0-9a-f]{16}, which is neither/);
    await stale.close();
    await oldOnly.close();
  });
});

describe('personal data encrypted per case (EventStoreDB adapter, fake client)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let keys: CaseKeys;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
    keys = new CaseKeys(pool, new KeyEncryptionKeys(kek));
  });
  afterAll(async () => {
    await keys.close();
    await pool.end();
    await db.drop();
  });

  it('stores only ciphertext in EventStoreDB, keys in PostgreSQL, and erases there too', async () => {
    const client = new FakeEsdbClient();
    const store = new EncryptingEventStore(new EventStoreDbEventStore(client, { streamPrefixes: ['case-'] }), keys);
    const caseId = randomUUID();
    const marker = `Es${randomUUID().slice(0, 8)}`;
    const events = everyEvent(marker);
    await store.appendToStream(caseStreamId(caseId), events, { expectedVersion: 'no-stream' });
    expect(JSON.stringify(client.log.map((e) => [e.type, e.data, e.metadata])).includes(marker)).toBe(false);
    expect(JSON.stringify(client.log.map((e) => e.data))).toContain('Staff Name');
    expect(plain((await store.readStream(caseStreamId(caseId))).events)).toEqual(appended(events));
    expect(plain(await store.readAll(null, { limit: 1000 }))).toEqual(appended(events));

    await keys.destroy(caseId, new Date('2026-05-01T00:00:00Z'));
    const read = (await store.readStream(caseStreamId(caseId))).events;
    expect(JSON.stringify(read).includes(marker)).toBe(false);
    expect(read.filter((e) => personalDataErasedAt(e) === '2026-05-01T00:00:00.000Z').length).toBeGreaterThan(20);
    await store.close();
  });
});
