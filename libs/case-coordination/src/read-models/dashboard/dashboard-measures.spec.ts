import { rangeRows, suppressedCells } from './dashboard-measures';

describe('small safeguarding outcome counts', () => {
  it('withholds every cell when the enquiries they come from number 1 to 4', () => {
    expect([...suppressedCells({ fully: 0, partially: 0, not: 1 }, 1)].sort()).toEqual([
      'fully',
      'not',
      'partially',
    ]);
    expect([...suppressedCells({ fully: 4, partially: 0, not: 0 }, 4)].sort()).toEqual([
      'fully',
      'not',
      'partially',
    ]);
  });

  it('withholds cells of 1 to 4, and a second cell when one alone would follow from the total', () => {
    expect([...suppressedCells({ fully: 10, partially: 3, not: 0 }, 13)].sort()).toEqual([
      'not',
      'partially',
    ]);
    expect([...suppressedCells({ fully: 10, partially: 3, not: 2 }, 15)].sort()).toEqual([
      'not',
      'partially',
    ]);
  });

  it('shows zeros and counts of 5 or more from 5 or more enquiries', () => {
    expect(suppressedCells({ fully: 5, partially: 0, not: 7 }, 12).size).toBe(0);
    expect(suppressedCells({ fully: 0, partially: 0, not: 0 }, 0).size).toBe(0);
  });
});

describe('the count rows a period is read from', () => {
  it('is its whole months, and the days before the first and after the last', () => {
    expect(rangeRows(['2026-07-03', '2026-09-30'])).toEqual({ days: [['2026-07-03', '2026-07-31']], months: ['2026-08-01', '2026-09-01'] });
    expect(rangeRows(['2025-12-01', '2026-02-14'])).toEqual({ days: [['2026-02-01', '2026-02-14']], months: ['2025-12-01', '2026-01-01'] });
    expect(rangeRows(['2025-10-02', '2026-10-01'])).toEqual({
      days: [
        ['2025-10-02', '2025-10-31'],
        ['2026-10-01', '2026-10-01'],
      ],
      months: ['2025-11-01', '2026-09-01'],
    });
  });

  it('is days only within one month, and nothing for no days', () => {
    expect(rangeRows(['2026-02-02', '2026-02-27'])).toEqual({ days: [['2026-02-02', '2026-02-27']], months: null });
    expect(rangeRows(['2026-02-01', '2026-02-28'])).toEqual({ days: [], months: ['2026-02-01', '2026-02-01'] });
    expect(rangeRows(['2026-03-02', '2026-03-01'])).toEqual({ days: [], months: null });
  });
});
