import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore, createEventStore } from '@iln/event-store';
import { AppConfig } from './config/app-config';
import { HealthRegistry } from './health/health';

/** Case streams are named `case-<uuid>`; the EventStoreDB subscription filters on it. */
export const STREAM_PREFIXES = ['case-'];

@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** The event store port, bound to the adapter the configuration chooses. */
@Global()
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [AppConfig, Pool, HealthRegistry],
      useFactory: (config: AppConfig, pool: Pool, health: HealthRegistry) => {
        const store = createEventStore({
          kind: config.eventStore,
          pool,
          connectionString: config.eventStoreConnectionString,
          streamPrefixes: STREAM_PREFIXES,
        });
        health.register('eventStore', async () => {
          await store.ping();
          return { status: 'up', detail: { adapter: config.eventStore } };
        });
        return store;
      },
    },
    EventStoreLifecycle,
  ],
  exports: [EventStore],
})
export class EventStoreModule {}
