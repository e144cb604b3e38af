import { startApiHarness, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { caller, openCase, streamLength, type Caller } from './cases-helpers';

// Every case command of API.md through HTTP, and each 409 rule with its problem type.
describe('case commands over HTTP: every command and its rules', () => {
  let h: ApiHarness;
  let worker: Caller;
  let manager: Caller;
  let lead: Caller;
  let colleague: Caller;

  const send = (method: 'post' | 'put' | 'delete', path: string, who: Caller, body: object = {}) =>
    h.http()[method](`/api/cases${path}`).set(who.auth).send(body);
  const post = (path: string, body: object = {}, who: Caller = worker) => send('post', path, who, body);
  const expectConflict = async (res: { status: number; body: { type: string } }, code: string) => {
    expect({ status: res.status, type: res.body.type }).toEqual({ status: 409, type: `/problems/${code}` });
  };
  const allocated = async () => {
    const { caseId } = await openCase(h, worker);
    expect((await post(`/${caseId}/coordinator`, { practitionerId: worker.id, practitionerName: 'Alex Fictionby', teamId: 'cls-grays' })).status).toBe(200);
    return caseId;
  };
  const followUpId = async (caseId: string, kind: string) => {
    const { rows } = await h.pool.query(
      `SELECT data->>'followUpId' AS id FROM es_events WHERE stream_id = $1 AND type = 'FollowUpScheduled' AND data->>'kind' = $2 ORDER BY version DESC LIMIT 1`,
      [`case-${caseId}`, kind],
    );
    return rows[0].id as string;
  };

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    worker = await caller(h);
    colleague = await caller(h, { sub: 'p-grays-2', name: 'Sam Placeholder' });
    manager = await caller(h, { sub: 'p-grays-3', name: 'Taylor Exampleton', roles: ['team-manager'] });
    lead = await caller(h, { sub: 'p-grays-4', name: 'Robin Dummigan', roles: ['safeguarding-lead'] });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('coordination', () => {
    it('allocates once, then only a hand-over changes the coordinator', async () => {
      const caseId = await allocated();
      await expectConflict(await post(`/${caseId}/coordinator`, { practitionerId: colleague.id, practitionerName: 'Sam Placeholder' }, manager), 'coordinator-already-assigned');

      const proposed = await post(`/${caseId}/handovers`, { toPractitionerId: colleague.id, toPractitionerName: 'Sam Placeholder', reason: 'closer to home' });
      expect(proposed.status).toBe(201);
      expect(proposed.body).toEqual({ caseId, version: expect.any(Number), handoverId: expect.any(String) });
      expect(proposed.headers.location).toBe(`/api/cases/${caseId}/handovers/${proposed.body.handoverId}`);
      await expectConflict(await post(`/${caseId}/handovers`, { toPractitionerId: 'p-grays-9', toPractitionerName: 'Someone Else', reason: 'x' }), 'handover-pending');
      await expectConflict(await post(`/${caseId}/close`, { reason: 'done', outcomeSummary: 'ok' }), 'handover-pending');

      const { handoverId } = proposed.body;
      await expectConflict(await post(`/${caseId}/handovers/${handoverId}/accept`, {}, worker), 'not-handover-receiver');
      const accepted = await post(`/${caseId}/handovers/${handoverId}/accept`, {}, colleague);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({ caseId, version: proposed.body.version + 3 });
      expect((await post(`/${caseId}/handovers/${handoverId}/accept`, {}, colleague)).status).toBe(404);
    });

    it('declines a hand-over and keeps the coordinator', async () => {
      const caseId = await allocated();
      const { body } = await post(`/${caseId}/handovers`, { toPractitionerId: colleague.id, toPractitionerName: 'Sam Placeholder', reason: 'leave' });
      const declined = await post(`/${caseId}/handovers/${body.handoverId}/decline`, { reason: 'caseload full' }, colleague);
      expect(declined.status).toBe(200);
      // Proposing to the current coordinator is refused: the decline left it unchanged.
      await expectConflict(await post(`/${caseId}/handovers`, { toPractitionerId: worker.id, toPractitionerName: 'Alex Fictionby', reason: 'x' }), 'handover-to-current-coordinator');
    });

    it('lets a practitioner take a case themselves but only a team manager allocate someone else', async () => {
      const { caseId } = await openCase(h, worker);
      const res = await post(`/${caseId}/coordinator`, { practitionerId: colleague.id, practitionerName: 'Sam Placeholder' }, worker);
      expect(res.status).toBe(403);
      expect((await post(`/${caseId}/coordinator`, { practitionerId: colleague.id, practitionerName: 'Sam Placeholder', teamId: 'no-such-team' }, manager)).body.errors).toEqual([
        { field: 'teamId', message: 'no such team' },
      ]);
      expect((await post(`/${caseId}/coordinator`, { practitionerId: colleague.id, practitionerName: 'Sam Placeholder' }, manager)).status).toBe(200);
    });

    it('adds and removes care team members, but not the coordinator', async () => {
      const caseId = await allocated();
      const added = await post(`/${caseId}/care-team`, { memberId: 'nurse-1', name: 'Nell Nursington', organisation: 'NELFT', role: 'community nurse' });
      expect(added.status).toBe(201);
      expect(added.body.memberId).toBe('nurse-1');
      await expectConflict(await post(`/${caseId}/care-team`, { memberId: 'nurse-1', name: 'Nell Nursington', organisation: 'NELFT', role: 'nurse' }), 'already-care-team-member');
      expect((await send('delete', `/${caseId}/care-team/nurse-1`, worker)).status).toBe(200);
      await expectConflict(await send('delete', `/${caseId}/care-team/nurse-1`, worker), 'not-care-team-member');
      await post(`/${caseId}/care-team`, { memberId: worker.id, name: 'Alex Fictionby', organisation: 'Thurrock Council', role: 'social worker' });
      await expectConflict(await send('delete', `/${caseId}/care-team/${worker.id}`, worker), 'cannot-remove-coordinator');
    });
  });

  describe('care plan', () => {
    it('drafts, agrees, reviews, completes actions and achieves goals', async () => {
      const caseId = await allocated();
      await expectConflict(await post(`/${caseId}/care-plan/agree`, { agreedWithResident: true }), 'care-plan-missing');
      const empty = await send('put', `/${caseId}/care-plan`, worker, { whatMatters: 'My garden', goals: [], actions: [] });
      expect(empty.status).toBe(200);
      expect(empty.body.planVersion).toBe(1);
      await expectConflict(await post(`/${caseId}/care-plan/agree`, { agreedWithResident: true }), 'care-plan-needs-goal');
      await expectConflict(await post(`/${caseId}/care-plan/reviews`, { summary: 'too early' }), 'care-plan-not-agreed');

      const plan = {
        whatMatters: 'My garden',
        goals: [{ id: 'goal-garden', description: 'Get into the garden every day', targetDate: '2027-05-01' }],
        actions: [{ id: 'act-rail', description: 'Fit a rail by the back door', owner: { kind: 'team', id: 'cls-grays', name: 'CLS Grays' }, goalId: 'goal-garden', dueDate: '2027-01-15' }],
        informalSupport: ['Neighbour checks in daily'],
        risksAccepted: ['Gardening alone'],
      };
      const v2 = await send('put', `/${caseId}/care-plan`, worker, plan);
      expect(v2.body).toEqual({ caseId, version: expect.any(Number), planVersion: 2 });
      const agreed = await post(`/${caseId}/care-plan/agree`, { agreedWithResident: true, note: 'agreed at home' });
      expect(agreed.status).toBe(200);
      expect(agreed.body.nextReviewDue).toEqual(expect.any(String));
      await expectConflict(await post(`/${caseId}/care-plan/agree`, { agreedWithResident: true }), 'care-plan-already-agreed');
      const reviewed = await post(`/${caseId}/care-plan/reviews`, { summary: 'Going well', nextReviewDate: '2027-09-30' });
      expect(reviewed.status).toBe(200);
      expect((await post(`/${caseId}/care-plan/actions/act-rail/complete`, { note: 'fitted' })).status).toBe(200);
      await expectConflict(await post(`/${caseId}/care-plan/actions/act-rail/complete`, {}), 'action-already-completed');
      expect((await post(`/${caseId}/care-plan/actions/no-such-action/complete`, {})).status).toBe(404);
      expect((await post(`/${caseId}/care-plan/goals/goal-garden/achieve`, {})).status).toBe(200);
      await expectConflict(await post(`/${caseId}/care-plan/goals/goal-garden/achieve`, {}), 'goal-already-achieved');
    });

    it('validates nested plan fields, listing each bad one', async () => {
      const caseId = await allocated();
      const res = await send('put', `/${caseId}/care-plan`, worker, {
        whatMatters: 'x',
        goals: [{ description: '' }],
        actions: [{ description: 'a', owner: { kind: 'alien', name: 'Zorg' }, dueDate: '2027-13-01', extra: 1 }],
      });
      expect(res.status).toBe(400);
      expect((res.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(
        expect.arrayContaining(['goals[0].description', 'actions[0].owner.kind', 'actions[0].dueDate', 'actions[0].extra']),
      );
      const dangling = await send('put', `/${caseId}/care-plan`, worker, { whatMatters: 'x', goals: [], actions: [{ description: 'a', owner: { kind: 'resident', name: 'Me' }, goalId: 'nope' }] });
      expect(dangling.body.errors).toEqual([{ field: 'actions[0].goalId', message: 'must be the id of a goal in this plan' }]);
    });
  });

  describe('specialist input', () => {
    it('requests, accepts, delivers; declines; withdraws; refuses invalid moves', async () => {
      const caseId = await allocated();
      const requested = await post(`/${caseId}/specialist-inputs`, { serviceId: 'falls', mode: 'brokered', urgency: 'urgent', request: 'Falls review' });
      expect(requested.status).toBe(201);
      expect(requested.body).toEqual({ caseId, version: expect.any(Number), inputId: expect.any(String), respondBy: expect.any(String) });
      const { inputId } = requested.body;
      await expectConflict(await post(`/${caseId}/specialist-inputs/${inputId}/deliver`, { summary: 'too soon' }), 'invalid-input-transition');
      expect((await post(`/${caseId}/specialist-inputs/${inputId}/accept`, { byName: 'Falls team' })).status).toBe(200);
      expect((await post(`/${caseId}/specialist-inputs/${inputId}/deliver`, { summary: 'Exercises added to the plan' })).status).toBe(200);
      await expectConflict(await post(`/${caseId}/specialist-inputs/${inputId}/withdraw`, { reason: 'late' }), 'invalid-input-transition');

      const second = (await post(`/${caseId}/specialist-inputs`, { serviceId: 'housing', mode: 'formal-referral', urgency: 'routine', request: 'Adaptations' })).body;
      expect((await post(`/${caseId}/specialist-inputs/${second.inputId}/decline`, { reason: 'not eligible' })).status).toBe(200);
      const third = (await post(`/${caseId}/specialist-inputs`, { serviceId: 'debt-advice', mode: 'joint-visit', urgency: 'crisis', request: 'Bailiffs' })).body;
      await expectConflict(await post(`/${caseId}/close`, { reason: 'done', outcomeSummary: 'ok' }), 'inputs-outstanding');
      expect((await post(`/${caseId}/specialist-inputs/${third.inputId}/withdraw`, { reason: 'resolved by family' })).status).toBe(200);
      expect((await post(`/${caseId}/specialist-inputs/4f1d0c52-9b0e-4d1c-8a3e-2b5c7d9e1f00/accept`, {})).status).toBe(404);
    });

    it('refuses an unknown service with a 400 naming serviceId', async () => {
      const caseId = await allocated();
      const res = await post(`/${caseId}/specialist-inputs`, { serviceId: 'astrology', mode: 'brokered', urgency: 'routine', request: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'serviceId', message: 'no such specialist service' }]);
    });
  });

  describe('safeguarding', () => {
    it('raises, decides (lead only), concludes, reviews and lifts the flag', async () => {
      const caseId = await allocated();
      const raised = await post(`/${caseId}/safeguarding-concerns`, { categories: ['financial', 'self-neglect'], risk: 'high', summary: 'Unpaid bills, no food' });
      expect(raised.status).toBe(201);
      expect(raised.body).toEqual({ caseId, version: expect.any(Number), concernId: expect.any(String), decisionDueBy: expect.any(String) });
      const { concernId } = raised.body;
      await expectConflict(await post(`/${caseId}/safeguarding-flag/lift`, { reason: 'premature' }), 'safeguarding-open');
      await expectConflict(await post(`/${caseId}/close`, { reason: 'done', outcomeSummary: 'ok' }), 'safeguarding-open');
      expect((await post(`/${caseId}/safeguarding-concerns/${concernId}/decision`, { section42: true, rationale: 'x' }, worker)).status).toBe(403);
      expect((await post(`/${caseId}/safeguarding-concerns/${concernId}/decision`, { section42: true, rationale: 'Meets s42 criteria' }, lead)).status).toBe(200);
      await expectConflict(await post(`/${caseId}/safeguarding-concerns/${concernId}/decision`, { section42: false, rationale: 'again' }, lead), 'concern-already-decided');
      await expectConflict(await post(`/${caseId}/safeguarding-flag/lift`, { reason: 'enquiry open' }), 'safeguarding-open');
      await expectConflict(
        await post(`/${caseId}/safeguarding-concerns/${concernId}/conclusion`, { outcome: 'risk-reduced', desiredOutcomesAsked: true }, lead),
        'outcomes-met-required',
      );
      const concluded = await post(
        `/${caseId}/safeguarding-concerns/${concernId}/conclusion`,
        { outcome: 'risk-reduced', desiredOutcomesAsked: true, desiredOutcomes: 'Keep my home', outcomesMet: 'partially' },
        lead,
      );
      expect(concluded.status).toBe(200);
      const reviewed = await post(`/${caseId}/safeguarding-flag/review`, { note: 'Still fragile' });
      expect(reviewed.body.nextReviewDue).toEqual(expect.any(String));
      expect((await post(`/${caseId}/safeguarding-flag/lift`, { reason: 'Risk managed' })).status).toBe(200);
      await expectConflict(await post(`/${caseId}/safeguarding-flag/lift`, { reason: 'again' }), 'no-safeguarding-flag');
    });

    it('validates categories and risk', async () => {
      const caseId = await allocated();
      const res = await post(`/${caseId}/safeguarding-concerns`, { categories: ['gossip'], risk: 'extreme', summary: 'x' });
      expect(res.status).toBe(400);
      expect((res.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['categories', 'risk']);
    });
  });

  describe('records, hospital, home care, transfer, closure', () => {
    it('records consent and notes', async () => {
      const caseId = await allocated();
      expect((await post(`/${caseId}/consent`, { status: 'given', organisations: ['nelft', 'eput'], note: 'verbal' })).status).toBe(200);
      const note = await post(`/${caseId}/notes`, { text: 'Visited; all well', restricted: true });
      expect(note.status).toBe(201);
      expect(note.body.noteId).toEqual(expect.any(String));
    });

    it('admits, discharges on pathway 1 and completes the welfare check by hand', async () => {
      const caseId = await allocated();
      await expectConflict(await post(`/${caseId}/discharges`, { dischargedAt: '2026-11-20T10:00:00.000Z', pathway: 1 }), 'not-admitted');
      expect((await post(`/${caseId}/hospital-admissions`, { hospital: 'Basildon University Hospital', admittedAt: '2026-11-10T08:00:00.000Z' })).status).toBe(200);
      await expectConflict(await post(`/${caseId}/hospital-admissions`, { hospital: 'Elsewhere', admittedAt: '2026-11-11T08:00:00.000Z' }), 'already-admitted');
      expect((await post(`/${caseId}/discharges`, { dischargedAt: '2026-11-20T10:00:00.000Z', pathway: 7 })).body.errors).toEqual([
        expect.objectContaining({ field: 'pathway' }),
      ]);
      const discharged = await post(`/${caseId}/discharges`, { dischargedAt: '2026-11-20T10:00:00.000Z', pathway: 1 });
      expect(discharged.status).toBe(201);
      expect(discharged.body.dischargeId).toEqual(expect.any(String));
      const welfare = await followUpId(caseId, 'post-discharge-welfare-check');
      const withoutOutcome = await post(`/${caseId}/follow-ups/${welfare}/complete`, { note: 'called, fine' });
      expect(withoutOutcome.status).toBe(400);
      expect(withoutOutcome.body.errors).toEqual([expect.objectContaining({ field: 'outcome' })]);
      expect((await post(`/${caseId}/follow-ups/${welfare}/complete`, { note: 'called, fine', outcome: 'well' })).status).toBe(200);
      await expectConflict(await post(`/${caseId}/follow-ups/${welfare}/complete`, {}), 'follow-up-not-open');
      expect(await followUpId(caseId, 'reablement-91-day-check')).toEqual(expect.any(String));
    });

    it('sets home care only from a Wellbeing Team', async () => {
      const caseId = await allocated();
      expect((await post(`/${caseId}/home-care`, { teamId: 'wellbeing-tilbury', hoursPerWeek: 10.5 })).status).toBe(200);
      expect((await post(`/${caseId}/home-care`, { teamId: 'cls-grays', hoursPerWeek: 10 })).body.errors).toEqual([{ field: 'teamId', message: 'no such Wellbeing Team' }]);
      expect((await post(`/${caseId}/home-care`, { teamId: 'wellbeing-tilbury', hoursPerWeek: -1 })).status).toBe(400);
    });

    it('transfers to a known locality, after which Grays-only staff no longer see it (the coordinator keeps it, API.md v1.1)', async () => {
      const caseId = await allocated();
      expect((await post(`/${caseId}/transfer`, { toLocalityId: 'nowhere', reason: 'moved' })).body.errors).toEqual([{ field: 'toLocalityId', message: 'no such locality' }]);
      await expectConflict(await post(`/${caseId}/transfer`, { toLocalityId: 'grays', reason: 'moved' }), 'same-locality');
      expect((await post(`/${caseId}/transfer`, { toLocalityId: 'asop', reason: 'Moved to Aveley' })).status).toBe(200);
      expect((await post(`/${caseId}/notes`, { text: 'after move' }, colleague)).status).toBe(404);
      expect((await post(`/${caseId}/notes`, { text: 'after move' })).status).toBe(201);
    });

    it('closes, refuses commands on a closed case except notes and reopen, then reopens', async () => {
      const caseId = await allocated();
      const closed = await post(`/${caseId}/close`, { reason: 'Goals met', outcomeSummary: 'Living independently' });
      expect(closed.status).toBe(200);
      await expectConflict(await post(`/${caseId}/consent`, { status: 'refused', organisations: [] }), 'case-closed');
      await expectConflict(await post(`/${caseId}/close`, { reason: 'again', outcomeSummary: 'again' }), 'case-closed');
      const before = await streamLength(h, caseId);
      expect((await post(`/${caseId}/notes`, { text: 'Family called after closure' })).status).toBe(201);
      expect(await streamLength(h, caseId)).toBe(before + 1);
      expect((await post(`/${caseId}/reopen`, { reason: 'Fell again' })).status).toBe(200);
      await expectConflict(await post(`/${caseId}/reopen`, { reason: 'twice' }), 'case-not-closed');
    });
  });

  it('keeps admin and auditor out of every case command', async () => {
    const caseId = await allocated();
    const admin = await caller(h, { sub: 'admin-1', roles: ['admin'] });
    const auditor = await caller(h, { sub: 'aud-1', roles: ['auditor'] });
    for (const who of [admin, auditor]) {
      expect((await post(`/${caseId}/notes`, { text: 'x' }, who)).status).toBe(403);
      expect((await post(`/${caseId}/close`, { reason: 'x', outcomeSummary: 'x' }, who)).status).toBe(403);
    }
  });
});
