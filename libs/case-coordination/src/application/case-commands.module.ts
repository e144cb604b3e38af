import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig } from '@iln/platform';
import { EnglandWorkingCalendar } from '../calendar/england-working-calendar';
import { ReferenceDataModule } from '../reference-data/reference-data.module';
import { CaseCalendar, CaseCommandService } from './case-command.service';
import { CaseCommands } from './case-commands';
import { DraftCarePlanHandler } from './draft-care-plan/draft-care-plan.handler';
import { FollowUpPolicyInForce, followUpPolicyFromConfig } from './follow-up-policy-in-force';
import { CaseReferenceAllocator } from './open-case/case-reference.allocator';
import { OpenCaseHandler } from './open-case/open-case.handler';
import { RunCaseCommandHandler } from './run-case-command/run-case-command.handler';
// Beyond a reference check: home-care hours are judged against the team's capacity.
import { SetHomeCareHandler } from './set-home-care/set-home-care.handler';

/**
 * The write side of cases for any app: the `CaseCommands` port (used directly by the
 * follow-up processor) and the CommandBus handlers the HTTP controllers dispatch to.
 * Needs PlatformModule (config, pool, metrics, TypeORM with REFERENCE_DATA_ENTITIES)
 * and CaseEventStoreModule. A bad follow-up policy file fails the module at start.
 */
@Module({
  imports: [CqrsModule.forRoot(), ReferenceDataModule],
  providers: [
    { provide: FollowUpPolicyInForce, inject: [AppConfig], useFactory: followUpPolicyFromConfig },
    { provide: CaseCalendar, useClass: EnglandWorkingCalendar },
    { provide: CaseCommands, useClass: CaseCommandService },
    CaseReferenceAllocator,
    OpenCaseHandler,
    DraftCarePlanHandler,
    SetHomeCareHandler,
    RunCaseCommandHandler,
  ],
  exports: [CaseCommands, FollowUpPolicyInForce, CaseCalendar, ReferenceDataModule, CqrsModule],
})
export class CaseCommandsModule {}
