import { EnglandWorkingCalendar } from '../calendar/england-working-calendar';
import type { CaseEvent } from '../domain/events';
import { DEFAULT_FOLLOW_UP_POLICY, dueAt, parsePolicyOverrides, type FollowUpPolicy } from '../domain/policy';
import { followUpJobId, parseFollowUpJobId } from './follow-up-jobs';
import { escalationTime, evolveTimer, wantedJob, type FollowUpTimer, type TimerEventContext } from './follow-up-timer';

const calendar = new EnglandWorkingCalendar();
const seconds = parsePolicyOverrides({ 'allocate-coordinator': 'PT2S', 'escalation-grace': 'PT3S' });
const fastPolicy = (seconds.ok ? seconds.policy : DEFAULT_FOLLOW_UP_POLICY) as FollowUpPolicy;
const ctx = (eventId: string, policy: FollowUpPolicy = fastPolicy): TimerEventContext => ({
  caseId: 'case-1',
  eventId,
  correlationId: 'corr-1',
  policy,
  calendar,
});

const scheduled = (due: string, followUpId = 'f-1'): CaseEvent => ({
  type: 'FollowUpScheduled',
  data: {
    followUpId,
    kind: 'allocate-coordinator',
    dueAt: due,
    subject: { kind: 'case', id: 'case-1' },
    ownerId: null,
    serviceId: null,
    localityId: 'grays',
    scheduledAt: '2025-03-03T09:00:00.000Z',
  },
});
const overdue: CaseEvent = {
  type: 'FollowUpBecameOverdue',
  data: { followUpId: 'f-1', kind: 'allocate-coordinator', dueAt: '2025-03-05T09:00:00.000Z', ownerId: null, becameOverdueAt: '2025-03-05T09:00:01.000Z' },
};

function fold(events: CaseEvent[], policy?: FollowUpPolicy): FollowUpTimer | undefined {
  return events.reduce<FollowUpTimer | undefined>((t, e, i) => evolveTimer(t, e, ctx(`e-${i + 1}`, policy)), undefined);
}

