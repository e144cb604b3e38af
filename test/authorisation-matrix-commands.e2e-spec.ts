import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiHarness, startApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { EVERYONE, PEOPLE, Who } from './authorisation-callers';

// The case commands that need the case in a particular state (a pending hand-over, an
// accepted input, an open enquiry...), as a table: command × the same 11 callers as
// authorisation-matrix.e2e-spec.ts. Every row gets a fresh Grays case put in the state
// the command needs, so an allowed caller gets the exact success status and a refused
// one the exact refusal; after a refusal a witness who may run the command runs it and
// succeeds, which shows the refusal wrote nothing.

const FAMILY = 'Matrixcommand';

type Send = (token: string, method: 'post' | 'put' | 'get', path: string, body?: object) => Promise<Record<string, unknown>>;
interface Seed {
  send: Send;
  /** CO (p-coord) coordinates, unless another coordinator is named. */
  fresh(o?: { coordinator?: 'CO' | 'seed' | 'none'; consent?: 'given' | 'refused' }): Promise<string>;
  tokens: Record<Who | 'seed', string>;
}
interface Row {
  label: string;
  method: 'post' | 'delete';
  /** Puts a fresh case in the state the command needs; returns the path to call. */
  setup: (s: Seed, who: Who) => Promise<string>;
  body: (who: Who) => object;
  expect: Record<Who, number>;
  /** Who runs the command after a refusal, to show the refusal wrote nothing. */
  witness?: Who;
}

// A role the command's route never admits: 403. Allowed role, case not visible (OL works in
// Asop; PX is on no care team; PC where consent does not cover nelft): 404.
const refusedElse = (allowed: Partial<Record<Who, number>>): Record<Who, number> =>
  Object.fromEntries(EVERYONE.map((w) => [w, allowed[w] ?? 403])) as Record<Who, number>;
const workers = (ok: number, extra: Partial<Record<Who, number>> = {}) => refusedElse({ P: ok, CO: ok, RA: ok, TM: ok, SL: ok, OL: 404, ...extra });
const workersAndPartners = (ok: number, extra: Partial<Record<Who, number>> = {}) => workers(ok, { PC: ok, PX: 404, ...extra });

const grays = (s: Seed) => s.fresh();
const withHandover = (to: (w: Who) => string) => async (s: Seed, w: Who) => {
  const id = await s.fresh({ coordinator: 'seed' });
  const { handoverId } = await s.send(s.tokens.seed, 'post', `/api/cases/${id}/handovers`, { toPractitionerId: to(w), toPractitionerName: 'Receiver', reason: 'Closer to home' });
  return `/api/cases/${id}/handovers/${handoverId as string}`;
};
const withInput = (accepted: boolean, consent: 'given' | 'refused' = 'given') => async (s: Seed) => {
  const id = await s.fresh({ consent });
  const { inputId } = await s.send(s.tokens.CO, 'post', `/api/cases/${id}/specialist-inputs`, { serviceId: 'community-nursing', mode: 'brokered', urgency: 'routine', request: 'Advice' });
  if (accepted) await s.send(s.tokens.CO, 'post', `/api/cases/${id}/specialist-inputs/${inputId as string}/accept`, {});
  return `/api/cases/${id}/specialist-inputs/${inputId as string}`;
};
const admitted = async (s: Seed) => {
  const id = await s.fresh();
  await s.send(s.tokens.CO, 'post', `/api/cases/${id}/hospital-admissions`, { hospital: 'Basildon', admittedAt: new Date(Date.now() - 86_400_000).toISOString() });
  return id;
};
const discharge = () => ({ dischargedAt: new Date().toISOString(), pathway: 0 });

