import { DEFAULT_FOLLOW_UP_POLICY } from '../policy';
import { allocate, history, iso, openCase, spec } from '../case-spec.fixtures';
import type { CaseCommand } from '../commands';
import { FollowUpNotFound, FollowUpNotManual, FollowUpNotOpen, FollowUpOutcomeInvalid, FollowUpOutcomeRequired } from '../errors';

// h-1 allocation follow-up, due Wednesday 2026-11-25T09:00Z; escalation a working day later
const opened = history(openCase);
const overdue: CaseCommand = { type: 'MarkFollowUpOverdue', data: { followUpId: 'h-1' } };
const escalate: CaseCommand = { type: 'EscalateFollowUp', data: { followUpId: 'h-1' } };
const afterDue = new Date('2026-11-25T09:00:00.000Z');
const afterGrace = new Date('2026-11-26T09:00:00.000Z');

describe('timer commands', () => {
  it('marks an open follow-up overdue once it is due', () => {
    spec.given(opened).when(overdue, { now: afterDue }).then([
      {
        type: 'FollowUpBecameOverdue',
        data: { followUpId: 'h-1', kind: 'allocate-coordinator', dueAt: iso(afterDue), ownerId: null, becameOverdueAt: iso(afterDue), escalateAt: iso(afterGrace) },
      },
    ]);
  });

  it('escalates an overdue follow-up after the grace, with the case locality', () => {
    const given = history(openCase, [overdue, { now: afterDue }]);
    spec.given(given).when(escalate, { now: afterGrace }).then([
      { type: 'FollowUpEscalated', data: { followUpId: 'h-1', kind: 'allocate-coordinator', dueAt: iso(afterDue), ownerId: null, localityId: 'grays', escalatedAt: iso(afterGrace) } },
    ]);
  });

  it.each<[string, CaseCommand[], CaseCommand, Date]>([
    ['overdue before it is due', [], overdue, new Date('2026-11-24T09:00:00.000Z')],
    ['overdue twice', [overdue], overdue, afterGrace],
    ['overdue once done', [allocate], overdue, afterGrace],
    ['overdue for an unknown follow-up', [], { type: 'MarkFollowUpOverdue', data: { followUpId: 'x' } }, afterGrace],
    ['escalation of an open one', [], escalate, afterGrace],
    ['escalation before the grace', [overdue], escalate, afterDue],
    ['escalation twice', [overdue, escalate], escalate, afterGrace],
    ['anything on a closed case', [{ type: 'CloseCase', data: { reason: 'r', outcomeSummary: 'o' } }], overdue, afterGrace],
  ])('%s is a quiet no-op', (_name, before, command, now) => {
    const given = history(openCase, ...before.map((c): [CaseCommand, { now: Date }] => [c, { now: afterGrace }]));
    spec.given(given).when(command, { now }).thenNothing();
  });

  it('does nothing for a case that does not exist', () => {
    spec.given([]).when(overdue, { now: afterGrace }).thenNothing();
  });

  it('fixes the escalation time under the grace in force when the follow-up becomes overdue', () => {
    const policy = { ...DEFAULT_FOLLOW_UP_POLICY, 'escalation-grace': { hours: 1 } };
    const [event] = spec.given(opened).when(overdue, { now: afterDue, policy }).thenEvents();
    expect(event).toMatchObject({ data: { escalateAt: '2026-11-25T10:00:00.000Z' } });
    const given = history(openCase, [overdue, { now: afterDue, policy }]);
    spec.given(given).when(escalate, { now: new Date('2026-11-25T09:59:59.999Z') }).thenNothing();
    expect(spec.given(given).when(escalate, { now: new Date('2026-11-25T10:00:00.000Z') }).thenEvents()).toHaveLength(1);
  });

  it('escalates at the recorded time after the grace is raised or lowered (a restart with another policy)', () => {
    const given = history(openCase, [overdue, { now: afterDue }]);
    const raised = { ...DEFAULT_FOLLOW_UP_POLICY, 'escalation-grace': { workingDays: 5 } };
    const lowered = { ...DEFAULT_FOLLOW_UP_POLICY, 'escalation-grace': { hours: 1 } };
    expect(spec.given(given).when(escalate, { now: afterGrace, policy: raised }).thenEvents()).toHaveLength(1);
    spec.given(given).when(escalate, { now: new Date('2026-11-25T10:00:00.000Z'), policy: lowered }).thenNothing();
  });

  it('uses the grace in force for a follow-up that became overdue before the time was recorded', () => {
    const policy = { ...DEFAULT_FOLLOW_UP_POLICY, 'escalation-grace': { hours: 1 } };
    const legacy = { type: 'FollowUpBecameOverdue', data: { followUpId: 'h-1', kind: 'allocate-coordinator', dueAt: iso(afterDue), ownerId: null, becameOverdueAt: iso(afterDue) } } as const;
    const given = [...opened, legacy];
    spec.given(given).when(escalate, { now: new Date('2026-11-25T10:00:00.000Z') }).thenNothing();
    expect(spec.given(given).when(escalate, { now: new Date('2026-11-25T10:00:00.000Z'), policy }).thenEvents()).toHaveLength(1);
  });
});