describe('follow-up timers', () => {
  it('a scheduled follow-up waits for its due time, and knows when it will be escalated', () => {
    const timer = fold([scheduled('2025-03-05T09:00:00.000Z')])!;
    expect(timer).toEqual({
      followUpId: 'f-1',
      caseId: 'case-1',
      kind: 'allocate-coordinator',
      status: 'open',
      dueAt: new Date('2025-03-05T09:00:00.000Z'),
      escalateAt: new Date('2025-03-05T09:00:03.000Z'),
      correlationId: 'corr-1',
      causedBy: 'e-1',
    });
    expect(wantedJob(timer)).toEqual({ name: 'overdue', at: new Date('2025-03-05T09:00:00.000Z') });
  });

  it('once overdue it waits for the escalation time the overdue event recorded, whatever the grace now', () => {
    const recorded: CaseEvent = { ...overdue, data: { ...overdue.data, escalateAt: '2025-03-05T09:00:07.000Z' } } as CaseEvent;
    for (const policy of [fastPolicy, DEFAULT_FOLLOW_UP_POLICY]) {
      const timer = fold([scheduled('2025-03-05T09:00:00.000Z'), recorded], policy)!;
      expect(wantedJob(timer)).toEqual({ name: 'escalate', at: new Date('2025-03-05T09:00:07.000Z') });
    }
  });

  it('an overdue event without a recorded time is escalated at due + the grace in force, as the decider does', () => {
    const scheduledUnderOldGrace = fold([scheduled('2025-03-05T09:00:00.000Z')])!;
    const raised = { ...fastPolicy, 'escalation-grace': { iso: 'PT9S' } };
    const timer = evolveTimer(scheduledUnderOldGrace, overdue, ctx('e-2', raised))!;
    expect(wantedJob(timer)).toEqual({ name: 'escalate', at: new Date('2025-03-05T09:00:09.000Z') });
  });

  it('once overdue it waits for the escalation at due + grace, caused by the overdue event', () => {
    const timer = fold([scheduled('2025-03-05T09:00:00.000Z'), overdue])!;
    expect(timer.status).toBe('overdue');
    expect(timer.causedBy).toBe('e-2');
    expect(wantedJob(timer)).toEqual({ name: 'escalate', at: new Date('2025-03-05T09:00:03.000Z') });
  });

  it.each([
    ['completed', { type: 'FollowUpCompleted', data: { followUpId: 'f-1', kind: 'allocate-coordinator', manual: false, note: null, completedAt: 'x' } }],
    ['cancelled', { type: 'FollowUpCancelled', data: { followUpId: 'f-1', kind: 'allocate-coordinator', reason: 'case-closed', cancelledAt: 'x' } }],
  ] as Array<[string, CaseEvent]>)('a %s follow-up needs no job', (status, event) => {
    const timer = fold([scheduled('2025-03-05T09:00:00.000Z'), event])!;
    expect(timer.status).toBe(status);
    expect(wantedJob(timer)).toBeNull();
  });

  it('an escalated follow-up needs no more jobs', () => {
    const escalated: CaseEvent = {
      type: 'FollowUpEscalated',
      data: { followUpId: 'f-1', kind: 'allocate-coordinator', dueAt: 'x', ownerId: null, localityId: 'grays', escalatedAt: 'x' },
    };
    expect(wantedJob(fold([scheduled('2025-03-05T09:00:00.000Z'), overdue, escalated])!)).toBeNull();
  });

  it('a lifecycle event for a follow-up never seen scheduled invents no timer', () => {
    expect(fold([overdue])).toBeUndefined();
  });

  it('events that are not about follow-ups leave the timer as it was', () => {
    const before = fold([scheduled('2025-03-05T09:00:00.000Z')]);
    const note = { type: 'CaseReopened', data: { reason: 'x', reopenedAt: 'x' } } as unknown as CaseEvent;
    expect(evolveTimer(before, note, ctx('e-9'))).toBe(before);
  });

  it('job ids are derived from the follow-up id, one per job kind, and never contain ":"', () => {
    expect(followUpJobId('overdue', 'f-1')).toBe('overdue-f-1');
    expect(followUpJobId('escalate', 'f-1')).toBe('escalate-f-1');
    expect(followUpJobId('overdue', 'a:b')).not.toContain(':');
    expect(parseFollowUpJobId('escalate-0b6c')).toEqual({ name: 'escalate', followUpKey: '0b6c' });
    expect(parseFollowUpJobId('something-else')).toBeNull();
  });
});

describe('due times around bank holidays (default policy, England)', () => {
  // 10:00 London on Thursday 17 April 2025 (BST): Good Friday and Easter Monday follow.
  const thursdayBeforeEaster = new Date('2025-04-17T09:00:00.000Z');

  it('a one-working-day follow-up set before Easter lands on the Tuesday after, same local time', () => {
    expect(dueAt(thursdayBeforeEaster, DEFAULT_FOLLOW_UP_POLICY['safeguarding-decision-high'], calendar)).toEqual(
      new Date('2025-04-22T09:00:00.000Z'),
    );
  });

  it('allocating a coordinator (2 working days) from the Friday before the August bank holiday is due on Wednesday', () => {
    const friday = new Date('2025-08-22T14:30:00.000Z');
    expect(dueAt(friday, DEFAULT_FOLLOW_UP_POLICY['allocate-coordinator'], calendar)).toEqual(
      new Date('2025-08-27T14:30:00.000Z'),
    );
  });

  it('a follow-up due on the Friday before a bank holiday Monday is escalated on the Tuesday', () => {
    const dueFriday = new Date('2025-08-22T14:30:00.000Z');
    expect(escalationTime(dueFriday, DEFAULT_FOLLOW_UP_POLICY, calendar)).toEqual(new Date('2025-08-26T14:30:00.000Z'));
    const timer = fold([scheduled(dueFriday.toISOString())], DEFAULT_FOLLOW_UP_POLICY)!;
    expect(timer.escalateAt).toEqual(new Date('2025-08-26T14:30:00.000Z'));
  });

  it('over Christmas and its substitute days the next working day is after Boxing Day', () => {
    // Wednesday 24 December 2025, 16:00 GMT: 25th and 26th are bank holidays, then the weekend.
    expect(dueAt(new Date('2025-12-24T16:00:00.000Z'), DEFAULT_FOLLOW_UP_POLICY['safeguarding-decision-high'], calendar)).toEqual(
      new Date('2025-12-29T16:00:00.000Z'),
    );
  });
});
