import { randomUUID } from 'node:crypto';
import { createEventStore, type EventStore } from '@iln/event-store';
import { waitFor, type ApiHarness, type TokenClaims } from '@iln/testing';
import { apiWithWorker, problemType } from './api-with-worker';
import { openBody } from './cases-helpers';

// API.md "The record, completed", part B, over HTTP: consent per organisation and its
// safeguarding override (with the access they give and take away), a transfer that keeps
// the coordinator until the receiving locality allocates, the hand-over's team, and
// Wellbeing Team capacity.

type Json = Record<string, unknown>;

describe('the record, completed (part B)', () => {
  let h: ApiHarness;
  let store: EventStore;
  const people: Record<string, TokenClaims> = {
    coord: { sub: 'b-coord', roles: ['practitioner'], localities: ['grays'] },
    practitioner: { sub: 'b-prac', roles: ['practitioner'], localities: ['grays'] },
    tm: { sub: 'b-tm', roles: ['team-manager'], localities: ['grays'] },
    lead: { sub: 'b-lead', roles: ['safeguarding-lead'], localities: ['grays'] },
    // Holds a lead's role, but in another locality: no reach here.
    leadAsop: { sub: 'b-lead-asop', roles: ['safeguarding-lead'], localities: ['asop'] },
    nurse: { sub: 'b-nurse', roles: ['partner'], organisation: 'nelft', localities: [] },
    helper: { sub: 'b-helper', roles: ['partner'], organisation: 'charity', localities: [] },
    tmAsop: { sub: 'b-tm-asop', roles: ['team-manager'], localities: ['asop'] },
    pracAsop: { sub: 'b-prac-asop', roles: ['practitioner'], localities: ['asop'] },
    tmTilbury: { sub: 'b-tm-til', roles: ['team-manager'], localities: ['tilbury-chadwell'] },
    admin: { sub: 'b-admin', roles: ['admin'], localities: ['*'] },
  };

  const api = apiWithWorker({ queue: 'recb', namePrefix: 'B', people });
  const { call, ok } = api;
  const openCase = async (localityId = 'grays'): Promise<string> => {
    const opener = localityId === 'tilbury-chadwell' ? 'tmTilbury' : 'tm';
    const id = (await ok(opener, 'post', '/api/cases', openBody({ localityId }))).body.caseId as string;
    await ok(opener, 'post', `/api/cases/${id}/coordinator`, { practitionerId: 'b-coord', practitionerName: 'Cora Ordinator' });
    return id;
  };
  const addMember = (id: string, memberId: string, organisation: string) =>
    ok('coord', 'post', `/api/cases/${id}/care-team`, { memberId, name: memberId, organisation, role: 'support' });

  beforeAll(() => {
    ({ h } = api);
    store = createEventStore({ kind: 'postgres', pool: h.pool });
  });

  describe('consent per organisation', () => {
    it('records each decision for its organisations, the others keep theirs, and access follows each', async () => {
      const id = await openCase();
      await addMember(id, 'b-nurse', 'nelft');
      await addMember(id, 'b-helper', 'charity');
      await ok('coord', 'post', `/api/cases/${id}/consent`, { status: 'given', organisations: ['nelft'], note: 'Verbal, at home' });
      await ok('coord', 'post', `/api/cases/${id}/consent`, { status: 'refused', organisations: ['charity'] });
      const consent = (await ok('coord', 'get', `/api/cases/${id}`)).body.consent as Json;
      expect(consent).toEqual({
        organisations: [
          { organisation: 'nelft', status: 'given', recordedAt: expect.any(String), note: 'Verbal, at home' },
          { organisation: 'charity', status: 'refused', recordedAt: expect.any(String) },
        ],
        overrides: [],
      });
      expect((await call('nurse', 'get', `/api/cases/${id}`)).status).toBe(200);
      expect((await call('helper', 'get', `/api/cases/${id}`)).status).toBe(404);
      // The lists use the same rule in SQL: the nurse finds the case, the charity's partner does not.
      const listed = async (who: string) => ((await ok(who, 'get', '/api/cases?pageSize=200')).body.items as Json[]).some((c) => c.caseId === id);
      expect(await listed('nurse')).toBe(true);
      expect(await listed('helper')).toBe(false);
      // Refusing NELFT later takes only NELFT's access away.
      await ok('coord', 'post', `/api/cases/${id}/consent`, { status: 'refused', organisations: ['nelft'] });
      expect((await call('nurse', 'get', `/api/cases/${id}`)).status).toBe(404);
      await ok('coord', 'post', `/api/cases/${id}/consent`, { status: 'best-interests', organisations: ['charity'] });
      expect((await call('helper', 'get', `/api/cases/${id}`)).status).toBe(200);
      expect((await call('nurse', 'get', `/api/cases/${id}`)).status).toBe(404);
      expect(await listed('helper')).toBe(true);
      expect(await listed('nurse')).toBe(false);
    });

    it('reads a consent event recorded before this change as the whole record it replaced', async () => {
      const id = await openCase();
      await addMember(id, 'b-nurse', 'nelft');
      const v1 = (status: string, organisations: string[]) => ({
        eventId: randomUUID(),
        type: 'ConsentRecorded',
        data: { status, organisations, note: null, recordedAt: '2026-01-05T10:00:00.000Z' },
        metadata: { correlationId: 'v1', causationId: null, actor: { id: 'b-coord', name: 'Cora' }, schemaVersion: 1 },
      });
      await store.appendToStream(`case-${id}`, [v1('given', ['nelft', 'eput'])], { expectedVersion: 'any' });
      // A v1 recording replaced the record: NELFT, not listed again, lost its consent.
      api.position = (await store.appendToStream(`case-${id}`, [v1('given', ['eput'])], { expectedVersion: 'any' })).position;
      const consent = (await ok('coord', 'get', `/api/cases/${id}`)).body.consent as Json;
      expect(consent).toEqual({ organisations: [{ organisation: 'eput', status: 'given', recordedAt: '2026-01-05T10:00:00.000Z' }], overrides: [] });
      expect((await call('nurse', 'get', `/api/cases/${id}`)).status).toBe(404);
    });
  });

  describe('the safeguarding override of a refusal', () => {
    let id: string;
    beforeAll(async () => {
      id = await openCase();
      await addMember(id, 'b-nurse', 'nelft');
      await addMember(id, 'b-helper', 'charity');
      await ok('coord', 'post', `/api/cases/${id}/consent`, { status: 'refused', organisations: ['nelft', 'charity'] });
    });

    it('is refused without a safeguarding flag (409 no-safeguarding-flag), and to roles that may not decide it', async () => {
      const res = await call('lead', 'post', `/api/cases/${id}/consent/overrides`, { organisation: 'nelft', reason: 'Risk to life' });
      expect(res.status).toBe(409);
      expect(problemType(res)).toBe('no-safeguarding-flag');
      expect((await call('coord', 'post', `/api/cases/${id}/consent/overrides`, { organisation: 'nelft', reason: 'r' })).status).toBe(403);
      expect((await call('leadAsop', 'post', `/api/cases/${id}/consent/overrides`, { organisation: 'nelft', reason: 'r' })).status).toBe(404);
      expect((await call('lead', 'post', `/api/cases/${id}/consent/overrides`, { organisation: 'nelft' })).status).toBe(400);
    });

    it('admits only that organisation, while the flag is up; lifting it, or the flag, ends it', async () => {
      const concern = await ok('coord', 'post', `/api/cases/${id}/safeguarding-concerns`, { categories: ['neglect'], risk: 'high', summary: 'No food in the house' });
      expect((await call('nurse', 'get', `/api/cases/${id}`)).status).toBe(404);
      await ok('tm', 'post', `/api/cases/${id}/consent/overrides`, { organisation: 'nelft', reason: 'Risk to life' });
      const again = await call('lead', 'post', `/api/cases/${id}/consent/overrides`, { organisation: 'nelft', reason: 'again' });
      expect(problemType(again)).toBe('consent-override-exists');
      const seen = await call('nurse', 'get', `/api/cases/${id}`);
      expect(seen.status).toBe(200);
      expect((seen.body.consent as Json).overrides).toEqual([{ organisation: 'nelft', reason: 'Risk to life', by: { id: 'b-tm', name: 'B tm' }, at: expect.any(String) }]);
      // An override for NELFT admits nobody from the charity.
      expect((await call('helper', 'get', `/api/cases/${id}`)).status).toBe(404);
      // Lifting one that is not there: 404; lifting NELFT's: the nurse is out again.
      expect((await call('lead', 'post', `/api/cases/${id}/consent/overrides/charity/lift`, { reason: 'r' })).status).toBe(404);
      await ok('lead', 'post', `/api/cases/${id}/consent/overrides/nelft/lift`, { reason: 'Risk managed' });
      expect((await call('nurse', 'get', `/api/cases/${id}`)).status).toBe(404);
      // Override both, then lift the flag: both end.
      await ok('lead', 'post', `/api/cases/${id}/consent/overrides`, { organisation: 'nelft', reason: 'Risk again' });
      await ok('lead', 'post', `/api/cases/${id}/consent/overrides`, { organisation: 'charity', reason: 'Risk again' });
      expect((await call('helper', 'get', `/api/cases/${id}`)).status).toBe(200);
      await ok('lead', 'post', `/api/cases/${id}/safeguarding-concerns/${concern.body.concernId as string}/decision`, { section42: false, rationale: 'Care in place' });
      await ok('coord', 'post', `/api/cases/${id}/safeguarding-flag/lift`, { reason: 'Resolved' });
      expect((await call('nurse', 'get', `/api/cases/${id}`)).status).toBe(404);
      expect((await call('helper', 'get', `/api/cases/${id}`)).status).toBe(404);
      expect(((await ok('coord', 'get', `/api/cases/${id}`)).body.consent as Json).overrides).toEqual([]);
      const timeline = (await ok('coord', 'get', `/api/cases/${id}/timeline?pageSize=200`)).text;
      expect(timeline).toContain('Consent refusal overridden for nelft (safeguarding)');
      expect(timeline).not.toContain('Risk to life');
    });
  });

  describe('a transfer keeps the coordinator until the receiving locality allocates', () => {
    it('keeps them on the case, asks the new locality, and lets only its team manager replace them, as one hand-off', async () => {
      const id = await openCase();
      await ok('coord', 'post', `/api/cases/${id}/transfer`, { toLocalityId: 'asop', reason: 'Moved to be near family' });
      const moved = await ok('coord', 'get', `/api/cases/${id}`);
      expect(moved.body).toMatchObject({ localityId: 'asop', pendingAllocation: true, coordinator: { id: 'b-coord' } });
      expect((await call('coord', 'post', `/api/cases/${id}/notes`, { text: 'Still visiting' })).status).toBe(201);
      const worklist = (await ok('tmAsop', 'get', '/api/worklist')).body.items as Json[];
      expect(worklist).toContainEqual(expect.objectContaining({ caseId: id, kind: 'follow-up', followUpKind: 'allocate-coordinator' }));
      // Not the old locality's manager; not a practitioner of the new one taking it themselves.
      expect((await call('tm', 'post', `/api/cases/${id}/coordinator`, { practitionerId: 'b-x', practitionerName: 'X' })).status).toBe(404);
      const self = await call('pracAsop', 'post', `/api/cases/${id}/coordinator`, { practitionerId: 'b-prac-asop', practitionerName: 'P' });
      expect(problemType(self)).toBe('coordinator-already-assigned');
      await ok('tmAsop', 'post', `/api/cases/${id}/coordinator`, { practitionerId: 'b-prac-asop', practitionerName: 'Asop Practitioner', teamId: 'cls-asop' });
      const after = await ok('pracAsop', 'get', `/api/cases/${id}`);
      expect(after.body).toMatchObject({ pendingAllocation: false, coordinator: { id: 'b-prac-asop', teamId: 'cls-asop' } });
      expect((await ok('tmAsop', 'get', '/api/worklist')).body.items as Json[]).not.toContainEqual(expect.objectContaining({ caseId: id, followUpKind: 'allocate-coordinator' }));
      // The old coordinator's relationship ended with the replacement; a second replacement is refused.
      expect((await call('coord', 'get', `/api/cases/${id}`)).status).toBe(404);
      const twice = await call('tmAsop', 'post', `/api/cases/${id}/coordinator`, { practitionerId: 'b-y', practitionerName: 'Y' });
      expect(problemType(twice)).toBe('coordinator-already-assigned');
      const { rows } = await h.pool.query<{ handovers: number }>(`SELECT handovers FROM rm_case_list WHERE case_id = $1`, [id]);
      expect(rows[0].handovers).toBe(1);
    });
  });

  describe("a hand-over's team", () => {
    it("becomes the coordinator's team on accept; an unknown team is a 400", async () => {
      const id = await openCase();
      const bad = await call('coord', 'post', `/api/cases/${id}/handovers`, { toPractitionerId: 'b-prac', toPractitionerName: 'P', reason: 'r', toTeamId: 'no-such-team' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('toTeamId');
      const proposed = await ok('coord', 'post', `/api/cases/${id}/handovers`, { toPractitionerId: 'b-prac', toPractitionerName: 'Pat', reason: 'Caseload', toTeamId: 'cls-grays' });
      await ok('practitioner', 'post', `/api/cases/${id}/handovers/${proposed.body.handoverId as string}/accept`, {});
      expect((await ok('practitioner', 'get', `/api/cases/${id}`)).body.coordinator).toMatchObject({ id: 'b-prac', teamId: 'cls-grays' });
      // The team's worklist goes by the coordinator's team in the case list (its own
      // projection, which the case detail's answer does not wait for).
      await waitFor(
        async () => {
          const { rows } = await h.pool.query<{ coordinator_team_id: string | null }>(`SELECT coordinator_team_id FROM rm_case_list WHERE case_id = $1`, [id]);
          return rows[0]?.coordinator_team_id === 'cls-grays';
        },
        { timeoutMs: 10_000, description: "the case list's coordinator team" },
      );
    });
  });

  describe('Wellbeing Team capacity', () => {
    it('refuses hours past 200 without a reason, records them with one, and the capacity query shows where the team stands', async () => {
      const a = await openCase('tilbury-chadwell');
      const b = await openCase('tilbury-chadwell');
      await ok('coord', 'post', `/api/cases/${a}/home-care`, { teamId: 'wellbeing-tilbury', hoursPerWeek: 150 });
      // The team's standing comes from the read model: read it (awaiting the write) first.
      expect((await ok('tmTilbury', 'get', '/api/teams/wellbeing-tilbury/capacity')).body.hoursAllocated).toBe(150);
      const over = await call('coord', 'post', `/api/cases/${b}/home-care`, { teamId: 'wellbeing-tilbury', hoursPerWeek: 50.5 });
      expect(over.status).toBe(409);
      expect(problemType(over)).toBe('team-over-capacity');
      expect((await ok('coord', 'get', `/api/cases/${b}`)).body.homeCare).toBeNull();
      await ok('coord', 'post', `/api/cases/${b}/home-care`, { teamId: 'wellbeing-tilbury', hoursPerWeek: 50 });
      await ok('tmTilbury', 'get', '/api/teams/wellbeing-tilbury/capacity');
      // Raising a's 150 to 160 would take the team to 210; with a reason it is allowed.
      expect(problemType(await call('coord', 'post', `/api/cases/${a}/home-care`, { teamId: 'wellbeing-tilbury', hoursPerWeek: 160 }))).toBe('team-over-capacity');
      await ok('coord', 'post', `/api/cases/${a}/home-care`, { teamId: 'wellbeing-tilbury', hoursPerWeek: 160, overCapacityReason: 'End of life care' });
      // Lowering needs no reason even over capacity.
      await ok('coord', 'post', `/api/cases/${b}/home-care`, { teamId: 'wellbeing-tilbury', hoursPerWeek: 45 });
      const capacity = await ok('tmTilbury', 'get', '/api/teams/wellbeing-tilbury/capacity');
      expect(capacity.body).toEqual({
        teamId: 'wellbeing-tilbury',
        hoursCapacity: 200,
        hoursAllocated: 205,
        residents: [
          { caseId: a, reference: expect.any(String), hoursPerWeek: 160 },
          { caseId: b, reference: expect.any(String), hoursPerWeek: 45 },
        ],
      });
      // Those who may not see the cases get the totals only.
      const elsewhere = await ok('practitioner', 'get', '/api/teams/wellbeing-tilbury/capacity');
      expect(elsewhere.body).toMatchObject({ hoursAllocated: 205, residents: [] });
      expect((await ok('admin', 'get', '/api/teams/wellbeing-tilbury/capacity')).body.residents).toEqual([]);
      expect((await call('practitioner', 'get', '/api/teams/cls-grays/capacity')).status).toBe(404);
      expect((await call('practitioner', 'get', '/api/teams/nope/capacity')).status).toBe(404);
      // The dashboard's Wellbeing-hours measure is the same count.
      const dashboard = (await ok('tmTilbury', 'get', '/api/localities/tilbury-chadwell/dashboard')).body as Json;
      expect(JSON.stringify(dashboard)).toContain('"wellbeingHoursAllocated":{"value":205');
      // Closing a case frees its hours.
      await ok('coord', 'post', `/api/cases/${b}/close`, { reason: 'Moved away', outcomeSummary: 'Settled' });
      expect((await ok('tmTilbury', 'get', '/api/teams/wellbeing-tilbury/capacity')).body.hoursAllocated).toBe(160);
    });
  });
});
