// Events are stored as JSON and are a contract: never rename a `type` or a field;
// add an upcaster instead. Each carries what a read model needs without reading
// another stream. Who did it (the actor) is in event metadata; `data` only holds
// the people the domain itself cares about (raiser of a concern, proposer of a
// hand-over). Timestamps are ISO strings; `null` rather than absent for optional
// facts so projections see one shape.
import type {
  ActionOwner,
  CaseSource,
  Complexity,
  ConsentStatus,
  DischargePathway,
  EnquiryOutcome,
  InputMode,
  OutcomesMet,
  Resident,
  ResidentField,
  Risk,
  SafeguardingCategory,
  Urgency,
} from './commands';
import type { FollowUpKind, FollowUpOutcome } from './policy';
import type { FollowUpCancelReason, FollowUpSubjectKind } from './vocabulary';

export type { FollowUpCancelReason, FollowUpSubjectKind };

export interface PersonRef {
  id: string;
  name: string;
}

export interface PlanGoal {
  id: string;
  description: string;
  targetDate: string | null;
  achieved: boolean;
}

export interface PlanAction {
  id: string;
  description: string;
  owner: ActionOwner;
  goalId: string | null;
  dueDate: string | null;
  completed: boolean;
}

export interface FollowUpSubject {
  kind: FollowUpSubjectKind;
  id: string;
}

type Event<Type extends string, Data> = { type: Type; data: Data };

export type CaseOpened = Event<
  'CaseOpened',
  {
    caseId: string;
    reference: string;
    resident: Resident;
    localityId: string;
    source: CaseSource;
    reason: string;
    needs: string[];
    whatMatters: string | null;
    complexity: Complexity;
    openedAt: string;
  }
>;
/** The coordinator changed: first allocation (handoverId null) or an accepted hand-over. */
export type CoordinatorAssigned = Event<
  'CoordinatorAssigned',
  {
    practitionerId: string;
    practitionerName: string;
    teamId: string | null;
    previousPractitionerId: string | null;
    handoverId: string | null;
    localityId: string;
    assignedAt: string;
  }
>;
export type HandoverProposed = Event<
  'HandoverProposed',
  {
    handoverId: string;
    fromPractitionerId: string;
    toPractitionerId: string;
    toPractitionerName: string;
    /** The receiver's team, the coordinator's once accepted; absent in events before issue 13. */
    toTeamId?: string | null;
    reason: string;
    proposedBy: PersonRef;
    proposedAt: string;
  }
>;
/** Always followed in the same append by CoordinatorAssigned. */
export type HandoverAccepted = Event<
  'HandoverAccepted',
  { handoverId: string; fromPractitionerId: string; toPractitionerId: string; acceptedAt: string }
>;
/** `withdrawn` is true when the proposer called it off rather than the receiver refusing. */
export type HandoverDeclined = Event<
  'HandoverDeclined',
  { handoverId: string; reason: string; withdrawn: boolean; declinedAt: string }
>;
export type CareTeamMemberAdded = Event<
  'CareTeamMemberAdded',
  { memberId: string; name: string; organisation: string; role: string; addedAt: string }
>;
export type CareTeamMemberRemoved = Event<'CareTeamMemberRemoved', { memberId: string; removedAt: string }>;
/** The full plan version, so the version history needs no other event. */
export type CarePlanDrafted = Event<
  'CarePlanDrafted',
  {
    planVersion: number;
    whatMatters: string;
    goals: PlanGoal[];
    actions: PlanAction[];
    informalSupport: string[];
    risksAccepted: string[];
    draftedAt: string;
  }
>;
export type CarePlanAgreed = Event<
  'CarePlanAgreed',
  { planVersion: number; agreedWithResident: true; note: string | null; agreedAt: string; nextReviewDue: string }
>;
export type CarePlanReviewed = Event<
  'CarePlanReviewed',
  { planVersion: number; summary: string; reviewedAt: string; nextReviewDue: string }
>;
export type CarePlanActionCompleted = Event<
  'CarePlanActionCompleted',
  { planVersion: number; actionId: string; note: string | null; completedAt: string }
>;
export type GoalAchieved = Event<
  'GoalAchieved',
  { planVersion: number; goalId: string; note: string | null; achievedAt: string }
>;
export type SpecialistInputRequested = Event<
  'SpecialistInputRequested',
  {
    inputId: string;
    serviceId: string;
    mode: InputMode;
    urgency: Urgency;
    request: string;
    localityId: string;
    requestedAt: string;
    respondBy: string;
  }
>;
export type SpecialistInputAccepted = Event<
  'SpecialistInputAccepted',
  { inputId: string; serviceId: string; byName: string | null; acceptedAt: string }
>;
export type SpecialistInputDeclined = Event<
  'SpecialistInputDeclined',
  { inputId: string; serviceId: string; reason: string; declinedAt: string }
>;
export type SpecialistInputDelivered = Event<
  'SpecialistInputDelivered',
  { inputId: string; serviceId: string; summary: string; deliveredAt: string }
