import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@iln/testing';
import { PostgresAccessAuditLog, type AccessAuditEntry } from './access-audit.log';

const entry = (requestId: string, over: Partial<AccessAuditEntry> = {}): AccessAuditEntry => ({
  principalId: 'p-1',
  roles: ['practitioner'],
  organisation: 'council',
  caseId: null,
  kind: 'command',
  action: 'POST /api/cases/:id/notes',
  outcome: 201,
  requestId,
  ...over,
});

// Requests that finish together share one INSERT (group commit); each is told only
// once its own rows are committed, and one request's bad rows never fail another's.
describe('PostgresAccessAuditLog', () => {
  let db: TestDatabase;
  let pool: Pool;
  let inserts: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 4 });
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    jest.spyOn(pool, 'query').mockImplementation(((...args: unknown[]) => {
      if (String(args[0]).includes('INSERT INTO audit.access_audit')) inserts++;
      return query(...args);
    }) as never);
  });
  beforeEach(() => {
    inserts = 0;
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const stored = async (prefix: string) =>
    (await pool.query<{ request_id: string }>(`SELECT request_id FROM audit.access_audit WHERE request_id LIKE $1 ORDER BY request_id`, [`${prefix}%`])).rows.map(
      (r) => r.request_id,
    );

  it('writes the rows of 100 requests at once in one INSERT, each resolved only when its row is committed', async () => {
    const log = new PostgresAccessAuditLog(pool);
    const ids = Array.from({ length: 100 }, (_, i) => `batch-${String(i).padStart(3, '0')}`);
    const seen: string[][] = [];
    await Promise.all(
      ids.map(async (id) => {
        await log.record([entry(id)]);
        // Committed by then: another session sees it.
        seen.push(await stored(id));
      }),
    );
    expect(seen.every((rows) => rows.length === 1)).toBe(true);
    expect(await stored('batch-')).toEqual(ids);
    expect(inserts).toBe(1);
  });

  it('writes a lone request at once, in one INSERT', async () => {
    const log = new PostgresAccessAuditLog(pool);
    await log.record([entry('alone-1'), entry('alone-2')]);
    expect(await stored('alone-')).toEqual(['alone-1', 'alone-2']);
    expect(inserts).toBe(1);
  });

  it('fails only the request whose rows the database refuses, when it shared an INSERT with others', async () => {
    const log = new PostgresAccessAuditLog(pool);
    const results = await Promise.allSettled([
      log.record([entry('mixed-a')]),
      // kind is checked by the table: this row cannot be stored.
      log.record([entry('mixed-b', { kind: 'bogus' as never })]),
      log.record([entry('mixed-c'), entry('mixed-d')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await stored('mixed-')).toEqual(['mixed-a', 'mixed-c', 'mixed-d']);
  });

  it('rejects every waiting request when the database is unreachable, and recovers after', async () => {
    const broken = new Pool({ connectionString: db.url.replace(/\/[^/]*$/, '/no_such_database_here'), max: 1 });
    const log = new PostgresAccessAuditLog(broken);
    try {
      const results = await Promise.allSettled([log.record([entry('down-1')]), log.record([entry('down-2')])]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      await log.drain();
    } finally {
      await broken.end();
    }
    expect(await stored('down-')).toEqual([]);
    const working = new PostgresAccessAuditLog(pool);
    await working.record([entry('down-3')]);
    expect(await stored('down-')).toEqual(['down-3']);
  });
});
