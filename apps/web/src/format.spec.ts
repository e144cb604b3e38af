import { dateFromParts, formatDate, formatDateTime, formatTime, instantFrom, words } from './format';

describe('web formats (UI.md words)', () => {
  it('writes dates and times as "1 December 2026" and "9:00am" in Europe/London', () => {
    expect(formatDate('2026-12-01T09:00:00.000Z')).toBe('1 December 2026');
    expect(formatTime('2026-12-01T09:00:00.000Z')).toBe('9:00am');
    // British Summer Time: 08:30 UTC is 9:30am in London.
    expect(formatTime('2026-07-01T08:30:00.000Z')).toBe('9:30am');
    expect(formatDateTime('2026-12-01T14:05:00.000Z')).toBe('1 December 2026 at 2:05pm');
    // Just before midnight UTC in summer is the next day in London.
    expect(formatDate('2026-06-30T23:30:00.000Z')).toBe('1 July 2026');
    expect(formatDate(null)).toBe('');
  });

  it('reads the GOV.UK date pattern', () => {
    expect(dateFromParts('14', '3', '1948')).toBe('1948-03-14');
    expect(dateFromParts('', '', '')).toBeNull();
    expect(dateFromParts('31', '2', '1948')).toBe('invalid');
    expect(dateFromParts('1', '1', '48')).toBe('invalid');
  });

  it('turns codes into words and local times into instants', () => {
    expect(words('self-neglect')).toBe('Self neglect');
    expect(instantFrom('2026-07-01', '09:30')).toBe('2026-07-01T08:30:00.000Z');
    expect(instantFrom('not a date', '')).toBeNull();
  });
});
