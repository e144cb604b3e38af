import { randomBytes, randomUUID } from 'node:crypto';
import { CASE_EVENT_TYPES, type CaseEvent, type CaseEventType } from '../domain/events';
import { PERSONAL_FIELDS } from './personal-fields';
import { erasedPersonalData, isSealed, openPersonalData, sealPersonalData } from './personal-data-envelope';

// Every event type with every field filled (Required<>: a field added to an event without
// a sample here does not compile). Strings that are personal start with "PD:" so the
// test can tell where they went; everything else is what a real event would carry.
type Samples = { [T in CaseEventType]: Required<Extract<CaseEvent, { type: T }>['data']> };
const staff = { id: 'p-1', name: 'Staff Name' };
const resident = {
  givenName: 'PD:given',
  familyName: 'PD:family',
  dateOfBirth: 'PD:1950-01-01',
  nhsNumber: 'PD:9434765919',
  postcode: 'PD:RM17 6SL',
  address: 'PD:1 High Street',
};
const at = '2026-01-01T10:00:00.000Z';
const SAMPLES: Samples = {
  CaseOpened: {
    caseId: 'c-1', reference: 'ILN-GRA-000001', resident, localityId: 'grays', source: 'gp' as never, reason: 'PD:reason',
    needs: ['PD:need'], whatMatters: 'PD:what matters', complexity: 'standard', openedAt: at,
  },
  CoordinatorAssigned: {
    practitionerId: 'p-1', practitionerName: 'Staff', teamId: 't-1', previousPractitionerId: 'p-0', handoverId: 'h-1', localityId: 'grays', assignedAt: at,
  },
  HandoverProposed: {
    handoverId: 'h-1', fromPractitionerId: 'p-1', toPractitionerId: 'p-2', toPractitionerName: 'Staff', toTeamId: 't-1', reason: 'PD:reason', proposedBy: staff, proposedAt: at,
  },
  HandoverAccepted: { handoverId: 'h-1', fromPractitionerId: 'p-1', toPractitionerId: 'p-2', acceptedAt: at },
  HandoverDeclined: { handoverId: 'h-1', reason: 'PD:reason', withdrawn: false, declinedAt: at },
  CareTeamMemberAdded: { memberId: 'm-1', name: 'Partner Name', organisation: 'nelft', role: 'district nurse', addedAt: at },
  CareTeamMemberRemoved: { memberId: 'm-1', removedAt: at },
  CarePlanDrafted: {
    planVersion: 1, whatMatters: 'PD:what matters',
    goals: [{ id: 'g-1', description: 'PD:goal', targetDate: '2026-02-01', achieved: false }],
    actions: [{ id: 'a-1', description: 'PD:action', owner: { kind: 'family' as never, id: 'o-1', name: 'PD:owner' }, goalId: 'g-1', dueDate: '2026-02-01', completed: false }],
    informalSupport: ['PD:support'], risksAccepted: ['PD:risk'], draftedAt: at,
  },
  CarePlanAgreed: { planVersion: 1, agreedWithResident: true, note: 'PD:note', agreedAt: at, nextReviewDue: at },
  CarePlanReviewed: { planVersion: 1, summary: 'PD:summary', reviewedAt: at, nextReviewDue: at },
  CarePlanActionCompleted: { planVersion: 1, actionId: 'a-1', note: 'PD:note', completedAt: at },
  GoalAchieved: { planVersion: 1, goalId: 'g-1', note: 'PD:note', achievedAt: at },
  SpecialistInputRequested: {
    inputId: 'i-1', serviceId: 's-1', mode: 'advice' as never, urgency: 'routine' as never, request: 'PD:request', localityId: 'grays', requestedAt: at, respondBy: at,
  },
  SpecialistInputAccepted: { inputId: 'i-1', serviceId: 's-1', byName: 'Staff', acceptedAt: at },
  SpecialistInputDeclined: { inputId: 'i-1', serviceId: 's-1', reason: 'PD:reason', declinedAt: at },
  SpecialistInputDelivered: { inputId: 'i-1', serviceId: 's-1', summary: 'PD:summary', deliveredAt: at },
  SpecialistInputWithdrawn: { inputId: 'i-1', serviceId: 's-1', reason: 'PD:reason', previousStatus: 'requested', withdrawnAt: at },
  SafeguardingConcernRaised: {
    concernId: 'k-1', categories: ['neglect' as never], risk: 'high' as never, summary: 'PD:summary', raisedBy: staff, raisedAt: at, decisionDueBy: at,
  },
  SafeguardingFlagRaised: { concernId: 'k-1', raisedAt: at, nextReviewDue: at },
  SafeguardingDecisionMade: { concernId: 'k-1', section42: true, rationale: 'PD:rationale', decidedBy: staff, decidedAt: at, decisionDueBy: at },
  SafeguardingEnquiryConcluded: {
    concernId: 'k-1', outcome: 'substantiated' as never, desiredOutcomesAsked: true, desiredOutcomes: 'PD:desired', outcomesMet: 'fully' as never, concludedBy: staff, concludedAt: at,
  },
  SafeguardingFlagReviewed: { note: 'PD:note', reviewedAt: at, nextReviewDue: at },
  SafeguardingFlagLifted: { reason: 'PD:reason', liftedAt: at },
  ConsentRecorded: { status: 'given' as never, organisations: ['nelft'], note: 'PD:note', recordedAt: at, perOrganisation: true },
  NoteAdded: { noteId: 'n-1', text: 'PD:text', restricted: false, addedAt: at },
  HospitalAdmissionRecorded: { hospital: 'Basildon', admittedAt: at, coordinatorId: 'p-1', homeCareTeamId: 't-1', recordedAt: at },
  DischargeRecorded: { dischargeId: 'd-1', hospital: 'Basildon', admittedAt: at, dischargedAt: at, pathway: 'P1' as never, recordedAt: at },
  HomeCareSet: { teamId: 't-1', hoursPerWeek: 10, previousTeamId: 't-0', previousHoursPerWeek: 5, setAt: at, overCapacityReason: 'PD:reason' },
  CaseTransferred: { fromLocalityId: 'grays', toLocalityId: 'aveley', reason: 'PD:reason', transferredAt: at, pendingAllocation: true },
  CaseClosed: { reason: 'PD:reason', outcomeSummary: 'PD:outcome', closedAt: at },
  CaseReopened: { reason: 'PD:reason', reopenedAt: at },
  FollowUpScheduled: {
    followUpId: 'f-1', kind: 'review' as never, dueAt: at, subject: { kind: 'case', id: 'c-1' }, ownerId: 'p-1', serviceId: 's-1', localityId: 'grays', scheduledAt: at, teamId: 't-1',
  },
  FollowUpCompleted: { followUpId: 'f-1', kind: 'review' as never, manual: true, note: 'PD:note', completedAt: at, outcome: 'ok' as never },
  FollowUpCancelled: { followUpId: 'f-1', kind: 'review' as never, reason: 'case-closed' as never, cancelledAt: at },
  FollowUpBecameOverdue: { followUpId: 'f-1', kind: 'review' as never, dueAt: at, ownerId: 'p-1', becameOverdueAt: at, escalateAt: at },
  FollowUpEscalated: { followUpId: 'f-1', kind: 'review' as never, dueAt: at, ownerId: 'p-1', localityId: 'grays', escalatedAt: at },
  ConsentOverrideGranted: { organisation: 'nelft', reason: 'PD:reason', by: staff, at },
  ConsentOverrideLifted: { organisation: 'nelft', reason: 'PD:reason', by: staff, at },
  ResidentDetailsCorrected: { resident, corrected: ['givenName'], reason: 'PD:reason', correctedAt: at },
  LegalHoldPlaced: { reason: 'PD:reason', by: staff, at },
  LegalHoldLifted: { reason: 'PD:reason', by: staff, at },
};

