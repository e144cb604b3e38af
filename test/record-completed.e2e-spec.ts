import { startApiHarness, startProjections, testCaseEventStore, type ApiHarness, type RunningProjections } from '@iln/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { ALL_PROJECTIONS, rebuildProjections, typeOrmDb } from '@iln/case-coordination';
import { PostgresEventStore } from '@iln/event-store';
import { buildDataSourceOptions } from '@iln/platform/database/data-source';
import { createApiApp } from '../apps/api/src/bootstrap';
import { caller, openBody, streamLength, type Caller } from './cases-helpers';

// API.md v1.1 "The record, completed" (part A) over HTTP: notes that can be read, reviews
// and closure in the case detail, resident corrections, follow-up outcomes.
describe('the record, completed, over HTTP', () => {
  let h: ApiHarness;
  let projections: RunningProjections;
  let author: Caller;
  let colleague: Caller;
  let lead: Caller;
  let asopLead: Caller;

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    projections = await startProjections(h.db.url);
    author = await caller(h, { sub: 'p-author', name: 'Noor Author' });
    colleague = await caller(h, { sub: 'p-colleague', name: 'Colm Colleague' });
    lead = await caller(h, { sub: 'p-lead', name: 'Lee Lead', roles: ['safeguarding-lead'] });
    asopLead = await caller(h, { sub: 'p-asop-lead', roles: ['safeguarding-lead', 'practitioner'], localities: ['asop'] });
  });
  afterAll(async () => {
    await projections?.stop();
    await h?.close();
  });

  async function open(who: Caller = author, overrides: Record<string, unknown> = {}): Promise<{ caseId: string; reference: string }> {
    const res = await h.http().post('/api/cases').set(who.auth).send(openBody(overrides));
    expect(res.status).toBe(201);
    return res.body as { caseId: string; reference: string };
  }

  async function post(who: Caller, path: string, body: unknown, status = 200) {
    const res = await h.http().post(path).set(who.auth).send(body as object);
    if (res.status !== status) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }

  describe('GET /api/cases/:id/notes', () => {
    let caseId: string;
    let position: string;

    beforeAll(async () => {
      ({ caseId } = await open());
      await post(author, `/api/cases/${caseId}/notes`, { text: 'Spoke to her daughter about the stairs' }, 201);
      await post(author, `/api/cases/${caseId}/notes`, { text: 'Daughter worried about money going missing', restricted: true }, 201);
      const last = await post(colleague, `/api/cases/${caseId}/notes`, { text: 'Visited; garden looked after' }, 201);
      position = last.headers['event-position'] as string;
    });

    it('returns every note newest first, with text and author, to the author', async () => {
      const res = await h.http().get(`/api/cases/${caseId}/notes`).set(author.auth).set('Await-Position', position);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toContain('no-store');
      expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 50 });
      expect(res.body.items).toEqual([
        { noteId: expect.any(String), text: 'Visited; garden looked after', restricted: false, author: { id: colleague.id, name: 'Colm Colleague' }, recordedAt: expect.any(String) },
        { noteId: expect.any(String), text: 'Daughter worried about money going missing', restricted: true, author: { id: author.id, name: 'Noor Author' }, recordedAt: expect.any(String) },
        { noteId: expect.any(String), text: 'Spoke to her daughter about the stairs', restricted: false, author: { id: author.id, name: 'Noor Author' }, recordedAt: expect.any(String) },
      ]);
      const times = res.body.items.map((n: { recordedAt: string }) => n.recordedAt);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('withholds a restricted note from a colleague who is neither its author nor allowed safeguarding detail', async () => {
      const res = await h.http().get(`/api/cases/${caseId}/notes`).set(colleague.auth).set('Await-Position', position);
      expect(res.status).toBe(200);
      expect(res.body.items[1]).toEqual({ noteId: expect.any(String), restricted: true, recordedAt: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toContain('money');
      expect(res.body.items[0]).toMatchObject({ text: 'Visited; garden looked after', author: { id: colleague.id } });
    });

    it("shows it to the case locality's safeguarding lead, but not to a lead of another locality who also reads the case", async () => {
      const res = await h.http().get(`/api/cases/${caseId}/notes`).set(lead.auth).set('Await-Position', position);
      expect(res.body.items[1]).toMatchObject({ text: 'Daughter worried about money going missing', author: { id: author.id } });
      const auditorLead = await caller(h, { sub: 'p-aud', roles: ['auditor', 'safeguarding-lead'], localities: ['asop'] });
      const other = await h.http().get(`/api/cases/${caseId}/notes`).set(auditorLead.auth);
      expect(other.status).toBe(200);
      expect(other.body.items[1]).toEqual({ noteId: expect.any(String), restricted: true, recordedAt: expect.any(String) });
    });

    it('shows it to the coordinator once allocated', async () => {
      const coordinator = await caller(h, { sub: 'p-coord', name: 'Cora Ordinator' });
      const res = await post(coordinator, `/api/cases/${caseId}/coordinator`, { practitionerId: coordinator.id, practitionerName: 'Cora Ordinator' });
      const notes = await h.http().get(`/api/cases/${caseId}/notes`).set(coordinator.auth).set('Await-Position', res.headers['event-position'] as string);
      expect(notes.body.items[1]).toMatchObject({ text: 'Daughter worried about money going missing' });
    });

    it('pages', async () => {
      const res = await h.http().get(`/api/cases/${caseId}/notes?page=2&pageSize=2`).set(author.auth).set('Await-Position', position);
      expect(res.body).toMatchObject({ total: 3, page: 2, pageSize: 2, items: [{ text: 'Spoke to her daughter about the stairs' }] });
    });

    it('answers 404 for a case the caller may not see, and 400 for bad paging', async () => {
      expect((await h.http().get(`/api/cases/${caseId}/notes`).set(asopLead.auth)).status).toBe(404);
      expect((await h.http().get(`/api/cases/00000000-0000-4000-8000-000000000000/notes`).set(author.auth)).status).toBe(404);
      const bad = await h.http().get(`/api/cases/${caseId}/notes?pageSize=0`).set(author.auth);
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      const frontDoor = await caller(h, { sub: 'p-fd', roles: ['front-door'] });
      expect((await h.http().get(`/api/cases/${caseId}/notes`).set(frontDoor.auth)).status).toBe(403);
    });
  });

  describe('reviews and closure in the case detail', () => {
    it('lists each plan review with who recorded it, and keeps the closure until reopened (also asAt)', async () => {
      const { caseId } = await open();
      await post(author, `/api/cases/${caseId}/coordinator`, { practitionerId: author.id, practitionerName: 'Noor Author' });
      const drafted = await h.http().put(`/api/cases/${caseId}/care-plan`).set(author.auth).send({ whatMatters: 'My garden', goals: [{ description: 'Walk to the shop' }], actions: [] });
      expect(drafted.status).toBe(200);
      await post(author, `/api/cases/${caseId}/care-plan/agree`, { agreedWithResident: true });
      await post(colleague, `/api/cases/${caseId}/care-plan/reviews`, { summary: 'Walking to the shop again' });
      const beforeClosing = new Date().toISOString();
      const closed = await post(author, `/api/cases/${caseId}/close`, { reason: 'Goals met', outcomeSummary: 'Living well at home with her garden' });

      const res = await h.http().get(`/api/cases/${caseId}`).set(author.auth).set('Await-Position', closed.headers['event-position'] as string);
      expect(res.status).toBe(200);
      expect(res.body.carePlan.reviews).toEqual([{ reviewedAt: expect.any(String), summary: 'Walking to the shop again', by: { id: colleague.id, name: 'Colm Colleague' } }]);
      expect(res.body.closure).toEqual({ closedAt: res.body.closedAt, reason: 'Goals met', outcomeSummary: 'Living well at home with her garden' });
      expect(res.body.closedAt).toEqual(expect.any(String));

      const past = await h.http().get(`/api/cases/${caseId}?asAt=${encodeURIComponent(beforeClosing)}`).set(author.auth);
      expect(past.body).toMatchObject({ status: 'open', closure: null, carePlan: { reviews: [{ summary: 'Walking to the shop again', by: { id: colleague.id } }] } });

      const reopened = await post(author, `/api/cases/${caseId}/reopen`, { reason: 'Fell again' });
      const now = await h.http().get(`/api/cases/${caseId}`).set(author.auth).set('Await-Position', reopened.headers['event-position'] as string);
      expect(now.body).toMatchObject({ status: 'open', closedAt: null, closure: null });
    });
  });

  describe('follow-up outcomes', () => {
    /** A case discharged on pathway 1 long enough ago that its 91-day check is due (2026-09-07). */
    async function dischargedLongAgo(): Promise<{ caseId: string; check: string; welfare: string }> {
      const { caseId } = await open();
      await post(author, `/api/cases/${caseId}/coordinator`, { practitionerId: author.id, practitionerName: 'Noor Author' });
      await post(author, `/api/cases/${caseId}/hospital-admissions`, { hospital: 'Basildon University Hospital', admittedAt: '2026-06-01T08:00:00.000Z' });
      const discharged = await post(author, `/api/cases/${caseId}/discharges`, { dischargedAt: '2026-06-08T10:00:00.000Z', pathway: 1 }, 201);
      const detail = await h.http().get(`/api/cases/${caseId}`).set(author.auth).set('Await-Position', discharged.headers['event-position'] as string);
      const of = (kind: string) => (detail.body.followUps as Array<{ followUpId: string; kind: string }>).find((f) => f.kind === kind)!.followUpId;
      return { caseId, check: of('reablement-91-day-check'), welfare: of('post-discharge-welfare-check') };
    }

    it('requires what the check found (400 naming outcome, nothing written), and shows it on the follow-up', async () => {
      const { caseId, check, welfare } = await dischargedLongAgo();
      const before = await streamLength(h, caseId);
      for (const body of [{ note: 'seen' }, { outcome: 'well' }, { outcome: 'somewhere' }]) {
        const res = await h.http().post(`/api/cases/${caseId}/follow-ups/${check}/complete`).set(author.auth).send(body);
        expect([body, res.status]).toEqual([body, 400]);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'outcome' })]);
      }
      const wrongKind = await h.http().post(`/api/cases/${caseId}/follow-ups/${welfare}/complete`).set(author.auth).send({ outcome: 'at-home' });
      expect(wrongKind.status).toBe(400);
      const r = await h.http().post(`/api/cases/${caseId}/follow-ups/${welfare}/complete`).set(author.auth).send({ outcome: 'concerns', note: 'Low on food' });
      expect(r.status).toBe(200);
      expect(r.body.version).toBe(before + 1);
      const done = await post(author, `/api/cases/${caseId}/follow-ups/${check}/complete`, { outcome: 'at-home' });
      const detail = await h.http().get(`/api/cases/${caseId}`).set(author.auth).set('Await-Position', done.headers['event-position'] as string);
      const byId = new Map((detail.body.followUps as Array<{ followUpId: string }>).map((f) => [f.followUpId, f]));
      expect(byId.get(check)).toMatchObject({ kind: 'reablement-91-day-check', status: 'completed', outcome: 'at-home' });
      expect(byId.get(welfare)).toMatchObject({ kind: 'post-discharge-welfare-check', status: 'completed', outcome: 'concerns' });
      expect(detail.body.followUps.find((f: { kind: string }) => f.kind === 'allocate-coordinator')).not.toHaveProperty('outcome');
    });

    it("counts only at-home checks in the dashboard's 91-day measure", async () => {
      const home = await dischargedLongAgo();
      const away = await dischargedLongAgo();
      await post(author, `/api/cases/${home.caseId}/follow-ups/${home.check}/complete`, { outcome: 'at-home' });
      const last = await post(author, `/api/cases/${away.caseId}/follow-ups/${away.check}/complete`, { outcome: 'not-at-home' });
      const manager = await caller(h, { sub: 'p-manager', roles: ['team-manager'] });
      const res = await h
        .http()
        .get('/api/localities/grays/dashboard?from=2026-09-01&to=2026-09-30')
        .set(manager.auth)
        .set('Await-Position', last.headers['event-position'] as string);
      expect(res.status).toBe(200);
      // The earlier test's case (at home) is due in the same period: 2 of 3 at home.
      expect(res.body.measures.stillAtHomeAt91DaysPercent.value).toBeCloseTo(66.7, 0);
    });
  });

  describe("correcting the resident's details", () => {
    it('validates as at opening, and writes nothing when refused', async () => {
      const { caseId } = await open();
      const before = await streamLength(h, caseId);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const cases: Array<[Record<string, unknown>, string[]]> = [
        [{ reason: 'nothing given' }, ['body']],
        [{ dateOfBirth: tomorrow, reason: 'r' }, ['dateOfBirth']],
        [{ nhsNumber: '943 476 5918', reason: 'r' }, ['nhsNumber']],
        [{ familyName: '', postcode: 'nowhere', reason: 'r' }, ['familyName', 'postcode']],
        [{ familyName: 'Smith' }, ['reason']],
        [{ familyName: 'Smith', reason: 'r', localityId: 'asop' }, ['localityId']],
      ];
      for (const [body, fields] of cases) {
        const res = await h.http().post(`/api/cases/${caseId}/resident`).set(author.auth).send(body);
        expect([body, res.status]).toEqual([body, 400]);
        expect([body, [...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()]).toEqual([body, fields]);
        expect(JSON.stringify(res.body)).not.toContain('943 476 5918');
      }
      const frontDoor = await caller(h, { sub: 'p-fd-2', roles: ['front-door'] });
      expect((await h.http().post(`/api/cases/${caseId}/resident`).set(frontDoor.auth).send({ familyName: 'Smith', reason: 'r' })).status).toBe(403);
      expect(await streamLength(h, caseId)).toBe(before);
    });

    it('shows the corrected details in the case detail, the list and search (also by NHS number, exactly)', async () => {
      const { caseId } = await open(author, { resident: { givenName: 'Margret', familyName: 'Thurlowe', dateOfBirth: '1941-07-09', postcode: 'RM17 6XX' } });
      const corrected = await post(author, `/api/cases/${caseId}/resident`, {
        givenName: 'Margaret',
        dateOfBirth: '1941-07-19',
        nhsNumber: '401 023 2137',
        reason: 'Misspelt and mistyped at the front door',
      });
      expect(corrected.body).toEqual({ caseId, version: expect.any(Number) });
      const position = corrected.headers['event-position'] as string;
      const detail = await h.http().get(`/api/cases/${caseId}`).set(author.auth).set('Await-Position', position);
      expect(detail.body.resident).toEqual({ givenName: 'Margaret', familyName: 'Thurlowe', dateOfBirth: '1941-07-19', nhsNumber: '4010232137', postcode: 'RM17 6XX' });

      const byName = await h.http().get('/api/cases?q=margaret thur').set(author.auth).set('Await-Position', position);
      expect(byName.body.items).toEqual([expect.objectContaining({ caseId, residentName: 'Margaret Thurlowe' })]);
      expect((await h.http().get('/api/cases?q=margret').set(author.auth)).body.total).toBe(0);
      for (const q of ['4010232137', '401 023 2137']) {
        const byNhs = await h.http().get(`/api/cases?q=${encodeURIComponent(q)}`).set(author.auth);
        expect([q, byNhs.body.items.map((i: { caseId: string }) => i.caseId)]).toEqual([q, [caseId]]);
      }
      expect((await h.http().get('/api/cases?q=401023213').set(author.auth)).body.total).toBe(0);
      const frontDoor = await caller(h, { sub: 'p-fd-3', roles: ['front-door'], localities: ['asop'] });
      expect((await h.http().get('/api/cases?q=4010232137').set(frontDoor.auth)).body.items).toEqual([expect.objectContaining({ caseId, residentName: 'Margaret Thurlowe' })]);

      const timeline = await h.http().get(`/api/cases/${caseId}/timeline`).set(author.auth).set('Await-Position', position);
      const row = timeline.body.items.find((i: { type: string }) => i.type === 'ResidentDetailsCorrected');
      expect(row).toMatchObject({ summary: "Resident's details corrected: given name, date of birth, NHS number", actor: { id: author.id } });
      expect(JSON.stringify(timeline.body)).not.toMatch(/Margaret|4010232137|1941-07-19/);
    });
  });

  describe('discharge planning', () => {
    it("opens on admission on the coordinator's and the home-care Wellbeing Team's worklists, and the discharge completes it", async () => {
      const coordinator = await caller(h, { sub: 'p-tilbury', name: 'Tia Coordinator', localities: ['tilbury-chadwell'] });
      const wellbeing = await caller(h, { sub: 'p-wellbeing', name: 'Charlie Wellbeing', localities: ['tilbury-chadwell'], teams: ['wellbeing-tilbury'] });
      const otherTeam = await caller(h, { sub: 'p-chadwell', localities: ['tilbury-chadwell'], teams: ['wellbeing-chadwell'] });
      const { caseId } = await open(coordinator, { localityId: 'tilbury-chadwell' });
      await post(coordinator, `/api/cases/${caseId}/coordinator`, { practitionerId: coordinator.id, practitionerName: 'Tia Coordinator' });
      await post(coordinator, `/api/cases/${caseId}/home-care`, { teamId: 'wellbeing-tilbury', hoursPerWeek: 10 });
      const admitted = await post(coordinator, `/api/cases/${caseId}/hospital-admissions`, { hospital: 'Basildon University Hospital', admittedAt: new Date().toISOString() });
      const position = admitted.headers['event-position'] as string;

      const detail = await h.http().get(`/api/cases/${caseId}`).set(coordinator.auth).set('Await-Position', position);
      const planning = detail.body.followUps.find((f: { kind: string }) => f.kind === 'discharge-planning');
      expect(planning).toMatchObject({ status: 'open', dueAt: expect.any(String) });
      const item = { kind: 'follow-up', followUpKind: 'discharge-planning', caseId, followUpId: planning.followUpId };
      const mine = await h.http().get('/api/worklist').set(coordinator.auth).set('Await-Position', position);
      expect(mine.body.items).toEqual(expect.arrayContaining([expect.objectContaining(item)]));
      const team = await h.http().get('/api/worklist?teamId=wellbeing-tilbury').set(wellbeing.auth).set('Await-Position', position);
      expect(team.body.items).toEqual([expect.objectContaining(item)]);
      const other = await h.http().get('/api/worklist?teamId=wellbeing-chadwell').set(otherTeam.auth).set('Await-Position', position);
      expect(other.body.items).toEqual([]);

      const discharged = await post(coordinator, `/api/cases/${caseId}/discharges`, { dischargedAt: new Date().toISOString(), pathway: 0 }, 201);
      const after = await h.http().get('/api/worklist?teamId=wellbeing-tilbury').set(wellbeing.auth).set('Await-Position', discharged.headers['event-position'] as string);
      expect(after.body.items).toEqual([]);
      const done = await h.http().get(`/api/cases/${caseId}`).set(coordinator.auth);
      expect(done.body.followUps.find((f: { followUpId: string }) => f.followUpId === planning.followUpId)).toMatchObject({ status: 'completed' });
    });
  });

  describe('a database written before this change', () => {
    it('rebuilds to the new shapes: notes, reviews, closure, NHS number search; an old check keeps no outcome', async () => {
      const ds = await new DataSource(buildDataSourceOptions({ url: h.db.url, poolSize: 2 })).initialize();
      const pool = new Pool({ connectionString: h.db.url, max: 2 });
      pool.on('error', () => undefined);
      const store = new PostgresEventStore(pool);
      try {
        // Events exactly as the code before this change stored them (no outcome on the completed check).
        const caseId = randomUUID();
        const followUpId = randomUUID();
        const at = (day: number) => new Date(Date.UTC(2026, 5, day, 10)).toISOString();
        const meta = { correlationId: 'legacy', causationId: null, actor: { id: author.id, name: 'Noor Author' }, schemaVersion: 1 };
        const legacy: Array<[string, unknown]> = [
          ['CaseOpened', { caseId, reference: 'ILN-GRA-009901', resident: { givenName: 'Olwen', familyName: 'Recordson', dateOfBirth: '1938-04-04', nhsNumber: '4857773457' }, localityId: 'grays', source: 'gp', reason: 'r', needs: [], whatMatters: null, complexity: 'standard', openedAt: at(1) }],
          ['CoordinatorAssigned', { practitionerId: author.id, practitionerName: 'Noor Author', teamId: null, previousPractitionerId: null, handoverId: null, localityId: 'grays', assignedAt: at(1) }],
          ['CarePlanDrafted', { planVersion: 1, whatMatters: 'garden', goals: [{ id: 'g1', description: 'walk', targetDate: null, achieved: false }], actions: [], informalSupport: [], risksAccepted: [], draftedAt: at(2) }],
          ['CarePlanAgreed', { planVersion: 1, agreedWithResident: true, note: null, agreedAt: at(2), nextReviewDue: at(20) }],
          ['CarePlanReviewed', { planVersion: 1, summary: 'Walking again', reviewedAt: at(3), nextReviewDue: at(25) }],
          ['NoteAdded', { noteId: randomUUID(), text: 'An old note', restricted: false, addedAt: at(4) }],
          ['FollowUpScheduled', { followUpId, kind: 'reablement-91-day-check', dueAt: at(5), subject: { kind: 'discharge', id: randomUUID() }, ownerId: author.id, serviceId: null, localityId: 'grays', scheduledAt: at(4) }],
          ['FollowUpCompleted', { followUpId, kind: 'reablement-91-day-check', manual: true, note: null, completedAt: at(6) }],
          ['CaseClosed', { reason: 'Goals met', outcomeSummary: 'Living well', closedAt: at(7) }],
        ];
        const appended = await store.appendToStream(
          `case-${caseId}`,
          legacy.map(([type, data]) => ({ eventId: randomUUID(), type, data, metadata: meta })),
          { expectedVersion: 'no-stream' },
        );
        await projections.waitForProjections(appended.position);
        // The read models as that code left them: no notes model, no new fields.
        await ds.query(`DELETE FROM rm_case_notes WHERE case_id = $1`, [caseId]);
        await ds.query(`UPDATE rm_case_list SET nhs_number = NULL WHERE case_id = $1`, [caseId]);
        await ds.query(`UPDATE rm_case_detail SET document = (document - 'closure') #- '{carePlan,reviews}' WHERE case_id = $1`, [caseId]);
        // Before a rebuild the answer keeps to the contract's shape, with the history it
        // lacks left empty: only the event log has it.
        const before = await h.http().get(`/api/cases/${caseId}`).set(author.auth);
        expect(before.body).toMatchObject({ status: 'closed', closure: null, carePlan: { reviews: [] } });

        // Rebuilt as the worker reads the log: the other cases' events are encrypted.
        const decrypting = testCaseEventStore(pool);
        const results = await rebuildProjections(typeOrmDb(ds), decrypting, ALL_PROJECTIONS).finally(() => decrypting.close());
        expect(results.map((r) => r.projection).sort()).toEqual(ALL_PROJECTIONS.map((p) => p.name).sort());

        const detail = await h.http().get(`/api/cases/${caseId}`).set(author.auth);
        expect(detail.body).toMatchObject({
          status: 'closed',
          closure: { closedAt: at(7), reason: 'Goals met', outcomeSummary: 'Living well' },
          carePlan: { reviews: [{ reviewedAt: at(3), summary: 'Walking again', by: { id: author.id, name: 'Noor Author' } }] },
        });
        const check = detail.body.followUps.find((f: { followUpId: string }) => f.followUpId === followUpId);
        expect(check).toEqual({ followUpId, kind: 'reablement-91-day-check', dueAt: at(5), status: 'completed' });
        const notes = await h.http().get(`/api/cases/${caseId}/notes`).set(author.auth);
        expect(notes.body).toMatchObject({ total: 1, items: [{ text: 'An old note', author: { id: author.id } }] });
        const found = await h.http().get('/api/cases?q=4857773457').set(author.auth);
        expect(found.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([caseId]);
      } finally {
        await store.close();
        await pool.end();
        await ds.destroy();
      }
    });
  });
});
