// The decider's state, the case view, the worklist projection and the follow-up timers
// fold the same transition; a history that takes follow-ups through every status must
// leave all four agreeing with it.
import { EnglandWorkingCalendar } from './calendar/england-working-calendar';
import { allocate, history, openCase } from './domain/case-spec.fixtures';
import type { CaseCommand } from './domain/commands';
import { caseDecider } from './domain/decider';
import { followUpTransition, type FollowUpStatus } from './domain/follow-up-status';
import { DEFAULT_FOLLOW_UP_POLICY } from './domain/policy';
import { evolveTimer, type FollowUpTimer } from './follow-ups/follow-up-timer';
import { foldRows } from './projections/row-projection';
import { caseView } from './read-models/case-detail/case-view';
import { CASE_ID, recorded } from './read-models/read-model.fixtures';
import { followUpsSpec } from './read-models/worklist/follow-ups.projection';

const afterDue = new Date('2026-11-25T09:00:00.000Z');
const afterGrace = new Date('2026-11-26T09:00:00.000Z');
const c = (type: CaseCommand['type'], data: unknown) => ({ type, data }) as CaseCommand;

describe('one follow-up status rule, four folds', () => {
  const events = history(
    openCase,
    [c('MarkFollowUpOverdue', { followUpId: 'h-1' }), { now: afterDue }],
    [c('EscalateFollowUp', { followUpId: 'h-1' }), { now: afterGrace }],
    [allocate, { now: afterGrace }],
    [c('RecordHospitalAdmission', { hospital: 'Basildon', admittedAt: '2026-11-20T10:00:00.000Z' }), { now: afterGrace }],
    [c('RecordDischarge', { dischargedAt: '2026-11-22T10:00:00.000Z', pathway: 1 }), { now: afterGrace }],
    [c('CloseCase', { reason: 'Goals met', outcomeSummary: 'Living well at home' }), { now: afterGrace }],
  );

  const expected = new Map<string, FollowUpStatus>();
  const seen = new Set<FollowUpStatus>();
  for (const e of events) {
    const t = followUpTransition(e);
    if (!t) continue;
    expected.set(t.followUpId, t.status);
    seen.add(t.status);
  }

  it('the history goes through every status', () => {
    expect([...seen].sort()).toEqual(['cancelled', 'completed', 'escalated', 'open', 'overdue']);
    expect(expected.size).toBeGreaterThan(1);
  });

  it('decider state, case view, worklist rows and timers agree with the transition', () => {
    const state = events.reduce(caseDecider.evolve, caseDecider.initialState());
    const view = caseView(recorded(events));
    const rows = foldRows(followUpsSpec, recorded(events));
    const timers = new Map<string, FollowUpTimer>();
    events.forEach((e, i) => {
      const id = followUpTransition(e)?.followUpId;
      if (!id) return;
      const next = evolveTimer(timers.get(id), e, {
        caseId: CASE_ID,
        eventId: `e-${i}`,
        correlationId: 'c',
        policy: DEFAULT_FOLLOW_UP_POLICY,
        calendar: new EnglandWorkingCalendar(),
      });
      if (next) timers.set(id, next);
    });
    for (const [id, status] of expected) {
      expect({ id, status: state.followUps[id]?.status }).toEqual({ id, status });
      expect({ id, status: view?.followUps.find((f) => f.followUpId === id)?.status }).toEqual({ id, status });
      expect({ id, status: rows.find((r) => r.followUpId === id)?.status }).toEqual({ id, status });
      expect({ id, status: timers.get(id)?.status }).toEqual({ id, status });
    }
  });
});
