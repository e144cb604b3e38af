// issue 13, part B: consent per organisation and its safeguarding override; a transfer
// that keeps the coordinator until the receiving locality allocates; the hand-over's
// team; Wellbeing Team capacity.
import { allocate, history, iso, lead, manager, NOW, ofType, openCase, practitioner, receiver, spec } from '../case-spec.fixtures';
import type { CaseCommand } from '../commands';
import { caseDecider } from '../decider';
import { CoordinatorAlreadyAssigned, ConsentOverrideExists, NoConsentOverride, NoSafeguardingFlag, TeamOverCapacity } from '../errors';
import type { CaseEvent } from '../events';

const consent = (status: 'given' | 'refused' | 'best-interests', ...organisations: string[]): CaseCommand => ({ type: 'RecordConsent', data: { status, organisations } });
const raise: CaseCommand = { type: 'RaiseSafeguardingConcern', data: { categories: ['neglect'], risk: 'medium', summary: 's' } };
// history(openCase, raise): h-1 allocation follow-up, h-2 the concern
const noEnquiry: [CaseCommand, { actor: typeof lead }] = [{ type: 'DecideSafeguardingConcern', data: { concernId: 'h-2', section42: false, rationale: 'r' } }, { actor: lead }];
const override = (organisation = 'nelft'): CaseCommand => ({ type: 'GrantConsentOverride', data: { organisation, reason: 'Risk to life' } });
const liftOverride = (organisation = 'nelft'): CaseCommand => ({ type: 'LiftConsentOverride', data: { organisation, reason: 'Risk managed' } });
const fold = (events: CaseEvent[]) => events.reduce(caseDecider.evolve, caseDecider.initialState());

describe('consent per organisation', () => {
  it('records the decision for each organisation listed, once each', () => {
    spec.given(history(openCase)).when({ type: 'RecordConsent', data: { status: 'refused', organisations: ['charity', 'charity'], note: 'Said no' } }).then([
      { type: 'ConsentRecorded', data: { status: 'refused', organisations: ['charity'], note: 'Said no', recordedAt: iso(NOW), perOrganisation: true } },
    ]);
  });
});

describe('overriding a consent refusal for safeguarding', () => {
  it('records who overrode it, for which organisation and why, while the flag is raised', () => {
    spec.given(history(openCase, consent('refused', 'nelft'), raise)).when(override(), { actor: lead }).then([
      { type: 'ConsentOverrideGranted', data: { organisation: 'nelft', reason: 'Risk to life', by: { id: lead.id, name: lead.name }, at: iso(NOW) } },
    ]);
  });

  it('is refused without a safeguarding flag', () => {
    spec.given(history(openCase, consent('refused', 'nelft'))).when(override(), { actor: manager }).thenThrows(NoSafeguardingFlag);
  });

  it('is refused once the flag is lifted, and lifting the flag ended the override', () => {
    const lifted = history(openCase, raise, noEnquiry, [override(), { actor: lead }], { type: 'LiftSafeguardingFlag', data: { reason: 'Resolved' } });
    expect(fold(lifted).consentOverrides).toEqual([]);
    spec.given(lifted).when(override(), { actor: lead }).thenThrows(NoSafeguardingFlag);
    spec.given(lifted).when(liftOverride(), { actor: lead }).thenThrows(NoConsentOverride);
  });

  it('holds one override per organisation', () => {
    const overridden = history(openCase, raise, [override(), { actor: lead }]);
    spec.given(overridden).when(override(), { actor: manager }).thenThrows(ConsentOverrideExists);
    expect(spec.given(overridden).when(override('charity'), { actor: manager }).thenEvents()).toHaveLength(1);
  });

  it('lifts one organisation’s override with a reason, leaving the others', () => {
    const overridden = history(openCase, raise, [override(), { actor: lead }], [override('charity'), { actor: lead }]);
    const events = spec.given(overridden).when(liftOverride(), { actor: manager }).thenEvents();
    expect(events).toEqual([{ type: 'ConsentOverrideLifted', data: { organisation: 'nelft', reason: 'Risk managed', by: { id: manager.id, name: manager.name }, at: iso(NOW) } }]);
    expect(fold([...overridden, ...events]).consentOverrides).toEqual(['charity']);
    spec.given(overridden).when(liftOverride('eput'), { actor: manager }).thenThrows(NoConsentOverride);
  });
});

