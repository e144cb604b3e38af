import { ANY, NO_STREAM } from '@eventstore/db-client';
import type { AppendExpectedRevision, Position } from '@eventstore/db-client';
import type { EventMetadata, ExpectedVersion, RecordedEvent } from '../event-store';

// EventStoreDB counts revisions from 0 (the first event is revision 0) and calls an empty
// stream NO_STREAM; the port counts versions from 1 with 0 for empty. Every translation
// between the two lives here so the off-by-one has exactly one place to be wrong.

export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no-stream' || expected === 0) return NO_STREAM;
  return BigInt(expected - 1);
}

/** `current` as WrongExpectedVersionError reports it: a revision, or 'no_stream'. */
export function versionFromRevision(revision: bigint | string | undefined): number {
  return typeof revision === 'bigint' ? Number(revision) + 1 : 0;
}

const DIGITS = 20;
const PATTERN = /^(\d{1,20}):(\d{1,20})$/;

/** `commit:prepare`, zero-padded so the strings also sort as text. */
export function encodeEsdbPosition(position: Position): string {
  return `${position.commit.toString().padStart(DIGITS, '0')}:${position.prepare.toString().padStart(DIGITS, '0')}`;
}

export function decodeEsdbPosition(checkpoint: string): Position {
  const match = PATTERN.exec(checkpoint);
  if (!match) throw new Error(`not an EventStoreDB position: ${checkpoint}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

export function compareEsdbPositions(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const x = decodeEsdbPosition(a);
  const y = decodeEsdbPosition(b);
  if (x.commit !== y.commit) return x.commit < y.commit ? -1 : 1;
  return x.prepare === y.prepare ? 0 : x.prepare < y.prepare ? -1 : 1;
}

/** The part of a client's recorded event the adapter reads. */
export interface EsdbRecorded {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

/**
 * Ours: JSON events in streams with one of our prefixes. System events (`$`-typed, or in
 * `$`-streams) are the server's own bookkeeping and never reach the port.
 */
export function isOurs(event: EsdbRecorded, streamPrefixes: string[]): boolean {
  return (
    event.isJson &&
    !event.type.startsWith('$') &&
    !event.streamId.startsWith('$') &&
    streamPrefixes.some((p) => event.streamId.startsWith(p))
  );
}

export function toRecordedEvent(event: EsdbRecorded): RecordedEvent {
  if (!event.position) throw new Error('EventStoreDB returned no position: the server must be 22.6 or later');
  return {
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as EventMetadata,
    streamId: event.streamId,
    version: Number(event.revision) + 1,
    position: encodeEsdbPosition(event.position),
    recordedAt: event.created,
  };
}
