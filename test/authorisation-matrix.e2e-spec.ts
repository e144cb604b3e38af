import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiHarness, startApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { EVERYONE, PEOPLE, Who } from './authorisation-callers';

// API.md's roles table as a table of expectations: every endpoint × every role ×
// (own locality, other locality, partner with and without consent, restricted content).
// Invisible means 404; a role that may never call a route gets 403 whatever the case.


// Case A: Grays, partner nhs-1 on the care team with consent for nelft, a safeguarding
// concern raised by RA, a restricted note by the coordinator CO. Case B: Grays, nhs-1 on
// the care team, consent refused. Case C: Tilbury and Chadwell.
const A_FAMILY = 'Matrixalpha';
const B_FAMILY = 'Matrixbravo';
const C_FAMILY = 'Matrixcharlie';
const CONCERN_SUMMARY = 'Cash taken from purse by visiting relative';
const RESTRICTED_NOTE = 'Disclosed historic abuse during visit';
type CaseKey = 'A' | 'B' | 'C';

// Expectations: a status, or a status with what the body must and must not show.
type Expect = number | { status: number; has?: string[]; hasNot?: string[] };
const DETAIL = { status: 200, has: [CONCERN_SUMMARY, '"flag":true', 'financial'] };
const FLAG_ONLY = { status: 200, has: ['"flag":true'], hasNot: [CONCERN_SUMMARY, 'financial'] };
// Timelines never carry note text; a restricted entry is shown in full only to those allowed.
const NOTE_SHOWN = { status: 200, has: ['Restricted note added'], hasNot: ['"restricted":true', RESTRICTED_NOTE] };
const NOTE_HIDDEN = { status: 200, has: ['"restricted":true'], hasNot: ['Restricted note added', RESTRICTED_NOTE] };
// The notes list carries note text: a restricted note's text only to those allowed (API.md v1.1).
const NOTE_TEXT = { status: 200, has: [RESTRICTED_NOTE] };
const NOTE_WITHHELD = { status: 200, has: ['"restricted":true'], hasNot: [RESTRICTED_NOTE] };
const LISTS = (...families: string[]) => ({ status: 200, has: families });
const LISTS_NOT = (families: string[], hidden: string[]) => ({ status: 200, has: families, hasNot: hidden });
const NO_CASE_CONTENT = { status: 200, hasNot: [A_FAMILY, B_FAMILY, C_FAMILY, CONCERN_SUMMARY, '"caseId"'] };

const only = (allowed: Partial<Record<Who, Expect>>, otherwise: Expect): Record<Who, Expect> =>
  Object.fromEntries(EVERYONE.map((w) => [w, allowed[w] ?? otherwise])) as Record<Who, Expect>;

