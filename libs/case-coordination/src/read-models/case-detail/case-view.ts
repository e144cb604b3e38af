// The case as API.md's `GET /api/cases/:id` shows it, as a pure fold of the case's
// events. The projection stores its result per case; `?asAt=` folds the stream up to a
// time with the same code, so the two can never disagree. The view keeps restricted
// detail (concern summaries, raisers); redaction happens per caller at query time.
import type { ActionOwner, CaseSource, Complexity, ConsentStatus, DischargePathway, InputMode, Resident, Risk, SafeguardingCategory, Urgency } from '../../domain/commands';
import { foldConsentEntries } from '../../access/case-access';
import type { CaseEvent, PersonRef, PlanAction, PlanGoal } from '../../domain/events';
import { toCaseEvent } from '../../case-stream';
import { assertNever } from '../../domain/evolve';
import { followUpTransition, type FollowUpTransition } from '../../domain/follow-up-status';
import type { FollowUpKind, FollowUpOutcome } from '../../domain/policy';
import type { ConcernStatus, FollowUpStatus, InputStatus } from '../../domain/state';

export interface CarePlanView {
  planVersion: number;
  status: 'draft' | 'agreed';
  whatMatters: string;
  goals: PlanGoal[];
  actions: Array<Omit<PlanAction, 'owner'> & { owner: ActionOwner }>;
  informalSupport: string[];
  risksAccepted: string[];
  agreedAt: string | null;
  nextReviewDue: string | null;
  /** Every review of the plan, oldest first; kept across revisions (one plan per case). */
  reviews: PlanReview[];
}

export interface PlanReview {
  reviewedAt: string;
  summary: string;
  /** Who recorded it (the event's actor); null for an event stored without one. */
  by: PersonRef | null;
}

export interface Closure {
  closedAt: string;
  reason: string;
  outcomeSummary: string;
}

export interface ConcernView {
  concernId: string;
  status: ConcernStatus;
  risk: Risk;
  decisionDueBy: string;
  categories: SafeguardingCategory[];
  summary: string;
  outcome: string | null;
  /** Kept for the access rule (the raiser sees detail); never shown. */
  raisedById: string;
}

// issue 13, part B: consent per organisation, with safeguarding overrides
export interface ConsentView {
  organisations: Array<{ organisation: string; status: ConsentStatus; recordedAt: string; note?: string }>;
  overrides: Array<{ organisation: string; reason: string; by: PersonRef; at: string }>;
}

export interface CaseView {
  caseId: string;
  reference: string;
  version: number;
  status: 'open' | 'closed';
  resident: Resident;
  localityId: string;
  source: CaseSource;
  reason: string;
  complexity: Complexity;
  whatMatters: string | null;
  coordinator: { id: string; name: string; teamId: string | null; since: string } | null;
  pendingHandover: { handoverId: string; toPractitionerId: string; toPractitionerName: string; reason: string; proposedAt: string } | null;
  careTeam: Array<{ memberId: string; name: string; organisation: string; role: string }>;
  carePlan: CarePlanView | null;
  specialistInputs: Array<{
    inputId: string;
    serviceId: string;
    mode: InputMode;
    urgency: Urgency;
    request: string;
    status: InputStatus;
    respondBy: string;
    outcome?: string;
  }>;
  safeguarding: { flag: boolean; concerns: ConcernView[] };
  consent: ConsentView | null;
  hospital: { admitted: boolean; hospital?: string; admittedAt?: string; lastDischarge?: { dischargedAt: string; pathway: DischargePathway } };
  homeCare: { teamId: string; hoursPerWeek: number } | null;
  followUps: Array<{ followUpId: string; kind: FollowUpKind; dueAt: string; status: FollowUpStatus; outcome?: FollowUpOutcome }>;
  openedAt: string;
  closedAt: string | null;
  /** issue 13: transferred with its coordinator, the receiving locality has yet to allocate. */
  pendingAllocation: boolean;
  /** Why and how the case was last closed; null while open (also after reopening). */
  closure: Closure | null;
}

