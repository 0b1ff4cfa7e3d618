import { describe, expect, it } from 'vitest';
import { abs, add, checkAmount, compare, fitsDecimal, multiplyInt, parseDecimal, pow10, rescale, shift, sub, sum, toFixedString, toString, toYuan } from '../transform/decimal.js';

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

  it('parses signs, full-width commas, bare fractions and long texts, and nothing else', () => {
    expect(parseDecimal('+12.5')).toEqual({ units: 125n, scale: 1 });
    expect(parseDecimal(' 1，234.50 ')).toEqual({ units: 123450n, scale: 2 });
    expect(parseDecimal('.5')).toEqual({ units: 5n, scale: 1 });
    expect(parseDecimal('-.')).toBeNull();
    expect(parseDecimal('1,234,567,890,123.45')).toEqual({ units: 123456789012345n, scale: 2 }); // longer than the cached texts
    expect(parseDecimal('12.3.4')).toBeNull();
  });

  it('rescales exactly, up and down, and refuses to drop digits', () => {
    expect(rescale({ units: 125n, scale: 1 }, 3)).toEqual({ units: 12500n, scale: 3 });
    expect(rescale({ units: 12500n, scale: 3 }, 1)).toEqual({ units: 125n, scale: 1 });
    expect(() => rescale({ units: 12501n, scale: 3 }, 1)).toThrow('cannot rescale 12.501 to 1 decimals exactly');
    expect(shift({ units: 123456n, scale: 6 }, 4)).toEqual({ units: 123456n, scale: 2 }); // 0.123456 万元 = 1234.56 元
    expect(shift({ units: 5n, scale: 0 }, 4)).toEqual({ units: 50000n, scale: 0 });
    expect(pow10(40)).toBe(10n ** 40n);
  });

  it('compares, subtracts and takes absolute values exactly', () => {
    const d = (t: string) => parseDecimal(t)!;
    expect(compare(d('1.10'), d('1.1'))).toBe(0);
    expect(compare(d('1.09'), d('1.1'))).toBe(-1);
    expect(compare(d('1.11'), d('1.1'))).toBe(1);
    expect(toString(sub(d('1.1'), d('2.25')))).toBe('-1.15');
    expect(abs(d('-0.05'))).toEqual({ units: 5n, scale: 2 });
    expect(abs(d('0.05'))).toEqual({ units: 5n, scale: 2 });
    expect(toString(multiplyInt(d('0.005'), 3))).toBe('0.015');
    expect(toString(sum([]))).toBe('0');
  });

  it('prints decimals with their scale, signs and leading zeros', () => {
    expect(toString({ units: -5n, scale: 3 })).toBe('-0.005');
    expect(toString({ units: -12n, scale: 0 })).toBe('-12');
    expect(toString({ units: 12n, scale: 0 })).toBe('12');
    expect(toString({ units: 100n, scale: 2 })).toBe('1.00');
  });

  it('tells whether a SQL DECIMAL holds a value as printed', () => {
    const d = (t: string) => parseDecimal(t)!;
    expect(fitsDecimal(d('99999999999999.9999'), 18, 4)).toBe(true); // 14 digits before the point, 4 after
    expect(fitsDecimal(d('-99999999999999.9999'), 18, 4)).toBe(true);
    expect(fitsDecimal(d('100000000000000.0'), 18, 4)).toBe(false); // 15 digits before the point
    expect(fitsDecimal(d('-100000000000000'), 18, 4)).toBe(false);
    expect(fitsDecimal(d('1.00001'), 18, 4)).toBe(false); // 5 decimals
    expect(fitsDecimal(d('1.0001'), 18, 4)).toBe(true);
  });

  it("writes a check's amounts with two decimals at least and never rounds", () => {
    expect(checkAmount({ units: 1500n, scale: 4 })).toBe('0.15'); // trailing zeros dropped down to two decimals
    expect(checkAmount({ units: 15n, scale: 3 }, 4)).toBe('0.015');
    expect(checkAmount({ units: 15n, scale: 3 })).toBeNull(); // 0.015 does not fit two decimals
    expect(checkAmount({ units: 7n, scale: 0 })).toBe('7.00');
    expect(checkAmount({ units: 150000n, scale: 4 }, 4)).toBe('15.0000'); // within its scale, as computed
    expect(checkAmount({ units: -10n, scale: 1 })).toBe('-1.00');
  });

  it('converts printed amounts to 元 by their unit', () => {
    expect(toString(toYuan('1.5', '万元')!)).toBe('15000');
    expect(toString(toYuan('1.5', '亿元')!)).toBe('150000000');
    expect(toString(toYuan('1.5', '元')!)).toBe('1.5');
    expect(toString(toYuan('1.5', '台套')!)).toBe('1.5'); // a count: no conversion
    expect(toYuan('一', '万元')).toBeNull();
  });
});