const ROWS: Row[] = [
  // v1.1: the receiver answers a hand-over wherever they work (OL is in asop, the case in Grays).
  { label: 'accept a hand-over proposed to the caller', method: 'post', setup: async (s, w) => `${await withHandover((x) => PEOPLE[x].sub)(s, w)}/accept`, body: () => ({}), expect: workers(200, { OL: 200 }) },
  // The receiver-or-manager rule is the decider's (409 not-handover-receiver), not the route's.
  { label: 'accept a hand-over proposed to someone else', method: 'post', setup: async (s, w) => `${await withHandover(() => 'p-elsewhere')(s, w)}/accept`, body: () => ({}), expect: workers(409, { TM: 200 }) },
  { label: 'decline a hand-over proposed to the caller', method: 'post', setup: async (s, w) => `${await withHandover((x) => PEOPLE[x].sub)(s, w)}/decline`, body: () => ({ reason: 'Caseload full' }), expect: workers(200, { OL: 200 }) },
  { label: 'decline a hand-over between others', method: 'post', setup: async (s, w) => `${await withHandover(() => 'p-elsewhere')(s, w)}/decline`, body: () => ({ reason: 'Caseload full' }), expect: workers(409, { TM: 200 }) },
  { label: 'allocate oneself as first coordinator', method: 'post', setup: async (s) => `/api/cases/${await s.fresh({ coordinator: 'none' })}/coordinator`, body: (w) => ({ practitionerId: PEOPLE[w].sub, practitionerName: `Matrix ${w}` }), expect: workers(200) },
  { label: 'allocate someone else as first coordinator', method: 'post', setup: async (s) => `/api/cases/${await s.fresh({ coordinator: 'none' })}/coordinator`, body: () => ({ practitionerId: 'p-elsewhere', practitionerName: 'Someone Else' }), expect: workers(403, { TM: 200 }) },
  {
    label: 'achieve a care plan goal', method: 'post', body: () => ({ note: 'Walked to the shop' }), expect: workers(200),
    setup: async (s) => {
      const id = await grays(s);
      await s.send(s.tokens.CO, 'put', `/api/cases/${id}/care-plan`, { whatMatters: 'Home', goals: [{ id: 'g1', description: 'Walk to the shop' }], actions: [] });
      return `/api/cases/${id}/care-plan/goals/g1/achieve`;
    },
  },
  { label: 'decline a specialist input', method: 'post', setup: async (s) => `${await withInput(false)(s)}/decline`, body: () => ({ reason: 'Not our service' }), expect: workersAndPartners(200) },
  { label: 'decline a specialist input (no consent for the partner)', method: 'post', setup: async (s) => `${await withInput(false, 'refused')(s)}/decline`, body: () => ({ reason: 'Not our service' }), expect: workersAndPartners(200, { PC: 404 }) },
  { label: 'deliver an accepted specialist input', method: 'post', setup: async (s) => `${await withInput(true)(s)}/deliver`, body: () => ({ summary: 'Dressings changed' }), expect: workersAndPartners(200) },
  { label: 'deliver an accepted specialist input (no consent for the partner)', method: 'post', setup: async (s) => `${await withInput(true, 'refused')(s)}/deliver`, body: () => ({ summary: 'Dressings changed' }), expect: workersAndPartners(200, { PC: 404 }) },
  { label: 'withdraw a specialist input', method: 'post', setup: async (s) => `${await withInput(false)(s)}/withdraw`, body: () => ({ reason: 'No longer needed' }), expect: workers(200) },
  { label: 'record a discharge', method: 'post', setup: async (s) => `/api/cases/${await admitted(s)}/discharges`, body: discharge, expect: workers(201) },
  {
    label: 'complete a welfare check', method: 'post', body: () => ({ note: 'Doing well', outcome: 'well' }), expect: workers(200),
    setup: async (s) => {
      const id = await admitted(s);
      await s.send(s.tokens.CO, 'post', `/api/cases/${id}/discharges`, discharge());
      const detail = await s.send(s.tokens.CO, 'get', `/api/cases/${id}`);
      const check = (detail.followUps as Array<{ followUpId: string; kind: string }>).find((f) => f.kind === 'post-discharge-welfare-check');
      if (!check) throw new Error('seed: no welfare check scheduled');
      return `/api/cases/${id}/follow-ups/${check.followUpId}/complete`;
    },
  },
  {
    label: 'conclude a safeguarding enquiry', method: 'post', expect: refusedElse({ SL: 200 }), witness: 'SL',
    body: () => ({ outcome: 'risk-reduced', desiredOutcomesAsked: true, desiredOutcomes: 'Stay at home', outcomesMet: 'partially' }),
    setup: async (s) => {
      const id = await grays(s);
      const { concernId } = await s.send(s.tokens.RA, 'post', `/api/cases/${id}/safeguarding-concerns`, { categories: ['neglect'], risk: 'medium', summary: 'Matrix concern' });
      await s.send(s.tokens.SL, 'post', `/api/cases/${id}/safeguarding-concerns/${concernId as string}/decision`, { section42: true, rationale: 'Meets the criteria' });
      return `/api/cases/${id}/safeguarding-concerns/${concernId as string}/conclusion`;
    },
  },
  {
    label: 'remove a care team member', method: 'delete', body: () => ({}), expect: workers(200),
    setup: async (s) => {
      const id = await grays(s);
      await s.send(s.tokens.CO, 'post', `/api/cases/${id}/care-team`, { memberId: 'ot-1', name: 'Therapist', organisation: 'thurrock-council', role: 'occupational therapist' });
      return `/api/cases/${id}/care-team/ot-1`;
    },
  },
  // issue 13, part B: a safeguarding decision, for leads and managers of the case's locality
  {
    label: 'override a consent refusal while the flag is raised', method: 'post', expect: refusedElse({ TM: 200, SL: 200, OL: 404 }), witness: 'SL',
    body: () => ({ organisation: 'nelft', reason: 'Risk to life' }),
    setup: async (s) => {
      const id = await s.fresh({ consent: 'refused' });
      await s.send(s.tokens.RA, 'post', `/api/cases/${id}/safeguarding-concerns`, { categories: ['neglect'], risk: 'high', summary: 'Matrix concern' });
      return `/api/cases/${id}/consent/overrides`;
    },
  },
  {
    label: 'lift a consent override', method: 'post', expect: refusedElse({ TM: 200, SL: 200, OL: 404 }), witness: 'TM',
    body: () => ({ reason: 'Risk managed' }),
    setup: async (s) => {
      const id = await s.fresh({ consent: 'refused' });
      await s.send(s.tokens.RA, 'post', `/api/cases/${id}/safeguarding-concerns`, { categories: ['neglect'], risk: 'high', summary: 'Matrix concern' });
      await s.send(s.tokens.SL, 'post', `/api/cases/${id}/consent/overrides`, { organisation: 'nelft', reason: 'Risk to life' });
      return `/api/cases/${id}/consent/overrides/nelft/lift`;
    },
  },
  { label: "correct the resident's details", method: 'post', setup: async (s) => `/api/cases/${await grays(s)}/resident`, body: () => ({ givenName: 'Resi', reason: 'Known as Resi' }), expect: workers(200) },
];

