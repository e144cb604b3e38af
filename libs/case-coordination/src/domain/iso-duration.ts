// A small ISO 8601 duration parser (PnYnMnWnDTnHnMnS) so policy overrides like
// "PT3S" or "P6M" need no date library inside the domain.

export interface IsoDurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const ISO_DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** The parts of an ISO duration, or null if the text is not one we accept. */
export function parseIsoDuration(text: string): IsoDurationParts | null {
  const m = ISO_DURATION.exec(text);
  if (!m) return null;
  // "P" alone and "P1DT" carry no amount: reject rather than read them as zero.
  if (m.slice(1).every((g) => g === undefined)) return null;
  if (text.endsWith('T')) return null;
  const n = (g: string | undefined) => (g === undefined ? 0 : Number(g.replace(',', '.')));
  return {
    years: n(m[1]),
    months: n(m[2]),
    weeks: n(m[3]),
    days: n(m[4]),
    hours: n(m[5]),
    minutes: n(m[6]),
    seconds: n(m[7]),
  };
}

function addUtcMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // Clamp so 31 January + 1 month is the end of February, not early March.
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/** Years and months by UTC calendar arithmetic; weeks, days and times as elapsed time. */
export function addIsoDuration(from: Date, p: IsoDurationParts): Date {
  const monthsMoved = addUtcMonths(from, p.years * 12 + p.months);
  const ms =
    ((p.weeks * 7 + p.days) * 24 * 3600 + p.hours * 3600 + p.minutes * 60 + p.seconds) * 1000;
  return new Date(monthsMoved.getTime() + ms);
}
