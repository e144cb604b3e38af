import type { CaseEvent } from './events';
import { followUpTransition, type FollowUpTransition } from './follow-up-status';
import type { CaseState, InputStatus } from './state';

function setInput(state: CaseState, inputId: string, status: InputStatus): CaseState {
  const input = state.inputs[inputId];
  if (!input) return state;
  return { ...state, inputs: { ...state.inputs, [inputId]: { ...input, status } } };
}

function setFollowUp(state: CaseState, { followUpId, status }: FollowUpTransition): CaseState {
  const f = state.followUps[followUpId];
  if (!f) return state;
  return { ...state, followUps: { ...state.followUps, [followUpId]: { ...f, status } } };
}

function setConcern(state: CaseState, concernId: string, patch: Partial<CaseState['safeguarding']['concerns'][string]>): CaseState {
  const c = state.safeguarding.concerns[concernId];
  if (!c) return state;
  const concerns = { ...state.safeguarding.concerns, [concernId]: { ...c, ...patch } };
  return { ...state, safeguarding: { ...state.safeguarding, concerns } };
}

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened':
      return { ...state, status: 'open', caseId: event.data.caseId, localityId: event.data.localityId, resident: event.data.resident };
    case 'CoordinatorAssigned': {
      const { practitionerId: id, practitionerName: name, teamId } = event.data;
      // Only the receiving locality's allocation ends a pending allocation, not a hand-over meanwhile.
      const pendingAllocation = event.data.handoverId ? state.pendingAllocation : false;
      return { ...state, coordinator: { id, name, teamId }, pendingHandover: null, pendingAllocation };
    }
    case 'HandoverProposed':
      return {
        ...state,
        pendingHandover: {
          handoverId: event.data.handoverId,
          toPractitionerId: event.data.toPractitionerId,
          toPractitionerName: event.data.toPractitionerName,
          proposedById: event.data.proposedBy.id,
          toTeamId: event.data.toTeamId ?? null,
        },
      };
    case 'HandoverAccepted':
    case 'HandoverDeclined':
      return { ...state, pendingHandover: null };
    case 'CareTeamMemberAdded':
      return { ...state, careTeam: [...state.careTeam, event.data.memberId] };
    case 'CareTeamMemberRemoved':
      return { ...state, careTeam: state.careTeam.filter((m) => m !== event.data.memberId) };
    case 'CarePlanDrafted':
      return {
        ...state,
        carePlan: {
          planVersion: event.data.planVersion,
          status: 'draft',
          whatMatters: event.data.whatMatters,
          goals: event.data.goals,
          actions: event.data.actions,
          informalSupport: event.data.informalSupport,
          risksAccepted: event.data.risksAccepted,
          everAgreed: state.carePlan?.everAgreed ?? false,
        },
      };
    case 'CarePlanAgreed':
      return state.carePlan ? { ...state, carePlan: { ...state.carePlan, status: 'agreed', everAgreed: true } } : state;
    case 'CarePlanReviewed':
      return state;
    case 'CarePlanActionCompleted': {
      const plan = state.carePlan;
      if (!plan) return state;
      const actions = plan.actions.map((a) => (a.id === event.data.actionId ? { ...a, completed: true } : a));
      return { ...state, carePlan: { ...plan, actions } };
    }
    case 'GoalAchieved': {
      const plan = state.carePlan;
      if (!plan) return state;
      const goals = plan.goals.map((g) => (g.id === event.data.goalId ? { ...g, achieved: true } : g));
      return { ...state, carePlan: { ...plan, goals } };
    }
    case 'SpecialistInputRequested': {
      const { inputId, urgency, serviceId } = event.data;
      return { ...state, inputs: { ...state.inputs, [inputId]: { status: 'requested', urgency, serviceId } } };
    }
    case 'SpecialistInputAccepted':
      return setInput(state, event.data.inputId, 'accepted');
    case 'SpecialistInputDeclined':
      return setInput(state, event.data.inputId, 'declined');
    case 'SpecialistInputDelivered':
      return setInput(state, event.data.inputId, 'delivered');
    case 'SpecialistInputWithdrawn':
      return setInput(state, event.data.inputId, 'withdrawn');
    case 'SafeguardingConcernRaised': {
      const concerns = {
        ...state.safeguarding.concerns,
        [event.data.concernId]: { status: 'awaiting-decision' as const, decisionDueBy: event.data.decisionDueBy },
      };
      return { ...state, safeguarding: { ...state.safeguarding, concerns } };
    }
    case 'SafeguardingFlagRaised':
      return { ...state, safeguarding: { ...state.safeguarding, flag: true } };
    case 'SafeguardingDecisionMade':
      return setConcern(state, event.data.concernId, {
        status: event.data.section42 ? 'enquiry-open' : 'no-enquiry',
      });
    case 'SafeguardingEnquiryConcluded':
      return setConcern(state, event.data.concernId, { status: 'concluded' });
    case 'SafeguardingFlagReviewed':
      return state;
    case 'SafeguardingFlagLifted':
      // Lifting the flag ends every consent override (issue 13).
      return { ...state, safeguarding: { ...state.safeguarding, flag: false }, consentOverrides: [] };
    case 'ConsentRecorded':
    case 'NoteAdded':
      return state;
    case 'HospitalAdmissionRecorded':
      return { ...state, hospital: { admitted: true, hospital: event.data.hospital, admittedAt: event.data.admittedAt } };
    case 'DischargeRecorded':
      return { ...state, hospital: { admitted: false, hospital: null, admittedAt: null } };
    case 'HomeCareSet':
      return {
        ...state,
        homeCare: event.data.hoursPerWeek === 0 ? null : { teamId: event.data.teamId, hoursPerWeek: event.data.hoursPerWeek },
      };
    case 'CaseTransferred':
      return { ...state, localityId: event.data.toLocalityId, pendingAllocation: event.data.pendingAllocation === true };
    case 'CaseClosed':
      return { ...state, status: 'closed' };
    case 'CaseReopened':
      return { ...state, status: 'open', cancelledByClosing: [] };
    case 'FollowUpScheduled': {
      const { followUpId, kind, subject, dueAt, ownerId, serviceId, teamId } = event.data;
      const followUp = { followUpId, kind, subject, dueAt, ownerId, serviceId, status: followUpTransition(event).status, ...(teamId ? { teamId } : {}) };
      return { ...state, followUps: { ...state.followUps, [followUpId]: followUp } };
    }
    case 'FollowUpCompleted':
      return setFollowUp(state, followUpTransition(event));
    case 'FollowUpCancelled': {
      const cancelled = setFollowUp(state, followUpTransition(event));
      if (event.data.reason !== 'case-closed') return cancelled;
      return { ...cancelled, cancelledByClosing: [...state.cancelledByClosing, event.data.followUpId] };
    }
    case 'FollowUpBecameOverdue': {
      const overdue = setFollowUp(state, followUpTransition(event));
      const f = overdue.followUps[event.data.followUpId];
      if (!f || event.data.escalateAt === undefined) return overdue;
      return { ...overdue, followUps: { ...overdue.followUps, [f.followUpId]: { ...f, escalateAt: event.data.escalateAt } } };
    }
    case 'FollowUpEscalated':
      return setFollowUp(state, followUpTransition(event));
    // issue 13, part B
    case 'ConsentOverrideGranted':
      return { ...state, consentOverrides: [...state.consentOverrides, event.data.organisation] };
    case 'ConsentOverrideLifted':
      return { ...state, consentOverrides: state.consentOverrides.filter((o) => o !== event.data.organisation) };
    // v1.1 record, part A
    case 'ResidentDetailsCorrected':
      return { ...state, resident: event.data.resident };
    // issue 16
    case 'LegalHoldPlaced':
      return { ...state, legalHold: true };
    case 'LegalHoldLifted':
      return { ...state, legalHold: false };
    case 'CaseErased':
      return { ...state, erasedAt: event.data.erasedAt };
    default:
      return assertNever(event);
  }
}

export function assertNever(x: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(x)}`);
}
