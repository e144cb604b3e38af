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
    expect(row.erasedAt).toBeNull();
  });

  it('keeps an erased case for the counts, without the resident, marked erased (issue 16)', () => {
    const events = fullHistory();
    const erasedAt = '2026-11-24T10:00:00.000Z';
    const [before] = foldRows(caseListSpec, recorded(events));
    const [row] = foldRows(caseListSpec, recorded([...events, { type: 'CaseErased', data: { reason: null, by: { id: 'r-eve', name: 'Eve' }, erasedAt, localityId: 'grays' } }]));
    expect(row).toMatchObject({ residentName: '', nhsNumber: null, erasedAt, status: before.status, localityId: 'grays', handovers: before.handovers, openedAt: before.openedAt });
    expect(JSON.stringify(row)).not.toContain('Test Resident');
  });
});