// ---------------------------------------------------------------- reads
//                 endpoint                                     P          CO         RA         TM         SL         OL   FD   PC         PX   AU         AD
const READS: Array<[string, (c: Record<CaseKey, string>) => string, Record<Who, Expect>]> = [
  ['case A detail (own locality, safeguarding)', (c) => `/api/cases/${c.A}`, { P: FLAG_ONLY, CO: DETAIL, RA: DETAIL, TM: FLAG_ONLY, SL: DETAIL, OL: 404, FD: 403, PC: FLAG_ONLY, PX: 404, AU: FLAG_ONLY, AD: 403 }],
  ['case A asAt now', (c) => `/api/cases/${c.A}?asAt=${encodeURIComponent(new Date().toISOString())}`, { P: FLAG_ONLY, CO: DETAIL, RA: DETAIL, TM: FLAG_ONLY, SL: DETAIL, OL: 404, FD: 403, PC: FLAG_ONLY, PX: 404, AU: FLAG_ONLY, AD: 403 }],
  ['case B detail (partner without consent)', (c) => `/api/cases/${c.B}`, { P: 200, CO: 200, RA: 200, TM: 200, SL: 200, OL: 404, FD: 403, PC: 404, PX: 404, AU: 200, AD: 403 }],
  ['case B asAt now', (c) => `/api/cases/${c.B}?asAt=${encodeURIComponent(new Date().toISOString())}`, { P: 200, CO: 200, RA: 200, TM: 200, SL: 200, OL: 404, FD: 403, PC: 404, PX: 404, AU: 200, AD: 403 }],
  ['case C detail (other locality)', (c) => `/api/cases/${c.C}`, { P: 404, CO: 404, RA: 404, TM: 404, SL: 404, OL: 404, FD: 403, PC: 404, PX: 404, AU: 200, AD: 403 }],
  ['case A timeline (restricted note)', (c) => `/api/cases/${c.A}/timeline`, { P: NOTE_HIDDEN, CO: NOTE_SHOWN, RA: NOTE_HIDDEN, TM: NOTE_HIDDEN, SL: NOTE_SHOWN, OL: 404, FD: 403, PC: NOTE_HIDDEN, PX: 404, AU: NOTE_HIDDEN, AD: 403 }],
  ['case B timeline', (c) => `/api/cases/${c.B}/timeline`, { P: 200, CO: 200, RA: 200, TM: 200, SL: 200, OL: 404, FD: 403, PC: 404, PX: 404, AU: 200, AD: 403 }],
  ['case C timeline', (c) => `/api/cases/${c.C}/timeline`, { P: 404, CO: 404, RA: 404, TM: 404, SL: 404, OL: 404, FD: 403, PC: 404, PX: 404, AU: 200, AD: 403 }],
  ['case A notes (restricted note)', (c) => `/api/cases/${c.A}/notes`, { P: NOTE_WITHHELD, CO: NOTE_TEXT, RA: NOTE_WITHHELD, TM: NOTE_WITHHELD, SL: NOTE_TEXT, OL: 404, FD: 403, PC: NOTE_WITHHELD, PX: 404, AU: NOTE_WITHHELD, AD: 403 }],
  ['case B notes', (c) => `/api/cases/${c.B}/notes`, { P: 200, CO: 200, RA: 200, TM: 200, SL: 200, OL: 404, FD: 403, PC: 404, PX: 404, AU: 200, AD: 403 }],
  ['case C notes', (c) => `/api/cases/${c.C}/notes`, { P: 404, CO: 404, RA: 404, TM: 404, SL: 404, OL: 404, FD: 403, PC: 404, PX: 404, AU: 200, AD: 403 }],
  ['case A plan versions', (c) => `/api/cases/${c.A}/care-plan/versions`, { P: 200, CO: 200, RA: 200, TM: 200, SL: 200, OL: 404, FD: 403, PC: 200, PX: 404, AU: 200, AD: 403 }],
  ['case A plan version 1', (c) => `/api/cases/${c.A}/care-plan/versions/1`, { P: 200, CO: 200, RA: 200, TM: 200, SL: 200, OL: 404, FD: 403, PC: 200, PX: 404, AU: 200, AD: 403 }],
  ['case B plan versions', (c) => `/api/cases/${c.B}/care-plan/versions`, { P: 200, CO: 200, RA: 200, TM: 200, SL: 200, OL: 404, FD: 403, PC: 404, PX: 404, AU: 200, AD: 403 }],
  ['case C plan versions', (c) => `/api/cases/${c.C}/care-plan/versions`, { P: 404, CO: 404, RA: 404, TM: 404, SL: 404, OL: 404, FD: 403, PC: 404, PX: 404, AU: 200, AD: 403 }],
  ['case list', () => '/api/cases?pageSize=200', {
    P: LISTS_NOT([A_FAMILY, B_FAMILY], [C_FAMILY]), CO: LISTS_NOT([A_FAMILY, B_FAMILY], [C_FAMILY]), RA: LISTS_NOT([A_FAMILY, B_FAMILY], [C_FAMILY]),
    TM: LISTS_NOT([A_FAMILY, B_FAMILY], [C_FAMILY]), SL: LISTS_NOT([A_FAMILY, B_FAMILY], [C_FAMILY]), OL: LISTS_NOT([], [A_FAMILY, B_FAMILY, C_FAMILY]),
    FD: LISTS(A_FAMILY, B_FAMILY, C_FAMILY), PC: LISTS_NOT([A_FAMILY], [B_FAMILY, C_FAMILY]), PX: LISTS_NOT([], [A_FAMILY, B_FAMILY, C_FAMILY]),
    AU: LISTS(A_FAMILY, B_FAMILY, C_FAMILY), AD: 403 }],
  ['search by name (other locality case)', () => `/api/cases?q=${C_FAMILY}`, {
    P: LISTS_NOT([], [C_FAMILY]), CO: LISTS_NOT([], [C_FAMILY]), RA: LISTS_NOT([], [C_FAMILY]), TM: LISTS_NOT([], [C_FAMILY]), SL: LISTS_NOT([], [C_FAMILY]),
    OL: LISTS_NOT([], [C_FAMILY]), FD: LISTS(C_FAMILY), PC: LISTS_NOT([], [C_FAMILY]), PX: LISTS_NOT([], [C_FAMILY]), AU: LISTS(C_FAMILY), AD: 403 }],
  ['search by name (no-consent case)', () => `/api/cases?q=${B_FAMILY}`, {
    P: LISTS(B_FAMILY), CO: LISTS(B_FAMILY), RA: LISTS(B_FAMILY), TM: LISTS(B_FAMILY), SL: LISTS(B_FAMILY), OL: LISTS_NOT([], [B_FAMILY]),
    FD: LISTS(B_FAMILY), PC: LISTS_NOT([], [B_FAMILY]), PX: LISTS_NOT([], [B_FAMILY]), AU: LISTS(B_FAMILY), AD: 403 }],
  ['front door search is summary only', () => `/api/cases?q=${A_FAMILY}`, {
    ...only({}, 200), FD: { status: 200, has: [A_FAMILY], hasNot: ['1944-05-06', CONCERN_SUMMARY, 'RM17 1AA'] }, OL: LISTS_NOT([], [A_FAMILY]), PX: LISTS_NOT([], [A_FAMILY]), AD: 403 }],
  ['worklist', () => '/api/worklist', only({ P: 200, CO: 200, RA: 200, TM: 200, SL: 200, OL: 200, PC: 200, PX: { status: 200, hasNot: ['"caseId"'] } }, 403)],
  ['specialist input board', () => '/api/specialist-inputs', only({
    P: 200, CO: 200, RA: 200, TM: 200, SL: 200, OL: { status: 200, hasNot: ['"caseId"'] }, PC: 200, PX: { status: 200, hasNot: ['"caseId"'] }, AU: 200 }, 403)],
  ['safeguarding register', () => '/api/safeguarding/concerns', only({
    TM: { status: 200, has: ['"caseId"'], hasNot: [CONCERN_SUMMARY] }, SL: { status: 200, has: [CONCERN_SUMMARY] },
    OL: { status: 200, hasNot: [CONCERN_SUMMARY, '"caseId"'] }, AU: { status: 200, hasNot: [CONCERN_SUMMARY] } }, 403)],
  ['caseloads', () => '/api/caseloads', only({ TM: 200, OL: 200, AU: 200 }, 403)],
  // Totals for content readers and admins; residents only where the case is visible (record-completed-b.e2e-spec.ts).
  ['Wellbeing Team capacity', () => '/api/teams/wellbeing-tilbury/capacity', only({ P: 200, CO: 200, RA: 200, TM: 200, SL: 200, OL: 200, PC: 200, PX: 200, AU: 200, AD: 200 }, 403)],
  // v1.1: borough-wide needs localities ["*"], which none of these callers has (access-holes covers one who does).
  ['borough dashboard', () => '/api/dashboard', only({}, 403)],
  ['locality dashboard (own locality)', () => '/api/localities/grays/dashboard', only({ TM: NO_CASE_CONTENT, OL: 404, AU: NO_CASE_CONTENT }, 403)],
  ['access audit', () => '/api/audit/access', only({ AU: 200 }, 403)],
  ['localities', () => '/api/localities', only({}, 200)],
  ['specialist services', () => '/api/specialist-services', only({}, 200)],
  ['teams', () => '/api/teams', only({}, 200)],
  ['follow-up policy', () => '/api/follow-up-policy', only({}, 200)],
];

