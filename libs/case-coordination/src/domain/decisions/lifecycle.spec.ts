import { allocate, CASE_ID, history, iso, lead, manager, NOW, openCase, receiver, spec } from '../case-spec.fixtures';
import type { CaseCommand } from '../commands';
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

it('refuses to reopen a case that is open', () => {
  spec.given(history(openCase)).when(reopen).thenThrows(CaseNotClosed);
});
