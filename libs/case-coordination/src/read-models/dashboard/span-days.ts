// Days to first allocation as PostgreSQL computes them, for the rebuild's fill (issue 18),
// which adds the counts up in memory across pages instead of in SQL page by page. The live
// path adds `extract(epoch FROM to - from) / 86400` per case in SQL (numeric), and the sum
// must be the same number whichever path made it, so each term here is that quotient
// exactly as numeric division rounds it, summed without loss.
//
// PostgreSQL: the epoch of an interval is its microseconds as numeric with scale 6; the
// quotient by 86400 is rounded (half away from zero) to select_div_scale's scale: at least
// 16 significant digits (NUMERIC_MIN_SIG_DIGITS), from the operands' weights in base
// 10,000, and never fewer than the dividend's 6. For a 1-microsecond span that is 28
// digits, so sums kept to 40 lose nothing. span-days.int-spec.ts checks terms against the
// server.

const SCALE = 40;
const MICROS_PER_DAY = 86_400_000_000n;
/** 86400 in base 10,000: digits [8, 6400], weight 1. */
const DIVISOR_WEIGHT = 1;
const DIVISOR_FIRST_DIGIT = 8n;
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d:\d\d)$/;

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Microseconds since the epoch of an ISO timestamp as PostgreSQL reads it; null for any other form (left to the server). */
export function micros(iso: string): bigint | null {
  const m = TIMESTAMP.exec(iso);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return null;
  return BigInt(ms) * 1000n + (m[2] ? BigInt(m[2].padEnd(6, '0')) : 0n);
}

/** The scale PostgreSQL gives `x / 86400` for x = |us| microseconds as numeric(scale 6), us ≠ 0. */
function quotientScale(us: bigint): number {
  // The dividend's leading decimal digit is 10^e, e = digits - 1 - 6; its base-10,000 weight floor(e / 4).
  const e = us.toString().length - 7;
  const weight = Math.floor(e / 4);
  const shift = 6 + 4 * weight;
  const firstDigit = shift >= 0 ? us / pow10(shift) : us * pow10(-shift);
  let qweight = weight - DIVISOR_WEIGHT;
  if (firstDigit <= DIVISOR_FIRST_DIGIT) qweight--;
  return Math.min(Math.max(16 - qweight * 4, 6), 1000);
}

/** `extract(epoch FROM to - from) / 86400` as PostgreSQL's numeric gives it, in units of 10^-40. */
export function spanDays(fromMicros: bigint, toMicros: bigint): bigint {
  const d = toMicros - fromMicros;
  if (d === 0n) return 0n;
  const us = d < 0n ? -d : d;
  const scale = quotientScale(us);
  // Rounded half away from zero at `scale` digits: floor(|q| · 10^scale + 1/2).
  const rounded = (2n * us * pow10(scale) + MICROS_PER_DAY) / (2n * MICROS_PER_DAY);
  if (scale > SCALE) throw new Error(`a span's days need ${scale} digits`); // cannot happen: at most 28
  const term = rounded * pow10(SCALE - scale);
  return d < 0n ? -term : term;
}

/** A sum of `spanDays` terms as a decimal string with no trailing zeros (as trim_scale leaves it). */
export function daysText(sum: bigint): string {
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(SCALE + 1, '0');
  const whole = digits.slice(0, digits.length - SCALE);
  const fraction = digits.slice(digits.length - SCALE).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
