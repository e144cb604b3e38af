import type { Pool } from 'pg';
import { PostgresEventStore, type EventStore, type PostgresEventStoreOptions } from '@iln/event-store';
import { CaseKeys, EncryptingEventStore, KeyEncryptionKeys } from '@iln/case-coordination';
import { TEST_DATA_KEY_ENCRYPTION_KEY } from './data-key';

/**
 * The case event store as the service builds it (personal fields encrypted per case, keys
 * wrapped by the test key) over the PostgreSQL adapter, for tests that read what the
 * service wrote or feed its projections. `close()` closes its key cache too.
 */
export function testCaseEventStore(pool: Pool, options: PostgresEventStoreOptions = {}): EventStore {
  const keys = new CaseKeys(pool, new KeyEncryptionKeys(Buffer.from(TEST_DATA_KEY_ENCRYPTION_KEY, 'base64')));
  const store = new EncryptingEventStore(new PostgresEventStore(pool, options), keys);
  const closeStore = store.close.bind(store);
  store.close = async () => {
    await closeStore();
    await keys.close();
  };
  return store;
}
