import type { AchieveGoal, AgreeCarePlan, CompleteCarePlanAction, DraftCarePlan, RecordCarePlanReview } from '../commands';
import type { DecisionContext } from '../context';
import {
  ActionAlreadyCompleted,
  ActionNotFound,
  CarePlanAlreadyAgreed,
  CarePlanMissing,
  CarePlanNeedsGoal,
  CarePlanNotAgreed,
  DuplicatePlanItem,
  GoalAlreadyAchieved,
  GoalNotFound,
  NotAgreedWithResident,
  ReviewDateNotInFuture,
} from '../errors';
import type { CaseEvent, PlanAction, PlanGoal } from '../events';
import { pendingFollowUps, type CarePlanState, type CaseState } from '../state';
import { Decision } from './decision';
import { cancelFollowUps, completeFollowUps, dueFromPolicy, pendingFor, scheduleFollowUp } from './follow-up-helpers';

const REVIEW_KINDS = ['care-plan-first-review', 'care-plan-review'] as const;

function hasDuplicates(ids: (string | undefined)[]): boolean {
  const given = ids.filter((id): id is string => id !== undefined);
  return new Set(given).size !== given.length;
}

/**
 * Each PUT that changes the plan makes a new draft version. Goal and action ids given
 * by the client keep their identity (and their achieved/completed state) across
 * versions; missing ids are new items. A body identical to the current version
 * changes nothing: a client re-sending the plan it has (a retried save, an editor
 * saving unchanged) must neither grow the history nor turn an agreed plan back
 * into a draft.
 */
export function draftCarePlan({ data }: DraftCarePlan, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (hasDuplicates(data.goals.map((g) => g.id)) || hasDuplicates(data.actions.map((a) => a.id))) {
    throw new DuplicatePlanItem();
  }
  const previous = state.carePlan;
  if (previous && sameAsPlan(data, previous)) return [];
  const goals: PlanGoal[] = data.goals.map((g) => ({
    id: g.id ?? ctx.newId(),
    description: g.description,
    targetDate: g.targetDate ?? null,
    achieved: previous?.goals.find((p) => p.id === g.id)?.achieved ?? false,
  }));
  const actions: PlanAction[] = data.actions.map((a) => {
    if (a.goalId !== undefined && !goals.some((g) => g.id === a.goalId)) throw new GoalNotFound();
    return {
      id: a.id ?? ctx.newId(),
      description: a.description,
      owner: a.owner,
      goalId: a.goalId ?? null,
      dueDate: a.dueDate ?? null,
      completed: previous?.actions.find((p) => p.id === a.id)?.completed ?? false,
    };
  });
  const d = new Decision(state, ctx);
  d.emit({
    type: 'CarePlanDrafted',
    data: {
      planVersion: (previous?.planVersion ?? 0) + 1,
      whatMatters: data.whatMatters,
      goals,
      actions,
      informalSupport: data.informalSupport ?? [],
      risksAccepted: data.risksAccepted ?? [],
      draftedAt: d.now,
    },
  });
  rescheduleActionFollowUps(d, actions);
  return d.events;
}

const sameList = <A, B>(a: readonly A[], b: readonly B[], same: (x: A, y: B) => boolean): boolean =>
  a.length === b.length && a.every((x, i) => same(x, b[i]));

/** What the client sends, compared field by field in order; generated ids never match, so new items always differ. */
function sameAsPlan(data: DraftCarePlan['data'], plan: CarePlanState): boolean {
  return (
    data.whatMatters === plan.whatMatters &&
    sameList(data.goals, plan.goals, (g, p) => g.id === p.id && g.description === p.description && (g.targetDate ?? null) === p.targetDate) &&
    sameList(
      data.actions,
      plan.actions,
      (a, p) =>
        a.id === p.id &&
        a.description === p.description &&
        a.owner.kind === p.owner.kind &&
        (a.owner.id ?? null) === (p.owner.id ?? null) &&
        a.owner.name === p.owner.name &&
        (a.goalId ?? null) === p.goalId &&
        (a.dueDate ?? null) === p.dueDate,
    ) &&
    sameList(data.informalSupport ?? [], plan.informalSupport, (x, y) => x === y) &&
    sameList(data.risksAccepted ?? [], plan.risksAccepted, (x, y) => x === y)
  );
}

