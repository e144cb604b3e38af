import { Queue, Worker, WorkerOptions } from 'bullmq';
import type IORedis from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { Pool } from 'pg';
import type { EventStore } from '@iln/event-store';
import type { HealthCheckResult, Metrics } from '@iln/platform';
import type { CaseCommands } from '../application/case-commands';
import type { WorkingCalendar } from '../domain/context';
import type { FollowUpPolicy } from '../domain/policy';
import { FOLLOW_UP_QUEUE, FollowUpJobData } from './follow-up-jobs';
import { FollowUpProcessor } from './follow-up-processor';
import { createFollowUpQueue, FollowUpTimerQueue, followUpRedisConnection, type FollowUpRetryOptions } from './follow-up-queue';
import { FollowUpReconciler } from './follow-up-reconciler';
import { FollowUpScheduler, SchedulerLog } from './follow-up-scheduler';
import { escalationTime } from './follow-up-timer';
import { FollowUpTimerStore } from './follow-up-timer.store';

export interface FollowUpTimersOptions {
  redisUrl: string;
  /** ioredis options that take the place of redisUrl (Sentinel): the platform's redisOptionsFrom(config). */
  redisOptions?: RedisOptions;
  /** AppConfig.queuePrefix: tests give each file its own. */
  prefix: string;
  pool: Pool;
  events: EventStore;
  commands: CaseCommands;
  policy: FollowUpPolicy;
  calendar: WorkingCalendar;
  log?: SchedulerLog;
  /** Stalled-job detection and concurrency; BullMQ's defaults otherwise. */
  worker?: Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'>;
  /** Attempts and backoff of each job (8 from 1 s, doubling); tests shorten them. */
  retries?: FollowUpRetryOptions;
  /** How often reconcile runs after the first (default every minute). */
  reconcileEveryMs?: number;
}

const RECONCILE_EVERY_MS = 60_000;

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/**
 * Everything that makes time act on follow-ups in one process: the scheduler (event
 * log → delayed jobs), the processor (job → command) and the reconciler (timers table
 * → Redis). The worker app starts it; integration tests start it the same way.
 */
export class FollowUpTimers {
  readonly connection: IORedis;
  readonly queue: Queue<FollowUpJobData>;
  readonly store: FollowUpTimerStore;
  readonly scheduler: FollowUpScheduler;
  readonly reconciler: FollowUpReconciler;
  readonly processor: FollowUpProcessor;
  worker?: Worker<FollowUpJobData>;
  private readonly stopping = new AbortController();
  private loops: Promise<void>[] = [];
  /** Set when the Redis connection came back: the next reconcile runs at once (even if one is running now). */
  private reconcileRequested = false;
  private wake: () => void = () => undefined;
  private connectionLost = false;

  constructor(private readonly options: FollowUpTimersOptions) {
    this.connection = followUpRedisConnection(options.redisOptions ?? options.redisUrl);
    this.queue = createFollowUpQueue(this.connection, options.prefix);
    this.queue.on('error', () => undefined);
    this.store = new FollowUpTimerStore(options.pool);
    const timerQueue = new FollowUpTimerQueue(this.queue, options.retries);
    this.scheduler = new FollowUpScheduler(options.events, this.store, timerQueue, options.policy, options.calendar, options.log);
    this.reconciler = new FollowUpReconciler(this.store, timerQueue);
    this.processor = new FollowUpProcessor(options.commands, this.store, (due) => escalationTime(due, options.policy, options.calendar));
  }

  /**
   * Reconcile first (in the background, retried until Redis and PostgreSQL answer), then
   * follow the log; reconcile again every `reconcileEveryMs` and as soon as a lost Redis
   * connection is back (a restarted Redis may have lost jobs).
   */
  start(): void {
    const signal = this.stopping.signal;
    this.worker = new Worker<FollowUpJobData>(FOLLOW_UP_QUEUE, (job, token) => this.processor.process(job, token), {
      connection: this.connection,
      prefix: this.options.prefix,
      concurrency: 5,
      ...this.options.worker,
    });
    this.worker.on('error', () => undefined);
    this.connection.on('close', () => (this.connectionLost = true));
    this.connection.on('ready', () => {
      if (!this.connectionLost) return;
      this.connectionLost = false;
      this.reconcileRequested = true;
      this.wake();
    });
    this.loops.push(this.reconcileLoop(signal), this.scheduler.run(signal));
  }

  /**
   * SIGTERM: stop following the log, then let the active jobs finish (BullMQ's close
   * waits for them), so no command is left half-sent; a job cut short anyway is
   * re-run by another worker's stalled-job check and is a no-op the second time.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.loops);
    await this.worker?.close();
    await this.queue.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  async health(): Promise<HealthCheckResult> {
    const connection = this.connection.status;
    const running = this.worker?.isRunning() ?? false;
    const up = connection === 'ready' && running;
    return { status: up ? 'up' : 'down', detail: { connection, worker: running ? 'running' : 'stopped' } };
  }

  /** Queue depths by state, and follow-ups past due (from the durable record, not Redis). */
  async refreshMetrics(metrics: Metrics): Promise<void> {
    await refreshFollowUpMetrics(this.queue, this.store, metrics);
  }

  private async reconcileLoop(signal: AbortSignal): Promise<void> {
    await this.reconcileUntilDone(signal);
    while (!signal.aborted) {
      await this.nextReconcile(signal);
      if (signal.aborted) return;
      await this.reconcileUntilDone(signal);
    }
  }

  private async nextReconcile(signal: AbortSignal): Promise<void> {
    if (!this.reconcileRequested) {
      await pause(this.options.reconcileEveryMs ?? RECONCILE_EVERY_MS, signal, (wake) => (this.wake = wake));
    }
    this.reconcileRequested = false;
  }

  private async reconcileUntilDone(signal: AbortSignal): Promise<void> {
    for (let attempt = 1; !signal.aborted; attempt++) {
      this.reconcileRequested = false;
      try {
        const report = await this.reconciler.reconcile();
        if (report.recreated + report.retried + report.dropped > 0) {
          this.options.log?.warn(
            `follow-up reconcile repaired the queue: ${report.recreated} recreated, ${report.retried} failed retried, ${report.dropped} dropped`,
          );
        }
        return;
      } catch (e) {
        this.options.log?.warn(`follow-up reconcile failed (${e instanceof Error ? e.name : 'error'}); retrying`);
        await pause(Math.min(500 * attempt, 10_000), signal);
      }
    }
  }
}

/** Waits `ms`, or less if the signal aborts or `onWake` is handed a call that ends it. */
function pause(ms: number, signal: AbortSignal, onWake?: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    onWake?.(done);
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function refreshFollowUpMetrics(
  queue: Queue<FollowUpJobData>,
  store: FollowUpTimerStore,
  metrics: Metrics,
): Promise<void> {
  const counts = await queue.getJobCounts(...JOB_STATES);
  for (const state of JOB_STATES) metrics.queueDepth.set({ queue: FOLLOW_UP_QUEUE, state }, counts[state] ?? 0);
  metrics.followUpsOverdue.set(await store.countPastDue());
}
