import { MigrationInterface, QueryRunner } from 'typeorm';

// The notes read model (GET /api/cases/:id/notes). A new projection starts from the
// beginning of the log, so on an existing database it fills with every note ever added.
export class CaseNotes1700000013100 implements MigrationInterface {
  name = 'CaseNotes1700000013100';

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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rm_case_notes`);
  }
}
