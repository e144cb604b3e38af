import { Module } from '@nestjs/common';
import { ReferenceData } from './reference-data';

/** Needs REFERENCE_DATA_ENTITIES among the app's TypeORM entities (features.ts). */
@Module({ providers: [ReferenceData], exports: [ReferenceData] })
export class ReferenceDataModule {}
