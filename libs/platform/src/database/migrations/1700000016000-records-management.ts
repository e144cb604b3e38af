import { MigrationInterface, QueryRunner } from 'typeorm';

// API.md "Records management" (issue 16): the case list knows which cases are under a legal
// hold, so the retention query leaves them out. No case was held before this change, so
// false is true for every row already listed.
export class RecordsManagement1700000016000 implements MigrationInterface {
  name = 'RecordsManagement1700000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_case_list ADD COLUMN legal_hold boolean NOT NULL DEFAULT false`);
    // The retention query: closed cases by closure date.
    await q.query(`CREATE INDEX rm_case_list_closed_at ON rm_case_list (closed_at) WHERE status = 'closed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS rm_case_list_closed_at`);
    await q.query(`ALTER TABLE rm_case_list DROP COLUMN IF EXISTS legal_hold`);
  }
}