/** An action with a due date is chased on that date; removing it or moving its date replaces the chase. */
function rescheduleActionFollowUps(d: Decision, actions: PlanAction[]): void {
  const ctx = d.ctx;
  const dueOf = (a: PlanAction) => (a.dueDate ? ctx.calendar.endOfDay(a.dueDate).toISOString() : null);
  for (const f of pendingFollowUps(d.state).filter((f) => f.kind === 'care-plan-action')) {
    const action = actions.find((a) => a.id === f.subject.id);
    if (!action) cancelFollowUps(d, [f], 'action-removed');
    else if (action.completed || dueOf(action) !== f.dueAt) cancelFollowUps(d, [f], 'action-rescheduled');
  }
  for (const action of actions) {
    if (!action.dueDate || action.completed) continue;
    const subject = { kind: 'action' as const, id: action.id };
    if (pendingFor(d.state, ['care-plan-action'], subject).length > 0) continue;
    scheduleFollowUp(d, {
      kind: 'care-plan-action',
      subject,
      due: ctx.calendar.endOfDay(action.dueDate),
      ownerId: action.owner.kind === 'practitioner' && action.owner.id ? action.owner.id : (d.state.coordinator?.id ?? null),
    });
  }
}

function currentPlan(state: CaseState): CarePlanState {
  if (!state.carePlan) throw new CarePlanMissing();
  return state.carePlan;
}

/**
 * Agreeing any version counts as a new plan, so the review cycle restarts with a
 * first review (Care Act guidance: 6–8 weeks after a new plan).
 */
export function agreeCarePlan({ data }: AgreeCarePlan, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const plan = currentPlan(state);
  if (plan.status === 'agreed') throw new CarePlanAlreadyAgreed();
  if (plan.goals.length === 0) throw new CarePlanNeedsGoal();
  if (data.agreedWithResident !== true) throw new NotAgreedWithResident();
  const d = new Decision(state, ctx);
  const due = dueFromPolicy(ctx, 'care-plan-first-review');
  d.emit({
    type: 'CarePlanAgreed',
    data: {
      planVersion: plan.planVersion,
      agreedWithResident: true,
      note: data.note ?? null,
      agreedAt: d.now,
      nextReviewDue: due.toISOString(),
    },
  });
  const subject = { kind: 'care-plan' as const, id: state.caseId ?? '' };
  cancelFollowUps(d, pendingFor(d.state, REVIEW_KINDS, subject), 'plan-reagreed');
  scheduleFollowUp(d, { kind: 'care-plan-first-review', subject, due, ownerId: state.coordinator?.id ?? null });
  return d.events;
}

export function recordCarePlanReview({ data }: RecordCarePlanReview, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const plan = currentPlan(state);
  if (plan.status !== 'agreed') throw new CarePlanNotAgreed();
  const chosen = data.nextReviewDate ? ctx.calendar.endOfDay(data.nextReviewDate) : null;
  if (chosen && chosen.getTime() <= ctx.now.getTime()) {
    throw new ReviewDateNotInFuture();
  }
  const due = chosen ?? dueFromPolicy(ctx, 'care-plan-review');
  const d = new Decision(state, ctx);
  d.emit({
    type: 'CarePlanReviewed',
    data: { planVersion: plan.planVersion, summary: data.summary, reviewedAt: d.now, nextReviewDue: due.toISOString() },
  });
  const subject = { kind: 'care-plan' as const, id: state.caseId ?? '' };
  completeFollowUps(d, REVIEW_KINDS, subject);
  scheduleFollowUp(d, { kind: 'care-plan-review', subject, due, ownerId: state.coordinator?.id ?? null });
  return d.events;
}

export function completeCarePlanAction({ data }: CompleteCarePlanAction, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const plan = currentPlan(state);
  const action = plan.actions.find((a) => a.id === data.actionId);
  if (!action) throw new ActionNotFound();
  if (action.completed) throw new ActionAlreadyCompleted();
  const d = new Decision(state, ctx);
  d.emit({
    type: 'CarePlanActionCompleted',
    data: { planVersion: plan.planVersion, actionId: action.id, note: data.note ?? null, completedAt: d.now },
  });
  completeFollowUps(d, ['care-plan-action'], { kind: 'action', id: action.id });
  return d.events;
}

export function achieveGoal({ data }: AchieveGoal, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const plan = currentPlan(state);
  const goal = plan.goals.find((g) => g.id === data.goalId);
  if (!goal) throw new GoalNotFound();
  if (goal.achieved) throw new GoalAlreadyAchieved();
  return [
    {
      type: 'GoalAchieved',
      data: { planVersion: plan.planVersion, goalId: goal.id, note: data.note ?? null, achievedAt: ctx.now.toISOString() },
    },
  ];
}