describe('completing a follow-up by hand', () => {
  const admitted = history(
    openCase,
    { type: 'RecordHospitalAdmission', data: { hospital: 'Basildon', admittedAt: '2026-11-20T10:00:00.000Z' } },
    { type: 'RecordDischarge', data: { dischargedAt: '2026-11-22T10:00:00.000Z', pathway: 1 } },
  );
  // h-2 discharge planning, h-3 discharge, h-4 welfare check, h-5 91-day check

  it('completes a welfare check with what the call found', () => {
    spec.given(admitted).when({ type: 'CompleteFollowUp', data: { followUpId: 'h-4', note: 'Doing well', outcome: 'well' } }).then([
      { type: 'FollowUpCompleted', data: { followUpId: 'h-4', kind: 'post-discharge-welfare-check', manual: true, note: 'Doing well', completedAt: iso(new Date('2026-11-23T09:00:00.000Z')), outcome: 'well' } },
    ]);
  });

  it('records whether the resident is still at home at 91 days', () => {
    spec.given(admitted).when({ type: 'CompleteFollowUp', data: { followUpId: 'h-5', outcome: 'not-at-home' } }).then([
      { type: 'FollowUpCompleted', data: { followUpId: 'h-5', kind: 'reablement-91-day-check', manual: true, note: null, completedAt: iso(new Date('2026-11-23T09:00:00.000Z')), outcome: 'not-at-home' } },
    ]);
  });

  it('refuses a check completed without its outcome, or with another check\'s', () => {
    spec.given(admitted).when({ type: 'CompleteFollowUp', data: { followUpId: 'h-5', note: 'seen' } }).thenThrows(FollowUpOutcomeRequired);
    spec.given(admitted).when({ type: 'CompleteFollowUp', data: { followUpId: 'h-4' } }).thenThrows(FollowUpOutcomeRequired);
    spec.given(admitted).when({ type: 'CompleteFollowUp', data: { followUpId: 'h-5', outcome: 'well' } }).thenThrows(FollowUpOutcomeInvalid);
    spec.given(admitted).when({ type: 'CompleteFollowUp', data: { followUpId: 'h-4', outcome: 'at-home' } }).thenThrows(FollowUpOutcomeInvalid);
  });

  it('completes an overdue 91-day check', () => {
    const check = admitted.find((e) => e.type === 'FollowUpScheduled' && e.data.kind === 'reablement-91-day-check');
    const given = [...admitted, { type: 'FollowUpBecameOverdue', data: { followUpId: 'h-5' } } as never];
    expect(check).toMatchObject({ data: { followUpId: 'h-5' } });
    const events = spec.given(given).when({ type: 'CompleteFollowUp', data: { followUpId: 'h-5', outcome: 'at-home' } }).thenEvents();
    expect(events[0]).toMatchObject({ data: { kind: 'reablement-91-day-check', manual: true, outcome: 'at-home' } });
  });

  it('refuses follow-ups that their own activity completes', () => {
    spec.given(admitted).when({ type: 'CompleteFollowUp', data: { followUpId: 'h-1' } }).thenThrows(FollowUpNotManual);
  });

  it('refuses unknown and already finished follow-ups', () => {
    spec.given(admitted).when({ type: 'CompleteFollowUp', data: { followUpId: 'x' } }).thenThrows(FollowUpNotFound);
    spec.given(history(openCase, allocate)).when({ type: 'CompleteFollowUp', data: { followUpId: 'h-1' } }).thenThrows(FollowUpNotOpen);
  });
});
