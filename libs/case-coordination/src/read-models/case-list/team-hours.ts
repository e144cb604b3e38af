import type { SqlRunner } from '../../projections/projection';

/**
 * Wellbeing Team hours a week allocated to open cases, from the case list read model
 * (each row holds its case's home-care team and hours). The dashboard's measure (and its
 * reference SQL) counts every open case's hours, an erased one's too: the dashboard's
 * counts survive an erasure unchanged.
 */
export const teamHoursSql = (teamId: string) =>
  `SELECT coalesce(sum(c.home_care_hours), 0)::float AS hours FROM rm_case_list c WHERE c.status = 'open' AND c.home_care_team_id = ${teamId}`;

/**
 * The hours a team has allocated now, for the capacity query and the home-care command's
 * capacity check: an erased case (records management) holds no hours, whatever state it
 * was erased in, so a case opened in error and erased gives its team's capacity back.
 */
export async function teamHoursAllocated(db: SqlRunner, teamId: string): Promise<number> {
  const [row] = (await db.query(`${teamHoursSql('$1')} AND c.erased_at IS NULL`, [teamId])) as Array<{ hours: number | string }>;
  return Number(row?.hours ?? 0);
}
