import type { FollowUpPolicy } from './policy';

/**
 * Working-day arithmetic in the service's time zone. The implementation (bank
 * holidays, Europe/London) lives outside the domain so the domain stays pure.
 */
export interface WorkingCalendar {
  /** The n-th following working day at the same local time of day as `from`. */
  addWorkingDays(from: Date, n: number): Date;
  isWorkingDay(d: Date): boolean;
  /**
   * The last instant of a calendar date (YYYY-MM-DD) in local time. Date-only
   * deadlines (a care plan action's due date, a chosen review date) are met if
   * done at any time that day, so they fall due when the day ends.
   */
  endOfDay(date: string): Date;
}

export interface Actor {
  id: string;
  name: string;
  roles: string[];
}

/** Everything non-deterministic a decision needs, passed in so decide stays pure. */
export interface DecisionContext {
  now: Date;
  newId: () => string;
  policy: FollowUpPolicy;
  calendar: WorkingCalendar;
  actor: Actor;
}
