// The integration project's testTimeout in jest.config.js sits inside `projects`, where jest ignores it.
jest.setTimeout(60_000);

import { waitFor } from '@iln/test-kit';
import { createTestDatabase, TestDatabase } from '@iln/testing/database';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { NewEvent } from '../event-store';
import { UpcasterRegistry } from '../upcasting/upcaster-registry';
import { PostgresEventStore, postgresEventStorePoolConfig } from './postgres-event-store';
import { encodePgPosition } from './postgres-position';
import fixture from './fixtures/case-opened.v1.json';

let db: TestDatabase;
const pools: Pool[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
  await db.drop();
});

const storeOnOwnPool = (max: number, options = {}) =>
  new PostgresEventStore(new Pool(postgresEventStorePoolConfig(db.url, { max })), { ...options, ownsPool: true });

describeEventStoreContract('PostgreSQL', async (options) => storeOnOwnPool(5, { ...options, pollIntervalMs: 200 }), {
  openAnotherConnection: async () => storeOnOwnPool(1),
  holdOpenAppend: async (streamId: string, events: NewEvent[]) => {
    const pool = new Pool(postgresEventStorePoolConfig(db.url, { max: 1 }));
    pools.push(pool);
    const client = await pool.connect();
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT transaction_id, global_seq FROM es_append($1, NULL, $2::jsonb)', [
      streamId,
      JSON.stringify(events),
    ]);
    expect(encodePgPosition(rows[0].transaction_id, rows[0].global_seq)).toMatch(/^\d{20}:\d{20}$/);
    const finish = async (sql: string) => {
      await client.query(sql);
      client.release();
    };
    return { commit: () => finish('COMMIT'), rollback: () => finish('ROLLBACK') };
  },
});

describe('PostgresEventStore with a stored v1 row', () => {
  // A row as an earlier release wrote it, inserted as SQL so no current code shapes it.
  const upcasters = new UpcasterRegistry().register('LegacyCaseOpened', 1, (d: { residentName: string; urgent: boolean }) => ({
    resident: { name: d.residentName },
    urgency: d.urgent ? 'urgent' : 'routine',
  }));

  it('is upcast on every read path', async () => {
    const pool = new Pool(postgresEventStorePoolConfig(db.url, { max: 2 }));
    const store = new PostgresEventStore(pool, { upcasters, ownsPool: true });
    try {
      const streamId = `case-${fixture.event_id}`;
      const before = await store.headPosition();
      await pool.query(
        `WITH s AS (INSERT INTO es_streams (stream_id, version) VALUES ($1, 1))
         INSERT INTO es_events (stream_id, version, event_id, type, data, metadata) VALUES ($1, 1, $2, $3, $4, $5)`,
        [streamId, fixture.event_id, fixture.type, fixture.data, fixture.metadata],
      );
      const expected = { resident: { name: 'Mary Jones' }, urgency: 'urgent' };

      const [fromStream] = (await store.readStream(streamId)).events;
      expect(fromStream.data).toEqual(expected);
      expect(fromStream.metadata.schemaVersion).toBe(2);
      // Readers see a commit only once no older transaction is open anywhere in the cluster.
      const [fromAll] = await waitFor(
        async () => {
          const found = (await store.readAll(before, { limit: 10 })).filter((e) => e.streamId === streamId);
          return found.length > 0 ? found : undefined;
        },
        { timeoutMs: 30_000, description: 'the fixture row in readAll' },
      );
      expect(fromAll.data).toEqual(expected);
    } finally {
      await store.close();
    }
  });
});

