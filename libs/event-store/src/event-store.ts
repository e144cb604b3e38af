// The port every adapter implements. Versions are 1-based counts of events in a stream
// (API.md: a case's `version` is the number of events in its stream), so a stream with
// no events is at version 0 and its first event is version 1. Adapters whose native
// revision is 0-based (EventStoreDB) translate at their edge, never here.

export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  actor: { id: string; name: string };
  schemaVersion: number;
  [k: string]: unknown;
}

export interface NewEvent {
  eventId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent<T = unknown> {
  eventId: string;
  type: string;
  data: T;
  metadata: EventMetadata;
  streamId: string;
  /** 1-based number of this event in its stream. */
  version: number;
  /** Opaque global checkpoint; compare only with `EventStore.compareCheckpoints`. */
  position: string;
  recordedAt: Date;
}

export type ExpectedVersion = number | 'no-stream' | 'any';

export interface AppendResult {
  /** Events in the stream after the append. */
  version: number;
  /** Position of the last event appended. */
  position: string;
  /**
   * True when this call wrote the events; false when the store answered an exact repeat
   * of events already stored (same ids, same stream, same place) without writing;
   * undefined when the store cannot tell (EventStoreDB).
   */
  written?: boolean;
}

export type SubscriptionItem =
  | { kind: 'event'; event: RecordedEvent }
  | { kind: 'caught-up'; checkpoint: string | null };

export interface ReadStreamOptions {
  /** First version to return (1-based, inclusive). */
  fromVersion?: number;
  /** Only events recorded at or before this instant; `version` is then the version as at that time. */
  recordedUpTo?: Date;
}

export interface SubscribeOptions {
  signal?: AbortSignal;
  batchSize?: number;
}

export abstract class EventStore {
  /** `version` is the stream's version (0 when it has no events), whatever `fromVersion` says. */
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<{ events: RecordedEvent[]; version: number }>;
  abstract appendToStream(
    streamId: string,
    events: NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult>;
  /** Events strictly after `after` (null: from the beginning), in global order. */
  abstract readAll(after: string | null, options: { limit: number }): Promise<RecordedEvent[]>;
  /**
   * Catch-up subscription consumed with `for await`; the next batch is read only when the
   * consumer asks for it. Emits 'caught-up' each time it reaches the head, then waits for
   * new events until the signal aborts or the consumer breaks out of the loop.
   */
  abstract subscribe(fromCheckpoint: string | null, options?: SubscribeOptions): AsyncIterable<SubscriptionItem>;
  /** Negative, zero or positive like a sort comparator; null sorts before every position. */
  abstract compareCheckpoints(a: string | null, b: string | null): number;
  /** The newest position a reader may already see (read-your-writes and lag). */
  abstract headPosition(): Promise<string | null>;
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}

export class ExpectedVersionConflict extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${String(expected)}`);
    this.name = 'ExpectedVersionConflict';
  }
}

/**
 * Some of the event ids are already stored, but not as this exact append at this place
 * in this stream: a retry would be idempotent, this is a different write reusing ids.
 */
export class DuplicateEventId extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`event ids already stored elsewhere: ${eventIds.join(', ')} (appending to ${streamId})`);
    this.name = 'DuplicateEventId';
  }
}

export function expectedVersionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return actual === 0;
  return expected === actual;
}
