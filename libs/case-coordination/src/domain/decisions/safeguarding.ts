import type {
  ConcludeSafeguardingEnquiry,
  DecideSafeguardingConcern,
  LiftSafeguardingFlag,
  RaiseSafeguardingConcern,
  ReviewSafeguardingFlag,
} from '../commands';
import type { DecisionContext } from '../context';
import {
  ConcernAlreadyDecided,
  ConcernNotFound,
  NoOpenEnquiry,
  NoSafeguardingFlag,
  NotSafeguardingLead,
  OutcomesMetRequired,
  SafeguardingOpen,
} from '../errors';
import type { CaseEvent } from '../events';
import type { CaseState } from '../state';
import { Decision } from './decision';
import { cancelFollowUps, completeFollowUps, dueFromPolicy, pendingFor, scheduleFollowUp } from './follow-up-helpers';

export const SAFEGUARDING_LEAD = 'safeguarding-lead';

const DECISION_KINDS = ['safeguarding-decision-high', 'safeguarding-decision'] as const;

const flagSubject = (state: CaseState) => ({ kind: 'flag' as const, id: state.caseId ?? '' });
const concernSubject = (concernId: string) => ({ kind: 'concern' as const, id: concernId });

function scheduleFlagReview(d: Decision, due: Date): void {
  scheduleFollowUp(d, {
    kind: 'safeguarding-flag-review',
    subject: flagSubject(d.state),
    due,
    ownerId: d.state.coordinator?.id ?? null,
  });
}

/** Anyone who can see the case may raise a concern; its flag must be visible to all at once. */
export function raiseSafeguardingConcern({ data }: RaiseSafeguardingConcern, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const concernId = ctx.newId();
  const kind = data.risk === 'high' ? 'safeguarding-decision-high' : 'safeguarding-decision';
  const decisionDueBy = dueFromPolicy(ctx, kind);
  const d = new Decision(state, ctx);
  d.emit({
    type: 'SafeguardingConcernRaised',
    data: {
      concernId,
      categories: data.categories,
      risk: data.risk,
      summary: data.summary,
      raisedBy: { id: ctx.actor.id, name: ctx.actor.name },
      raisedAt: d.now,
      decisionDueBy: decisionDueBy.toISOString(),
    },
  });
  // Decisions belong to the safeguarding leads as a group, not to one person.
  scheduleFollowUp(d, { kind, subject: concernSubject(concernId), due: decisionDueBy, ownerId: null });
  if (!state.safeguarding.flag) {
    const reviewDue = dueFromPolicy(ctx, 'safeguarding-flag-review');
    d.emit({ type: 'SafeguardingFlagRaised', data: { concernId, raisedAt: d.now, nextReviewDue: reviewDue.toISOString() } });
    scheduleFlagReview(d, reviewDue);
  }
  return d.events;
}

function requireLead(ctx: DecisionContext): void {
  if (!ctx.actor.roles.includes(SAFEGUARDING_LEAD)) throw new NotSafeguardingLead();
}

function concernOf(state: CaseState, concernId: string) {
  const concern = state.safeguarding.concerns[concernId];
  if (!concern) throw new ConcernNotFound();
  return concern;
}

export function decideSafeguardingConcern({ data }: DecideSafeguardingConcern, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireLead(ctx);
  const concern = concernOf(state, data.concernId);
  if (concern.status !== 'awaiting-decision') throw new ConcernAlreadyDecided();
  const d = new Decision(state, ctx);
  d.emit({
    type: 'SafeguardingDecisionMade',
    data: {
      concernId: data.concernId,
      section42: data.section42,
      rationale: data.rationale,
      decidedBy: { id: ctx.actor.id, name: ctx.actor.name },
      decidedAt: d.now,
      decisionDueBy: concern.decisionDueBy,
    },
  });
  completeFollowUps(d, DECISION_KINDS, concernSubject(data.concernId));
  if (data.section42) {
    // The lead who decides to enquire owns the enquiry's deadline.
    scheduleFollowUp(d, {
      kind: 'section42-enquiry',
      subject: concernSubject(data.concernId),
      due: dueFromPolicy(ctx, 'section42-enquiry'),
      ownerId: ctx.actor.id,
    });
  }
  return d.events;
}

/**
 * Making Safeguarding Personal: if the person was asked what they wanted, whether
 * it was met must be said. If they were not asked, "met" has no meaning and any
 * value given is dropped.
 */
export function concludeSafeguardingEnquiry({ data }: ConcludeSafeguardingEnquiry, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireLead(ctx);
  const concern = concernOf(state, data.concernId);
  if (concern.status !== 'enquiry-open') throw new NoOpenEnquiry();
  if (data.desiredOutcomesAsked && !data.outcomesMet) throw new OutcomesMetRequired();
  const d = new Decision(state, ctx);
  d.emit({
    type: 'SafeguardingEnquiryConcluded',
    data: {
      concernId: data.concernId,
      outcome: data.outcome,
      desiredOutcomesAsked: data.desiredOutcomesAsked,
      desiredOutcomes: data.desiredOutcomesAsked ? (data.desiredOutcomes ?? null) : null,
      outcomesMet: data.desiredOutcomesAsked ? (data.outcomesMet ?? null) : null,
      concludedBy: { id: ctx.actor.id, name: ctx.actor.name },
      concludedAt: d.now,
    },
  });
  completeFollowUps(d, ['section42-enquiry'], concernSubject(data.concernId));
  return d.events;
}

export function reviewSafeguardingFlag({ data }: ReviewSafeguardingFlag, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (!state.safeguarding.flag) throw new NoSafeguardingFlag();
  const due = dueFromPolicy(ctx, 'safeguarding-flag-review');
  const d = new Decision(state, ctx);
  d.emit({ type: 'SafeguardingFlagReviewed', data: { note: data.note, reviewedAt: d.now, nextReviewDue: due.toISOString() } });
  completeFollowUps(d, ['safeguarding-flag-review'], flagSubject(state));
  scheduleFlagReview(d, due);
  return d.events;
}

export function liftSafeguardingFlag({ data }: LiftSafeguardingFlag, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (!state.safeguarding.flag) throw new NoSafeguardingFlag();
  const open = Object.values(state.safeguarding.concerns).some(
    (c) => c.status === 'awaiting-decision' || c.status === 'enquiry-open',
  );
  if (open) throw new SafeguardingOpen();
  const d = new Decision(state, ctx);
  d.emit({ type: 'SafeguardingFlagLifted', data: { reason: data.reason, liftedAt: d.now } });
  cancelFollowUps(d, pendingFor(d.state, ['safeguarding-flag-review'], flagSubject(state)), 'flag-lifted');
  return d.events;
}
