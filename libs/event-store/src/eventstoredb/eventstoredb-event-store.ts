import { BACKWARDS, END, ErrorType, START, streamNameFilter } from '@eventstore/db-client';
import type { JSONType, Position } from '@eventstore/db-client';
import {
  AppendResult,
  EventStore,
  ExpectedVersion,
  ExpectedVersionConflict,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  SubscriptionItem,
} from '../event-store';
import { noUpcasters, UpcasterRegistry } from '../upcasting/upcaster-registry';
import type { EsdbClientSurface } from './esdb-client-surface';
import {
  compareEsdbPositions,
  decodeEsdbPosition,
  EsdbRecorded,
  encodeEsdbPosition,
  isOurs,
  toExpectedRevision,
  toRecordedEvent,
  versionFromRevision,
} from './esdb-mapping';
import { SubscriptionFeed } from './esdb-subscription-feed';

export interface EventStoreDbOptions {
  /** Stream name prefixes that are ours, e.g. ['case-']; the $all subscription is filtered on them. */
  streamPrefixes: string[];
  upcasters?: UpcasterRegistry;
  /** First and largest delay before resubscribing after the subscription drops. */
  resubscribeBackoffMs?: { initial: number; max: number };
}

const errorType = (error: unknown): unknown => (error as { type?: unknown } | null)?.type;

/**
 * EventStoreDB behind the port. Projections use catch-up subscriptions to $all only:
 * persistent subscriptions keep their checkpoint on the server and redeliver out of
 * order, which would break the exactly-once, in-order checkpointing the read models rely on.
 */
export class EventStoreDbEventStore extends EventStore {
  private readonly upcasters: UpcasterRegistry;
  private readonly backoff: { initial: number; max: number };

  constructor(
    private readonly client: EsdbClientSurface,
    private readonly options: EventStoreDbOptions,
  ) {
    super();
    if (options.streamPrefixes.length === 0) throw new Error('EventStoreDbEventStore needs at least one stream prefix');
    this.upcasters = options.upcasters ?? noUpcasters;
    this.backoff = options.resubscribeBackoffMs ?? { initial: 100, max: 10_000 };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<{ events: RecordedEvent[]; version: number }> {
    const fromVersion = Math.max(options.fromVersion ?? 1, 1);
    // As-at reads need the whole prefix to know the version at that time.
    const fromRevision = options.recordedUpTo ? START : BigInt(fromVersion - 1);
    let read: EsdbRecorded[];
    try {
      read = await collect(this.client.readStream(streamId, { fromRevision }));
    } catch (error) {
      if (errorType(error) === ErrorType.STREAM_NOT_FOUND) return { events: [], version: 0 };
      throw error;
    }
    if (options.recordedUpTo) {
      const upTo = options.recordedUpTo.getTime();
      const asAt = read.filter((e) => e.created.getTime() <= upTo);
      const events = asAt.filter((e) => Number(e.revision) + 1 >= fromVersion).map((e) => this.toPort(e));
      return { events, version: asAt.length === 0 ? 0 : Number(asAt[asAt.length - 1].revision) + 1 };
    }
    const events = read.map((e) => this.toPort(e));
    if (events.length > 0) return { events, version: events[events.length - 1].version };
    return { events, version: fromVersion === 1 ? 0 : await this.currentVersion(streamId) };
  }

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new TypeError('appendToStream needs at least one event');
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => ({
          id: e.eventId,
          contentType: 'application/json' as const,
          type: e.type,
          // Event data is JSON by the port's contract; the client's type is narrower than unknown.
          data: (e.data ?? null) as JSONType,
          metadata: e.metadata,
        })),
        { expectedRevision: toExpectedRevision(options.expectedVersion) },
      );
      if (!result.position) throw new Error('EventStoreDB returned no position: the server must be 22.6 or later');
      return { version: Number(result.nextExpectedRevision) + 1, position: encodeEsdbPosition(result.position) };
    } catch (error) {
      if (errorType(error) === ErrorType.WRONG_EXPECTED_VERSION) {
        const actual = (error as { actualVersion?: bigint | string }).actualVersion;
        throw new ExpectedVersionConflict(streamId, options.expectedVersion, versionFromRevision(actual));
      }
      throw error;
    }
  }

  async readAll(after: string | null, options: { limit: number }): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    if (options.limit <= 0) return out;
    const fromPosition = after === null ? START : decodeEsdbPosition(after);
    for await (const { event } of this.client.readAll({ fromPosition })) {
      // Reading from a position includes the event at it; `after` is exclusive.
      if (!event || !isOurs(event, this.options.streamPrefixes)) continue;
      const recorded = this.toPort(event);
      if (compareEsdbPositions(recorded.position, after) <= 0) continue;
      out.push(recorded);
      if (out.length >= options.limit) break;
    }
    return out;
  }

  async *subscribe(fromCheckpoint: string | null, options: SubscribeOptions = {}): AsyncGenerator<SubscriptionItem> {
    const { signal } = options;
    let checkpoint = fromCheckpoint;
    let delay = this.backoff.initial;
    while (!signal?.aborted) {
      const feed = new SubscriptionFeed(
        this.client.subscribeToAll({
          fromPosition: checkpoint === null ? START : decodeEsdbPosition(checkpoint),
          // Server-side: only our streams travel over the wire, which also leaves out `$` streams.
          filter: streamNameFilter({ prefixes: this.options.streamPrefixes }),
        }),
        options.batchSize ?? 100,
      );
      try {
        for await (const item of feed.items(signal)) {
          if (item.kind === 'caught-up') {
            yield { kind: 'caught-up', checkpoint };
            continue;
          }
          if (!isOurs(item.event, this.options.streamPrefixes)) continue;
          const event = this.toPort(item.event);
          // After a resubscribe the server may resend the checkpoint event itself.
          if (compareEsdbPositions(event.position, checkpoint) <= 0) continue;
          yield { kind: 'event', event };
          checkpoint = event.position;
          delay = this.backoff.initial;
        }
      } catch {
        // Dropped (server restart, leader change, network): resubscribe from the checkpoint.
      } finally {
        await feed.close();
      }
      if (signal?.aborted) return;
      await sleepUnlessAborted(delay, signal);
      delay = Math.min(delay * 2, this.backoff.max);
    }
  }

  compareCheckpoints(a: string | null, b: string | null): number {
    return compareEsdbPositions(a, b);
  }

  async headPosition(): Promise<string | null> {
    for await (const { event } of this.client.readAll({ fromPosition: END, direction: BACKWARDS })) {
      if (event && isOurs(event, this.options.streamPrefixes)) return encodeEsdbPosition(event.position as Position);
    }
    return null;
  }

  async ping(): Promise<void> {
    for await (const _ of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) break;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async currentVersion(streamId: string): Promise<number> {
    const [last] = await collect(this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 }));
    return last ? Number(last.revision) + 1 : 0;
  }

  private toPort(event: EsdbRecorded): RecordedEvent {
    return this.upcasters.upcast(toRecordedEvent(event));
  }
}

async function collect(reads: AsyncIterable<{ event?: EsdbRecorded }>): Promise<EsdbRecorded[]> {
  const out: EsdbRecorded[] = [];
  for await (const { event } of reads) if (event) out.push(event);
  return out;
}

function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
