import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadDataSource } from '@iln/platform';
import { CaseReadPolicy } from '../case-read.policy';
import { TeamCapacityNotFound } from '../read-errors';
import { GetTeamCapacity } from './get-team-capacity.query';
import type { TeamCapacity } from './team-capacity.responses';
import { teamHoursAllocated } from './team-hours';

/**
 * The total is an aggregate (no case content), so it counts every open case; the
 * residents are listed only where the caller may see the case (the one read policy).
 */
@QueryHandler(GetTeamCapacity)
export class GetTeamCapacityHandler implements IQueryHandler<GetTeamCapacity> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly policy: CaseReadPolicy,
  ) {}

  async execute({ principal, teamId }: GetTeamCapacity): Promise<TeamCapacity> {
    const [team] = (await this.ds.query(`SELECT hours_capacity FROM teams WHERE id = $1 AND hours_capacity IS NOT NULL`, [teamId])) as Array<{ hours_capacity: number }>;
    if (!team) throw new TeamCapacityNotFound();
    const params: unknown[] = [teamId];
    const rows = (await this.ds.query(
      `SELECT c.case_id, c.reference, c.home_care_hours FROM rm_case_list c
        WHERE c.status = 'open' AND c.home_care_team_id = $1 AND ${this.policy.scopeSql(principal, params)}
        ORDER BY c.home_care_hours DESC, c.reference`,
      params,
    )) as Array<{ case_id: string; reference: string; home_care_hours: number }>;
    return {
      teamId,
      hoursCapacity: Number(team.hours_capacity),
      hoursAllocated: await teamHoursAllocated(this.ds, teamId),
      residents: rows.map((r) => ({ caseId: r.case_id, reference: r.reference, hoursPerWeek: Number(r.home_care_hours) })),
    };
  }
}
