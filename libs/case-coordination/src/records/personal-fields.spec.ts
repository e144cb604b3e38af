import { randomBytes, randomUUID } from 'node:crypto';
import { CASE_EVENT_TYPES } from '../domain/events';
import { PERSONAL_DATA_SAMPLES, SAMPLE_AT } from './personal-fields.fixtures';
import { PERSONAL_FIELDS } from './personal-fields';
import { erasedPersonalData, isSealed, openPersonalData, sealPersonalData } from './personal-data-envelope';

const SAMPLES = PERSONAL_DATA_SAMPLES;
const at = SAMPLE_AT;

/** Every string leaf as a declaration path (`goals[].description`; a string array is its key). */
function stringPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return value.length ? [prefix] : [];
    return value.flatMap((v) => stringPaths(v, `${prefix}[]`));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, prefix ? `${prefix}.${k}` : k).map((p) => p.replace('[].', '[].')));
  }
  return [];
}
const within = (path: string, declared: string) => path === declared || path.startsWith(`${declared}.`) || path.startsWith(`${declared}[]`);

function personalStrings(value: unknown): string[] {
  return JSON.stringify(value).match(/PD:[^"]*/g) ?? [];
}

describe('personal fields of case events', () => {
  it('are declared for every event type there is', () => {
    expect(Object.keys(PERSONAL_FIELDS).sort()).toEqual([...CASE_EVENT_TYPES].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual([...CASE_EVENT_TYPES].sort());
  });

  it.each(CASE_EVENT_TYPES)('%s: every string field is declared personal or clear, and personal ones hold the personal data', (type) => {
    const { personal, clear } = PERSONAL_FIELDS[type];
    const sample = SAMPLES[type];
    for (const path of stringPaths(sample)) {
      const isPersonal = personal.some((d) => within(path, d));
      const isClear = clear.some((d) => within(path, d));
      expect({ path, declared: isPersonal || isClear }).toEqual({ path, declared: true });
      expect({ path, bothWays: isPersonal && isClear }).toEqual({ path, bothWays: false });
    }
    // The samples mark personal strings: each is in a personal field, none in a clear one.
    for (const path of stringPaths(sample)) {
      const value = JSON.stringify(path.split(/\.|\[\]\.?/).filter(Boolean).reduce<unknown>((v, k) => (Array.isArray(v) ? v.map((e: Record<string, unknown>) => e[k]) : (v as Record<string, unknown>)[k]), sample));
      expect({ path, personal: value.includes('PD:') }).toEqual({ path, personal: personal.some((d) => within(path, d)) });
    }
  });

  it.each(CASE_EVENT_TYPES)('%s: sealed, no personal string is left in clear; opened, it is the event again; erased, those fields are null', (type) => {
    const key = randomBytes(32);
    const event = { eventId: randomUUID(), type, data: SAMPLES[type] as unknown };
    const sealed = sealPersonalData(event, key);
    const original = personalStrings(event.data);
    if (original.length === 0) {
      expect(sealed).toBe(event.data);
      return;
    }
    expect(isSealed(sealed)).toBe(true);
    expect(personalStrings(sealed)).toEqual([]);
    expect(openPersonalData({ ...event, data: sealed }, key)).toEqual(event.data);
    const erased = erasedPersonalData(sealed) as Record<string, unknown>;
    expect(personalStrings(erased)).toEqual([]);
    expect(erased.$pd).toBeUndefined();
    // Clear fields are all still there, and have their values.
    for (const path of stringPaths(event.data).filter((p) => !PERSONAL_FIELDS[type].personal.some((d) => within(p, d)))) {
      expect(stringPaths(erased)).toContain(path);
    }
  });
});

describe('the personal data envelope', () => {
  const key = randomBytes(32);
  const event = { eventId: randomUUID(), type: 'NoteAdded', data: { noteId: 'n-1', text: 'PD:secret', restricted: false, addedAt: at } };

  it('cannot be opened with another key, as another event or as another type', () => {
    const sealed = sealPersonalData(event, key);
    expect(() => openPersonalData({ ...event, data: sealed }, randomBytes(32))).toThrow();
    expect(() => openPersonalData({ ...event, eventId: randomUUID(), data: sealed }, key)).toThrow();
    expect(() => openPersonalData({ ...event, type: 'CaseReopened', data: sealed }, key)).toThrow();
  });

  it('leaves events without personal values untouched, and seals each event with its own IV', () => {
    const noNote = { eventId: randomUUID(), type: 'GoalAchieved', data: { planVersion: 1, goalId: 'g', note: null, achievedAt: at } };
    expect(sealPersonalData(noNote, key)).toBe(noNote.data);
    const a = sealPersonalData(event, key) as { $pd: { iv: string; ct: string } };
    const b = sealPersonalData(event, key) as { $pd: { iv: string; ct: string } };
    expect(a.$pd.iv).not.toEqual(b.$pd.iv);
    expect(a.$pd.ct).not.toEqual(b.$pd.ct);
    // Sealing twice is a no-op (the migration may meet an event already sealed).
    expect(sealPersonalData({ ...event, data: a }, key)).toBe(a);
  });

  it('never changes the event it seals, nor the stored data it opens', () => {
    const deepFreeze = <T>(v: T): T => {
      if (typeof v === 'object' && v !== null) {
        Object.values(v).forEach(deepFreeze);
        Object.freeze(v);
      }
      return v;
    };
    const drafted = { eventId: randomUUID(), type: 'CarePlanDrafted', data: deepFreeze(structuredClone(SAMPLES.CarePlanDrafted)) as unknown };
    const sealed = deepFreeze(sealPersonalData(drafted, key));
    expect(openPersonalData({ ...drafted, data: sealed }, key)).toEqual(SAMPLES.CarePlanDrafted);
    expect(erasedPersonalData(sealed)).toMatchObject({ goals: [{ id: 'g-1', description: null }], actions: [{ id: 'a-1', description: null, owner: { kind: 'family', name: null } }] });
  });

  it('reads data stored before encryption as it is', () => {
    expect(openPersonalData(event, key)).toBe(event.data);
  });
});
