import { Client } from 'pg';
import { createTestDatabase } from './database';
import { waitFor } from '@iln/test-kit';

async function exists(url: string, name: string): Promise<boolean> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  try {
    const { rows } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rows.length === 1;
  } finally {
    await c.end();
  }
}

// A test database is dropped WITH (FORCE). It used to terminate sessions that were
// closing anyway (pg's Pool.end() resolves before its connections have gone), and the
// 57P01 that killed them crashed the test file from a pool with no 'error' listener.
describe('test databases', () => {
  it('drop() lets a session that is closing (an app shutting down) go instead of terminating it', async () => {
    const db = await createTestDatabase({ migrate: false });
    const client = new Client({ connectionString: db.url });
    const errors: string[] = [];
    client.on('error', (e: Error & { code?: string }) => errors.push(e.code ?? e.message));
    await client.connect();
    await client.query('SELECT 1');
    // The app under test finishes closing a moment after the test asks for the drop.
    const closing = new Promise<void>((resolve) =>
      setTimeout(() => void client.end().then(resolve), 300),
    );
    await db.drop();
    await closing;
    expect(errors).toEqual([]);
    expect(await exists(db.url, db.name)).toBe(false);
  });

  it('drop() still removes a database a leaked session holds on to', async () => {
    const db = await createTestDatabase({ migrate: false });
    const leaked = new Client({ connectionString: db.url });
    const errors: string[] = [];
    leaked.on('error', (e: Error & { code?: string }) => errors.push(e.code ?? e.message));
    await leaked.connect();
    await db.drop();
    expect(await exists(db.url, db.name)).toBe(false);
    await waitFor(() => errors.length > 0, {
      description: 'the leaked session to hear it was terminated',
    });
    expect(errors[0]).toBe('57P01');
  });
});
