// The one rule for a follow-up's status: which event moves it where. The decider's state,
// the case view, the worklist projection and the follow-up timers all fold it from here.
import type { CaseEvent } from './events';

export const FOLLOW_UP_STATUSES = ['open', 'overdue', 'escalated', 'completed', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Still awaiting someone: not completed, not cancelled. */
export const PENDING_FOLLOW_UP_STATUSES = ['open', 'overdue', 'escalated'] as const satisfies readonly FollowUpStatus[];

export function isPendingStatus(status: FollowUpStatus): boolean {
  return (PENDING_FOLLOW_UP_STATUSES as readonly FollowUpStatus[]).includes(status);
}

/** The events that move a follow-up; everything else in a case stream leaves follow-ups alone. */
export const FOLLOW_UP_EVENT_TYPES = [
  'FollowUpScheduled',
  'FollowUpCompleted',
  'FollowUpCancelled',
  'FollowUpBecameOverdue',
  'FollowUpEscalated',
] as const satisfies readonly CaseEvent['type'][];
export type FollowUpEvent = Extract<CaseEvent, { type: (typeof FOLLOW_UP_EVENT_TYPES)[number] }>;

export interface FollowUpTransition {
  followUpId: string;
  /** The follow-up's status once the event is applied. */
  status: FollowUpStatus;
}

const STATUS_AFTER = {
  FollowUpScheduled: 'open',
  FollowUpCompleted: 'completed',
  FollowUpCancelled: 'cancelled',
  FollowUpBecameOverdue: 'overdue',
  FollowUpEscalated: 'escalated',
} as const satisfies Record<FollowUpEvent['type'], FollowUpStatus>;

export function isFollowUpEvent(event: CaseEvent): event is FollowUpEvent {
  return Object.hasOwn(STATUS_AFTER, event.type);
}

/**
 * Which follow-up `event` moves, and to what status; null for an event that moves none.
 * Stored events keep their meaning: the decider only records a move that is allowed
 * (an overdue follow-up escalates, a pending one completes or is cancelled), so every
 * fold takes the event's word for the new status.
 */
export function followUpTransition(event: FollowUpEvent): FollowUpTransition;
export function followUpTransition(event: CaseEvent): FollowUpTransition | null;
export function followUpTransition(event: CaseEvent): FollowUpTransition | null {
  if (!isFollowUpEvent(event)) return null;
  return { followUpId: event.data.followUpId, status: STATUS_AFTER[event.type] };
}
