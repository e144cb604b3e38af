import { DynamicModule, Type } from '@nestjs/common';
import { AppConfig } from '@iln/platform';
import { AuthModule } from './auth/auth.module';
import { QueuesAdminModule } from './admin/queues-admin.module';
import { CaseEventStoreModule, REFERENCE_DATA_ENTITIES } from '@iln/case-coordination';
import { CasesHttpModule } from './cases/cases-http.module';
import { ReferenceDataHttpModule } from './reference-data/reference-data-http.module';
import { AuditModule } from './audit/audit.module';
import { QueriesModule } from './queries/queries.module';

// The feature modules the API serves and the TypeORM entities they read. Kept in one
// list so the API, the tests and the OpenAPI document agree on what exists.
export function apiFeatureModules(_config: AppConfig): Array<Type | DynamicModule> {
  return [AuthModule, AuditModule, CaseEventStoreModule, CasesHttpModule, ReferenceDataHttpModule, QueriesModule, QueuesAdminModule];
}

export const apiEntities: Array<Type> = [...REFERENCE_DATA_ENTITIES];
