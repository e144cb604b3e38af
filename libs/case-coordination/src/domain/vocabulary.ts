// The domain's closed vocabularies: one runtime list each, the type derived from it (the
// pattern FOLLOW_UP_KINDS uses). The API validates against these lists and publishes
// them in the OpenAPI document, so there is no second copy to drift. The order of each
// list is the order the contract shows; adding a value is a contract change.

export const CASE_SOURCES = [
  'thurrock-first',
  'talking-shop',
  'community-hub',
  'gp',
  'hospital',
  'self',
  'family',
  'professional',
  'police',
  'housing',
] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

export const COMPLEXITIES = ['standard', 'complex'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

export const ACTION_OWNER_KINDS = ['practitioner', 'team', 'organisation', 'informal', 'resident'] as const;
export type ActionOwnerKind = (typeof ACTION_OWNER_KINDS)[number];

export const INPUT_MODES = ['brokered', 'joint-visit', 'formal-referral'] as const;
export type InputMode = (typeof INPUT_MODES)[number];

export const URGENCIES = ['crisis', 'urgent', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SAFEGUARDING_CATEGORIES = [
  'physical',
  'domestic-abuse',
  'sexual',
  'psychological',
  'financial',
  'modern-slavery',
  'discriminatory',
  'organisational',
  'neglect',
  'self-neglect',
] as const;
export type SafeguardingCategory = (typeof SAFEGUARDING_CATEGORIES)[number];

export const RISKS = ['low', 'medium', 'high'] as const;
export type Risk = (typeof RISKS)[number];

export const ENQUIRY_OUTCOMES = ['risk-removed', 'risk-reduced', 'risk-remains'] as const;
export type EnquiryOutcome = (typeof ENQUIRY_OUTCOMES)[number];

export const OUTCOMES_MET = ['fully', 'partially', 'not'] as const;
export type OutcomesMet = (typeof OUTCOMES_MET)[number];

export const CONSENT_STATUSES = ['given', 'refused', 'best-interests'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** NHS discharge pathways 0-3. */
export const DISCHARGE_PATHWAYS = [0, 1, 2, 3] as const;
export type DischargePathway = (typeof DISCHARGE_PATHWAYS)[number];

export const INPUT_STATUSES = ['requested', 'accepted', 'declined', 'delivered', 'withdrawn'] as const;
export type InputStatus = (typeof INPUT_STATUSES)[number];

export const CONCERN_STATUSES = ['awaiting-decision', 'no-enquiry', 'enquiry-open', 'concluded'] as const;
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];

export const FOLLOW_UP_SUBJECT_KINDS = ['case', 'handover', 'specialist-input', 'concern', 'care-plan', 'action', 'discharge', 'flag'] as const;
export type FollowUpSubjectKind = (typeof FOLLOW_UP_SUBJECT_KINDS)[number];

export const FOLLOW_UP_CANCEL_REASONS = [
  'case-closed',
  'action-removed',
  'action-rescheduled',
  'plan-reagreed',
  'input-withdrawn',
  'flag-lifted',
  'superseded',
  'case-erased',
] as const;
export type FollowUpCancelReason = (typeof FOLLOW_UP_CANCEL_REASONS)[number];
