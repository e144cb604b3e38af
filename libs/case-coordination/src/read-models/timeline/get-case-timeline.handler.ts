import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadDataSource } from '@iln/platform';
import { visibleCase } from '../case-detail/visible-case';
import { accessFactsOf, CaseReadPolicy } from '../case-read.policy';
import { iso, pageOf, type Page, type Row } from '../read-queries';
import { GetCaseTimeline } from './get-case-timeline.query';
import { ROWS_WRITTEN_WITH_A_CONCERN, rowsNamingARaiser } from './timeline-raisers';
import type { TimelineEntry } from './timeline.responses';

@QueryHandler(GetCaseTimeline)
export class GetCaseTimelineHandler implements IQueryHandler<GetCaseTimeline> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly policy: CaseReadPolicy,
  ) {}

  async execute({ principal: p, caseId, page: q }: GetCaseTimeline): Promise<Page<TimelineEntry>> {
    const facts = accessFactsOf(await visibleCase(this.ds, this.policy, p, caseId));
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM rm_case_timeline WHERE case_id = $1`,
      [caseId],
    );
    // The page and the rows just before it: a concern on the previous page still names its raiser on this one.
    const offset = (q.page - 1) * q.pageSize;
    const lookBehind = Math.min(offset, ROWS_WRITTEN_WITH_A_CONCERN);
    const fetched: Row[] = await this.ds.query(
      `SELECT * FROM rm_case_timeline WHERE case_id = $1 ORDER BY version LIMIT $2 OFFSET $3`,
      [caseId, q.pageSize + lookBehind, offset - lookBehind],
    );
    const raisers = rowsNamingARaiser(
      fetched.map((r) => ({
        version: Number(r.version),
        type: String(r.type),
        actorId: String(r.actor_id),
      })),
    );
    const items = fetched.slice(lookBehind).map((r): TimelineEntry => {
      const occurredAt = iso(r.occurred_at) as string;
      if (r.restricted && !this.policy.maySeeRestricted(p, facts, r.actor_id as string))
        return { type: r.type as string, occurredAt, restricted: true };
      const raiser = raisers.get(Number(r.version));
      const actor =
        raiser !== undefined && !this.policy.maySeeRestricted(p, facts, raiser)
          ? null
          : { id: r.actor_id as string, name: r.actor_name as string };
      return {
        position: r.position as string,
        type: r.type as string,
        occurredAt,
        actor,
        summary: r.summary as string,
      };
    });
    return pageOf(items, total, q);
  }
}
