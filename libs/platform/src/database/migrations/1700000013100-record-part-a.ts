import { MigrationInterface, QueryRunner } from 'typeorm';

// API.md "The record, completed" (part A). The notes read model (GET /api/cases/:id/notes):
// a new projection starts from the beginning of the log, so on an existing database it
// fills with every note ever added. A follow-up's outcome (91-day and welfare checks):
// null for checks completed before it was recorded. A follow-up's team (discharge planning).
// The case list's NHS number, for search.
export class RecordPartA1700000013100 implements MigrationInterface {
  name = 'RecordPartA1700000013100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rm_case_notes (
        case_id     text NOT NULL,
        note_id     text NOT NULL,
        version     integer NOT NULL,
        text        text NOT NULL,
        restricted  boolean NOT NULL,
        author_id   text NOT NULL,
        author_name text NOT NULL,
        recorded_at timestamptz(3) NOT NULL,
        PRIMARY KEY (case_id, note_id)
      )`);
    await q.query(`CREATE INDEX rm_case_notes_newest ON rm_case_notes (case_id, recorded_at DESC, version DESC)`);
    await q.query(`ALTER TABLE rm_follow_ups ADD COLUMN outcome text`);
    // A team whose worklist also shows the follow-up (discharge planning: the home-care Wellbeing Team).
    await q.query(`ALTER TABLE rm_follow_ups ADD COLUMN team_id text`);
    // The exact NHS number search; filled here from the case detail for cases already listed.
    await q.query(`ALTER TABLE rm_case_list ADD COLUMN nhs_number text`);
    await q.query(`UPDATE rm_case_list c SET nhs_number = d.document->'resident'->>'nhsNumber' FROM rm_case_detail d WHERE d.case_id = c.case_id`);
    await q.query(`CREATE INDEX rm_case_list_nhs_number ON rm_case_list (nhs_number) WHERE nhs_number IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_case_list DROP COLUMN IF EXISTS nhs_number`);
    await q.query(`ALTER TABLE rm_follow_ups DROP COLUMN IF EXISTS team_id`);
    await q.query(`ALTER TABLE rm_follow_ups DROP COLUMN IF EXISTS outcome`);
    await q.query(`DROP TABLE IF EXISTS rm_case_notes`);
  }
}
