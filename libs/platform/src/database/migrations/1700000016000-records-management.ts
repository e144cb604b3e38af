import { MigrationInterface, QueryRunner } from 'typeorm';

// API.md "Records management" (issue 16): the case list knows which cases are under a legal
// hold, so the retention query leaves them out; subject access requests are kept. No case was held before this change, so
// false is true for every row already listed.
export class RecordsManagement1700000016000 implements MigrationInterface {
  name = 'RecordsManagement1700000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_case_list ADD COLUMN legal_hold boolean NOT NULL DEFAULT false`);
    // The retention query: closed cases by closure date.
    await q.query(`CREATE INDEX rm_case_list_closed_at ON rm_case_list (closed_at) WHERE status = 'closed'`);
    // Subject access requests: when received, when due, and the cases matched then (the
    // criteria themselves are personal data and are not kept; the cases answer for them).
    await q.query(`
      CREATE TABLE subject_access_requests (
        request_id  uuid PRIMARY KEY,
        received_at timestamptz(3) NOT NULL,
        due_by      date NOT NULL,
        case_ids    text[] NOT NULL,
        received_by text NOT NULL,
        recorded_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS subject_access_requests`);
    await q.query(`DROP INDEX IF EXISTS rm_case_list_closed_at`);
    await q.query(`ALTER TABLE rm_case_list DROP COLUMN IF EXISTS legal_hold`);
  }
}
