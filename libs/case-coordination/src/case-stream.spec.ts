import type { RecordedEvent } from '@iln/event-store';
import { asCaseEvent, caseIdOf, caseStreamId, CASE_STREAM_PREFIXES, toCaseEvent } from './case-stream';

const recordedIn = (streamId: string): RecordedEvent => ({
  eventId: 'e-1',
  type: 'NoteAdded',
  data: { noteId: 'n-1', text: 'called' },
  metadata: { correlationId: 'c', causationId: null, actor: { id: 'p', name: 'P' }, schemaVersion: 1 },
  streamId,
  version: 3,
  position: '000003',
  recordedAt: new Date(0),
});

describe('case streams', () => {
  it('names a case stream and reads the case back from the name', () => {
    const id = '5b8e3f0a-6a43-4c8e-9a55-0a2b6f1d2c3e';
    expect(caseStreamId(id)).toBe(`case-${id}`);
    expect(caseIdOf(caseStreamId(id))).toBe(id);
    expect(CASE_STREAM_PREFIXES.every((p) => caseStreamId(id).startsWith(p))).toBe(true);
  });

  it('does not take other streams, or a bare prefix, for a case', () => {
    expect(caseIdOf('referral-123')).toBeNull();
    expect(caseIdOf('$all')).toBeNull();
    expect(caseIdOf('case-')).toBeNull();
    expect(caseIdOf('xcase-1')).toBeNull();
  });

  it('reads a recorded event of a case stream as its case event, and skips other streams', () => {
    const r = recordedIn('case-abc');
    expect(toCaseEvent(r)).toEqual({ type: 'NoteAdded', data: { noteId: 'n-1', text: 'called' } });
    expect(asCaseEvent(r)).toEqual({ caseId: 'abc', event: toCaseEvent(r), recorded: r });
    expect(asCaseEvent(recordedIn('other-abc'))).toBeNull();
  });
});
