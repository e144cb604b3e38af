import type { RecordedEvent } from '@iln/event-store';
import type { CaseEvent } from '../domain/events';

/** What a projection needs from a database transaction: plain SQL, nothing else. */
export interface SqlRunner {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<any>;
  /** `COPY ... FROM STDIN` fed with `text` (COPY's text format), where the runner can. */
  copyFrom?(sql: string, text: string): Promise<void>;
  /**
   * Set by the rebuild on the runner it hands to `applyBatch`: the tables are a copy that
   * only the rebuild writes, filled from the start of the log, each event once and in
   * order. An append-only model may then insert its rows without lookups or conflicts.
   */
  readonly rebuildFill?: boolean;
  /**
   * Set by the rebuild on the fill's runners (not on the catch-up's, under the swap's
   * lock): one object per model for the whole fill, the same on every page, where a model
   * may hold work across pages (bounded by the model's shape, never by the log's length)
   * to write once in `finishFill`.
   */
  readonly fillHeld?: FillHeld;
}

/** What a model holds across a rebuild's fill (SqlRunner.fillHeld): its own, in `state`. */
export interface FillHeld {
  state?: unknown;
}

export type CaseRecordedEvent = RecordedEvent<CaseEvent['data']> & Pick<CaseEvent, 'type'>;

/**
 * A read model's writer. `applyBatch` runs inside the transaction that also stores the
 * checkpoint; it must be idempotent per event (rows remember the stream version they
 * reflect) because a rebuild catch-up may hand it events a row already reflects.
 * Table names are unqualified so a rebuild can point them at a shadow schema.
 */
export interface Projection {
  readonly name: string;
  readonly tables: readonly string[];
  applyBatch(db: SqlRunner, events: readonly RecordedEvent[]): Promise<void>;
  /**
   * Given a runner with `rebuildFill`, `applyBatch` only inserts, each row once: the
   * rebuild then fills the copy with no index at all, not even the primary key (built
   * after the fill).
   */
  readonly appendOnly?: boolean;
  /**
   * Called by the rebuild once after the fill's last page, with a runner like the pages'
   * (`rebuildFill`, the same `fillHeld`), in a transaction of its own before the copy is
   * made durable and indexed: a model writes here what it held across the pages. The
   * catch-up under the swap's lock then runs the ordinary path (no `fillHeld`).
   */
  finishFill?(db: SqlRunner): Promise<void>;
}

// The stream naming and the recorded -> case event conversion live in ../case-stream.
export { asCaseEvent, caseIdOf, CASE_STREAM_PREFIX } from '../case-stream';