function mapWhere<T>(items: T[], match: (t: T) => boolean, patch: (t: T) => T): T[] {
  return items.map((t) => (match(t) ? patch(t) : t));
}

/** One event applied to the view; `version` is the event's stream version. */
export function applyToCaseView(view: CaseView | null, event: CaseEvent, version: number, actor: PersonRef | null = null): CaseView | null {
  if (event.type === 'CaseOpened') {
    const d = event.data;
    return {
      caseId: d.caseId,
      reference: d.reference,
      version,
      status: 'open',
      resident: d.resident,
      localityId: d.localityId,
      source: d.source,
      reason: d.reason,
      complexity: d.complexity,
      whatMatters: d.whatMatters,
      coordinator: null,
      pendingHandover: null,
      careTeam: [],
      carePlan: null,
      specialistInputs: [],
      safeguarding: { flag: false, concerns: [] },
      consent: null,
      hospital: { admitted: false },
      homeCare: null,
      followUps: [],
      openedAt: d.openedAt,
      closedAt: null,
      pendingAllocation: false,
      closure: null,
    };
  }
  // Events of a stream that never opened (should not exist) leave nothing to show.
  if (!view) return null;
  const v: CaseView = { ...withRecordFields(view), version };
  switch (event.type) {
    case 'CoordinatorAssigned': {
      const d = event.data;
      return {
        ...v,
        coordinator: { id: d.practitionerId, name: d.practitionerName, teamId: d.teamId, since: d.assignedAt },
        pendingHandover: null,
        pendingAllocation: d.handoverId ? v.pendingAllocation : false,
      };
    }
    case 'HandoverProposed': {
      const d = event.data;
      return {
        ...v,
        pendingHandover: { handoverId: d.handoverId, toPractitionerId: d.toPractitionerId, toPractitionerName: d.toPractitionerName, reason: d.reason, proposedAt: d.proposedAt },
      };
    }
    case 'HandoverAccepted':
    case 'HandoverDeclined':
      return { ...v, pendingHandover: null };
    case 'CareTeamMemberAdded': {
      const { memberId, name, organisation, role } = event.data;
      return { ...v, careTeam: [...v.careTeam, { memberId, name, organisation, role }] };
    }
    case 'CareTeamMemberRemoved':
      return { ...v, careTeam: v.careTeam.filter((m) => m.memberId !== event.data.memberId) };
    case 'CarePlanDrafted': {
      const d = event.data;
      return {
        ...v,
        whatMatters: d.whatMatters,
        carePlan: {
          planVersion: d.planVersion,
          status: 'draft',
          whatMatters: d.whatMatters,
          goals: d.goals,
          actions: d.actions,
          informalSupport: d.informalSupport,
          risksAccepted: d.risksAccepted,
          agreedAt: null,
          // Reviews keep their schedule while a revision is being drafted.
          nextReviewDue: v.carePlan?.nextReviewDue ?? null,
          reviews: v.carePlan?.reviews ?? [],
        },
      };
    }
    case 'CarePlanAgreed':
      return v.carePlan ? { ...v, carePlan: { ...v.carePlan, status: 'agreed', agreedAt: event.data.agreedAt, nextReviewDue: event.data.nextReviewDue } } : v;
    case 'CarePlanReviewed': {
      if (!v.carePlan) return v;
      const review: PlanReview = { reviewedAt: event.data.reviewedAt, summary: event.data.summary, by: actor ? { id: actor.id, name: actor.name } : null };
      return { ...v, carePlan: { ...v.carePlan, nextReviewDue: event.data.nextReviewDue, reviews: [...v.carePlan.reviews, review] } };
    }
    case 'CarePlanActionCompleted':
      return v.carePlan
        ? { ...v, carePlan: { ...v.carePlan, actions: mapWhere(v.carePlan.actions, (a) => a.id === event.data.actionId, (a) => ({ ...a, completed: true })) } }
        : v;
    case 'GoalAchieved':
      return v.carePlan
        ? { ...v, carePlan: { ...v.carePlan, goals: mapWhere(v.carePlan.goals, (g) => g.id === event.data.goalId, (g) => ({ ...g, achieved: true })) } }
        : v;
    case 'SpecialistInputRequested': {
      const { inputId, serviceId, mode, urgency, request, respondBy } = event.data;
      return { ...v, specialistInputs: [...v.specialistInputs, { inputId, serviceId, mode, urgency, request, status: 'requested', respondBy }] };
    }
    case 'SpecialistInputAccepted':
      return setInput(v, event.data.inputId, { status: 'accepted' });
    case 'SpecialistInputDeclined':
      return setInput(v, event.data.inputId, { status: 'declined', outcome: event.data.reason });
    case 'SpecialistInputDelivered':
      return setInput(v, event.data.inputId, { status: 'delivered', outcome: event.data.summary });
    case 'SpecialistInputWithdrawn':
      return setInput(v, event.data.inputId, { status: 'withdrawn', outcome: event.data.reason });
    case 'SafeguardingConcernRaised': {
      const d = event.data;
      const concern: ConcernView = {
        concernId: d.concernId,
        status: 'awaiting-decision',
        risk: d.risk,
        decisionDueBy: d.decisionDueBy,
        categories: d.categories,
        summary: d.summary,
        outcome: null,
        raisedById: d.raisedBy.id,
      };
      return { ...v, safeguarding: { ...v.safeguarding, concerns: [...v.safeguarding.concerns, concern] } };
    }
    case 'SafeguardingFlagRaised':
      return { ...v, safeguarding: { ...v.safeguarding, flag: true } };
    case 'SafeguardingDecisionMade':
      return setConcern(v, event.data.concernId, { status: event.data.section42 ? 'enquiry-open' : 'no-enquiry' });
    case 'SafeguardingEnquiryConcluded':
      return setConcern(v, event.data.concernId, { status: 'concluded', outcome: event.data.outcome });
    case 'SafeguardingFlagReviewed':
      return v;
    case 'SafeguardingFlagLifted':
      // Lifting the flag ends every consent override.
      return { ...v, safeguarding: { ...v.safeguarding, flag: false }, consent: v.consent && { ...v.consent, overrides: [] } };
    case 'ConsentRecorded': {
      const { status, recordedAt, note } = event.data;
      const organisations = foldConsentEntries(v.consent?.organisations ?? [], event.data, (organisation) => ({
        organisation,
        status,
        recordedAt,
        ...(note !== null ? { note } : {}),
      }));
      return { ...v, consent: { organisations, overrides: v.consent?.overrides ?? [] } };
    }
    case 'NoteAdded':
      return v;
    case 'HospitalAdmissionRecorded':
      return { ...v, hospital: { ...v.hospital, admitted: true, hospital: event.data.hospital, admittedAt: event.data.admittedAt } };
    case 'DischargeRecorded':
      return { ...v, hospital: { admitted: false, lastDischarge: { dischargedAt: event.data.dischargedAt, pathway: event.data.pathway } } };
    case 'HomeCareSet':
      return { ...v, homeCare: event.data.hoursPerWeek === 0 ? null : { teamId: event.data.teamId, hoursPerWeek: event.data.hoursPerWeek } };
    case 'CaseTransferred':
      return { ...v, localityId: event.data.toLocalityId, pendingAllocation: event.data.pendingAllocation === true };
    case 'CaseClosed': {
      const { closedAt, reason, outcomeSummary } = event.data;
      return { ...v, status: 'closed', closedAt, closure: { closedAt, reason, outcomeSummary } };
    }
    case 'CaseReopened':
      return { ...v, status: 'open', closedAt: null, closure: null };
    case 'FollowUpScheduled': {
      const { followUpId, kind, dueAt } = event.data;
      return { ...v, followUps: [...v.followUps, { followUpId, kind, dueAt, status: followUpTransition(event).status }] };
    }
    case 'FollowUpCompleted': {
      const { followUpId, outcome } = event.data;
      const completed = setFollowUp(v, followUpTransition(event));
      return outcome ? { ...completed, followUps: mapWhere(completed.followUps, (f) => f.followUpId === followUpId, (f) => ({ ...f, outcome })) } : completed;
    }
    case 'FollowUpCancelled':
    case 'FollowUpBecameOverdue':
    case 'FollowUpEscalated':
      return setFollowUp(v, followUpTransition(event));
    // issue 13, part B
    case 'ConsentOverrideGranted': {
      const { organisation, reason, by, at } = event.data;
      const consent = v.consent ?? { organisations: [], overrides: [] };
      return { ...v, consent: { ...consent, overrides: [...consent.overrides, { organisation, reason, by, at }] } };
    }
    case 'ConsentOverrideLifted':
      return v.consent ? { ...v, consent: { ...v.consent, overrides: v.consent.overrides.filter((o) => o.organisation !== event.data.organisation) } } : v;
    // v1.1 record, part A
    case 'ResidentDetailsCorrected':
      return { ...v, resident: event.data.resident };
    // issue 16: holds are the records officer's business, read through the records endpoints.
    case 'LegalHoldPlaced':
    case 'LegalHoldLifted':
      return v;
    // Erased: the projection deletes the row; a fold that gets this far answers 410 elsewhere.
    case 'CaseErased':
      return v;
    default:
      return assertNever(event);
  }
}

