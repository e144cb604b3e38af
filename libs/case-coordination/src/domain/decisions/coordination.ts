import type {
  AcceptHandover,
  AddCareTeamMember,
  AllocateCoordinator,
  DeclineHandover,
  ProposeHandover,
  RemoveCareTeamMember,
} from '../commands';
import type { DecisionContext } from '../context';
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
import type { CaseEvent } from '../events';
import type { CaseState } from '../state';
import { Decision } from './decision';
import { completeFollowUps, dueFromPolicy, scheduleFollowUp } from './follow-up-helpers';

export const TEAM_MANAGER = 'team-manager';

/**
 * First allocation only: after that the coordinator changes only by an accepted hand-over,
 * except after a transfer, when a team manager of the receiving locality allocates in
 * place of the coordinator who kept the case meanwhile (a hand-off, counted as one).
 */
export function allocateCoordinator({ data }: AllocateCoordinator, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const replacing = state.pendingAllocation && state.coordinator !== null && ctx.actor.roles.includes(TEAM_MANAGER);
  if (state.coordinator && !replacing) throw new CoordinatorAlreadyAssigned();
  const d = new Decision(state, ctx);
  const pending = state.pendingHandover;
  if (replacing && pending) {
    // The receiving locality's choice supersedes a hand-over proposed meanwhile.
    d.emit({ type: 'HandoverDeclined', data: { handoverId: pending.handoverId, reason: 'Superseded by allocation in the receiving locality', withdrawn: true, declinedAt: d.now } });
    completeFollowUps(d, ['accept-handover'], { kind: 'handover', id: pending.handoverId });
  }
  d.emit({
    type: 'CoordinatorAssigned',
    data: {
      practitionerId: data.practitionerId,
      practitionerName: data.practitionerName,
      teamId: data.teamId ?? null,
      previousPractitionerId: replacing ? (state.coordinator?.id ?? null) : null,
      handoverId: null,
      localityId: d.localityId,
      assignedAt: d.now,
    },
  });
  completeFollowUps(d, ['allocate-coordinator'], { kind: 'case', id: state.caseId ?? '' });
  return d.events;
}

/**
 * The coordinator hands over, or a team manager on their behalf: otherwise anyone could
 * name themself and, once coordinator, read the safeguarding detail. `actor.roles` are
 * the roles the caller holds on this case (a manager of another locality is not one here).
 */
export function proposeHandover({ data }: ProposeHandover, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (!state.coordinator) throw new NoCoordinator();
  if (ctx.actor.id !== state.coordinator.id && !ctx.actor.roles.includes(TEAM_MANAGER)) throw new NotCoordinator();
  if (state.pendingHandover) throw new HandoverPending();
  if (data.toPractitionerId === state.coordinator.id) throw new HandoverToCurrentCoordinator();
  const d = new Decision(state, ctx);
  const handoverId = ctx.newId();
  d.emit({
    type: 'HandoverProposed',
    data: {
      handoverId,
      fromPractitionerId: state.coordinator.id,
      toPractitionerId: data.toPractitionerId,
      toPractitionerName: data.toPractitionerName,
      toTeamId: data.toTeamId ?? null,
      reason: data.reason,
      proposedBy: { id: ctx.actor.id, name: ctx.actor.name },
      proposedAt: d.now,
    },
  });
  scheduleFollowUp(d, {
    kind: 'accept-handover',
    subject: { kind: 'handover', id: handoverId },
    due: dueFromPolicy(ctx, 'accept-handover'),
    ownerId: data.toPractitionerId,
  });
  return d.events;
}

function pendingHandover(state: CaseState, handoverId: string) {
  const pending = state.pendingHandover;
  if (!pending || pending.handoverId !== handoverId) throw new HandoverNotFound();
  return pending;
}

export function acceptHandover({ data }: AcceptHandover, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const pending = pendingHandover(state, data.handoverId);
  const isReceiver = ctx.actor.id === pending.toPractitionerId;
  if (!isReceiver && !ctx.actor.roles.includes(TEAM_MANAGER)) throw new NotHandoverReceiver();
  const from = state.coordinator;
  const d = new Decision(state, ctx);
  d.emit({
    type: 'HandoverAccepted',
    data: {
      handoverId: data.handoverId,
      fromPractitionerId: from?.id ?? '',
      toPractitionerId: pending.toPractitionerId,
      acceptedAt: d.now,
    },
  });
  d.emit({
    type: 'CoordinatorAssigned',
    data: {
      practitionerId: pending.toPractitionerId,
      practitionerName: pending.toPractitionerName,
      teamId: pending.toTeamId,
      previousPractitionerId: from?.id ?? null,
      handoverId: data.handoverId,
      localityId: d.localityId,
      assignedAt: d.now,
    },
  });
  completeFollowUps(d, ['accept-handover'], { kind: 'handover', id: data.handoverId });
  return d.events;
}

/**
 * The receiver declines; the proposer may also call the hand-over off (recorded as
 * `withdrawn`), and a team manager may do either on their behalf.
 */
export function declineHandover({ data }: DeclineHandover, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const pending = pendingHandover(state, data.handoverId);
  const isReceiver = ctx.actor.id === pending.toPractitionerId;
  const isProposer = ctx.actor.id === pending.proposedById;
  if (!isReceiver && !isProposer && !ctx.actor.roles.includes(TEAM_MANAGER)) throw new NotHandoverParty();
  const d = new Decision(state, ctx);
  d.emit({
    type: 'HandoverDeclined',
    data: { handoverId: data.handoverId, reason: data.reason, withdrawn: isProposer && !isReceiver, declinedAt: d.now },
  });
  completeFollowUps(d, ['accept-handover'], { kind: 'handover', id: data.handoverId });
  return d.events;
}

export function addCareTeamMember({ data }: AddCareTeamMember, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (state.careTeam.includes(data.memberId)) throw new AlreadyCareTeamMember();
  return [{ type: 'CareTeamMemberAdded', data: { ...data, addedAt: ctx.now.toISOString() } }];
}

export function removeCareTeamMember({ data }: RemoveCareTeamMember, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (!state.careTeam.includes(data.memberId)) throw new NotCareTeamMember();
  if (state.coordinator?.id === data.memberId) throw new CannotRemoveCoordinator();
  return [{ type: 'CareTeamMemberRemoved', data: { memberId: data.memberId, removedAt: ctx.now.toISOString() } }];
}
