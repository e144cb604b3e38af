import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadDataSource } from '@iln/platform';
import { CaseReadPolicy } from '../case-read.policy';
import { iso, limitOffset, pageOf, type Page, type Row } from '../read-queries';
import { ListSpecialistInputs } from './list-specialist-inputs.query';
import type { SpecialistInputBoardItem } from './specialist-inputs.responses';

@QueryHandler(ListSpecialistInputs)
export class ListSpecialistInputsHandler implements IQueryHandler<ListSpecialistInputs> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly policy: CaseReadPolicy,
  ) {}

  async execute({
    principal,
    filter: q,
  }: ListSpecialistInputs): Promise<Page<SpecialistInputBoardItem>> {
    const params: unknown[] = [];
    const where = [this.policy.scopeSql(principal, params)];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (q.serviceId) add((n) => `i.service_id = $${n}`, q.serviceId);
    if (q.status) add((n) => `i.status = $${n}`, q.status);
    const overdue = `(i.status = 'requested' AND i.respond_by < now())`;
    if (q.overdue !== undefined) where.push(q.overdue ? overdue : `NOT ${overdue}`);
    const from = `FROM rm_specialist_inputs i JOIN rm_case_list c ON c.case_id = i.case_id WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: Row[] = await this.ds.query(
      `SELECT i.*, c.reference, c.locality_id, ${overdue} AS overdue ${from} ORDER BY i.respond_by, i.input_id ${limitOffset(q, params)}`,
      params,
    );
    return pageOf(rows.map(toItem), total, q);
  }
}

function toItem(r: Row): SpecialistInputBoardItem {
  return {
    inputId: r.input_id as string,
    caseId: r.case_id as string,
    reference: r.reference as string,
    localityId: r.locality_id as string,
    serviceId: r.service_id as string,
    mode: r.mode as string,
    urgency: r.urgency as string,
    request: r.request as string,
    status: r.status as string,
    requestedAt: iso(r.requested_at),
    respondBy: iso(r.respond_by),
    respondedAt: iso(r.responded_at),
    overdue: r.overdue as boolean,
  };
}
