import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { CaseKeys } from './case-keys';

export interface ErasedCase {
  caseId: string;
  erasedAt: string;
}

/**
 * Disposal of an erased case outside the event log (API.md "Records management"), after
 * its CaseErased event is stored:
 *
 * 1. `erased_cases` gets the case (id, when, locality: no personal data), so every route
 *    about it answers 410 from then on;
 * 2. the case key is destroyed: the events' personal fields are unreadable for ever;
 * 3. idempotency records whose stored response names the case are deleted (a response
 *    may carry what the request sent);
 * 4. `disposed_at` marks it done.
 *
 * Read models blank or drop their rows when their projection meets CaseErased, and the
 * follow-up timers drop their queue jobs when they meet the follow-ups it cancelled;
 * neither needs anything here. Each step is idempotent: when a process dies part-way
 * (after the event, before step 4), `finishPending` (the worker's reconcile) does it all
 * again from the case list, which every CaseErased reaches.
 */
@Injectable()
export class CaseDisposal {
  constructor(
    private readonly pool: Pool,
    private readonly keys: CaseKeys,
  ) {}

  async dispose(caseId: string, erasedAt: string, localityId: string | null = null): Promise<void> {
    await this.pool.query(
      `INSERT INTO erased_cases (case_id, erased_at, locality_id)
       VALUES ($1, $2, coalesce($3, (SELECT locality_id FROM rm_case_list WHERE case_id = $1))) ON CONFLICT (case_id) DO NOTHING`,
      [caseId, erasedAt, localityId],
    );
    await this.keys.destroy(caseId, new Date(erasedAt));
    // Every command's stored answer starts {"caseId":"<id>", ...}; other answers naming
    // the case (a subject access request's matches) go too. A request still in flight
    // has no stored answer, so the erasure's own record is kept (it answers ids only).
    await this.pool.query(`DELETE FROM idempotency_keys WHERE response_body LIKE $1`, [`%${caseId}%`]);
    await this.pool.query(`UPDATE erased_cases SET disposed_at = now() WHERE case_id = $1 AND disposed_at IS NULL`, [caseId]);
  }

  /**
   * Finishes every disposal that was not: a CaseErased the case list has seen with no
   * finished `erased_cases` row (the process died between the event and the end of
   * `dispose`). Returns the cases finished.
   */
  async finishPending(): Promise<string[]> {
    const { rows } = await this.pool.query<{ case_id: string; erased_at: Date; locality_id: string | null }>(
      `SELECT c.case_id, c.erased_at, c.locality_id FROM rm_case_list c
         LEFT JOIN erased_cases e ON e.case_id = c.case_id
        WHERE c.erased_at IS NOT NULL AND e.disposed_at IS NULL
       UNION
       SELECT case_id, erased_at, locality_id FROM erased_cases WHERE disposed_at IS NULL`,
    );
    const done = new Set<string>();
    for (const r of rows) {
      if (done.has(r.case_id)) continue;
      await this.dispose(r.case_id, new Date(r.erased_at).toISOString(), r.locality_id);
      done.add(r.case_id);
    }
    return [...done];
  }

  /** When the case was erased, if it was: from `erased_cases`, or the case list when disposal is unfinished. */
  async erasedAt(caseId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ erased_at: Date }>(
      `SELECT erased_at FROM erased_cases WHERE case_id = $1
       UNION ALL
       SELECT erased_at FROM rm_case_list WHERE case_id = $1 AND erased_at IS NOT NULL
       LIMIT 1`,
      [caseId],
    );
    return rows[0] ? new Date(rows[0].erased_at).toISOString() : null;
  }

  /** Of these cases, those erased, with when. */
  async erasedAmong(caseIds: readonly string[]): Promise<Map<string, string>> {
    if (caseIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ case_id: string; erased_at: Date }>(
      `SELECT case_id, erased_at FROM erased_cases WHERE case_id = ANY ($1::text[])
       UNION
       SELECT case_id, erased_at FROM rm_case_list WHERE case_id = ANY ($1::text[]) AND erased_at IS NOT NULL`,
      [caseIds],
    );
    return new Map(rows.map((r) => [r.case_id, new Date(r.erased_at).toISOString()]));
  }
}
