import type { CaseCommandType } from '../domain/commands';
import type { CaseEvent } from '../domain/events';
import { hasRole, worksIn, type Principal, type Role } from './principal';

// Who may see and do what (API.md "Authentication and roles"): the one policy that the
// HTTP guards, the command service and every query use, so a case invisible in one place
// is invisible in all of them (404, never 403, for a case the caller may not see).

/** Roles that work cases in their localities. */
export const CASE_WORKERS: readonly Role[] = ['practitioner', 'team-manager', 'safeguarding-lead'];
/** Roles that may read case content (detail, timeline, plan versions, boards). */
export const CASE_CONTENT_READERS: readonly Role[] = [...CASE_WORKERS, 'partner', 'auditor'];
/** Consent statuses that allow sharing with the organisations named. */
export const CONSENT_SHARING_STATUSES: readonly string[] = ['given', 'best-interests'];

const WORKERS_AND_PARTNERS: readonly Role[] = [...CASE_WORKERS, 'partner'];

/**
 * The roles that may send each command at all. Admin and auditor send none (auditors are
 * read-only, admins see no case content). Partners act as care team members and providers
 * of specialist input, on cases they may see. Timer commands are the service's own.
 */
export const COMMAND_ROLES: Readonly<Record<Exclude<CaseCommandType, 'MarkFollowUpOverdue' | 'EscalateFollowUp'>, readonly Role[]>> = {
  OpenCase: [...CASE_WORKERS, 'front-door'],
  AllocateCoordinator: CASE_WORKERS,
  ProposeHandover: CASE_WORKERS,
  AcceptHandover: CASE_WORKERS,
  DeclineHandover: CASE_WORKERS,
  AddCareTeamMember: CASE_WORKERS,
  RemoveCareTeamMember: CASE_WORKERS,
  DraftCarePlan: CASE_WORKERS,
  AgreeCarePlan: CASE_WORKERS,
  RecordCarePlanReview: CASE_WORKERS,
  CompleteCarePlanAction: WORKERS_AND_PARTNERS,
  AchieveGoal: CASE_WORKERS,
  RequestSpecialistInput: CASE_WORKERS,
  AcceptSpecialistInput: WORKERS_AND_PARTNERS,
  DeclineSpecialistInput: WORKERS_AND_PARTNERS,
  DeliverSpecialistInput: WORKERS_AND_PARTNERS,
  WithdrawSpecialistInput: CASE_WORKERS,
  // Open to every role that can see the case, except the read-only ones.
  RaiseSafeguardingConcern: WORKERS_AND_PARTNERS,
  DecideSafeguardingConcern: ['safeguarding-lead'],
  ConcludeSafeguardingEnquiry: ['safeguarding-lead'],
  ReviewSafeguardingFlag: CASE_WORKERS,
  LiftSafeguardingFlag: CASE_WORKERS,
  RecordConsent: CASE_WORKERS,
  // The front door records contacts about any resident it can find.
  AddNote: [...WORKERS_AND_PARTNERS, 'front-door'],
  RecordHospitalAdmission: CASE_WORKERS,
  RecordDischarge: CASE_WORKERS,
  SetHomeCare: CASE_WORKERS,
  TransferCase: CASE_WORKERS,
  CloseCase: CASE_WORKERS,
  ReopenCase: CASE_WORKERS,
  CompleteFollowUp: CASE_WORKERS,
  // issue 13, part B: a safeguarding decision, taken by those who may take one
  GrantConsentOverride: ['safeguarding-lead', 'team-manager'],
  LiftConsentOverride: ['safeguarding-lead', 'team-manager'],
  // v1.1 record, part A
  CorrectResidentDetails: CASE_WORKERS,
  // issue 16: records management, through its own endpoints only
  PlaceLegalHold: ['records-officer'],
  LiftLegalHold: ['records-officer'],
  EraseCase: ['records-officer'],
};

/** The records endpoints' commands: a records officer acts on any case through these, and only these. */
export const RECORDS_COMMANDS: ReadonlySet<CaseCommandType> = new Set<CaseCommandType>(['PlaceLegalHold', 'LiftLegalHold', 'EraseCase']);

/** Roles that may read aggregates (dashboards, caseloads): no case content. */
export const AGGREGATE_READERS: readonly Role[] = ['team-manager', 'auditor'];

/**
 * The roles that may send each query at all (the HTTP guard's question: 403 if not); which
 * cases and what of them each caller then reads is the read policy's (CaseReadPolicy).
 */
