import { Module } from '@nestjs/common';
import { CaseCommandsModule } from '@iln/case-coordination';
import { ReferenceDataController } from './reference-data.controller';

@Module({ imports: [CaseCommandsModule], controllers: [ReferenceDataController] })
export class ReferenceDataHttpModule {}
