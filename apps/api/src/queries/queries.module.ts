import { Module } from '@nestjs/common';
import { CaseQueriesModule, RecordsModule } from '@iln/case-coordination';
import { AuditModule } from '../audit/audit.module';
import { CaseQueriesController } from './case-queries.controller';
import { DashboardController } from './dashboard.controller';
import { ProjectionPositionInterceptor } from './projection-position';
import { NotesController } from './notes.controller';
import { RetentionController } from './retention.controller';
import { SubjectAccessController } from './subject-access.controller';
import { ProjectionsHealth } from './projections-health';
import { registerQueryErrors } from './query-errors';
import { ReadPositions } from './read-positions.service';
import { ReplicaErasureGuard } from './replica-erasure-guard';
import { TeamCapacityController } from './team-capacity.controller';
import { WorkQueriesController } from './work-queries.controller';

registerQueryErrors();

/** Every GET of API.md's Queries table: routes that dispatch to the read side's QueryBus handlers. */
@Module({
  imports: [CaseQueriesModule, AuditModule, RecordsModule],
  controllers: [CaseQueriesController, WorkQueriesController, DashboardController, TeamCapacityController, NotesController, RetentionController, SubjectAccessController],
  providers: [ReadPositions, ProjectionPositionInterceptor, ProjectionsHealth, ReplicaErasureGuard],
})
export class QueriesModule {}
