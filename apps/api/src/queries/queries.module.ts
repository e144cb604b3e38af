import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseReadPolicy, GetTeamCapacityHandler } from '@iln/case-coordination';
import { CaseQueriesController } from './case-queries.controller';
import { DashboardController } from './dashboard.controller';
import { ProjectionsHealth } from './projections-health';
import { ReadPositions } from './read-positions.service';
import { TeamCapacityController } from './team-capacity.controller';
import { WorkQueriesController } from './work-queries.controller';

/** Every GET of API.md's Queries table, served from the read models. */
@Module({
  imports: [CqrsModule],
  controllers: [CaseQueriesController, WorkQueriesController, DashboardController, TeamCapacityController],
  providers: [ReadPositions, { provide: CaseReadPolicy, useValue: new CaseReadPolicy() }, ProjectionsHealth, GetTeamCapacityHandler],
})
export class QueriesModule {}