>;
export type SpecialistInputWithdrawn = Event<
  'SpecialistInputWithdrawn',
  {
    inputId: string;
    serviceId: string;
    reason: string;
    previousStatus: 'requested' | 'accepted';
    withdrawnAt: string;
  }
>;
export type SafeguardingConcernRaised = Event<
  'SafeguardingConcernRaised',
  {
    concernId: string;
    categories: SafeguardingCategory[];
    risk: Risk;
    summary: string;
    raisedBy: PersonRef;
    raisedAt: string;
    decisionDueBy: string;
  }
>;
/** The flag went from off to on (emitted with the concern that raised it). */
export type SafeguardingFlagRaised = Event<
  'SafeguardingFlagRaised',
  { concernId: string; raisedAt: string; nextReviewDue: string }
>;
export type SafeguardingDecisionMade = Event<
  'SafeguardingDecisionMade',
  {
    concernId: string;
    section42: boolean;
    rationale: string;
    decidedBy: PersonRef;
    decidedAt: string;
    decisionDueBy: string;
  }
>;
export type SafeguardingEnquiryConcluded = Event<
  'SafeguardingEnquiryConcluded',
  {
    concernId: string;
    outcome: EnquiryOutcome;
    desiredOutcomesAsked: boolean;
    desiredOutcomes: string | null;
    outcomesMet: OutcomesMet | null;
    concludedBy: PersonRef;
    concludedAt: string;
  }
>;
export type SafeguardingFlagReviewed = Event<
  'SafeguardingFlagReviewed',
  { note: string; reviewedAt: string; nextReviewDue: string }
>;
export type SafeguardingFlagLifted = Event<'SafeguardingFlagLifted', { reason: string; liftedAt: string }>;
export type ConsentRecorded = Event<
  'ConsentRecorded',
  {
    status: ConsentStatus;
    organisations: string[];
    note: string | null;
    recordedAt: string;
    /**
     * true: the decision for each listed organisation, the others keep theirs (issue 13).
     * Absent in earlier events, which replaced the whole record: the listed organisations
     * had that status and no other organisation had any.
     */
    perOrganisation?: true;
  }
>;
export type NoteAdded = Event<'NoteAdded', { noteId: string; text: string; restricted: boolean; addedAt: string }>;
export type HospitalAdmissionRecorded = Event<
  'HospitalAdmissionRecorded',
  {
    hospital: string;
    admittedAt: string;
    /** Who must be told at once: the coordinator and any Wellbeing Team providing home care. */
    coordinatorId: string | null;
    homeCareTeamId: string | null;
    recordedAt: string;
  }
>;
export type DischargeRecorded = Event<
  'DischargeRecorded',
  {
    dischargeId: string;
    hospital: string;
    admittedAt: string;
    dischargedAt: string;
    pathway: DischargePathway;
    recordedAt: string;
  }
>;
/** hoursPerWeek 0 means home care ended. */
export type HomeCareSet = Event<
  'HomeCareSet',
  {
    teamId: string;
    hoursPerWeek: number;
    previousTeamId: string | null;
    previousHoursPerWeek: number;
    setAt: string;
    /** Why the team went past its capacity; absent when it did not (or before issue 13). */
    overCapacityReason?: string;
  }
>;
export type CaseTransferred = Event<
  'CaseTransferred',
  {
    fromLocalityId: string;
    toLocalityId: string;
    reason: string;
    transferredAt: string;
    /**
     * true: the coordinator stays until the receiving locality allocates (issue 13).
     * Absent in earlier events (and when nobody coordinated): nothing is pending.
     */
    pendingAllocation?: true;
  }
>;
export type CaseClosed = Event<'CaseClosed', { reason: string; outcomeSummary: string; closedAt: string }>;
export type CaseReopened = Event<'CaseReopened', { reason: string; reopenedAt: string }>;
export type FollowUpScheduled = Event<
  'FollowUpScheduled',
  {
    followUpId: string;
    kind: FollowUpKind;
    dueAt: string;
    subject: FollowUpSubject;
    /** The practitioner whose worklist shows it; null when a service or nobody yet owns it. */
    ownerId: string | null;
    serviceId: string | null;
    localityId: string;
    scheduledAt: string;
    /** v1.1: a team whose worklist also shows it (discharge planning: the home-care Wellbeing Team); absent otherwise. */
    teamId?: string;
  }
>;
/** `outcome` only on checks that record one (FOLLOW_UP_OUTCOMES); absent in events stored before it existed. */
export type FollowUpCompleted = Event<
  'FollowUpCompleted',
  { followUpId: string; kind: FollowUpKind; manual: boolean; note: string | null; completedAt: string; outcome?: FollowUpOutcome }
>;
export type FollowUpCancelled = Event<
  'FollowUpCancelled',
  { followUpId: string; kind: FollowUpKind; reason: FollowUpCancelReason; cancelledAt: string }
>;
/**
 * `escalateAt` is fixed when the follow-up becomes overdue, under the grace then in
 * force, so changing `escalation-grace` later moves no escalation already on its way.
 * Absent in events recorded before it existed: those use the grace in force.
 */
