import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadDataSource } from '@iln/platform';
import { hasRole, type Principal } from '../../access/principal';
import { CaseReadPolicy } from '../case-read.policy';
import { NotTeamMember } from '../read-errors';
import { iso, limitOffset, pageOf, type Page, type Row } from '../read-queries';
import { ListWorklist } from './list-worklist.query';
import type { WorklistItem } from './worklist.responses';

const PENDING = `('open', 'overdue', 'escalated')`;

@QueryHandler(ListWorklist)
export class ListWorklistHandler implements IQueryHandler<ListWorklist> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly policy: CaseReadPolicy,
  ) {}

  async execute({ principal: p, page: q, teamId }: ListWorklist): Promise<Page<WorklistItem>> {
    if (teamId && !p.teams.includes(teamId)) throw new NotTeamMember();
    const params: unknown[] = [];
    const scope = this.policy.scopeSql(p, params);
    // Only the parameters the chosen branch uses: PostgreSQL refuses a statement with a
    // parameter it cannot type (the team queue answered 500 when it carried them all).
    const mine = teamId ? teamQueue(params, teamId) : ownWork(params, p);
    // Someone's own work is picked by the follow-up's columns (owner, kind, service, status):
    // a few hundred of the pending follow-ups, each joined to its case by one probe of the
    // case list's primary key (LATERAL ... LIMIT 1: the case_id is unique, so the same rows).
    // A plain join let the planner hash the whole case list first for the count (issue 18:
    // 18 of 33 ms at 300k events, growing with the cases). A team's queue also picks by the
    // case's team, so every pending follow-up needs its case: there the join stays.
    const cases = teamId
      ? `JOIN rm_case_list c ON c.case_id = f.case_id`
      : `CROSS JOIN LATERAL (SELECT case_id, reference, locality_id, coordinator_id, erased_at FROM rm_case_list c WHERE c.case_id = f.case_id LIMIT 1) c`;
    const from = `FROM rm_follow_ups f ${cases}
      WHERE f.status IN ${PENDING} AND ${scope} AND (${mine})`;
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: Row[] = await this.ds.query(
      `SELECT f.*, c.reference, (f.status <> 'open' OR f.due_at < now()) AS overdue ${from} ORDER BY f.due_at, f.follow_up_id ${limitOffset(q, params)}`,
      params,
    );
    return pageOf(rows.map(toItem), total, q);
  }
}

/** A team's queue: its service's inputs, its coordinators' cases, and follow-ups put on the team (discharge planning). */
function teamQueue(params: unknown[], teamId: string): string {
  params.push([teamId]);
  const teams = params.length;
  return `(f.service_id = ANY ($${teams}::text[]) OR c.coordinator_team_id = ANY ($${teams}::text[]) OR f.team_id = ANY ($${teams}::text[]))`;
}

function ownWork(params: unknown[], p: Principal): string {
  params.push(p.id, p.teams, hasRole(p, 'team-manager'), hasRole(p, 'safeguarding-lead'), p.localities.includes('*'), p.localities);
  const [me, teams, manager, lead, everywhere, localities] = [params.length - 5, params.length - 4, params.length - 3, params.length - 2, params.length - 1, params.length];
  // A manager's and a lead's share of the work is in the localities they work in, whatever else (an auditor's reach) lets them read.
  const theirs = `($${everywhere} OR c.locality_id = ANY ($${localities}::text[]))`;
  return `(f.owner_id = $${me} AND f.kind NOT LIKE 'specialist-input-%')
       OR (f.kind LIKE 'specialist-input-%' AND f.service_id = ANY ($${teams}::text[]))
       OR ($${manager} AND ${theirs} AND (f.status = 'escalated' OR (f.owner_id IS NULL AND f.kind = 'allocate-coordinator')))
       OR ($${lead} AND ${theirs} AND f.owner_id IS NULL AND f.kind LIKE 'safeguarding-decision%')`;
}

function toItem(r: Row): WorklistItem {
  const base = {
    caseId: r.case_id as string,
    reference: r.reference as string,
    dueAt: iso(r.due_at),
    overdue: r.overdue as boolean,
    escalated: r.status === 'escalated',
  };
  const kind = String(r.kind);
  const followUpId = r.follow_up_id as string;
  if (kind === 'accept-handover')
    return { kind: 'handover', ...base, handoverId: r.subject_id as string, followUpId };
  if (kind.startsWith('specialist-input-'))
    return { kind: 'specialist-input', ...base, inputId: r.subject_id as string, followUpId };
  return { kind: 'follow-up', followUpKind: kind, ...base, followUpId };
}