describe('a transfer keeps the coordinator until the receiving locality allocates', () => {
  const transfer: CaseCommand = { type: 'TransferCase', data: { toLocalityId: 'asop', reason: 'Moved house' } };
  const replace: CaseCommand = { type: 'AllocateCoordinator', data: { practitionerId: receiver.id, practitionerName: receiver.name, teamId: 'cls-asop' } };

  it('marks the case pending allocation and asks the receiving locality to allocate', () => {
    const events = spec.given(history(openCase, allocate)).when(transfer).thenEvents();
    expect(events[0]).toEqual({
      type: 'CaseTransferred',
      data: { fromLocalityId: 'grays', toLocalityId: 'asop', reason: 'Moved house', transferredAt: iso(NOW), pendingAllocation: true },
    });
    expect(ofType(events, 'FollowUpScheduled').map((e) => [e.data.kind, e.data.ownerId, e.data.localityId])).toEqual([['allocate-coordinator', null, 'asop']]);
    const state = fold([...history(openCase, allocate), ...events]);
    expect(state.coordinator?.id).toBe(practitioner.id);
    expect(state.pendingAllocation).toBe(true);
  });

  it('asks nobody twice: an unallocated case keeps its allocation follow-up, nothing pending', () => {
    const events = spec.given(history(openCase)).when(transfer).thenEvents();
    expect(events.map((e) => e.type)).toEqual(['CaseTransferred']);
    expect(events[0].data).not.toHaveProperty('pendingAllocation');
  });

  it('lets a team manager of the receiving locality replace the coordinator, once, as a hand-off', () => {
    const transferred = history(openCase, allocate, transfer);
    const events = spec.given(transferred).when(replace, { actor: manager }).thenEvents();
    expect(events[0]).toEqual({
      type: 'CoordinatorAssigned',
      data: {
        practitionerId: receiver.id,
        practitionerName: receiver.name,
        teamId: 'cls-asop',
        previousPractitionerId: practitioner.id,
        handoverId: null,
        localityId: 'asop',
        assignedAt: iso(NOW),
      },
    });
    expect(ofType(events, 'FollowUpCompleted').map((e) => e.data.kind)).toEqual(['allocate-coordinator']);
    const after = [...transferred, ...events];
    expect(fold(after).pendingAllocation).toBe(false);
    spec.given(after).when(replace, { actor: manager }).thenThrows(CoordinatorAlreadyAssigned);
  });

  it('refuses anyone but a team manager to replace the coordinator', () => {
    const transferred = history(openCase, allocate, transfer);
    spec.given(transferred).when(replace, { actor: receiver }).thenThrows(CoordinatorAlreadyAssigned);
    spec.given(transferred).when(replace, { actor: lead }).thenThrows(CoordinatorAlreadyAssigned);
  });

  it('stays pending through a hand-over accepted meanwhile: only the receiving locality allocates', () => {
    const propose: CaseCommand = { type: 'ProposeHandover', data: { toPractitionerId: 'p-other', toPractitionerName: 'Other', reason: 'r' } };
    const handedOver = history(openCase, allocate, transfer, propose, [{ type: 'AcceptHandover', data: { handoverId: 'h-3' } }, { actor: manager }]);
    expect(fold(handedOver)).toMatchObject({ coordinator: { id: 'p-other' }, pendingAllocation: true });
    expect(spec.given(handedOver).when(replace, { actor: manager }).thenEvents()[0]).toMatchObject({ type: 'CoordinatorAssigned', data: { previousPractitionerId: 'p-other' } });
  });

  it('asks the receiving locality again when the case is reopened still pending allocation', () => {
    const closed = history(openCase, allocate, transfer, { type: 'CloseCase', data: { reason: 'r', outcomeSummary: 'o' } });
    const events = spec.given(closed).when({ type: 'ReopenCase', data: { reason: 'Back' } }).thenEvents();
    expect(ofType(events, 'FollowUpScheduled').map((e) => [e.data.kind, e.data.ownerId, e.data.localityId])).toEqual([['allocate-coordinator', null, 'asop']]);
    expect(fold([...closed, ...events])).toMatchObject({ pendingAllocation: true, coordinator: { id: practitioner.id } });
  });

  it('withdraws a hand-over proposed meanwhile', () => {
    const propose: CaseCommand = { type: 'ProposeHandover', data: { toPractitionerId: 'p-other', toPractitionerName: 'Other', reason: 'r' } };
    const pending = history(openCase, allocate, transfer, propose);
    const events = spec.given(pending).when(replace, { actor: manager }).thenEvents();
    expect(events.map((e) => e.type)).toEqual(['HandoverDeclined', 'FollowUpCompleted', 'CoordinatorAssigned', 'FollowUpCompleted']);
    expect(fold([...pending, ...events]).pendingHandover).toBeNull();
  });
});

