import { allocate, history, iso, NOW, ofType, openCase, practitioner, spec } from '../case-spec.fixtures';
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
  it('flags an admission to the coordinator and the home care team', () => {
    spec.given(history(openCase, allocate, homeCare(10))).when(admit).then([
      { type: 'HospitalAdmissionRecorded', data: { hospital: 'Basildon', admittedAt: '2026-11-20T10:00:00.000Z', coordinatorId: practitioner.id, homeCareTeamId: 'wb-1', recordedAt: iso(NOW) } },
    ]);
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
