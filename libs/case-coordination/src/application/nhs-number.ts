/**
 * NHS numbers are 10 digits whose last is a modulus 11 check digit (weights 10..2 on
 * the first nine; 11 → 0; 10 means the number was never issued).
 */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 9).reduce((acc, d, i) => acc + d * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === digits[9];
}
