import type { Pool } from 'pg';
import { PostgresEventStore, type EventStore, type PostgresEventStoreOptions } from '@iln/event-store';
import { CaseKeys, EncryptingEventStore, KeyEncryptionKeys } from '@iln/case-coordination';

/**
 * The key-encryption key every test process uses (DATA_KEY_ENCRYPTION_KEY): fixed, so a
 * database made by one test process is readable by the next, and never a real key.
 * jest.setup-slow.ts puts it in the environment; startCompiled passes it on.
 */
export const TEST_DATA_KEY_ENCRYPTION_KEY = 'uS/466iU+QhviosIaxW52wP2CLeAQ9zpu/6ZpCgoYi4=';
/** A second fixed key, for rotation tests. */
export const TEST_DATA_KEY_ENCRYPTION_KEY_2 = 'ohVaKVnWLpDIlXSYM7JdIsLMZq7rLtNnp4g9SBBjXQA=';

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
