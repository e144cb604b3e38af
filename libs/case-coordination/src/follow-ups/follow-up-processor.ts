import { DelayedError, Job } from 'bullmq';
import { systemPrincipal } from '../application/case-access.policy';
import { CaseCommands } from '../application/case-commands';
import type { EscalateFollowUp, MarkFollowUpOverdue } from '../domain/commands';
import type { FollowUpJobData } from './follow-up-jobs';
import { wantedJob, type FollowUpJobName } from './follow-up-timer';
import type { FollowUpTimerStore } from './follow-up-timer.store';

/** Who the timer's events name as their actor: the service itself, not a person. */
export const FOLLOW_UP_TIMER_PRINCIPAL = systemPrincipal('system-follow-up-timer', 'Follow-up timer');

export interface ProcessOutcome {
  events: number;
}

function commandFor(name: string, followUpId: string): MarkFollowUpOverdue | EscalateFollowUp {
  const jobName = name as FollowUpJobName;
  switch (jobName) {
    case 'overdue':
      return { type: 'MarkFollowUpOverdue', data: { followUpId } };
    case 'escalate':
      return { type: 'EscalateFollowUp', data: { followUpId } };
    default: {
      const never: never = jobName;
      throw new Error(`unknown follow-up job ${String(never)}`);
    }
  }
}

/**
 * A job that fires sends one command; the decider says whether anything happens. A
 * follow-up no longer open is a quiet no-op, and so is a second run of the same job
 * (stalled and re-run, retried after a crash): the first run's event is in the stream,
 * so exactly one `FollowUpBecameOverdue` is ever recorded.
 */
export class FollowUpProcessor {
  constructor(
    private readonly commands: CaseCommands,
    private readonly timers: Pick<FollowUpTimerStore, 'get' | 'moveEscalation'>,
    /** due + the `escalation-grace` in force: what the decider uses when no escalation time was recorded. */
    private readonly escalationTime?: (due: Date) => Date,
  ) {}

  async process(job: Job<FollowUpJobData>, token?: string): Promise<ProcessOutcome> {
    const { caseId, followUpId, correlationId, causationId } = job.data;
    const result = await this.commands.execute(caseId, commandFor(job.name, followUpId), {
      actor: FOLLOW_UP_TIMER_PRINCIPAL,
      correlationId,
      causationId,
    });
    if (result.events.length === 0) await this.deferIfEarly(job, token);
    return { events: result.events.length };
  }

  /**
   * The decider ignores a timer that fires before its time (clocks of two machines
   * differ a little); rather than lose the timer until the next reconcile, the job
   * waits again until the time the durable record gives.
   */
  private async deferIfEarly(job: Job<FollowUpJobData>, token?: string): Promise<void> {
    const timer = await this.timers.get(job.data.followUpId);
    const wanted = timer && wantedJob(timer);
    if (!timer || !wanted || wanted.name !== job.name) return;
    let at = wanted.at.getTime();
    if (job.name === 'escalate' && at <= Date.now() && this.escalationTime) {
      // Refused although the recorded time has passed: the follow-up became overdue before
      // escalation times were recorded, and the grace in force (which the decider then
      // uses) was raised since. Wait for that time, and record it so reconcile agrees.
      const inForce = this.escalationTime(timer.dueAt).getTime();
      if (inForce > at) {
        at = inForce;
        await this.timers.moveEscalation(timer.followUpId, new Date(at));
      }
    }
    if (at <= Date.now()) return;
    await job.moveToDelayed(at + 50, token);
    throw new DelayedError();
  }
}
