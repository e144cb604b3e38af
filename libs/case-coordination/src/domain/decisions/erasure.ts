import type { EraseCase } from '../commands';
import type { DecisionContext } from '../context';
import { ErasureOnLegalHold } from '../errors';
import type { CaseEvent } from '../events';
import { pendingFollowUps, type CaseState } from '../state';
import { cancelFollowUps } from './follow-up-helpers';
import { Decision } from './decision';

/**
 * Erasure (API.md "Records management"): a record made in error, or one past its
 * retention, loses its personal data at once. Refused while a legal hold keeps it. Every
 * follow-up still awaiting someone is cancelled first (so its timer and queue job go),
 * and CaseErased is the stream's last event: decide refuses everything after it.
 * Open or closed alike.
 */
export function eraseCase({ data }: EraseCase, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (state.legalHold) throw new ErasureOnLegalHold();
  const d = new Decision(state, ctx);
  cancelFollowUps(d, pendingFollowUps(state), 'case-erased');
  d.emit({ type: 'CaseErased', data: { reason: data.reason, by: { id: ctx.actor.id, name: ctx.actor.name }, erasedAt: d.now, localityId: state.localityId ?? '' } });
  return d.events;
}
