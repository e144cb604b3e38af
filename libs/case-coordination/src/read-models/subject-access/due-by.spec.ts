import { subjectAccessDueBy } from './due-by';

describe('a subject access request is due one calendar month after receipt', () => {
  it.each([
    ['2026-11-23', '2026-12-23'],
    ['2026-12-15T16:30:00.000Z', '2027-01-15'],
    ['2027-01-31', '2027-02-28'],
    ['2028-01-31', '2028-02-29'],
    ['2026-03-31', '2026-04-30'],
    ['2026-08-31T23:59:59.999Z', '2026-09-30'],
  ])('received %s: due by %s', (receivedAt, dueBy) => {
    expect(subjectAccessDueBy(receivedAt)).toBe(dueBy);
  });
});
