import { JobsOptions, Queue } from 'bullmq';
import IORedis, { RedisOptions } from 'ioredis';
import { FOLLOW_UP_JOB_NAMES, FOLLOW_UP_QUEUE, FollowUpJobData, followUpJobId } from './follow-up-jobs';
import { FollowUpJobName, FollowUpTimer, wantedJob } from './follow-up-timer';

/**
 * BullMQ's own connections. Blocking worker connections must wait out a Redis restart
 * instead of failing the command (`maxRetriesPerRequest: null`); ioredis reconnects
 * with a capped backoff for as long as it takes.
 */
export function followUpRedisConnection(redisAt: string | RedisOptions, extra: RedisOptions = {}): IORedis {
  const base: RedisOptions = typeof redisAt === 'string' ? {} : redisAt;
  const options: RedisOptions = {
    ...base,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    ...extra,
  };
  // A URL, or ioredis options (the platform's redisOptionsFrom: Sentinel among them).
  const redis = typeof redisAt === 'string' ? new IORedis(redisAt, options) : new IORedis(options);
  // Connection loss is reported by the health check and retried; without a listener
  // ioredis would print every failed reconnect.
  redis.on('error', () => undefined);
  return redis;
}

export function createFollowUpQueue(connection: IORedis, prefix: string): Queue<FollowUpJobData> {
  return new Queue<FollowUpJobData>(FOLLOW_UP_QUEUE, { connection, prefix });
}

/** How often a job is tried before it fails (about 4 minutes in all); the reconciler sends failed ones round again. */
export interface FollowUpRetryOptions {
  attempts: number;
  /** First backoff; it doubles each attempt. */
  backoffMs: number;
}

const DEFAULT_RETRIES: FollowUpRetryOptions = { attempts: 8, backoffMs: 1_000 };

// Failed jobs stay in Redis where the operations view shows them; done ones go, so
// the same deterministic id can be used again if a follow-up's timer is re-armed.
function jobOptions(retries: FollowUpRetryOptions): JobsOptions {
  return {
    attempts: retries.attempts,
    backoff: { type: 'exponential', delay: retries.backoffMs },
    removeOnComplete: true,
    removeOnFail: false,
  };
}

const PAGE = 500;
// Active jobs are listed so that reconcile knows them, never so that it touches them.
const PENDING_STATES = ['delayed', 'waiting', 'prioritized', 'paused', 'failed', 'waiting-children', 'active'] as const;
type PendingState = (typeof PENDING_STATES)[number];

export interface PendingJob {
  id: string;
  state: PendingState;
  /** For a delayed job, when it fires (ms since the epoch). */
  at?: number;
}

const SETTLED_STATES = new Set(['active', 'waiting', 'prioritized', 'waiting-children', 'paused']);

/** Makes the queue hold exactly the job a timer wants (and no other job for it). */
export class FollowUpTimerQueue {
  private readonly jobOptions: JobsOptions;

  constructor(
    readonly queue: Queue<FollowUpJobData>,
    retries: FollowUpRetryOptions = DEFAULT_RETRIES,
  ) {
    this.jobOptions = jobOptions(retries);
  }

  async sync(timer: FollowUpTimer, options: { retryFailed?: boolean } = {}): Promise<void> {
    const wanted = wantedJob(timer);
    for (const name of FOLLOW_UP_JOB_NAMES) {
      if (wanted?.name === name) await this.ensure(name, timer, wanted.at, options.retryFailed ?? false);
      else await this.removeJob(followUpJobId(name, timer.followUpId));
    }
  }

  /** Every job in the queue that is not done, with its state, for reconcile. */
  async pendingJobs(): Promise<PendingJob[]> {
    const found: PendingJob[] = [];
    for (const state of PENDING_STATES) {
      for (let start = 0; ; start += PAGE) {
        const page = await this.queue.getJobs([state], start, start + PAGE - 1, true);
        for (const job of page) {
          if (job?.id) found.push(state === 'delayed' ? { id: job.id, state, at: job.timestamp + job.delay } : { id: job.id, state });
        }
        if (page.length < PAGE) break;
      }
    }
    return found;
  }

  /** A job that is running is left alone: it finishes against the case as it is. */
  async removeJob(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job) return false;
    if ((await job.getState()) === 'active') return false;
    try {
      await job.remove();
      return true;
    } catch {
      // Taken by a worker between the two calls: the command it sends is a no-op.
      return false;
    }
  }

  private async ensure(name: FollowUpJobName, timer: FollowUpTimer, at: Date, retryFailed: boolean): Promise<void> {
    const jobId = followUpJobId(name, timer.followUpId);
    const existing = await this.queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (SETTLED_STATES.has(state)) return;
      if (state === 'failed') {
        // With its attempts counted afresh, so the retried job gets its whole backoff again.
        if (retryFailed) await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return;
      }
      // A delayed job already firing at that time is the one wanted (replays land here).
      if (state === 'delayed' && existing.timestamp + existing.delay === at.getTime()) return;
      // A moved due time, or a finished job still holding the id: re-arm it.
      if (!(await this.removeJob(jobId))) return;
    }
    const data: FollowUpJobData = {
      caseId: timer.caseId,
      followUpId: timer.followUpId,
      correlationId: timer.correlationId,
      causationId: timer.causedBy,
    };
    // One clock reading, so timestamp + delay is exactly the due time a later sync compares.
    // Due times already past fire at once.
    const now = Date.now();
    await this.queue.add(name, data, { ...this.jobOptions, jobId, timestamp: now, delay: Math.max(0, at.getTime() - now) });
  }
}
