import { waitFor } from '@iln/test-kit';
import { createTestDatabase, TestDatabase } from '@iln/testing/database';
import { Pool, type Notification } from 'pg';
import { ChannelListener } from './channel-listener';

// The one reconnecting LISTEN connection behind the store's wake-ups, the reference-data
// cache and the case-key cache: a lost connection is a gap, and listening resumes.
describe('ChannelListener (PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    pool = new Pool({ connectionString: db.url, max: 2 });
    pool.on('error', () => undefined);
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('hears its own channel only, reports a gap when it starts and when its connection is lost, and listens again after', async () => {
    const heard: string[] = [];
    let gaps = 0;
    const listener = new ChannelListener({ connectionString: db.url, application_name: 'iln-channel-listener-spec' }, 'iln_spec_channel', {
      notified: (n: Notification) => heard.push(n.payload ?? ''),
      gap: () => {
        gaps += 1;
      },
    });
    try {
      await listener.start();
      expect(listener.listening).toBe(true);
      expect(gaps).toBe(1);
      await pool.query(`SELECT pg_notify('iln_other_channel', 'not mine'), pg_notify('iln_spec_channel', 'one')`);
      await waitFor(() => heard.includes('one'), { description: 'the first notification' });
      expect(heard).toEqual(['one']);

      // The server ends the listening session (a restart, a failover, an operator).
      await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'iln-channel-listener-spec'`);
      await waitFor(() => gaps >= 2, { description: 'the loss to be reported as a gap' });
      await waitFor(() => listener.listening && gaps >= 3, { description: 'listening again (a gap reported on reconnecting)' });
      await pool.query(`SELECT pg_notify('iln_spec_channel', 'two')`);
      await waitFor(() => heard.includes('two'), { description: 'a notification after the reconnect' });
    } finally {
      await listener.close();
    }
    expect(listener.listening).toBe(false);
    await waitFor(
      async () => (await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'iln-channel-listener-spec'`)).rows[0].n === 0,
      { description: 'the listening session to end on close' },
    );
  });
});