/** Every string leaf as a declaration path (`goals[].description`; a string array is its key). */
function stringPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return value.length ? [prefix] : [];
    return value.flatMap((v) => stringPaths(v, `${prefix}[]`));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, prefix ? `${prefix}.${k}` : k).map((p) => p.replace('[].', '[].')));
  }
  return [];
}
const within = (path: string, declared: string) => path === declared || path.startsWith(`${declared}.`) || path.startsWith(`${declared}[]`);

function personalStrings(value: unknown): string[] {
  return JSON.stringify(value).match(/PD:[^"]*/g) ?? [];
}

describe('personal fields of case events', () => {
  it('are declared for every event type there is', () => {
    expect(Object.keys(PERSONAL_FIELDS).sort()).toEqual([...CASE_EVENT_TYPES].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual([...CASE_EVENT_TYPES].sort());
  });

  it.each(CASE_EVENT_TYPES)('%s: every string field is declared personal or clear, and personal ones hold the personal data', (type) => {
    const { personal, clear } = PERSONAL_FIELDS[type];
    const sample = SAMPLES[type];
    for (const path of stringPaths(sample)) {
      const isPersonal = personal.some((d) => within(path, d));
      const isClear = clear.some((d) => within(path, d));
      expect({ path, declared: isPersonal || isClear }).toEqual({ path, declared: true });
      expect({ path, bothWays: isPersonal && isClear }).toEqual({ path, bothWays: false });
    }
    // The samples mark personal strings: each is in a personal field, none in a clear one.
    for (const path of stringPaths(sample)) {
      const value = JSON.stringify(path.split(/\.|\[\]\.?/).filter(Boolean).reduce<unknown>((v, k) => (Array.isArray(v) ? v.map((e: Record<string, unknown>) => e[k]) : (v as Record<string, unknown>)[k]), sample));
      expect({ path, personal: value.includes('PD:') }).toEqual({ path, personal: personal.some((d) => within(path, d)) });
    }
  });

  it.each(CASE_EVENT_TYPES)('%s: sealed, no personal string is left in clear; opened, it is the event again; erased, those fields are null', (type) => {
    const key = randomBytes(32);
    const event = { eventId: randomUUID(), type, data: SAMPLES[type] as unknown };
    const sealed = sealPersonalData(event, key);
    const original = personalStrings(event.data);
    if (original.length === 0) {
      expect(sealed).toBe(event.data);
      return;
    }
    expect(isSealed(sealed)).toBe(true);
    expect(personalStrings(sealed)).toEqual([]);
    expect(openPersonalData({ ...event, data: sealed }, key)).toEqual(event.data);
    const erased = erasedPersonalData(sealed) as Record<string, unknown>;
    expect(personalStrings(erased)).toEqual([]);
    expect(erased.$pd).toBeUndefined();
    // Clear fields are all still there, and have their values.
    for (const path of stringPaths(event.data).filter((p) => !PERSONAL_FIELDS[type].personal.some((d) => within(p, d)))) {
      expect(stringPaths(erased)).toContain(path);
    }
  });
});

describe('the personal data envelope', () => {
  const key = randomBytes(32);
  const event = { eventId: randomUUID(), type: 'NoteAdded', data: { noteId: 'n-1', text: 'PD:secret', restricted: false, addedAt: at } };

  it('cannot be opened with another key, as another event or as another type', () => {
    const sealed = sealPersonalData(event, key);
    expect(() => openPersonalData({ ...event, data: sealed }, randomBytes(32))).toThrow();
    expect(() => openPersonalData({ ...event, eventId: randomUUID(), data: sealed }, key)).toThrow();
    expect(() => openPersonalData({ ...event, type: 'CaseReopened', data: sealed }, key)).toThrow();
  });

  it('leaves events without personal values untouched, and seals each event with its own IV', () => {
    const noNote = { eventId: randomUUID(), type: 'GoalAchieved', data: { planVersion: 1, goalId: 'g', note: null, achievedAt: at } };
    expect(sealPersonalData(noNote, key)).toBe(noNote.data);
    const a = sealPersonalData(event, key) as { $pd: { iv: string; ct: string } };
    const b = sealPersonalData(event, key) as { $pd: { iv: string; ct: string } };
    expect(a.$pd.iv).not.toEqual(b.$pd.iv);
    expect(a.$pd.ct).not.toEqual(b.$pd.ct);
    // Sealing twice is a no-op (the migration may meet an event already sealed).
    expect(sealPersonalData({ ...event, data: a }, key)).toBe(a);
  });

  it('reads data stored before encryption as it is', () => {
    expect(openPersonalData(event, key)).toBe(event.data);
  });
});