/**
 * A document stored before the record's v1.1 fields existed (the live read model until a
 * rebuild) reads with them: closure and reviews empty (their history is only in a
 * rebuild), no pending allocation, and consent in its per-organisation shape (a v1 record
 * gave its one status to each organisation it listed). Applied when a document is read and
 * when it is next evolved, so answers keep to the contract before any rebuild.
 */
export function withRecordFields(view: CaseView): CaseView {
  const closure = view.closure === undefined ? null : view.closure;
  const carePlan = view.carePlan && view.carePlan.reviews === undefined ? { ...view.carePlan, reviews: [] } : view.carePlan;
  const pendingAllocation = view.pendingAllocation ?? false;
  const consent = upToDateConsent(view.consent);
  return closure === view.closure && carePlan === view.carePlan && pendingAllocation === view.pendingAllocation && consent === view.consent
    ? view
    : { ...view, closure, carePlan, pendingAllocation, consent };
}

function upToDateConsent(consent: CaseView['consent']): CaseView['consent'] {
  const stored = consent as unknown as { status?: ConsentStatus; organisations?: unknown[]; recordedAt?: string } | null;
  if (!stored || typeof stored.status !== 'string') return consent;
  const { status, recordedAt = '' } = stored;
  const organisations = (stored.organisations ?? []).filter((o): o is string => typeof o === 'string');
  return { organisations: organisations.map((organisation) => ({ organisation, status, recordedAt })), overrides: [] };
}

function setInput(v: CaseView, inputId: string, patch: Partial<CaseView['specialistInputs'][number]>): CaseView {
  return { ...v, specialistInputs: mapWhere(v.specialistInputs, (i) => i.inputId === inputId, (i) => ({ ...i, ...patch })) };
}

function setConcern(v: CaseView, concernId: string, patch: Partial<ConcernView>): CaseView {
  const concerns = mapWhere(v.safeguarding.concerns, (c) => c.concernId === concernId, (c) => ({ ...c, ...patch }));
  return { ...v, safeguarding: { ...v.safeguarding, concerns } };
}

function setFollowUp(v: CaseView, { followUpId, status }: FollowUpTransition): CaseView {
  return { ...v, followUps: mapWhere(v.followUps, (f) => f.followUpId === followUpId, (f) => ({ ...f, status })) };
}

/** The whole stream (or its prefix up to a time) folded into the view. */
export function caseView(events: ReadonlyArray<{ type: string; data: unknown; version: number; metadata?: { actor?: PersonRef } }>): CaseView | null {
  let view: CaseView | null = null;
  for (const e of events) view = applyToCaseView(view, toCaseEvent(e), e.version, e.metadata?.actor ?? null);
  return view;
}
