import { history, iso, NOW, ofType, openCase, scheduled, spec } from '../case-spec.fixtures';
import type { CaseCommand, Urgency } from '../commands';
import { InputNotFound, InvalidInputTransition } from '../errors';
import { DEFAULT_FOLLOW_UP_POLICY } from '../policy';

const request = (urgency: Urgency = 'urgent'): CaseCommand => ({
  type: 'RequestSpecialistInput',
  data: { serviceId: 'falls', mode: 'brokered', urgency, request: 'Falls review' },
});
// h-1 allocation, h-2 the input, h-3 its response follow-up
const requested = history(openCase, request());
const accept: CaseCommand = { type: 'AcceptSpecialistInput', data: { inputId: 'h-2', byName: 'Falls team' } };
const decline: CaseCommand = { type: 'DeclineSpecialistInput', data: { inputId: 'h-2', reason: 'Not eligible' } };
const deliver: CaseCommand = { type: 'DeliverSpecialistInput', data: { inputId: 'h-2', summary: 'Exercises added' } };
const withdraw: CaseCommand = { type: 'WithdrawSpecialistInput', data: { inputId: 'h-2', reason: 'No longer needed' } };
const accepted = history(openCase, request(), accept);

describe('requesting specialist input', () => {
  it.each<[Urgency, string]>([
    ['crisis', '2026-11-23T11:00:00.000Z'],
    ['urgent', '2026-11-25T09:00:00.000Z'],
    ['routine', '2026-12-07T09:00:00.000Z'],
  ])('%s input must be answered by %s, chased against the service', (urgency, respondBy) => {
    const events = spec.given(history(openCase)).when(request(urgency)).thenEvents();
    expect(events[0]).toEqual({
      type: 'SpecialistInputRequested',
      data: { inputId: 'id-1', serviceId: 'falls', mode: 'brokered', urgency, request: 'Falls review', localityId: 'grays', requestedAt: iso(NOW), respondBy },
    });
    expect(scheduled(events, `specialist-input-${urgency}`)).toMatchObject({ dueAt: respondBy, ownerId: null, serviceId: 'falls', subject: { kind: 'specialist-input', id: 'id-1' } });
  });

  const forService = (serviceId: string, urgency: Urgency): CaseCommand => ({ type: 'RequestSpecialistInput', data: { serviceId, mode: 'brokered', urgency, request: 'r' } });
  it.each<[string, Urgency, string]>([
    ['mental-health', 'crisis', '2026-11-24T09:00:00.000Z'], // first meeting within 24 hours
    ['reablement', 'routine', '2026-11-25T09:00:00.000Z'], // within 2 working days
    ['drug-alcohol', 'urgent', '2026-12-07T09:00:00.000Z'], // assessment within 10 working days
    ['dementia-crisis', 'crisis', '2026-11-23T11:00:00.000Z'], // crisis response within 2 hours
  ])("a %s %s request is due by the service's own target, %s", (serviceId, urgency, respondBy) => {
    const [requested, followUp] = spec.given(history(openCase)).when(forService(serviceId, urgency)).thenEvents();
    expect(requested).toMatchObject({ data: { serviceId, respondBy } });
    expect(followUp).toMatchObject({ type: 'FollowUpScheduled', data: { kind: `specialist-input-${urgency}`, dueAt: respondBy } });
  });

  it("uses a policy file's target for one service only", () => {
    const policy = { ...DEFAULT_FOLLOW_UP_POLICY, 'specialist-input-urgent:falls': { hours: 4 } };
    const [falls] = spec.given(history(openCase)).when(forService('falls', 'urgent'), { policy }).thenEvents();
    expect(falls).toMatchObject({ data: { respondBy: '2026-11-23T13:00:00.000Z' } });
    const [housing] = spec.given(history(openCase)).when(forService('housing', 'urgent'), { policy }).thenEvents();
    expect(housing).toMatchObject({ data: { respondBy: '2026-11-25T09:00:00.000Z' } });
  });
});

describe('answering specialist input', () => {
  it('accepting completes the response follow-up', () => {
    spec.given(requested).when(accept).then([
      { type: 'SpecialistInputAccepted', data: { inputId: 'h-2', serviceId: 'falls', byName: 'Falls team', acceptedAt: iso(NOW) } },
      { type: 'FollowUpCompleted', data: { followUpId: 'h-3', kind: 'specialist-input-urgent', manual: false, note: null, completedAt: iso(NOW) } },
    ]);
  });

  it('declining with a reason also answers it', () => {
    const events = spec.given(requested).when(decline).thenEvents();
    expect(events.map((e) => e.type)).toEqual(['SpecialistInputDeclined', 'FollowUpCompleted']);
  });

  it('delivers only accepted input', () => {
    spec.given(accepted).when(deliver).then([
      { type: 'SpecialistInputDelivered', data: { inputId: 'h-2', serviceId: 'falls', summary: 'Exercises added', deliveredAt: iso(NOW) } },
    ]);
    spec.given(requested).when(deliver).thenThrows(InvalidInputTransition);
  });

  it('withdraws requested input, cancelling the chase', () => {
    const events = spec.given(requested).when(withdraw).thenEvents();
    expect(events[0]).toMatchObject({ type: 'SpecialistInputWithdrawn', data: { previousStatus: 'requested' } });
    expect(ofType(events, 'FollowUpCancelled').map((e) => e.data.reason)).toEqual(['input-withdrawn']);
  });

  it('withdraws accepted input', () => {
    expect(spec.given(accepted).when(withdraw).thenEvents()).toEqual([
      { type: 'SpecialistInputWithdrawn', data: { inputId: 'h-2', serviceId: 'falls', reason: 'No longer needed', previousStatus: 'accepted', withdrawnAt: iso(NOW) } },
    ]);
  });

  it.each<[string, CaseCommand[], CaseCommand]>([
    ['accept after accept', [accept], accept],
    ['decline after accept', [accept], decline],
    ['accept after decline', [decline], accept],
    ['withdraw after decline', [decline], withdraw],
    ['withdraw after delivery', [accept, deliver], withdraw],
    ['deliver twice', [accept, deliver], deliver],
  ])('refuses %s', (_name, before, command) => {
    spec.given(history(openCase, request(), ...before)).when(command).thenThrows(InvalidInputTransition);
  });

  it('refuses an unknown input', () => {
    spec.given(requested).when({ type: 'AcceptSpecialistInput', data: { inputId: 'x' } }).thenThrows(InputNotFound);
  });
});
