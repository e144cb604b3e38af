import { Module } from '@nestjs/common';
import { CaseDisposal } from './case-disposal';
import { CaseKeyShredder, NoCaseKeys } from './case-key-shredder';

/** Disposal of erased cases (issue 16), for the API (erase) and the worker (retention, reconcile). Needs PlatformModule. */
@Module({
  providers: [{ provide: CaseKeyShredder, useClass: NoCaseKeys }, CaseDisposal],
  exports: [CaseDisposal, CaseKeyShredder],
})
export class RecordsModule {}
