import { foldRows } from '../../projections/row-projection';
import { fullHistory, receiver, recorded } from '../read-model.fixtures';
import { followUpsSpec } from './follow-ups.projection';

describe('follow-ups projection (worklist)', () => {
  const rows = foldRows(followUpsSpec, recorded(fullHistory()));
  const byKind = (k: string) => rows.filter((r) => r.kind === k);

  it('completes what was done and keeps what is pending with its owner or service', () => {
    expect(byKind('allocate-coordinator')[0]).toMatchObject({ status: 'completed' });
    expect(byKind('accept-handover')[0]).toMatchObject({ status: 'completed', ownerId: receiver.id });
    expect(byKind('specialist-input-urgent')[0]).toMatchObject({ status: 'open', serviceId: 'falls', subjectKind: 'specialist-input' });
    expect(byKind('post-discharge-welfare-check')[0]).toMatchObject({ status: 'open' });
  });
});
