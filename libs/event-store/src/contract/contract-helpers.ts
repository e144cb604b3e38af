import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, RecordedEvent, SubscriptionItem } from '../event-store';
import type { UpcasterRegistry } from '../upcasting/upcaster-registry';

export interface ContractStoreOptions {
  upcasters?: UpcasterRegistry;
}

export type MakeStore = (options?: ContractStoreOptions) => Promise<EventStore>;

export interface HeldAppend {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface EventStoreContractOptions {
  /** A store on separate connections to the same data; without it the concurrency test shares one store. */
  openAnotherConnection?: () => Promise<EventStore>;
  /** Starts an append in a transaction left open (a lower position than anything appended after it). */
  holdOpenAppend?: (streamId: string, events: NewEvent[]) => Promise<HeldAppend>;
  /** False where the backend cannot refuse event ids reused in another stream (EventStoreDB). */
  rejectsEventIdsReusedElsewhere?: boolean;
}

/** Streams are named like the service's (`case-<uuid>`) so prefix filters let them through. */
export const newStreamId = (): string => `case-${randomUUID()}`;

export function newEvent(type = 'TestNoteAdded', data: unknown = { note: 'hello' }, schemaVersion = 1): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'user-1', name: 'Ada Lovelace' },
      schemaVersion,
    },
  };
}

export const events = (n: number): NewEvent[] => Array.from({ length: n }, (_, i) => newEvent('TestNoteAdded', { n: i }));

/** A subscription running in the background, recording what it sees, stopped by `stop()`. */
export class Recorder {
  readonly items: SubscriptionItem[] = [];
  private readonly controller = new AbortController();
  private readonly done: Promise<void>;
  failure: unknown;

  constructor(store: EventStore, from: string | null, batchSize?: number) {
    this.done = (async () => {
      try {
        for await (const item of store.subscribe(from, { signal: this.controller.signal, batchSize })) {
          this.items.push(item);
        }
      } catch (error) {
        this.failure = error;
      }
    })();
  }

  eventsOf(streamIds: Iterable<string>): RecordedEvent[] {
    const wanted = new Set(streamIds);
    return this.items.flatMap((i) => (i.kind === 'event' && wanted.has(i.event.streamId) ? [i.event] : []));
  }

  caughtUpCount(): number {
    return this.items.filter((i) => i.kind === 'caught-up').length;
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.done;
    if (this.failure) throw this.failure;
  }
}
