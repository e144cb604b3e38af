import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '@iln/platform';
import { createTestDatabase, TestDatabase } from '@iln/testing';

// scripts/lib/app-role.js, the piece `npm start` can use to run the API and worker as the
// runtime role on its own local PostgreSQL: creates the role (twice is fine) and answers
// the environments for migrate/seed and for the apps.
type Envs = { role: string; ownerEnv: Record<string, string>; appEnv: Record<string, string> };
const SCRIPT = join(__dirname, '..', 'scripts', 'lib', 'app-role.js');

function ensureAppRole(ownerUrl: string, role: string): Envs {
  const code = `require(${JSON.stringify(SCRIPT)}).ensureAppRole(process.argv[1], { role: process.argv[2] }).then((r) => process.stdout.write(JSON.stringify(r)))`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', code, ownerUrl, role], { encoding: 'utf8' }),
  ) as Envs;
}

describe('scripts/lib/app-role.js', () => {
  const role = `iln_app_s_${randomBytes(4).toString('hex')}`;
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
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

  it('creates the runtime role once and gives environments that keep the owner to migrate and seed', async () => {
    const first = ensureAppRole(db.url, role);
    const again = ensureAppRole(db.url, role);
    expect(again).toEqual(first);
    expect(first.ownerEnv.MIGRATION_DATABASE_URL).toBe(db.url);
    expect(first.ownerEnv.DATABASE_APP_ROLE).toBe(role);
    expect(Object.keys(first.appEnv)).toEqual(['DATABASE_URL']);
    expect(new URL(first.appEnv.DATABASE_URL).username).toBe(role);

    await runMigrations(first.ownerEnv.MIGRATION_DATABASE_URL, {
      appRole: first.ownerEnv.DATABASE_APP_ROLE,
    });
    const app = new Client({ connectionString: first.appEnv.DATABASE_URL });
    await app.connect();
    try {
      expect((await app.query(`SELECT current_user AS u`)).rows[0].u).toBe(role);
      await app.query(`SELECT count(*) FROM rm_case_list`);
      await expect(app.query(`CREATE TABLE intruder (x int)`)).rejects.toMatchObject({
        code: '42501',
      });
      await expect(app.query(`DELETE FROM audit.access_audit`)).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await app.end();
    }
  });
});
