import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_OWNER_ROLE } from './1700000007700-access-audit';

// Refused requests are audited too (API.md v1.1), and a 401 proves no identity: who
// and organisation may be unknown. The table belongs to the audit owner role where the
// migrating role could create it, so the change is made as that owner, then the
// membership is given up again so the service cannot alter the table afterwards.
export class AccessAuditAnonymous1700000009400 implements MigrationInterface {
  name = 'AccessAuditAnonymous1700000009400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE
        owner_role text;
      BEGIN
        SELECT tableowner INTO owner_role FROM pg_tables WHERE schemaname = 'audit' AND tablename = 'access_audit';
        IF owner_role = '${AUDIT_OWNER_ROLE}' AND NOT pg_has_role(current_user, '${AUDIT_OWNER_ROLE}', 'MEMBER') THEN
          EXECUTE format('GRANT ${AUDIT_OWNER_ROLE} TO %I', current_user);
          ALTER TABLE audit.access_audit ALTER COLUMN principal_id DROP NOT NULL, ALTER COLUMN organisation DROP NOT NULL;
          EXECUTE format('REVOKE ${AUDIT_OWNER_ROLE} FROM %I', current_user);
        ELSE
          ALTER TABLE audit.access_audit ALTER COLUMN principal_id DROP NOT NULL, ALTER COLUMN organisation DROP NOT NULL;
        END IF;
      END
      $$`);
  }

  async down(): Promise<void> {
    // Rows without an identity may exist by then; the audit is never rewritten to fit.
  }
}
