import type { CompleteFollowUp, EscalateFollowUp, MarkFollowUpOverdue } from '../commands';
import type { DecisionContext } from '../context';
import { FollowUpNotFound, FollowUpNotManual, FollowUpNotOpen, FollowUpOutcomeInvalid, FollowUpOutcomeRequired } from '../errors';
import type { CaseEvent } from '../events';
import { dueAt, FOLLOW_UP_OUTCOMES, MANUALLY_COMPLETED_KINDS, type FollowUpKind, type FollowUpOutcome } from '../policy';
import { isPending, type CaseState, type FollowUpState } from '../state';

/**
 * Only checks nothing else in the case records (welfare calls, the 91-day check)
 * are ticked off by hand; the rest end when the activity they chase happens, so
 * completing them by hand would hide that it never did.
 */
export function completeFollowUp({ data }: CompleteFollowUp, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const f = state.followUps[data.followUpId];
  if (!f) throw new FollowUpNotFound();
  if (!isPending(f)) throw new FollowUpNotOpen();
  if (!MANUALLY_COMPLETED_KINDS.includes(f.kind)) throw new FollowUpNotManual();
  const outcome = checkedOutcome(f.kind, data.outcome);
  return [
    {
      type: 'FollowUpCompleted',
      data: { followUpId: f.followUpId, kind: f.kind, manual: true, note: data.note ?? null, completedAt: ctx.now.toISOString(), ...(outcome ? { outcome } : {}) },
    },
  ];
}

/**
 * A 91-day check or a welfare call ticked off without saying what it found would count
 * as "still at home" or "well" by default; the outcome is what the measures count.
 */
function checkedOutcome(kind: FollowUpKind, outcome: FollowUpOutcome | undefined): FollowUpOutcome | undefined {
  const allowed: readonly FollowUpOutcome[] = kind in FOLLOW_UP_OUTCOMES ? FOLLOW_UP_OUTCOMES[kind as keyof typeof FOLLOW_UP_OUTCOMES] : [];
  if (outcome === undefined) {
    if (allowed.length > 0) throw new FollowUpOutcomeRequired(allowed);
    return undefined;
  }
  if (!allowed.includes(outcome)) throw new FollowUpOutcomeInvalid(allowed);
  return outcome;
}

// The two timer commands come from queued jobs that may run late, twice, or after
// the case moved on. Whatever no longer applies is a quiet no-op, never an error,
// so a retried job cannot fail or double-record. A job that fires early is also a
// no-op: the reconciler re-queues it.

export function markFollowUpOverdue({ data }: MarkFollowUpOverdue, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (state.status !== 'open') return [];
  const f = state.followUps[data.followUpId];
  if (!f || f.status !== 'open') return [];
  if (ctx.now.getTime() < new Date(f.dueAt).getTime()) return [];
  const escalateAt = dueAt(new Date(f.dueAt), ctx.policy['escalation-grace'], ctx.calendar);
  return [
    {
      type: 'FollowUpBecameOverdue',
      data: {
        followUpId: f.followUpId,
        kind: f.kind,
        dueAt: f.dueAt,
        ownerId: f.ownerId,
        becameOverdueAt: ctx.now.toISOString(),
        escalateAt: escalateAt.toISOString(),
      },
    },
  ];
}

export function escalateFollowUp({ data }: EscalateFollowUp, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (state.status !== 'open') return [];
  const f = state.followUps[data.followUpId];
  if (!f || f.status !== 'overdue') return [];
  const escalateAt = escalationTime(f, ctx);
  if (ctx.now.getTime() < escalateAt.getTime()) return [];
  return [
    {
      type: 'FollowUpEscalated',
      data: {
        followUpId: f.followUpId,
        kind: f.kind,
        dueAt: f.dueAt,
        ownerId: f.ownerId,
        localityId: state.localityId ?? '',
        escalatedAt: ctx.now.toISOString(),
      },
    },
  ];
}

/** The time recorded when it became overdue; older follow-ups fall back to the grace in force. */
function escalationTime(f: FollowUpState, ctx: DecisionContext): Date {
  return f.escalateAt ? new Date(f.escalateAt) : dueAt(new Date(f.dueAt), ctx.policy['escalation-grace'], ctx.calendar);
}
