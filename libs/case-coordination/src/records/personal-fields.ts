import type { CaseEventType } from '../domain/events';

// Which fields of each case event are personal data (issue 16, crypto-shredding): the
// resident block and every free-text field. They are stored encrypted with the case's
// own key (personal-data-envelope.ts) and read back as null once that key is destroyed.
// Everything else stays clear, so counts, dates, statuses and the access rules keep
// working after a disposal: ids, codes, enums, dates, and the names of staff (who did
// what stays in the access audit and on the timeline).
//
// A path is keys joined by dots; `[]` after a key means "in each element of that array"
// (`goals[].description`). A path names a whole value: `resident` is the whole block.
// Typed by CaseEventType, so an event type added without a declaration does not compile;
// personal-fields.spec.ts fails when a string field of any event is in neither list.

export interface PersonalDataDeclaration {
  /** Paths of personal fields: encrypted at rest, null once the case's key is destroyed. */
  readonly personal: readonly string[];
  /** String fields deliberately left clear (ids, codes, enums, dates, staff names). */
  readonly clear: readonly string[];
}

const staff = (key: string): string[] => [`${key}.id`, `${key}.name`];

export const PERSONAL_FIELDS: { readonly [T in CaseEventType]: PersonalDataDeclaration } = {
  CaseOpened: {
    personal: ['resident', 'reason', 'needs', 'whatMatters'],
    clear: ['caseId', 'reference', 'localityId', 'source', 'complexity', 'openedAt'],
  },
  CoordinatorAssigned: {
    personal: [],
    clear: ['practitionerId', 'practitionerName', 'teamId', 'previousPractitionerId', 'handoverId', 'localityId', 'assignedAt'],
  },
  HandoverProposed: {
    personal: ['reason'],
    clear: ['handoverId', 'fromPractitionerId', 'toPractitionerId', 'toPractitionerName', 'toTeamId', ...staff('proposedBy'), 'proposedAt'],
  },
  HandoverAccepted: { personal: [], clear: ['handoverId', 'fromPractitionerId', 'toPractitionerId', 'acceptedAt'] },
  HandoverDeclined: { personal: ['reason'], clear: ['handoverId', 'declinedAt'] },
  // Care team members are professionals of partner organisations: the access rules need them.
  CareTeamMemberAdded: { personal: [], clear: ['memberId', 'name', 'organisation', 'role', 'addedAt'] },
  CareTeamMemberRemoved: { personal: [], clear: ['memberId', 'removedAt'] },
  CarePlanDrafted: {
    personal: ['whatMatters', 'goals[].description', 'actions[].description', 'actions[].owner.name', 'informalSupport', 'risksAccepted'],
    clear: ['goals[].id', 'goals[].targetDate', 'actions[].id', 'actions[].owner.kind', 'actions[].owner.id', 'actions[].goalId', 'actions[].dueDate', 'draftedAt'],
  },
  CarePlanAgreed: { personal: ['note'], clear: ['agreedAt', 'nextReviewDue'] },
  CarePlanReviewed: { personal: ['summary'], clear: ['reviewedAt', 'nextReviewDue'] },
  CarePlanActionCompleted: { personal: ['note'], clear: ['actionId', 'completedAt'] },
  GoalAchieved: { personal: ['note'], clear: ['goalId', 'achievedAt'] },
  SpecialistInputRequested: {
    personal: ['request'],
    clear: ['inputId', 'serviceId', 'mode', 'urgency', 'localityId', 'requestedAt', 'respondBy'],
  },
  SpecialistInputAccepted: { personal: [], clear: ['inputId', 'serviceId', 'byName', 'acceptedAt'] },
  SpecialistInputDeclined: { personal: ['reason'], clear: ['inputId', 'serviceId', 'declinedAt'] },
  SpecialistInputDelivered: { personal: ['summary'], clear: ['inputId', 'serviceId', 'deliveredAt'] },
  SpecialistInputWithdrawn: { personal: ['reason'], clear: ['inputId', 'serviceId', 'previousStatus', 'withdrawnAt'] },
  SafeguardingConcernRaised: {
    personal: ['summary'],
    clear: ['concernId', 'categories', 'risk', ...staff('raisedBy'), 'raisedAt', 'decisionDueBy'],
  },
  SafeguardingFlagRaised: { personal: [], clear: ['concernId', 'raisedAt', 'nextReviewDue'] },
  SafeguardingDecisionMade: {
    personal: ['rationale'],
    clear: ['concernId', ...staff('decidedBy'), 'decidedAt', 'decisionDueBy'],
  },
  SafeguardingEnquiryConcluded: {
    personal: ['desiredOutcomes'],
    clear: ['concernId', 'outcome', 'outcomesMet', ...staff('concludedBy'), 'concludedAt'],
  },
  SafeguardingFlagReviewed: { personal: ['note'], clear: ['reviewedAt', 'nextReviewDue'] },
  SafeguardingFlagLifted: { personal: ['reason'], clear: ['liftedAt'] },
  ConsentRecorded: { personal: ['note'], clear: ['status', 'organisations', 'recordedAt'] },
  NoteAdded: { personal: ['text'], clear: ['noteId', 'addedAt'] },
  // Hospitals are places of care, named as the reference data names them.
  HospitalAdmissionRecorded: { personal: [], clear: ['hospital', 'admittedAt', 'coordinatorId', 'homeCareTeamId', 'recordedAt'] },
  DischargeRecorded: { personal: [], clear: ['dischargeId', 'hospital', 'admittedAt', 'dischargedAt', 'pathway', 'recordedAt'] },
  HomeCareSet: { personal: ['overCapacityReason'], clear: ['teamId', 'previousTeamId', 'setAt'] },
  CaseTransferred: { personal: ['reason'], clear: ['fromLocalityId', 'toLocalityId', 'transferredAt'] },
  CaseClosed: { personal: ['reason', 'outcomeSummary'], clear: ['closedAt'] },
  CaseReopened: { personal: ['reason'], clear: ['reopenedAt'] },
  FollowUpScheduled: {
    personal: [],
    clear: ['followUpId', 'kind', 'dueAt', 'subject.kind', 'subject.id', 'ownerId', 'serviceId', 'localityId', 'scheduledAt', 'teamId'],
  },
  FollowUpCompleted: { personal: ['note'], clear: ['followUpId', 'kind', 'completedAt', 'outcome'] },
  FollowUpCancelled: { personal: [], clear: ['followUpId', 'kind', 'reason', 'cancelledAt'] },
  FollowUpBecameOverdue: { personal: [], clear: ['followUpId', 'kind', 'dueAt', 'ownerId', 'becameOverdueAt', 'escalateAt'] },
  FollowUpEscalated: { personal: [], clear: ['followUpId', 'kind', 'dueAt', 'ownerId', 'localityId', 'escalatedAt'] },
  ConsentOverrideGranted: { personal: ['reason'], clear: ['organisation', ...staff('by'), 'at'] },
  ConsentOverrideLifted: { personal: ['reason'], clear: ['organisation', ...staff('by'), 'at'] },
  ResidentDetailsCorrected: { personal: ['resident', 'reason'], clear: ['corrected', 'correctedAt'] },
  LegalHoldPlaced: { personal: ['reason'], clear: [...staff('by'), 'at'] },
  LegalHoldLifted: { personal: ['reason'], clear: [...staff('by'), 'at'] },
  // The erasure's reason may name the person the record was opened for in error.
  CaseErased: { personal: ['reason'], clear: [...staff('by'), 'erasedAt', 'localityId'] },
};

/** A path split into steps: a key, and whether each element of the array there is meant. */
export interface Step {
  key: string;
  each: boolean;
}

const compiled = new Map<string, Step[]>();
function steps(path: string): Step[] {
  let s = compiled.get(path);
  if (!s) {
    s = path.split('.').map((part) => (part.endsWith('[]') ? { key: part.slice(0, -2), each: true } : { key: part, each: false }));
    compiled.set(path, s);
  }
  return s;
}

const stepsByType = new Map<string, Step[][]>();
/** The declared personal paths of an event type, as steps (empty for an unknown type). */
export function personalPathSteps(type: string): readonly Step[][] {
  let found = stepsByType.get(type);
  if (!found) {
    const declaration = (PERSONAL_FIELDS as Record<string, PersonalDataDeclaration | undefined>)[type];
    found = (declaration?.personal ?? []).map(steps);
    stepsByType.set(type, found);
  }
  return found;
}
