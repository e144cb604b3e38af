import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import fc from 'fast-check';
import { ApiHarness, startApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { openBody, streamLength } from './cases-helpers';

// Property-based authorisation: fast-check builds case histories (transfers and the receiving
// locality's allocation, consent given and withdrawn per organisation, safeguarding overrides
// of a refusal and their end with the flag, care-team changes, concerns, hand-overs) and principals
// (any set of the eight roles, localities, organisation, and an identity that may be the
// case's coordinator, a care-team member, a raiser, a hand-over's receiver, or one of
// these no longer), then checks what every query answers, and one command per history,
// against a REFERENCE MODEL of API.md's rules written below, on its own, from the text
// (roles table, "Access, made precise"). It shares no code with libs/.../access.
//
// Seeded and reproducible: a fixed seed by default; PROPERTY_SEED=random explores afresh. A
// failure prints fast-check's seed and path; rerun with PROPERTY_SEED=<seed> (and
// PROPERTY_PATH=<path>). PROPERTY_RUNS sets the number of
// histories (default 40, each read by 8 principals: 320 principal-case pairs).

// ------------------------------------------------------------------ the reference model
type Role =
  | 'practitioner'
  | 'team-manager'
  | 'safeguarding-lead'
  | 'front-door'
  | 'partner'
  | 'auditor'
  | 'admin'
  | 'records-officer';
const ROLES: Role[] = [
  'practitioner',
  'team-manager',
  'safeguarding-lead',
  'front-door',
  'partner',
  'auditor',
  'admin',
  // "sees case content only through these endpoints" (API.md "Records management"): no
  // reach in rolesHere, so the model expects 403/404 from every ordinary query and command.
  'records-officer',
];
const CASE_WORK: Role[] = ['practitioner', 'team-manager', 'safeguarding-lead'];
const LOCALITIES = ['grays', 'asop', 'tilbury-chadwell'];
const ORGANISATIONS = ['thurrock-council', 'nelft', 'mind'];

interface Person {
  sub: string;
  roles: Role[];
  organisation: string;
  localities: string[];
}

interface Model {
  locality: string;
  coordinator: string | null;
  pendingTo: string | null;
  team: Set<string>;
  /** "Consent to share: given, refused, or best-interests, per partner organisation" (DOMAIN.md, API.md v1.1). */
  consent: Map<string, string>;
  /** Organisations a safeguarding override admits despite a refusal; they end when the flag is lifted. */
  overrides: Set<string>;
  flag: boolean;
  /** Transferred with a coordinator: the receiving locality's team manager may replace them. */
  pendingAllocation: boolean;
  /** concernId → raiser */
  concerns: Map<string, string>;
  /** Concerns decided (by the seeder): their decision rows are restricted too. */
  decided: Set<string>;
  inputs: number;
  /** Notes in the order written: who wrote each, and whether it is restricted. */
  notes: Array<{ author: string; restricted: boolean }>;
}

const holds = (p: Person, ...roles: Role[]) => roles.some((r) => p.roles.includes(r));
const worksIn = (p: Person, locality: string) =>
  p.localities.includes('*') || p.localities.includes(locality);
/** "A relationship admits regardless of locality": the coordinator and non-partner care-team members (case workers). */
const related = (p: Person, c: Model) =>
  holds(p, ...CASE_WORK) && (c.coordinator === p.sub || c.team.has(p.sub));
/**
 * "partner: sees and acts on only cases whose care team includes them and whose consent covers their organisation";
 * consent is per organisation, and a safeguarding override admits that organisation's care-team members despite a refusal.
 */
const partnerAdmitted = (p: Person, c: Model) =>
  holds(p, 'partner') &&
  c.team.has(p.sub) &&
  (['given', 'best-interests'].includes(c.consent.get(p.organisation) ?? 'none') || c.overrides.has(p.organisation));

/** The roles the caller holds on this case, each within its own reach. */
function rolesHere(p: Person, c: Model): Set<Role> {
  const here = new Set<Role>();
  for (const r of CASE_WORK) if (holds(p, r) && worksIn(p, c.locality)) here.add(r);
  if (related(p, c)) here.add('practitioner');
  if (partnerAdmitted(p, c)) here.add('partner');
  if (holds(p, 'front-door')) here.add('front-door'); // any locality: open, record contacts, summary search
  if (holds(p, 'auditor')) here.add('auditor'); // read-only everywhere
  return here;
}
const CONTENT: Role[] = ['practitioner', 'team-manager', 'safeguarding-lead', 'partner', 'auditor'];
const readsContent = (p: Person, c: Model) => [...rolesHere(p, c)].some((r) => CONTENT.includes(r));
const findsCase = (p: Person, c: Model) => readsContent(p, c) || holds(p, 'front-door');
/** "Safeguarding detail goes only to safeguarding-lead (in their localities), the case's coordinator, and the raiser." */
const detailOf = (p: Person, c: Model, raiser: string) =>
  readsContent(p, c) &&
  ((holds(p, 'safeguarding-lead') && worksIn(p, c.locality)) ||
    c.coordinator === p.sub ||
    raiser === p.sub);

/** The route's roles: who may call it at all (403 otherwise, whatever the case). */
const readRoute = (p: Person) => holds(p, ...CONTENT);
const listRoute = (p: Person) => holds(p, ...CONTENT, 'front-door');

type CommandKind = 'note' | 'concern' | 'transfer' | 'propose' | 'accept' | 'override' | 'correct' | 'hold' | 'erase';
const COMMAND_ROLES: Record<CommandKind, Role[]> = {
  note: [...CASE_WORK, 'partner', 'front-door'],
  concern: [...CASE_WORK, 'partner'],
  transfer: CASE_WORK,
  propose: CASE_WORK,
  accept: CASE_WORK,
  // "POST /consent/overrides: safeguarding-lead or team-manager"
  override: ['safeguarding-lead', 'team-manager'],
  correct: CASE_WORK,
  // "A role records-officer handles subject access, retention, legal holds and erasure": on any case.
  hold: ['records-officer'],
  erase: ['records-officer'],
};
const describeModel = (c: Model) =>
  JSON.stringify({ ...c, team: [...c.team], consent: [...c.consent], overrides: [...c.overrides], concerns: [...c.concerns], decided: [...c.decided] });
/** The organisation the property's override command names. */
const OVERRIDDEN = 'nelft';

/** The status a command must get: 403 route, 404 invisible, 403 visible but not here, then the domain's rule. */
function expectedCommand(
  p: Person,
  c: Model,
  kind: CommandKind,
): { status: number; type?: string } {
  if (!holds(p, ...COMMAND_ROLES[kind])) return { status: 403 };
  // Records management reaches every case, whatever else the caller holds (the histories
  // place no hold, so nothing keeps a case from erasure either).
  if (kind === 'hold' || kind === 'erase') return { status: 200 };
  const here = rolesHere(p, c);
  if (kind === 'accept' && c.pendingTo === p.sub && holds(p, ...CASE_WORK))
    here.add('practitioner'); // the receiver answers wherever they work
  const may = COMMAND_ROLES[kind].some((r) => here.has(r));
  if (!may) return { status: findsCase(p, c) ? 403 : 404 };
  const managerHere = holds(p, 'team-manager') && worksIn(p, c.locality);
  switch (kind) {
    case 'note':
    case 'concern':
      return { status: 201 };
    case 'transfer':
    case 'correct':
      return { status: 200 };
    case 'propose':
      if (!c.coordinator) return { status: 409, type: 'no-coordinator' };
      if (c.coordinator !== p.sub && !managerHere) return { status: 409, type: 'not-coordinator' };
      if (c.pendingTo) return { status: 409, type: 'handover-pending' };
      // The property's proposal names u-stranger, whom an allocation after a transfer may have made coordinator.
      if (c.coordinator === 'u-stranger') return { status: 409, type: 'handover-to-current-coordinator' };
      return { status: 201 };
    case 'accept':
      return c.pendingTo === p.sub || managerHere
        ? { status: 200 }
        : { status: 409, type: 'not-handover-receiver' };
    case 'override':
      if (!c.flag) return { status: 409, type: 'no-safeguarding-flag' };
      if (c.overrides.has(OVERRIDDEN)) return { status: 409, type: 'consent-override-exists' };
      return { status: 200 };
  }
}

// ------------------------------------------------------------------ generators
// Identities that the histories give relationships to, and one that never has any.
const IDS = ['u-coord', 'u-member', 'u-nurse', 'u-raiser', 'u-receiver', 'u-stranger'];

type Step =
  | { kind: 'add'; memberId: string; organisation: string }
  | { kind: 'remove'; memberId: string }
  | { kind: 'consent'; status: 'given' | 'refused' | 'best-interests'; organisations: string[] }
  | { kind: 'transfer'; to: string }
  | { kind: 'raise'; raiser: string }
  | { kind: 'propose'; to: string }
  | { kind: 'input' }
  | { kind: 'note'; author: string; restricted: boolean }
  | { kind: 'accept' }
  | { kind: 'decline' }
  | { kind: 'override'; organisation: string }
  | { kind: 'liftOverride'; organisation: string }
  | { kind: 'liftFlag' }
  | { kind: 'allocate'; to: string };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    memberId: fc.constantFrom('u-member', 'u-nurse', 'u-receiver'),
    organisation: fc.constantFrom(...ORGANISATIONS),
  }),
  fc.record({
    kind: fc.constant('remove' as const),
    memberId: fc.constantFrom('u-member', 'u-nurse', 'u-receiver'),
  }),
  fc.record({
    kind: fc.constant('consent' as const),
    status: fc.constantFrom('given' as const, 'refused' as const, 'best-interests' as const),
    organisations: fc.subarray(ORGANISATIONS, { minLength: 1 }),
  }),
  fc.record({ kind: fc.constant('transfer' as const), to: fc.constantFrom(...LOCALITIES) }),
  fc.record({
    kind: fc.constant('raise' as const),
    raiser: fc.constantFrom('u-raiser', 'u-member', 'u-nurse'),
  }),
  fc.record({
    kind: fc.constant('propose' as const),
    to: fc.constantFrom('u-receiver', 'u-member'),
  }),
  fc.constant({ kind: 'input' as const }),
  // Authors who never raise a concern: the timeline check below names raisers by their acts.
  fc.record({
    kind: fc.constant('note' as const),
    author: fc.constantFrom('u-stranger', 'u-receiver'),
    restricted: fc.boolean(),
  }),
  fc.constant({ kind: 'accept' as const }),
  fc.constant({ kind: 'decline' as const }),
  fc.record({ kind: fc.constant('override' as const), organisation: fc.constantFrom(...ORGANISATIONS) }),
  fc.record({ kind: fc.constant('liftOverride' as const), organisation: fc.constantFrom(...ORGANISATIONS) }),
  fc.constant({ kind: 'liftFlag' as const }),
  fc.record({ kind: fc.constant('allocate' as const), to: fc.constantFrom('u-receiver', 'u-member', 'u-stranger') }),
);

