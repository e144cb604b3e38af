import type { Duration } from '../domain/policy';

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** How a policy duration reads to a person ("2 working days", "2 hours", "P6M"). */
export function describeDuration(d: Duration): string {
  if ('workingDays' in d) return plural(d.workingDays, 'working day');
  if ('hours' in d) return plural(d.hours, 'hour');
  if ('days' in d) return plural(d.days, 'day');
  return d.iso;
}
