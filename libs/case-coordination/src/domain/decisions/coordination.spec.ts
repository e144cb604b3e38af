import { allocate, history, iso, manager, NOW, openCase, practitioner, receiver, spec } from '../case-spec.fixtures';
import type { CaseCommand } from '../commands';
import {
  AlreadyCareTeamMember,
  CannotRemoveCoordinator,
  CoordinatorAlreadyAssigned,
  HandoverNotFound,
  HandoverPending,
  HandoverToCurrentCoordinator,
  NoCoordinator,
  NotCareTeamMember,
  NotCoordinator,
  NotHandoverParty,
  NotHandoverReceiver,
} from '../errors';

const propose: CaseCommand = {
  type: 'ProposeHandover',
  data: { toPractitionerId: receiver.id, toPractitionerName: receiver.name, reason: 'Nursing needs' },
};
// history(openCase, allocate, propose): h-1 allocation follow-up, h-2 hand-over, h-3 its follow-up
const proposed = history(openCase, allocate, propose);
const accept: CaseCommand = { type: 'AcceptHandover', data: { handoverId: 'h-2' } };
const decline: CaseCommand = { type: 'DeclineHandover', data: { handoverId: 'h-2', reason: 'Full caseload' } };

describe('allocating the coordinator', () => {
  it('assigns them and completes the allocation follow-up', () => {
    spec.given(history(openCase)).when(allocate).then([
      {
        type: 'CoordinatorAssigned',
        data: {
          practitionerId: practitioner.id,
          practitionerName: practitioner.name,
          teamId: null,
          previousPractitionerId: null,
          handoverId: null,
          localityId: 'grays',
          assignedAt: iso(NOW),
        },
      },
      { type: 'FollowUpCompleted', data: { followUpId: 'h-1', kind: 'allocate-coordinator', manual: false, note: null, completedAt: iso(NOW) } },
    ]);
  });

  it('refuses a second allocation: changes go through a hand-over', () => {
    spec.given(history(openCase, allocate)).when(allocate).thenThrows(CoordinatorAlreadyAssigned);
  });
});

describe('proposing a hand-over', () => {
  it('records it and gives the receiver 2 working days to answer', () => {
    spec.given(history(openCase, allocate)).when(propose).then([
      {
        type: 'HandoverProposed',
        data: {
          handoverId: 'id-1',
          fromPractitionerId: practitioner.id,
          toPractitionerId: receiver.id,
          toPractitionerName: receiver.name,
          toTeamId: null,
          reason: 'Nursing needs',
          proposedBy: { id: practitioner.id, name: practitioner.name },
          proposedAt: iso(NOW),
        },
      },
      {
        type: 'FollowUpScheduled',
        data: {
          followUpId: 'id-2',
          kind: 'accept-handover',
          dueAt: '2026-11-25T09:00:00.000Z',
          subject: { kind: 'handover', id: 'id-1' },
          ownerId: receiver.id,
          serviceId: null,
          localityId: 'grays',
          scheduledAt: iso(NOW),
        },
      },
    ]);
  });

  it('needs a coordinator to hand over from', () => {
    spec.given(history(openCase)).when(propose).thenThrows(NoCoordinator);
  });

  it('allows one pending hand-over at a time', () => {
    spec.given(proposed).when(propose).thenThrows(HandoverPending);
  });

  it('is proposed by the coordinator or a team manager, never by someone naming themself', () => {
    const toSelf: CaseCommand = { type: 'ProposeHandover', data: { toPractitionerId: receiver.id, toPractitionerName: receiver.name, reason: 'mine' } };
    spec.given(history(openCase, allocate)).when(toSelf, { actor: receiver }).thenThrows(NotCoordinator);
    expect(spec.given(history(openCase, allocate)).when(propose, { actor: manager }).thenEvents()[0]).toMatchObject({ type: 'HandoverProposed' });
  });

  it('refuses a hand-over to the current coordinator', () => {
    const toSelf: CaseCommand = { type: 'ProposeHandover', data: { toPractitionerId: practitioner.id, toPractitionerName: 'x', reason: 'r' } };
    spec.given(history(openCase, allocate)).when(toSelf).thenThrows(HandoverToCurrentCoordinator);
  });
});

