import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '@iln/platform';
import type { Principal } from '../access/principal';
import { CaseCommands } from '../application/case-commands';
import { PostgresAccessAuditLog, type AccessAuditLog } from '../audit/access-audit.log';
import { CaseIsErased, DomainError } from '../domain/errors';
import { CaseDisposal } from './case-disposal';

/** Who the retention run acts as: a records officer of the service itself, in the access audit by this id. */
export const RETENTION_PRINCIPAL: Principal = {
  id: 'system-retention',
  name: 'Retention run',
  roles: ['records-officer'],
  organisation: 'system',
  teams: [],
  localities: ['*'],
};

/** How each run appears in the access audit (one row per case, as a command). */
export const RETENTION_AUDIT_ACTION = 'WORKER retention-run erase';

export interface RetentionRunReport {
  erased: string[];
  /** Cases due that could not be erased this run (held meanwhile, or a failure): the next run tries again. */
  skipped: string[];
}

/**
 * The daily retention run (issue 16): every case `GET /api/retention/due` would list
 * (closed, RETENTION_YEARS after closure, not held) is erased by the system actor, each
 * an EraseCase like the records officer's (so a hold placed meanwhile still refuses it)
 * then disposed of, each in the access audit. The command's Idempotency token is the
 * case's, so a run that died half-way and is run again erases nothing twice.
 */
@Injectable()
export class RetentionRun {
  private readonly audit: AccessAuditLog;

  constructor(
    private readonly pool: Pool,
    private readonly config: AppConfig,
    private readonly commands: CaseCommands,
    private readonly disposal: CaseDisposal,
  ) {
    this.audit = new PostgresAccessAuditLog(pool);
  }

  async run(asOf: Date = new Date()): Promise<RetentionRunReport> {
    // The same rule as ListRetentionDueHandler, over the case list.
    const { rows } = await this.pool.query<{ case_id: string; locality_id: string }>(
      `SELECT case_id, locality_id FROM rm_case_list
        WHERE status = 'closed' AND NOT legal_hold AND erased_at IS NULL AND closed_at + make_interval(years => $1) <= $2
          AND NOT EXISTS (SELECT 1 FROM erased_cases e WHERE e.case_id = rm_case_list.case_id)
        ORDER BY closed_at, case_id`,
      [this.config.retentionYears, asOf],
    );
    const report: RetentionRunReport = { erased: [], skipped: [] };
    for (const { case_id: caseId, locality_id: localityId } of rows) {
      const outcome = await this.eraseOne(caseId, localityId);
      (outcome === 200 ? report.erased : report.skipped).push(caseId);
      await this.audit.record([
        { principalId: RETENTION_PRINCIPAL.id, roles: RETENTION_PRINCIPAL.roles, organisation: RETENTION_PRINCIPAL.organisation, caseId, kind: 'command', action: RETENTION_AUDIT_ACTION, outcome, requestId: null },
      ]);
    }
    return report;
  }

  private async eraseOne(caseId: string, localityId: string): Promise<number> {
    try {
      const result = await this.commands.execute(
        caseId,
        { type: 'EraseCase', data: { reason: `Retention period of ${this.config.retentionYears} years after closure ended` } },
        { actor: RETENTION_PRINCIPAL, correlationId: `retention-${caseId}`, causationId: null, idempotencyToken: `retention-run:${caseId}` },
      );
      const erased = result.events.find((e) => e.type === 'CaseErased');
      if (!erased || erased.type !== 'CaseErased') return 500;
      await this.disposal.dispose(caseId, erased.data.erasedAt, erased.data.localityId || localityId);
      return 200;
    } catch (e) {
      if (e instanceof CaseIsErased) {
        await this.disposal.dispose(caseId, e.erasedAt, localityId);
        return 410;
      }
      return e instanceof DomainError ? 409 : 500;
    }
  }
}
