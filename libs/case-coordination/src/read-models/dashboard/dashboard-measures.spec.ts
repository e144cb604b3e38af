import { suppressedCells } from './dashboard-measures';

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
