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
  return {
    url,
    name,
    drop: () => admin(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
