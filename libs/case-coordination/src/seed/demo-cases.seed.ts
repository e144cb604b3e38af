import { CommandBus } from '@nestjs/cqrs';
import type { Principal } from '../access/principal';
import type { CaseCommand, CaseSource } from '../domain/commands';
import type { CaseEvent } from '../domain/events';
import type { CommandMeta, CommandResult } from '../application/case-commands';
import { OpenCaseCommand } from '../application/open-case/open-case.command';
import { RunCaseCommand } from '../application/run-case-command/run-case-command.command';
import { PRACTITIONERS } from './reference-data.seed';

// A dozen demo cases at different stages, written through the same commands as the
// API so every event, follow-up and read model is what real use would produce.
// Residents are invented and obviously fictional; NHS numbers are valid test-style
// numbers (check digit computed), never a real person's.

export function withCheckDigit(nine: string): string | null {
  const sum = [...nine].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return `${nine}${check === 11 ? 0 : check}`;
}

/** Valid NHS numbers from the 999 range used for testing, deterministic per index. */
export function demoNhsNumber(i: number): string {
  for (let n = 0; ; n++) {
    const candidate = withCheckDigit(`999${String(1000 + i * 37 + n).padStart(6, '0')}`);
    if (candidate) return candidate;
  }
}

function principalOf(id: string): Principal {
  const p = PRACTITIONERS.find((x) => x.id === id);
  if (!p) throw new Error(`no demo practitioner ${id}`);
  return { id: p.id, name: p.name, roles: p.roles as Principal['roles'], organisation: 'thurrock-council', teams: p.teamId ? [p.teamId] : [], localities: [p.localityId] };
}

interface DemoResident {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  localityId: string;
  source: CaseSource;
  reason: string;
  whatMatters: string;
}

const RESIDENTS: DemoResident[] = [
  { givenName: 'Ada', familyName: 'Placeholder-Demo', dateOfBirth: '1941-04-02', localityId: 'grays', source: 'gp', reason: 'Two falls this month', whatMatters: 'Tending my roses' },
  { givenName: 'Bertram', familyName: 'Fictitious', dateOfBirth: '1950-09-17', localityId: 'grays', source: 'talking-shop', reason: 'Lonely since his wife died', whatMatters: 'Seeing my grandchildren' },
  { givenName: 'Cordelia', familyName: 'Madeup', dateOfBirth: '1937-12-24', localityId: 'tilbury-chadwell', source: 'hospital', reason: 'Discharge planning after a hip fracture', whatMatters: 'Getting home to my cat' },
  { givenName: 'Desmond', familyName: 'Notarealperson', dateOfBirth: '1962-06-30', localityId: 'asop', source: 'housing', reason: 'Facing eviction, drinking heavily', whatMatters: 'Keeping a roof over my head' },
  { givenName: 'Edith', familyName: 'Exampleworth', dateOfBirth: '1945-03-11', localityId: 'stanford-corringham', source: 'family', reason: 'Memory getting worse', whatMatters: 'Staying in my own bed' },
  { givenName: 'Fergus', familyName: 'Samplington', dateOfBirth: '1958-01-05', localityId: 'grays', source: 'police', reason: 'Found wandering at night', whatMatters: 'My allotment' },
  { givenName: 'Gwendolyn', familyName: 'Demodata', dateOfBirth: '1939-08-19', localityId: 'tilbury-chadwell', source: 'community-hub', reason: 'Needs help with personal care', whatMatters: 'Church on Sundays' },
  { givenName: 'Horace', familyName: 'Testcase', dateOfBirth: '1948-11-28', localityId: 'asop', source: 'thurrock-first', reason: 'Carer breakdown', whatMatters: 'Looking after my wife' },
  { givenName: 'Imelda', familyName: 'Fabricated', dateOfBirth: '1953-02-14', localityId: 'stanford-corringham', source: 'self', reason: 'Debts and anxiety', whatMatters: 'Sleeping through the night' },
  { givenName: 'Jasper', familyName: 'Imaginary', dateOfBirth: '1944-07-07', localityId: 'grays', source: 'professional', reason: 'Self-neglect concerns from a neighbour', whatMatters: 'Being left in peace' },
  { givenName: 'Kathleen', familyName: 'Pretendson', dateOfBirth: '1935-05-23', localityId: 'tilbury-chadwell', source: 'gp', reason: 'Frailty after a chest infection', whatMatters: 'Doing my own shopping' },
  { givenName: 'Lionel', familyName: 'Unrealton', dateOfBirth: '1960-10-10', localityId: 'asop', source: 'hospital', reason: 'Stroke, returning home', whatMatters: 'Walking to the pub' },
];

type Step = (c: SeedCase) => Promise<void>;

/** One demo case: the commands run on it and the ids they produced. */
class SeedCase {
  caseId = '';
  constructor(
    readonly bus: CommandBus,
    readonly localityId: string,
  ) {}

  meta(actorId: string): CommandMeta {
    return { actor: principalOf(actorId), correlationId: `seed-${this.caseId || 'open'}`, causationId: null };
  }

  staff(n: number): string {
    return `p-${this.localityId}-${n}`;
  }

  async run(command: CaseCommand, actorId = this.staff(1)): Promise<CommandResult> {
    return this.bus.execute(new RunCaseCommand(this.caseId, command, this.meta(actorId)));
  }

  async produced<K extends CaseEvent['type']>(result: CommandResult, type: K): Promise<Extract<CaseEvent, { type: K }>['data']> {
    const e = result.events.find((x) => x.type === type);
    if (!e) throw new Error(`seed: expected ${type}`);
    return e.data as never;
  }

