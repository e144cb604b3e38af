import { AppConfig, EventStoreModule } from '@iln/platform';
import type { EventStore } from '@iln/event-store';
import { Pool } from 'pg';
import { CASE_STREAM_PREFIXES } from './case-stream';
import { CaseKeys } from './records/case-keys';
import { EncryptingEventStore } from './records/encrypting-event-store';
import { KeyEncryptionKeys } from './records/key-encryption-keys';

/**
 * The event store holding the case streams: the one module object every app and CLI
 * imports. Personal fields are encrypted above the adapter with each case's key
 * (records/), so `EventStore` here reads and writes plain case events; `CaseKeys` is
 * exported for disposal. A missing DATA_KEY_ENCRYPTION_KEY fails the start (config error).
 */
export const CaseEventStoreModule = EventStoreModule.forStreams(CASE_STREAM_PREFIXES, {
  providers: [
    {
      provide: CaseKeys,
      inject: [AppConfig, Pool],
      useFactory: (config: AppConfig, pool: Pool) => new CaseKeys(pool, KeyEncryptionKeys.fromConfig(config)),
    },
  ],
  exports: [CaseKeys],
  inject: [CaseKeys],
  decorate: (store: EventStore, keys: CaseKeys) => new EncryptingEventStore(store, keys),
});
