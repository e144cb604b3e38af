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

export const CASE_STREAM_PREFIX = 'case-';

export function caseIdOf(streamId: string): string | null {
  return streamId.startsWith(CASE_STREAM_PREFIX) ? streamId.slice(CASE_STREAM_PREFIX.length) : null;
}

/** Narrows a recorded event to a case event (other streams are skipped by every projection). */
export function asCaseEvent(e: RecordedEvent): { caseId: string; event: CaseEvent; recorded: RecordedEvent } | null {
  const caseId = caseIdOf(e.streamId);
  if (caseId === null) return null;
  return { caseId, event: { type: e.type, data: e.data } as CaseEvent, recorded: e };
}
