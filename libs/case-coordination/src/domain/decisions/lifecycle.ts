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
import { pendingFollowUps, type CaseState } from '../state';
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

export function transferCase({ data }: TransferCase, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (data.toLocalityId === state.localityId) throw new SameLocality();
  return [
    {
      type: 'CaseTransferred',
      data: {
        fromLocalityId: state.localityId ?? '',
        toLocalityId: data.toLocalityId,
        reason: data.reason,
        transferredAt: ctx.now.toISOString(),
      },
    },
  ];
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
 * the resident picks it up). Closing cancelled every follow-up, so what must not be
 * forgotten is restarted from now: allocation if nobody coordinates, and the review
 * of a safeguarding flag that is still on.
 */
export function reopenCase({ data }: ReopenCase, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (state.status !== 'closed') throw new CaseNotClosed();
  const d = new Decision(state, ctx);
  d.emit({ type: 'CaseReopened', data: { reason: data.reason, reopenedAt: d.now } });
  if (!state.coordinator) scheduleAllocation(d);
  if (state.safeguarding.flag) {
    scheduleFollowUp(d, {
      kind: 'safeguarding-flag-review',
      subject: { kind: 'flag', id: state.caseId ?? '' },
      due: dueFromPolicy(ctx, 'safeguarding-flag-review'),
      ownerId: state.coordinator?.id ?? null,
    });
  }
  return d.events;
}
