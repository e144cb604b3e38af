// The integration project's testTimeout in jest.config.js sits inside `projects`, where jest ignores it.
jest.setTimeout(60_000);

import { createTestDatabase, TestDatabase } from '@iln/testing';
import { Pool } from 'pg';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { NewEvent } from '../event-store';
import { PostgresEventStore, postgresEventStorePoolConfig } from './postgres-event-store';
import { encodePgPosition } from './postgres-position';

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