// ---------------------------------------------------------------- commands
// 'ok' = authorised (whatever the domain then says: 2xx or 409), else the exact refusal.
// Bodies are chosen so an authorised attempt leaves the seeded cases' visibility unchanged.
type CmdExpect = 'ok' | 403 | 404;
interface Cmd {
  label: string;
  method: 'post' | 'put' | 'delete';
  path: (c: Record<CaseKey, string>, ids: SeedIds) => string;
  body: (who: Who) => object;
  on: CaseKey;
  expect: Record<Who, CmdExpect>;
}
interface SeedIds { concernA: string; inputA: string; inputB: string }
const WORKERS_OK = { P: 'ok', CO: 'ok', RA: 'ok', TM: 'ok', SL: 'ok' } as const;
const cmd = (label: string, method: Cmd['method'], on: CaseKey, path: Cmd['path'], body: Cmd['body'], expect: Partial<Record<Who, CmdExpect>>, otherwise: CmdExpect): Cmd => ({
  label, method, on, path, body, expect: Object.fromEntries(EVERYONE.map((w) => [w, expect[w] ?? otherwise])) as Record<Who, CmdExpect>,
});
// Who is refused how on each case: a role never allowed → 403; allowed but invisible → 404.
const onA = (ok: Partial<Record<Who, CmdExpect>>) => ({ OL: 404 as CmdExpect, PX: 404 as CmdExpect, ...ok });
const onB = (ok: Partial<Record<Who, CmdExpect>>) => ({ OL: 404 as CmdExpect, PX: 404 as CmdExpect, PC: 404 as CmdExpect, ...ok });
const onC = () => ({ P: 404 as CmdExpect, CO: 404 as CmdExpect, RA: 404 as CmdExpect, TM: 404 as CmdExpect, SL: 404 as CmdExpect, OL: 404 as CmdExpect });
const note = () => ({ text: 'Matrix contact note' });
const concern = () => ({ categories: ['neglect'], risk: 'low', summary: 'Matrix concern' });

