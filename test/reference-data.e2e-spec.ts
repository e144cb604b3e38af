import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ReferenceData } from '@iln/case-coordination';
import { startApiHarness, waitFor, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

const policyFile = (content: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'iln-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
};

describe('reference data and the follow-up policy', () => {
  let h: ApiHarness;
  let auth: { Authorization: string };

  beforeAll(async () => {
    h = await startApiHarness({
      createApp: (config) => createApiApp(config, { logs: false }),
      env: {
        FOLLOW_UP_POLICY_FILE: policyFile({ 'specialist-input-crisis': 'PT3S', 'specialist-input-routine': { workingDays: 5 }, 'specialist-input-urgent:falls': { hours: 4 } }),
      },
    });
    auth = { Authorization: `Bearer ${await h.token({ roles: ['admin'], localities: [] })}` };
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves the localities with their places (and needs a token)', async () => {
    expect((await h.http().get('/api/localities')).status).toBe(401);
    const res = await h.http().get('/api/localities').set(auth);
    expect(res.status).toBe(200);
    expect(res.body.map((l: { id: string }) => l.id).sort()).toEqual(['asop', 'grays', 'stanford-corringham', 'tilbury-chadwell']);
    expect(res.body).toContainEqual({ id: 'tilbury-chadwell', name: 'Tilbury and Chadwell', places: ['Tilbury', 'Chadwell St Mary'], referenceCode: 'TIL' });
  });

  it('serves specialist services with response targets from the policy in force', async () => {
    const res = await h.http().get('/api/specialist-services').set(auth);
    expect(res.body).toHaveLength(10);
    expect(res.body).toContainEqual({ id: 'falls', name: 'Falls prevention', responseTargets: { crisis: 'PT3S', urgent: '4 hours', routine: '5 working days' } });
    expect(res.body).toContainEqual({ id: 'housing', name: 'Housing', responseTargets: { crisis: 'PT3S', urgent: '2 working days', routine: '5 working days' } });
  });

  it("seeds the targets DOMAIN.md gives for a service, and a request's respondBy uses its service's target", async () => {
    const res = await h.http().get('/api/specialist-services').set(auth);
    const targets = Object.fromEntries(res.body.map((s: { id: string; responseTargets: unknown }) => [s.id, s.responseTargets]));
    expect(targets['mental-health']).toMatchObject({ crisis: '24 hours' });
    expect(targets.reablement).toEqual({ crisis: 'PT3S', urgent: '2 working days', routine: '2 working days' });
    expect(targets['drug-alcohol']).toMatchObject({ urgent: '10 working days', routine: '10 working days' });
    expect(targets['dementia-crisis']).toMatchObject({ crisis: '2 hours' });

    const worker = { Authorization: `Bearer ${await h.token({ sub: 'p-targets', localities: ['grays'] })}` };
    const opened = await h.http().post('/api/cases').set(worker).send({ resident: { givenName: 'Tara', familyName: 'Gets', dateOfBirth: '1950-01-01' }, localityId: 'grays', source: 'gp', reason: 'Targets' });
    expect(opened.status).toBe(201);
    const ask = async (serviceId: string, urgency: string) => {
      const before = Date.now();
      const r = await h.http().post(`/api/cases/${opened.body.caseId}/specialist-inputs`).set(worker).send({ serviceId, mode: 'brokered', urgency, request: 'Advice' });
      expect(r.status).toBe(201);
      return new Date(r.body.respondBy).getTime() - before;
    };
    const hours = (ms: number) => Math.round(ms / 3_600_000);
    expect(hours(await ask('falls', 'urgent'))).toBe(4);
    expect(hours(await ask('mental-health', 'crisis'))).toBe(24);
  });

  it('serves teams with kind, locality and Wellbeing Team capacity', async () => {
    const res = await h.http().get('/api/teams').set(auth);
    expect(res.body).toContainEqual({ id: 'wellbeing-tilbury', name: 'Tilbury Wellbeing Team', kind: 'wellbeing', localityId: 'tilbury-chadwell', hoursCapacity: 200 });
    expect(res.body).toContainEqual({ id: 'complex-cases', name: 'Complex Cases Team', kind: 'complex-cases', localityId: null });
    expect(res.body.filter((t: { kind: string }) => t.kind === 'community-led-support')).toHaveLength(4);
  });

  it('serves the follow-up policy in force: defaults with the overrides applied', async () => {
    const res = await h.http().get('/api/follow-up-policy').set(auth);
    expect(res.body['allocate-coordinator']).toEqual({ duration: { workingDays: 2 }, description: '2 working days' });
    expect(res.body['specialist-input-crisis']).toEqual({ duration: 'PT3S', description: 'PT3S' });
    expect(res.body['specialist-input-routine']).toEqual({ duration: { workingDays: 5 }, description: '5 working days' });
    expect(res.body['specialist-input-urgent:falls']).toEqual({ duration: { hours: 4 }, description: '4 hours' });
    expect(res.body['specialist-input-crisis:mental-health']).toEqual({ duration: { hours: 24 }, description: '24 hours' });
    expect(res.body['discharge-planning']).toEqual({ duration: { workingDays: 1 }, description: '1 working day' });
  });

  it('describes every case command with its errors in the OpenAPI document', async () => {
    const doc = (await h.http().get('/api/docs-json')).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const commands = [
      ['post', '/api/cases'], ['post', '/api/cases/{id}/coordinator'], ['post', '/api/cases/{id}/handovers'], ['post', '/api/cases/{id}/handovers/{handoverId}/accept'],
      ['post', '/api/cases/{id}/handovers/{handoverId}/decline'], ['post', '/api/cases/{id}/care-team'], ['delete', '/api/cases/{id}/care-team/{memberId}'],
      ['put', '/api/cases/{id}/care-plan'], ['post', '/api/cases/{id}/care-plan/agree'], ['post', '/api/cases/{id}/care-plan/reviews'],
      ['post', '/api/cases/{id}/care-plan/actions/{actionId}/complete'], ['post', '/api/cases/{id}/care-plan/goals/{goalId}/achieve'],
      ['post', '/api/cases/{id}/specialist-inputs'], ['post', '/api/cases/{id}/specialist-inputs/{inputId}/accept'], ['post', '/api/cases/{id}/specialist-inputs/{inputId}/decline'],
      ['post', '/api/cases/{id}/specialist-inputs/{inputId}/deliver'], ['post', '/api/cases/{id}/specialist-inputs/{inputId}/withdraw'],
      ['post', '/api/cases/{id}/safeguarding-concerns'], ['post', '/api/cases/{id}/safeguarding-concerns/{concernId}/decision'],
      ['post', '/api/cases/{id}/safeguarding-concerns/{concernId}/conclusion'], ['post', '/api/cases/{id}/safeguarding-flag/review'], ['post', '/api/cases/{id}/safeguarding-flag/lift'],
      ['post', '/api/cases/{id}/consent'], ['post', '/api/cases/{id}/notes'], ['post', '/api/cases/{id}/hospital-admissions'], ['post', '/api/cases/{id}/discharges'],
      ['post', '/api/cases/{id}/home-care'], ['post', '/api/cases/{id}/transfer'], ['post', '/api/cases/{id}/close'], ['post', '/api/cases/{id}/reopen'],
      ['post', '/api/cases/{id}/follow-ups/{followUpId}/complete'], ['post', '/api/cases/{id}/resident'],
      ['post', '/api/cases/{id}/consent/overrides'], ['post', '/api/cases/{id}/consent/overrides/{organisation}/lift'],
    ];
    for (const [method, path] of commands) {
      const op = doc.paths[path]?.[method];
      expect({ path, method, documented: !!op }).toEqual({ path, method, documented: true });
      // 404 where the path names a case; opening one names none.
      const expected = ['400', '401', '403', '409', '412', ...(path.includes('{id}') ? ['404'] : [])];
      expect({ path, statuses: Object.keys(op.responses) }).toEqual({ path, statuses: expect.arrayContaining(expected) });
    }
  });

  // Commands name localities, teams and services; the API keeps the rows it found and
  // drops them when the tables change (a trigger notifies, ReferenceData listens).
  describe('as commands see it', () => {
    let worker: { Authorization: string };
    let caseId: string;
    const homeCare = (teamId: string) => h.http().post(`/api/cases/${caseId}/home-care`).set(worker).send({ teamId, hoursPerWeek: 3 });

    beforeAll(async () => {
      worker = { Authorization: `Bearer ${await h.token({ sub: 'p-ref-cache', roles: ['practitioner', 'team-manager'], localities: ['*'] })}` };
      const opened = await h.http().post('/api/cases').set(worker).send({ resident: { givenName: 'Ref', familyName: 'Cache', dateOfBirth: '1950-01-01' }, localityId: 'grays', source: 'gp', reason: 'Cache' });
      expect(opened.status).toBe(201);
      caseId = opened.body.caseId;
    });

    it('reads a row a command names once, then keeps it', async () => {
      const ref = h.app.get(ReferenceData);
      await waitFor(() => ref.caching, { description: 'the reference data listener' });
      const reads = jest.spyOn(h.app.get(DataSource), 'getRepository');
      try {
        const first = await ref.team('cls-grays');
        const again = await ref.team('cls-grays');
        expect(again).toBe(first);
        expect(reads).toHaveBeenCalledTimes(1);
      } finally {
        reads.mockRestore();
      }
    });

    it('uses a row added after start at once, and drops a changed or removed row when its change commits', async () => {
      const ref = h.app.get(ReferenceData);
      await waitFor(() => ref.caching, { description: 'the reference data listener' });
      expect((await homeCare('wellbeing-new')).status).toBe(400);
      await h.pool.query(`INSERT INTO teams (id, name, kind, locality_id, hours_capacity) VALUES ('wellbeing-new', 'New Wellbeing Team', 'wellbeing', 'grays', 200)`);
      // Not found is never kept: usable with no wait.
      expect((await homeCare('wellbeing-new')).status).toBe(200);
      expect(await ref.team('wellbeing-new')).toMatchObject({ kind: 'wellbeing' });

      await h.pool.query(`UPDATE teams SET kind = 'housing' WHERE id = 'wellbeing-new'`);
      await waitFor(async () => (await ref.team('wellbeing-new'))?.kind === 'housing', { description: 'the changed team' });
      const refused = await homeCare('wellbeing-new');
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'teamId' }));

      await ref.locality('tilbury-chadwell');
      await h.pool.query(`DELETE FROM teams WHERE id = 'wellbeing-new'`);
      await h.pool.query(`UPDATE localities SET name = 'Tilbury, Chadwell St Mary' WHERE id = 'tilbury-chadwell'`);
      await waitFor(async () => (await ref.team('wellbeing-new')) === null, { description: 'the removed team' });
      await waitFor(async () => (await ref.locality('tilbury-chadwell'))?.name === 'Tilbury, Chadwell St Mary', { description: 'the renamed locality' });
    });
  });
});
