import type { RecordedEvent } from '@iln/event-store';
import type { CaseEvent } from './domain/events';

// The one place that knows how a case lives in the event store: its stream's name and
// how a recorded event reads as a case event.

/** Every case is the stream `case-<caseId>`. */
export const CASE_STREAM_PREFIX = 'case-';

/** The stream prefixes that are this service's (the EventStoreDB subscription filters on them). */
export const CASE_STREAM_PREFIXES: readonly string[] = [CASE_STREAM_PREFIX];

export function caseStreamId(caseId: string): string {
  return `${CASE_STREAM_PREFIX}${caseId}`;
}

/** The case a stream holds, or null for a stream that is not a case's. */
export function caseIdOf(streamId: string): string | null {
  return streamId.startsWith(CASE_STREAM_PREFIX) && streamId.length > CASE_STREAM_PREFIX.length
    ? streamId.slice(CASE_STREAM_PREFIX.length)
    : null;
}

/**
 * A recorded event of a case stream as the case event it stores. Stored events keep their
 * meaning (older shapes are upcast by the store), so type and data are the event.
 */
export function toCaseEvent(recorded: Pick<RecordedEvent, 'type' | 'data'>): CaseEvent {
  return { type: recorded.type, data: recorded.data } as CaseEvent;
}

/** Narrows a recorded event to a case event (other streams are skipped by every reader). */
export function asCaseEvent(recorded: RecordedEvent): { caseId: string; event: CaseEvent; recorded: RecordedEvent } | null {
  const caseId = caseIdOf(recorded.streamId);
  if (caseId === null) return null;
  return { caseId, event: toCaseEvent(recorded), recorded };
}
