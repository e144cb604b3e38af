import { Module } from '@nestjs/common';
import { CaseEventStoreModule } from '../case-event-store.module';
import { CaseDisposal } from './case-disposal';

/** Disposal of erased cases (issue 16), for the API (erase) and the worker (retention, reconcile). Needs PlatformModule. */
@Module({
  imports: [CaseEventStoreModule],
  providers: [CaseDisposal],
  exports: [CaseDisposal],
})
export class RecordsModule {}
