import { nextDeadline, overdueFirst } from './safeguarding-pages';

describe('the safeguarding register', () => {
  it('puts overdue decisions and enquiries first, then open ones by the next deadline, then settled ones', () => {
    const rows = [
      { id: 'concluded', status: 'concluded', decisionDueBy: '2026-11-01T09:00:00Z', decisionOverdue: false },
      { id: 'deciding-later', status: 'awaiting-decision', decisionDueBy: '2026-12-03T09:00:00Z', decisionOverdue: false },
      { id: 'enquiry-overdue', status: 'enquiry-open', decisionDueBy: '2026-10-01T09:00:00Z', enquiryDueBy: '2026-11-28T09:00:00Z', enquiryOverdue: true },
      { id: 'enquiry-soon', status: 'enquiry-open', decisionDueBy: '2026-10-01T09:00:00Z', enquiryDueBy: '2026-12-02T09:00:00Z', enquiryOverdue: false },
      { id: 'decision-overdue', status: 'awaiting-decision', decisionDueBy: '2026-11-30T09:00:00Z', decisionOverdue: true },
      // A decision made late is no longer overdue work.
      { id: 'no-enquiry', status: 'no-enquiry', decisionDueBy: '2026-11-02T09:00:00Z', decisionOverdue: true },
    ];
    expect(overdueFirst(rows).map((r) => r.id)).toEqual(['enquiry-overdue', 'decision-overdue', 'enquiry-soon', 'deciding-later', 'concluded', 'no-enquiry']);
    expect(nextDeadline(rows[2]!)).toBe('2026-11-28T09:00:00Z');
    expect(nextDeadline(rows[0]!)).toBeNull();
  });
});
