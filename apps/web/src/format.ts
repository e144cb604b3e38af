import { DateTime } from 'luxon';

const ZONE = 'Europe/London';

/** "1 December 2026" (UI.md), in Europe/London. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = DateTime.fromISO(iso, { zone: ZONE });
  return d.isValid ? d.toFormat('d MMMM yyyy') : '';
}

/** "9:00am" (UI.md), in Europe/London. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = DateTime.fromISO(iso, { zone: ZONE });
  return d.isValid ? d.toFormat('h:mma').toLowerCase() : '';
}

/** "1 December 2026 at 9:00am". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return `${formatDate(iso)} at ${formatTime(iso)}`;
}

/** A word for a code: "self-neglect" -> "Self-neglect", "team-manager" -> "team manager". */
export function words(code: string | null | undefined): string {
  if (!code) return '';
  const s = String(code).replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Day, month and year inputs (the GOV.UK date pattern) to YYYY-MM-DD, or null when not a real date. */
export function dateFromParts(day: string, month: string, year: string): string | null {
  if (!day && !month && !year) return null;
  const d = DateTime.fromObject({ day: Number(day), month: Number(month), year: Number(year) }, { zone: ZONE });
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !d.isValid) return 'invalid';
  return d.toISODate();
}

/** A local date and time (Europe/London) from a date and a "HH:MM" to an ISO instant. */
export function instantFrom(date: string, time: string): string | null {
  const d = DateTime.fromISO(`${date}T${time || '00:00'}`, { zone: ZONE });
  return d.isValid ? d.toUTC().toISO() : null;
}
