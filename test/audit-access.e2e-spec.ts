import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import { AccessAuditLog } from '@iln/case-coordination';
import { ApiHarness, startApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';

// Every read and command on a case leaves a row; the service cannot change or remove
// those rows through its own database connection; auditors alone can read them.
describe('access audit', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  let practitioner: string;
  let auditor: string;
  let caseId: string;
  let position: string;

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    // The worker keeps the read models current, so reads can wait for the writes.
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config), { logger: false });
    await worker.init();
    practitioner = await h.token({ sub: 'p-audit-1', roles: ['practitioner'], localities: ['grays'] });
    auditor = await h.token({ sub: 'aud-1', roles: ['auditor'], localities: [] });
    const opened = await h
      .http()
      .post('/api/cases')
      .set('Authorization', `Bearer ${practitioner}`)
      .send({ resident: { givenName: 'Audit', familyName: 'Subject', dateOfBirth: '1941-02-03' }, localityId: 'grays', source: 'gp', reason: 'Falls at home' });
    expect(opened.status).toBe(201);
    caseId = opened.body.caseId;
    position = opened.headers['event-position'];
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  const rows = async (filter: string) =>
    (await h.http().get(`/api/audit/access?${filter}`).set('Authorization', `Bearer ${auditor}`)).body as {
      items: Array<{ userId: string | null; roles: string[]; caseId: string; action: string; kind: string; outcome: number; occurredAt: string }>;
      total: number;
    };

  it('records the command that opened the case, with who, role, case, action and outcome', async () => {
    const page = await rows(`caseId=${caseId}`);
    expect(page.items).toContainEqual(
      expect.objectContaining({ userId: 'p-audit-1', roles: ['practitioner'], caseId, kind: 'command', action: 'POST /api/cases', outcome: 201 }),
    );
  });

  it('records a read of the case and a refused read by someone from another locality', async () => {
    const read = await h.http().get(`/api/cases/${caseId}`).set('Authorization', `Bearer ${practitioner}`).set('Await-Position', position);
    expect(read.status).toBe(200);
    const outsider = await h.token({ sub: 'p-elsewhere', roles: ['practitioner'], localities: ['asop'] });
    const refused = await h.http().get(`/api/cases/${caseId}`).set('Authorization', `Bearer ${outsider}`).set('Await-Position', position);
    expect(refused.status).toBe(404);
    const page = await rows(`caseId=${caseId}`);
    expect(page.items).toContainEqual(expect.objectContaining({ userId: 'p-audit-1', kind: 'read', action: 'GET /api/cases/:id', outcome: 200 }));
    expect(page.items).toContainEqual(expect.objectContaining({ userId: 'p-elsewhere', kind: 'read', action: 'GET /api/cases/:id', outcome: 404 }));
  });

  it('records each case shown on a list page', async () => {
    const list = await h.http().get('/api/cases?q=Subject').set('Authorization', `Bearer ${practitioner}`).set('Await-Position', position);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { caseId: string }) => i.caseId)).toContain(caseId);
    const page = await rows(`caseId=${caseId}&userId=p-audit-1`);
    expect(page.items).toContainEqual(expect.objectContaining({ kind: 'read', action: 'GET /api/cases', outcome: 200 }));
  });

  it('filters by user and time, and pages', async () => {
    const all = await rows('userId=p-audit-1&pageSize=1&page=1');
    expect(all.items).toHaveLength(1);
    expect(all.total).toBeGreaterThanOrEqual(3);
    const future = await rows(`from=${new Date(Date.now() + 3_600_000).toISOString()}`);
    expect(future).toMatchObject({ items: [], total: 0 });
    const bad = await h.http().get('/api/audit/access?from=yesterday').set('Authorization', `Bearer ${auditor}`);
    expect(bad.status).toBe(400);
  });

  it.each([['practitioner'], ['team-manager'], ['safeguarding-lead'], ['admin'], ['front-door'], ['partner']])('refuses %s with 403', async (role) => {
    const token = await h.token({ sub: `someone-${role}`, roles: [role as 'admin'] });
    const res = await h.http().get('/api/audit/access').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
  });

  /** The rows a request left, found by the X-Request-Id it was sent with. */
  const rowsFor = async (requestId: string) =>
    (
      await h.pool.query<{ principal_id: string | null; roles: string[]; organisation: string | null; case_id: string | null; action: string; outcome: number; request_id: string }>(
        'SELECT principal_id, roles, organisation, case_id, action, outcome, request_id FROM audit.access_audit WHERE request_id = $1',
        [requestId],
      )
    ).rows;

  it('records an anonymous 401 on a case without a user id, and shows it to auditors', async () => {
    const res = await h.http().get(`/api/cases/${caseId}`).set('X-Request-Id', 'anon-read-1');
    expect(res.status).toBe(401);
    expect(await rowsFor('anon-read-1')).toEqual([
      { principal_id: null, roles: [], organisation: null, case_id: caseId, action: 'GET /api/cases/:id', outcome: 401, request_id: 'anon-read-1' },
    ]);
    const page = await rows(`caseId=${caseId}`);
    expect(page.items).toContainEqual(expect.objectContaining({ userId: null, organisation: null, kind: 'read', outcome: 401, requestId: 'anon-read-1' }));
  });

  it('records a forged or expired token’s 401 without the user id the token claims', async () => {
    const [header, , signature] = practitioner.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ sub: 'p-audit-1', roles: ['safeguarding-lead'], iss: 'iln-dev', aud: 'iln-api', exp: 9_999_999_999 })).toString('base64url');
    const res = await h.http().post(`/api/cases/${caseId}/notes`).set('Authorization', `Bearer ${header}.${forgedClaims}.${signature}`).set('X-Request-Id', 'forged-1').send({ text: 'x' });
    expect(res.status).toBe(401);
    expect(await rowsFor('forged-1')).toEqual([expect.objectContaining({ principal_id: null, case_id: caseId, action: 'POST /api/cases/:id/notes', outcome: 401 })]);
  });

  it('keeps whatever a refused client typed in the path out of the audit', async () => {
    const res = await h.http().get('/api/cases/Mary%20Smith%201941-02-03').set('X-Request-Id', 'typed-name-1');
    expect(res.status).toBe(401);
    expect(await rowsFor('typed-name-1')).toEqual([expect.objectContaining({ principal_id: null, case_id: null, action: 'GET /api/cases/:id', outcome: 401 })]);
  });

  it('records role refusals by the guard and by the handler, with who was refused', async () => {
    const partner = await h.token({ sub: 'nhs-audit-1', roles: ['partner'], organisation: 'nelft', localities: [] });
    const toAudit = await h.http().get('/api/audit/access').set('Authorization', `Bearer ${partner}`).set('X-Request-Id', 'partner-audit-1');
    expect(toAudit.status).toBe(403);
    expect(await rowsFor('partner-audit-1')).toEqual([
      expect.objectContaining({ principal_id: 'nhs-audit-1', roles: ['partner'], organisation: 'nelft', case_id: null, action: 'GET /api/audit/access', outcome: 403 }),
    ]);
    const elsewhere = await h
      .http()
      .post('/api/cases')
      .set('Authorization', `Bearer ${practitioner}`)
      .set('X-Request-Id', 'open-asop-1')
      .send({ resident: { givenName: 'Other', familyName: 'Place', dateOfBirth: '1950-01-01' }, localityId: 'asop', source: 'gp', reason: 'Falls' });
    expect(elsewhere.status).toBe(403);
    expect(await rowsFor('open-asop-1')).toEqual([expect.objectContaining({ principal_id: 'p-audit-1', case_id: null, action: 'POST /api/cases', outcome: 403 })]);
  });

  it('records a 404 for a case that does not exist as for one the caller may not see', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const res = await h.http().post(`/api/cases/${unknown}/notes`).set('Authorization', `Bearer ${practitioner}`).set('X-Request-Id', 'unknown-case-1').send({ text: 'Hello' });
    expect(res.status).toBe(404);
    expect(await rowsFor('unknown-case-1')).toEqual([expect.objectContaining({ principal_id: 'p-audit-1', case_id: unknown, outcome: 404 })]);
  });

  it('stores a client’s X-Request-Id only when well-formed, else the id the server made for the request', async () => {
    const ok = 'client.req-ID_01';
    await h.http().get(`/api/cases/${caseId}`).set('Authorization', `Bearer ${practitioner}`).set('X-Request-Id', ok);
    expect(await rowsFor(ok)).toHaveLength(1);

    for (const bad of ['x'.repeat(65), 'name Mary Smith', 'a;DROP TABLE', 'é']) {
      const res = await h.http().get(`/api/cases/${caseId}`).set('Authorization', `Bearer ${practitioner}`).set('X-Request-Id', bad);
      expect(res.status).toBe(200);
      const serverId = res.headers['x-request-id'];
      expect(serverId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await rowsFor(bad)).toEqual([]);
      expect(await rowsFor(serverId)).toEqual([expect.objectContaining({ principal_id: 'p-audit-1', case_id: caseId, outcome: 200 })]);
    }
  });

  it('cannot be updated, deleted or truncated through the service’s own database connection', async () => {
    const pool = h.app.get(Pool);
    const before = await pool.query<{ n: string }>('SELECT count(*) AS n FROM audit.access_audit');
    expect(Number(before.rows[0].n)).toBeGreaterThan(0);
    await expect(pool.query(`UPDATE audit.access_audit SET principal_id = 'someone-else'`)).rejects.toThrow(/append-only|permission denied/);
    await expect(pool.query('DELETE FROM audit.access_audit')).rejects.toThrow(/append-only|permission denied/);
    await expect(pool.query('TRUNCATE audit.access_audit')).rejects.toThrow(/append-only|permission denied/);
    await expect(pool.query('ALTER TABLE audit.access_audit DISABLE TRIGGER access_audit_no_change')).rejects.toThrow(/must be owner|permission denied/);
    await expect(pool.query('DROP SCHEMA audit CASCADE')).rejects.toThrow(/must be owner|permission denied/);
    await expect(pool.query('DROP TABLE audit.access_audit')).rejects.toThrow(/must be owner|permission denied/);
    const after = await pool.query<{ n: string; changed: string }>(`SELECT count(*) AS n, count(*) FILTER (WHERE principal_id = 'someone-else') AS changed FROM audit.access_audit`);
    expect(Number(after.rows[0].n)).toBeGreaterThanOrEqual(Number(before.rows[0].n));
    expect(after.rows[0].changed).toBe('0');
  });

  it('refuses a read it cannot record (503, no case data) but lets a stored command answer', async () => {
    const log = h.app.get(AccessAuditLog);
    const spy = jest.spyOn(log, 'record').mockRejectedValue(new Error('audit store down'));
    try {
      const read = await h.http().get(`/api/cases/${caseId}`).set('Authorization', `Bearer ${practitioner}`);
      expect(read.status).toBe(503);
      expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(read.body)).not.toMatch(/Audit|Subject|1941/);
      const note = await h.http().post(`/api/cases/${caseId}/notes`).set('Authorization', `Bearer ${practitioner}`).send({ text: 'Called the GP' });
      expect(note.status).toBe(201);
      const metrics = await h.http().get('/metrics');
      // The read's row and the row for its refusal both failed; the note's row once.
      expect(metrics.text).toMatch(/access_audit_write_failures_total\{[^}]*kind="read"[^}]*\} 2/);
      expect(metrics.text).toMatch(/access_audit_write_failures_total\{[^}]*kind="command"[^}]*\} 1/);
    } finally {
      spy.mockRestore();
    }
  });
});
