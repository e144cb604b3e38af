import { MigrationInterface, QueryRunner } from 'typeorm';

export const AUDIT_OWNER_ROLE = 'iln_audit_owner';

// Who read or changed which case, when, with what outcome. Append-only twice over:
// a trigger refuses UPDATE, DELETE and TRUNCATE for everyone (it holds even when the
// service connects as the table's owner), and, where the migrating role may create
// roles, the table and its own schema are handed to a NOLOGIN owner role, so the
// service's role keeps only INSERT and SELECT and cannot drop or disable the trigger
// either. (Its own schema because the owner of a schema may drop any table in it, and
// the service's role owns `public` as the database owner.)
export class AccessAudit1700000007700 implements MigrationInterface {
  name = 'AccessAudit1700000007700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA audit`);
    await q.query(`
      CREATE TABLE audit.access_audit (
        audit_id      bigserial PRIMARY KEY,
        occurred_at   timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        principal_id  text NOT NULL,
        roles         text[] NOT NULL,
        organisation  text NOT NULL,
        case_id       text,
        kind          text NOT NULL CHECK (kind IN ('read', 'command')),
        action        text NOT NULL,
        outcome       smallint NOT NULL,
        request_id    text
      )`);
    await q.query(`CREATE INDEX access_audit_case ON audit.access_audit (case_id, occurred_at)`);
    await q.query(`CREATE INDEX access_audit_principal ON audit.access_audit (principal_id, occurred_at)`);
    await q.query(`CREATE INDEX access_audit_time ON audit.access_audit (occurred_at)`);
    await q.query(`
      CREATE FUNCTION audit.access_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER access_audit_no_change BEFORE UPDATE OR DELETE ON audit.access_audit
        FOR EACH ROW EXECUTE FUNCTION audit.access_audit_append_only()`);
    await q.query(`
      CREATE TRIGGER access_audit_no_truncate BEFORE TRUNCATE ON audit.access_audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit.access_audit_append_only()`);
    await q.query(`REVOKE ALL ON audit.access_audit FROM PUBLIC`);
    // Roles are cluster-wide and test databases migrate in parallel: create it once,
    // tolerating a concurrent creator.
    await q.query(`
      DO $$
      DECLARE
        may_create boolean;
      BEGIN
        SELECT rolcreaterole OR rolsuper INTO may_create FROM pg_roles WHERE rolname = current_user;
        IF NOT may_create THEN
          RAISE NOTICE 'access_audit stays owned by %: no CREATEROLE; the trigger alone keeps it append-only', current_user;
          RETURN;
        END IF;
        BEGIN
          CREATE ROLE ${AUDIT_OWNER_ROLE} NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
        EXECUTE format('GRANT ${AUDIT_OWNER_ROLE} TO %I', current_user);
        ALTER SCHEMA audit OWNER TO ${AUDIT_OWNER_ROLE};
        ALTER TABLE audit.access_audit OWNER TO ${AUDIT_OWNER_ROLE};
        ALTER FUNCTION audit.access_audit_append_only() OWNER TO ${AUDIT_OWNER_ROLE};
        EXECUTE format('GRANT USAGE ON SCHEMA audit TO %I', current_user);
        EXECUTE format('GRANT SELECT, INSERT ON audit.access_audit TO %I', current_user);
        EXECUTE format('GRANT USAGE ON SEQUENCE audit.access_audit_audit_id_seq TO %I', current_user);
        EXECUTE format('REVOKE ${AUDIT_OWNER_ROLE} FROM %I', current_user);
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Dropping the audit trail is an operator's decision, taken as the owner role.
    await q.query(`DROP SCHEMA IF EXISTS audit CASCADE`);
  }
}
