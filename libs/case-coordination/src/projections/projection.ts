import type { RecordedEvent } from '@iln/event-store';
import type { CaseEvent } from '../domain/events';

/** What a projection needs from a database transaction: plain SQL, nothing else. */
export interface SqlRunner {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<any>;
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
}

// The stream naming and the recorded -> case event conversion live in ../case-stream.
export { asCaseEvent, caseIdOf, CASE_STREAM_PREFIX } from '../case-stream';
