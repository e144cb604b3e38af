import type { RecordedEvent } from '@iln/event-store';
import { PERSONAL_DATA_ERASED } from './encrypting-event-store';
import { blankErasedPersonalFields } from './erased-event-blanks';

const recorded = (type: string, data: unknown, erased: boolean): RecordedEvent => ({
  eventId: 'e-1',
  type,
  data,
  metadata: { correlationId: 'c', causationId: null, actor: { id: 'p', name: 'P' }, schemaVersion: 1, ...(erased ? { [PERSONAL_DATA_ERASED]: '2026-11-24T10:00:00.000Z' } : {}) },
  streamId: 'case-1',
  version: 1,
  position: '1',
  recordedAt: new Date('2026-11-23T09:00:00.000Z'),
});

describe('an erased case event, as projections fold it', () => {
  it('has each null personal field blank: the resident with empty names, lists empty, text empty', () => {
    const data = { caseId: 'c1', reference: 'ILN-GRA-000001', resident: null, reason: null, needs: null, whatMatters: null, localityId: 'grays' };
    expect(blankErasedPersonalFields(recorded('CaseOpened', data, true)).data).toEqual({
      caseId: 'c1',
      reference: 'ILN-GRA-000001',
      resident: { givenName: '', familyName: '', dateOfBirth: '' },
      reason: '',
      needs: [],
      whatMatters: '',
      localityId: 'grays',
    });
    // The event as read is left as it was.
    expect(data.resident).toBeNull();
  });

  it('blanks fields inside lists (plan goals and actions) and leaves clear fields and absent ones alone', () => {
    const data = { whatMatters: null, goals: [{ id: 'g1', description: null }], actions: [{ id: 'a1', description: null, owner: { kind: 'practitioner', name: null } }], informalSupport: null, risksAccepted: null };
    expect(blankErasedPersonalFields(recorded('CarePlanDrafted', data, true)).data).toEqual({
      whatMatters: '',
      goals: [{ id: 'g1', description: '' }],
      actions: [{ id: 'a1', description: '', owner: { kind: 'practitioner', name: '' } }],
      informalSupport: [],
      risksAccepted: [],
    });
    expect(blankErasedPersonalFields(recorded('CarePlanAgreed', { agreedAt: 'x' }, true)).data).toEqual({ agreedAt: 'x' });
  });

  it('passes the events of cases not erased unchanged', () => {
    const event = recorded('NoteAdded', { noteId: 'n1', text: null }, false);
    expect(blankErasedPersonalFields(event)).toBe(event);
  });
});
