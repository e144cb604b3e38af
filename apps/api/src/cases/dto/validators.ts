import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isValidNhsNumber } from '@iln/case-coordination';

/** Ids of reference data and people: short, no spaces, safe in paths and logs. */
export const SLUG_ID = /^[A-Za-z0-9._:@-]{1,100}$/;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function rule(name: string, message: string, test: (value: unknown) => boolean) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} ${message}`, ...options },
      validator: { validate: test },
    });
}

export const IsCalendarDate = rule('isCalendarDate', 'must be a date YYYY-MM-DD', isCalendarDate);

/** Dates of birth: a real date, in the past, and not before 1900 (a typo, not a resident). */
export const IsDateOfBirth = rule(
  'isDateOfBirth',
  'must be a past date YYYY-MM-DD, not before 1900-01-01',
  (v) => isCalendarDate(v) && v >= '1900-01-01' && v < new Date().toISOString().slice(0, 10),
);

export const IsNhsNumber = rule('isNhsNumber', 'must be a 10-digit NHS number with a valid check digit', (v) =>
  typeof v === 'string' ? isValidNhsNumber(v) : false,
);

/**
 * An ISO 8601 timestamp with a time and an offset (or Z), e.g. 2026-11-23T09:00:00.000Z,
 * that JavaScript reads as the same instant. Strict ISO 8601 also allows week dates
 * (2026-W01), ordinal dates (2026-032), the basic format (20260101), leap seconds and
 * six-digit years, which `new Date` cannot read (they gave 500s): those are refused.
 */
export function isTimestamp(v: unknown): v is string {
  return (
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
    isCalendarDate(v.slice(0, 10)) &&
    !Number.isNaN(Date.parse(v))
  );
}

export const IsTimestamp = rule('isTimestamp', 'must be an ISO 8601 timestamp such as 2026-11-23T09:00:00.000Z', isTimestamp);

/**
 * A number with at most two decimal places. Instead of class-validator's
 * `maxDecimalPlaces`, which throws on a number whose text has an exponent and no decimal
 * point (3e-323: "reading 'length' of undefined", a 500).
 */
export const IsHundredths = rule(
  'isHundredths',
  'must be a number with at most two decimal places',
  (v) => typeof v === 'number' && Number.isFinite(v) && v === Math.round(v * 100) / 100,
);

/** A query bound: a date YYYY-MM-DD (midnight UTC) or a timestamp as IsTimestamp takes it. */
export const IsDateOrTimestamp = rule(
  'isDateOrTimestamp',
  'must be a date YYYY-MM-DD or an ISO 8601 timestamp such as 2026-11-23T09:00:00.000Z',
  (v) => isCalendarDate(v) || isTimestamp(v),
);