describe('accepting a hand-over', () => {
  // Who accepted is the actor in the metadata, not in the data: the events are the same.
  const accepted = (_acceptedBy: typeof receiver) => [
    { type: 'HandoverAccepted', data: { handoverId: 'h-2', fromPractitionerId: practitioner.id, toPractitionerId: receiver.id, acceptedAt: iso(NOW) } },
    {
      type: 'CoordinatorAssigned',
      data: {
        practitionerId: receiver.id,
        practitionerName: receiver.name,
        teamId: null,
        previousPractitionerId: practitioner.id,
        handoverId: 'h-2',
        localityId: 'grays',
        assignedAt: iso(NOW),
      },
    },
    { type: 'FollowUpCompleted', data: { followUpId: 'h-3', kind: 'accept-handover', manual: false, note: null, completedAt: iso(NOW) } },
  ];

  it('by the receiver changes the coordinator', () => {
    spec.given(proposed).when(accept, { actor: receiver }).then(accepted(receiver) as never);
  });

  it('by a team manager changes the coordinator too', () => {
    spec.given(proposed).when(accept, { actor: manager }).then(accepted(manager) as never);
  });

  it('is refused to anyone else, including the proposer', () => {
    spec.given(proposed).when(accept, { actor: practitioner }).thenThrows(NotHandoverReceiver);
  });

  it('is refused for an unknown or already answered hand-over', () => {
    spec.given(proposed).when({ type: 'AcceptHandover', data: { handoverId: 'nope' } }, { actor: receiver }).thenThrows(HandoverNotFound);
    spec.given([...proposed, accepted(receiver)[0] as never]).when(accept, { actor: receiver }).thenThrows(HandoverNotFound);
  });
});

describe('declining a hand-over', () => {
  it('by the receiver keeps the coordinator and answers the follow-up', () => {
    spec.given(proposed).when(decline, { actor: receiver }).then([
      { type: 'HandoverDeclined', data: { handoverId: 'h-2', reason: 'Full caseload', withdrawn: false, declinedAt: iso(NOW) } },
      { type: 'FollowUpCompleted', data: { followUpId: 'h-3', kind: 'accept-handover', manual: false, note: null, completedAt: iso(NOW) } },
    ]);
  });

  it('by the proposer is recorded as withdrawn', () => {
    const [declined] = spec.given(proposed).when(decline, { actor: practitioner }).thenEvents();
    expect(declined).toMatchObject({ type: 'HandoverDeclined', data: { withdrawn: true } });
  });

  it('is refused to someone not party to it', () => {
    const stranger = { id: 'p-zz', name: 'Z', roles: ['practitioner'] };
    spec.given(proposed).when(decline, { actor: stranger }).thenThrows(NotHandoverParty);
  });

  it('frees the case for another proposal', () => {
    const declined = [...proposed, { type: 'HandoverDeclined', data: { handoverId: 'h-2', reason: 'r', withdrawn: false, declinedAt: iso(NOW) } } as const];
    expect(spec.given(declined).when(propose).thenEvents()[0].type).toBe('HandoverProposed');
  });
});

describe('the care team', () => {
  const add: CaseCommand = { type: 'AddCareTeamMember', data: { memberId: 'm-1', name: 'NELFT nurse', organisation: 'nelft', role: 'nurse' } };
  const addCoordinator: CaseCommand = { type: 'AddCareTeamMember', data: { memberId: practitioner.id, name: 'Ana', organisation: 'council', role: 'social worker' } };

  it('adds a member', () => {
    spec.given(history(openCase)).when(add).then([
      { type: 'CareTeamMemberAdded', data: { memberId: 'm-1', name: 'NELFT nurse', organisation: 'nelft', role: 'nurse', addedAt: iso(NOW) } },
    ]);
  });

  it('refuses a member twice', () => {
    spec.given(history(openCase, add)).when(add).thenThrows(AlreadyCareTeamMember);
  });

  it('removes a member', () => {
    spec.given(history(openCase, add)).when({ type: 'RemoveCareTeamMember', data: { memberId: 'm-1' } }).then([
      { type: 'CareTeamMemberRemoved', data: { memberId: 'm-1', removedAt: iso(NOW) } },
    ]);
  });

  it('refuses to remove a non-member', () => {
    spec.given(history(openCase)).when({ type: 'RemoveCareTeamMember', data: { memberId: 'm-1' } }).thenThrows(NotCareTeamMember);
  });

  it('refuses to remove the coordinator', () => {
    spec
      .given(history(openCase, allocate, addCoordinator))
      .when({ type: 'RemoveCareTeamMember', data: { memberId: practitioner.id } })
      .thenThrows(CannotRemoveCoordinator);
  });
});