const COMMANDS: Cmd[] = [
  cmd('open a case', 'post', 'A', () => '/api/cases', () => ({ resident: { givenName: 'Open', familyName: 'Matrixopen', dateOfBirth: '1950-01-01' }, localityId: 'grays', source: 'gp', reason: 'r' }), { ...WORKERS_OK, FD: 'ok', OL: 403 }, 403),
  cmd('note on A', 'post', 'A', (c) => `/api/cases/${c.A}/notes`, note, onA({ ...WORKERS_OK, PC: 'ok', FD: 'ok' }), 403),
  cmd('note on B (no consent)', 'post', 'B', (c) => `/api/cases/${c.B}/notes`, note, onB({ ...WORKERS_OK, FD: 'ok', PX: 404 }), 403),
  cmd('note on C (other locality)', 'post', 'C', (c) => `/api/cases/${c.C}/notes`, note, { ...onC(), FD: 'ok', PC: 404, PX: 404 }, 403),
  cmd('raise concern on A', 'post', 'A', (c) => `/api/cases/${c.A}/safeguarding-concerns`, concern, onA({ ...WORKERS_OK, PC: 'ok' }), 403),
  cmd('raise concern on B', 'post', 'B', (c) => `/api/cases/${c.B}/safeguarding-concerns`, concern, onB({ ...WORKERS_OK }), 403),
  cmd('raise concern on C', 'post', 'C', (c) => `/api/cases/${c.C}/safeguarding-concerns`, concern, { ...onC(), PC: 404, PX: 404 }, 403),
  cmd('decide concern on A', 'post', 'A', (c, i) => `/api/cases/${c.A}/safeguarding-concerns/${i.concernA}/decision`, () => ({ section42: true, rationale: 'r' }), { SL: 'ok' }, 403),
  cmd('review flag on A', 'post', 'A', (c) => `/api/cases/${c.A}/safeguarding-flag/review`, () => ({ note: 'reviewed' }), onA({ ...WORKERS_OK, PC: 403, PX: 403 }), 403),
  cmd('lift flag on A (open concern: 409)', 'post', 'A', (c) => `/api/cases/${c.A}/safeguarding-flag/lift`, () => ({ reason: 'r' }), onA({ ...WORKERS_OK, PC: 403, PX: 403 }), 403),
  cmd('accept specialist input on A', 'post', 'A', (c, i) => `/api/cases/${c.A}/specialist-inputs/${i.inputA}/accept`, () => ({}), onA({ ...WORKERS_OK, PC: 'ok' }), 403),
  cmd('accept specialist input on B', 'post', 'B', (c, i) => `/api/cases/${c.B}/specialist-inputs/${i.inputB}/accept`, () => ({}), onB({ ...WORKERS_OK }), 403),
  cmd('request specialist input on A', 'post', 'A', (c) => `/api/cases/${c.A}/specialist-inputs`, () => ({ serviceId: 'falls', mode: 'brokered', urgency: 'routine', request: 'advice' }), onA({ ...WORKERS_OK, PC: 403, PX: 403 }), 403),
  cmd('complete plan action on A', 'post', 'A', (c) => `/api/cases/${c.A}/care-plan/actions/a1/complete`, () => ({}), onA({ ...WORKERS_OK, PC: 'ok' }), 403),
  cmd('revise plan on A', 'put', 'A', (c) => `/api/cases/${c.A}/care-plan`, () => ({ whatMatters: 'Home', goals: [{ id: 'g1', description: 'Walk to the shop' }], actions: [{ id: 'a1', description: 'Rail', owner: { kind: 'team', name: 'OT' }, goalId: 'g1' }] }), onA({ ...WORKERS_OK, PC: 403, PX: 403 }), 403),
  cmd('add existing care team member to A (409)', 'post', 'A', (c) => `/api/cases/${c.A}/care-team`, () => ({ memberId: 'nhs-1', name: 'Nurse', organisation: 'nelft', role: 'district nurse' }), onA({ ...WORKERS_OK, PC: 403, PX: 403 }), 403),
  cmd('re-record the same consent on A', 'post', 'A', (c) => `/api/cases/${c.A}/consent`, () => ({ status: 'given', organisations: ['nelft'] }), onA({ ...WORKERS_OK, PC: 403, PX: 403 }), 403),
  cmd('transfer A to its own locality (409)', 'post', 'A', (c) => `/api/cases/${c.A}/transfer`, () => ({ toLocalityId: 'grays', reason: 'r' }), onA({ ...WORKERS_OK, PC: 403, PX: 403 }), 403),
  cmd('transfer C (other locality)', 'post', 'C', (c) => `/api/cases/${c.C}/transfer`, () => ({ toLocalityId: 'grays', reason: 'r' }), onC(), 403),
  cmd('close A (open input: 409)', 'post', 'A', (c) => `/api/cases/${c.A}/close`, () => ({ reason: 'r', outcomeSummary: 'o' }), onA({ ...WORKERS_OK, PC: 403, PX: 403 }), 403),
  cmd('reopen A (not closed: 409)', 'post', 'A', (c) => `/api/cases/${c.A}/reopen`, () => ({ reason: 'r' }), onA({ ...WORKERS_OK, PC: 403, PX: 403 }), 403),
  cmd('hospital admission on C', 'post', 'C', (c) => `/api/cases/${c.C}/hospital-admissions`, () => ({ hospital: 'Basildon', admittedAt: new Date().toISOString() }), onC(), 403),
  cmd('home care on C', 'post', 'C', (c) => `/api/cases/${c.C}/home-care`, () => ({ teamId: 'wellbeing-tilbury', hoursPerWeek: 5 }), onC(), 403),
  cmd('correct the resident on A', 'post', 'A', (c) => `/api/cases/${c.A}/resident`, () => ({ givenName: 'Matrixcorrected', reason: 'r' }), onA({ ...WORKERS_OK, PC: 403, PX: 403 }), 403),
  cmd('correct the resident on C', 'post', 'C', (c) => `/api/cases/${c.C}/resident`, () => ({ givenName: 'Matrixcorrected', reason: 'r' }), onC(), 403),
  cmd('remove care team member from C', 'delete', 'C', (c) => `/api/cases/${c.C}/care-team/someone`, () => ({}), onC(), 403),
];

