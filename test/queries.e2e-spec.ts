import { startApiHarness, startProjections, type ApiHarness, type RunningProjections } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { caller, openBody, type Caller } from './cases-helpers';

// The read side over HTTP: commands through the API, the projection runner in-process,
// queries answered from the read models (read-your-writes with Await-Position).
describe('queries over HTTP', () => {
  let h: ApiHarness;
  let projections: RunningProjections;
  let worker: Caller;

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    projections = await startProjections(h.db.url);
    worker = await caller(h, { roles: ['practitioner'] });
  });
  afterAll(async () => {
    await projections?.stop();
    await h?.close();
  });

  async function open(overrides: Record<string, unknown> = {}) {
    const res = await h.http().post('/api/cases').set(worker.auth).send(openBody(overrides));
    expect(res.status).toBe(201);
    return { caseId: res.body.caseId as string, reference: res.body.reference as string, position: res.headers['event-position'] as string };
  }

  it('reads its own write: Await-Position then the detail in API.md shape', async () => {
    const { caseId, reference, position } = await open();
    const res = await h.http().get(`/api/cases/${caseId}`).set(worker.auth).set('Await-Position', position);
    expect(res.status).toBe(200);
    expect(res.headers['projection-position']).toEqual(expect.any(String));
    expect(res.body).toMatchObject({
      caseId,
      reference,
      version: 2,
      status: 'open',
      localityId: 'grays',
      source: 'gp',
      coordinator: null,
      pendingHandover: null,
      careTeam: [],
      carePlan: null,
      specialistInputs: [],
      safeguarding: { flag: false, concerns: [] },
      consent: null,
      hospital: { admitted: false },
      homeCare: null,
      followUps: [expect.objectContaining({ kind: 'allocate-coordinator', status: 'open' })],
      closedAt: null,
    });
  });

  it('lists and searches by reference or resident name, within the caller locality only', async () => {
    const grays = await open({ resident: { givenName: 'Winifred', familyName: 'Quellington', dateOfBirth: '1939-02-02' } });
    const otherCaller = await caller(h, { sub: 'p-asop', localities: ['asop'] });
    const asop = await h.http().post('/api/cases').set(otherCaller.auth).send(openBody({ localityId: 'asop' }));
    await projections.waitForProjections(asop.headers['event-position']);

    const byName = await h.http().get('/api/cases?q=quELLing').set(worker.auth).set('Await-Position', grays.position);
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(byName.body.items[0]).toMatchObject({ caseId: grays.caseId, residentName: 'Winifred Quellington', localityId: 'grays', coordinator: null, safeguardingFlag: false, openInputs: 0 });
    const byRef = await h.http().get(`/api/cases?q=${grays.reference}`).set(worker.auth);
    expect(byRef.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([grays.caseId]);

    const mine = await h.http().get('/api/cases?pageSize=200').set(worker.auth);
    expect(mine.body.items.every((i: { localityId: string }) => i.localityId === 'grays')).toBe(true);
    expect((await h.http().get(`/api/cases/${asop.body.caseId}`).set(worker.auth)).status).toBe(404);
    expect((await h.http().get(`/api/cases/${asop.body.caseId}/timeline`).set(worker.auth)).status).toBe(404);
  });

  it('rejects bad paging with a 400 problem', async () => {
    const res = await h.http().get('/api/cases?pageSize=201&page=0').set(worker.auth);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['page', 'pageSize']);
  });

  it('answers 503 with Retry-After when the read models cannot reach the awaited position in time', async () => {
    const res = await h.http().get('/api/cases').set(worker.auth).set('Await-Position', '99999999999999999999:00000000000000000001');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect((await h.http().get('/api/cases').set(worker.auth).set('Await-Position', 'nonsense')).status).toBe(400);
  });

  it('shows the timeline with restricted entries hidden from those not allowed, and asAt', async () => {
    const { caseId, position } = await open();
    const note = await h.http().post(`/api/cases/${caseId}/notes`).set(worker.auth).send({ text: 'private words', restricted: true });
    expect(note.status).toBeLessThan(300);
    const other = await caller(h, { sub: 'p-grays-2', name: 'Other Worker', roles: ['practitioner'] });
    const mineView = await h.http().get(`/api/cases/${caseId}/timeline`).set(worker.auth).set('Await-Position', note.headers['event-position']);
    expect(mineView.status).toBe(200);
    expect(mineView.body.items[0]).toEqual({ position: expect.any(String), type: 'CaseOpened', occurredAt: expect.any(String), actor: { id: worker.id, name: 'Alex Fictionby' }, summary: 'Case opened (source: gp)' });
    expect(mineView.body.items.at(-1)).toMatchObject({ type: 'NoteAdded', summary: 'Restricted note added' });
    const theirs = await h.http().get(`/api/cases/${caseId}/timeline`).set(other.auth);
    expect(theirs.body.items.at(-1)).toEqual({ type: 'NoteAdded', occurredAt: expect.any(String), restricted: true });
    expect(JSON.stringify(theirs.body)).not.toContain('private words');

    const opened = await h.http().get(`/api/cases/${caseId}`).set(worker.auth).set('Await-Position', position);
    const asAt = await h.http().get(`/api/cases/${caseId}?asAt=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`).set(worker.auth);
    expect(asAt.status).toBe(200);
    expect(asAt.body.version).toBe(3);
    const before = await h.http().get(`/api/cases/${caseId}?asAt=2000-01-01T00:00:00.000Z`).set(worker.auth);
    expect(before.status).toBe(404);
    expect(opened.body.version).toBeGreaterThanOrEqual(2);
  });

  it('serves the worklist, boards, caseloads and dashboards to the roles that may see them', async () => {
    const manager = await caller(h, { sub: 'm-grays', name: 'Manager', roles: ['team-manager'] });
    const { position } = await open();
    const worklist = await h.http().get('/api/worklist').set(manager.auth).set('Await-Position', position);
    expect(worklist.status).toBe(200);
    expect(worklist.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'follow-up', followUpKind: 'allocate-coordinator', overdue: false, escalated: false })]));
    expect((await h.http().get('/api/specialist-inputs').set(worker.auth)).status).toBe(200);
    expect((await h.http().get('/api/caseloads').set(manager.auth)).status).toBe(200);
    expect((await h.http().get('/api/caseloads').set(worker.auth)).status).toBe(403);
    const dash = await h.http().get('/api/localities/grays/dashboard').set(manager.auth);
    expect(dash.status).toBe(200);
    expect(dash.body.measures.openCases).toEqual({ value: expect.any(Number), definition: expect.any(String) });
    expect(dash.body.measures.openCases.value).toBeGreaterThanOrEqual(1);
    expect(dash.body.measures.unallocatedCases.value).toBeGreaterThanOrEqual(1);
    // v1.1: borough-wide is for those working in every locality; a Grays manager gets 403.
    expect((await h.http().get('/api/dashboard').set(manager.auth)).status).toBe(403);
    expect((await h.http().get('/api/localities/asop/dashboard').set(manager.auth)).status).toBe(404);
    const register = await h.http().get('/api/safeguarding/concerns').set(manager.auth);
    expect(register.status).toBe(200);
  });
});
