import { Pool } from 'pg';
import type { QueryRunner } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@iln/testing';
import { CaseDetailConsentPerOrganisation1700000013200 } from './1700000013200-case-detail-consent-per-organisation';

// A case-detail document stored with v1's one consent record is rewritten per organisation,
// so the read policy's SQL (which reads the new shape) admits the organisations it listed.
describe('migration: case-detail consent per organisation (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const store = (caseId: string, consent: unknown) =>
    pool.query(
      `INSERT INTO rm_case_detail (case_id, version, locality_id, document, updated_at) VALUES ($1, 1, 'grays', $2, now())`,
      [caseId, JSON.stringify({ caseId, consent })],
    );
  const consentOf = async (caseId: string) =>
    (await pool.query(`SELECT document->'consent' AS consent FROM rm_case_detail WHERE case_id = $1`, [caseId])).rows[0].consent;

  it('gives the v1 status to each organisation listed, and leaves new and empty records alone', async () => {
    await store('v1', { status: 'refused', organisations: ['nelft', 'mind'], recordedAt: '2026-01-02T09:00:00.000Z' });
    const current = { organisations: [{ organisation: 'nelft', status: 'given', recordedAt: '2026-02-01T09:00:00.000Z' }], overrides: [] };
    await store('v11', current);
    await store('none', null);

    const runner = { query: (sql: string) => pool.query(sql) } as unknown as QueryRunner;
    await new CaseDetailConsentPerOrganisation1700000013200().up(runner);
    await new CaseDetailConsentPerOrganisation1700000013200().up(runner);

    expect(await consentOf('v1')).toEqual({
      organisations: [
        { organisation: 'nelft', status: 'refused', recordedAt: '2026-01-02T09:00:00.000Z' },
        { organisation: 'mind', status: 'refused', recordedAt: '2026-01-02T09:00:00.000Z' },
      ],
      overrides: [],
    });
    expect(await consentOf('v11')).toEqual(current);
    expect(await consentOf('none')).toBeNull();
  });
});
