import { foldRows } from '../../projections/row-projection';
import { fullHistory, recorded } from '../read-model.fixtures';
import { dischargesSpec } from './discharges.projection';

describe('discharges projection', () => {
  it('keeps each discharge with its pathway', () => {
    const rows = foldRows(dischargesSpec, recorded(fullHistory()));
    expect(rows).toEqual([expect.objectContaining({ hospital: 'Basildon', pathway: 1, dischargedAt: '2026-11-22T10:00:00.000Z' })]);
  });
});
