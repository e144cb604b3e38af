import type { SqlRunner } from '../../projections/projection';

/**
 * Wellbeing Team hours a week allocated to open cases, from the case list read model
 * (each row holds its case's home-care team and hours). The one definition the capacity
 * query, the home-care command's capacity check and the dashboard use.
 */
export const teamHoursSql = (teamId: string) =>
  `SELECT coalesce(sum(c.home_care_hours), 0)::float AS hours FROM rm_case_list c WHERE c.status = 'open' AND c.home_care_team_id = ${teamId}`;

export async function teamHoursAllocated(db: SqlRunner, teamId: string): Promise<number> {
  const [row] = (await db.query(teamHoursSql('$1'), [teamId])) as Array<{ hours: number | string }>;
  return Number(row?.hours ?? 0);
}
