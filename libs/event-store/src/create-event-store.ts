import { EventStoreDBClient } from '@eventstore/db-client';
import { Pool } from 'pg';
import type { EventStore } from './event-store';
import type { EsdbClientSurface } from './eventstoredb/esdb-client-surface';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { PostgresEventStore, postgresEventStorePoolConfig } from './postgres/postgres-event-store';
import type { UpcasterRegistry } from './upcasting/upcaster-registry';

export interface EventStoreConfig {
  kind: 'postgres' | 'eventstoredb';
  /** PostgreSQL: the app's pool (the app owns and ends it); without it one is made from `connectionString`. */
  pool?: Pool;
  /** A postgres:// URL, or an esdb:// connection string. */
  connectionString?: string;
  /** EventStoreDB: the stream prefixes that are ours (required there: the $all subscription is filtered on them). */
  streamPrefixes?: string[];
  upcasters?: UpcasterRegistry;
}

export function createEventStore(config: EventStoreConfig): EventStore {
  switch (config.kind) {
    case 'postgres': {
      if (config.pool) return new PostgresEventStore(config.pool, { upcasters: config.upcasters });
      if (!config.connectionString) throw new Error('the postgres event store needs a pool or a connection string');
      const pool = new Pool(postgresEventStorePoolConfig(config.connectionString));
      return new PostgresEventStore(pool, { upcasters: config.upcasters, ownsPool: true });
    }
    case 'eventstoredb': {
      if (!config.connectionString) throw new Error('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb');
      const client = EventStoreDBClient.connectionString(config.connectionString);
      if (!config.streamPrefixes?.length) throw new Error('the eventstoredb event store needs the stream prefixes that are ours');
      return new EventStoreDbEventStore(client satisfies EsdbClientSurface, {
        streamPrefixes: config.streamPrefixes,
        upcasters: config.upcasters,
      });
    }
    default: {
      const never: never = config.kind;
      throw new Error(`unknown event store kind: ${String(never)}`);
    }
  }
}
