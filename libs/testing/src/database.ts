import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '@iln/platform/database/data-source';

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

/**
 * A fresh, fully migrated database of its own for one test file, so test files can run
 * in parallel against the one local PostgreSQL without seeing each other's rows.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const baseUrl = requireEnv('DATABASE_URL');
  // The creation time in the name lets `npm test` clear out stale databases without
  // touching those of a run still in progress on the same server.
  const name = `iln_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabase(baseUrl, 'postgres') });
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
      const c = new Client({ connectionString: withDatabase(baseUrl, 'postgres') });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
