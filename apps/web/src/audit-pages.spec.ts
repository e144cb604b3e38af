import { auditCsv, csvCell, londonDayStart } from './audit-pages';

describe('the access audit page', () => {
  it('reads a day as its first instant in London, summer and winter, and refuses a date that is not real', () => {
    expect(londonDayStart('2026-12-01')).toBe('2026-12-01T00:00:00.000Z');
    expect(londonDayStart('2026-07-01')).toBe('2026-06-30T23:00:00.000Z');
    expect(londonDayStart('2026-02-30')).toBeNull();
    expect(londonDayStart('1 Dec 2026')).toBeNull();
  });

  it('writes quoted CSV cells and makes a formula inert', () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('""');
    expect(auditCsv([{ occurredAt: 't', userId: 'p-grays-3', roles: ['team-manager'], kind: 'read', action: 'GET /api/cases/:id', outcome: 200 }]).split('\r\n')[1]).toBe(
      '"t","p-grays-3","Taylor Exampleton","team-manager","","","read","GET /api/cases/:id","200",""',
    );
  });
});