export const QUERY_ROLES = {
  ListCases: [...CASE_CONTENT_READERS, 'front-door'],
  GetCase: CASE_CONTENT_READERS,
  GetCaseTimeline: CASE_CONTENT_READERS,
  ListCaseNotes: CASE_CONTENT_READERS,
  ListCarePlanVersions: CASE_CONTENT_READERS,
  GetCarePlanVersion: CASE_CONTENT_READERS,
  // Work is for those who do it: not auditors (they read boards and registers instead).
  ListWorklist: WORKERS_AND_PARTNERS,
  ListSpecialistInputs: CASE_CONTENT_READERS,
  ListSafeguardingConcerns: ['safeguarding-lead', 'team-manager', 'auditor'],
  ListCaseloads: AGGREGATE_READERS,
  GetDashboard: AGGREGATE_READERS,
  ListAccessAudit: ['auditor'],
  // Hours are reference-data sized, so admins may read the totals; residents are listed only
  // where the caller may see the case.
  GetTeamCapacity: [...CASE_CONTENT_READERS, 'admin'],
  // issue 16: records management, borough-wide
  ListRetentionDue: ['records-officer'],
  SubjectAccess: ['records-officer'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;

/** What the policy needs to know about a case; the write side folds it from events, read models store it. */
export interface CaseAccessFacts {
  localityId: string | null;
  coordinatorId: string | null;
  careTeam?: ReadonlyArray<{ memberId: string }>;
  /** Consent per organisation, and the organisations a safeguarding override admits despite a refusal. */
  consent?: ConsentFacts | null;
  /** The receiver of the pending hand-over, who may answer it wherever they work. */
  pendingHandoverTo?: string | null;
}

export interface ConsentFacts {
  organisations: ReadonlyArray<{ organisation: string; status: string }>;
  overrides?: ReadonlyArray<{ organisation: string }>;
}

/**
 * The per-organisation entries after a ConsentRecorded event. Since issue 13 an event
 * decides for the organisations it lists and leaves the others; an earlier event (no
 * `perOrganisation`) replaced the whole record, so only the organisations it lists keep
 * an entry: the same access as it gave when it was recorded.
 */
export function foldConsentEntries<T extends { organisation: string }>(
  entries: readonly T[],
  event: { organisations: readonly string[]; perOrganisation?: true },
  entry: (organisation: string) => T,
): T[] {
  const listed = new Set(event.organisations);
  const kept = event.perOrganisation ? entries.filter((e) => !listed.has(e.organisation)) : [];
  return [...kept, ...[...listed].map(entry)];
}

/** Whether any role held may ever send this command (the HTTP guard's question: 403 if not). */
export function mayRunCommand(p: Principal, type: CaseCommandType): boolean {
  const roles = (COMMAND_ROLES as Record<string, readonly Role[] | undefined>)[type];
  return roles !== undefined && hasRole(p, ...roles);
}

export function mayReadCaseContent(p: Principal): boolean {
  return hasRole(p, ...CASE_CONTENT_READERS);
}

/** Lists and search: content readers, and the front door (summary rows only). */
export function mayListCases(p: Principal): boolean {
  return mayReadCaseContent(p) || hasRole(p, 'front-door');
}

/** Dashboards and caseloads: aggregates, no case content. */
export function mayReadAggregates(p: Principal): boolean {
  return hasRole(p, ...AGGREGATE_READERS);
}

export function mayReadAccessAudit(p: Principal): boolean {
  return hasRole(p, ...QUERY_ROLES.ListAccessAudit);
}

/** The borough-wide view is for those who work in every locality (API.md v1.1). */
export function worksEverywhere(p: Principal): boolean {
  return p.localities.includes('*');
}

/**
 * Consent covers an organisation when its own entry is given or best-interests, or when a
 * safeguarding override is in force for it (overrides end when the flag is lifted). A
 * decision for another organisation says nothing about this one.
 */
export function consentCovers(consent: CaseAccessFacts['consent'], organisation: string): boolean {
  if (!consent || organisation === '') return false;
  const entry = consent.organisations.find((o) => o.organisation === organisation);
  if (entry && CONSENT_SHARING_STATUSES.includes(entry.status)) return true;
  return (consent.overrides ?? []).some((o) => o.organisation === organisation);
}

export function isCareTeamMember(p: Principal, c: CaseAccessFacts): boolean {
  return (c.careTeam ?? []).some((m) => m.memberId === p.id);
}

/**
 * The roles whose reach covers this case, each within its own reach (API.md v1.1): case
 * workers where they work; partners on the care team with their organisation's consent;
 * the front door (open, record contacts, find) and auditors (read only) everywhere. A
 * case worker who is the coordinator or on the care team keeps a practitioner's
 * abilities on the case wherever it moves, for as long as that lasts. One role's reach
 * never lends another role its abilities: the result is what commands and reads use.
 */
export function rolesOnCase(p: Principal, c: CaseAccessFacts): Role[] {
  const here = c.localityId !== null && worksIn(p, c.localityId);
  const on = p.roles.filter((role) => {
    switch (role) {
      case 'practitioner':
      case 'team-manager':
      case 'safeguarding-lead':
        return here;
      case 'partner':
        return isCareTeamMember(p, c) && consentCovers(c.consent, p.organisation);
      case 'front-door':
      case 'auditor':
        return true;
      // Records officers see case content only through the records endpoints (API.md
      // "Records management"), never through the ordinary queries and commands.
      case 'admin':
      case 'records-officer':
        return false;
      default:
        return assertNeverRole(role);
    }
  });
  const related = (c.coordinatorId !== null && c.coordinatorId === p.id) || isCareTeamMember(p, c);
  if (related && hasRole(p, ...CASE_WORKERS) && !on.includes('practitioner')) on.push('practitioner');
  return [...new Set(on)];
}

/** Whether the caller may read this case's content (detail, asAt, timeline, plan versions, boards). */
export function maySeeCase(p: Principal, c: CaseAccessFacts): boolean {
  return rolesOnCase(p, c).some((r) => CASE_CONTENT_READERS.includes(r));
}

/** Whether the caller may know the case exists: its content, or a summary row (the front door). */
export function mayFindCase(p: Principal, c: CaseAccessFacts): boolean {
  return maySeeCase(p, c) || rolesOnCase(p, c).includes('front-door');
}

/** The roles the caller acts in on this case: those on the case, and the hand-over's receiver answering it. */
export function actingRolesOn(p: Principal, c: CaseAccessFacts, type: CaseCommandType): Role[] {
  const on = rolesOnCase(p, c);
  const answeringHandover = type === 'AcceptHandover' || type === 'DeclineHandover';
  if (answeringHandover && c.pendingHandoverTo === p.id && hasRole(p, ...CASE_WORKERS) && !on.includes('practitioner')) on.push('practitioner');
  // Records management reaches every case (retention and holds are borough-wide duties).
  if (RECORDS_COMMANDS.has(type) && hasRole(p, 'records-officer')) on.push('records-officer');
  return on;
}

/** Whether the caller may send this command on this case (roles on the case only). */
export function mayRunCommandOn(p: Principal, c: CaseAccessFacts, type: CaseCommandType): boolean {
  const roles = (COMMAND_ROLES as Record<string, readonly Role[] | undefined>)[type];
  return roles !== undefined && actingRolesOn(p, c, type).some((r) => roles.includes(r));
}

/**
 * Safeguarding detail and restricted notes, on a case the caller may see: safeguarding
 * leads of the case's locality, the case's coordinator, and whoever raised or wrote it.
 * Auditors are not in the list unless they are also a safeguarding lead there.
 */
export function maySeeRestricted(p: Principal, c: Pick<CaseAccessFacts, 'coordinatorId' | 'localityId'>, authorId?: string | null): boolean {
  const leadHere = hasRole(p, 'safeguarding-lead') && c.localityId !== null && worksIn(p, c.localityId);
  return leadHere || (c.coordinatorId !== null && c.coordinatorId === p.id) || (!!authorId && authorId === p.id);
}

function assertNeverRole(role: never): false {
  void role;
  return false;
}

/** The facts of a case as its events tell them (the command side has no read model to ask). */
export function evolveAccessFacts(facts: CaseAccessFacts, event: CaseEvent): CaseAccessFacts {
  switch (event.type) {
    case 'CaseOpened':
      return { ...facts, localityId: event.data.localityId };
    case 'CaseTransferred':
      return { ...facts, localityId: event.data.toLocalityId };
    case 'CoordinatorAssigned':
      return { ...facts, coordinatorId: event.data.practitionerId, pendingHandoverTo: null };
    case 'HandoverProposed':
      return { ...facts, pendingHandoverTo: event.data.toPractitionerId };
    case 'HandoverAccepted':
    case 'HandoverDeclined':
      return { ...facts, pendingHandoverTo: null };
    case 'CareTeamMemberAdded':
      return { ...facts, careTeam: [...(facts.careTeam ?? []), { memberId: event.data.memberId }] };
    case 'CareTeamMemberRemoved':
      return { ...facts, careTeam: (facts.careTeam ?? []).filter((m) => m.memberId !== event.data.memberId) };
    case 'ConsentRecorded': {
      const organisations = foldConsentEntries(facts.consent?.organisations ?? [], event.data, (organisation) => ({ organisation, status: event.data.status }));
      return { ...facts, consent: { organisations, overrides: facts.consent?.overrides ?? [] } };
    }
    // issue 13, part B: overrides, and their end with the flag
    case 'ConsentOverrideGranted': {
      const consent = facts.consent ?? { organisations: [], overrides: [] };
      return { ...facts, consent: { ...consent, overrides: [...(consent.overrides ?? []), { organisation: event.data.organisation }] } };
    }
    case 'ConsentOverrideLifted':
      return facts.consent
        ? { ...facts, consent: { ...facts.consent, overrides: (facts.consent.overrides ?? []).filter((o) => o.organisation !== event.data.organisation) } }
        : facts;
    case 'SafeguardingFlagLifted':
      return facts.consent ? { ...facts, consent: { ...facts.consent, overrides: [] } } : facts;
    default:
      // Every other event leaves who may see the case unchanged.
      return facts;
  }
}

export const NO_ACCESS_FACTS: CaseAccessFacts = { localityId: null, coordinatorId: null, careTeam: [], consent: null, pendingHandoverTo: null };
