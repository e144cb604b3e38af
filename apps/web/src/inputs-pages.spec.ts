import { boardOrder } from './inputs-pages';

describe('the specialist input board', () => {
  it('puts overdue requests first, then requested, then accepted, then the rest, each by respond-by', () => {
    const items = [
      { id: 'delivered', status: 'delivered', overdue: false, respondBy: '2026-11-01T09:00:00Z' },
      { id: 'accepted', status: 'accepted', overdue: false, respondBy: '2026-11-02T09:00:00Z' },
      { id: 'requested-later', status: 'requested', overdue: false, respondBy: '2026-12-09T09:00:00Z' },
      { id: 'overdue', status: 'requested', overdue: true, respondBy: '2026-11-30T09:00:00Z' },
      { id: 'requested-soon', status: 'requested', overdue: false, respondBy: '2026-12-02T09:00:00Z' },
    ];
    expect(boardOrder(items).map((i) => i.id)).toEqual(['overdue', 'requested-soon', 'requested-later', 'accepted', 'delivered']);
  });
});