describe('PostgresEventStore subscriptions woken together', () => {
  it('share one read of the new events, and each gets them all, in order', async () => {
    // Polls (each subscription on its own timer) only add reads of their own; the first
    // round after the append is the wake's, whatever another session of the cluster holds back.
    const store = storeOnOwnPool(4, { pollIntervalMs: 1000 });
    const controller = new AbortController();
    const streamId = `case-${randomUUID()}`;
    const head = await store.headPosition();
    const caughtUp = new Set<number>();
    const seen: string[][] = [[], [], [], [], []];
    try {
      const loops = seen.map(async (ids, i) => {
        for await (const item of store.subscribe(head, { signal: controller.signal, batchSize: 50 })) {
          if (item.kind === 'caught-up') caughtUp.add(i);
          if (item.kind === 'event' && item.event.streamId === streamId) ids.push(item.event.eventId);
          if (ids.length === 2) return;
        }
      });
      await waitFor(async () => caughtUp.size === seen.length || undefined, { timeoutMs: 10_000, description: 'every subscription caught up' });
      const before = { ...store.subscriptionReads };

      const ids = [randomUUID(), randomUUID()];
      const meta = { correlationId: 'c', causationId: null, actor: { id: 'a', name: 'A' }, schemaVersion: 1 };
      await store.appendToStream(streamId, ids.map((eventId) => ({ eventId, type: 'T', data: {}, metadata: meta })), { expectedVersion: 'no-stream' });
      await Promise.all(loops);

      expect(seen).toEqual(seen.map(() => ids));
      // The append woke all five at once: one of them read, the four others took its page.
      const asked = store.subscriptionReads.asked - before.asked;
      const shared = store.subscriptionReads.shared - before.shared;
      expect(asked).toBeGreaterThanOrEqual(seen.length);
      expect(shared).toBeGreaterThanOrEqual(seen.length - 1);
    } finally {
      controller.abort();
      await store.close();
    }
  });

  it('never hand a subscription a read begun before the wake it was woken for', async () => {
    const pool = new Pool(postgresEventStorePoolConfig(db.url, { max: 4 }));
    const store = new PostgresEventStore(pool, { pollIntervalMs: 60_000, ownsPool: true });
    // The next log read answers only when let go (its query runs at once): a read held in flight.
    let holdNext = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
      const hold = holdNext && String(args[0]).includes('pg_snapshot_xmin');
      if (hold) holdNext = false;
      const result = query(...args);
      if (hold) await gate;
      return result;
    };
    const controller = new AbortController();
    const meta = { correlationId: 'c', causationId: null, actor: { id: 'a', name: 'A' }, schemaVersion: 1 };
    const append = (streamId: string) => store.appendToStream(streamId, [{ eventId: randomUUID(), type: 'T', data: {}, metadata: meta }], { expectedVersion: 'no-stream' });
    const streams = [`case-${randomUUID()}`, `case-${randomUUID()}`];
    const follow = async (from: string | null) => {
      const found: string[] = [];
      for await (const item of store.subscribe(from, { signal: controller.signal })) {
        if (item.kind === 'event' && streams.includes(item.event.streamId)) found.push(item.event.streamId);
        if (found.length === streams.length) return found;
      }
      return found;
    };
    try {
      const head = await store.headPosition();
      holdNext = true;
      // A subscription from the head whose first read is held in flight.
      const early = follow(head);
      await waitFor(async () => !holdNext || undefined, { timeoutMs: 10_000, description: 'the held read' });
      for (const streamId of streams) await append(streamId);
      await waitFor(async () => ((await store.readAll(head, { limit: 100 })).filter((e) => streams.includes(e.streamId)).length === 2 ? true : undefined), {
        timeoutMs: 30_000,
        description: 'both events readable',
      });
      // From the same place, after both appends woke the store: it reads for itself and finds both
      // (handed the held read, it would wait for it, and then for a wake that never comes).
      await expect(follow(head)).resolves.toEqual(streams);
      release();
      await expect(early).resolves.toEqual(streams);
    } finally {
      release();
      controller.abort();
      await store.close();
    }
  });

  it('read afresh when a read is no longer in flight: a later subscription from the same place finds what was appended since', async () => {
    const store = storeOnOwnPool(2, { pollIntervalMs: 100 });
    const controller = new AbortController();
    try {
      const head = await store.headPosition();
      const meta = { correlationId: 'c', causationId: null, actor: { id: 'a', name: 'A' }, schemaVersion: 1 };
      const first = `case-${randomUUID()}`;
      await store.appendToStream(first, [{ eventId: randomUUID(), type: 'T', data: {}, metadata: meta }], { expectedVersion: 'no-stream' });
      const take = async (streams: string[]) => {
        const found: string[] = [];
        for await (const item of store.subscribe(head, { signal: controller.signal })) {
          if (item.kind === 'event' && streams.includes(item.event.streamId)) found.push(item.event.streamId);
          if (found.length === streams.length) return found;
        }
        return found;
      };
      expect(await take([first])).toEqual([first]);
      const second = `case-${randomUUID()}`;
      await store.appendToStream(second, [{ eventId: randomUUID(), type: 'T', data: {}, metadata: meta }], { expectedVersion: 'no-stream' });
      expect(await take([first, second])).toEqual([first, second]);
    } finally {
      controller.abort();
      await store.close();
    }
  });
});
