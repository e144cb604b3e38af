// Realistic case histories made by the case decider itself (so every event is one the
// service could have written): open, allocate, care team, consent, notes, plan drafted
// and agreed, specialist inputs requested/accepted/delivered, safeguarding concerns
// decided and concluded, hospital stays, reviews, hand-overs and closure. Time, ids and
// the actor are a fixed context per step, like the application layer passes them.
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@iln/event-store';
import {
  caseDecider,
  DEFAULT_FOLLOW_UP_POLICY,
  EnglandWorkingCalendar,
  type Actor,
  type CaseCommand,
  type CaseEvent,
  type CaseSource,
  type SafeguardingCategory,
  type WorkingCalendar,
} from '@iln/case-coordination';
import { noteText } from './payloads';

export const LOCALITIES = ['asop', 'grays', 'tilbury-chadwell', 'stanford-corringham'];
const SERVICES = ['mental-health', 'community-nursing', 'occupational-therapy', 'falls', 'housing', 'reablement'];
const SOURCES: CaseSource[] = ['thurrock-first', 'gp', 'hospital', 'family', 'self', 'community-hub'];
const CATEGORIES: SafeguardingCategory[] = ['neglect', 'self-neglect', 'financial', 'psychological', 'physical'];
const GIVEN = ['Joan', 'Peter', 'Mary', 'Arthur', 'Doreen', 'Kwame', 'Ayesha', 'Tomasz', 'Irene', 'Derek'];
const FAMILY = ['Smith', 'Okafor', 'Patel', 'Nowak', 'Jones', 'Brown', 'Ahmed', 'Taylor', 'Clarke', 'Evans'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Histories end before this instant, so nothing in them is dated in the future. */
const EPOCH_END = Date.parse('2026-10-01T09:00:00Z');

export const PRACTITIONERS: Actor[] = Array.from({ length: 40 }, (_, i) => ({
  id: `bench-p-${i}`,
  name: `Practitioner ${i}`,
  roles: ['practitioner', 'team-manager'],
}));
const LEAD: Actor = { id: 'bench-lead', name: 'Safeguarding Lead', roles: ['safeguarding-lead'] };
const FRONT_DOOR: Actor = { id: 'bench-front-door', name: 'Front Door', roles: ['front-door'] };

/** A small, fast, seedable generator so a run's data is reproducible. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
}

const england = new EnglandWorkingCalendar();
const workingDayCache = new Map<string, Date>();
const answers = new Map<string, number>();
const memo = (key: string, compute: () => number): number => {
  let v = answers.get(key);
  if (v === undefined) {
    v = compute();
    answers.set(key, v);
  }
  return v;
};
/**
 * The England calendar, remembered per (instant, n). Histories move in whole hours, so
 * the same instants recur and the time-zone arithmetic (most of the generation time
 * when uncached) is done once for each.
 */
const calendar: WorkingCalendar = {
  addWorkingDays(from, n) {
    const key = `${from.getTime()}|${n}`;
    let due = workingDayCache.get(key);
    if (!due) {
      due = england.addWorkingDays(from, n);
      workingDayCache.set(key, due);
    }
    return new Date(due.getTime());
  },
  isWorkingDay: (d) => memo(`w${d.getTime()}`, () => (england.isWorkingDay(d) ? 1 : 0)) === 1,
  endOfDay: (date) => new Date(memo(`e${date}`, () => england.endOfDay(date).getTime())),
};
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

export interface CaseHistory {
  caseId: string;
  localityId: string;
  coordinatorId: string;
  events: NewEvent[];
}

/** A case just opened and allocated (its first events), for measures that act on open cases. */
export function generateOpenCase(index: number): CaseHistory {
  return generateCase(index, { justOpened: true });
}

/** One case's whole history; `index` picks the seed, the reference and the start date. */
export function generateCase(index: number, options: { close?: boolean; justOpened?: boolean } = {}): CaseHistory {
  const random = rng(index * 2_654_435_761 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const caseId = randomUUID();
  const localityId = LOCALITIES[index % LOCALITIES.length];
  const coordinator = pick(PRACTITIONERS);
  let now = EPOCH_END - 60 * DAY - Math.floor(random() * 700 * 24) * HOUR;
  let state = caseDecider.initialState();
  const events: NewEvent[] = [];
  const correlationId = randomUUID();

  const run = (command: CaseCommand, actor: Actor = coordinator): CaseEvent[] => {
    now += (1 + Math.floor(random() * 47)) * HOUR;
    const produced = caseDecider.decide(command, state, {
      now: new Date(now),
      newId: randomUUID,
      policy: DEFAULT_FOLLOW_UP_POLICY,
      calendar,
      actor,
    });
    for (const e of produced) {
      state = caseDecider.evolve(state, e);
      events.push({
        eventId: randomUUID(),
        type: e.type,
        data: e.data,
        metadata: { correlationId, causationId: null, actor: { id: actor.id, name: actor.name }, schemaVersion: 1 },
      });
    }
    return produced;
  };
  const idOf = <K extends string>(produced: CaseEvent[], type: CaseEvent['type'], key: K): string => {
    const e = produced.find((x) => x.type === type);
    return (e?.data as unknown as Record<K, string>)[key];
  };
  const note = () => run({ type: 'AddNote', data: { text: noteText(200 + Math.floor(random() * 600), index) } });

  run(
    {
      type: 'OpenCase',
      data: {
        caseId,
        reference: `ILN-BEN-${String(index).padStart(7, '0')}`,
        resident: {
          givenName: pick(GIVEN),
          familyName: pick(FAMILY),
          dateOfBirth: `19${30 + Math.floor(random() * 40)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
          postcode: 'RM17 6SL',
        },
        localityId,
        source: pick(SOURCES),
        reason: 'Falls at home and struggling with personal care since a hospital stay',
        needs: ['mobility', 'personal-care'],
        whatMatters: 'Staying at home with her cat and seeing her grandchildren',
        complexity: random() < 0.2 ? 'complex' : 'standard',
      },
    },
    FRONT_DOOR,
  );
  run({ type: 'AllocateCoordinator', data: { practitionerId: coordinator.id, practitionerName: coordinator.name } });
  if (options.justOpened) return { caseId, localityId, coordinatorId: coordinator.id, events };
  for (let i = 0; i < 1 + Math.floor(random() * 2); i++) {
    run({ type: 'AddCareTeamMember', data: { memberId: `bench-m-${i}`, name: `Member ${i}`, organisation: 'NHS', role: 'nurse' } });
  }
  run({ type: 'RecordConsent', data: { status: 'given', organisations: ['nhs', 'council'] } });
  for (let i = 0; i < 1 + Math.floor(random() * 3); i++) note();
  const due = isoDate(now + 30 * DAY);
  const drafted = run({
    type: 'DraftCarePlan',
    data: {
      whatMatters: 'Staying safely at home',
      goals: [{ description: 'Move around the house safely', targetDate: due }, { description: 'Go to the lunch club weekly' }],
      actions: [
        { description: 'Fit grab rails', owner: { kind: 'team', id: 'occupational-therapy', name: 'OT' }, dueDate: due },
        { description: 'Daughter to shop on Saturdays', owner: { kind: 'informal', name: 'Daughter' } },
      ],
    },
  });
  const plan = drafted.find((e) => e.type === 'CarePlanDrafted')?.data as { goals: { id: string }[]; actions: { id: string }[] };
  run({ type: 'AgreeCarePlan', data: { agreedWithResident: true } });

  for (let i = 0; i < 1 + Math.floor(random() * 2); i++) {
    const requested = run({
      type: 'RequestSpecialistInput',
      data: { serviceId: pick(SERVICES), mode: 'brokered', urgency: random() < 0.2 ? 'urgent' : 'routine', request: 'Assessment please' },
    });
    const inputId = idOf(requested, 'SpecialistInputRequested', 'inputId');
    if (random() < 0.15) {
      run({ type: 'DeclineSpecialistInput', data: { inputId, reason: 'Not eligible' } });
      continue;
    }
    run({ type: 'AcceptSpecialistInput', data: { inputId, byName: 'Duty worker' } });
    run({ type: 'DeliverSpecialistInput', data: { inputId, summary: 'Assessed; equipment ordered' } });
  }
  if (random() < 0.25) {
    const raised = run({
      type: 'RaiseSafeguardingConcern',
      data: { categories: [pick(CATEGORIES)], risk: random() < 0.2 ? 'high' : 'medium', summary: 'Unexplained bruising noticed' },
    });
    const concernId = idOf(raised, 'SafeguardingConcernRaised', 'concernId');
    const s42 = random() < 0.5;
    run({ type: 'DecideSafeguardingConcern', data: { concernId, section42: s42, rationale: 'Care and support needs' } }, LEAD);
    if (s42) {
      run(
        { type: 'ConcludeSafeguardingEnquiry', data: { concernId, outcome: 'risk-reduced', desiredOutcomesAsked: true, outcomesMet: 'partially' } },
        LEAD,
      );
    }
    run({ type: 'LiftSafeguardingFlag', data: { reason: 'Risk managed' } });
  }
  if (random() < 0.2) {
    run({ type: 'RecordHospitalAdmission', data: { hospital: 'Basildon', admittedAt: new Date(now).toISOString() } });
    run({ type: 'RecordDischarge', data: { dischargedAt: new Date(now + 2 * DAY).toISOString(), pathway: 1 } });
  }
  run({ type: 'CompleteCarePlanAction', data: { actionId: plan.actions[0].id } });
  run({ type: 'AchieveGoal', data: { goalId: plan.goals[0].id } });
  for (let i = 0; i < 1 + Math.floor(random() * 2); i++) run({ type: 'RecordCarePlanReview', data: { summary: 'Going well' } });
  let coordinatorId = coordinator.id;
  if (random() < 0.15) {
    const to = pick(PRACTITIONERS.filter((p) => p.id !== coordinator.id));
    const proposed = run({ type: 'ProposeHandover', data: { toPractitionerId: to.id, toPractitionerName: to.name, reason: 'Caseload' } });
    run({ type: 'AcceptHandover', data: { handoverId: idOf(proposed, 'HandoverProposed', 'handoverId') } }, to);
    coordinatorId = to.id;
  }
  for (let i = 0; i < 1 + Math.floor(random() * 3); i++) note();
  if (options.close ?? random() < 0.6) run({ type: 'CloseCase', data: { reason: 'Goals met', outcomeSummary: 'Living safely at home' } });
  return { caseId, localityId, coordinatorId, events };
}
