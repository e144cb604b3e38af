import {
  EventStore,
  PostgresEventStore,
  type AppendResult,
  type ExpectedVersion,
  type NewEvent,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type SubscriptionItem,
} from '@iln/event-store';
import { caseIdOf } from '../case-stream';
import { CaseKeyDestroyed, CaseKeys, type CaseKeyState } from './case-keys';
import { erasedPersonalData, isSealed, openPersonalData, sealSplit, splitPersonalData } from './personal-data-envelope';

/**
 * The metadata mark on an event read after its case's key was destroyed: its personal
 * fields are null and `metadata.personalDataErased` is the instant the key was destroyed
 * (ISO string). Events that never held personal data carry no mark.
 */
export const PERSONAL_DATA_ERASED = 'personalDataErased';

/** SQLSTATE of `case_key_append` when the case has a key row already (live or destroyed). */
const CASE_KEY_EXISTS = 'CK409';

/** When the event's personal data was erased (its case's key destroyed), or null. */
export function personalDataErasedAt(recorded: Pick<RecordedEvent, 'metadata'>): string | null {
  const mark = recorded.metadata[PERSONAL_DATA_ERASED];
  return typeof mark === 'string' ? mark : null;
}

/**
 * The event store port with case events' personal fields encrypted on append and
 * decrypted on read, over either adapter: the adapters store only ciphertext, every
 * reader (deciders, projections and rebuild, `asAt`, exports, the follow-up scheduler)
 * sees plain events. Streams that are not a case's, and events stored before encryption
 * (no envelope), pass through unchanged. Key look-ups are one query per page read
 * (`readAll`, `readStream`); the subscription looks up a case not cached when it meets it.
 */
export class EncryptingEventStore extends EventStore {
  private readonly opening = new WeakMap<RecordedEvent, Promise<RecordedEvent>>();

  constructor(
    private readonly inner: EventStore,
    private readonly keys: CaseKeys,
  ) {
    super();
  }

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    const caseId = caseIdOf(streamId);
    const splits = caseId === null ? [] : events.map(splitPersonalData);
    if (caseId === null || splits.every((s) => s === null)) return this.inner.appendToStream(streamId, events, options);
    const seal = (key: Buffer) =>
      events.map((e, i) => {
        const split = splits[i];
        return split ? { ...e, data: sealSplit(e, split, key) } : e;
      });
    const newStream = options.expectedVersion === 'no-stream';
    if (this.inner instanceof PostgresEventStore) {
      // A case with no key yet (an opening: not even looked up) gets one in the append's own
      // statement, no round trip of its own. A key row there already (a retried or racing
      // opening, a destroyed key) refuses it, nothing written: then the key is looked up.
      const known = newStream ? undefined : (await this.keys.statesFor([caseId])).get(caseId);
      if (known?.key === null) throw new CaseKeyDestroyed(caseId, known.destroyedAt);
      if (known) return this.inner.appendToStream(streamId, seal(known.key), options);
      const made = await this.keys.newKeyForAppend(caseId);
      try {
        const result = await this.inner.appendThrough(
          { fn: 'case_key_append', args: [caseId, made.wrapped, made.kekId] },
          streamId,
          seal(made.key),
          options,
        );
        if (result.written !== false) made.stored();
        return result;
      } catch (error) {
        if ((error as { code?: unknown }).code !== CASE_KEY_EXISTS) throw error;
      }
      return this.inner.appendToStream(streamId, seal(await this.keys.keyForAppend(caseId)), options);
    }
    // EventStoreDB: the key is made (in PostgreSQL) before the append, in a statement of its own.
    return this.inner.appendToStream(streamId, seal(await this.keys.keyForAppend(caseId, { newStream })), options);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<{ events: RecordedEvent[]; version: number }> {
    const read = await this.inner.readStream(streamId, options);
    return { events: await this.openAll(read.events), version: read.version };
  }

  async readAll(after: string | null, options: { limit: number }): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readAll(after, options));
  }

  subscribe(fromCheckpoint: string | null, options?: SubscribeOptions): AsyncIterable<SubscriptionItem> {
    const inner = this.inner.subscribe(fromCheckpoint, options);
    const open = (event: RecordedEvent) => this.openShared(event);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const item of inner) {
          if (item.kind === 'event' && isSealed(item.event.data)) yield { kind: 'event', event: await open(item.event) };
          else yield item;
        }
      },
    };
  }

  /**
   * Subscriptions that shared one read of the log (the inner store hands them the same
   * event objects) decrypt each event once between them: the first to meet it opens it,
   * the others take that. Kept only while the stored event object lives (a WeakMap), that
   * is for the one shared page, never across reads.
   */
  private openShared(event: RecordedEvent): Promise<RecordedEvent> {
    let opened = this.opening.get(event);
    if (!opened) {
      opened = this.openAll([event]).then(([e]) => e);
      this.opening.set(event, opened);
      // A failed opening (key look-up) is not kept: the next subscription tries again.
      opened.catch(() => this.opening.delete(event));
    }
    return opened;
  }

  compareCheckpoints(a: string | null, b: string | null): number {
    return this.inner.compareCheckpoints(a, b);
  }

  headPosition(): Promise<string | null> {
    return this.inner.headPosition();
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Decrypts a page of events, with one key look-up for all the cases it needs. */
  private async openAll(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const needed = new Set<string>();
    for (const e of events) {
      if (!isSealed(e.data)) continue;
      const caseId = caseIdOf(e.streamId);
      if (caseId !== null) needed.add(caseId);
    }
    if (needed.size === 0) return events;
    const states = await this.keys.statesFor(needed);
    return events.map((e) => {
      if (!isSealed(e.data)) return e;
      return openEvent(e, states.get(caseIdOf(e.streamId) ?? ''));
    });
  }
}

function openEvent(event: RecordedEvent, state: CaseKeyState | undefined): RecordedEvent {
  if (!state) throw new Error(`event ${event.eventId} of ${event.streamId} is encrypted but its case has no key`);
  if (state.key === null) {
    return {
      ...event,
      data: erasedPersonalData(event.data),
      metadata: { ...event.metadata, [PERSONAL_DATA_ERASED]: state.destroyedAt.toISOString() },
    };
  }
  return { ...event, data: openPersonalData(event, state.key) };
}
