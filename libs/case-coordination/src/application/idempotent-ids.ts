import { createHash } from 'node:crypto';

/**
 * Ids derived from a request's idempotency token (API.md "Idempotency"): the same
 * request (caller, Idempotency-Key, method, path, body) always gets the same ids, so
 * the events its command appends are the record that it happened. A retry finds them
 * in the case's stream and is answered from them; an append racing a retry is refused
 * by the event store as a duplicate of the same ids (PostgreSQL: `es_events.event_id`
 * is unique and es_append answers an exact repeat without writing; EventStoreDB: its
 * own idempotent append on event ids). Nothing outside the event log has to commit with
 * it, so there is no window in which the events exist and the record of the key does not.
 */
function uuidFrom(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\n')).digest('hex');
  // RFC 9562 version 8 (custom), variant 10xx.
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The id of the `index`-th event a request with this token appends. */
export function idempotentEventId(token: string, index: number): string {
  return uuidFrom('event', token, String(index));
}

/** The id of the case an OpenCase request with this token opens. */
export function idempotentCaseId(token: string): string {
  return uuidFrom('case', token);
}
