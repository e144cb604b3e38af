import type {
  AcceptSpecialistInput,
  DeclineSpecialistInput,
  DeliverSpecialistInput,
  RequestSpecialistInput,
  WithdrawSpecialistInput,
} from '../commands';
import type { DecisionContext } from '../context';
import { InputNotFound, InvalidInputTransition } from '../errors';
import type { CaseEvent } from '../events';
import { dueAt, responseTarget, type FollowUpKind } from '../policy';
import type { CaseState, InputStatus } from '../state';
import { Decision } from './decision';
import { cancelFollowUps, completeFollowUps, pendingFor, scheduleFollowUp } from './follow-up-helpers';

const RESPONSE_KINDS: readonly FollowUpKind[] = [
  'specialist-input-crisis',
  'specialist-input-urgent',
  'specialist-input-routine',
];

export function requestSpecialistInput({ data }: RequestSpecialistInput, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const inputId = ctx.newId();
  const kind = `specialist-input-${data.urgency}` as const;
  // The service's own target where the policy sets one (v1.1), else the urgency's.
  const respondBy = dueAt(ctx.now, responseTarget(ctx.policy, data.urgency, data.serviceId), ctx.calendar);
  const d = new Decision(state, ctx);
  d.emit({
    type: 'SpecialistInputRequested',
    data: {
      inputId,
      serviceId: data.serviceId,
      mode: data.mode,
      urgency: data.urgency,
      request: data.request,
      localityId: d.localityId,
      requestedAt: d.now,
      respondBy: respondBy.toISOString(),
    },
  });
  // The service, not a person, owes the answer: the worklist finds it by serviceId.
  scheduleFollowUp(d, {
    kind,
    subject: { kind: 'specialist-input', id: inputId },
    due: respondBy,
    ownerId: null,
    serviceId: data.serviceId,
  });
  return d.events;
}

function inputIn(state: CaseState, inputId: string, allowed: readonly InputStatus[]) {
  const input = state.inputs[inputId];
  if (!input) throw new InputNotFound();
  if (!allowed.includes(input.status)) throw new InvalidInputTransition();
  return input;
}

const subjectOf = (inputId: string) => ({ kind: 'specialist-input' as const, id: inputId });

export function acceptSpecialistInput({ data }: AcceptSpecialistInput, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const input = inputIn(state, data.inputId, ['requested']);
  const d = new Decision(state, ctx);
  d.emit({
    type: 'SpecialistInputAccepted',
    data: { inputId: data.inputId, serviceId: input.serviceId, byName: data.byName ?? null, acceptedAt: d.now },
  });
  completeFollowUps(d, RESPONSE_KINDS, subjectOf(data.inputId));
  return d.events;
}

/** A decline is an answer, so it meets the response follow-up rather than cancelling it. */
export function declineSpecialistInput({ data }: DeclineSpecialistInput, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const input = inputIn(state, data.inputId, ['requested']);
  const d = new Decision(state, ctx);
  d.emit({
    type: 'SpecialistInputDeclined',
    data: { inputId: data.inputId, serviceId: input.serviceId, reason: data.reason, declinedAt: d.now },
  });
  completeFollowUps(d, RESPONSE_KINDS, subjectOf(data.inputId));
  return d.events;
}

export function deliverSpecialistInput({ data }: DeliverSpecialistInput, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const input = inputIn(state, data.inputId, ['accepted']);
  return [
    {
      type: 'SpecialistInputDelivered',
      data: { inputId: data.inputId, serviceId: input.serviceId, summary: data.summary, deliveredAt: ctx.now.toISOString() },
    },
  ];
}

export function withdrawSpecialistInput({ data }: WithdrawSpecialistInput, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const input = inputIn(state, data.inputId, ['requested', 'accepted']);
  const d = new Decision(state, ctx);
  d.emit({
    type: 'SpecialistInputWithdrawn',
    data: {
      inputId: data.inputId,
      serviceId: input.serviceId,
      reason: data.reason,
      previousStatus: input.status as 'requested' | 'accepted',
      withdrawnAt: d.now,
    },
  });
  cancelFollowUps(d, pendingFor(d.state, RESPONSE_KINDS, subjectOf(data.inputId)), 'input-withdrawn');
  return d.events;
}
