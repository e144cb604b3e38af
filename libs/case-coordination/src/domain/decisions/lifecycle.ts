import type { CloseCase, OpenCase, ReopenCase, TransferCase } from '../commands';
import type { DecisionContext } from '../context';
import {
  CaseAlreadyExists,
  CaseNotClosed,
  HandoverPending,
  InputsOutstanding,
  SafeguardingOpen,
  SameLocality,
} from '../errors';
import type { CaseEvent } from '../events';
import type { FollowUpKind } from '../policy';
import { pendingFollowUps, type CaseState, type FollowUpState } from '../state';
import { Decision } from './decision';
import { cancelFollowUps, dueFromPolicy, scheduleFollowUp } from './follow-up-helpers';

export function openCase({ data }: OpenCase, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (state.status !== 'none') throw new CaseAlreadyExists();
  const d = new Decision(state, ctx);
  d.emit({
    type: 'CaseOpened',
    data: {
      caseId: data.caseId,
      reference: data.reference,
      resident: data.resident,
      localityId: data.localityId,
      source: data.source,
      reason: data.reason,
      needs: data.needs ?? [],
      whatMatters: data.whatMatters ?? null,
      complexity: data.complexity ?? 'standard',
      openedAt: d.now,
    },
  });
  scheduleAllocation(d);
  return d.events;
}

function scheduleAllocation(d: Decision): void {
  scheduleFollowUp(d, {
    kind: 'allocate-coordinator',
    subject: { kind: 'case', id: d.state.caseId ?? '' },
    due: dueFromPolicy(d.ctx, 'allocate-coordinator'),
    ownerId: null,
  });
}

/**
 * The coordinator stays with the case until the receiving locality allocates its own
 * (issue 13): the case is pending allocation, and the receiving locality's team managers
 * are asked to allocate (an unowned allocate-coordinator follow-up is on their worklist).
 * A case nobody coordinates already has that follow-up, which now counts where it went.
 */
export function transferCase({ data }: TransferCase, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (data.toLocalityId === state.localityId) throw new SameLocality();
  const d = new Decision(state, ctx);
  const keepsCoordinator = state.coordinator !== null;
  d.emit({
    type: 'CaseTransferred',
    data: {
      fromLocalityId: state.localityId ?? '',
      toLocalityId: data.toLocalityId,
      reason: data.reason,
      transferredAt: d.now,
      ...(keepsCoordinator ? { pendingAllocation: true as const } : {}),
    },
  });
  const asked = pendingFollowUps(state).some((f) => f.kind === 'allocate-coordinator');
  if (keepsCoordinator && !asked) scheduleAllocation(d);
  return d.events;
}

/**
 * A case is not closed while someone still owes the resident something the case
 * tracks: a safeguarding decision or enquiry, specialist input, or an unanswered
 * hand-over (closing would leave the receiver's worklist pointing at nothing).
 */
export function closeCase({ data }: CloseCase, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const concerns = Object.values(state.safeguarding.concerns);
  if (concerns.some((c) => c.status === 'enquiry-open' || c.status === 'awaiting-decision')) {
    throw new SafeguardingOpen();
  }
  const inputs = Object.values(state.inputs);
  if (inputs.some((i) => i.status === 'requested' || i.status === 'accepted')) throw new InputsOutstanding();
  if (state.pendingHandover) throw new HandoverPending();
  const d = new Decision(state, ctx);
  cancelFollowUps(d, pendingFollowUps(state), 'case-closed');
  d.emit({ type: 'CaseClosed', data: { reason: data.reason, outcomeSummary: data.outcomeSummary, closedAt: d.now } });
  return d.events;
}

/**
 * The coordinator is kept on reopening ("tell my story once": the person who knew
 * the resident picks it up). Closing cancelled every follow-up; reopening takes up
 * again each one that still applies, under a new id and with its own due time: plan
 * reviews keep the Care Act cycle, actions the date agreed with the resident, and the
 * welfare and 91-day checks their time from discharge. One whose time passed while
 * the case was closed falls overdue at once, which is the truth. Allocation starts
 * again from now if nobody coordinates, and a flag still on is always reviewed.
 */
export function reopenCase({ data }: ReopenCase, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (state.status !== 'closed') throw new CaseNotClosed();
  const d = new Decision(state, ctx);
  d.emit({ type: 'CaseReopened', data: { reason: data.reason, reopenedAt: d.now } });
  const resumed = state.cancelledByClosing.map((id) => state.followUps[id]).filter((f) => f && stillApplies(f, state));
  for (const f of resumed) {
    scheduleFollowUp(d, {
      kind: f.kind,
      subject: f.subject,
      due: new Date(f.dueAt),
      ownerId: f.ownerId,
      serviceId: f.serviceId ?? undefined,
      teamId: f.teamId,
    });
  }
  const resumes = (kind: FollowUpKind) => resumed.some((f) => f.kind === kind);
  // Nobody coordinating, or a transfer still waiting for the receiving locality to allocate.
  if ((!state.coordinator || state.pendingAllocation) && !resumes('allocate-coordinator')) scheduleAllocation(d);
  if (state.safeguarding.flag && !resumes('safeguarding-flag-review')) {
    scheduleFollowUp(d, {
      kind: 'safeguarding-flag-review',
      subject: { kind: 'flag', id: state.caseId ?? '' },
      due: dueFromPolicy(ctx, 'safeguarding-flag-review'),
      ownerId: state.coordinator?.id ?? null,
    });
  }
  return d.events;
}

/**
 * Whether what a follow-up chases is still owed after the case was closed with it
 * open. Closing is refused while a hand-over, specialist input or safeguarding
 * decision or enquiry is outstanding, so those only come back if the log says they
 * are still outstanding.
 */
function stillApplies(f: FollowUpState, state: CaseState): boolean {
  switch (f.kind) {
    // A reopened case is a new episode: nobody coordinating is chased from now.
    case 'allocate-coordinator':
      return false;
    case 'accept-handover':
      return state.pendingHandover?.handoverId === f.subject.id;
    case 'specialist-input-crisis':
    case 'specialist-input-urgent':
    case 'specialist-input-routine':
      return state.inputs[f.subject.id]?.status === 'requested';
    case 'safeguarding-decision-high':
    case 'safeguarding-decision':
      return state.safeguarding.concerns[f.subject.id]?.status === 'awaiting-decision';
    case 'section42-enquiry':
      return state.safeguarding.concerns[f.subject.id]?.status === 'enquiry-open';
    case 'safeguarding-flag-review':
      return state.safeguarding.flag;
    // A revision still in draft leaves the agreed plan's review cycle running, as it does on an open case.
    case 'care-plan-first-review':
    case 'care-plan-review':
      return state.carePlan?.everAgreed === true;
    case 'care-plan-action': {
      const action = state.carePlan?.actions.find((a) => a.id === f.subject.id);
      return action !== undefined && !action.completed && action.dueDate !== null;
    }
    // Ticked off by hand: still owed until someone records that they were done.
    case 'post-discharge-welfare-check':
    case 'reablement-91-day-check':
      return true;
    // v1.1 record, part A: planning goes on while the resident is still in hospital.
    case 'discharge-planning':
      return state.hospital.admitted;
    default: {
      const never: never = f.kind;
      throw new Error(`unknown follow-up kind ${String(never)}`);
    }
  }
}
