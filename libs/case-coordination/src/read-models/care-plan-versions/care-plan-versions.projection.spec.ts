import { foldRows } from '../../projections/row-projection';
import { fullHistory, recorded } from '../read-model.fixtures';
import { carePlanVersionsSpec } from './care-plan-versions.projection';

describe('care plan versions projection', () => {
  it('keeps each version as it stands, agreed with its review date', () => {
    const rows = foldRows(carePlanVersionsSpec, recorded(fullHistory()));
    expect(rows).toHaveLength(1);
    expect(rows[0].document).toMatchObject({ planVersion: 1, status: 'agreed', whatMatters: 'my garden', agreedAt: expect.any(String), nextReviewDue: expect.any(String) });
  });
});
