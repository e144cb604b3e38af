import { startApiHarness, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { caller, openCase, streamLength, type Caller } from './cases-helpers';

// Unbounded growth: a PUT of the plan as it already is must not add a version.
describe('PUT /care-plan with the current plan unchanged', () => {
  let h: ApiHarness;
  let worker: Caller;

  const plan = {
    whatMatters: 'My garden',
    goals: [
      { id: 'goal-garden', description: 'Get into the garden every day', targetDate: '2027-05-01' },
    ],
    actions: [
      {
        id: 'act-rail',
        description: 'Fit a rail by the back door',
        owner: { kind: 'team', id: 'cls-grays', name: 'CLS Grays' },
        goalId: 'goal-garden',
        dueDate: '2027-01-15',
      },
    ],
    informalSupport: ['Neighbour checks in daily'],
    risksAccepted: ['Gardening alone'],
  };
  const put = (caseId: string, body: object) =>
    h.http().put(`/api/cases/${caseId}/care-plan`).set(worker.auth).send(body);
  const eventTypes = async (caseId: string) =>
    (
      await h.pool.query<{ type: string }>(
        `SELECT type FROM es_events WHERE stream_id = $1 ORDER BY version`,
        [`case-${caseId}`],
      )
    ).rows.map((r) => r.type);

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    worker = await caller(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers 200 with the current planVersion and writes no event, and the plan stays agreed', async () => {
    const { caseId } = await openCase(h, worker);
    const first = await put(caseId, plan);
    expect(first.status).toBe(200);
    expect(first.body.planVersion).toBe(1);
    const agreed = await h
      .http()
      .post(`/api/cases/${caseId}/care-plan/agree`)
      .set(worker.auth)
      .send({ agreedWithResident: true });
    expect(agreed.status).toBe(200);
    const before = await streamLength(h, caseId);

    const again = await put(caseId, plan);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ caseId, version: before, planVersion: 1 });
    expect(again.headers.etag).toBe(`"${before}"`);
    expect(again.headers['event-position']).toBeUndefined();
    expect(await streamLength(h, caseId)).toBe(before);
    // Still agreed: a second agree is refused, so no draft version came in between.
    const agreeAgain = await h
      .http()
      .post(`/api/cases/${caseId}/care-plan/agree`)
      .set(worker.auth)
      .send({ agreedWithResident: true });
    expect(agreeAgain.body.type).toBe('/problems/care-plan-already-agreed');

    const changed = await put(caseId, {
      ...plan,
      risksAccepted: ['Gardening alone', 'Using the stepladder'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ caseId, version: before + 1, planVersion: 2 });
    expect((await eventTypes(caseId)).filter((t) => t === 'CarePlanDrafted')).toHaveLength(2);
  });

  it('still refuses a stale If-Match for an unchanged body, and 404s an unknown case', async () => {
    const { caseId } = await openCase(h, worker);
    expect((await put(caseId, plan)).status).toBe(200);
    const stale = await h
      .http()
      .put(`/api/cases/${caseId}/care-plan`)
      .set(worker.auth)
      .set('If-Match', '"1"')
      .send(plan);
    expect(stale.status).toBe(412);
    expect((await put('00000000-0000-4000-8000-000000000000', plan)).status).toBe(404);
  });
});
