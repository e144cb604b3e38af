import { Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { Pool } from 'pg';
import { AppConfig, Metrics, redisOptionsFrom } from '@iln/platform';
import {
  createFollowUpQueue,
  FollowUpJobData,
  FollowUpTimerStore,
  followUpRedisConnection,
  refreshFollowUpMetrics,
} from '@iln/case-coordination';
import { AuthModule } from '../auth/auth.module';
import { TokenVerifier } from '../auth/token-verifier';
import { adminOnly } from './admin-only.middleware';

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];

export const QUEUES_PATH = '/admin/queues';
const METRICS_INTERVAL_MS = 5_000;

/**
 * The operations view of the follow-up queue (bull-board) at /admin/queues, admin
 * only; and the queue gauges on the API's /metrics. The API only looks at the queue:
 * the worker owns scheduling and processing.
 */
@Injectable()
class QueuesDashboard implements OnModuleInit, OnApplicationShutdown {
  private readonly connection: IORedis;
  private readonly queue: Queue<FollowUpJobData>;
  private metricsTimer?: NodeJS.Timeout;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: TokenVerifier,
    private readonly pool: Pool,
    private readonly metrics: Metrics,
  ) {
    // Fails fast while Redis is away, so a dashboard request errors instead of hanging.
    this.connection = followUpRedisConnection(redisOptionsFrom(config), { maxRetriesPerRequest: 1 });
    this.queue = createFollowUpQueue(this.connection, config.queuePrefix);
    this.queue.on('error', () => undefined);
  }

  // Mounted during init, after Nest's routes and before its not-found handler.
  onModuleInit(): void {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUES_PATH);
    // @bull-board/express 9.10.1 carries its own @bull-board/api 9.10.1 typings; the
    // runtime interface is the same as the 9.10.2 api package's.
    createBullBoard({ queues: [new BullMQAdapter(this.queue)], serverAdapter: serverAdapter as unknown as BoardServerAdapter });
    this.adapterHost.httpAdapter.getInstance().use(QUEUES_PATH, adminOnly(this.verifier), serverAdapter.getRouter());

    const store = new FollowUpTimerStore(this.pool);
    this.metricsTimer = setInterval(() => {
      refreshFollowUpMetrics(this.queue, store, this.metrics).catch(() => undefined);
    }, METRICS_INTERVAL_MS);
    this.metricsTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.metricsTimer);
    await this.queue.close().catch(() => undefined);
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

@Module({ imports: [AuthModule], providers: [QueuesDashboard] })
export class QueuesAdminModule {}
