import type { RecordedEvent } from '@iln/event-store';
import { personalDataErasedAt } from './encrypting-event-store';
import { personalPathSteps, type Step } from './personal-fields';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Whole-value personal fields that are lists: blank is an empty list.
const LISTS = new Set(['needs', 'informalSupport', 'risksAccepted']);

function blank(key: string): unknown {
  if (key === 'resident') return { givenName: '', familyName: '', dateOfBirth: '' };
  return LISTS.has(key) ? [] : '';
}

/** Sets each null value a declared path reaches to its blank (copying along the way). */
function fill(holder: Obj, steps: readonly Step[], at: number): void {
  const step = steps[at];
  const value = holder[step.key];
  const last = at === steps.length - 1;
  if (last && !step.each) {
    if (value === null) holder[step.key] = blank(step.key);
    return;
  }
  if (step.each) {
    if (!Array.isArray(value)) return;
    holder[step.key] = value.map((element: unknown) => {
      if (last) return element === null ? '' : element;
      if (!isObj(element)) return element;
      const copy = { ...element };
      fill(copy, steps, at + 1);
      return copy;
    });
  } else if (isObj(value)) {
    const copy = { ...value };
    holder[step.key] = copy;
    fill(copy, steps, at + 1);
  }
}

/**
 * An event of an erased case reads with its personal fields null (its key is destroyed).
 * Projections fold it with each null personal field blank instead (the resident with
 * empty names, lists empty, text empty), so a rebuild after a disposal folds every event
 * into the shapes its read models expect, counts and all, and then CaseErased blanks or
 * drops the case's rows. Events of cases not erased pass unchanged.
 */
export function blankErasedPersonalFields(recorded: RecordedEvent): RecordedEvent {
  if (personalDataErasedAt(recorded) === null || !isObj(recorded.data)) return recorded;
  const data: Obj = { ...recorded.data };
  for (const steps of personalPathSteps(recorded.type)) fill(data, steps, 0);
  return { ...recorded, data };
}
