import type { FollowUpJobName } from './follow-up-timer';

export const FOLLOW_UP_QUEUE = 'follow-ups';

/** Ids only (STYLE habit 11): the processor re-reads the case through a command. */
export interface FollowUpJobData {
  caseId: string;
  followUpId: string;
  correlationId: string;
  causationId: string;
}

export const FOLLOW_UP_JOB_NAMES: readonly FollowUpJobName[] = ['overdue', 'escalate'];

/**
 * Deterministic, so adding the same timer twice (a replayed event, a reconcile racing
 * the scheduler) is one job: BullMQ ignores an add whose id exists. BullMQ reserves
 * `:` in ids, and follow-up ids are UUIDs, so `-` separates.
 */
export function followUpJobId(name: FollowUpJobName, followUpId: string): string {
  return `${name}-${followUpId.replace(/:/g, '_')}`;
}

export function parseFollowUpJobId(jobId: string): { name: FollowUpJobName; followUpKey: string } | null {
  const m = /^(overdue|escalate)-(.+)$/.exec(jobId);
  return m ? { name: m[1] as FollowUpJobName, followUpKey: m[2] } : null;
}
