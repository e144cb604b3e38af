import { managedLocalities, unallocatedOldestFirst } from './team-pages';

describe('the team page', () => {
  it('lists only cases without a coordinator, oldest first (the allocate follow-up when known, else last change)', () => {
    const cases = [
      { caseId: 'a', coordinator: null, updatedAt: '2026-11-30T09:00:00Z' },
      { caseId: 'b', coordinator: { id: 'p-grays-1', name: 'Alex' }, updatedAt: '2026-11-01T09:00:00Z' },
      { caseId: 'c', coordinator: null, updatedAt: '2026-12-01T09:00:00Z' },
    ];
    const due = new Map([['c', '2026-11-29T09:00:00Z']]);
    expect(unallocatedOldestFirst(cases, due).map((c) => [c.caseId, c.since])).toEqual([
      ['c', '2026-11-29T09:00:00Z'],
      ['a', '2026-11-30T09:00:00Z'],
    ]);
  });

  it('a manager answers for their own localities, or all of them with *', () => {
    expect(managedLocalities(['grays'])).toEqual(['grays']);
    expect(managedLocalities(['nowhere'])).toEqual([]);
    expect(managedLocalities(['*']).length).toBeGreaterThan(1);
  });
});
