import { describe, expect, it } from 'vitest';
import { add, parseDecimal, shift, sum, toFixedString, toString } from '../transform/decimal.js';

describe('exact decimals', () => {
  it('parses printed numbers with and without thousands separators', () => {
    expect(parseDecimal('6,216.85')).toEqual({ units: 621685n, scale: 2 });
    expect(parseDecimal('2642.20')).toEqual({ units: 264220n, scale: 2 });
    expect(parseDecimal('-0.01')).toEqual({ units: -1n, scale: 2 });
    expect(parseDecimal('1,234')).toEqual({ units: 1234n, scale: 0 });
    expect(parseDecimal('12,34.5')).toBeNull();
    expect(parseDecimal('四')).toBeNull();
    expect(parseDecimal('')).toBeNull();
  });

  it('converts 万元 to 元 exactly, beyond the precision of a double', () => {
    const d = parseDecimal('1234567890123.45')!;
    expect(toFixedString(shift(d, 4), 2)).toBe('12345678901234500.00');
    expect(toFixedString(shift(parseDecimal('0.000001')!, 4), 2)).toBe('0.01');
    expect(() => toFixedString(shift(parseDecimal('0.0000001')!, 4), 2)).toThrow();
  });

  it('adds without floating-point error (0.1 + 0.2)', () => {
    expect(toString(add(parseDecimal('0.1')!, parseDecimal('0.2')!))).toBe('0.3');
  });

  it('property: the sum of random 2-decimal amounts equals the total computed on integers', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const cents = Array.from({ length: 1 + (rand() % 8) }, () => BigInt(rand() % 100_000_000));
      const texts = cents.map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`);
      const total = sum(texts.map((t) => parseDecimal(t)!));
      expect(total.units * 10n ** BigInt(2 - total.scale)).toBe(cents.reduce((a, b) => a + b, 0n));
    }
  });
});
