import { orderWork, pagination } from './pages';

describe('My work and pagination', () => {
  it('puts escalated, then overdue work first, each by when due', () => {
    const items = [
      { id: 'due-soon', dueAt: '2026-12-02T09:00:00Z', overdue: false, escalated: false },
      { id: 'overdue-late', dueAt: '2026-11-30T09:00:00Z', overdue: true, escalated: false },
      { id: 'escalated', dueAt: '2026-12-01T08:00:00Z', overdue: true, escalated: true },
      { id: 'overdue-early', dueAt: '2026-11-29T09:00:00Z', overdue: true, escalated: false },
      { id: 'due-later', dueAt: '2026-12-09T09:00:00Z', overdue: false, escalated: false },
    ];
    expect(orderWork(items).map((i) => i.id)).toEqual(['escalated', 'overdue-early', 'overdue-late', 'due-soon', 'due-later']);
  });

  it('pages only when there is more than one page', () => {
    expect(pagination(1, 20, 20, (n) => `/cases?page=${n}`)).toBeNull();
    const p = pagination(2, 20, 41, (n) => `/cases?page=${n}`);
    expect(p.previous).toEqual({ href: '/cases?page=1' });
    expect(p.next).toEqual({ href: '/cases?page=3' });
    expect(p.items.map((i: { current: boolean }) => i.current)).toEqual([false, true, false]);
  });
});
