import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadDataSource } from '@iln/platform';
import { CaseReadPolicy } from '../case-read.policy';
import { escapeLike, iso, limitOffset, pageOf, type Page, type Row } from '../read-queries';
import type { CaseListItem } from './case-list.responses';
import { ListCases } from './list-cases.query';

@QueryHandler(ListCases)
export class ListCasesHandler implements IQueryHandler<ListCases> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly policy: CaseReadPolicy,
  ) {}

  async execute({ principal, filter: q }: ListCases): Promise<Page<CaseListItem>> {
    const params: unknown[] = [];
    const where = [this.policy.scopeSql(principal, params, 'c', 'summary')];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (q.localityId) add((n) => `c.locality_id = $${n}`, q.localityId);
    if (q.status) add((n) => `c.status = $${n}`, q.status);
    if (q.coordinatorId) add((n) => `c.coordinator_id = $${n}`, q.coordinatorId);
    if (q.safeguarding !== undefined) add((n) => `c.safeguarding_flag = $${n}`, q.safeguarding);
    if (q.q?.trim()) {
      // Ten digits (spaces allowed, as written on letters) also match an NHS number, exactly.
      const digits = q.q.replace(/\s+/g, '');
      params.push(`%${escapeLike(q.q.trim())}%`, /^\d{10}$/.test(digits) ? digits : null);
      const [like, nhs] = [params.length - 1, params.length];
      where.push(`(lower(c.reference) LIKE $${like} OR lower(c.resident_name) LIKE $${like} OR c.nhs_number = $${nhs}::text)`);
    }
    const filter = where.join(' AND ');
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM rm_case_list c WHERE ${filter}`,
      params,
    );
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM rm_case_list c WHERE ${filter} ORDER BY c.updated_at DESC, c.case_id ${limitOffset(q, params)}`,
      params,
    );
    return pageOf(rows.map(toItem), total, q);
  }
}

function toItem(r: Row): CaseListItem {
  return {
    caseId: r.case_id as string,
    reference: r.reference as string,
    residentName: r.resident_name as string,
    localityId: r.locality_id as string,
    status: r.status as string,
    coordinator: r.coordinator_id
      ? { id: r.coordinator_id as string, name: r.coordinator_name as string }
      : null,
    safeguardingFlag: r.safeguarding_flag as boolean,
    openInputs: r.open_inputs as number,
    nextReviewDue: iso(r.next_review_due),
    updatedAt: iso(r.updated_at) as string,
    version: r.version as number,
  };
}