export type FollowUpBecameOverdue = Event<
  'FollowUpBecameOverdue',
  { followUpId: string; kind: FollowUpKind; dueAt: string; ownerId: string | null; becameOverdueAt: string; escalateAt?: string }
>;
/** Carries the case's current locality so the team managers to tell can be found. */
export type FollowUpEscalated = Event<
  'FollowUpEscalated',
  {
    followUpId: string;
    kind: FollowUpKind;
    dueAt: string;
    ownerId: string | null;
    localityId: string;
    escalatedAt: string;
  }
>;

// --- issue 13, part B: the safeguarding override of a consent refusal ---
export type ConsentOverrideGranted = Event<'ConsentOverrideGranted', { organisation: string; reason: string; by: PersonRef; at: string }>;
export type ConsentOverrideLifted = Event<'ConsentOverrideLifted', { organisation: string; reason: string; by: PersonRef; at: string }>;
// --- end issue 13, part B ---
// --- v1.1 record, part A: the resident's details corrected (a misspelt name, a wrong date of birth).
/** `resident` is the whole record after the correction, so read models need nothing else; `corrected` names the fields changed. */
export type ResidentDetailsCorrected = Event<
  'ResidentDetailsCorrected',
  { resident: Resident; corrected: ResidentField[]; reason: string; correctedAt: string }
>;
// --- end v1.1 record, part A
// --- issue 16, records management: a legal hold keeps a case from disposal.
export type LegalHoldPlaced = Event<'LegalHoldPlaced', { reason: string; by: PersonRef; at: string }>;
export type LegalHoldLifted = Event<'LegalHoldLifted', { reason: string; by: PersonRef; at: string }>;
/**
 * The case's personal data is destroyed: the last event of its stream (every command
 * after it is refused). `reason` is free text, so it is a personal field, destroyed with
 * the case key. `localityId` is where the case was, for the counts that outlive it.
 */
export type CaseErased = Event<'CaseErased', { reason: string | null; by: PersonRef; erasedAt: string; localityId: string }>;
// --- end issue 16

export type CaseEvent =
  | CaseOpened
  | CoordinatorAssigned
  | HandoverProposed
  | HandoverAccepted
  | HandoverDeclined
  | CareTeamMemberAdded
  | CareTeamMemberRemoved
  | CarePlanDrafted
  | CarePlanAgreed
  | CarePlanReviewed
  | CarePlanActionCompleted
  | GoalAchieved
  | SpecialistInputRequested
  | SpecialistInputAccepted
  | SpecialistInputDeclined
  | SpecialistInputDelivered
  | SpecialistInputWithdrawn
  | SafeguardingConcernRaised
  | SafeguardingFlagRaised
  | SafeguardingDecisionMade
  | SafeguardingEnquiryConcluded
  | SafeguardingFlagReviewed
  | SafeguardingFlagLifted
  | ConsentRecorded
  | NoteAdded
  | HospitalAdmissionRecorded
  | DischargeRecorded
  | HomeCareSet
  | CaseTransferred
  | CaseClosed
  | CaseReopened
  | FollowUpScheduled
  | FollowUpCompleted
  | FollowUpCancelled
  | FollowUpBecameOverdue
  | FollowUpEscalated
  // issue 13, part B
  | ConsentOverrideGranted
  | ConsentOverrideLifted
  // v1.1 record, part A
  | ResidentDetailsCorrected
  // issue 16
  | LegalHoldPlaced
  | LegalHoldLifted
  | CaseErased;

export type CaseEventType = CaseEvent['type'];

export const CASE_EVENT_TYPES: readonly CaseEventType[] = [
  'CaseOpened',
  'CoordinatorAssigned',
  'HandoverProposed',
  'HandoverAccepted',
  'HandoverDeclined',
  'CareTeamMemberAdded',
  'CareTeamMemberRemoved',
  'CarePlanDrafted',
  'CarePlanAgreed',
  'CarePlanReviewed',
  'CarePlanActionCompleted',
  'GoalAchieved',
  'SpecialistInputRequested',
  'SpecialistInputAccepted',
  'SpecialistInputDeclined',
  'SpecialistInputDelivered',
  'SpecialistInputWithdrawn',
  'SafeguardingConcernRaised',
  'SafeguardingFlagRaised',
  'SafeguardingDecisionMade',
  'SafeguardingEnquiryConcluded',
  'SafeguardingFlagReviewed',
  'SafeguardingFlagLifted',
  'ConsentRecorded',
  'NoteAdded',
  'HospitalAdmissionRecorded',
  'DischargeRecorded',
  'HomeCareSet',
  'CaseTransferred',
  'CaseClosed',
  'CaseReopened',
  'FollowUpScheduled',
  'FollowUpCompleted',
  'FollowUpCancelled',
  'FollowUpBecameOverdue',
  'FollowUpEscalated',
  // issue 13, part B
  'ConsentOverrideGranted',
  'ConsentOverrideLifted',
  // v1.1 record, part A
  'ResidentDetailsCorrected',
  // issue 16
  'LegalHoldPlaced',
  'LegalHoldLifted',
  'CaseErased',
];
