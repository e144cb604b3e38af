// Write-side state: only what decisions need. Read models keep the rest.
import type { Resident, Urgency } from './commands';
import type { FollowUpSubject, PlanAction, PlanGoal } from './events';
import { isPendingStatus, type FollowUpStatus } from './follow-up-status';
import type { FollowUpKind } from './policy';

export type { FollowUpStatus } from './follow-up-status';

export type CaseStatus = 'none' | 'open' | 'closed';

import type { ConcernStatus, InputStatus } from './vocabulary';

export type { ConcernStatus, InputStatus };

export interface FollowUpState {
  followUpId: string;
  kind: FollowUpKind;
  subject: FollowUpSubject;
  dueAt: string;
  ownerId: string | null;
  serviceId: string | null;
  status: FollowUpStatus;
  /** Set once overdue (absent for follow-ups that became overdue before it was recorded). */
  escalateAt?: string;
  /** v1.1: the team whose worklist also shows it (kept so reopening resumes it for them). */
  teamId?: string;
}

export interface CarePlanState {
  planVersion: number;
  status: 'draft' | 'agreed';
  whatMatters: string;
  goals: PlanGoal[];
  actions: PlanAction[];
  informalSupport: string[];
  risksAccepted: string[];
  everAgreed: boolean;
}

export interface CaseState {
  status: CaseStatus;
  caseId: string | null;
  localityId: string | null;
  coordinator: { id: string; name: string; teamId: string | null } | null;
  pendingHandover: {
    handoverId: string;
    toPractitionerId: string;
    toPractitionerName: string;
    proposedById: string;
    toTeamId: string | null;
  } | null;
  careTeam: string[];
  carePlan: CarePlanState | null;
  inputs: Record<string, { status: InputStatus; urgency: Urgency; serviceId: string }>;
  safeguarding: { flag: boolean; concerns: Record<string, { status: ConcernStatus; decisionDueBy: string }> };
  hospital: { admitted: boolean; hospital: string | null; admittedAt: string | null };
  homeCare: { teamId: string; hoursPerWeek: number } | null;
  followUps: Record<string, FollowUpState>;
  /** Follow-ups the last closing cancelled: what reopening the case may pick up again. */
  cancelledByClosing: string[];
  // issue 13, part B
  /** Organisations whose consent refusal a safeguarding override sets aside (only while the flag is up). */
  consentOverrides: string[];
  /** Transferred with a coordinator: the receiving locality has yet to allocate its own. */
  pendingAllocation: boolean;
  // v1.1 record, part A: the resident's details as last recorded, for corrections.
  resident: Resident | null;
  // issue 16: a held case is never disposed of.
  legalHold: boolean;
  /** When the case was erased: nothing may be done on it after that. */
  erasedAt: string | null;
}

export function initialState(): CaseState {
  return {
    status: 'none',
    caseId: null,
    localityId: null,
    coordinator: null,
    pendingHandover: null,
    careTeam: [],
    carePlan: null,
    inputs: {},
    safeguarding: { flag: false, concerns: {} },
    hospital: { admitted: false, hospital: null, admittedAt: null },
    homeCare: null,
    followUps: {},
    cancelledByClosing: [],
    consentOverrides: [],
    pendingAllocation: false,
    resident: null,
    legalHold: false,
    erasedAt: null,
  };
}

/** Open, overdue and escalated follow-ups all still await someone. */
export function isPending(f: FollowUpState): boolean {
  return isPendingStatus(f.status);
}

export function pendingFollowUps(state: CaseState): FollowUpState[] {
  return Object.values(state.followUps).filter(isPending);
}
