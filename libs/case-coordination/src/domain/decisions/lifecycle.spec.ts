import { allocate, CASE_ID, history, iso, lead, manager, NOW, openCase, practitioner, receiver, spec } from '../case-spec.fixtures';
import type { CaseCommand } from '../commands';
import type { CaseEvent } from '../events';
import {
  CaseAlreadyExists,
  CaseClosed,
  CaseNotClosed,
  CaseNotFound,
  HandoverPending,
  InputsOutstanding,
  SafeguardingOpen,
  SameLocality,
} from '../errors';

const close: CaseCommand = { type: 'CloseCase', data: { reason: 'Goals met', outcomeSummary: 'Living well at home' } };
const reopen: CaseCommand = { type: 'ReopenCase', data: { reason: 'New falls' } };

describe('opening a case', () => {
  it('opens it with defaults and schedules coordinator allocation in 2 working days', () => {
    spec.given([]).when(openCase).then([
      {
        type: 'CaseOpened',
        data: {
          ...openCase.data,
          needs: [],
          whatMatters: null,
          complexity: 'standard',
          openedAt: iso(NOW),
        },
      },
      {
        type: 'FollowUpScheduled',
        data: {
          followUpId: 'id-1',
          kind: 'allocate-coordinator',
          dueAt: '2026-11-25T09:00:00.000Z',
          subject: { kind: 'case', id: CASE_ID },
          ownerId: null,
          serviceId: null,
          localityId: 'grays',
          scheduledAt: iso(NOW),
        },
      },
    ]);
  });

  it('refuses to open the same case twice', () => {
    spec.given(history(openCase)).when(openCase).thenThrows(CaseAlreadyExists);
  });

  it('refuses any other command on a case that does not exist', () => {
    spec.given([]).when(allocate).thenThrows(CaseNotFound);
  });
});

describe('transferring a case', () => {
  it('moves it to another locality', () => {
    spec
      .given(history(openCase))
      .when({ type: 'TransferCase', data: { toLocalityId: 'asop', reason: 'Moved house' } })
      .then([
        {
          type: 'CaseTransferred',
          data: { fromLocalityId: 'grays', toLocalityId: 'asop', reason: 'Moved house', transferredAt: iso(NOW) },
        },
      ]);
  });

  it('refuses a transfer to the locality it is already in', () => {
    spec
      .given(history(openCase))
      .when({ type: 'TransferCase', data: { toLocalityId: 'grays', reason: 'x' } })
      .thenThrows(SameLocality);
  });
});

describe('closing a case', () => {
  it('cancels every pending follow-up, then closes', () => {
    spec.given(history(openCase)).when(close).then([
      { type: 'FollowUpCancelled', data: { followUpId: 'h-1', kind: 'allocate-coordinator', reason: 'case-closed', cancelledAt: iso(NOW) } },
      { type: 'CaseClosed', data: { reason: 'Goals met', outcomeSummary: 'Living well at home', closedAt: iso(NOW) } },
    ]);
  });

  const raise: CaseCommand = { type: 'RaiseSafeguardingConcern', data: { categories: ['neglect'], risk: 'low', summary: 's' } };

  it('refuses while a safeguarding concern awaits its decision', () => {
    spec.given(history(openCase, raise)).when(close).thenThrows(SafeguardingOpen);
  });

  it('refuses while a section 42 enquiry is open', () => {
    const given = history(openCase, raise, [
      { type: 'DecideSafeguardingConcern', data: { concernId: 'h-2', section42: true, rationale: 'r' } },
      { actor: lead },
    ]);
    spec.given(given).when(close).thenThrows(SafeguardingOpen);
  });

  it('refuses while specialist input is requested', () => {
    const given = history(openCase, {
      type: 'RequestSpecialistInput',
      data: { serviceId: 'falls', mode: 'brokered', urgency: 'routine', request: 'r' },
    });
    spec.given(given).when(close).thenThrows(InputsOutstanding);
  });

  it('refuses while a hand-over awaits an answer', () => {
    const given = history(openCase, allocate, {
      type: 'ProposeHandover',
      data: { toPractitionerId: receiver.id, toPractitionerName: receiver.name, reason: 'r' },
    });
    spec.given(given).when(close).thenThrows(HandoverPending);
  });
});

