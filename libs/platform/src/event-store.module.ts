import { DynamicModule, Inject, Injectable, InjectionToken, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore, createEventStore } from '@iln/event-store';
import { AppConfig } from './config/app-config';
import { HealthRegistry } from './health/health';

@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * The event store port, bound to the adapter the configuration chooses, for the service
 * whose streams start with `streamPrefixes` (the EventStoreDB subscription filters on
 * them). Global: import the one module object a bounded context makes (`CaseEventStoreModule`)
 * wherever it is needed; the same object is one module instance.
 */
/**
 * What a bounded context puts around the adapter (the cases: encryption of personal
 * data), with the providers it needs, exported too.
 */
export interface EventStoreDecoration {
  providers: Provider[];
  exports: InjectionToken[];
  inject: InjectionToken[];
  decorate(store: EventStore, ...deps: never[]): EventStore;
}

@Module({})
export class EventStoreModule {
  static forStreams(streamPrefixes: readonly string[], decoration?: EventStoreDecoration): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        ...(decoration?.providers ?? []),
        {
          provide: EventStore,
          inject: [AppConfig, Pool, HealthRegistry, ...(decoration?.inject ?? [])],
          useFactory: (config: AppConfig, pool: Pool, health: HealthRegistry, ...deps: never[]) => {
            const store = createEventStore({
              kind: config.eventStore,
              pool,
              connectionString: config.eventStoreConnectionString,
              streamPrefixes: [...streamPrefixes],
            });
            health.register('eventStore', async () => {
              await store.ping();
              return { status: 'up', detail: { adapter: config.eventStore } };
            });
            return decoration ? decoration.decorate(store, ...deps) : store;
          },
        },
        EventStoreLifecycle,
      ],
      exports: [EventStore, ...(decoration?.exports ?? [])],
    };
  }
}
