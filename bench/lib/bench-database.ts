import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '@iln/platform';
import { upsertReferenceData } from '@iln/case-coordination/seed/reference-data.seed';

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin<T>(baseUrl: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: withDatabase(baseUrl, 'postgres') });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/**
 * A fresh, migrated database of the benchmark's own, so figures never depend on (or
 * disturb) whatever the developer's database holds; dropped when the run ends.
 */
export async function createBenchDatabase(baseUrl: string): Promise<BenchDatabase> {
  const name = `iln_bench_${randomBytes(5).toString('hex')}`;
  await admin(baseUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(baseUrl, name);
  await runMigrations(url);
  // The localities, services and teams the seeded service starts with: commands name them.
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await upsertReferenceData(c);
  } finally {
    await c.end();
  }
  return { url, name, drop: () => dropBenchDatabase(baseUrl, name) };
}

/** How long a drop waits for an autovacuum worker to leave the database. */
const AUTOVACUUM_GRACE_MS = 300_000;

/**
 * Drops the database. PostgreSQL 15 refuses `DROP DATABASE ... WITH (FORCE)` to a role that
 * is not a superuser while an autovacuum worker is in the database (42501, "must be a
 * member of the role whose process is being terminated"), and after a measure's bulk
 * writes one often is. So: no new connections (autovacuum then starts no new worker
 * there), and drop again each time the worker has gone, for at most five minutes. A drop
 * that still fails leaves the database behind with a warning naming it, rather than
 * throwing away the figures the measure has taken.
 */
async function dropBenchDatabase(baseUrl: string, name: string): Promise<void> {
  await admin(baseUrl, async (c) => {
    await c.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`).catch(() => undefined);
    const deadline = Date.now() + AUTOVACUUM_GRACE_MS;
    for (;;) {
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== '42501' || Date.now() > deadline) {
          process.stderr.write(`[bench] could not drop ${name} (${(e as Error).message}); drop it by hand\n`);
          return;
        }
      }
      // Wait until no autovacuum worker is in the database any more, then drop again.
      const { rows } = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'autovacuum worker'`,
        [name],
      );
      if (rows[0].n > 0) await new Promise((r) => setTimeout(r, 200));
    }
  });
}
