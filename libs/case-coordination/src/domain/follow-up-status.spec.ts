import { history, iso, openCase } from './case-spec.fixtures';
import type { CaseCommand } from './commands';
import type { CaseEvent } from './events';
import { FOLLOW_UP_EVENT_TYPES, followUpTransition, isFollowUpEvent, isPendingStatus } from './follow-up-status';

const afterDue = new Date('2026-11-25T09:00:00.000Z');
const data = { followUpId: 'f-1', kind: 'allocate-coordinator', dueAt: iso(afterDue), ownerId: null } as const;

describe('follow-up status transition', () => {
  it.each<[CaseEvent, string]>([
    [{ type: 'FollowUpScheduled', data: { ...data, subject: { kind: 'case', id: 'c' }, serviceId: null, localityId: 'grays', scheduledAt: iso(afterDue) } } as CaseEvent, 'open'],
    [{ type: 'FollowUpBecameOverdue', data: { ...data, becameOverdueAt: iso(afterDue) } }, 'overdue'],
    [{ type: 'FollowUpEscalated', data: { ...data, localityId: 'grays', escalatedAt: iso(afterDue) } } as CaseEvent, 'escalated'],
    [{ type: 'FollowUpCompleted', data: { followUpId: 'f-1', kind: 'allocate-coordinator', manual: false, note: null, completedAt: iso(afterDue) } }, 'completed'],
    [{ type: 'FollowUpCancelled', data: { followUpId: 'f-1', kind: 'allocate-coordinator', reason: 'case-closed', cancelledAt: iso(afterDue) } }, 'cancelled'],
  ])('%j moves its follow-up to %s', (event, status) => {
    expect(isFollowUpEvent(event)).toBe(true);
    expect(followUpTransition(event)).toEqual({ followUpId: 'f-1', status });
  });

  it('moves no follow-up for any other event of a case', () => {
    const others = history(openCase).filter((e) => !(FOLLOW_UP_EVENT_TYPES as readonly string[]).includes(e.type));
    expect(others.length).toBeGreaterThan(0);
    for (const e of others) {
      expect(isFollowUpEvent(e)).toBe(false);
      expect(followUpTransition(e)).toBeNull();
    }
    // A type that only looks like a key of an object is not a follow-up event.
    expect(followUpTransition({ type: 'toString', data: {} } as unknown as CaseEvent)).toBeNull();
  });

  it('counts open, overdue and escalated as pending, completed and cancelled as ended', () => {
    expect(['open', 'overdue', 'escalated'].every((s) => isPendingStatus(s as never))).toBe(true);
    expect(['completed', 'cancelled'].some((s) => isPendingStatus(s as never))).toBe(false);
  });

  it('takes the status the decider recorded from a real history', () => {
    const overdue: CaseCommand = { type: 'MarkFollowUpOverdue', data: { followUpId: 'h-1' } };
    const events = history(openCase, [overdue, { now: afterDue }]);
    expect(events.map((e) => followUpTransition(e)).filter(Boolean)).toEqual([
      { followUpId: 'h-1', status: 'open' },
      { followUpId: 'h-1', status: 'overdue' },
    ]);
  });
});
