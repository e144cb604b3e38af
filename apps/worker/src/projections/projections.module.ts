import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@iln/event-store';
import { AppConfig, HealthRegistry, Metrics } from '@iln/platform';
import { ALL_PROJECTIONS, AdvisoryLockSession, CaseEventStoreModule, ProjectionLagReporter, ProjectionRunner, typeOrmDb } from '@iln/case-coordination';

/** Runs every projection (one owner per projection across workers) and reports their lag. */
@Injectable()
class ProjectionsRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly locks: AdvisoryLockSession;
  private readonly runner: ProjectionRunner;
  private readonly reporter: ProjectionLagReporter;

  constructor(ds: DataSource, @Inject(EventStore) store: EventStore, config: AppConfig, private readonly health: HealthRegistry, metrics: Metrics) {
    const db = typeOrmDb(ds);
    this.locks = new AdvisoryLockSession({ connectionString: config.databaseUrl });
    this.runner = new ProjectionRunner(
      db,
      store,
      this.locks,
      ALL_PROJECTIONS,
      { log: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m), error: (m) => this.logger.error(m) },
      { onError: (projection) => metrics.projectionErrors.inc({ projection }) },
    );
    this.reporter = new ProjectionLagReporter(db, store, ALL_PROJECTIONS.map((p) => p.name), {
      events: metrics.projectionLagEvents,
      seconds: metrics.projectionLagSeconds,
      failing: metrics.projectionFailing,
    });
  }

  onApplicationBootstrap(): void {
    this.reporter.register(this.health);
    this.reporter.start();
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.reporter.stop();
    await this.runner.stop();
    await this.locks.close();
  }
}

@Module({ imports: [CaseEventStoreModule], providers: [ProjectionsRuntime] })
export class ProjectionsModule {}
