import { MigrationInterface, QueryRunner } from 'typeorm';

// Reference data the case commands check against (localities, specialist services,
// teams, practitioners), the per-locality counters behind human case references, and
// the idempotency keys of POST requests. Localities are rows, never an enum: other
// councils run the same model with other places.
export class CaseCommands1700000004400 implements MigrationInterface {
  name = 'CaseCommands1700000004400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE localities (
        id             text PRIMARY KEY,
        name           text NOT NULL,
        places         text[] NOT NULL DEFAULT '{}',
        reference_code text NOT NULL UNIQUE CHECK (reference_code ~ '^[A-Z]{2,5}$')
      )`);
    await q.query(`
      CREATE TABLE specialist_services (
        id   text PRIMARY KEY,
        name text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE teams (
        id             text PRIMARY KEY,
        name           text NOT NULL,
        kind           text NOT NULL,
        locality_id    text NULL REFERENCES localities (id),
        hours_capacity integer NULL CHECK (hours_capacity >= 0)
      )`);
    await q.query(`
      CREATE TABLE practitioners (
        id          text PRIMARY KEY,
        name        text NOT NULL,
        team_id     text NULL REFERENCES teams (id),
        locality_id text NULL REFERENCES localities (id),
        roles       text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX practitioners_locality_idx ON practitioners (locality_id)`);
    // last_value only moves forward while the allocating session holds the locality's
    // advisory lock; case_references records which case each number went to.
    await q.query(`
      CREATE TABLE case_reference_counters (
        locality_id text PRIMARY KEY REFERENCES localities (id),
        last_value  integer NOT NULL CHECK (last_value >= 0)
      )`);
    await q.query(`
      CREATE TABLE case_references (
        reference   text PRIMARY KEY,
        case_id     uuid NOT NULL UNIQUE,
        locality_id text NOT NULL REFERENCES localities (id),
        reserved_at timestamptz NOT NULL DEFAULT now()
      )`);
    // status_code NULL: the first request with this key is still running.
    await q.query(`
      CREATE TABLE idempotency_keys (
        caller_id        text NOT NULL,
        key              text NOT NULL,
        request_hash     text NOT NULL,
        status_code      integer NULL,
        response_body    jsonb NULL,
        response_headers jsonb NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (caller_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys, case_references, case_reference_counters, practitioners, teams, specialist_services, localities`);
  }
}
