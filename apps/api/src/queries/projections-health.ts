import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@iln/event-store';
import { HealthRegistry, Metrics } from '@iln/platform';
import { ALL_PROJECTIONS, ProjectionLagReporter, typeOrmDb } from '@iln/case-coordination';

/** The API reports projection lag too: its answers are only as fresh as the read models. */
@Injectable()
export class ProjectionsHealth implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly reporter: ProjectionLagReporter;

  constructor(
    ds: DataSource,
    store: EventStore,
    private readonly health: HealthRegistry,
    metrics: Metrics,
  ) {
    this.reporter = new ProjectionLagReporter(
      typeOrmDb(ds),
      store,
      ALL_PROJECTIONS.map((p) => p.name),
      {
        events: metrics.projectionLagEvents,
        seconds: metrics.projectionLagSeconds,
        failing: metrics.projectionFailing,
      },
    );
  }

  onApplicationBootstrap(): void {
    this.reporter.register(this.health);
    this.reporter.start();
  }

  onApplicationShutdown(): void {
    this.reporter.stop();
  }
}
