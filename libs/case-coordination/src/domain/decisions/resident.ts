import type { CorrectResidentDetails, Resident, ResidentField } from '../commands';
import type { DecisionContext } from '../context';
import { NothingToCorrect } from '../errors';
import type { CaseEvent } from '../events';
import type { CaseState } from '../state';

const FIELDS: readonly ResidentField[] = ['givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'postcode', 'address'];

/**
 * A correction replaces details recorded wrongly (a misspelt name, a mistyped NHS
 * number); the case keeps its history, and the event says which fields changed and why.
 * Correcting a detail to the value it already has records nothing, so a retried
 * correction is harmless.
 */
export function correctResidentDetails({ data }: CorrectResidentDetails, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const given = FIELDS.filter((f) => data[f] !== undefined);
  if (given.length === 0) throw new NothingToCorrect();
  const before: Resident = state.resident ?? { givenName: '', familyName: '', dateOfBirth: '' };
  const corrected = given.filter((f) => data[f] !== before[f]);
  if (corrected.length === 0) return [];
  const resident: Resident = { ...before };
  for (const f of corrected) resident[f] = data[f] as string;
  return [{ type: 'ResidentDetailsCorrected', data: { resident, corrected, reason: data.reason, correctedAt: ctx.now.toISOString() } }];
}
