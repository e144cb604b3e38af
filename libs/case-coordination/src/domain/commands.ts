// Commands mirror API.md's request bodies (camelCase). Ids that come from the URL
// (handoverId, inputId, ...) are in `data` too. Values that only the application
// layer can know (the new case id, the human reference) are passed in; everything
// the decider itself creates (handover, input, concern, note ids) comes from
// `context.newId` and is read back from the resulting events.

// The closed vocabularies live in ./vocabulary (a list each, the type derived from it).
import type {
  ActionOwnerKind,
  CaseSource,
  Complexity,
  ConsentStatus,
  DischargePathway,
  EnquiryOutcome,
  InputMode,
  OutcomesMet,
  Risk,
  SafeguardingCategory,
  Urgency,
} from './vocabulary';
export type {
  ActionOwnerKind,
  CaseSource,
  Complexity,
  ConsentStatus,
  DischargePathway,
  EnquiryOutcome,
  InputMode,
  OutcomesMet,
  Risk,
  SafeguardingCategory,
  Urgency,
};

export interface Resident {
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  nhsNumber?: string;
  postcode?: string;
  address?: string;
}

export interface ActionOwner {
  kind: ActionOwnerKind;
  id?: string;
  name: string;
}

export interface GoalInput {
  id?: string;
  description: string;
  /** YYYY-MM-DD */
  targetDate?: string;
}

export interface ActionInput {
  id?: string;
  description: string;
  owner: ActionOwner;
  goalId?: string;
  /** YYYY-MM-DD */
  dueDate?: string;
}


import type { FollowUpOutcome } from './policy';

type Command<Type extends string, Data> = { type: Type; data: Data };

export type OpenCase = Command<
  'OpenCase',
  {
    caseId: string;
    reference: string;
    resident: Resident;
    localityId: string;
    source: CaseSource;
    reason: string;
    needs?: string[];
    whatMatters?: string;
    complexity?: Complexity;
  }
>;
export type AllocateCoordinator = Command<
  'AllocateCoordinator',
  { practitionerId: string; practitionerName: string; teamId?: string }
>;
export type ProposeHandover = Command<
  'ProposeHandover',
  { toPractitionerId: string; toPractitionerName: string; reason: string; /** the receiver's team, theirs once accepted */ toTeamId?: string }
>;
export type AcceptHandover = Command<'AcceptHandover', { handoverId: string }>;
export type DeclineHandover = Command<'DeclineHandover', { handoverId: string; reason: string }>;
export type AddCareTeamMember = Command<
  'AddCareTeamMember',
  { memberId: string; name: string; organisation: string; role: string }
>;
export type RemoveCareTeamMember = Command<'RemoveCareTeamMember', { memberId: string }>;
export type DraftCarePlan = Command<
  'DraftCarePlan',
  {
    whatMatters: string;
    goals: GoalInput[];
    actions: ActionInput[];
    informalSupport?: string[];
    risksAccepted?: string[];
  }
>;
export type AgreeCarePlan = Command<'AgreeCarePlan', { agreedWithResident: true; note?: string }>;
export type RecordCarePlanReview = Command<
  'RecordCarePlanReview',
  { summary: string; /** YYYY-MM-DD */ nextReviewDate?: string }
>;
export type CompleteCarePlanAction = Command<'CompleteCarePlanAction', { actionId: string; note?: string }>;
export type AchieveGoal = Command<'AchieveGoal', { goalId: string; note?: string }>;
export type RequestSpecialistInput = Command<
  'RequestSpecialistInput',
  { serviceId: string; mode: InputMode; urgency: Urgency; request: string }
>;
export type AcceptSpecialistInput = Command<'AcceptSpecialistInput', { inputId: string; byName?: string }>;
export type DeclineSpecialistInput = Command<'DeclineSpecialistInput', { inputId: string; reason: string }>;
export type DeliverSpecialistInput = Command<'DeliverSpecialistInput', { inputId: string; summary: string }>;
export type WithdrawSpecialistInput = Command<'WithdrawSpecialistInput', { inputId: string; reason: string }>;
export type RaiseSafeguardingConcern = Command<
  'RaiseSafeguardingConcern',
  { categories: SafeguardingCategory[]; risk: Risk; summary: string }
>;
export type DecideSafeguardingConcern = Command<
  'DecideSafeguardingConcern',
  { concernId: string; section42: boolean; rationale: string }
