import { BeforeApplicationShutdown, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type IORedis from 'ioredis';
import { AppConfig } from '@iln/platform';
import { CaseCommandsModule, CaseDisposal, CaseEventStoreModule, RecordsModule, RetentionRun, followUpRedisConnection } from '@iln/case-coordination';
import { PeriodicTask } from '../operations/idempotency-purge';

export const RECORDS_QUEUE = 'records';
export const RETENTION_JOB = 'retention-run';
export const RETENTION_SCHEDULER_ID = 'daily-retention-run';
/** How often unfinished disposals (a process that died between CaseErased and the end of disposal) are finished. */
export const DISPOSAL_RECONCILE_MS = 60_000;

/**
 * Issue 16 in the worker. The daily retention run is a BullMQ job scheduler (one per
 * Redis, whatever the number of workers; RETENTION_SCHEDULE in Europe/London time, so
 * it keeps to the night across clock changes): its job erases every case due. Beside
 * it, every minute and at start, disposals left unfinished by a crash are finished (and
 * the scheduler made, if Redis was not there before).
 * Job data is empty: nothing about any case goes into Redis.
 */
@Injectable()
export class RetentionSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private connection?: IORedis;
  private workerConnection?: IORedis;
  private queue?: Queue;
  private worker?: Worker;
  private scheduled = false;
  private readonly reconcile = new PeriodicTask(() => this.tick(), DISPOSAL_RECONCILE_MS);

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly retention: RetentionRun,
    private readonly disposal: CaseDisposal,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = followUpRedisConnection(this.config.redisUrl);
    this.workerConnection = followUpRedisConnection(this.config.redisUrl);
    this.queue = new Queue(RECORDS_QUEUE, { connection: this.connection, prefix: this.config.queuePrefix });
    this.queue.on('error', () => undefined);
    this.worker = new Worker(RECORDS_QUEUE, async () => this.runRetention(), { connection: this.workerConnection, prefix: this.config.queuePrefix });
    this.worker.on('error', () => undefined);
    // Not awaited: with Redis down the worker starts anyway, and each reconcile tries again.
    this.reconcile.start();
  }

  /** The daily job scheduler, made (or its pattern updated) once per process start. */
  private async ensureScheduled(): Promise<void> {
    if (this.scheduled || !this.queue) return;
    await this.queue.upsertJobScheduler(
      RETENTION_SCHEDULER_ID,
      { pattern: this.config.retentionSchedule, tz: 'Europe/London' },
      { name: RETENTION_JOB, data: {}, opts: { removeOnComplete: 30, removeOnFail: 30 } },
    );
    this.scheduled = true;
  }

  /** The job's work: counts only in the log, never a case's content. */
  async runRetention(asOf?: Date) {
    const report = await this.retention.run(asOf);
    this.logger.log(`retention run: ${report.erased.length} cases erased, ${report.skipped.length} skipped`);
    return { erased: report.erased.length, skipped: report.skipped.length };
  }

  private async tick(): Promise<void> {
    await this.ensureScheduled().catch((e: unknown) => this.logger.warn(`could not schedule the retention run, will retry: ${(e as Error).message}`));
    await this.finishDisposals();
  }

  async finishDisposals(): Promise<void> {
    try {
      const finished = await this.disposal.finishPending();
      if (finished.length > 0) this.logger.warn(`finished ${finished.length} interrupted disposals`);
    } catch (e) {
      this.logger.warn(`finishing disposals failed, will retry: ${(e as Error).message}`);
    }
  }

  /** The job scheduler as stored in Redis (for the operations view and tests). */
  async scheduler() {
    return this.queue?.getJobScheduler(RETENTION_SCHEDULER_ID);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.reconcile.stop();
    await this.worker?.close();
    await this.queue?.close();
    this.connection?.disconnect();
    this.workerConnection?.disconnect();
  }
}

@Module({ imports: [CaseEventStoreModule, CaseCommandsModule, RecordsModule], providers: [RetentionRun, RetentionSchedule], exports: [RetentionSchedule] })
export class RetentionModule {}
