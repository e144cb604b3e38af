import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Pool } from 'pg';
import { AccessAuditLog, ListAccessAuditHandler, PostgresAccessAuditLog } from '@iln/case-coordination';
import { AccessAuditController } from './access-audit.controller';
import { AccessAuditInterceptor } from './access-audit.interceptor';
import { AccessAuditRecorder } from './access-audit.recorder';
import { AuditMetrics } from './audit-metrics';

@Module({
  controllers: [AccessAuditController],
  providers: [
    { provide: AccessAuditLog, inject: [Pool], useFactory: (pool: Pool) => new PostgresAccessAuditLog(pool) },
    ListAccessAuditHandler,
    AuditMetrics,
    AccessAuditRecorder,
    { provide: APP_INTERCEPTOR, useClass: AccessAuditInterceptor },
  ],
  exports: [AccessAuditLog, AccessAuditRecorder],
})
export class AuditModule {}
