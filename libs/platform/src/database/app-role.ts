import { AUDIT_OWNER_ROLE } from './migrations/1700000007700-access-audit';

/** A TypeORM QueryRunner or EntityManager: runs one statement, answers the rows as an array. */
export interface SqlQuery {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

const READ = ['SELECT'] as const;
const APPEND = ['SELECT', 'INSERT'] as const;
const UPSERT = ['SELECT', 'INSERT', 'UPDATE'] as const;
const WRITE = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

/**
 * Everything the running API and worker may do to each table, and nothing more. The
 * migrating role (the owner) grants exactly this to `DATABASE_APP_ROLE` at the end of every
 * `migrate`, after revoking whatever else that role held, so the list is the whole truth.
 * A table missing here is one the service never touches at run time (`migrations`);
 * a test fails when a migration adds a table without a decision here.
 */
export const APP_ROLE_TABLES: Readonly<Record<string, readonly TablePrivilege[] | null>> = {
  // The event log is immutable: appended (es_append, invoker's rights) and read, never changed.
  'public.es_events': APPEND,
  'public.es_streams': UPSERT,
  // Reference data is written by `seed` (run as the owner); the service only reads it.
  'public.localities': READ,
  'public.specialist_services': READ,
  'public.teams': READ,
  'public.practitioners': READ,
  // Operational state written by command handling and the worker.
  'public.case_reference_counters': WRITE,
  'public.case_references': WRITE,
  'public.idempotency_keys': WRITE,
  'public.projection_checkpoints': WRITE,
  'public.follow_up_timers': WRITE,
  'public.follow_up_checkpoints': WRITE,
  // Read models (rebuilt by `projections:rebuild`, which keeps these grants on the swapped tables).
  'public.rm_case_list': WRITE,
  'public.rm_case_detail': WRITE,
  'public.rm_care_plan_versions': WRITE,
  'public.rm_case_timeline': WRITE,
  'public.rm_follow_ups': WRITE,
  'public.rm_specialist_inputs': WRITE,
  'public.rm_safeguarding_concerns': WRITE,
  'public.rm_discharges': WRITE,
  'public.rm_case_notes': WRITE,
  // The dashboard's counts (issue 18).
  'public.rm_dashboard_cases': WRITE,
  'public.rm_dashboard_counts': WRITE,
  'public.rm_dashboard_items': WRITE,
  // Records management (issue 16).
  'public.subject_access_requests': WRITE,
  // Case data keys: made on a case's first append, UPDATE only to destroy one (never DELETE).
  'public.case_keys': UPSERT,
  // Erased cases (id, when, locality): written on disposal, marked disposed, never removed.
  'public.erased_cases': UPSERT,
  // Append-only: read and appended; a trigger and its owner (iln_audit_owner) refuse the rest.
  'audit.access_audit': APPEND,
  // TypeORM's record of migrations: only the migrating role.
  'public.migrations': null,
};

/** Functions the service calls by name (triggers run without an EXECUTE check). */
export const APP_ROLE_FUNCTIONS = [
  'public.es_append(text, bigint, jsonb)',
  // The adapter asks it after a reused event id: an exact repeat, or ids stored elsewhere.
  'public.es_append_repeat(text, bigint, jsonb)',
  // A case's first append with its data key, in one statement (EncryptingEventStore).
  'public.case_key_append(text, bytea, text, text, bigint, jsonb)',
] as const;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A PostgreSQL role name the service accepts for DATABASE_APP_ROLE (lower case, unquoted). */
export function isValidRoleName(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * Grants the runtime role exactly APP_ROLE_TABLES and APP_ROLE_FUNCTIONS in the current
 * database, after revoking everything it held on the schemas' tables, sequences and
 * functions. Runs as the owner, inside a transaction (runMigrations opens one); idempotent. The role must exist (it is
 * a login role the operator creates, with its own password) and must not be the owner.
 */
export async function grantAppRole(q: SqlQuery, role: string): Promise<void> {
  if (!isValidRoleName(role))
    throw new Error(`DATABASE_APP_ROLE: "${role}" is not a plain lower-case role name`);
  const [found] = (await q.query(
    `SELECT r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolbypassrls AS powerful,
            pg_has_role(r.oid, current_user, 'MEMBER') OR pg_has_role(r.oid, d.datdba, 'MEMBER')
              OR EXISTS (SELECT 1 FROM pg_roles a WHERE a.rolname = '${AUDIT_OWNER_ROLE}' AND pg_has_role(r.oid, a.oid, 'MEMBER')) AS acts_as_owner
       FROM pg_roles r, pg_database d WHERE r.rolname = $1 AND d.datname = current_database()`,
    [role],
  )) as Array<{ powerful: boolean; acts_as_owner: boolean }>;
  if (!found)
    throw new Error(
      `DATABASE_APP_ROLE: role ${role} does not exist; create it first (CREATE ROLE ${role} LOGIN PASSWORD '...')`,
    );
  // Either would let it act as the owner (or make itself one), voiding every grant below.
  if (found.acts_as_owner)
    throw new Error(
      `DATABASE_APP_ROLE: ${role} is, or is a member of, the migrating role, the database owner or the audit owner`,
    );
  if (found.powerful)
    throw new Error(
      `DATABASE_APP_ROLE: ${role} must not be SUPERUSER, CREATEROLE, CREATEDB or BYPASSRLS`,
    );

  // The audit table belongs to a login-less owner role when the migrating role could create
  // one (see the access-audit migration): borrow that role's right to grant, as it did.
  const [audit] = (await q.query(
    `SELECT pg_get_userbyid(c.relowner) AS owner, pg_has_role(current_user, c.relowner, 'USAGE') AS member
       FROM pg_class c WHERE c.oid = to_regclass('audit.access_audit')`,
  )) as Array<{ owner: string; member: boolean }>;
  const borrowAuditOwner = audit !== undefined && audit.owner === AUDIT_OWNER_ROLE && !audit.member;
  // Inside the caller's transaction: on any error the borrowed membership rolls back too.
  if (borrowAuditOwner) await q.query(`GRANT ${AUDIT_OWNER_ROLE} TO CURRENT_USER`);
  for (const schema of ['public', 'audit']) {
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${role}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${role}`);
    await q.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${schema} FROM ${role}`);
    await q.query(`REVOKE CREATE ON SCHEMA ${schema} FROM ${role}`);
    await q.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
  }
  // No DDL: no new schemas, and no tables in public even on PostgreSQL before 15, where
  // PUBLIC may create there by default (from 15 on it may not; this changes nothing).
  await q.query(`REVOKE CREATE ON DATABASE "${await currentDatabase(q)}" FROM ${role}`);
  await q.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  for (const [table, privileges] of Object.entries(APP_ROLE_TABLES)) {
    if (!privileges) continue;
    await q.query(`GRANT ${privileges.join(', ')} ON ${table} TO ${role}`);
    // Sequences behind serial / identity columns of tables it inserts into.
    if (privileges.includes('INSERT')) {
      const seqs = (await q.query(
        `SELECT s.oid::regclass::text AS seq FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
          WHERE d.refobjid = $1::regclass AND d.deptype IN ('a', 'i')`,
        [table],
      )) as Array<{ seq: string }>;
      for (const { seq } of seqs) await q.query(`GRANT USAGE ON SEQUENCE ${seq} TO ${role}`);
    }
  }
  for (const fn of APP_ROLE_FUNCTIONS) await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${role}`);
  if (borrowAuditOwner) await q.query(`REVOKE ${AUDIT_OWNER_ROLE} FROM CURRENT_USER`);
}

async function currentDatabase(q: SqlQuery): Promise<string> {
  const [row] = (await q.query(`SELECT current_database() AS name`)) as Array<{ name: string }>;
  return row.name.replace(/"/g, '""');
}
