import { foldRows } from '../../projections/row-projection';
import { fullHistory, receiver, recorded } from '../read-model.fixtures';
import { caseListSpec } from './case-list.projection';

describe('case list projection', () => {
  it('keeps the summary a list and the dashboards need', () => {
    const [row] = foldRows(caseListSpec, recorded(fullHistory()));
    expect(row).toMatchObject({
      reference: 'ILN-GRA-000123',
      residentName: 'Test Resident',
      localityId: 'grays',
      status: 'open',
      coordinatorId: receiver.id,
      safeguardingFlag: true,
      openInputs: 1,
      handovers: 1,
      homeCareHours: 0,
    });
    expect(row.firstAllocatedAt).not.toBeNull();
    expect(row.nextReviewDue).not.toBeNull();
  });
});