describe("a hand-over's team", () => {
  const propose = (toTeamId?: string): CaseCommand => ({
    type: 'ProposeHandover',
    data: { toPractitionerId: receiver.id, toPractitionerName: receiver.name, reason: 'r', ...(toTeamId ? { toTeamId } : {}) },
  });

  it("becomes the coordinator's team on accept", () => {
    const events = spec.given(history(openCase, allocate, propose('wellbeing-tilbury'))).when({ type: 'AcceptHandover', data: { handoverId: 'h-2' } }, { actor: receiver }).thenEvents();
    expect(ofType(events, 'CoordinatorAssigned')[0].data.teamId).toBe('wellbeing-tilbury');
  });

  it('is none when the proposal named none', () => {
    const events = spec.given(history(openCase, allocate, propose())).when({ type: 'AcceptHandover', data: { handoverId: 'h-2' } }, { actor: receiver }).thenEvents();
    expect(ofType(events, 'CoordinatorAssigned')[0].data.teamId).toBeNull();
  });
});

describe('Wellbeing Team capacity', () => {
  const hours = (hoursPerWeek: number, hoursAllocated: number, overCapacityReason?: string): CaseCommand => ({
    type: 'SetHomeCare',
    data: { teamId: 'wb-1', hoursPerWeek, team: { hoursCapacity: 200, hoursAllocated }, ...(overCapacityReason ? { overCapacityReason } : {}) },
  });

  it('allocates up to the capacity exactly', () => {
    expect(spec.given(history(openCase)).when(hours(10, 190)).thenEvents()[0].data).not.toHaveProperty('overCapacityReason');
  });

  it('refuses hours that take the team past its capacity without a reason', () => {
    spec.given(history(openCase)).when(hours(10.5, 190)).thenThrows(TeamOverCapacity);
  });

  it('records the reason when hours go past capacity with one', () => {
    spec.given(history(openCase)).when(hours(12, 190, 'End of life care')).then([
      {
        type: 'HomeCareSet',
        data: { teamId: 'wb-1', hoursPerWeek: 12, previousTeamId: null, previousHoursPerWeek: 0, setAt: iso(NOW), overCapacityReason: 'End of life care' },
      },
    ]);
  });

  it("replaces the resident's own hours in that team: 10 raised to 15 in a team at 196 (with them) passes 200, at 195 reaches it", () => {
    const given = history(openCase, hours(10, 0));
    spec.given(given).when(hours(15, 196)).thenThrows(TeamOverCapacity);
    expect(spec.given(given).when(hours(15, 195)).thenEvents()).toHaveLength(1);
  });

  it("counts hours moved from another team in full", () => {
    const given = history(openCase, hours(10, 0));
    spec.given(given).when({ type: 'SetHomeCare', data: { teamId: 'wb-2', hoursPerWeek: 10, team: { hoursCapacity: 200, hoursAllocated: 195 } } }).thenThrows(TeamOverCapacity);
  });

  it('never needs a reason to lower hours, even on a team already over', () => {
    expect(spec.given(history(openCase, hours(10, 0))).when(hours(5, 230)).thenEvents()).toHaveLength(1);
  });
});
