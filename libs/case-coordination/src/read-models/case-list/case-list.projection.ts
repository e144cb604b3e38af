import type { CaseEvent } from '../../domain/events';
import { assertNever } from '../../domain/evolve';
import { EventInContext, RowProjection, RowProjectionSpec } from '../../projections/row-projection';

export interface CaseListRow {
  caseId: string;
  version: number;
  reference: string;
  residentName: string;
  /** Digits only, for the exact-match search (`q` of ten digits). */
  nhsNumber: string | null;
  localityId: string;
  status: 'open' | 'closed';
  complexity: string;
  coordinatorId: string | null;
  coordinatorName: string | null;
  coordinatorTeamId: string | null;
  safeguardingFlag: boolean;
  /** Inputs requested or accepted and not yet delivered, declined or withdrawn. */
  openInputs: number;
  nextReviewDue: string | null;
  planAgreedAt: string | null;
  homeCareTeamId: string | null;
  homeCareHours: number;
  /** Accepted hand-overs: the model tries to minimise them, so managers count them. */
  handovers: number;
  openedAt: string;
  firstAllocatedAt: string | null;
  closedAt: string | null;
  /** issue 16: a held case is never disposed of (GET /api/retention/due leaves it out). */
  legalHold: boolean;
  /** issue 16: erased; the row stays without the resident (name blank, no NHS number) for counts. */
  erasedAt: string | null;
  updatedAt: string;
  [field: string]: unknown;
}

function next(row: CaseListRow, event: CaseEvent): CaseListRow {
  switch (event.type) {
    case 'CoordinatorAssigned': {
      const d = event.data;
      return {
        ...row,
        coordinatorId: d.practitionerId,
        coordinatorName: d.practitionerName,
        coordinatorTeamId: d.teamId,
        firstAllocatedAt: row.firstAllocatedAt ?? d.assignedAt,
        // An accepted hand-over, or the receiving locality replacing the coordinator after a transfer.
        handovers: row.handovers + (d.handoverId || d.previousPractitionerId ? 1 : 0),
      };
    }
    case 'SpecialistInputRequested':
      return { ...row, openInputs: row.openInputs + 1 };
    case 'SpecialistInputDeclined':
    case 'SpecialistInputDelivered':
    case 'SpecialistInputWithdrawn':
      return { ...row, openInputs: Math.max(0, row.openInputs - 1) };
    case 'CarePlanAgreed':
      return { ...row, planAgreedAt: event.data.agreedAt, nextReviewDue: event.data.nextReviewDue };
    case 'CarePlanReviewed':
      return { ...row, nextReviewDue: event.data.nextReviewDue };
    case 'SafeguardingFlagRaised':
      return { ...row, safeguardingFlag: true };
    case 'SafeguardingFlagLifted':
      return { ...row, safeguardingFlag: false };
    case 'HomeCareSet':
      return { ...row, homeCareTeamId: event.data.hoursPerWeek === 0 ? null : event.data.teamId, homeCareHours: event.data.hoursPerWeek };
    case 'CaseTransferred':
      return { ...row, localityId: event.data.toLocalityId };
    case 'CaseClosed':
      return { ...row, status: 'closed', closedAt: event.data.closedAt };
    case 'CaseReopened':
      return { ...row, status: 'open', closedAt: null };
    case 'CaseOpened':
    case 'HandoverProposed':
    case 'HandoverAccepted':
    case 'HandoverDeclined':
    case 'CareTeamMemberAdded':
    case 'CareTeamMemberRemoved':
    case 'CarePlanDrafted':
    case 'CarePlanActionCompleted':
    case 'GoalAchieved':
    case 'SpecialistInputAccepted':
    case 'SafeguardingConcernRaised':
    case 'SafeguardingDecisionMade':
    case 'SafeguardingEnquiryConcluded':
    case 'SafeguardingFlagReviewed':
    case 'ConsentRecorded':
    case 'NoteAdded':
    case 'HospitalAdmissionRecorded':
    case 'DischargeRecorded':
    case 'FollowUpScheduled':
    case 'FollowUpCompleted':
    case 'FollowUpCancelled':
    case 'FollowUpBecameOverdue':
    case 'FollowUpEscalated':
    case 'ConsentOverrideGranted':
    case 'ConsentOverrideLifted':
      return row;
    // issue 16
    case 'LegalHoldPlaced':
      return { ...row, legalHold: true };
    case 'LegalHoldLifted':
      return { ...row, legalHold: false };
    // Lists, searches and caseloads leave it out; dashboards still count it.
    case 'CaseErased':
      return { ...row, residentName: '', nhsNumber: null, erasedAt: event.data.erasedAt };
    // v1.1 record, part A
    case 'ResidentDetailsCorrected': {
      if (row.erasedAt) return row;
      const r = event.data.resident;
      return { ...row, residentName: `${r.givenName} ${r.familyName}`, nhsNumber: r.nhsNumber ?? null };
    }
    default:
      return assertNever(event);
  }
}

export function evolveCaseListRow(row: CaseListRow | null, e: EventInContext): CaseListRow | null {
  const meta = { version: e.recorded.version, updatedAt: e.recorded.recordedAt.toISOString() };
  if (e.event.type === 'CaseOpened') {
    const d = e.event.data;
    return {
      caseId: e.caseId,
      ...meta,
      reference: d.reference,
      residentName: `${d.resident.givenName} ${d.resident.familyName}`,
      nhsNumber: d.resident.nhsNumber ?? null,
      localityId: d.localityId,
      status: 'open',
      complexity: d.complexity,
      coordinatorId: null,
      coordinatorName: null,
      coordinatorTeamId: null,
      safeguardingFlag: false,
      openInputs: 0,
      nextReviewDue: null,
      planAgreedAt: null,
      homeCareTeamId: null,
      homeCareHours: 0,
      handovers: 0,
      openedAt: d.openedAt,
      firstAllocatedAt: null,
      closedAt: null,
      legalHold: false,
      erasedAt: null,
    };
  }
  return row ? { ...next(row, e.event), ...meta } : null;
}

export const caseListSpec: RowProjectionSpec<CaseListRow> = {
  name: 'case-list',
  table: 'rm_case_list',
  primaryKey: ['caseId'],
  columns: {
    caseId: 'text',
    version: 'int',
    reference: 'text',
    residentName: 'text',
    nhsNumber: 'text',
    localityId: 'text',
    status: 'text',
    complexity: 'text',
    coordinatorId: 'text',
    coordinatorName: 'text',
    coordinatorTeamId: 'text',
    safeguardingFlag: 'bool',
    openInputs: 'int',
    nextReviewDue: 'timestamptz',
    planAgreedAt: 'timestamptz',
    homeCareTeamId: 'text',
    homeCareHours: 'float',
    handovers: 'int',
    openedAt: 'timestamptz',
    firstAllocatedAt: 'timestamptz',
    closedAt: 'timestamptz',
    legalHold: 'bool',
    erasedAt: 'timestamptz',
    updatedAt: 'timestamptz',
  },
  keys: (e) => [{ caseId: e.caseId }],
  evolve: evolveCaseListRow,
};

export const caseListProjection = new RowProjection(caseListSpec);
