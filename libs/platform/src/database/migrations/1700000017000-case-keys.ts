import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 16, crypto-shredding: each case's data key, apart from the event tables (also
// when EventStoreDB holds the events), wrapped by the key-encryption key named by kek_id.
// Destroying a key sets wrapped_key and kek_id to NULL and keeps only when.
// The events already stored are encrypted by `migrate` right after the migrations
// (libs/case-coordination/src/records/encrypt-stored-events.ts): that needs the
// key-encryption key and the declaration of personal fields, which live with the cases.
export class CaseKeys1700000017000 implements MigrationInterface {
  name = 'CaseKeys1700000017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_keys (
        case_id      text PRIMARY KEY,
        wrapped_key  bytea,
        kek_id       text,
        created_at   timestamptz(3) NOT NULL DEFAULT now(),
        destroyed_at timestamptz(3),
        CONSTRAINT case_keys_wrapped_or_destroyed CHECK ((wrapped_key IS NULL) = (kek_id IS NULL) AND (wrapped_key IS NOT NULL OR destroyed_at IS NOT NULL))
      )`);
    // Rotation finds the rows still under an older key-encryption key.
    await q.query(`CREATE INDEX case_keys_kek_id ON case_keys (kek_id) WHERE wrapped_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS case_keys`);
  }
}
