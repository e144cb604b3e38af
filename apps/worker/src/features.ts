import { DynamicModule, Type } from '@nestjs/common';
import { AppConfig } from '@iln/platform';
import { REFERENCE_DATA_ENTITIES } from '@iln/case-coordination';
import { ProjectionsModule } from './projections/projections.module';
import { FollowUpTimersModule } from './follow-ups/follow-up-timers.module';
import { RetentionModule } from './records/retention.module';

// What the worker runs: the projection runner, the follow-up scheduler/processors, and the
// retention run with the reconcile of unfinished disposals (issue 16).
export function workerFeatureModules(_config: AppConfig): Array<Type | DynamicModule> {
  return [FollowUpTimersModule, ProjectionsModule, RetentionModule];
}

// CaseCommandsModule (imported by the follow-up timers) reads reference data.
export const workerEntities: Array<Type> = [...REFERENCE_DATA_ENTITIES];
