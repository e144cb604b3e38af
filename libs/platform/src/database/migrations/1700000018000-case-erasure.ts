import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 16, disposal. The case list keeps an erased case's row without the resident
// (lists and searches leave it out, dashboards still count it); `erased_cases` is the
// small record every route reads to answer 410, written when the erasure is decided and
// marked `disposed_at` once everything outside the event log is done (keys destroyed,
// idempotency records deleted): until then the worker's reconcile finishes it.
export class CaseErasure1700000018000 implements MigrationInterface {
  name = 'CaseErasure1700000018000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_case_list ADD COLUMN erased_at timestamptz(3) NULL`);
    await q.query(`
      CREATE TABLE erased_cases (
        case_id     text PRIMARY KEY,
        erased_at   timestamptz(3) NOT NULL,
        locality_id text NULL,
        disposed_at timestamptz(3) NULL
      )`);
    await q.query(`CREATE INDEX erased_cases_pending ON erased_cases (erased_at) WHERE disposed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS erased_cases`);
    await q.query(`ALTER TABLE rm_case_list DROP COLUMN IF EXISTS erased_at`);
  }
}
