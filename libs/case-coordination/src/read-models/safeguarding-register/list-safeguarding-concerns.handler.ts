import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadDataSource } from '@iln/platform';
import type { Principal } from '../../access/principal';
import { CaseReadPolicy } from '../case-read.policy';
import { iso, limitOffset, pageOf, type Page, type Row } from '../read-queries';
import { ListSafeguardingConcerns } from './list-safeguarding-concerns.query';
import type { SafeguardingConcernItem } from './safeguarding-register.responses';

@QueryHandler(ListSafeguardingConcerns)
export class ListSafeguardingConcernsHandler implements IQueryHandler<ListSafeguardingConcerns> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly policy: CaseReadPolicy,
  ) {}

  async execute({
    principal,
    filter: q,
  }: ListSafeguardingConcerns): Promise<Page<SafeguardingConcernItem>> {
    const params: unknown[] = [];
    const where = [this.policy.scopeSql(principal, params)];
    if (q.localityId) {
      params.push(q.localityId);
      where.push(`c.locality_id = $${params.length}`);
    }
    if (q.status) {
      params.push(q.status);
      where.push(`s.status = $${params.length}`);
    }
    const from = `FROM rm_safeguarding_concerns s JOIN rm_case_list c ON c.case_id = s.case_id WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: Row[] = await this.ds.query(
      `SELECT s.*, c.reference, c.locality_id, c.coordinator_id,
              (s.status = 'awaiting-decision' AND s.decision_due_by < now()) AS decision_overdue
         ${from} ORDER BY s.raised_at DESC, s.concern_id ${limitOffset(q, params)}`,
      params,
    );
    return pageOf(
      rows.map((r) => this.toItem(principal, r)),
      total,
      q,
    );
  }

  private toItem(p: Principal, r: Row): SafeguardingConcernItem {
    const item: SafeguardingConcernItem = {
      concernId: r.concern_id as string,
      caseId: r.case_id as string,
      reference: r.reference as string,
      localityId: r.locality_id as string,
      status: r.status as string,
      risk: r.risk as string,
      raisedAt: iso(r.raised_at),
      decisionDueBy: iso(r.decision_due_by),
      decisionOverdue: r.decision_overdue as boolean,
      decidedAt: iso(r.decided_at),
      section42: r.section42 as boolean | null,
      concludedAt: iso(r.concluded_at),
    };
    const facts = {
      coordinatorId: (r.coordinator_id as string | null) ?? null,
      localityId: r.locality_id as string,
    };
    if (!this.policy.maySeeRestricted(p, facts, r.raised_by_id as string)) return item;
    return {
      ...item,
      categories: r.categories as string[],
      summary: r.summary as string,
      outcome: r.outcome as string | null,
      desiredOutcomesAsked: r.desired_outcomes_asked as boolean | null,
      outcomesMet: r.outcomes_met as string | null,
    };
  }
}
