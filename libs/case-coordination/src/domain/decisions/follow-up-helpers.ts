// Every follow-up the decider creates or ends goes through here, so the invariant
// "never two pending follow-ups of the same kind for the same subject" is kept in
// one place: scheduling first cancels any pending twin as superseded.
import type { DecisionContext } from '../context';
import type { FollowUpCancelReason, FollowUpSubject } from '../events';
import { dueAt, type FollowUpKind, type PolicyKey } from '../policy';
import { pendingFollowUps, type CaseState, type FollowUpState } from '../state';
import type { Decision } from './decision';

export interface ScheduleRequest {
  kind: FollowUpKind;
  subject: FollowUpSubject;
  due: Date;
  ownerId: string | null;
  serviceId?: string;
  teamId?: string;
}

export function dueFromPolicy(ctx: DecisionContext, key: PolicyKey, from: Date = ctx.now): Date {
  return dueAt(from, ctx.policy[key], ctx.calendar);
}

function sameSubject(a: FollowUpSubject, b: FollowUpSubject): boolean {
  return a.kind === b.kind && a.id === b.id;
}

export function pendingFor(
  state: CaseState,
  kinds: readonly FollowUpKind[],
  subject: FollowUpSubject,
): FollowUpState[] {
  return pendingFollowUps(state).filter((f) => kinds.includes(f.kind) && sameSubject(f.subject, subject));
}

export function completeFollowUps(d: Decision, kinds: readonly FollowUpKind[], subject: FollowUpSubject): void {
  for (const f of pendingFor(d.state, kinds, subject)) {
    d.emit({
      type: 'FollowUpCompleted',
      data: { followUpId: f.followUpId, kind: f.kind, manual: false, note: null, completedAt: d.now },
    });
  }
}

export function cancelFollowUps(d: Decision, followUps: FollowUpState[], reason: FollowUpCancelReason): void {
  for (const f of followUps) {
    d.emit({ type: 'FollowUpCancelled', data: { followUpId: f.followUpId, kind: f.kind, reason, cancelledAt: d.now } });
  }
}

export function scheduleFollowUp(d: Decision, req: ScheduleRequest): void {
  cancelFollowUps(d, pendingFor(d.state, [req.kind], req.subject), 'superseded');
  d.emit({
    type: 'FollowUpScheduled',
    data: {
      followUpId: d.ctx.newId(),
      kind: req.kind,
      dueAt: req.due.toISOString(),
      subject: req.subject,
      ownerId: req.ownerId,
      serviceId: req.serviceId ?? null,
      localityId: d.localityId,
      scheduledAt: d.now,
      ...(req.teamId ? { teamId: req.teamId } : {}),
    },
  });
}
