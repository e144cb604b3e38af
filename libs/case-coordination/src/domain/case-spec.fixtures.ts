// Shared fixtures for the pure domain specs: a fixed clock, sequential ids and a
// weekend-only UTC calendar, so expected dates can be worked out by hand.
import { DeciderSpecification, sequentialIds } from '@iln/test-kit';
import type { CaseCommand, OpenCase } from './commands';
import type { Actor, DecisionContext, WorkingCalendar } from './context';
import { caseDecider } from './decider';
import type { CaseEvent, FollowUpScheduled } from './events';
import { DEFAULT_FOLLOW_UP_POLICY, type FollowUpKind } from './policy';

export const NOW = new Date('2026-11-23T09:00:00.000Z'); // a Monday
export const CASE_ID = 'case-1';
const DAY = 86_400_000;

export const weekendCalendar: WorkingCalendar = {
  isWorkingDay: (d) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6,
  addWorkingDays(from, n) {
    let t = from.getTime();
    for (let counted = 0; counted < n; ) {
      t += DAY;
      if (this.isWorkingDay(new Date(t))) counted++;
    }
    return new Date(t);
  },
  endOfDay: (date) => new Date(`${date}T23:59:59.999Z`),
};

export const practitioner: Actor = { id: 'p-ana', name: 'Ana Practitioner', roles: ['practitioner'] };
export const receiver: Actor = { id: 'p-bo', name: 'Bo Receiver', roles: ['practitioner'] };
export const manager: Actor = { id: 'm-cy', name: 'Cy Manager', roles: ['team-manager'] };
export const lead: Actor = { id: 's-di', name: 'Di Lead', roles: ['safeguarding-lead'] };

export function testContext(overrides: Partial<DecisionContext> = {}): DecisionContext {
  return {
    now: NOW,
    newId: sequentialIds(),
    policy: DEFAULT_FOLLOW_UP_POLICY,
    calendar: weekendCalendar,
    actor: practitioner,
    ...overrides,
  };
}

export const spec = DeciderSpecification.for(caseDecider, testContext);

export const openCase: OpenCase = {
  type: 'OpenCase',
  data: {
    caseId: CASE_ID,
    reference: 'ILN-GRA-000123',
    resident: { givenName: 'Test', familyName: 'Resident', dateOfBirth: '1940-01-01' },
    localityId: 'grays',
    source: 'gp',
    reason: 'Falls at home',
  },
};

export const allocate: CaseCommand = {
  type: 'AllocateCoordinator',
  data: { practitionerId: practitioner.id, practitionerName: practitioner.name },
};

type Step = CaseCommand | [CaseCommand, Partial<DecisionContext>];

/**
 * Events produced by running commands through the decider, ids `h-1`, `h-2`... so
 * they never collide with the ids of the command under test.
 */
export function history(...steps: Step[]): CaseEvent[] {
  const newId = sequentialIds('h');
  const events: CaseEvent[] = [];
  let state = caseDecider.initialState();
  for (const step of steps) {
    const [command, overrides] = Array.isArray(step) ? step : [step, {}];
    const produced = caseDecider.decide(command, state, testContext({ newId, ...overrides }));
    for (const e of produced) state = caseDecider.evolve(state, e);
    events.push(...produced);
  }
  return events;
}

export function scheduled(events: CaseEvent[], kind: FollowUpKind): FollowUpScheduled['data'] {
  const found = events.filter((e): e is FollowUpScheduled => e.type === 'FollowUpScheduled' && e.data.kind === kind);
  const last = found[found.length - 1];
  if (!last) throw new Error(`no ${kind} follow-up scheduled`);
  return last.data;
}

export function ofType<T extends CaseEvent['type']>(events: CaseEvent[], type: T): Extract<CaseEvent, { type: T }>[] {
  return events.filter((e): e is Extract<CaseEvent, { type: T }> => e.type === type);
}

export const iso = (d: Date | string) => new Date(d).toISOString();
