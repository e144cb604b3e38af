import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AppConfig } from '@iln/platform';
import { ReadDataSource } from '@iln/platform';
import { ListRetentionDueQuery } from './list-retention-due.query';
import type { RetentionDueItem, RetentionDuePage } from './retention-due.response';

interface DueRecord {
  case_id: string;
  reference: string;
  locality_id: string;
  closed_at: Date;
  retain_until: Date;
}

/**
 * From the case list: its status, closure date and legal hold are all the rule needs.
 * "RETENTION_YEARS after closure" is PostgreSQL's calendar arithmetic (the same day and
 * time that many years on; 29 February to 28 February), in one place for both the filter
 * and the date shown, so a case listed is due by the date it shows.
 */
@QueryHandler(ListRetentionDueQuery)
export class ListRetentionDueHandler implements IQueryHandler<ListRetentionDueQuery> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly config: AppConfig,
  ) {}

  async execute({ asOf, page, pageSize }: ListRetentionDueQuery): Promise<RetentionDuePage> {
    const years = this.config.retentionYears;
    // Erased cases are gone already (erased_cases knows before the case list catches up).
    const due = `status = 'closed' AND NOT legal_hold AND erased_at IS NULL AND closed_at + make_interval(years => $1) <= $2
      AND NOT EXISTS (SELECT 1 FROM erased_cases e WHERE e.case_id = rm_case_list.case_id)`;
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM rm_case_list WHERE ${due}`, [years, asOf]);
    const rows: DueRecord[] = await this.ds.query(
      `SELECT case_id, reference, locality_id, closed_at, closed_at + make_interval(years => $1) AS retain_until
         FROM rm_case_list WHERE ${due} ORDER BY closed_at, case_id LIMIT $3 OFFSET $4`,
      [years, asOf, pageSize, (page - 1) * pageSize],
    );
    const items = rows.map(
      (r): RetentionDueItem => ({
        caseId: r.case_id,
        reference: r.reference,
        localityId: r.locality_id,
        closedAt: new Date(r.closed_at).toISOString(),
        retainUntil: new Date(r.retain_until).toISOString(),
      }),
    );
    return { items, total, page, pageSize, retentionYears: years };
  }
}
