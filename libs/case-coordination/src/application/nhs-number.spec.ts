import { isValidNhsNumber } from './nhs-number';

describe('NHS number check digit', () => {
  it.each(['9434765919', '9434765870', '4010232137'])('accepts %s', (n) => expect(isValidNhsNumber(n)).toBe(true));
  it.each([
    ['9434765918', 'wrong check digit'],
    ['943476591', 'nine digits'],
    ['94347659190', 'eleven digits'],
    ['943476591a', 'a letter'],
    ['0000000010', 'check digit would be 10'],
  ])('refuses %s (%s)', (n) => expect(isValidNhsNumber(n)).toBe(false));
});
