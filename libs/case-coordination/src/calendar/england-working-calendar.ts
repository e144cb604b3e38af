// Working days for England and Wales: Monday to Friday except public bank holidays,
// counted on the Europe/London calendar (a 23:30 UTC timestamp in summer is already
// the next day locally). Holidays come from the maintained `date-holidays` data,
// which includes substitute days when Christmas or Boxing Day fall at a weekend.
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../domain/context';

export const LONDON = 'Europe/London';
const DAY_MS = 86_400_000;

export class EnglandWorkingCalendar implements WorkingCalendar {
  private readonly holidays = new Holidays('GB', 'ENG');
  private readonly byYear = new Map<number, Set<string>>();

  /**
   * The n-th working day after `from`'s local date, at the same local time of day
   * (so a follow-up set at 15:00 on Friday with 2 working days is due 15:00 on
   * Tuesday, whatever the clocks did in between). `from` itself need not be a
   * working day. n = 0 returns `from` unchanged.
   */
  addWorkingDays(from: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('working days must be a non-negative whole number');
    const start = DateTime.fromJSDate(from, { zone: LONDON });
    if (n === 0) return start.toJSDate();
    // Walk the local dates as plain dates (no time-zone arithmetic per day: it was most of
    // a command's calendar cost), then put the local time of day on the date reached, once.
    let date = new Date(Date.UTC(start.year, start.month - 1, start.day));
    for (let counted = 0; counted < n; ) {
      date = new Date(date.getTime() + DAY_MS);
      const weekday = date.getUTCDay();
      if (weekday !== 0 && weekday !== 6 && !this.bankHolidays(date.getUTCFullYear()).has(date.toISOString().slice(0, 10))) counted++;
    }
    return start.set({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }).toJSDate();
  }

  isWorkingDay(d: Date): boolean {
    return this.isWorkingLocalDay(DateTime.fromJSDate(d, { zone: LONDON }));
  }

  endOfDay(date: string): Date {
    const day = DateTime.fromISO(date, { zone: LONDON });
    if (!day.isValid) throw new RangeError('not a calendar date');
    return day.endOf('day').toJSDate();
  }

  private isWorkingLocalDay(day: DateTime): boolean {
    if (day.weekday > 5) return false;
    return !this.bankHolidays(day.year).has(day.toISODate() ?? '');
  }

  private bankHolidays(year: number): Set<string> {
    let dates = this.byYear.get(year);
    if (!dates) {
      // Only `public` days are bank holidays; the library also lists observances
      // such as Mother's Day that are ordinary working days.
      const list = this.holidays.getHolidays(year) || [];
      dates = new Set(list.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
      this.byYear.set(year, dates);
    }
    return dates;
  }
}
