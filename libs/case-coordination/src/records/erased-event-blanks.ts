import type { RecordedEvent } from '@iln/event-store';
import { personalDataErasedAt } from './encrypting-event-store';
import { personalSlots } from './personal-fields';

// Whole-value personal fields that are lists: blank is an empty list.
const LISTS = new Set(['needs', 'informalSupport', 'risksAccepted']);

/**
 * An event of an erased case reads with its personal fields null (its key is destroyed).
 * Projections fold it with each null personal field blank instead (the resident with
 * empty names, lists empty, text empty), so a rebuild after a disposal folds every event
 * the shapes its read models expect, counts and all, and then CaseErased blanks or drops
 * the case's rows. Events of cases not erased pass unchanged.
 */
export function blankErasedPersonalFields(recorded: RecordedEvent): RecordedEvent {
  if (personalDataErasedAt(recorded) === null) return recorded;
  const data = structuredClone(recorded.data);
  for (const [holder, key] of personalSlots(recorded.type, data)) {
    if (holder[key] !== null) continue;
    holder[key] = key === 'resident' ? { givenName: '', familyName: '', dateOfBirth: '' } : LISTS.has(key) ? [] : '';
  }
  return { ...recorded, data };
}
