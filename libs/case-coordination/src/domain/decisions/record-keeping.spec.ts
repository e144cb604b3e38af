import { allocate, CASE_ID, history, iso, NOW, ofType, openCase, practitioner, scheduled, spec } from '../case-spec.fixtures';
import type { CaseCommand } from '../commands';
import { AlreadyAdmitted, DischargeBeforeAdmission, InvalidHomeCareHours, NotAdmitted } from '../errors';

const admit: CaseCommand = { type: 'RecordHospitalAdmission', data: { hospital: 'Basildon', admittedAt: '2026-11-20T10:00:00.000Z' } };
const discharge = (pathway: 0 | 1 | 2 | 3, dischargedAt = '2026-11-22T15:00:00.000Z'): CaseCommand => ({ type: 'RecordDischarge', data: { dischargedAt, pathway } });
const homeCare = (hoursPerWeek: number): CaseCommand => ({ type: 'SetHomeCare', data: { teamId: 'wb-1', hoursPerWeek } });

it('records a consent decision for the organisations listed', () => {
  const given = history(openCase, { type: 'RecordConsent', data: { status: 'refused', organisations: [] } });
  spec.given(given).when({ type: 'RecordConsent', data: { status: 'given', organisations: ['nelft'], note: 'Verbal' } }).then([
    { type: 'ConsentRecorded', data: { status: 'given', organisations: ['nelft'], note: 'Verbal', recordedAt: iso(NOW), perOrganisation: true } },
  ]);
});

it('adds a note, unrestricted unless said', () => {
  spec.given(history(openCase)).when({ type: 'AddNote', data: { text: 'Visited' } }).then([
    { type: 'NoteAdded', data: { noteId: 'id-1', text: 'Visited', restricted: false, addedAt: iso(NOW) } },
  ]);
  expect(spec.given(history(openCase)).when({ type: 'AddNote', data: { text: 'x', restricted: true } }).thenEvents()[0]).toMatchObject({ data: { restricted: true } });
});

describe('hospital', () => {
  it('flags an admission to the coordinator and the home care team, who lead discharge planning from a working day on', () => {
    spec.given(history(openCase, allocate, homeCare(10))).when(admit).then([
      { type: 'HospitalAdmissionRecorded', data: { hospital: 'Basildon', admittedAt: '2026-11-20T10:00:00.000Z', coordinatorId: practitioner.id, homeCareTeamId: 'wb-1', recordedAt: iso(NOW) } },
      {
        type: 'FollowUpScheduled',
        data: {
          followUpId: 'id-1',
          kind: 'discharge-planning',
          dueAt: '2026-11-24T09:00:00.000Z',
          subject: { kind: 'case', id: CASE_ID },
          ownerId: practitioner.id,
          serviceId: null,
          localityId: 'grays',
          scheduledAt: iso(NOW),
          teamId: 'wb-1',
        },
      },
    ]);
  });

  it('puts discharge planning on the coordinator only without home care, and on nobody yet without a coordinator', () => {
    expect(scheduled(spec.given(history(openCase, allocate)).when(admit).thenEvents(), 'discharge-planning')).not.toHaveProperty('teamId');
    expect(scheduled(spec.given(history(openCase)).when(admit).thenEvents(), 'discharge-planning')).toMatchObject({ ownerId: null });
  });

  it('completes discharge planning with the discharge', () => {
    const admitted = history(openCase, allocate, admit);
    const planning = scheduled(admitted, 'discharge-planning');
    const events = spec.given(admitted).when(discharge(0)).thenEvents();
    expect(ofType(events, 'FollowUpCompleted')).toEqual([
      { type: 'FollowUpCompleted', data: { followUpId: planning.followUpId, kind: 'discharge-planning', manual: false, note: null, completedAt: iso(NOW) } },
    ]);
  });

  it('resumes discharge planning on reopening only while the resident is still in hospital', () => {
    const close: CaseCommand = { type: 'CloseCase', data: { reason: 'r', outcomeSummary: 'o' } };
    const reopen: CaseCommand = { type: 'ReopenCase', data: { reason: 'r' } };
    const stillIn = spec.given(history(openCase, allocate, homeCare(10), admit, close)).when(reopen).thenEvents();
    expect(scheduled(stillIn, 'discharge-planning')).toMatchObject({ ownerId: practitioner.id, teamId: 'wb-1' });
    const home = spec.given(history(openCase, allocate, admit, discharge(0), close)).when(reopen).thenEvents();
    expect(ofType(home, 'FollowUpScheduled').map((e) => e.data.kind)).not.toContain('discharge-planning');
  });

  it('refuses a second admission before a discharge', () => {
    spec.given(history(openCase, admit)).when(admit).thenThrows(AlreadyAdmitted);
  });

  it('schedules a welfare check 3 days from the discharge itself', () => {
    const events = spec.given(history(openCase, allocate, admit)).when(discharge(0)).thenEvents();
    expect(events[0]).toEqual({
      type: 'DischargeRecorded',
      data: { dischargeId: 'id-1', hospital: 'Basildon', admittedAt: '2026-11-20T10:00:00.000Z', dischargedAt: '2026-11-22T15:00:00.000Z', pathway: 0, recordedAt: iso(NOW) },
    });
    expect(ofType(events, 'FollowUpScheduled').map((e) => [e.data.kind, e.data.dueAt, e.data.ownerId])).toEqual([
      ['post-discharge-welfare-check', '2026-11-25T15:00:00.000Z', practitioner.id],
    ]);
  });

  it('adds the 91-day check for reablement (pathway 1)', () => {
    const events = spec.given(history(openCase, admit)).when(discharge(1)).thenEvents();
    expect(ofType(events, 'FollowUpScheduled').map((e) => [e.data.kind, e.data.dueAt])).toEqual([
      ['post-discharge-welfare-check', '2026-11-25T15:00:00.000Z'],
      ['reablement-91-day-check', '2027-02-21T15:00:00.000Z'],
    ]);
  });

  it('refuses a discharge without an admission, or before it', () => {
    spec.given(history(openCase)).when(discharge(0)).thenThrows(NotAdmitted);
    spec.given(history(openCase, admit, discharge(0))).when(discharge(0)).thenThrows(NotAdmitted);
    spec.given(history(openCase, admit)).when(discharge(0, '2026-11-19T00:00:00.000Z')).thenThrows(DischargeBeforeAdmission);
  });
});

describe('home care', () => {
  it('sets hours against the previous allocation', () => {
    spec.given(history(openCase, homeCare(10))).when(homeCare(14)).then([
      { type: 'HomeCareSet', data: { teamId: 'wb-1', hoursPerWeek: 14, previousTeamId: 'wb-1', previousHoursPerWeek: 10, setAt: iso(NOW) } },
    ]);
  });

  it('ends with 0 hours; ending nothing records nothing', () => {
    expect(spec.given(history(openCase, homeCare(10))).when(homeCare(0)).thenEvents()[0]).toMatchObject({ data: { hoursPerWeek: 0, previousHoursPerWeek: 10 } });
    spec.given(history(openCase, homeCare(10), homeCare(0))).when(homeCare(0)).thenNothing();
  });

  it('refuses negative hours', () => {
    spec.given(history(openCase)).when(homeCare(-1)).thenThrows(InvalidHomeCareHours);
  });
});
