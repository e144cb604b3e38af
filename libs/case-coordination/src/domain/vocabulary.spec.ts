import { FOLLOW_UP_STATUSES } from './follow-up-status';
import { FOLLOW_UP_KINDS } from './policy';
import * as vocabulary from './vocabulary';

describe('domain vocabulary', () => {
  const lists: Array<[string, readonly unknown[]]> = [
    ...(Object.entries(vocabulary) as Array<[string, readonly unknown[]]>),
    ['FOLLOW_UP_KINDS', FOLLOW_UP_KINDS],
    ['FOLLOW_UP_STATUSES', FOLLOW_UP_STATUSES],
  ];

  it('holds every list the API validates against', () => {
    expect(lists.map(([name]) => name)).toEqual(
      expect.arrayContaining(['CASE_SOURCES', 'COMPLEXITIES', 'ACTION_OWNER_KINDS', 'INPUT_MODES', 'URGENCIES', 'SAFEGUARDING_CATEGORIES', 'RISKS', 'ENQUIRY_OUTCOMES', 'OUTCOMES_MET', 'CONSENT_STATUSES', 'DISCHARGE_PATHWAYS']),
    );
  });

  it.each(lists)('%s is a non-empty list of distinct values', (_name, list) => {
    expect(list.length).toBeGreaterThan(0);
    expect(new Set(list).size).toBe(list.length);
  });
});