  async open(r: DemoResident, i: number): Promise<void> {
    const result = await this.bus.execute(
      new OpenCaseCommand(
        {
          resident: { givenName: r.givenName, familyName: r.familyName, dateOfBirth: r.dateOfBirth, nhsNumber: demoNhsNumber(i) },
          localityId: r.localityId,
          source: r.source,
          reason: r.reason,
          whatMatters: r.whatMatters,
          complexity: i % 4 === 3 ? 'complex' : 'standard',
        },
        this.meta(this.staff(1)),
      ),
    );
    this.caseId = result.caseId;
  }

  allocate(n = 1): Promise<CommandResult> {
    const id = this.staff(n);
    const p = principalOf(id);
    return this.bus.execute(new RunCaseCommand(this.caseId, { type: 'AllocateCoordinator', data: { practitionerId: id, practitionerName: p.name, teamId: `cls-${this.localityId}` } }, this.meta(id)));
  }

  async agreedPlan(): Promise<void> {
    await this.run({
      type: 'DraftCarePlan',
      data: {
        whatMatters: 'What matters, in the resident’s words',
        goals: [{ id: 'goal-1', description: 'Stay safely at home', targetDate: '2027-06-30' }],
        actions: [{ id: 'action-1', description: 'Arrange a home safety visit', owner: { kind: 'team', id: `cls-${this.localityId}`, name: 'CLS team' }, goalId: 'goal-1', dueDate: '2027-02-28' }],
        informalSupport: ['Daughter visits twice a week'],
        risksAccepted: ['Chooses to use the stairs'],
      },
    });
    await this.run({ type: 'AgreeCarePlan', data: { agreedWithResident: true, note: 'Agreed at a home visit' } });
  }

  async requestInput(serviceId: string, urgency: 'crisis' | 'urgent' | 'routine'): Promise<string> {
    const r = await this.bus.execute(
      new RunCaseCommand(this.caseId, { type: 'RequestSpecialistInput', data: { serviceId, mode: 'brokered', urgency, request: 'Advice for the plan' } }, this.meta(this.staff(1))),
    );
    return (await this.produced(r, 'SpecialistInputRequested')).inputId;
  }
}

// What happens to each demo resident after opening (index-aligned with RESIDENTS).
const STORIES: Step[] = [
  async (c) => { await c.allocate(); await c.agreedPlan(); },
  async (c) => { await c.allocate(); await c.run({ type: 'ProposeHandover', data: { toPractitionerId: c.staff(2), toPractitionerName: principalOf(c.staff(2)).name, reason: 'Closer to his area' } }); },
  async (c) => {
    await c.allocate();
    await c.run({ type: 'RecordHospitalAdmission', data: { hospital: 'Basildon University Hospital', admittedAt: '2026-10-01T09:00:00.000Z' } });
    await c.run({ type: 'RecordDischarge', data: { dischargedAt: '2026-10-20T14:00:00.000Z', pathway: 1 } });
  },
  async (c) => { await c.allocate(); await c.requestInput('housing', 'urgent'); await c.requestInput('drug-alcohol', 'routine'); },
  async (c) => {
    await c.allocate();
    const inputId = await c.requestInput('dementia-crisis', 'crisis');
    await c.run({ type: 'AcceptSpecialistInput', data: { inputId, byName: 'Dementia crisis team' } });
  },
  async (c) => {
    await c.allocate();
    const r = await c.run({ type: 'RaiseSafeguardingConcern', data: { categories: ['neglect'], risk: 'high', summary: 'Found outside at night, poorly dressed' } });
    const { concernId } = await c.produced(r, 'SafeguardingConcernRaised');
    await c.run({ type: 'DecideSafeguardingConcern', data: { concernId, section42: true, rationale: 'Meets the section 42 criteria' } }, c.staff(4));
  },
  async (c) => {
    await c.allocate(2);
    await c.bus.execute(new RunCaseCommand(c.caseId, { type: 'SetHomeCare', data: { teamId: 'wellbeing-tilbury', hoursPerWeek: 14 } }, c.meta(c.staff(2))));
  },
  async (c) => {
    await c.allocate();
    await c.agreedPlan();
    const inputId = await c.requestInput('occupational-therapy', 'routine');
    await c.run({ type: 'AcceptSpecialistInput', data: { inputId } });
    await c.run({ type: 'DeliverSpecialistInput', data: { inputId, summary: 'Bath board and rails added to the plan' } });
  },
  async () => undefined, // unallocated: waiting for a coordinator
  async (c) => {
    await c.allocate();
    await c.run({ type: 'RaiseSafeguardingConcern', data: { categories: ['self-neglect'], risk: 'medium', summary: 'Home in poor condition' } });
    await c.run({ type: 'AddNote', data: { text: 'Visited with the neighbour present', restricted: false } });
  },
  async (c) => {
    await c.allocate();
    await c.run({ type: 'RecordConsent', data: { status: 'given', organisations: ['nelft'], note: 'Agreed to share with community nursing' } });
    await c.run({ type: 'CloseCase', data: { reason: 'Goals met', outcomeSummary: 'Shopping independently again' } });
  },
  async (c) => {
    await c.allocate();
    await c.run({ type: 'AddCareTeamMember', data: { memberId: 'nelft-nurse-1', name: 'Nell Nursington', organisation: 'NELFT', role: 'community nurse' } });
    await c.run({ type: 'TransferCase', data: { toLocalityId: 'grays', reason: 'Moved in with his son in Grays' } });
  },
];

/** Runs the demo stories; returns how many cases were created. */
export async function seedDemoCases(bus: CommandBus): Promise<number> {
  for (const [i, resident] of RESIDENTS.entries()) {
    const c = new SeedCase(bus, resident.localityId);
    await c.open(resident, i);
    await STORIES[i](c);
  }
  return RESIDENTS.length;
}