describe('authorisation matrix: commands on a case in the state they need', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  const seed = {} as Seed;

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config), { logger: false });
    await worker.init();
    const tokens = {} as Seed['tokens'];
    for (const w of EVERYONE) tokens[w] = await h.token({ ...PEOPLE[w], name: `Matrix ${w}` } as Parameters<ApiHarness['token']>[0]);
    tokens.seed = await h.token({ sub: 'p-seed', name: 'Matrix seed', roles: ['practitioner'], organisation: 'thurrock-council', localities: ['grays'] });
    let position = '';
    const send: Send = async (token, method, path, body) => {
      const req = h.http()[method](path).set('Authorization', `Bearer ${token}`);
      const res = method === 'get' ? await req.set('Await-Position', position) : await req.send(body);
      if (res.status >= 300) throw new Error(`seed ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      position = res.headers['event-position'] ?? position;
      return res.body as Record<string, unknown>;
    };
    Object.assign(seed, {
      send,
      tokens,
      async fresh({ coordinator = 'CO', consent = 'given' } = {}) {
        const { caseId } = await send(tokens.seed, 'post', '/api/cases', {
          resident: { givenName: 'Resident', familyName: FAMILY, dateOfBirth: '1944-05-06' }, localityId: 'grays', source: 'gp', reason: 'Seed',
        });
        const id = caseId as string;
        if (coordinator !== 'none') {
          const by = coordinator === 'CO' ? tokens.CO : tokens.seed;
          await send(by, 'post', `/api/cases/${id}/coordinator`, { practitionerId: coordinator === 'CO' ? 'p-coord' : 'p-seed', practitionerName: 'Coordinator' });
        }
        await send(tokens.seed, 'post', `/api/cases/${id}/care-team`, { memberId: 'nhs-1', name: 'Nurse', organisation: 'nelft', role: 'district nurse' });
        await send(tokens.seed, 'post', `/api/cases/${id}/consent`, { status: consent, organisations: ['nelft'] });
        return id;
      },
    } satisfies Seed);
  });

  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  const rows = ROWS.flatMap((r) => EVERYONE.map((w) => [r.label, w, r.expect[w], r] as const));
  it.each(rows)('%s as %s → %s', async (_label, w, expected, r) => {
    const path = await r.setup(seed, w);
    const res = await h.http()[r.method](path).set('Authorization', `Bearer ${seed.tokens[w]}`).send(r.body(w));
    expect(res.status).toBe(expected);
    if (expected < 300) {
      expect(res.body).toMatchObject({ caseId: path.split('/')[3], version: expect.any(Number) });
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      return;
    }
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.body)).not.toContain(FAMILY);
    const witness = r.witness ?? 'TM';
    const again = await h.http()[r.method](path).set('Authorization', `Bearer ${seed.tokens[witness]}`).send(r.body(witness));
    expect(again.status).toBe(r.expect[witness]);
  });
});
