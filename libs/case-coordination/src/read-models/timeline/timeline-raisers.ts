/** The events a RaiseSafeguardingConcern writes after the concern itself (API.md: raising raises the flag). */
const WRITTEN_WITH_A_CONCERN: ReadonlySet<string> = new Set([
  'FollowUpScheduled',
  'SafeguardingFlagRaised',
]);

/** How many rows a concern can drag along: its decision follow-up, the flag, the flag's review follow-up. */
export const ROWS_WRITTEN_WITH_A_CONCERN = 3;

export interface TimelineActorRow {
  version: number;
  type: string;
  actorId: string;
}

/**
 * Rows written in the same command as a safeguarding concern name its raiser as their
 * actor, which is safeguarding detail (API.md: detail goes to leads, the coordinator and
 * the raiser). They are the rows right after a `SafeguardingConcernRaised` row, by the
 * same actor, of the types that command writes. Returns version → the raiser's id.
 * `rows` must be in version order and start at least ROWS_WRITTEN_WITH_A_CONCERN rows
 * before the first row whose actor is to be judged.
 */
export function rowsNamingARaiser(rows: readonly TimelineActorRow[]): Map<number, string> {
  const named = new Map<number, string>();
  let raiser: string | null = null;
  let previous: number | null = null;
  for (const row of rows) {
    const follows = previous !== null && row.version === previous + 1;
    if (row.type === 'SafeguardingConcernRaised') raiser = row.actorId;
    else if (
      raiser !== null &&
      follows &&
      row.actorId === raiser &&
      WRITTEN_WITH_A_CONCERN.has(row.type)
    )
      named.set(row.version, raiser);
    else raiser = null;
    previous = row.version;
  }
  return named;
}
