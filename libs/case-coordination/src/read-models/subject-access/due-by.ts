/**
 * A subject access request is answered within one calendar month of receipt (UK GDPR
 * art. 12(3), as the ICO reads it): the same day of the next month, or that month's last
 * day when it has no such day (31 January → 28 or 29 February). `receivedAt` is a date
 * or a timestamp; the day counted is its UTC date.
 */
export function subjectAccessDueBy(receivedAt: string): string {
  const at = new Date(receivedAt);
  const [year, month, day] = [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()];
  const lastDayOfNext = new Date(Date.UTC(year, month + 2, 0)).getUTCDate();
  return new Date(Date.UTC(year, month + 1, Math.min(day, lastDayOfNext))).toISOString().slice(0, 10);
}
