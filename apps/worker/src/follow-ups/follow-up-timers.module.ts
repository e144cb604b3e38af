import { BeforeApplicationShutdown, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '@iln/event-store';
import { AppConfig, HealthRegistry, Metrics, redisOptionsFrom } from '@iln/platform';
import { CaseCalendar, CaseCommands, CaseCommandsModule, CaseEventStoreModule, FollowUpPolicyInForce, FollowUpTimers } from '@iln/case-coordination';

// Often enough for a dashboard; each refresh is one Redis call and one indexed count.
const METRICS_INTERVAL_MS = 5_000;

/**
 * Starts the follow-up timers with the worker: reconcile Redis with the durable record,
 * follow the event log, process due jobs. Stopped before the pools close, so an active
 * job finishes its command on a live connection.
 */
@Injectable()
class FollowUpTimersLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('FollowUpTimers');
  private timers?: FollowUpTimers;
  private metricsTimer?: NodeJS.Timeout;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly pool: Pool,
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(CaseCommands) private readonly commands: CaseCommands,
    @Inject(FollowUpPolicyInForce) private readonly policy: FollowUpPolicyInForce,
    @Inject(CaseCalendar) private readonly calendar: CaseCalendar,
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    const timers = new FollowUpTimers({
      redisUrl: this.config.redisUrl,
      redisOptions: redisOptionsFrom(this.config),
      prefix: this.config.queuePrefix,
      pool: this.pool,
      events: this.events,
      commands: this.commands,
      policy: this.policy.policy,
      calendar: this.calendar,
      log: { warn: (m) => this.logger.warn(m) },
    });
    this.timers = timers;
    timers.start();
    this.health.register('queues', () => timers.health());
    this.metricsTimer = setInterval(() => {
      timers.refreshMetrics(this.metrics).catch(() => undefined);
    }, METRICS_INTERVAL_MS);
    this.metricsTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.metricsTimer);
    await this.timers?.stop();
  }
}

@Module({ imports: [CaseEventStoreModule, CaseCommandsModule], providers: [FollowUpTimersLifecycle] })
export class FollowUpTimersModule {}
