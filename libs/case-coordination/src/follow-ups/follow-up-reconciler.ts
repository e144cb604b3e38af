import { followUpJobId } from './follow-up-jobs';
import { FollowUpTimerQueue } from './follow-up-queue';
import { wantedJob } from './follow-up-timer';
import { FollowUpTimerStore } from './follow-up-timer.store';

export interface ReconcileReport {
  /** Follow-ups still waiting on time (open or overdue) in the durable record. */
  waiting: number;
  /** Jobs that were missing from Redis and were added again. */
  recreated: number;
  /** Failed jobs for follow-ups still waiting, sent round again. */
  retried: number;
  /** Jobs for follow-ups that no longer exist or are closed. */
  dropped: number;
}

/**
 * Redis is a timer, not the truth: rebuilds the queue from the timers table, which is
 * derived from the event log. Runs under the scheduler's lock, so the table it reads
 * and the jobs the scheduler adds never disagree mid-batch. The worker runs it at
 * start, on a schedule and whenever its Redis connection comes back, so a job that
 * used up its retries or a Redis that lost data is repaired without a restart; a job
 * already queued as wanted costs nothing beyond listing it.
 */
export class FollowUpReconciler {
  constructor(
    private readonly timers: FollowUpTimerStore,
    private readonly queue: FollowUpTimerQueue,
  ) {}

  async reconcile(): Promise<ReconcileReport> {
    return this.timers.withLock(async (client) => {
      const waiting = await this.timers.waiting(client);
      const jobs = await this.queue.pendingJobs();
      const states = new Map(jobs.map((j) => [j.id, j.state]));
      const delayedAt = new Map(jobs.map((j) => [j.id, j.at]));
      const wanted = new Set<string>();
      let recreated = 0;
      let retried = 0;
      for (const timer of waiting) {
        const job = wantedJob(timer);
        if (!job) continue;
        const jobId = followUpJobId(job.name, timer.followUpId);
        wanted.add(jobId);
        const before = states.get(jobId);
        // Queued as wanted (or running): nothing to do, and no Redis call to find that out.
        if (before && before !== 'failed' && before !== 'delayed') continue;
        if (before === 'delayed' && delayedAt.get(jobId) === job.at.getTime()) continue;
        if (before === undefined) recreated++;
        else if (before === 'failed') retried++;
        await this.queue.sync(timer, { retryFailed: true });
      }
      let dropped = 0;
      for (const job of jobs) {
        if (!wanted.has(job.id) && (await this.queue.removeJob(job.id))) dropped++;
      }
      return { waiting: waiting.length, recreated, retried, dropped };
    });
  }
}
