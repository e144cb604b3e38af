import type { AppendExpectedRevision, Filter, JSONType, Position, ReadPosition, ReadRevision } from '@eventstore/db-client';
import type { EsdbRecorded } from './esdb-mapping';

// The slice of EventStoreDBClient the adapter uses, so unit tests can hand it a small fake.
// The real client satisfies it structurally (see createEventStore).

export interface EsdbResolved {
  event?: EsdbRecorded;
}

export interface EsdbSubscription {
  on(event: 'data', listener: (resolved: EsdbResolved) => void): this;
  on(event: 'caughtUp' | 'end' | 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  pause(): this;
  resume(): this;
  readonly readableLength: number;
  unsubscribe(): Promise<void>;
}

export interface EsdbClientSurface {
  appendToStream(
    streamName: string,
    events: Array<{ id: string; contentType: 'application/json'; type: string; data: JSONType; metadata: JSONType }>,
    options: { expectedRevision: AppendExpectedRevision },
  ): Promise<{ nextExpectedRevision: bigint; position?: Position }>;
  readStream(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: 'forwards' | 'backwards'; maxCount?: number | bigint },
  ): AsyncIterable<EsdbResolved>;
  readAll(options: { fromPosition?: ReadPosition; direction?: 'forwards' | 'backwards'; maxCount?: number | bigint }): AsyncIterable<EsdbResolved>;
  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter }): EsdbSubscription;
  dispose(): Promise<void>;
}
