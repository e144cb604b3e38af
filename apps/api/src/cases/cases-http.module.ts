import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CaseCommandsModule, RecordsModule } from '@iln/case-coordination';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { IdempotencyStore } from '../http/idempotency.store';
import { CarePlanController } from './care-plan.controller';
import { CaseRecordsController } from './case-records.controller';
import { registerCaseErrors } from './case-errors';
import { CasesController } from './cases.controller';
import { ConsentOverridesController } from './consent.controller';
import { LegalHoldController } from './legal-hold.controller';
import { EraseController } from './erase.controller';
import { ErasedCaseInterceptor } from './erased-case.interceptor';
import { CoordinationController } from './coordination.controller';
import { ResidentController } from './resident.controller';
import { SafeguardingController } from './safeguarding.controller';
import { SpecialistInputsController } from './specialist-inputs.controller';

registerCaseErrors();

/** Every case command of API.md over HTTP. */
@Module({
  imports: [CaseCommandsModule, RecordsModule],
  controllers: [CasesController, CoordinationController, CarePlanController, SpecialistInputsController, SafeguardingController, CaseRecordsController, ConsentOverridesController, ResidentController, LegalHoldController, EraseController],
  providers: [IdempotencyStore, IdempotencyInterceptor, { provide: APP_INTERCEPTOR, useClass: ErasedCaseInterceptor }],
})
export class CasesHttpModule {}
