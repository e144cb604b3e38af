import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReferenceDataModule } from '../reference-data/reference-data.module';
import {
  GetCarePlanVersionHandler,
  ListCarePlanVersionsHandler,
} from './care-plan-versions/care-plan-version.handlers';
import { GetCaseHandler } from './case-detail/get-case.handler';
import { ListCaseloadsHandler } from './case-list/list-caseloads.handler';
import { ListCasesHandler } from './case-list/list-cases.handler';
import { ListNotesHandler } from './notes/list-notes.handler';
import { ListRetentionDueHandler } from './retention/list-retention-due.handler';
import { SubjectAccessRequests } from './subject-access/subject-access-requests';
import { GetTeamCapacityHandler } from './case-list/get-team-capacity.handler';
import { CaseReadPolicy } from './case-read.policy';
import { GetDashboardHandler } from './dashboard/get-dashboard.handler';
import { ListSafeguardingConcernsHandler } from './safeguarding-register/list-safeguarding-concerns.handler';
import { ListSpecialistInputsHandler } from './specialist-inputs/list-specialist-inputs.handler';
import { GetCaseTimelineHandler } from './timeline/get-case-timeline.handler';
import { ListWorklistHandler } from './worklist/list-worklist.handler';

/**
 * The read side of cases for any app: the QueryBus handlers, each answering from its read
 * model's tables with the one read policy. Needs PlatformModule (TypeORM with
 * REFERENCE_DATA_ENTITIES) and EventStoreModule (a case as it stood, `asAt`).
 */
@Module({
  imports: [CqrsModule.forRoot(), ReferenceDataModule],
  providers: [
    { provide: CaseReadPolicy, useValue: new CaseReadPolicy() },
    ListCasesHandler,
    GetCaseHandler,
    GetCaseTimelineHandler,
    ListCarePlanVersionsHandler,
    GetCarePlanVersionHandler,
    ListWorklistHandler,
    ListSpecialistInputsHandler,
    ListSafeguardingConcernsHandler,
    ListCaseloadsHandler,
    GetDashboardHandler,
    GetTeamCapacityHandler,
    ListNotesHandler,
    ListRetentionDueHandler,
    SubjectAccessRequests,
  ],
  exports: [CaseReadPolicy, SubjectAccessRequests],
})
export class CaseQueriesModule {}
