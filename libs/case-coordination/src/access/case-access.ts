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
};

/** What the policy needs to know about a case; the write side folds it from events, read models store it. */
export interface CaseAccessFacts {
  localityId: string | null;
  coordinatorId: string | null;
  careTeam?: ReadonlyArray<{ memberId: string }>;
  consent?: { status: string; organisations: readonly string[] } | null;
}

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
  return hasRole(p, 'team-manager', 'auditor');
}

export function mayReadAccessAudit(p: Principal): boolean {
  return hasRole(p, 'auditor');
}

/** The front door searches every locality; auditors read everywhere; others where they work. */
export function seesAllLocalities(p: Principal): boolean {
  return p.localities.includes('*') || hasRole(p, 'front-door', 'auditor');
}

/** Someone whose only way into a case is its care team and its consent record. */
export function isOnlyPartner(p: Principal): boolean {
  return hasRole(p, 'partner') && !hasRole(p, ...CASE_WORKERS, 'auditor', 'front-door');
}

export function consentCovers(consent: CaseAccessFacts['consent'], organisation: string): boolean {
  return !!consent && CONSENT_SHARING_STATUSES.includes(consent.status) && organisation !== '' && consent.organisations.includes(organisation);
}

/** Whether the caller may see this case exists at all. */
export function maySeeCase(p: Principal, c: CaseAccessFacts): boolean {
  if (isOnlyPartner(p)) {
    const member = (c.careTeam ?? []).some((m) => m.memberId === p.id);
    return member && consentCovers(c.consent, p.organisation);
  }
  if (!mayListCases(p)) return false;
  if (seesAllLocalities(p)) return true;
  return c.localityId !== null && worksIn(p, c.localityId);
}

/**
 * Safeguarding detail and restricted notes, on a case the caller may see: safeguarding
 * leads, the case's coordinator, and whoever raised or wrote it. Auditors are not in the
 * list unless they are also a safeguarding lead.
 */
export function maySeeRestricted(p: Principal, c: Pick<CaseAccessFacts, 'coordinatorId'>, authorId?: string | null): boolean {
  return hasRole(p, 'safeguarding-lead') || (c.coordinatorId !== null && c.coordinatorId === p.id) || (!!authorId && authorId === p.id);
}

/** The facts of a case as its events tell them (the command side has no read model to ask). */
export function evolveAccessFacts(facts: CaseAccessFacts, event: CaseEvent): CaseAccessFacts {
  switch (event.type) {
    case 'CaseOpened':
      return { ...facts, localityId: event.data.localityId };
    case 'CaseTransferred':
      return { ...facts, localityId: event.data.toLocalityId };
    case 'CoordinatorAssigned':
      return { ...facts, coordinatorId: event.data.practitionerId };
    case 'CareTeamMemberAdded':
      return { ...facts, careTeam: [...(facts.careTeam ?? []), { memberId: event.data.memberId }] };
    case 'CareTeamMemberRemoved':
      return { ...facts, careTeam: (facts.careTeam ?? []).filter((m) => m.memberId !== event.data.memberId) };
    case 'ConsentRecorded':
      return { ...facts, consent: { status: event.data.status, organisations: event.data.organisations } };
    default:
      // Every other event leaves who may see the case unchanged.
      return facts;
  }
}

export const NO_ACCESS_FACTS: CaseAccessFacts = { localityId: null, coordinatorId: null, careTeam: [], consent: null };