interface History {
  locality: string;
  coordinator: string | null;
  steps: Step[];
  asAtAfter: number;
}

const historyArb: fc.Arbitrary<History> = fc.record({
  locality: fc.constantFrom(...LOCALITIES),
  coordinator: fc.constantFrom<string | null>('u-coord', 'u-coord', null),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 8 }),
  /** After which step `asAt` looks (0: just after opening). */
  asAtAfter: fc.nat({ max: 8 }),
});

const personArb: fc.Arbitrary<Person> = fc.record({
  sub: fc.constantFrom(...IDS),
  roles: fc.subarray(ROLES, { minLength: 1 }),
  organisation: fc.constantFrom(...ORGANISATIONS),
  localities: fc.constantFrom<string[]>(
    [],
    ['grays'],
    ['asop'],
    ['tilbury-chadwell'],
    ['grays', 'asop'],
    ['*'],
  ),
});

const commandArb = fc.record({
  kind: fc.constantFrom<CommandKind>('note', 'concern', 'transfer', 'propose', 'accept', 'override', 'correct', 'hold', 'erase'),
  by: fc.nat({ max: 7 }),
});

// ------------------------------------------------------------------ the test
const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
const PRINCIPALS_PER_HISTORY = 8;

describe('authorisation, property-based against a reference model of API.md', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  const tokenCache = new Map<string, string>();
  let seq = 0;

  const token = async (p: Person & { name?: string }) => {
    const key = JSON.stringify(p);
    let t = tokenCache.get(key);
    if (!t) {
      t = await h.token({
        sub: p.sub,
        name: p.name ?? `Prop ${p.sub}`,
        roles: p.roles,
        organisation: p.organisation,
        localities: p.localities,
      });
      tokenCache.set(key, t);
    }
    return t;
  };
  // Histories are written by a manager and lead working everywhere; concerns by their raiser.
  const seeder: Person = {
    sub: 'seed-tm',
    roles: ['team-manager', 'practitioner', 'safeguarding-lead'],
    organisation: 'thurrock-council',
    localities: ['*'],
  };
  const raiserAs = (sub: string): Person => ({
    sub,
    roles: ['practitioner'],
    organisation: 'thurrock-council',
    localities: ['*'],
  });

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config), {
      logger: false,
    });
    await worker.init();
  });

  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  interface Built {
    caseId: string;
    family: string;
    model: Model;
    position: string;
    handoverId: string | null;
    asAt: string;
    concernsAtAsAt: Set<string>;
  }

  async function build(history: History): Promise<Built> {
    const family = `Propcase${++seq}x`;
    let position = '';
    const send = async (who: Person, method: 'post' | 'delete', path: string, body?: object) => {
      const agent = h.http();
      const req = (method === 'post' ? agent.post(path) : agent.delete(path)).set(
        'Authorization',
        `Bearer ${await token(who)}`,
      );
      const res = await (body ? req.send(body) : req);
      if (res.status >= 300)
        throw new Error(
          `history step ${method} ${path} ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`,
        );
      position = res.headers['event-position'] ?? position;
      return res.body as Record<string, string>;
    };
    const opened = await send(
      seeder,
      'post',
      '/api/cases',
      openBody({
        localityId: history.locality,
        resident: { givenName: 'Prop', familyName: family, dateOfBirth: '1940-01-01' },
      }),
    );
    const caseId = opened.caseId;
    const model: Model = {
      locality: history.locality,
      coordinator: null,
      pendingTo: null,
      team: new Set(),
      consent: new Map(),
      overrides: new Set(),
      flag: false,
      pendingAllocation: false,
      concerns: new Map(),
      decided: new Set(),
      inputs: 0,
      notes: [],
    };
    if (history.coordinator) {
      await send(seeder, 'post', `/api/cases/${caseId}/coordinator`, {
        practitionerId: history.coordinator,
        practitionerName: 'Prop Coordinator',
      });
      model.coordinator = history.coordinator;
    }
    let handoverId: string | null = null;
    let asAt = new Date().toISOString();
    let concernsAtAsAt = new Set<string>();
    const at = `/api/cases/${caseId}`;
    for (const [i, step] of history.steps.entries()) {
      switch (step.kind) {
        case 'add':
          if (model.team.has(step.memberId)) break;
          await send(seeder, 'post', `${at}/care-team`, {
            memberId: step.memberId,
            name: 'Prop Member',
            organisation: step.organisation,
            role: 'support',
          });
          model.team.add(step.memberId);
          break;
        case 'remove':
          if (!model.team.has(step.memberId) || model.coordinator === step.memberId) break;
          await send(seeder, 'delete', `${at}/care-team/${step.memberId}`);
          model.team.delete(step.memberId);
          break;
        case 'consent':
          await send(seeder, 'post', `${at}/consent`, {
            status: step.status,
            organisations: step.organisations,
          });
          for (const organisation of step.organisations) model.consent.set(organisation, step.status);
          break;
        case 'transfer':
          if (step.to === model.locality) break;
          await send(seeder, 'post', `${at}/transfer`, { toLocalityId: step.to, reason: 'moved' });
          model.locality = step.to;
          // "the coordinator stays until the receiving locality allocates"
          if (model.coordinator) model.pendingAllocation = true;
          break;
        case 'allocate':
          // A team manager of the receiving locality replaces the coordinator kept through the transfer.
          if (!model.pendingAllocation || step.to === model.coordinator) break;
          await send(seeder, 'post', `${at}/coordinator`, { practitionerId: step.to, practitionerName: 'Prop Allocated' });
          model.coordinator = step.to;
          model.pendingAllocation = false;
          // A hand-over proposed meanwhile is superseded.
          model.pendingTo = null;
          handoverId = null;
          break;
        case 'override':
          if (!model.flag || model.overrides.has(step.organisation)) break;
          await send(seeder, 'post', `${at}/consent/overrides`, { organisation: step.organisation, reason: 'Property risk' });
          model.overrides.add(step.organisation);
          break;
        case 'liftOverride':
          if (!model.overrides.has(step.organisation)) break;
          await send(seeder, 'post', `${at}/consent/overrides/${step.organisation}/lift`, { reason: 'Property' });
          model.overrides.delete(step.organisation);
          break;
        case 'liftFlag':
          if (!model.flag) break;
          for (const concernId of model.concerns.keys()) {
            if (model.decided.has(concernId)) continue;
            await send(seeder, 'post', `${at}/safeguarding-concerns/${concernId}/decision`, { section42: false, rationale: 'Property' });
            model.decided.add(concernId);
          }
          await send(seeder, 'post', `${at}/safeguarding-flag/lift`, { reason: 'Property' });
          model.flag = false;
          // "lifting the flag ends them all"
          model.overrides.clear();
          break;
        case 'raise': {
          const raised = await send(raiserAs(step.raiser), 'post', `${at}/safeguarding-concerns`, {
            categories: ['neglect'],
            risk: 'low',
            summary: `Propsecret ${family}`,
          });
          model.concerns.set(raised.concernId, step.raiser);
          model.flag = true;
          break;
        }
        case 'input':
          await send(seeder, 'post', `${at}/specialist-inputs`, {
            serviceId: 'falls',
            mode: 'brokered',
            urgency: 'routine',
            request: 'Property advice',
          });
          model.inputs++;
          break;
        case 'note':
          await send(raiserAs(step.author), 'post', `${at}/notes`, {
            text: `Propnote ${step.restricted ? 'hush' : 'open'} ${family}`,
            restricted: step.restricted,
          });
          model.notes.push({ author: step.author, restricted: step.restricted });
          break;
        case 'propose':
          if (!model.coordinator || model.pendingTo || step.to === model.coordinator) break;
          handoverId = (
            await send(seeder, 'post', `${at}/handovers`, {
              toPractitionerId: step.to,
              toPractitionerName: 'Prop Receiver',
              reason: 'r',
            })
          ).handoverId;
          model.pendingTo = step.to;
          break;
        case 'accept':
        case 'decline':
          if (!model.pendingTo || !handoverId) break;
          await send(
            seeder,
            'post',
            `${at}/handovers/${handoverId}/${step.kind}`,
            step.kind === 'accept' ? {} : { reason: 'no' },
          );
          if (step.kind === 'accept') model.coordinator = model.pendingTo;
          model.pendingTo = null;
          handoverId = null;
          break;
      }
      if (i + 1 === history.asAtAfter) {
        asAt = new Date().toISOString();
        concernsAtAsAt = new Set(model.concerns.keys());
      }
    }
    return { caseId, family, model, position, handoverId, asAt, concernsAtAsAt };
  }

  async function get(p: Person, path: string, position: string) {
    const res = await h
      .http()
      .get(path)
      .set('Authorization', `Bearer ${await token(p)}`)
      .set('Await-Position', position);
    return {
      status: res.status,
      body: res.body as Record<string, unknown>,
      text: JSON.stringify(res.body),
    };
  }

  /** Every query a caller may send about one case, against the model. */
  async function checkReads(p: Person, b: Built): Promise<void> {
    const { model: c, caseId, family, position } = b;
    const who = `${JSON.stringify(p)} on ${describeModel(c)}`;
    const contentStatus = !readRoute(p) ? 403 : readsContent(p, c) ? 200 : 404;

    const concernsRedacted = (body: Record<string, unknown>, expectIds: Set<string>) => {
      const concerns = (
        body.safeguarding as { flag: boolean; concerns: Array<Record<string, unknown>> }
      ).concerns;
      expect([who, concerns.map((x) => x.concernId).sort()]).toEqual([who, [...expectIds].sort()]);
      for (const concern of concerns) {
        const shown = 'summary' in concern || 'categories' in concern;
        expect([who, concern.concernId, shown]).toEqual([
          who,
          concern.concernId,
          detailOf(p, c, c.concerns.get(concern.concernId as string)!),
        ]);
      }
    };

    const detail = await get(p, `/api/cases/${caseId}`, position);
    expect([who, 'detail', detail.status]).toEqual([who, 'detail', contentStatus]);
    if (detail.status === 200) {
      concernsRedacted(detail.body, new Set(c.concerns.keys()));
      expect((detail.body.safeguarding as { flag: boolean }).flag).toBe(c.flag);
      expect([who, 'pendingAllocation', detail.body.pendingAllocation]).toEqual([who, 'pendingAllocation', c.pendingAllocation]);
    } else expect(detail.text).not.toContain(family);

    // "It sees case content only through these endpoints": the records routes are its alone.
    const due = await get(p, '/api/retention/due', position);
    expect([who, 'retention', due.status]).toEqual([who, 'retention', holds(p, 'records-officer') ? 200 : 403]);

    const past = await get(p, `/api/cases/${caseId}?asAt=${encodeURIComponent(b.asAt)}`, position);
    expect([who, 'asAt', past.status]).toEqual([who, 'asAt', contentStatus]);
    if (past.status === 200) concernsRedacted(past.body, b.concernsAtAsAt);
    else expect(past.text).not.toContain(family);

    const timeline = await get(p, `/api/cases/${caseId}/timeline?pageSize=200`, position);
    expect([who, 'timeline', timeline.status]).toEqual([who, 'timeline', contentStatus]);
    if (timeline.status === 200) {
      const items = timeline.body.items as Array<{
        restricted?: boolean;
        actor?: { id: string } | null;
      }>;
      const actors = new Set(items.map((i) => i.actor?.id).filter(Boolean));
      const hidden = [
        ...[...c.concerns.values()].filter((raiser) => !detailOf(p, c, raiser)),
        // Decisions are restricted rows written by the seeder.
        ...[...c.decided].filter(() => !detailOf(p, c, seeder.sub)),
        ...c.notes.filter((n) => n.restricted && !detailOf(p, c, n.author)),
      ];
      expect([who, 'restricted rows', items.filter((i) => i.restricted).length]).toEqual([
        who,
        'restricted rows',
        hidden.length,
      ]);
      // Raisers act in these histories only by raising: their id shows exactly where detail is allowed.
      for (const raiser of new Set(c.concerns.values()))
        expect([who, 'raiser named', raiser, actors.has(raiser)]).toEqual([
          who,
          'raiser named',
          raiser,
          detailOf(p, c, raiser),
        ]);
    }

    // "A restricted note's text and author go only to those allowed safeguarding detail and to its author."
    const notes = await get(p, `/api/cases/${caseId}/notes?pageSize=200`, position);
    expect([who, 'notes', notes.status]).toEqual([who, 'notes', contentStatus]);
    if (notes.status === 200) {
      const items = notes.body.items as Array<{ text?: string; author?: { id: string } }>;
      const expected = [...c.notes]
        .reverse()
        .map((n) => (!n.restricted || detailOf(p, c, n.author) ? n.author : null));
      expect([who, 'notes shown', items.map((i) => i.author?.id ?? null)]).toEqual([
        who,
        'notes shown',
        expected,
      ]);
      expect([who, 'note text withheld', items.every((i) => (i.text === undefined) === (i.author === undefined))]).toEqual([
        who,
        'note text withheld',
        true,
      ]);
    } else expect(notes.text).not.toContain(family);

    const versions = await get(p, `/api/cases/${caseId}/care-plan/versions`, position);
    expect([who, 'plan versions', versions.status]).toEqual([who, 'plan versions', contentStatus]);

    const list = await get(p, `/api/cases?q=${family}`, position);
    expect([who, 'search', list.status]).toEqual([who, 'search', listRoute(p) ? 200 : 403]);
    if (list.status === 200)
      expect([who, 'found', list.text.includes(caseId)]).toEqual([who, 'found', findsCase(p, c)]);

    const inputs = await get(p, '/api/specialist-inputs?pageSize=200', position);
    expect([who, 'input board', inputs.status]).toEqual([
      who,
      'input board',
      readRoute(p) ? 200 : 403,
    ]);
    if (inputs.status === 200) {
      const mine = (inputs.body.items as Array<Record<string, unknown>>).filter(
        (i) => i.caseId === caseId,
      );
      expect([who, 'input rows', mine.length]).toEqual([
        who,
        'input rows',
        readsContent(p, c) ? c.inputs : 0,
      ]);
    }

    const board = await get(p, '/api/safeguarding/concerns?pageSize=200', position);
    expect([who, 'register', board.status]).toEqual([
      who,
      'register',
      holds(p, 'safeguarding-lead', 'team-manager', 'auditor') ? 200 : 403,
    ]);
    if (board.status === 200) {
      const mine = (board.body.items as Array<Record<string, unknown>>).filter(
        (i) => i.caseId === caseId,
      );
      expect([who, 'register rows', mine.length]).toEqual([
        who,
        'register rows',
        readsContent(p, c) ? c.concerns.size : 0,
      ]);
      for (const row of mine)
        expect([who, 'register detail', 'summary' in row]).toEqual([
          who,
          'register detail',
          detailOf(p, c, c.concerns.get(row.concernId as string)!),
        ]);
    }
  }

  async function checkCommand(p: Person, b: Built, kind: CommandKind): Promise<void> {
    const { model: c, caseId } = b;
    if (kind === 'accept' && !b.handoverId) kind = 'propose';
    const expected = expectedCommand(p, c, kind);
    const before = await streamLength(h, caseId);
    const at = `/api/cases/${caseId}`;
    const other = LOCALITIES.find((l) => l !== c.locality)!;
    const [path, body] = {
      note: [`${at}/notes`, { text: 'Property note' }],
      concern: [
        `${at}/safeguarding-concerns`,
        { categories: ['neglect'], risk: 'low', summary: 'Property concern' },
      ],
      transfer: [`${at}/transfer`, { toLocalityId: other, reason: 'property' }],
      propose: [
        `${at}/handovers`,
        { toPractitionerId: 'u-stranger', toPractitionerName: 'Stranger', reason: 'property' },
      ],
      accept: [`${at}/handovers/${b.handoverId}/accept`, {}],
      override: [`${at}/consent/overrides`, { organisation: OVERRIDDEN, reason: 'property' }],
      correct: [`${at}/resident`, { givenName: 'Corrected', reason: 'property' }],
      hold: [`${at}/legal-hold`, { reason: 'property' }],
      erase: [`${at}/erase`, { reason: 'property' }],
    }[kind] as [string, object];
    const res = await h
      .http()
      .post(path)
      .set('Authorization', `Bearer ${await token(p)}`)
      .send(body);
    const who = `${kind} by ${JSON.stringify(p)} on ${describeModel(c)}`;
    expect([who, res.status]).toEqual([who, expected.status]);
    if (expected.type)
      expect(String((res.body as { type: string }).type)).toMatch(new RegExp(`/${expected.type}$`));
    // A refusal writes nothing.
    if (res.status >= 400) expect(await streamLength(h, caseId)).toBe(before);
  }

  it(
    `agrees with the model over ${RUNS} histories × ${PRINCIPALS_PER_HISTORY} principals`,
    async () => {
      // A fixed seed in `npm test`, so CI runs the same cases every time; PROPERTY_SEED
      // names another, and PROPERTY_SEED=random explores afresh (with PROPERTY_RUNS).
      const given = process.env.PROPERTY_SEED;
      const seed =
        given === 'random'
          ? Date.now() ^ (Math.random() * 0x100000000)
          : given !== undefined
            ? Number(given)
            : 20_261_201;
      await fc.assert(
        fc.asyncProperty(
          historyArb,
          fc.array(personArb, {
            minLength: PRINCIPALS_PER_HISTORY,
            maxLength: PRINCIPALS_PER_HISTORY,
          }),
          commandArb,
          async (history, people, command) => {
            const built = await build(history);
            for (const p of people) await checkReads(p, built);
            await checkCommand(people[command.by % people.length], built, command.kind);
          },
        ),
        {
          seed,
          path: process.env.PROPERTY_PATH,
          numRuns: RUNS,
          endOnFailure: process.env.PROPERTY_SHRINK !== '1',
          verbose: true,
        },
      );
    },
    60_000 + RUNS * 6_000,
  );
});