describe('authorisation matrix', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  const tokens = {} as Record<Who, string>;
  const cases = {} as Record<CaseKey, string>;
  const ids = {} as SeedIds;
  let position = '';

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config), { logger: false });
    await worker.init();
    for (const w of EVERYONE) tokens[w] = await h.token({ ...PEOPLE[w], name: `Matrix ${w}` } as Parameters<ApiHarness['token']>[0]);
    const tilbury = await h.token({ sub: 'p-tilbury', roles: ['practitioner'], localities: ['tilbury-chadwell'] });

    const send = async (token: string, method: 'post' | 'put', path: string, body: object, expected = [200, 201]) => {
      const res = await h.http()[method](path).set('Authorization', `Bearer ${token}`).send(body);
      if (!expected.includes(res.status)) throw new Error(`seed ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      position = res.headers['event-position'] ?? position;
      return res.body as Record<string, string>;
    };
    const open = async (token: string, familyName: string, localityId: string) =>
      (await send(token, 'post', '/api/cases', { resident: { givenName: 'Resident', familyName, dateOfBirth: '1944-05-06', postcode: 'RM17 1AA' }, localityId, source: 'gp', reason: 'Seed' })).caseId;

    const co = tokens.CO;
    cases.A = await open(co, A_FAMILY, 'grays');
    cases.B = await open(co, B_FAMILY, 'grays');
    cases.C = await open(tilbury, C_FAMILY, 'tilbury-chadwell');
    for (const c of [cases.A, cases.B]) {
      await send(co, 'post', `/api/cases/${c}/coordinator`, { practitionerId: 'p-coord', practitionerName: 'Matrix CO' });
      await send(co, 'post', `/api/cases/${c}/care-team`, { memberId: 'nhs-1', name: 'Nurse', organisation: 'nelft', role: 'district nurse' });
    }
    await send(co, 'post', `/api/cases/${cases.A}/consent`, { status: 'given', organisations: ['nelft'] });
    await send(co, 'post', `/api/cases/${cases.B}/consent`, { status: 'refused', organisations: ['nelft'] });
    await send(co, 'put', `/api/cases/${cases.A}/care-plan`, { whatMatters: 'Home', goals: [{ id: 'g1', description: 'Walk to the shop' }], actions: [{ id: 'a1', description: 'Rail', owner: { kind: 'team', name: 'OT' }, goalId: 'g1' }] });
    await send(tilbury, 'put', `/api/cases/${cases.C}/care-plan`, { whatMatters: 'Home', goals: [{ id: 'g1', description: 'Garden' }], actions: [] });
    await send(co, 'put', `/api/cases/${cases.B}/care-plan`, { whatMatters: 'Home', goals: [{ id: 'g1', description: 'Garden' }], actions: [] });
    ids.inputA = (await send(co, 'post', `/api/cases/${cases.A}/specialist-inputs`, { serviceId: 'community-nursing', mode: 'brokered', urgency: 'routine', request: 'Leg ulcer advice' })).inputId;
    ids.inputB = (await send(co, 'post', `/api/cases/${cases.B}/specialist-inputs`, { serviceId: 'community-nursing', mode: 'brokered', urgency: 'routine', request: 'Advice' })).inputId;
    ids.concernA = (await send(tokens.RA, 'post', `/api/cases/${cases.A}/safeguarding-concerns`, { categories: ['financial'], risk: 'medium', summary: CONCERN_SUMMARY })).concernId;
    await send(co, 'post', `/api/cases/${cases.A}/notes`, { text: RESTRICTED_NOTE, restricted: true });
  });

  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  const readRows = READS.flatMap(([label, path, byWho]) => EVERYONE.map((w) => [label, w, path, byWho[w]] as const));
  it.each(readRows)('%s as %s', async (_label, w, path, expected) => {
    const res = await h.http().get(path(cases)).set('Authorization', `Bearer ${tokens[w]}`).set('Await-Position', position);
    const e = typeof expected === 'number' ? { status: expected } : expected;
    expect(res.status).toBe(e.status);
    if (e.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const text = JSON.stringify(res.body);
    for (const s of e.has ?? []) expect(text).toContain(s);
    for (const s of e.hasNot ?? []) expect(text).not.toContain(s);
    // A refusal never echoes anything about the case.
    if (e.status === 404 || e.status === 403) for (const s of [A_FAMILY, B_FAMILY, C_FAMILY, CONCERN_SUMMARY]) expect(text).not.toContain(s);
  });

  const commandRows = COMMANDS.flatMap((c) => EVERYONE.map((w) => [c.label, w, c, c.expect[w]] as const));
  it.each(commandRows)('%s as %s', async (_label, w, c, expected) => {
    const res = await h.http()[c.method](c.path(cases, ids)).set('Authorization', `Bearer ${tokens[w]}`).send(c.body(w));
    if (expected === 'ok') {
      expect([401, 403, 404]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status).toBe(expected);
    }
  });
});
