import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiHarness, startApiHarness, type TokenClaims } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { openBody } from './cases-helpers';

// Issue 19's confirmed holes, each as it was reproduced over HTTP with ordinary dev
// tokens (API.md v1.1 "Access, made precise"). Each caller holds the least likely
// combination of roles, or acts against their own interest.

const FAMILY = 'Holesfamily';
const CONCERN = 'Pension collected by a neighbour';
type Res = {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  text: string;
};

describe('access holes (issue 19)', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  let position = '';
  const tokens: Record<string, string> = {};
  const people: Record<string, TokenClaims> = {
    coord: { sub: 'h-coord', roles: ['practitioner'], localities: ['grays'] },
    other: { sub: 'h-other', roles: ['practitioner'], localities: ['grays'] },
    member: { sub: 'h-member', roles: ['practitioner'], localities: ['grays'] },
    raiser: { sub: 'h-raiser', roles: ['practitioner'], localities: ['grays'] },
    tm: { sub: 'h-tm', roles: ['team-manager'], localities: ['grays'] },
    tmAsop: { sub: 'h-tm-asop', roles: ['team-manager', 'auditor'], localities: ['asop'] },
    lead: { sub: 'h-lead', roles: ['safeguarding-lead'], localities: ['grays'] },
    leadManager: {
      sub: 'h-lead-tm',
      roles: ['safeguarding-lead', 'team-manager'],
      localities: ['grays'],
    },
    leadAsopAuditor: {
      sub: 'h-lead-asop',
      roles: ['safeguarding-lead', 'auditor'],
      localities: ['asop'],
    },
    partnerFrontDoor: {
      sub: 'h-pfd',
      roles: ['partner', 'front-door'],
      organisation: 'nelft',
      localities: [],
    },
    practitionerAuditor: { sub: 'h-pa', roles: ['practitioner', 'auditor'], localities: ['asop'] },
    nurse: { sub: 'h-nurse', roles: ['partner'], organisation: 'nelft', localities: [] },
    boroughTm: { sub: 'h-btm', roles: ['team-manager'], localities: ['*'] },
    auditor: { sub: 'h-aud', roles: ['auditor'], localities: [] },
  };

  const call = async (
    who: string,
    method: 'get' | 'post',
    path: string,
    body?: object,
  ): Promise<Res> => {
    const req = h.http()[method](path).set('Authorization', `Bearer ${tokens[who]}`);
    if (method === 'get' && position) req.set('Await-Position', position);
    const res = await (body ? req.send(body) : req);
    if (res.headers['event-position']) position = res.headers['event-position'];
    return {
      status: res.status,
      body: res.body as Record<string, unknown>,
      headers: res.headers as Record<string, string>,
      text: JSON.stringify(res.body),
    };
  };
  const ok = async (
    who: string,
    method: 'get' | 'post',
    path: string,
    body?: object,
  ): Promise<Res> => {
    const res = await call(who, method, path, body);
    if (res.status >= 300) throw new Error(`${who} ${method} ${path}: ${res.status} ${res.text}`);
    return res;
  };
  const openCase = async (localityId = 'grays'): Promise<string> => {
    const opened = await ok(
      'tm',
      'post',
      '/api/cases',
      openBody({
        localityId,
        resident: { givenName: 'Ivy', familyName: FAMILY, dateOfBirth: '1941-02-03' },
      }),
    );
    const id = opened.body.caseId as string;
    await ok('tm', 'post', `/api/cases/${id}/coordinator`, {
      practitionerId: 'h-coord',
      practitionerName: 'Cora Ordinator',
    });
    return id;
  };

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config), {
      logger: false,
    });
    await worker.init();
    for (const [k, claims] of Object.entries(people))
      tokens[k] = await h.token({
        name: `Holes ${k}`,
        organisation: 'thurrock-council',
        ...claims,
      });
  });

  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  describe('1. one role never widens another', () => {
    let id: string;
    beforeAll(async () => {
      id = await openCase();
      await ok('raiser', 'post', `/api/cases/${id}/safeguarding-concerns`, {
        categories: ['financial'],
        risk: 'medium',
        summary: CONCERN,
      });
      await ok('coord', 'post', `/api/cases/${id}/care-team`, {
        memberId: 'h-pfd',
        name: 'Pat Frontdoor',
        organisation: 'nelft',
        role: 'nurse',
      });
    });

    it('[partner, front-door] with no consent finds the case in search but reads none of it', async () => {
      const search = await ok('partnerFrontDoor', 'get', `/api/cases?q=${FAMILY}`);
      expect(search.text).toContain(id);
      for (const path of [
        `/api/cases/${id}`,
        `/api/cases/${id}/timeline`,
        `/api/cases/${id}/care-plan/versions`,
      ]) {
        const res = await call('partnerFrontDoor', 'get', path);
        expect(res.status).toBe(404);
        expect(res.text).not.toContain(CONCERN);
      }
      const board = await ok('partnerFrontDoor', 'get', '/api/specialist-inputs');
      expect(board.text).not.toContain(id);
    });

    it('[partner, front-door] still records a contact note and opens cases anywhere (the front door reach)', async () => {
      expect(
        (
          await call('partnerFrontDoor', 'post', `/api/cases/${id}/notes`, {
            text: 'Phoned the front door',
          })
        ).status,
      ).toBe(201);
      expect(
        (await call('partnerFrontDoor', 'post', '/api/cases', openBody({ localityId: 'asop' })))
          .status,
      ).toBe(201);
    });

    it('[partner, front-door] reads the case once consent covers their organisation', async () => {
      await ok('coord', 'post', `/api/cases/${id}/consent`, {
        status: 'given',
        organisations: ['nelft'],
      });
      const res = await ok('partnerFrontDoor', 'get', `/api/cases/${id}`);
      expect(res.text).toContain('"flag":true');
      expect(res.text).not.toContain(CONCERN);
    });

    it('[practitioner, auditor] of asop reads a grays case but may not write on it or transfer it', async () => {
      expect((await call('practitionerAuditor', 'get', `/api/cases/${id}`)).status).toBe(200);
      const before = await ok('tm', 'get', `/api/cases/${id}`);
      expect(
        (
          await call('practitionerAuditor', 'post', `/api/cases/${id}/notes`, {
            text: 'Should not land',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call('practitionerAuditor', 'post', `/api/cases/${id}/transfer`, {
            toLocalityId: 'asop',
            reason: 'mine now',
          })
        ).status,
      ).toBe(403);
      const after = await ok('tm', 'get', `/api/cases/${id}`);
      expect(after.body.version).toBe(before.body.version);
      expect(after.body.localityId).toBe('grays');
    });

    it("[team-manager, auditor] of asop does not get grays managers' work on their worklist", async () => {
      const opened = await ok(
        'tm',
        'post',
        '/api/cases',
        openBody({ resident: { givenName: 'Una', familyName: FAMILY, dateOfBirth: '1941-02-03' } }),
      );
      const unallocated = opened.body.caseId as string;
      expect((await ok('tm', 'get', '/api/worklist?pageSize=200')).text).toContain(unallocated);
      expect((await ok('tmAsop', 'get', '/api/worklist?pageSize=200')).text).not.toContain(
        unallocated,
      );
    });

    it('[safeguarding-lead, auditor] of asop reads a grays case without its safeguarding detail', async () => {
      const res = await ok('leadAsopAuditor', 'get', `/api/cases/${id}`);
      expect(res.text).toContain('"flag":true');
      expect(res.text).not.toContain(CONCERN);
    });
  });

  describe('2. hand-overs', () => {
    let id: string;
    beforeAll(async () => {
      id = await openCase();
      await ok('raiser', 'post', `/api/cases/${id}/safeguarding-concerns`, {
        categories: ['neglect'],
        risk: 'low',
        summary: CONCERN,
      });
    });

    it('a practitioner who is not the coordinator cannot propose a hand-over to themself (409 not-coordinator)', async () => {
      const res = await call('other', 'post', `/api/cases/${id}/handovers`, {
        toPractitionerId: 'h-other',
        toPractitionerName: 'Otto',
        reason: 'mine',
      });
      expect(res.status).toBe(409);
      expect(String(res.body.type)).toMatch(/not-coordinator$/);
      const view = await ok('other', 'get', `/api/cases/${id}`);
      expect(view.body.pendingHandover).toBeNull();
      expect(view.text).not.toContain(CONCERN);
    });

    it('a team manager of another locality (who may read everywhere) can neither propose nor accept', async () => {
      expect(
        (
          await call('tmAsop', 'post', `/api/cases/${id}/handovers`, {
            toPractitionerId: 'h-tm-asop',
            toPractitionerName: 'T',
            reason: 'r',
          })
        ).status,
      ).toBe(403);
      const proposed = await ok('coord', 'post', `/api/cases/${id}/handovers`, {
        toPractitionerId: 'h-other',
        toPractitionerName: 'Otto',
        reason: 'leave',
      });
      const handoverId = proposed.body.handoverId as string;
      expect(
        (await call('tmAsop', 'post', `/api/cases/${id}/handovers/${handoverId}/accept`, {}))
          .status,
      ).toBe(403);
      // Someone else in the locality, neither receiver nor manager, may not accept it either.
      const res = await call(
        'member',
        'post',
        `/api/cases/${id}/handovers/${handoverId}/accept`,
        {},
      );
      expect(res.status).toBe(409);
      expect(String(res.body.type)).toMatch(/not-handover-receiver$/);
      await ok('other', 'post', `/api/cases/${id}/handovers/${handoverId}/accept`, {});
      const view = await ok('other', 'get', `/api/cases/${id}`);
      expect((view.body.coordinator as { id: string }).id).toBe('h-other');
      expect(view.text).toContain(CONCERN);
    });

    it('a team manager of the case locality proposes on behalf of the coordinator', async () => {
      const res = await call('tm', 'post', `/api/cases/${id}/handovers`, {
        toPractitionerId: 'h-coord',
        toPractitionerName: 'Cora',
        reason: 'back',
      });
      expect(res.status).toBe(201);
    });
  });

  describe('2b. a relationship admits regardless of locality while it lasts', () => {
    it('coordinator and non-partner care team member keep the case after a transfer; a partner still needs consent; a removed member loses it', async () => {
      const id = await openCase();
      await ok('coord', 'post', `/api/cases/${id}/care-team`, {
        memberId: 'h-member',
        name: 'Mem',
        organisation: 'thurrock-council',
        role: 'ot',
      });
      await ok('coord', 'post', `/api/cases/${id}/care-team`, {
        memberId: 'h-nurse',
        name: 'Nurse',
        organisation: 'nelft',
        role: 'nurse',
      });
      await ok('coord', 'post', `/api/cases/${id}/transfer`, {
        toLocalityId: 'tilbury-chadwell',
        reason: 'moved',
      });
      expect((await call('coord', 'get', `/api/cases/${id}`)).status).toBe(200);
      expect(
        (await call('coord', 'post', `/api/cases/${id}/notes`, { text: 'Still with you' })).status,
      ).toBe(201);
      expect((await call('member', 'get', `/api/cases/${id}`)).status).toBe(200);
      expect((await call('other', 'get', `/api/cases/${id}`)).status).toBe(404);
      expect((await call('nurse', 'get', `/api/cases/${id}`)).status).toBe(404);
      await ok('coord', 'post', `/api/cases/${id}/consent`, {
        status: 'given',
        organisations: ['nelft'],
      });
      expect((await call('nurse', 'get', `/api/cases/${id}`)).status).toBe(200);
      const removed = await h
        .http()
        .delete(`/api/cases/${id}/care-team/h-member`)
        .set('Authorization', `Bearer ${tokens.coord}`);
      expect(removed.status).toBe(200);
      position = removed.headers['event-position'];
      expect((await call('member', 'get', `/api/cases/${id}`)).status).toBe(404);
    });
  });

  describe('3. asAt answers by the rights of now', () => {
    it('a partner removed after consent was withdrawn cannot read the past', async () => {
      const id = await openCase();
      await ok('coord', 'post', `/api/cases/${id}/care-team`, {
        memberId: 'h-nurse',
        name: 'Nurse',
        organisation: 'nelft',
        role: 'nurse',
      });
      await ok('coord', 'post', `/api/cases/${id}/consent`, {
        status: 'given',
        organisations: ['nelft'],
      });
      const before = (await ok('nurse', 'get', `/api/cases/${id}`)).body.version;
      expect(before).toBeGreaterThan(0);
      const at = new Date().toISOString();
      await ok('coord', 'post', `/api/cases/${id}/consent`, {
        status: 'refused',
        organisations: ['nelft'],
      });
      const removed = await h
        .http()
        .delete(`/api/cases/${id}/care-team/h-nurse`)
        .set('Authorization', `Bearer ${tokens.coord}`);
      position = removed.headers['event-position'];
      expect((await call('nurse', 'get', `/api/cases/${id}`)).status).toBe(404);
      const past = await call('nurse', 'get', `/api/cases/${id}?asAt=${encodeURIComponent(at)}`);
      expect(past.status).toBe(404);
      expect(past.text).not.toContain(FAMILY);
    });

    it('a former coordinator sees the past without the safeguarding detail they no longer have', async () => {
      const id = await openCase();
      await ok('raiser', 'post', `/api/cases/${id}/safeguarding-concerns`, {
        categories: ['financial'],
        risk: 'low',
        summary: CONCERN,
      });
      const at = new Date().toISOString();
      const proposed = await ok('coord', 'post', `/api/cases/${id}/handovers`, {
        toPractitionerId: 'h-other',
        toPractitionerName: 'Otto',
        reason: 'leave',
      });
      await ok(
        'other',
        'post',
        `/api/cases/${id}/handovers/${proposed.body.handoverId as string}/accept`,
        {},
      );
      const past = await ok('coord', 'get', `/api/cases/${id}?asAt=${encodeURIComponent(at)}`);
      expect((past.body.coordinator as { id: string }).id).toBe('h-coord');
      expect(past.text).toContain('"flag":true');
      expect(past.text).not.toContain(CONCERN);
      expect(
        (await ok('other', 'get', `/api/cases/${id}?asAt=${encodeURIComponent(at)}`)).text,
      ).toContain(CONCERN);
    });
  });

  describe('6. dashboards', () => {
    let today: string;
    beforeAll(async () => {
      const id = await openCase();
      const raised = await ok('raiser', 'post', `/api/cases/${id}/safeguarding-concerns`, {
        categories: ['financial'],
        risk: 'low',
        summary: CONCERN,
      });
      const concernId = raised.body.concernId as string;
      await ok('lead', 'post', `/api/cases/${id}/safeguarding-concerns/${concernId}/decision`, {
        section42: true,
        rationale: 'r',
      });
      await ok('lead', 'post', `/api/cases/${id}/safeguarding-concerns/${concernId}/conclusion`, {
        outcome: 'risk-reduced',
        desiredOutcomesAsked: true,
        desiredOutcomes: 'stay',
        outcomesMet: 'not',
      });
      today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    });

    it('the borough dashboard needs localities ["*"]', async () => {
      expect((await call('tm', 'get', '/api/dashboard')).status).toBe(403);
      expect((await call('auditor', 'get', '/api/dashboard')).status).toBe(403);
      expect((await call('boroughTm', 'get', '/api/dashboard')).status).toBe(200);
    });

    it('from/to are whole dates; timestamps and other forms are 400', async () => {
      for (const q of [
        'from=2026-11-30T10:00:00.000Z',
        'to=2026-W01',
        'to=20261130',
        'from=2026-02-30',
        'to=2026-11-30T10:00:00.001Z', 'from=0000-01-01', 'to=9999-12-31', 'to=2026-13-01',
      ]) {
        const res = await call('tm', 'get', `/api/localities/grays/dashboard?${q}`);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
      }
      const res = await ok(
        'tm',
        'get',
        `/api/localities/grays/dashboard?from=${today}&to=${today}`,
      );
      expect(res.body.from).toBe(today);
      expect(res.body.to).toBe(today);
    });

    it('a one-day window around one concluded enquiry suppresses its outcome for all but a safeguarding lead', async () => {
      const measures = (
        await ok('tm', 'get', `/api/localities/grays/dashboard?from=${today}&to=${today}`)
      ).body.measures as Record<
        string,
        { value: unknown; suppressed?: boolean; definition: string }
      >;
      for (const key of [
        'outcomesNotMet',
        'outcomesMetFully',
        'outcomesMetPartially',
        'desiredOutcomesAskedPercent',
      ]) {
        expect(measures[key]).toEqual({
          value: null,
          suppressed: true,
          definition: expect.any(String),
        });
      }
      const lead = (
        await ok('leadManager', 'get', `/api/localities/grays/dashboard?from=${today}&to=${today}`)
      ).body.measures as Record<string, { value: unknown }>;
      expect(lead.outcomesNotMet.value).toBe(1);
      expect(lead.desiredOutcomesAskedPercent.value).toBe(100);
    });
  });

  describe('7. the timeline does not name the raiser', () => {
    it('rows written with a concern hide their actor from those without safeguarding detail', async () => {
      const id = await openCase();
      await ok('raiser', 'post', `/api/cases/${id}/safeguarding-concerns`, {
        categories: ['financial'],
        risk: 'low',
        summary: CONCERN,
      });
      const other = await ok('other', 'get', `/api/cases/${id}/timeline`);
      expect(other.text).not.toContain('h-raiser');
      expect(other.text).not.toContain('Holes raiser');
      expect(other.text).toContain('Safeguarding flag raised');
      for (const who of ['raiser', 'coord', 'lead'])
        expect((await ok(who, 'get', `/api/cases/${id}/timeline`)).text).toContain('h-raiser');
    });
  });

  describe('8. no-store', () => {
    it('every response carrying case content, and every command answer, says Cache-Control: no-store', async () => {
      const id = await openCase();
      const note = await ok('coord', 'post', `/api/cases/${id}/notes`, { text: 'hello' });
      expect(note.headers['cache-control']).toBe('no-store');
      const at = encodeURIComponent(new Date().toISOString());
      const paths = [
        `/api/cases/${id}`,
        `/api/cases/${id}?asAt=${at}`,
        `/api/cases/${id}/timeline`,
        `/api/cases/${id}/care-plan/versions`,
        '/api/cases',
        '/api/worklist',
        '/api/specialist-inputs',
        '/api/safeguarding/concerns',
        '/api/caseloads',
        '/api/localities/grays/dashboard',
      ];
      for (const path of paths)
        expect([path, (await ok('tm', 'get', path)).headers['cache-control']]).toEqual([
          path,
          'no-store',
        ]);
      expect((await ok('auditor', 'get', '/api/audit/access')).headers['cache-control']).toBe(
        'no-store',
      );
      expect(
        (await call('other', 'get', `/api/cases/00000000-0000-4000-8000-000000000000`)).headers[
          'cache-control'
        ],
      ).toBe('no-store');
    });
  });
});
