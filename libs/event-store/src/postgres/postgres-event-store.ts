import { DatabaseError, Pool, PoolConfig } from 'pg';
import { catchUpLoop, Wakeup } from '../catch-up-loop';
import {
  AppendResult,
  DuplicateEventId,
  EventMetadata,
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
import { comparePgPositions, decodePgPosition, encodePgPosition } from './postgres-position';
import { AppendNotifier } from './append-notifier';
import { WakeListener } from './wake-listener';

// Why readers stop below the oldest running transaction
// ------------------------------------------------------
// Sequence values are handed out when a row is inserted, not when its transaction
// commits: A takes 10, B takes 11, B commits first. A reader that saw 11 and moved its
// checkpoint past it would never see 10. So the global order is (transaction_id, seq)
// and readers only return rows whose transaction id is below
// pg_snapshot_xmin(pg_current_snapshot()), the oldest transaction still in flight. Every
// transaction below that line has finished, so the set of rows there never changes again
// and a checkpoint inside it is final.
//
// The cost: any transaction left open anywhere in the cluster (not only ours, not only
// in this database) holds every reader at its xid until it ends. That is why the
// service's sessions set idle_in_transaction_session_timeout, and why the appends are a
// single statement. Waiting readers are woken by NOTIFY, but the end of an unrelated
// transaction notifies nobody, so they also poll.

export const DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

export interface PostgresEventStoreOptions {
  upcasters?: UpcasterRegistry;
  /** How often a waiting subscriber looks again without being notified. */
  pollIntervalMs?: number;
  /** Close the pool with the store (true when the store created it). */
  ownsPool?: boolean;
}

/**
 * Pool settings for the event store's sessions, including the idle-in-transaction limit.
 * Build the pool you pass to PostgresEventStore with this (or with the same `options`):
 * the store's own appends are single statements, but its sessions should refuse to sit
 * idle in a transaction like every other session of the service.
 */
export function postgresEventStorePoolConfig(connectionString: string, overrides: PoolConfig = {}): PoolConfig {
  return {
    connectionString,
    application_name: 'iln-event-store',
    options: `-c idle_in_transaction_session_timeout=${DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS}`,
    ...overrides,
  };
}

interface EventRow {
  event_id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  stream_id: string;
  version: string;
  transaction_id: string;
  global_seq: string;
  recorded_at: Date;
}

interface AppendRow {
  version: string;
  transaction_id: string;
  global_seq: string;
  written: boolean;
}

const SQL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const EVENT_COLUMNS = 'e.event_id, e.type, e.data, e.metadata, e.stream_id, e.version, e.transaction_id, e.global_seq, e.recorded_at';

export class PostgresEventStore extends EventStore {
  private readonly wakeup = new Wakeup();
  private readonly listener: WakeListener;
  private readonly notifier: AppendNotifier;
  private readonly upcasters: UpcasterRegistry;
  private readonly pollIntervalMs: number;
  /** The subscriptions' page reads in flight, by `after` and limit (see `readAllShared`). */
  private readonly pagesInFlight = new Map<string, Promise<RecordedEvent[]>>();
  /** How many page reads the subscriptions asked for, and how many a shared read answered (tests, instrumentation). */
  readonly subscriptionReads = { asked: 0, shared: 0 };

  constructor(
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    super();
    this.upcasters = options.upcasters ?? noUpcasters;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.listener = new WakeListener(pool.options, this.wakeup);
    this.notifier = new AppendNotifier(pool);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<{ events: RecordedEvent[]; version: number }> {
    // One statement, so the version and the events come from the same snapshot.
    const { rows } = await this.pool.query<Partial<EventRow> & { stream_version: string }>(
      `SELECT v.stream_version, ${EVENT_COLUMNS}
         FROM (SELECT CASE WHEN $3::timestamptz IS NULL
                 THEN coalesce((SELECT s.version FROM es_streams s WHERE s.stream_id = $1), 0)
                 ELSE (SELECT count(*) FROM es_events x WHERE x.stream_id = $1 AND x.recorded_at <= $3::timestamptz)
               END AS stream_version) v
         LEFT JOIN es_events e ON e.stream_id = $1 AND e.version >= $2
              AND ($3::timestamptz IS NULL OR e.recorded_at <= $3::timestamptz)
        ORDER BY e.version`,
      [streamId, options.fromVersion ?? 1, options.recordedUpTo ?? null],
    );
    const events = rows.filter((r) => r.event_id != null).map((r) => this.toRecorded(r as EventRow));
    return { events, version: Number(rows[0]?.stream_version ?? 0) };
  }

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    return this.append(null, streamId, events, options.expectedVersion);
  }

  /**
   * PostgreSQL only: the append and one more write in the same transaction, in one
   * statement. `through.fn` names a SQL function taking `(...through.args, stream id,
   * expected version, events jsonb)` that makes its write and answers what es_append
   * answers (see case_key_append). Its own errors reach the caller unmapped.
   */
  async appendThrough(
    through: { fn: string; args: unknown[] },
    streamId: string,
    events: NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    if (!SQL_NAME.test(through.fn)) throw new TypeError(`not a function name: ${through.fn}`);
    return this.append(through, streamId, events, options.expectedVersion);
  }

  private async append(
    through: { fn: string; args: unknown[] } | null,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new TypeError('appendToStream needs at least one event');
    const payload = JSON.stringify(events.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data ?? null, metadata: e.metadata })));
    const expectedArg = expected === 'any' ? null : expected === 'no-stream' ? 0 : expected;
    const pre = through?.args ?? [];
    const fn = through ? through.fn : 'es_append';
    const params = pre.map((_, i) => `$${i + 1}`);
    const n = pre.length;
    try {
      // An exact repeat answers with the stored events' transaction, never this one. A named
      // (prepared) statement: each connection parses and plans it once, not on every append.
      const { rows } = await this.pool.query<AppendRow>({
        name: `iln_${fn}_${n}`,
        text: `SELECT version, transaction_id, global_seq, transaction_id = pg_current_xact_id() AS written
           FROM ${fn}(${[...params, `$${n + 1}`, `$${n + 2}`, `$${n + 3}::jsonb`].join(', ')})`,
        values: [...pre, streamId, expectedArg, payload],
      });
      const last = rows[0];
      // Committed: wake this process's subscribers now, and every other process's via NOTIFY.
      if (last.written) {
        this.wakeup.wake();
        this.notifier.request();
      }
      return this.appendResult(last);
    } catch (error) {
      // The insert found an event id stored already (the unique index): an exact repeat of
      // an append that happened (answered as it was, nothing written), or ids reused elsewhere.
      if (error instanceof DatabaseError && error.code === '23505' && error.constraint === 'es_events_event_id_key') {
        const repeat = await this.repeatOf(streamId, expected, payload, events);
        if (repeat) return repeat;
      }
      throw this.mapAppendError(error, streamId, events, expected);
    }
  }

  private async repeatOf(streamId: string, expected: ExpectedVersion, payload: string, events: NewEvent[]): Promise<AppendResult | null> {
    try {
      const { rows } = await this.pool.query<AppendRow>(
        'SELECT version, transaction_id, global_seq, false AS written FROM es_append_repeat($1, $2, $3::jsonb)',
        [streamId, expected === 'any' ? null : expected === 'no-stream' ? 0 : expected, payload],
      );
      return rows.length === 0 ? null : this.appendResult(rows[0]);
    } catch (error) {
      throw this.mapAppendError(error, streamId, events, expected);
    }
  }

  private appendResult(row: AppendRow): AppendResult {
    return { version: Number(row.version), position: encodePgPosition(row.transaction_id, row.global_seq), written: row.written };
  }

  async readAll(after: string | null, options: { limit: number }): Promise<RecordedEvent[]> {
    const from = after === null ? { transactionId: 0n, seq: 0n } : decodePgPosition(after);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events e
        WHERE (e.transaction_id, e.global_seq) > ($1::text::xid8, $2::bigint)
          AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.transaction_id, e.global_seq
        LIMIT $3`,
      [from.transactionId.toString(), from.seq.toString(), options.limit],
    );
    return rows.map((r) => this.toRecorded(r));
  }

  /**
   * The subscriptions' reads. A wake (a local append or a NOTIFY) wakes every waiting
   * subscription of this store at once, and subscriptions that were caught up all ask for
   * the same page (`after` the same head): they share one query and its rows instead of
   * each sending it (the worker's ten projections: one read of the new events, not ten).
   * Only a read still in flight is shared, never a finished one, so a subscription woken
   * by its poll (nothing notified) always reads afresh; and only one begun since the last
   * wake (the same generation the caller waits from), so no caller is handed a read begun
   * before a commit it was woken for.
   */
  private readAllShared(after: string | null, options: { limit: number }): Promise<RecordedEvent[]> {
    const key = `${this.wakeup.generation}|${after ?? ''}|${options.limit}`;
    this.subscriptionReads.asked += 1;
    const inFlight = this.pagesInFlight.get(key);
    if (inFlight) {
      this.subscriptionReads.shared += 1;
      return inFlight;
    }
    const page = this.readAll(after, options).finally(() => this.pagesInFlight.delete(key));
    this.pagesInFlight.set(key, page);
    return page;
  }

  subscribe(fromCheckpoint: string | null, options?: SubscribeOptions): AsyncIterable<SubscriptionItem> {
    const source = { readAll: this.readAllShared.bind(this), wakeup: this.wakeup, pollIntervalMs: this.pollIntervalMs };
    const listener = this.listener;
    return {
      async *[Symbol.asyncIterator]() {
        await listener.ensureStarted();
        yield* catchUpLoop(source, fromCheckpoint, options);
      },
    };
  }

  compareCheckpoints(a: string | null, b: string | null): number {
    return comparePgPositions(a, b);
  }

  async headPosition(): Promise<string | null> {
    const { rows } = await this.pool.query<{ transaction_id: string; global_seq: string }>(
      `SELECT e.transaction_id, e.global_seq FROM es_events e
        WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.transaction_id DESC, e.global_seq DESC LIMIT 1`,
    );
    return rows.length === 0 ? null : encodePgPosition(rows[0].transaction_id, rows[0].global_seq);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1 FROM es_streams LIMIT 0');
  }

  async close(): Promise<void> {
    await this.notifier.close();
    await this.listener.close();
    this.wakeup.wake();
    if (this.options.ownsPool) await this.pool.end();
  }

  private toRecorded(row: EventRow): RecordedEvent {
    return this.upcasters.upcast({
      eventId: row.event_id,
      type: row.type,
      data: row.data,
      metadata: row.metadata,
      streamId: row.stream_id,
      version: Number(row.version),
      position: encodePgPosition(row.transaction_id, row.global_seq),
      recordedAt: row.recorded_at,
    });
  }

  private mapAppendError(error: unknown, streamId: string, events: NewEvent[], expected: ExpectedVersion): unknown {
    if (!(error instanceof DatabaseError)) return error;
    if (error.code === 'ES409') return new ExpectedVersionConflict(streamId, expected, Number(error.detail));
    if (error.code === 'ES410') return new DuplicateEventId(streamId, events.map((e) => e.eventId));
    // A concurrent append of the same ids to another stream, committed while we waited.
    if (error.code === '23505' && error.constraint === 'es_events_event_id_key') {
      return new DuplicateEventId(streamId, events.map((e) => e.eventId));
    }
    return error;
  }
}
