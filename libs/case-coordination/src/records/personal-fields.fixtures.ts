import type { CaseEvent, CaseEventType } from '../domain/events';

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
export const SAMPLE_AT = '2026-01-01T10:00:00.000Z';
export const PERSONAL_DATA_SAMPLES: Samples = {
  CaseOpened: {
    caseId: 'c-1', reference: 'ILN-GRA-000001', resident, localityId: 'grays', source: 'gp' as never, reason: 'PD:reason',
    needs: ['PD:need'], whatMatters: 'PD:what matters', complexity: 'standard', openedAt: SAMPLE_AT,
  },
  CoordinatorAssigned: {
    practitionerId: 'p-1', practitionerName: 'Staff', teamId: 't-1', previousPractitionerId: 'p-0', handoverId: 'h-1', localityId: 'grays', assignedAt: SAMPLE_AT,
  },
  HandoverProposed: {
    handoverId: 'h-1', fromPractitionerId: 'p-1', toPractitionerId: 'p-2', toPractitionerName: 'Staff', toTeamId: 't-1', reason: 'PD:reason', proposedBy: staff, proposedAt: SAMPLE_AT,
  },
  HandoverAccepted: { handoverId: 'h-1', fromPractitionerId: 'p-1', toPractitionerId: 'p-2', acceptedAt: SAMPLE_AT },
  HandoverDeclined: { handoverId: 'h-1', reason: 'PD:reason', withdrawn: false, declinedAt: SAMPLE_AT },
  CareTeamMemberAdded: { memberId: 'm-1', name: 'Partner Name', organisation: 'nelft', role: 'district nurse', addedAt: SAMPLE_AT },
  CareTeamMemberRemoved: { memberId: 'm-1', removedAt: SAMPLE_AT },
  CarePlanDrafted: {
    planVersion: 1, whatMatters: 'PD:what matters',
    goals: [{ id: 'g-1', description: 'PD:goal', targetDate: '2026-02-01', achieved: false }],
    actions: [{ id: 'a-1', description: 'PD:action', owner: { kind: 'family' as never, id: 'o-1', name: 'PD:owner' }, goalId: 'g-1', dueDate: '2026-02-01', completed: false }],
    informalSupport: ['PD:support'], risksAccepted: ['PD:risk'], draftedAt: SAMPLE_AT,
  },
  CarePlanAgreed: { planVersion: 1, agreedWithResident: true, note: 'PD:note', agreedAt: SAMPLE_AT, nextReviewDue: SAMPLE_AT },
  CarePlanReviewed: { planVersion: 1, summary: 'PD:summary', reviewedAt: SAMPLE_AT, nextReviewDue: SAMPLE_AT },
  CarePlanActionCompleted: { planVersion: 1, actionId: 'a-1', note: 'PD:note', completedAt: SAMPLE_AT },
  GoalAchieved: { planVersion: 1, goalId: 'g-1', note: 'PD:note', achievedAt: SAMPLE_AT },
  SpecialistInputRequested: {
    inputId: 'i-1', serviceId: 's-1', mode: 'advice' as never, urgency: 'routine' as never, request: 'PD:request', localityId: 'grays', requestedAt: SAMPLE_AT, respondBy: SAMPLE_AT,
  },
  SpecialistInputAccepted: { inputId: 'i-1', serviceId: 's-1', byName: 'Staff', acceptedAt: SAMPLE_AT },
  SpecialistInputDeclined: { inputId: 'i-1', serviceId: 's-1', reason: 'PD:reason', declinedAt: SAMPLE_AT },
  SpecialistInputDelivered: { inputId: 'i-1', serviceId: 's-1', summary: 'PD:summary', deliveredAt: SAMPLE_AT },
  SpecialistInputWithdrawn: { inputId: 'i-1', serviceId: 's-1', reason: 'PD:reason', previousStatus: 'requested', withdrawnAt: SAMPLE_AT },
  SafeguardingConcernRaised: {
    concernId: 'k-1', categories: ['neglect' as never], risk: 'high' as never, summary: 'PD:summary', raisedBy: staff, raisedAt: SAMPLE_AT, decisionDueBy: SAMPLE_AT,
  },
  SafeguardingFlagRaised: { concernId: 'k-1', raisedAt: SAMPLE_AT, nextReviewDue: SAMPLE_AT },
  SafeguardingDecisionMade: { concernId: 'k-1', section42: true, rationale: 'PD:rationale', decidedBy: staff, decidedAt: SAMPLE_AT, decisionDueBy: SAMPLE_AT },
  SafeguardingEnquiryConcluded: {
    concernId: 'k-1', outcome: 'substantiated' as never, desiredOutcomesAsked: true, desiredOutcomes: 'PD:desired', outcomesMet: 'fully' as never, concludedBy: staff, concludedAt: SAMPLE_AT,
  },
  SafeguardingFlagReviewed: { note: 'PD:note', reviewedAt: SAMPLE_AT, nextReviewDue: SAMPLE_AT },
  SafeguardingFlagLifted: { reason: 'PD:reason', liftedAt: SAMPLE_AT },
  ConsentRecorded: { status: 'given' as never, organisations: ['nelft'], note: 'PD:note', recordedAt: SAMPLE_AT, perOrganisation: true },
  NoteAdded: { noteId: 'n-1', text: 'PD:text', restricted: false, addedAt: SAMPLE_AT },
  HospitalAdmissionRecorded: { hospital: 'Basildon', admittedAt: SAMPLE_AT, coordinatorId: 'p-1', homeCareTeamId: 't-1', recordedAt: SAMPLE_AT },
  DischargeRecorded: { dischargeId: 'd-1', hospital: 'Basildon', admittedAt: SAMPLE_AT, dischargedAt: SAMPLE_AT, pathway: 'P1' as never, recordedAt: SAMPLE_AT },
  HomeCareSet: { teamId: 't-1', hoursPerWeek: 10, previousTeamId: 't-0', previousHoursPerWeek: 5, setAt: SAMPLE_AT, overCapacityReason: 'PD:reason' },
  CaseTransferred: { fromLocalityId: 'grays', toLocalityId: 'aveley', reason: 'PD:reason', transferredAt: SAMPLE_AT, pendingAllocation: true },
  CaseClosed: { reason: 'PD:reason', outcomeSummary: 'PD:outcome', closedAt: SAMPLE_AT },
  CaseReopened: { reason: 'PD:reason', reopenedAt: SAMPLE_AT },
  FollowUpScheduled: {
    followUpId: 'f-1', kind: 'review' as never, dueAt: SAMPLE_AT, subject: { kind: 'case', id: 'c-1' }, ownerId: 'p-1', serviceId: 's-1', localityId: 'grays', scheduledAt: SAMPLE_AT, teamId: 't-1',
  },
  FollowUpCompleted: { followUpId: 'f-1', kind: 'review' as never, manual: true, note: 'PD:note', completedAt: SAMPLE_AT, outcome: 'ok' as never },
  FollowUpCancelled: { followUpId: 'f-1', kind: 'review' as never, reason: 'case-closed' as never, cancelledAt: SAMPLE_AT },
  FollowUpBecameOverdue: { followUpId: 'f-1', kind: 'review' as never, dueAt: SAMPLE_AT, ownerId: 'p-1', becameOverdueAt: SAMPLE_AT, escalateAt: SAMPLE_AT },
  FollowUpEscalated: { followUpId: 'f-1', kind: 'review' as never, dueAt: SAMPLE_AT, ownerId: 'p-1', localityId: 'grays', escalatedAt: SAMPLE_AT },
  ConsentOverrideGranted: { organisation: 'nelft', reason: 'PD:reason', by: staff, at: SAMPLE_AT },
  ConsentOverrideLifted: { organisation: 'nelft', reason: 'PD:reason', by: staff, at: SAMPLE_AT },
  ResidentDetailsCorrected: { resident, corrected: ['givenName'], reason: 'PD:reason', correctedAt: SAMPLE_AT },
  LegalHoldPlaced: { reason: 'PD:reason', by: staff, at: SAMPLE_AT },
  LegalHoldLifted: { reason: 'PD:reason', by: staff, at: SAMPLE_AT },
  CaseErased: { reason: 'PD:reason', by: staff, erasedAt: SAMPLE_AT, localityId: 'grays' },
};

