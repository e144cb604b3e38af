import { randomUUID } from 'node:crypto';
import { createEventStore, type EventStore } from '@iln/event-store';
import type { ApiHarness, TokenClaims } from '@iln/testing';
import { apiWithWorker, problemType } from './api-with-worker';
import { openBody, streamLength } from './cases-helpers';

// API.md "Records management" (issue 16) over HTTP: the records officer's legal holds,
// who else may not place them, what retention will take (RETENTION_YEARS at its default
// of 8), and the audit of each.

describe('records management', () => {
  let h: ApiHarness;
  let store: EventStore;
  const people: Record<string, TokenClaims> = {
    tm: { sub: 'r-tm', roles: ['team-manager'], localities: ['grays'] },
    // Works nowhere and holds no other role: records management reaches every case regardless.
    officer: { sub: 'r-officer', roles: ['records-officer'], localities: [] },
    auditor: { sub: 'r-auditor', roles: ['auditor'], localities: ['*'] },
    admin: { sub: 'r-admin', roles: ['admin'], localities: ['*'] },
    leadEverywhere: { sub: 'r-lead', roles: ['safeguarding-lead', 'team-manager'], localities: ['*'] },
  };

  const api = apiWithWorker({ queue: 'rec', namePrefix: 'R', people });
  const { call, ok } = api;
  const openCase = async (): Promise<string> => (await ok('tm', 'post', '/api/cases', openBody())).body.caseId as string;
  const yearsAgo = (years: number, days = 0) => {
    const at = new Date();
    at.setUTCFullYear(at.getUTCFullYear() - years);
    return new Date(at.getTime() - days * 86_400_000).toISOString();
  };
  /** A case closed long ago: opened over HTTP, its closure stored as it was recorded then. */
  const closedAt = async (at: string): Promise<string> => {
    const id = await openCase();
    const appended = await store.appendToStream(`case-${id}`, [
      {
        eventId: randomUUID(),
        type: 'CaseClosed',
        data: { reason: 'Goals met', outcomeSummary: 'Living well', closedAt: at },
        metadata: { correlationId: 'retention', causationId: null, actor: { id: 'r-tm', name: 'R tm' }, schemaVersion: 1 },
      },
    ], {
      expectedVersion: 'any',
    });
    api.position = appended.position;
    return id;
  };
  const closeCase = (id: string) => ok('tm', 'post', `/api/cases/${id}/close`, { reason: 'Goals met', outcomeSummary: 'Living well at home' });

  beforeAll(() => {
    ({ h } = api);
    store = createEventStore({ kind: 'postgres', pool: h.pool });
  });

  describe('legal hold', () => {
    it('lets a records officer hold a closed case and lift the hold, once each, and audits both', async () => {
      const id = await openCase();
      await closeCase(id);
      expect((await call('officer', 'post', `/api/cases/${id}/legal-hold`, { reason: 'Ombudsman complaint' })).status).toBe(200);
      const twice = await call('officer', 'post', `/api/cases/${id}/legal-hold`, { reason: 'Again' });
      expect([twice.status, problemType(twice)]).toEqual([409, 'legal-hold-exists']);
      expect((await call('officer', 'post', `/api/cases/${id}/legal-hold/lift`, { reason: 'Complaint concluded' })).status).toBe(200);
      const again = await call('officer', 'post', `/api/cases/${id}/legal-hold/lift`, { reason: 'Again' });
      expect([again.status, problemType(again)]).toEqual([409, 'no-legal-hold']);

      const audit = await ok('auditor', 'get', `/api/audit/access?caseId=${id}&userId=r-officer`);
      const actions = (audit.body.items as Array<{ action: string; outcome: number; kind: string }>).map((r) => `${r.kind} ${r.action} ${r.outcome}`);
      expect(actions).toEqual(
        expect.arrayContaining([
          'command POST /api/cases/:id/legal-hold 200',
          'command POST /api/cases/:id/legal-hold/lift 200',
          'command POST /api/cases/:id/legal-hold 409',
        ]),
      );
    });

    it('keeps holds from everyone else, even those who see the case everywhere, and writes nothing', async () => {
      const id = await openCase();
      const before = await streamLength(h, id);
      for (const who of ['tm', 'leadEverywhere', 'auditor', 'admin']) {
        expect([who, (await call(who, 'post', `/api/cases/${id}/legal-hold`, { reason: 'Try' })).status]).toEqual([who, 403]);
      }
      expect(await streamLength(h, id)).toBe(before);
    });

    it('answers 400 without a reason, 404 for a case that does not exist, and writes nothing', async () => {
      const id = await openCase();
      const before = await streamLength(h, id);
      const noReason = await call('officer', 'post', `/api/cases/${id}/legal-hold`, {});
      expect(noReason.status).toBe(400);
      expect(noReason.text).toContain('reason');
      expect((await call('officer', 'post', `/api/cases/${id}/legal-hold`, { reason: 'x'.repeat(2001) })).status).toBe(400);
      expect((await call('officer', 'post', `/api/cases/${randomUUID()}/legal-hold`, { reason: 'Complaint' })).status).toBe(404);
      expect(await streamLength(h, id)).toBe(before);
    });

    it('gives the records officer nothing of the case through the ordinary queries', async () => {
      const id = await openCase();
      await ok('officer', 'post', `/api/cases/${id}/legal-hold`, { reason: 'Inquiry' });
      for (const path of [`/api/cases/${id}`, `/api/cases/${id}/timeline`, `/api/cases/${id}/notes`, '/api/cases']) {
        const res = await call('officer', 'get', path);
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.text).not.toContain('Testcase');
      }
    });
  });

  describe('retention due', () => {
    type Due = { items: Array<{ caseId: string; reference: string; closedAt: string; retainUntil: string }>; total: number; retentionYears: number };
    const dueIds = async () => (await ok('officer', 'get', '/api/retention/due?pageSize=200')).body as unknown as Due;

    it('lists closed cases past eight years after closure, not those closed since, nor held ones, nor open ones', async () => {
      const longClosed = await closedAt(yearsAgo(8, 1));
      const recentlyClosed = await closedAt(yearsAgo(7, 300));
      const justShort = await closedAt(yearsAgo(8, -1));
      const held = await closedAt(yearsAgo(9));
      await ok('officer', 'post', `/api/cases/${held}/legal-hold`, { reason: 'Inquiry' });
      const open = await openCase();

      const due = await dueIds();
      expect(due.retentionYears).toBe(8);
      const ids = due.items.map((i) => i.caseId);
      expect(ids).toContain(longClosed);
      for (const id of [recentlyClosed, justShort, held, open]) expect(ids).not.toContain(id);
      const row = due.items.find((i) => i.caseId === longClosed)!;
      expect(new Date(row.retainUntil).getTime()).toBeLessThanOrEqual(Date.now());
      expect(new Date(row.retainUntil).getUTCFullYear() - new Date(row.closedAt).getUTCFullYear()).toBe(8);
      // Nothing of the resident: the officer reads content through the records endpoints that need it.
      expect(JSON.stringify(due)).not.toContain('Testcase');

      // Lifting the hold puts the case back under retention.
      await ok('officer', 'post', `/api/cases/${held}/legal-hold/lift`, { reason: 'Inquiry over' });
      expect((await dueIds()).items.map((i) => i.caseId)).toContain(held);
    });

    it('is for records officers only, audits each case listed, and refuses bad paging', async () => {
      const id = await closedAt(yearsAgo(10));
      for (const who of ['tm', 'leadEverywhere', 'auditor', 'admin']) expect([who, (await call(who, 'get', '/api/retention/due')).status]).toEqual([who, 403]);
      const bad = await call('officer', 'get', '/api/retention/due?pageSize=0');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('pageSize');
      expect((await dueIds()).items.map((i) => i.caseId)).toContain(id);
      const audit = await ok('auditor', 'get', `/api/audit/access?caseId=${id}&userId=r-officer`);
      expect(audit.body.items).toContainEqual(expect.objectContaining({ kind: 'read', action: 'GET /api/retention/due', outcome: 200 }));
    });
  });

  describe('subject access', () => {
    type Export = {
      requestId: string;
      dueBy: string;
      items: Array<{
        caseId: string;
        record: { resident: Record<string, unknown> };
        planVersions: unknown[];
        notes: Array<{ text: string; restricted: boolean }>;
        inputs: Array<Record<string, unknown>>;
        timeline: Array<{ summary: string; by: string }>;
        accessedBy: Array<{ userId: string; action: string }>;
      }>;
    };
    const sorrel = { givenName: 'Sorrel', familyName: 'Wintergreen', dateOfBirth: '1950-05-06', postcode: 'RM17 6QX' };
    const openFor = async (resident: Record<string, unknown>) => (await ok('tm', 'post', '/api/cases', openBody({ resident }))).body.caseId as string;
    const note = (id: string, text: string, restricted = false) => ok('tm', 'post', `/api/cases/${id}/notes`, { text, restricted });

    it("finds every case of the resident, by NHS number and by name and date of birth, and exports all of each and nothing of anyone else's", async () => {
      const withNhs = await openFor({ ...sorrel, nhsNumber: '083 016 6130' });
      const withoutNhs = await openFor({ ...sorrel, givenName: 'SORREL' });
      const namesake = await openFor({ ...sorrel, dateOfBirth: '1951-01-01' });
      await note(withNhs, 'Sorrel-note-one');
      await note(withNhs, 'Sorrel-note-restricted', true);
      await note(withoutNhs, 'Sorrel-note-two');
      await note(namesake, 'Namesake-note-secret');
      await ok('tm', 'put', `/api/cases/${withNhs}/care-plan`, { whatMatters: 'Sorrel-plan-one', goals: [{ description: 'Walk to the shop' }], actions: [] });
      await ok('tm', 'put', `/api/cases/${withNhs}/care-plan`, { whatMatters: 'Sorrel-plan-two', goals: [{ description: 'Walk to the park' }], actions: [] });
      await ok('tm', 'post', `/api/cases/${withoutNhs}/specialist-inputs`, { serviceId: 'community-nursing', mode: 'brokered', urgency: 'routine', request: 'Sorrel-input' });
      await ok('tm', 'post', `/api/cases/${namesake}/specialist-inputs`, { serviceId: 'community-nursing', mode: 'brokered', urgency: 'routine', request: 'Namesake-input' });
      await ok('tm', 'get', `/api/cases/${withNhs}`);

      const received = await call('officer', 'post', '/api/subject-access-requests', { nhsNumber: '0830166130', givenName: 'sorrel', familyName: 'Wintergreen', dateOfBirth: '1950-05-06', receivedAt: '2026-01-31' });
      expect(received.status).toBe(201);
      expect(received.body.dueBy).toBe('2026-02-28');
      const matched = (received.body.matches as Array<{ caseId: string }>).map((m) => m.caseId);
      expect(matched.sort()).toEqual([withNhs, withoutNhs].sort());

      const exported = await ok('officer', 'get', `/api/subject-access-requests/${received.body.requestId as string}/export`);
      const body = exported.body as unknown as Export;
      expect(body.items.map((i) => i.caseId).sort()).toEqual([withNhs, withoutNhs].sort());
      const text = exported.text;
      for (const held of ['Sorrel-note-one', 'Sorrel-note-restricted', 'Sorrel-note-two', 'Sorrel-plan-one', 'Sorrel-plan-two', 'Sorrel-input']) expect(text).toContain(held);
      for (const other of ['Namesake', namesake, 'Testcase', '1951-01-01']) expect(text).not.toContain(other);
      const first = body.items.find((i) => i.caseId === withNhs)!;
      expect(first.record.resident).toMatchObject({ givenName: 'Sorrel', familyName: 'Wintergreen', nhsNumber: '0830166130' });
      expect(first.planVersions).toHaveLength(2);
      expect(first.notes.map((n) => n.text)).toEqual(['Sorrel-note-one', 'Sorrel-note-restricted']);
      expect(first.timeline.length).toBeGreaterThan(0);
      expect(first.timeline.every((t) => !/^[A-Z][a-z]+[A-Z]/.test(t.summary))).toBe(true);
      expect(first.accessedBy).toContainEqual(expect.objectContaining({ userId: 'r-tm', action: 'GET /api/cases/:id' }));
      expect(body.items.find((i) => i.caseId === withoutNhs)!.inputs).toHaveLength(1);

      // The same as a printable page in plain words, audited too.
      const page = await h.http().get(`/api/subject-access-requests/${received.body.requestId as string}/export`).set('Authorization', `Bearer ${api.tokens.officer}`).set('Accept', 'text/html');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect([page.headers['cache-control'], page.headers.vary]).toEqual(['no-store', expect.stringContaining('Accept')]);
      for (const held of ['Sorrel-note-one', 'Sorrel-plan-two', 'Sorrel-input', 'What happened, in order', 'Who looked at or changed your record']) expect(page.text).toContain(held);
      expect(page.text).not.toContain('Namesake');
      expect(page.text).not.toMatch(/NoteAdded|CaseOpened|givenName/);

      // The export itself is in the access audit, once per case it holds, as JSON and as a page.
      const audit = await ok('auditor', 'get', `/api/audit/access?caseId=${withoutNhs}&userId=r-officer`);
      const exports = (audit.body.items as Array<{ action: string; outcome: number }>).filter((r) => r.action === 'GET /api/subject-access-requests/:id/export' && r.outcome === 200);
      expect(exports).toHaveLength(2);
    });

    it('needs an NHS number or a whole name and date of birth, and a receipt date; only records officers ask', async () => {
      for (const bad of [{ receivedAt: '2026-01-31' }, { givenName: 'Sorrel', familyName: 'Wintergreen', receivedAt: '2026-01-31' }, { nhsNumber: '0830166131', receivedAt: '2026-01-31' }, { nhsNumber: '0830166130' }, { nhsNumber: '0830166130', receivedAt: new Date(Date.now() + 86_400_000).toISOString() }]) {
        const res = await call('officer', 'post', '/api/subject-access-requests', bad);
        expect([JSON.stringify(bad), res.status, res.body.type]).toEqual([JSON.stringify(bad), 400, '/problems/validation']);
      }
      for (const who of ['tm', 'auditor', 'admin']) {
        expect((await call(who, 'post', '/api/subject-access-requests', { nhsNumber: '0830166130', receivedAt: '2026-01-31' })).status).toBe(403);
      }
      const id = (await ok('officer', 'post', '/api/subject-access-requests', { nhsNumber: '0830166130', receivedAt: '2026-01-31' })).body.requestId as string;
      for (const who of ['tm', 'auditor', 'admin']) expect((await call(who, 'get', `/api/subject-access-requests/${id}/export`)).status).toBe(403);
      expect((await call('officer', 'get', `/api/subject-access-requests/${randomUUID()}/export`)).status).toBe(404);
      expect((await call('officer', 'get', '/api/subject-access-requests/not-a-uuid/export')).status).toBe(400);
    });
  });
});
