import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EventStore } from '@iln/event-store';
import { CaseDisposal, CaseKeys, RETENTION_PRINCIPAL } from '@iln/case-coordination';
import { waitFor, type ApiHarness, type TokenClaims } from '@iln/testing';
import { RetentionSchedule } from '../apps/worker/src/records/retention.module';
import { rebuildProjectionsCommand } from '../apps/worker/src/projections/rebuild.command';
import { apiWithWorker, problemType, type Res } from './api-with-worker';
import { openBody, streamLength } from './cases-helpers';

// API.md "Records management" (issue 16), erasure and disposal over HTTP, with the worker
// running (projections, follow-up timers, retention): who may erase, the legal hold, the
// 410 on every route afterwards, what lists and counts keep, idempotency records, subject
// access, a rebuild after the disposal, a disposal interrupted by a crash, and the daily
// retention run.

describe('erasure', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  let store: EventStore;
  const people: Record<string, TokenClaims> = {
    tm: { sub: 'e-tm', roles: ['team-manager'], localities: ['grays'] },
    lead: { sub: 'e-lead', roles: ['safeguarding-lead'], localities: ['grays'] },
    officer: { sub: 'e-officer', roles: ['records-officer'], localities: [] },
    auditor: { sub: 'e-auditor', roles: ['auditor'], localities: ['*'] },
    admin: { sub: 'e-admin', roles: ['admin'], localities: ['*'] },
    frontDoor: { sub: 'e-front', roles: ['front-door'], localities: ['*'] },
    // Every role but the records officer's, everywhere: still no erasure.
    allButRecords: { sub: 'e-all', roles: ['practitioner', 'team-manager', 'safeguarding-lead', 'partner', 'front-door', 'auditor', 'admin'], localities: ['*'] },
  };

  const api = apiWithWorker({ queue: 'erase', namePrefix: 'E', people });
  const { call, ok } = api;
  const openCase = async (resident: Record<string, unknown> = {}): Promise<string> =>
    (await ok('tm', 'post', '/api/cases', openBody({ resident: { givenName: 'Ada', familyName: 'Testcase', dateOfBirth: '1948-03-14', ...resident } }))).body.caseId as string;
  const erase = (id: string, who = 'officer', headers?: Record<string, string>) => call(who, 'post', `/api/cases/${id}/erase`, { reason: 'Opened in error' }, headers);
  const auditOf = async (id: string, userId: string) =>
    ((await ok('auditor', 'get', `/api/audit/access?caseId=${id}&userId=${userId}&pageSize=100`)).body.items as Array<{ kind: string; action: string; outcome: number; occurredAt: string }>);
  const appendAs = async (id: string, type: string, data: Record<string, unknown>) => {
    const appended = await store.appendToStream(`case-${id}`, [
      { eventId: randomUUID(), type, data, metadata: { correlationId: 'erasure-e2e', causationId: null, actor: { id: 'e-tm', name: 'E tm' }, schemaVersion: 1 } },
    ], { expectedVersion: 'any' });
    api.position = appended.position;
  };
  const yearsAgo = (years: number) => {
    const at = new Date();
    at.setUTCFullYear(at.getUTCFullYear() - years);
    return at.toISOString();
  };

  beforeAll(() => {
    ({ h, worker } = api);
    // The worker's own store: personal fields encrypted with the case's key, as the API writes them.
    store = worker.get(EventStore, { strict: false });
  });

  describe('POST /api/cases/:id/erase', () => {
    it('erases for a records officer, answers like every command with when, and the audit keeps who and when', async () => {
      const id = await openCase();
      const res = await erase(id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ caseId: id, version: expect.any(Number), erasedAt: expect.any(String) });
      expect(res.headers.etag).toBe(`"${res.body.version as number}"`);
      const audit = await auditOf(id, 'e-officer');
      expect(audit).toContainEqual(expect.objectContaining({ kind: 'command', action: 'POST /api/cases/:id/erase', outcome: 200 }));
      // The key is destroyed, and the case is recorded as disposed of with its locality (for counts).
      expect((await worker.get(CaseKeys, { strict: false }).destroyedAt(id))?.toISOString()).toBe(res.body.erasedAt);
      const { rows } = await h.pool.query(`SELECT locality_id, disposed_at FROM erased_cases WHERE case_id = $1`, [id]);
      expect(rows).toEqual([{ locality_id: 'grays', disposed_at: expect.any(Date) }]);
    });

    it('refuses while a legal hold keeps the record (409 legal-hold, nothing written), and erases once it is lifted', async () => {
      const id = await openCase();
      await ok('officer', 'post', `/api/cases/${id}/legal-hold`, { reason: 'Ombudsman complaint' });
      const before = await streamLength(h, id);
      const refused = await erase(id);
      expect([refused.status, problemType(refused)]).toEqual([409, 'legal-hold']);
      expect(await streamLength(h, id)).toBe(before);
      expect(await worker.get(CaseKeys, { strict: false }).destroyedAt(id)).toBeNull();
      expect((await ok('tm', 'get', `/api/cases/${id}`)).status).toBe(200);
      await ok('officer', 'post', `/api/cases/${id}/legal-hold/lift`, { reason: 'Complaint concluded' });
      expect((await erase(id)).status).toBe(200);
    });

    it('keeps erasure from every other role, even everywhere and all at once, writing nothing; 400 without a reason; 404 for no case', async () => {
      const id = await openCase();
      const before = await streamLength(h, id);
      for (const who of ['tm', 'lead', 'auditor', 'admin', 'frontDoor', 'allButRecords']) {
        expect([who, (await erase(id, who)).status]).toEqual([who, 403]);
      }
      const noReason = await call('officer', 'post', `/api/cases/${id}/erase`, {});
      expect([noReason.status, noReason.text.includes('reason')]).toEqual([400, true]);
      expect((await call('officer', 'post', `/api/cases/${id}/erase`, { reason: 'x'.repeat(2001) })).status).toBe(400);
      expect(await streamLength(h, id)).toBe(before);
      expect((await erase(randomUUID())).status).toBe(404);
      expect((await ok('tm', 'get', `/api/cases/${id}`)).status).toBe(200);
    });
  });

  describe('after the erasure', () => {
    let id: string;
    let erasedAt: string;
    let other: string;
    let dashboardBefore: unknown;
    const gone = (res: Res, what: string) => {
      expect([what, res.status, res.headers['content-type']?.split(';')[0], problemType(res), res.body.caseId, res.body.erasedAt]).toEqual([what, 410, 'application/problem+json', 'case-erased', id, erasedAt]);
    };

    beforeAll(async () => {
      id = await openCase({ givenName: 'Wilhelmina', familyName: 'Quarrendon' });
      other = await openCase({ givenName: 'Bartholomew', familyName: 'Quarrendon' });
      for (const c of [id, other]) {
        await ok('tm', 'post', `/api/cases/${c}/coordinator`, { practitionerId: 'e-tm', practitionerName: 'E tm' });
        await ok('tm', 'post', `/api/cases/${c}/notes`, { text: 'A note', restricted: false });
        await ok('tm', 'put', `/api/cases/${c}/care-plan`, { whatMatters: 'My garden', goals: [{ description: 'Walk to the shop' }], actions: [] });
        await ok('tm', 'post', `/api/cases/${c}/care-plan/agree`, { agreedWithResident: true });
        await ok('tm', 'post', `/api/cases/${c}/specialist-inputs`, { serviceId: 'community-nursing', mode: 'brokered', urgency: 'routine', request: 'Dressings' });
        await ok('tm', 'post', `/api/cases/${c}/safeguarding-concerns`, { categories: ['neglect'], risk: 'high', summary: 'Concern' });
      }
      const shows = async () => {
        const lists = {
          search: (await ok('tm', 'get', '/api/cases?q=Quarrendon')).text,
          worklist: (await ok('tm', 'get', '/api/worklist?pageSize=200')).text,
          inputs: (await ok('tm', 'get', '/api/specialist-inputs?pageSize=200')).text,
          register: (await ok('lead', 'get', '/api/safeguarding/concerns?pageSize=200')).text,
        };
        return Object.fromEntries(Object.entries(lists).map(([k, text]) => [k, [text.includes(id), text.includes(other)]]));
      };
      // Before: every list shows both (so the checks below can fail).
      expect(await shows()).toEqual({ search: [true, true], worklist: [true, true], inputs: [true, true], register: [true, true] });
      // Both have home care from one Wellbeing Team: the erased one gives its hours back.
      await ok('tm', 'post', `/api/cases/${id}/home-care`, { teamId: 'wellbeing-tilbury', hoursPerWeek: 12 });
      await ok('tm', 'post', `/api/cases/${other}/home-care`, { teamId: 'wellbeing-tilbury', hoursPerWeek: 5 });
      const capacity = async () => (await ok('tm', 'get', '/api/teams/wellbeing-tilbury/capacity')).body as { hoursAllocated: number; residents: Array<{ caseId: string }> };
      const capacityBefore = await capacity();
      expect(capacityBefore.residents.map((r) => r.caseId)).toEqual(expect.arrayContaining([id, other]));
      dashboardBefore = (await ok('tm', 'get', '/api/localities/grays/dashboard')).body;
      const caseloadBefore = (await ok('tm', 'get', '/api/caseloads?localityId=grays')).body as unknown as Array<{ practitionerId: string; openCases: number }>;

      const res = await erase(id);
      expect(res.status).toBe(200);
      erasedAt = res.body.erasedAt as string;

      // Lists, searches, worklists, boards, registers and caseloads leave it out; the other case stays.
      expect(await shows()).toEqual({ search: [false, true], worklist: [false, true], inputs: [false, true], register: [false, true] });
      const caseloadAfter = (await ok('tm', 'get', '/api/caseloads?localityId=grays')).body as unknown as Array<{ practitionerId: string; openCases: number }>;
      const mine = (c: typeof caseloadBefore) => c.find((r) => r.practitionerId === 'e-tm')?.openCases;
      expect(mine(caseloadAfter)).toBe(mine(caseloadBefore)! - 1);
      const capacityAfter = await capacity();
      expect(capacityAfter.hoursAllocated).toBe(capacityBefore.hoursAllocated - 12);
      expect(capacityAfter.residents.map((r) => r.caseId)).toEqual(expect.arrayContaining([other]));
      expect(capacityAfter.residents.map((r) => r.caseId)).not.toContain(id);
    });

    it('answers 410 case-erased {caseId, erasedAt} on every read of the case, asAt, timeline, notes and plan versions included', async () => {
      for (const path of ['', `?asAt=${encodeURIComponent(new Date().toISOString())}`, '/timeline', '/notes', '/care-plan/versions', '/care-plan/versions/1']) {
        gone(await call('tm', 'get', `/api/cases/${id}${path}`), path);
      }
      // The other case still reads.
      expect((await ok('tm', 'get', `/api/cases/${other}`)).status).toBe(200);
    });

    it('answers 410 to every command on it, erasing again included, and writes nothing', async () => {
      const before = await streamLength(h, id);
      gone(await call('tm', 'post', `/api/cases/${id}/notes`, { text: 'More', restricted: false }), 'note');
      gone(await call('tm', 'post', `/api/cases/${id}/close`, { reason: 'Done', outcomeSummary: 'Done' }), 'close');
      gone(await call('tm', 'delete', `/api/cases/${id}/care-team/someone`), 'remove member');
      gone(await call('officer', 'post', `/api/cases/${id}/legal-hold`, { reason: 'Too late' }), 'hold');
      gone(await erase(id), 'erase again');
      expect(await streamLength(h, id)).toBe(before);
      // The roles check still comes first: an admin may not read cases at all.
      expect((await call('admin', 'get', `/api/cases/${id}`)).status).toBe(403);
    });

    it('keeps the dashboard counts as they were, and the access audit of who erased and when', async () => {
      expect((await ok('tm', 'get', '/api/localities/grays/dashboard')).body).toEqual(dashboardBefore);
      const audit = await auditOf(id, 'e-officer');
      const row = audit.find((r) => r.action === 'POST /api/cases/:id/erase' && r.outcome === 200)!;
      expect(Math.abs(new Date(row.occurredAt).getTime() - new Date(erasedAt).getTime())).toBeLessThan(60_000);
    });

    it('leaves the read models nothing personal of the case, and a rebuild after the disposal succeeds and shows it erased', async () => {
      const personal = async () => {
        const { rows } = await h.pool.query(
          `SELECT (SELECT count(*) FROM rm_case_detail WHERE case_id = $1)::int AS detail,
                  (SELECT count(*) FROM rm_case_notes WHERE case_id = $1)::int AS notes,
                  (SELECT count(*) FROM rm_case_timeline WHERE case_id = $1)::int AS timeline,
                  (SELECT resident_name || coalesce(nhs_number, '') FROM rm_case_list WHERE case_id = $1) AS name,
                  (SELECT erased_at FROM rm_case_list WHERE case_id = $1) AS erased_at,
                  (SELECT string_agg(request, '') FROM rm_specialist_inputs WHERE case_id = $1) AS requests,
                  (SELECT count(*) FROM rm_specialist_inputs WHERE case_id = $1)::int AS inputs,
                  (SELECT string_agg(summary, '') FROM rm_safeguarding_concerns WHERE case_id = $1) AS concerns,
                  (SELECT string_agg(document::text, '') FROM rm_care_plan_versions WHERE case_id = $1) AS plans`,
          [id],
        );
        return rows[0] as Record<string, unknown>;
      };
      const expected = { detail: 0, notes: 0, timeline: 0, name: '', erased_at: new Date(erasedAt), requests: '', inputs: 1, concerns: '' };
      const before = await personal();
      expect(before).toMatchObject(expected);
      expect(String(before.plans)).not.toMatch(/garden|Walk to the shop/);

      await rebuildProjectionsCommand(h.config, []);
      const after = await personal();
      expect(after).toMatchObject(expected);
      expect(String(after.plans)).not.toMatch(/garden|Walk to the shop/);
      gone(await call('tm', 'get', `/api/cases/${id}`), 'after the rebuild');
      expect((await ok('tm', 'get', '/api/cases?q=Quarrendon')).body.items).toEqual([expect.objectContaining({ caseId: other })]);
      expect((await ok('tm', 'get', '/api/localities/grays/dashboard')).body).toEqual(dashboardBefore);
    });
  });

  it('deletes the idempotency records that name the case, and still replays the erasure itself', async () => {
    const id = await openCase();
    await ok('tm', 'post', `/api/cases/${id}/notes`, { text: 'Keyed note', restricted: false }, { 'Idempotency-Key': `note-${id}` });
    const named = async () => (await h.pool.query(`SELECT key FROM idempotency_keys WHERE response_body LIKE $1 ORDER BY key`, [`%${id}%`])).rows.map((r) => r.key as string);
    expect(await named()).toEqual([`note-${id}`]);
    const first = await erase(id, 'officer', { 'Idempotency-Key': `erase-${id}` });
    expect(first.status).toBe(200);
    expect(await named()).toEqual([`erase-${id}`]);
    const again = await erase(id, 'officer', { 'Idempotency-Key': `erase-${id}` });
    expect([again.status, again.headers['idempotent-replayed'], again.body]).toEqual([200, 'true', first.body]);
    // The note's key is free again; its command, already in the log, is not answered again: the case is erased.
    const note = await call('tm', 'post', `/api/cases/${id}/notes`, { text: 'Keyed note', restricted: false }, { 'Idempotency-Key': `note-${id}` });
    expect([note.status, problemType(note)]).toEqual([410, 'case-erased']);
  });

  it('answers a subject access request made before the erasure with the case as erased, and matches it no more', async () => {
    const resident = { givenName: 'Perpetua', familyName: 'Oddingley', dateOfBirth: '1939-09-09', nhsNumber: '943 476 5919' };
    const id = await openCase(resident);
    await ok('tm', 'post', `/api/cases/${id}/notes`, { text: 'Perpetua-note', restricted: false });
    await ok('tm', 'get', `/api/cases/${id}`); // the read models have it
    const criteria = { nhsNumber: '9434765919', receivedAt: new Date().toISOString().slice(0, 10) };
    const request = await ok('officer', 'post', '/api/subject-access-requests', criteria);
    expect((request.body.matches as Array<{ caseId: string }>).map((m) => m.caseId)).toContain(id);
    const requestId = request.body.requestId as string;
    expect((await ok('officer', 'get', `/api/subject-access-requests/${requestId}/export`)).text).toContain('Perpetua-note');

    const { body } = await erase(id);
    const exported = await ok('officer', 'get', `/api/subject-access-requests/${requestId}/export`);
    const item = (exported.body.items as Array<Record<string, unknown>>).find((i) => i.caseId === id)!;
    expect(item).toEqual({ caseId: id, reference: expect.any(String), erasedAt: body.erasedAt, record: {}, planVersions: [], notes: [], inputs: [], safeguarding: [], followUps: [], timeline: [], accessedBy: [] });
    for (const gone of ['Perpetua', 'Oddingley', '1939-09-09']) expect(exported.text).not.toContain(gone);
    const page = await h.http().get(`/api/subject-access-requests/${requestId}/export`).set('Authorization', `Bearer ${api.tokens.officer}`).set('Accept', 'text/html');
    expect(page.text).toContain('This record was erased');
    expect(page.text).not.toContain('Perpetua');
    // The stored request keeps ids only.
    const { rows } = await h.pool.query(`SELECT to_jsonb(r)::text AS row FROM subject_access_requests r WHERE request_id = $1`, [requestId]);
    expect(rows[0].row).not.toMatch(/Perpetua|Oddingley|9434765919/);

    const later = await ok('officer', 'post', '/api/subject-access-requests', criteria);
    expect((later.body.matches as Array<{ caseId: string }>).map((m) => m.caseId)).not.toContain(id);
  });

  it('finishes a disposal that a crash interrupted between the CaseErased event and the destruction of the key', async () => {
    const id = await openCase();
    await ok('tm', 'post', `/api/cases/${id}/notes`, { text: 'Interrupted', restricted: false }, { 'Idempotency-Key': `crash-${id}` });
    // What the erase route does before it dies: the event appended, nothing else.
    await appendAs(id, 'CaseErased', { reason: 'Opened in error', by: { id: 'e-officer', name: 'E officer' }, erasedAt: new Date().toISOString(), localityId: 'grays' });
    const keys = worker.get(CaseKeys, { strict: false });
    expect(await keys.destroyedAt(id)).toBeNull();
    // Reads answer 410 as soon as the case list has seen the event (every CaseErased reaches it).
    await waitFor(async () => (await h.pool.query(`SELECT 1 FROM rm_case_list WHERE case_id = $1 AND erased_at IS NOT NULL`, [id])).rowCount === 1, { description: 'the case list to see the erasure' });
    expect((await call('tm', 'get', `/api/cases/${id}`)).status).toBe(410);

    // The worker's reconcile (every minute and at start) finishes it.
    await worker.get(RetentionSchedule).finishDisposals();
    expect(await keys.destroyedAt(id)).not.toBeNull();
    const { rows } = await h.pool.query(`SELECT disposed_at FROM erased_cases WHERE case_id = $1`, [id]);
    expect(rows).toEqual([{ disposed_at: expect.any(Date) }]);
    expect((await h.pool.query(`SELECT 1 FROM idempotency_keys WHERE response_body LIKE $1`, [`%${id}%`])).rowCount).toBe(0);
    // Its events now read without their personal data.
    const { events } = await store.readStream(`case-${id}`);
    const note = events.find((e) => e.type === 'NoteAdded')!;
    expect((note.data as { text: unknown }).text).toBeNull();
    // Nothing left to finish.
    expect(await worker.get(CaseDisposal).finishPending()).toEqual([]);
  });

  it('runs the daily retention: erases every case due as the system, audited, and leaves held and recent ones', async () => {
    const closedLongAgo = async () => {
      const id = await openCase();
      await appendAs(id, 'CaseClosed', { reason: 'Goals met', outcomeSummary: 'Living well', closedAt: yearsAgo(9) });
      return id;
    };
    const due = await closedLongAgo();
    const held = await closedLongAgo();
    await ok('officer', 'post', `/api/cases/${held}/legal-hold`, { reason: 'Inquiry' });
    const recent = await openCase();
    await ok('tm', 'post', `/api/cases/${recent}/close`, { reason: 'Goals met', outcomeSummary: 'Living well' });
    const open = await openCase();
    const listed = (await ok('officer', 'get', '/api/retention/due?pageSize=200')).body.items as Array<{ caseId: string }>;
    expect(listed.map((i) => i.caseId)).toContain(due);

    const report = await worker.get(RetentionSchedule).runRetention();
    expect(report.erased).toBeGreaterThanOrEqual(1);
    expect((await call('tm', 'get', `/api/cases/${due}`)).status).toBe(410);
    for (const kept of [held, recent, open]) expect((await call('tm', 'get', `/api/cases/${kept}`)).status).toBe(200);
    expect(await worker.get(CaseKeys, { strict: false }).destroyedAt(due)).not.toBeNull();
    expect((await ok('officer', 'get', '/api/retention/due?pageSize=200')).body.items).not.toContainEqual(expect.objectContaining({ caseId: due }));
    const audit = await auditOf(due, RETENTION_PRINCIPAL.id);
    expect(audit).toEqual([expect.objectContaining({ kind: 'command', action: 'WORKER retention-run erase', outcome: 200 })]);
    // Run again: nothing more to take.
    expect((await worker.get(RetentionSchedule).runRetention()).erased).toBe(0);

    // Scheduled daily at night, Europe/London time, once per Redis.
    const scheduler = await waitFor(() => worker.get(RetentionSchedule).scheduler(), { description: 'the retention job scheduler' });
    expect(scheduler).toMatchObject({ pattern: '30 2 * * *', tz: 'Europe/London' });
  });
});
