import { ANY, ErrorType, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type { AppendExpectedRevision, Filter, Position, ReadPosition } from '@eventstore/db-client';
import { Readable } from 'node:stream';
import type { EsdbClientSurface, EsdbResolved, EsdbSubscription } from './esdb-client-surface';
import type { EsdbRecorded } from './esdb-mapping';

type FakeSubscription = Readable & EsdbSubscription;

/**
 * A small stand-in for EventStoreDBClient with its 0-based revisions, NO_STREAM, and
 * errors, for unit-testing the adapter's translations. Not a model of the server: no
 * idempotency, no filters beyond prefixes. Subscriptions resend the event at their start
 * position, as a resubscribe may, so the adapter's de-duplication is exercised.
 */
export class FakeEsdbClient implements EsdbClientSurface {
  readonly log: EsdbRecorded[] = [];
  readonly appendCalls: Array<{ streamName: string; expectedRevision: AppendExpectedRevision }> = [];
  readonly subscribeCalls: Array<{ fromPosition?: ReadPosition; filter?: Filter }> = [];
  readonly live: Array<{ sub: FakeSubscription; filter?: Filter }> = [];
  disposed = false;

  async appendToStream(
    streamName: string,
    events: Array<{ id: string; type: string; data: unknown; metadata: unknown }>,
    { expectedRevision }: { expectedRevision: AppendExpectedRevision },
  ) {
    this.appendCalls.push({ streamName, expectedRevision });
    const stream = this.log.filter((e) => e.streamId === streamName);
    const current = stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1);
    if (expectedRevision !== ANY && expectedRevision !== current) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected: expectedRevision, current });
    }
    let position: Position = { commit: 0n, prepare: 0n };
    for (const [i, e] of events.entries()) {
      position = { commit: BigInt((this.log.length + 1) * 100), prepare: BigInt((this.log.length + 1) * 100) };
      const recorded: EsdbRecorded = {
        streamId: streamName,
        id: e.id,
        revision: BigInt(stream.length + i),
        type: e.type,
        created: new Date(),
        isJson: true,
        data: e.data,
        metadata: e.metadata,
        position,
      };
      this.log.push(recorded);
      for (const { sub, filter } of this.live) if (matches(recorded, filter)) sub.push({ event: recorded });
    }
    return { nextExpectedRevision: BigInt(stream.length + events.length - 1), position };
  }

  /** A system event the server writes by itself. */
  appendSystemEvent(streamId: string, type: string): void {
    const n = this.log.length + 1;
    const event: EsdbRecorded = {
      streamId, id: `sys-${n}`, revision: 0n, type, created: new Date(), isJson: true, data: {}, metadata: {},
      position: { commit: BigInt(n * 100), prepare: BigInt(n * 100) },
    };
    this.log.push(event);
    for (const { sub, filter } of this.live) if (matches(event, filter)) sub.push({ event });
  }

  async *readStream(streamName: string, options: { fromRevision?: unknown; direction?: string; maxCount?: number | bigint }) {
    const stream = this.log.filter((e) => e.streamId === streamName);
    if (stream.length === 0) throw Object.assign(new Error(`${streamName} not found`), { type: ErrorType.STREAM_NOT_FOUND });
    const ordered = options.direction === 'backwards' ? [...stream].reverse() : stream;
    const from = typeof options.fromRevision === 'bigint' ? options.fromRevision : -1n;
    const selected = ordered.filter((e) => options.direction === 'backwards' || e.revision >= from);
    for (const event of selected.slice(0, Number(options.maxCount ?? selected.length))) yield { event };
  }

  async *readAll(options: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint }) {
    const ordered = options.direction === 'backwards' ? [...this.log].reverse() : this.log;
    const from = typeof options.fromPosition === 'object' ? options.fromPosition.commit : -1n;
    const selected = ordered.filter((e) => options.direction === 'backwards' || e.position!.commit >= from);
    for (const event of selected.slice(0, Number(options.maxCount ?? selected.length))) yield { event };
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter }): EsdbSubscription {
    this.subscribeCalls.push(options);
    const sub = Object.assign(new Readable({ objectMode: true, read() {} }), {
      unsubscribe: async () => {
        sub.destroy();
      },
    }) as FakeSubscription;
    const from = typeof options.fromPosition === 'object' ? options.fromPosition.commit : -1n;
    // Like the server, history arrives after the call returns.
    setImmediate(() => {
      if (sub.destroyed) return;
      for (const event of this.log) {
        if (event.position!.commit >= from && matches(event, options.filter)) sub.push({ event } satisfies EsdbResolved);
      }
      sub.emit('caughtUp');
      this.live.push({ sub, filter: options.filter });
    });
    sub.on('close', () => this.live.splice(this.live.findIndex((l) => l.sub === sub) >>> 0, 1));
    return sub;
  }

  /** The connection drops under every live subscription. */
  dropSubscriptions(): void {
    for (const { sub } of this.live.splice(0)) sub.destroy(Object.assign(new Error('connection lost'), { type: ErrorType.UNAVAILABLE }));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

function matches(event: EsdbRecorded, filter?: Filter): boolean {
  if (!filter || !('prefixes' in filter)) return true;
  return filter.prefixes.some((p) => event.streamId.startsWith(p));
}
