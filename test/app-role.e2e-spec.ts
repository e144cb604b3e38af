import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { CaseKeys, KeyEncryptionKeys } from '@iln/case-coordination';
import { APP_ROLE_TABLES, runMigrations } from '@iln/platform';
import {
  createTestDatabase,
  freePort,
  RunningProcess,
  startCompiled,
  TestDatabase,
  testRedisUrl,
  TEST_DATA_KEY_ENCRYPTION_KEY,
  waitFor,
  waitForHttp,
} from '@iln/testing';

// The service as deployed: `migrate` and `seed` run as the owner (MIGRATION_DATABASE_URL)
// and grant DATABASE_APP_ROLE exactly what the API and worker need; the API and worker
// connect as that role. The role is created here (roles are cluster-wide: a unique name,
// dropped afterwards) and has no privilege of its own.
// Refused by privileges, not by the audit's trigger (which would answer 42501 too).
const DENIED = /^42501 (permission denied|must be owner)/;

describe('runtime database role (DATABASE_APP_ROLE)', () => {
  const role = `iln_app_t_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let db: TestDatabase;
  let appUrl: string;
  let ownerEnv: Record<string, string>;
  let api: RunningProcess | undefined;
  let worker: RunningProcess | undefined;
  let base: string;
  let workerBase: string;

  const asOwner = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const asApp = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: appUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  /** The SQLSTATE and message the runtime role gets for `sql`, or 'ok'. */
  const refusal = (sql: string) =>
    asApp(async (c) => {
      try {
        await c.query(sql);
        return 'ok';
      } catch (e) {
        return `${(e as { code?: string }).code} ${(e as Error).message}`;
      }
    });
  const cli = async (command: string[], env: Record<string, string>) => {
    const run = startCompiled('apps/worker/src/cli.js', env, command);
    const { code } = await run.exited;
    if (code !== 0) throw new Error(`${command.join(' ')} exited ${code}: ${run.output()}`);
    return run.output();
  };

  /**
   * With psql on the machine (it comes with the PostgreSQL that `npm test` runs), through
   * deploy/postgres/10-app-role.sh, as the postgres image runs it on a new volume; twice,
   * since it must tolerate an existing role. Without psql, the same statement directly.
   */
  async function createRoleAsComposeDoes(): Promise<void> {
    const owner = new URL(db.url);
    const env = {
      PATH: process.env.PATH,
      PGHOST: owner.hostname,
      PGPORT: owner.port,
      PGPASSWORD: decodeURIComponent(owner.password),
      POSTGRES_USER: decodeURIComponent(owner.username),
      POSTGRES_DB: db.name,
      APP_DB_USER: role,
      APP_DB_PASSWORD: password,
    };
    if (spawnSync('psql', ['--version']).status !== 0) {
      await asOwner((c) => c.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`));
      return;
    }
    for (let i = 0; i < 2; i += 1) {
      const run = spawnSync('sh', [join(__dirname, '..', 'deploy', 'postgres', '10-app-role.sh')], {
        env,
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`10-app-role.sh exited ${run.status}: ${run.stderr}`);
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await createRoleAsComposeDoes();
    const u = new URL(db.url);
    u.username = role;
    u.password = password;
    appUrl = u.toString();
    const port = await freePort();
    const workerPort = await freePort();
    // As compose runs it: one environment, the app's URL, the owner's for migrate and seed.
    ownerEnv = {
      DATABASE_URL: appUrl,
      MIGRATION_DATABASE_URL: db.url,
      DATABASE_APP_ROLE: role,
      REDIS_URL: testRedisUrl(),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    };
    expect(await cli(['migrate'], ownerEnv)).toContain(`runtime role ${role}: privileges granted`);
    await cli(['seed'], ownerEnv);
    const env = {
      ...ownerEnv,
      PORT: String(port),
      WORKER_PORT: String(workerPort),
      QUEUE_PREFIX: `ar${port}`,
    };
    api = startCompiled('apps/api/src/main.js', env);
    worker = startCompiled('apps/worker/src/main.js', env);
    base = `http://127.0.0.1:${port}`;
    workerBase = `http://127.0.0.1:${workerPort}`;
    await waitForHttp(`${base}/health/ready`);
    await waitForHttp(`${workerBase}/health/ready`);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await db?.drop();
    const admin = new Client({
      connectionString: Object.assign(new URL(db.url), { pathname: '/postgres' }).toString(),
    });
    await admin.connect();
    try {
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      await admin.end();
    }
  });

  async function call(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }
  async function token(sub: string, roles: string[]): Promise<string> {
    const res = await call('POST', '/api/auth/dev-token', null, {
      sub,
      name: 'Role Tester',
      roles,
      organisation: 'thurrock-council',
      localities: ['*'],
    });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  it('runs the API and the worker as that role: commands, projections, follow-up timers, queries and the audit', async () => {
    const sessions = await asOwner((c) =>
      c.query<{ usename: string }>(
        `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'iln-%'`,
        [db.name],
      ),
    );
    expect(sessions.rows.map((r) => r.usename)).toEqual([role]);

    const practitioner = await token('p-role-1', ['practitioner']);
    const opened = await call('POST', '/api/cases', practitioner, {
      resident: {
        givenName: 'Ada',
        familyName: 'Rolewright',
        dateOfBirth: '1941-02-03',
        nhsNumber: '9434765919',
      },
      localityId: 'grays',
      source: 'family',
      reason: 'Carer unwell',
    });
    expect(`${opened.status} ${JSON.stringify(opened.body)}`).toMatch(/^201 /);
    const caseId = opened.body.caseId as string;
    const note = await call(
      'POST',
      `/api/cases/${caseId}/notes`,
      practitioner,
      { text: 'Visited today' },
      { 'Idempotency-Key': randomBytes(8).toString('hex') },
    );
    expect(note.status).toBe(201);
    const position = note.headers.get('event-position')!;

    // The worker projected both commands (read models, checkpoints) and the API reads them.
    const detail = await call('GET', `/api/cases/${caseId}`, practitioner, undefined, {
      'Await-Position': position,
    });
    expect(detail.status).toBe(200);
    expect(detail.body.caseId).toBe(caseId);
    const timeline = await call('GET', `/api/cases/${caseId}/timeline`, practitioner, undefined, {
      'Await-Position': position,
    });
    expect(timeline.status).toBe(200);
    // The follow-up scheduler wrote its timer (opening a case schedules allocating a coordinator).
    await waitFor(
      async () =>
        Number(
          (await asOwner((c) => c.query(`SELECT count(*) AS n FROM follow_up_timers`))).rows[0].n,
        ) > 0,
      {
        description: 'a follow-up timer written by the worker',
      },
    );
    // Every read above was audited (INSERT) and an auditor reads the audit (SELECT).
    const audit = await call(
      'GET',
      `/api/audit/access?caseId=${caseId}`,
      await token('p-role-aud', ['auditor']),
    );
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('p-role-1');
    const ready = await fetch(`${workerBase}/health/ready`);
    expect(ready.status).toBe(200);
  });

  it('cannot change or empty the access audit, nor rewrite the event log', async () => {
    const before = await asOwner(
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM audit.access_audit`)).rows[0].n as number,
    );
    expect(before).toBeGreaterThan(0);
    expect(await refusal(`UPDATE audit.access_audit SET principal_id = 'someone-else'`)).toMatch(
      DENIED,
    );
    expect(await refusal(`DELETE FROM audit.access_audit`)).toMatch(DENIED);
    expect(await refusal(`TRUNCATE audit.access_audit`)).toMatch(DENIED);
    expect(
      await refusal(`ALTER TABLE audit.access_audit DISABLE TRIGGER access_audit_no_change`),
    ).toMatch(DENIED);
    expect(await refusal(`UPDATE es_events SET data = '{}'`)).toMatch(DENIED);
    expect(await refusal(`DELETE FROM es_events`)).toMatch(DENIED);
    expect(await refusal(`DELETE FROM es_streams`)).toMatch(DENIED);
    // Reference data is the seed's (run as the owner): read, never written.
    expect(await refusal(`UPDATE localities SET name = 'x'`)).toMatch(DENIED);
    expect(await refusal(`SELECT * FROM migrations`)).toMatch(DENIED);
    // What it may do to the audit, it can: append and read.
    expect(
      await refusal(
        `INSERT INTO audit.access_audit (principal_id, roles, organisation, kind, action, outcome) VALUES ('p-role-x', '{}', 'o', 'read', 'probe', 200)`,
      ),
    ).toBe('ok');
    const after = await asOwner(
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM audit.access_audit`)).rows[0].n as number,
    );
    expect(after).toBeGreaterThanOrEqual(before + 1);
  });

  it('keeps case keys: made by the API as that role, destroyed by it (UPDATE, NOTIFY), never deleted', async () => {
    const keyed = await asOwner(
      async (c) => (await c.query(`SELECT case_id FROM case_keys WHERE wrapped_key IS NOT NULL`)).rows as Array<{ case_id: string }>,
    );
    expect(keyed.length).toBeGreaterThan(0);
    // The resident opened above is in no event in clear.
    const clear = await asOwner(
      async (c) => (await c.query(`SELECT count(*)::int AS n FROM es_events WHERE data::text LIKE '%Rolewright%'`)).rows[0].n as number,
    );
    expect(clear).toBe(0);
    expect(await refusal(`DELETE FROM case_keys`)).toMatch(DENIED);
    expect(await refusal(`TRUNCATE case_keys`)).toMatch(DENIED);
    const pool = new Pool({ connectionString: appUrl, max: 1 });
    const keys = new CaseKeys(pool, new KeyEncryptionKeys(Buffer.from(TEST_DATA_KEY_ENCRYPTION_KEY, 'base64')));
    try {
      // A case of its own (the cases above are rebuilt by a later test): made, then destroyed.
      const caseId = `role-${randomBytes(4).toString('hex')}`;
      await keys.keyForAppend(caseId);
      const at = new Date('2026-06-01T00:00:00Z');
      await keys.destroy(caseId, at);
      expect(await keys.destroyedAt(caseId)).toEqual(at);
      expect(await keys.destroyedAt(keyed[0].case_id)).toBeNull();
    } finally {
      await keys.close();
      await pool.end();
    }
  });

  it('cannot create, alter, drop or empty anything (no DDL)', async () => {
    for (const sql of [
      `CREATE TABLE public.intruder (x int)`,
      `CREATE TABLE audit.intruder (x int)`,
      `CREATE SCHEMA intruder`,
      `CREATE FUNCTION public.intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
      `DROP TABLE rm_case_list`,
      `DROP TABLE audit.access_audit`,
      `DROP SCHEMA audit CASCADE`,
      `ALTER TABLE rm_case_list ADD COLUMN intruder int`,
      `TRUNCATE rm_case_list`,
      `TRUNCATE es_events`,
      `CREATE INDEX intruder ON rm_case_list (status)`,
    ]) {
      const answer = await refusal(sql);
      expect({ sql, answer: DENIED.test(answer) ? 'denied' : answer }).toEqual({
        sql,
        answer: 'denied',
      });
    }
  });

  it('holds exactly the declared privileges, on every table there is', async () => {
    const granted = await asOwner((c) =>
      c.query<{ t: string; p: string }>(
        `SELECT n.nspname || '.' || c.relname AS t, a.privilege_type AS p
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
          WHERE c.relkind IN ('r', 'p') AND a.grantee = $1::regrole`,
        [role],
      ),
    );
    const actual: Record<string, string[]> = {};
    for (const r of granted.rows) (actual[r.t] ??= []).push(r.p);
    const expected: Record<string, string[]> = {};
    for (const [t, ps] of Object.entries(APP_ROLE_TABLES)) if (ps) expected[t] = [...ps].sort();
    for (const t of Object.keys(actual)) actual[t].sort();
    expect(actual).toEqual(expected);
    // A table a migration adds must get a decision in APP_ROLE_TABLES.
    const tables = await asOwner((c) =>
      c.query<{ t: string }>(
        `SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname IN ('public', 'audit')`,
      ),
    );
    expect(tables.rows.map((r) => r.t).sort()).toEqual(Object.keys(APP_ROLE_TABLES).sort());
  });

  it('keeps the grants on read models that projections:rebuild swaps in', async () => {
    const before = await asOwner(
      async (c) =>
        (await c.query(`SELECT 'public.rm_case_list'::regclass::oid AS oid`)).rows[0].oid as number,
    );
    await cli(['projections:rebuild', 'case-list'], ownerEnv);
    const after = await asOwner(
      async (c) =>
        (await c.query(`SELECT 'public.rm_case_list'::regclass::oid AS oid`)).rows[0].oid as number,
    );
    expect(after).not.toBe(before); // a new table was swapped in ...
    const privileges = await asOwner(async (c) =>
      (
        await c.query<{ p: string }>(
          `SELECT privilege_type AS p FROM aclexplode((SELECT relacl FROM pg_class WHERE oid = 'public.rm_case_list'::regclass)) WHERE grantee = $1::regrole`,
          [role],
        )
      ).rows.map((r) => r.p),
    );
    expect(privileges.sort()).toEqual(['DELETE', 'INSERT', 'SELECT', 'UPDATE']); // ... with the role's grants
    const list = await call('GET', '/api/cases', await token('p-role-2', ['team-manager']));
    expect(list.status).toBe(200);
  });

  it('left no warning or error in what the API and worker logged', () => {
    // Everything above ran through them as the role. A refused statement anywhere (a timer,
    // a checkpoint, an idempotency record, a retry loop) is logged at warn or above, often
    // without its cause (no SQL in logs), so any such line counts.
    const problems = `${api!.output()}\n${worker!.output()}`
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg?: string; context?: string })
      .filter((entry) => entry.level >= 40)
      .map((entry) => `${entry.context ?? ''}: ${entry.msg ?? ''}`);
    expect(problems).toEqual([]);
  });

  it('refuses to grant to a role that could act as the owner', async () => {
    await expect(runMigrations(db.url, { appRole: new URL(db.url).username })).rejects.toThrow(
      /DATABASE_APP_ROLE/,
    );
    const strong = `${role}_cr`;
    await asOwner((c) => c.query(`CREATE ROLE ${strong} LOGIN CREATEROLE`));
    try {
      await expect(runMigrations(db.url, { appRole: strong })).rejects.toThrow(/CREATEROLE/);
      await asOwner((c) => c.query(`ALTER ROLE ${strong} NOCREATEROLE`));
      await asOwner((c) => c.query(`GRANT ${new URL(db.url).username} TO ${strong}`));
      await expect(runMigrations(db.url, { appRole: strong })).rejects.toThrow(/member/);
      await expect(runMigrations(db.url, { appRole: `${role}_missing` })).rejects.toThrow(
        /does not exist/,
      );
    } finally {
      await asOwner((c) => c.query(`DROP ROLE ${strong}`));
    }
  });
});