describe('a closed case', () => {
  const closed = history(openCase, allocate, close);

  it.each<CaseCommand>([
    allocate,
    { type: 'TransferCase', data: { toLocalityId: 'asop', reason: 'r' } },
    { type: 'RecordConsent', data: { status: 'given', organisations: ['nelft'] } },
    close,
    { type: 'CompleteFollowUp', data: { followUpId: 'h-1' } },
  ])('refuses %p', (command) => {
    spec.given(closed).when(command, { actor: manager }).thenThrows(CaseClosed);
  });

  it('still takes notes', () => {
    const events = spec.given(closed).when({ type: 'AddNote', data: { text: 'Called back' } }).thenEvents();
    expect(events.map((e) => e.type)).toEqual(['NoteAdded']);
  });

  it('reopens, keeping the coordinator and scheduling nothing for allocation', () => {
    spec.given(closed).when(reopen).then([{ type: 'CaseReopened', data: { reason: 'New falls', reopenedAt: iso(NOW) } }]);
  });

  it('reopens without a coordinator by scheduling allocation again', () => {
    const events = spec.given(history(openCase, close)).when(reopen).thenEvents();
    expect(events.map((e) => e.type)).toEqual(['CaseReopened', 'FollowUpScheduled']);
    expect(events[1]).toMatchObject({ data: { kind: 'allocate-coordinator', subject: { kind: 'case', id: CASE_ID } } });
  });
});

