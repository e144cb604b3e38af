import { foldRows } from '../../projections/row-projection';
import { fullHistory, practitioner, recorded } from '../read-model.fixtures';
import { safeguardingRegisterSpec } from './safeguarding-register.projection';

describe('safeguarding register projection', () => {
  it('records each concern with its raiser and decision deadline', () => {
    const [row] = foldRows(safeguardingRegisterSpec, recorded(fullHistory()));
    expect(row).toMatchObject({ status: 'awaiting-decision', risk: 'high', categories: ['neglect'], raisedById: practitioner.id, decidedAt: null });
  });
});
