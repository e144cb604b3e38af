import {
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Pool } from 'pg';
import { purgeExpiredIdempotencyKeys } from '@iln/platform';

// Keys expire after 24 hours; purging every 15 minutes keeps the table within ~24¼ hours
// of traffic. Each run deletes in batches of BATCH rows, at most MAX_BATCHES of them, so a
// backlog (a worker that was down for a week) is worked off over a few runs, never in
// one long statement.
export const PURGE_INTERVAL_MS = 15 * 60_000;
const BATCH = 1000;
const MAX_BATCHES = 50;

/**
 * Runs `purge` at start and then every `intervalMs`, one run at a time; a failed run
 * (database down) is logged and the next one tries again.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.run().finally(() => (this.running = undefined));
  }
}

/** The worker's scheduled purge of expired Idempotency-Key records. */
@Injectable()
export class IdempotencyKeyPurge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IdempotencyKeyPurge');
  private readonly task = new PeriodicTask(() => this.purge(), PURGE_INTERVAL_MS);

  constructor(private readonly pool: Pool) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  async purge(): Promise<void> {
    try {
      const purged = await purgeExpiredIdempotencyKeys(this.pool, {
        batchSize: BATCH,
        maxBatches: MAX_BATCHES,
      });
      if (purged > 0) this.logger.log(`purged ${purged} expired idempotency keys`);
    } catch (e) {
      this.logger.warn(`idempotency key purge failed, will retry: ${(e as Error).message}`);
    }
  }
}

@Module({ providers: [IdempotencyKeyPurge] })
export class IdempotencyPurgeModule {}
