// The library's only barrel. Test-only pieces (the contract suite) are imported by path.
export * from './event-store';
export { UpcasterRegistry } from './upcasting/upcaster-registry';
export type { Upcaster } from './upcasting/upcaster-registry';
export { createEventStore } from './create-event-store';
export type { EventStoreConfig } from './create-event-store';
export { InMemoryEventStore, InMemoryEventLog } from './in-memory/in-memory-event-store';
export {
  PostgresEventStore,
  postgresEventStorePoolConfig,
  DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS,
} from './postgres/postgres-event-store';
export type { PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { ChannelListener } from './postgres/channel-listener';
export type { ChannelListenerHandlers } from './postgres/channel-listener';
export { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
export type { EventStoreDbOptions } from './eventstoredb/eventstoredb-event-store';
