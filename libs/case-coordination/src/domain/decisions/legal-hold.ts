import type { LiftLegalHold, PlaceLegalHold } from '../commands';
import type { DecisionContext } from '../context';
import { LegalHoldExists, NoLegalHold } from '../errors';
import type { CaseEvent } from '../events';
import type { CaseState } from '../state';

/**
 * A legal hold (litigation, an inquiry, a complaint) keeps the record past its retention:
 * a held case is never disposed of. One hold at a time, so lifting it is unambiguous; open
 * or closed alike, since retention only ever takes closed cases.
 */
export function placeLegalHold({ data }: PlaceLegalHold, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (state.legalHold) throw new LegalHoldExists();
  return [{ type: 'LegalHoldPlaced', data: { reason: data.reason, by: { id: ctx.actor.id, name: ctx.actor.name }, at: ctx.now.toISOString() } }];
}

export function liftLegalHold({ data }: LiftLegalHold, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (!state.legalHold) throw new NoLegalHold();
  return [{ type: 'LegalHoldLifted', data: { reason: data.reason, by: { id: ctx.actor.id, name: ctx.actor.name }, at: ctx.now.toISOString() } }];
}
