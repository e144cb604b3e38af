import { rowsNamingARaiser } from './timeline-raisers';

const row = (version: number, type: string, actorId = 'raiser') => ({ version, type, actorId });

describe('timeline rows that name a raiser', () => {
  it('are the flag and follow-ups written with a concern, by its raiser', () => {
    const rows = [
      row(1, 'CaseOpened', 'tm'),
      row(2, 'SafeguardingConcernRaised'),
      row(3, 'FollowUpScheduled'),
      row(4, 'SafeguardingFlagRaised'),
      row(5, 'FollowUpScheduled'),
      row(6, 'NoteAdded'),
    ];
    expect([...rowsNamingARaiser(rows)]).toEqual([
      [3, 'raiser'],
      [4, 'raiser'],
      [5, 'raiser'],
    ]);
  });

  it('stop at another actor, another kind of event or a gap', () => {
    const rows = [
      row(1, 'SafeguardingConcernRaised'),
      row(2, 'FollowUpScheduled'),
      row(3, 'FollowUpScheduled', 'system'),
      row(4, 'SafeguardingFlagRaised'),
    ];
    expect([...rowsNamingARaiser(rows).keys()]).toEqual([2]);
    expect([
      ...rowsNamingARaiser([
        row(1, 'SafeguardingConcernRaised'),
        row(3, 'FollowUpScheduled'),
      ]).keys(),
    ]).toEqual([]);
    expect([
      ...rowsNamingARaiser([
        row(1, 'SafeguardingConcernRaised'),
        row(2, 'NoteAdded'),
        row(3, 'FollowUpScheduled'),
      ]).keys(),
    ]).toEqual([]);
  });

  it('leave ordinary follow-ups alone', () => {
    expect(
      rowsNamingARaiser([row(1, 'CoordinatorAssigned'), row(2, 'FollowUpScheduled')]).size,
    ).toBe(0);
  });
});
