import { catchUpLoop, Wakeup } from '../catch-up-loop';
import {
  AppendResult,
  DuplicateEventId,
  EventStore,
  ExpectedVersion,
  ExpectedVersionConflict,
  expectedVersionMatches,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  SubscriptionItem,
} from '../event-store';
import { noUpcasters, UpcasterRegistry } from '../upcasting/upcaster-registry';

const POSITION_DIGITS = 16;

/** The stored events; several stores (say, with different upcasters) may share one. */
export class InMemoryEventLog {
  readonly all: RecordedEvent[] = [];
  readonly streams = new Map<string, RecordedEvent[]>();
  readonly wakeup = new Wakeup();
}

/**
 * The whole store in one process's memory, for fast pure tests of code that needs an
 * event store. Holds to the same contract as the real adapters (see the contract suite);
 * stored values are deep-copied as JSON so tests cannot mutate history by accident.
 */
export class InMemoryEventStore extends EventStore {
  private readonly log: RecordedEvent[];
  private readonly streams: Map<string, RecordedEvent[]>;
  private readonly wakeup: Wakeup;
  private readonly upcasters: UpcasterRegistry;
  private readonly now: () => Date;

  constructor(options: { upcasters?: UpcasterRegistry; now?: () => Date; log?: InMemoryEventLog } = {}) {
    super();
    const shared = options.log ?? new InMemoryEventLog();
    this.log = shared.all;
    this.streams = shared.streams;
    this.wakeup = shared.wakeup;
    this.upcasters = options.upcasters ?? noUpcasters;
    this.now = options.now ?? (() => new Date());
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<{ events: RecordedEvent[]; version: number }> {
    let stored = this.streams.get(streamId) ?? [];
    if (options.recordedUpTo) {
      const upTo = options.recordedUpTo.getTime();
      stored = stored.filter((e) => e.recordedAt.getTime() <= upTo);
    }
    const from = options.fromVersion ?? 1;
    const events = stored.filter((e) => e.version >= from).map((e) => this.read(e));
    return { events, version: stored.length };
  }

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new TypeError('appendToStream needs at least one event');
    const stream = this.streams.get(streamId) ?? [];
    const repeat = this.findRepeat(streamId, stream, events, options.expectedVersion);
    if (repeat) return repeat;
    if (!expectedVersionMatches(options.expectedVersion, stream.length)) {
      throw new ExpectedVersionConflict(streamId, options.expectedVersion, stream.length);
    }
    const recordedAt = this.now();
    for (const e of events) {
      const recorded: RecordedEvent = {
        ...clone({ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata }),
        streamId,
        version: stream.length + 1,
        position: encode(this.log.length + 1),
        recordedAt: new Date(recordedAt),
      };
      stream.push(recorded);
      this.log.push(recorded);
    }
    this.streams.set(streamId, stream);
    this.wakeup.wake();
    return { version: stream.length, position: stream[stream.length - 1].position, written: true };
  }

  async readAll(after: string | null, options: { limit: number }): Promise<RecordedEvent[]> {
    const start = after === null ? 0 : decode(after);
    return this.log.slice(start, start + options.limit).map((e) => this.read(e));
  }

  subscribe(fromCheckpoint: string | null, options?: SubscribeOptions): AsyncIterable<SubscriptionItem> {
    return catchUpLoop({ readAll: (a, o) => this.readAll(a, o), wakeup: this.wakeup }, fromCheckpoint, options);
  }

  compareCheckpoints(a: string | null, b: string | null): number {
    return (a === null ? 0 : decode(a)) - (b === null ? 0 : decode(b));
  }

  async headPosition(): Promise<string | null> {
    return this.headPositionNow();
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    // Wake waiting subscribers so that nothing keeps the process alive after close.
    this.wakeup.wake();
  }

  private headPositionNow(): string | null {
    return this.log.length === 0 ? null : encode(this.log.length);
  }

  /** The same events at the same place in the same stream: a retry, answered with the original result. */
  private findRepeat(streamId: string, stream: RecordedEvent[], events: NewEvent[], expected: ExpectedVersion) {
    const ids = new Set(events.map((e) => e.eventId));
    const stored = this.log.filter((e) => ids.has(e.eventId));
    if (stored.length === 0) return undefined;
    const first = stored[0].version;
    const samePlace =
      stored.length === events.length &&
      events.every((e, i) => {
        const s = stream[first - 1 + i];
        return s !== undefined && s.streamId === streamId && s.eventId === e.eventId;
      }) &&
      (expected === 'any' || (expected === 'no-stream' ? first === 1 : expected === first - 1));
    if (!samePlace) throw new DuplicateEventId(streamId, stored.map((e) => e.eventId));
    const last = stream[first - 2 + events.length];
    return { version: last.version, position: last.position, written: false };
  }

  private read(e: RecordedEvent): RecordedEvent {
    return this.upcasters.upcast({ ...clone(e), recordedAt: new Date(e.recordedAt) });
  }
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function encode(n: number): string {
  return String(n).padStart(POSITION_DIGITS, '0');
}

function decode(position: string): number {
  if (!/^\d+$/.test(position)) throw new Error(`not an in-memory event store position: ${position}`);
  return Number(position);
}
