// What the follow-up timers should be, folded from the case events. Pure: the
// scheduler loads rows, folds a batch of events over them, makes Redis match, and
// stores the rows with its checkpoint.
import type { WorkingCalendar } from '../domain/context';
import type { CaseEvent } from '../domain/events';
import { FOLLOW_UP_EVENT_TYPES, followUpTransition, type FollowUpStatus } from '../domain/follow-up-status';
import { dueAt, type FollowUpKind, type FollowUpPolicy } from '../domain/policy';

/** A timer follows its follow-up's status. */
export type TimerStatus = FollowUpStatus;

export interface FollowUpTimer {
  followUpId: string;
  caseId: string;
  kind: FollowUpKind;
  status: TimerStatus;
  dueAt: Date;
  /**
   * When an overdue follow-up is escalated: the time its `FollowUpBecameOverdue` recorded,
   * which the decider also goes by. Before that, a provisional due + `escalation-grace`.
   */
  escalateAt: Date;
  /** Carried into the timer's command so its events trace back to the request that set it. */
  correlationId: string;
  /** The event that last changed the timer: the command's causation. */
  causedBy: string;
}

export interface TimerEventContext {
  caseId: string;
  eventId: string;
  correlationId: string;
  policy: FollowUpPolicy;
  calendar: WorkingCalendar;
}

/** The events that move a timer; everything else in a case stream leaves timers alone. */
export const TIMER_EVENT_TYPES: readonly CaseEvent['type'][] = FOLLOW_UP_EVENT_TYPES;

export function timerFollowUpId(event: CaseEvent): string | null {
  return followUpTransition(event)?.followUpId ?? null;
}

export function escalationTime(due: Date, policy: FollowUpPolicy, calendar: WorkingCalendar): Date {
  return dueAt(due, policy['escalation-grace'], calendar);
}

/**
 * The timer after `event`. A lifecycle event for a follow-up the scheduler never saw
 * scheduled (a log from before this consumer existed is still replayed from the start,
 * so this only happens with a damaged log) leaves it unknown rather than inventing one.
 */
export function evolveTimer(
  timer: FollowUpTimer | undefined,
  event: CaseEvent,
  ctx: TimerEventContext,
): FollowUpTimer | undefined {
  const transition = followUpTransition(event);
  if (!transition) return timer;
  const moved = (): FollowUpTimer | undefined =>
    timer && { ...timer, status: transition.status, causedBy: ctx.eventId, correlationId: ctx.correlationId };
  switch (event.type) {
    case 'FollowUpScheduled': {
      const due = new Date(event.data.dueAt);
      return {
        followUpId: event.data.followUpId,
        caseId: ctx.caseId,
        kind: event.data.kind,
        status: transition.status,
        dueAt: due,
        escalateAt: escalationTime(due, ctx.policy, ctx.calendar),
        correlationId: ctx.correlationId,
        causedBy: ctx.eventId,
      };
    }
    case 'FollowUpCompleted':
      return moved();
    case 'FollowUpCancelled':
      return moved();
    case 'FollowUpBecameOverdue': {
      const next = moved();
      if (!next) return next;
      // Events from before the time was recorded: the decider then uses the grace in force, and so does this.
      const recorded = event.data.escalateAt;
      return { ...next, escalateAt: recorded ? new Date(recorded) : escalationTime(new Date(event.data.dueAt), ctx.policy, ctx.calendar) };
    }
    case 'FollowUpEscalated':
      return moved();
    default:
      return timer;
  }
}

export type FollowUpJobName = 'overdue' | 'escalate';

/** The one job a timer needs now, or none once nothing more can happen to it by time alone. */
export function wantedJob(timer: FollowUpTimer): { name: FollowUpJobName; at: Date } | null {
  switch (timer.status) {
    case 'open':
      return { name: 'overdue', at: timer.dueAt };
    case 'overdue':
      return { name: 'escalate', at: timer.escalateAt };
    case 'escalated':
    case 'completed':
    case 'cancelled':
      return null;
    default: {
      const never: never = timer.status;
      throw new Error(`unknown timer status ${String(never)}`);
    }
  }
}
