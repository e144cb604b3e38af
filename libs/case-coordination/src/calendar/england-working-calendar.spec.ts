import { DateTime } from 'luxon';
import { EnglandWorkingCalendar, LONDON } from './england-working-calendar';

const calendar = new EnglandWorkingCalendar();
const add = (from: string, n: number) => calendar.addWorkingDays(new Date(from), n).toISOString();

describe('England working calendar', () => {
  it('skips a weekend, keeping the local time of day', () => {
    expect(add('2026-11-20T15:00:00.000Z', 1)).toBe('2026-11-23T15:00:00.000Z'); // Fri → Mon
    expect(add('2026-11-21T10:00:00.000Z', 1)).toBe('2026-11-23T10:00:00.000Z'); // Sat → Mon
  });

  it('keeps London wall-clock time across the clocks going back', () => {
    // Friday 09:00 BST (08:00Z) + 1 working day = Monday 09:00 GMT (09:00Z)
    expect(add('2026-10-23T08:00:00.000Z', 1)).toBe('2026-10-26T09:00:00.000Z');
  });

  it('keeps London wall-clock time across the clocks going forward, even when the walk crosses the missing hour', () => {
    // Friday 27 March 2026 01:30 GMT + 1 working day = Monday 30 March 01:30 BST (00:30Z); 01:30 on Sunday
    // 29 March does not exist, but only the date reached takes the time of day.
    expect(add('2026-03-27T01:30:00.000Z', 1)).toBe('2026-03-30T00:30:00.000Z');
    // and five working days on, past Good Friday and Easter Monday: Tuesday 7 April 12:00 BST.
    expect(add('2026-03-27T12:00:00.000Z', 5)).toBe('2026-04-07T11:00:00.000Z');
  });

  it('lands on the same instants as stepping a day at a time would, over a whole year', () => {
    // Every 13 hours through 2026 (every hour of the day comes round), checked against the plain definition.
    const stepping = (from: Date, n: number) => {
      let day = DateTime.fromJSDate(from, { zone: LONDON });
      for (let counted = 0; counted < n; ) {
        day = day.plus({ days: 1 });
        if (calendar.isWorkingDay(day.toJSDate())) counted++;
      }
      return day.toJSDate().toISOString();
    };
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 13 * 3_600_000) {
      const from = new Date(t);
      const local = DateTime.fromJSDate(from, { zone: LONDON });
      // Leave out times of day that fall in the spring gap on some day of the walk.
      if (local.hour === 1) continue;
      for (const n of [1, 2, 5]) expect({ from: from.toISOString(), n, due: add(from.toISOString(), n) }).toEqual({ from: from.toISOString(), n, due: stepping(from, n) });
    }
  });

  it('counts the local date, not the UTC one', () => {
    // 23:30Z on Friday 24 July is already Saturday in London
    expect(calendar.isWorkingDay(new Date('2026-07-24T23:30:00.000Z'))).toBe(false);
  });

  it('skips Christmas and the Boxing Day substitute when Boxing Day is a Saturday (2026)', () => {
    expect(calendar.isWorkingDay(new Date('2026-12-28T12:00:00.000Z'))).toBe(false);
    expect(add('2026-12-24T10:00:00.000Z', 1)).toBe('2026-12-29T10:00:00.000Z');
  });

  it('skips both substitute days when Christmas is a Saturday (2027)', () => {
    expect(add('2027-12-24T10:00:00.000Z', 1)).toBe('2027-12-29T10:00:00.000Z');
    expect(add('2027-12-23T10:00:00.000Z', 2)).toBe('2027-12-29T10:00:00.000Z');
  });

  it('skips Good Friday and Easter Monday', () => {
    // Thursday 2 April 2026 10:00 BST + 1 working day = Tuesday 7 April
    expect(add('2026-04-02T09:00:00.000Z', 1)).toBe('2026-04-07T09:00:00.000Z');
    expect(calendar.isWorkingDay(new Date('2026-04-03T09:00:00.000Z'))).toBe(false);
    expect(calendar.isWorkingDay(new Date('2026-04-06T09:00:00.000Z'))).toBe(false);
  });

  it('lands a follow-up due over a bank-holiday weekend on the next working day', () => {
    // Friday before the August bank holiday 2026 (Mon 31 Aug) + 1 → Tuesday 1 Sept
    expect(add('2026-08-28T13:00:00.000Z', 1)).toBe('2026-09-01T13:00:00.000Z');
  });

  it('treats observances such as Mother\'s Day as ordinary days', () => {
    expect(add('2026-03-13T10:00:00.000Z', 1)).toBe('2026-03-16T10:00:00.000Z');
  });

  it('adds nothing for zero and refuses negative or fractional days', () => {
    expect(add('2026-11-21T10:00:00.000Z', 0)).toBe('2026-11-21T10:00:00.000Z');
    expect(() => add('2026-11-21T10:00:00.000Z', -1)).toThrow(RangeError);
    expect(() => add('2026-11-21T10:00:00.000Z', 1.5)).toThrow(RangeError);
  });

  it('ends a date at local midnight', () => {
    expect(calendar.endOfDay('2026-07-01').toISOString()).toBe('2026-07-01T22:59:59.999Z');
    expect(calendar.endOfDay('2026-12-01').toISOString()).toBe('2026-12-01T23:59:59.999Z');
  });
});
