import type {
  ActionOwnerKind,
  CaseSource,
  Complexity,
  ConsentStatus,
  EnquiryOutcome,
  InputMode,
  OutcomesMet,
  Risk,
  SafeguardingCategory,
  Urgency,
} from '@iln/case-coordination';

// The runtime lists behind the domain's union types, for validation and the OpenAPI
// document. `satisfies` keeps them from drifting from the domain.
export const CASE_SOURCES = [
  'thurrock-first', 'talking-shop', 'community-hub', 'gp', 'hospital', 'self', 'family', 'professional', 'police', 'housing',
] as const satisfies readonly CaseSource[];
export const COMPLEXITIES = ['standard', 'complex'] as const satisfies readonly Complexity[];
export const OWNER_KINDS = ['practitioner', 'team', 'organisation', 'informal', 'resident'] as const satisfies readonly ActionOwnerKind[];
export const INPUT_MODES = ['brokered', 'joint-visit', 'formal-referral'] as const satisfies readonly InputMode[];
export const URGENCIES = ['crisis', 'urgent', 'routine'] as const satisfies readonly Urgency[];
export const SAFEGUARDING_CATEGORIES = [
  'physical', 'domestic-abuse', 'sexual', 'psychological', 'financial', 'modern-slavery', 'discriminatory', 'organisational', 'neglect',
  'self-neglect',
] as const satisfies readonly SafeguardingCategory[];
export const RISKS = ['low', 'medium', 'high'] as const satisfies readonly Risk[];
export const ENQUIRY_OUTCOMES = ['risk-removed', 'risk-reduced', 'risk-remains'] as const satisfies readonly EnquiryOutcome[];
export const OUTCOMES_MET = ['fully', 'partially', 'not'] as const satisfies readonly OutcomesMet[];
export const CONSENT_STATUSES = ['given', 'refused', 'best-interests'] as const satisfies readonly ConsentStatus[];

/** Ids of reference data and people: short, no spaces, safe in paths and logs. */
export const SLUG_ID = /^[A-Za-z0-9._:@-]{1,100}$/;