describe('reopening takes up again what closing cancelled and still applies', () => {
  const owner = { kind: 'practitioner' as const, id: practitioner.id, name: practitioner.name };
  const planData = {
    whatMatters: 'Home',
    goals: [{ id: 'g-1', description: 'Walk to the shop' }],
    actions: [
      { id: 'a-1', description: 'Grab rail', owner, goalId: 'g-1', dueDate: '2027-01-15' },
      { id: 'a-2', description: 'Pendant alarm', owner, dueDate: '2026-12-01' },
    ],
  };
  const plan: CaseCommand = { type: 'DraftCarePlan', data: planData };
  const steps: CaseCommand[] = [
    openCase,
    allocate,
    plan,
    { type: 'AgreeCarePlan', data: { agreedWithResident: true } },
    { type: 'CompleteCarePlanAction', data: { actionId: 'a-2' } },
    { type: 'RecordHospitalAdmission', data: { hospital: 'Basildon', admittedAt: '2026-11-20T10:00:00.000Z' } },
    { type: 'RecordDischarge', data: { dischargedAt: '2026-11-22T10:00:00.000Z', pathway: 1 } },
    { type: 'RaiseSafeguardingConcern', data: { categories: ['neglect'], risk: 'low', summary: 's' } },
  ];
  // Ids are deterministic, so the concern raised by the steps above has the same id in a longer history.
  const concern = history(...steps).find((e) => e.type === 'SafeguardingConcernRaised');
  const concernId = concern?.type === 'SafeguardingConcernRaised' ? concern.data.concernId : '';
  const decideNoEnquiry: CaseCommand = { type: 'DecideSafeguardingConcern', data: { concernId, section42: false, rationale: 'r' } };
  const beforeClosing = history(...steps, [decideNoEnquiry, { actor: lead }]);
  const closed = history(...steps, [decideNoEnquiry, { actor: lead }], close);
  const pendingAtClosing = (events: CaseEvent[]) => {
    const ended = new Set(events.filter((e) => e.type !== 'FollowUpScheduled' && 'followUpId' in e.data).map((e) => (e.data as { followUpId: string }).followUpId));
    return events.flatMap((e) => (e.type === 'FollowUpScheduled' && !ended.has(e.data.followUpId) ? [e.data] : []));
  };
  const rescheduled = (events: CaseEvent[]) => events.flatMap((e) => (e.type === 'FollowUpScheduled' ? [e.data] : []));

  it('re-opens every follow-up the closing cancelled, with its own due time, subject and owner, under new ids', () => {
    const pending = pendingAtClosing(beforeClosing);
    expect(pending.map((f) => f.kind).sort()).toEqual([
      'care-plan-action',
      'care-plan-first-review',
      'post-discharge-welfare-check',
      'reablement-91-day-check',
      'safeguarding-flag-review',
    ]);
    const events = spec.given(closed).when(reopen).thenEvents();
    expect(events[0].type).toBe('CaseReopened');
    const resumed = rescheduled(events);
    expect(resumed.map(({ kind, dueAt, subject, ownerId, serviceId }) => ({ kind, dueAt, subject, ownerId, serviceId }))).toEqual(
      pending.map(({ kind, dueAt, subject, ownerId, serviceId }) => ({ kind, dueAt, subject, ownerId, serviceId })),
    );
    expect(resumed.every((f) => f.followUpId.startsWith('id-') && f.scheduledAt === iso(NOW))).toBe(true);
    // Nothing else: no allocation (the coordinator stays), no second flag review.
    expect(events.map((e) => e.type)).toEqual(['CaseReopened', ...pending.map(() => 'FollowUpScheduled')]);
  });

  it('does not bring back what was done, nor what closing cancelled before an earlier reopening', () => {
    const welfare = pendingAtClosing(beforeClosing).find((f) => f.kind === 'post-discharge-welfare-check')!;
    const doneFirst = history(...steps, [decideNoEnquiry, { actor: lead }], { type: 'CompleteFollowUp', data: { followUpId: welfare.followUpId, outcome: 'well' } }, close);
    const kinds = rescheduled(spec.given(doneFirst).when(reopen).thenEvents()).map((f) => f.kind);
    expect(kinds).not.toContain('post-discharge-welfare-check');
    expect(kinds).toHaveLength(4);

    const twice = history(...steps, [decideNoEnquiry, { actor: lead }], close, reopen, close);
    const again = rescheduled(spec.given(twice).when(reopen).thenEvents());
    expect(again.map((f) => f.kind).sort()).toEqual(pendingAtClosing(beforeClosing).map((f) => f.kind).sort());
  });

  it('leaves out a plan action no longer chased and a flag review once the flag is lifted', () => {
    const lifted = history(
      ...steps,
      [decideNoEnquiry, { actor: lead }],
      [{ type: 'LiftSafeguardingFlag', data: { reason: 'resolved' } }, { actor: lead }],
      close,
    );
    const kinds = rescheduled(spec.given(lifted).when(reopen).thenEvents()).map((f) => f.kind);
    expect(kinds).not.toContain('safeguarding-flag-review');
    expect(kinds.filter((k) => k === 'care-plan-action')).toHaveLength(1);
  });

  it('keeps the review cycle of an agreed plan whose revision was still a draft at closing', () => {
    const revised: CaseCommand = { type: 'DraftCarePlan', data: { ...planData, whatMatters: 'Home and garden' } };
    const draftAtClosing = history(...steps, [decideNoEnquiry, { actor: lead }], revised, close);
    const kinds = rescheduled(spec.given(draftAtClosing).when(reopen).thenEvents()).map((f) => f.kind);
    expect(kinds).toContain('care-plan-first-review');
  });

  it('falls overdue at once when its time passed while the case was closed', () => {
    const later = new Date('2027-06-01T09:00:00.000Z');
    const afterReopen = history(...steps, [decideNoEnquiry, { actor: lead }], close, [reopen, { now: later }]);
    const reopenedAt = afterReopen.findIndex((e) => e.type === 'CaseReopened');
    const action = rescheduled(afterReopen.slice(reopenedAt)).find((f) => f.kind === 'care-plan-action')!;
    expect(action.dueAt).toBe('2027-01-15T23:59:59.999Z');
    const overdue = spec.given(afterReopen).when({ type: 'MarkFollowUpOverdue', data: { followUpId: action.followUpId } }, { now: later }).thenEvents();
    expect(overdue).toMatchObject([{ type: 'FollowUpBecameOverdue', data: { kind: 'care-plan-action', dueAt: action.dueAt } }]);
  });
});

it('refuses to reopen a case that is open', () => {
  spec.given(history(openCase)).when(reopen).thenThrows(CaseNotClosed);
});