>;
export type ConcludeSafeguardingEnquiry = Command<
  'ConcludeSafeguardingEnquiry',
  {
    concernId: string;
    outcome: EnquiryOutcome;
    desiredOutcomesAsked: boolean;
    desiredOutcomes?: string;
    outcomesMet?: OutcomesMet;
  }
>;
export type ReviewSafeguardingFlag = Command<'ReviewSafeguardingFlag', { note: string }>;
export type LiftSafeguardingFlag = Command<'LiftSafeguardingFlag', { reason: string }>;
export type RecordConsent = Command<
  'RecordConsent',
  { status: ConsentStatus; organisations: string[]; note?: string }
>;
export type AddNote = Command<'AddNote', { text: string; restricted?: boolean }>;
export type RecordHospitalAdmission = Command<
  'RecordHospitalAdmission',
  { hospital: string; /** ISO timestamp */ admittedAt: string }
>;
export type RecordDischarge = Command<
  'RecordDischarge',
  { /** ISO timestamp */ dischargedAt: string; pathway: DischargePathway }
>;
export type SetHomeCare = Command<
  'SetHomeCare',
  {
    teamId: string;
    hoursPerWeek: number;
    /** Why the team may go past its capacity (needed when it would). */
    overCapacityReason?: string;
    /** The team's standing as the application found it (team-hours read model); absent: not checked. */
    team?: { hoursCapacity: number; hoursAllocated: number };
  }
>;
export type TransferCase = Command<'TransferCase', { toLocalityId: string; reason: string }>;
export type CloseCase = Command<'CloseCase', { reason: string; outcomeSummary: string }>;
export type ReopenCase = Command<'ReopenCase', { reason: string }>;
export type CompleteFollowUp = Command<'CompleteFollowUp', { followUpId: string; note?: string; /** required for the kinds in FOLLOW_UP_OUTCOMES */ outcome?: FollowUpOutcome }>;
// --- v1.1 record, part A: correcting the resident's details.
export type ResidentField = keyof Resident;
export type CorrectResidentDetails = Command<'CorrectResidentDetails', Partial<Resident> & { reason: string }>;
// --- end v1.1 record, part A
// --- issue 13, part B: consent per organisation and its safeguarding override ---
export type GrantConsentOverride = Command<'GrantConsentOverride', { organisation: string; reason: string }>;
export type LiftConsentOverride = Command<'LiftConsentOverride', { organisation: string; reason: string }>;
// --- end issue 13, part B ---
// --- issue 16, records management
export type PlaceLegalHold = Command<'PlaceLegalHold', { reason: string }>;
export type LiftLegalHold = Command<'LiftLegalHold', { reason: string }>;
/** A record made in error, or past its retention: its personal data is destroyed at once. */
export type EraseCase = Command<'EraseCase', { reason: string | null }>;
// --- end issue 16
/** Sent by the follow-up timer; a quiet no-op when no longer applicable. */
export type MarkFollowUpOverdue = Command<'MarkFollowUpOverdue', { followUpId: string }>;
/** Sent by the follow-up timer; a quiet no-op when no longer applicable. */
export type EscalateFollowUp = Command<'EscalateFollowUp', { followUpId: string }>;

export type CaseCommand =
  | OpenCase
  | AllocateCoordinator
  | ProposeHandover
  | AcceptHandover
  | DeclineHandover
  | AddCareTeamMember
  | RemoveCareTeamMember
  | DraftCarePlan
  | AgreeCarePlan
  | RecordCarePlanReview
  | CompleteCarePlanAction
  | AchieveGoal
  | RequestSpecialistInput
  | AcceptSpecialistInput
  | DeclineSpecialistInput
  | DeliverSpecialistInput
  | WithdrawSpecialistInput
  | RaiseSafeguardingConcern
  | DecideSafeguardingConcern
  | ConcludeSafeguardingEnquiry
  | ReviewSafeguardingFlag
  | LiftSafeguardingFlag
  | RecordConsent
  | AddNote
  | RecordHospitalAdmission
  | RecordDischarge
  | SetHomeCare
  | TransferCase
  | CloseCase
  | ReopenCase
  | CompleteFollowUp
  // v1.1 record, part A
  | CorrectResidentDetails
  | MarkFollowUpOverdue
  | EscalateFollowUp
  // issue 13, part B
  | GrantConsentOverride
  | LiftConsentOverride
  // issue 16
  | PlaceLegalHold
  | LiftLegalHold
  | EraseCase;

export type CaseCommandType = CaseCommand['type'];
