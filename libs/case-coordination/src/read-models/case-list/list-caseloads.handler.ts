import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadDataSource } from '@iln/platform';
import { CaseReadPolicy } from '../case-read.policy';
import type { Row } from '../read-queries';
import type { CaseloadItem } from './case-list.responses';
import { ListCaseloads } from './list-caseloads.query';

@QueryHandler(ListCaseloads)
export class ListCaseloadsHandler implements IQueryHandler<ListCaseloads> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly policy: CaseReadPolicy,
  ) {}

  async execute({ principal, localityId }: ListCaseloads): Promise<CaseloadItem[]> {
    const params: unknown[] = [];
    const where = [
      this.policy.scopeSql(principal, params),
      `c.status = 'open'`,
      `c.coordinator_id IS NOT NULL`,
    ];
    if (localityId) {
      params.push(localityId);
      where.push(`c.locality_id = $${params.length}`);
    }
    const rows: Row[] = await this.ds.query(
      `SELECT c.coordinator_id, max(c.coordinator_name) AS name, count(*)::int AS open_cases,
              count(*) FILTER (WHERE c.complexity = 'complex')::int AS complex_cases
         FROM rm_case_list c WHERE ${where.join(' AND ')}
        GROUP BY c.coordinator_id ORDER BY open_cases DESC, c.coordinator_id`,
      params,
    );
    return rows.map((r) => ({
      practitionerId: r.coordinator_id as string,
      name: r.name as string,
      openCases: r.open_cases as number,
      complexCases: r.complex_cases as number,
    }));
  }
}
