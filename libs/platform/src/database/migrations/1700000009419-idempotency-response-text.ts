import { MigrationInterface, QueryRunner } from 'typeorm';

// An idempotent replay returns the first response byte for byte (API.md v1.1). As jsonb
// the stored body came back with its keys reordered ({caseId, noteId, version} for a
// first answer of {caseId, version, noteId}); as text it is the bytes first sent.
export class IdempotencyResponseText1700000009419 implements MigrationInterface {
  name = 'IdempotencyResponseText1700000009419';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE text USING response_body::text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE jsonb USING response_body::jsonb`,
    );
  }
}
