import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '@iln/platform/database/data-source';
import { waitFor } from '@iln/test-kit';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the tests with \`npm test\`, which provides PostgreSQL and Redis`);
  }
  return value;
}

export function testRedisUrl(): string {
  return requireEnv('REDIS_URL');
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

const LEFTOVER_SESSIONS_GRACE_MS = 5_000;

/** A connection to the server's `postgres` database; its errors reach the awaiting query. */
function adminClient(baseUrl: string): Client {
  const client = new Client({ connectionString: withDatabase(baseUrl, 'postgres') });
  client.on('error', () => undefined);
  return client;
}

/**
 * A fresh, fully migrated database of its own for one test file, so test files can run
 * in parallel against the one local PostgreSQL without seeing each other's rows.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const baseUrl = requireEnv('DATABASE_URL');
  // The creation time in the name lets `npm test` clear out stale databases without
  // touching those of a run still in progress on the same server.
  const name = `iln_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = adminClient(baseUrl);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(baseUrl, name);
  if (options.migrate ?? true) await runMigrations(url);
  return {
    url,
    name,
    async drop() {
      const c = adminClient(baseUrl);
      await c.connect();
      try {
        // Close what uses the database before dropping it. Even then, pg's Pool.end()
        // resolves before its idle connections have closed, and a FORCE drop that
        // terminates one of them (57P01) makes its pool emit 'error', which crashed test
        // files whose pools had no listener. So: wait until the other sessions have gone
        // (bounded), and FORCE only what a test really left behind.
        await waitFor(
          async () => {
            const sql = 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()';
            const { rows } = await c.query<{ n: number }>(sql, [name]);
            return rows[0].n === 0;
          },
          { timeoutMs: LEFTOVER_SESSIONS_GRACE_MS, intervalMs: 20, description: `sessions on ${name} to close` },
        ).catch(() => undefined);
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
