// Exact decimal arithmetic on bigint. Money never passes through a JS number:
// a Decimal is `units / 10^scale`, and all conversions are done on strings and bigints.

export interface Decimal {
  units: bigint;
  scale: number;
}

const NUMBER_RE = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/;

// The same printed cells are parsed again and again (placement, checks, line items): parsed
// values are kept, bounded (Decimals are never mutated, so sharing them is safe). Only short
// texts: V8 keeps a longer substring as a slice of the whole document, which a cached key would
// keep alive.
const parsed = new Map<string, Decimal | null>();

/** Parses a printed number ("6,216.85", "-3.5", "0.00", "1,234"). Returns null if it is not one. */
// Stryker disable all: the cache saves work and changes no result (equivalent mutants).
export function parseDecimal(text: string): Decimal | null {
  if (text.length > 12) return parse(text);
  let d = parsed.get(text);
  if (d === undefined) {
    d = parse(text);
    if (parsed.size >= 20000) parsed.clear();
    parsed.set(text, d);
  }
  return d;
}
// Stryker restore all

function parse(text: string): Decimal | null {
  // Stryker disable next-line StringLiteral: the pattern takes a number without its commas too.
  const t = text.trim().replace(/，/g, ',');
  const m = NUMBER_RE.exec(t);
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  // Stryker disable next-line StringLiteral: BigInt('' + fraction) is BigInt('0' + fraction).
  const intPart = (m[2] ?? '0').replace(/,/g, '');
  const frac = m[3] ?? '';
  let units = BigInt(intPart + frac);
  if (m[1] === '-') units = -units;
  return { units, scale: frac.length };
}

// Checks and conversions rescale thousands of times per report; a table lookup costs a tenth
// of computing 10n ** BigInt(n).
const POW10 = Array.from({ length: 32 }, (_, i) => 10n ** BigInt(i));
// Stryker disable next-line LogicalOperator: the table and the computation give the same powers.
export const pow10 = (n: number): bigint => POW10[n] ?? 10n ** BigInt(n);
/** d's units at scale s ≥ d.scale. */
// Stryker disable next-line ConditionalExpression: a shortcut; × 10^0 gives the same units.
const unitsAt = (d: Decimal, s: number): bigint => (s === d.scale ? d.units : d.units * pow10(s - d.scale));

export function rescale(d: Decimal, scale: number): Decimal {
  // Stryker disable next-line ConditionalExpression: a shortcut; the general case gives the same decimal.
  if (scale === d.scale) return d;
  // Stryker disable next-line EqualityOperator: equal scales return above (and would give the same).
  if (scale > d.scale) return { units: unitsAt(d, scale), scale };
  const factor = pow10(d.scale - scale);
  if (d.units % factor !== 0n) throw new RangeError(`cannot rescale ${toString(d)} to ${scale} decimals exactly`);
  return { units: d.units / factor, scale };
}

/** Multiplies by 10^exp (exp may be 0..8), keeping the value exact. */
export function shift(d: Decimal, exp: number): Decimal {
  // Stryker disable next-line EqualityOperator: at exp = scale both branches give units at scale 0.
  if (exp >= d.scale) return { units: d.units * pow10(exp - d.scale), scale: 0 };
  return { units: d.units, scale: d.scale - exp };
}

export function add(a: Decimal, b: Decimal): Decimal {
  const s = Math.max(a.scale, b.scale);
  return { units: unitsAt(a, s) + unitsAt(b, s), scale: s };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  return add(a, { units: -b.units, scale: b.scale });
}

export function sum(values: Decimal[]): Decimal {
  return values.reduce(add, ZERO);
}

export function abs(d: Decimal): Decimal {
  // Stryker disable next-line EqualityOperator: −0 is 0.
  return d.units < 0n ? { units: -d.units, scale: d.scale } : d;
}

export function compare(a: Decimal, b: Decimal): number {
  const s = Math.max(a.scale, b.scale);
  const x = unitsAt(a, s);
  const y = unitsAt(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

/** Plain decimal string with exactly `d.scale` fractional digits, e.g. "62168500.00". */
export function toString(d: Decimal): string {
  const neg = d.units < 0n;
  let digits = (neg ? -d.units : d.units).toString();
  if (d.scale === 0) return (neg ? '-' : '') + digits;
  digits = digits.padStart(d.scale + 1, '0');
  return (neg ? '-' : '') + digits.slice(0, -d.scale) + '.' + digits.slice(-d.scale);
}

/** Whether SQL DECIMAL(precision, scale) holds `d` as printed (no rounding, no overflow). */
export function fitsDecimal(d: Decimal, precision: number, scale: number): boolean {
  // Stryker disable next-line EqualityOperator: −0 is 0.
  const intDigits = ((d.units < 0n ? -d.units : d.units) / pow10(d.scale)).toString().length;
  return d.scale <= scale && intDigits <= precision - scale;
}

/** String with exactly `scale` decimals (exact; throws if precision would be lost). */
export function toFixedString(d: Decimal, scale: number): string {
  return toString(rescale(d, scale));
}

/**
 * An amount of a check, exact, with two decimals at least and at most `scale` (the checks'
 * expected/actual/difference are DECIMAL(18,2), their tolerance DECIMAL(18,4): half a unit of
 * 0.01 元 is 0.005 元). null for a value that needs more decimals: never rounded.
 */
export function checkAmount(d: Decimal, scale = 2): string | null {
  let { units, scale: s } = d;
  while (s > scale && units % 10n === 0n) {
    units /= 10n;
    s--;
  }
  // Stryker disable next-line EqualityOperator: rescaling 2 decimals to 2 changes nothing.
  return s > scale ? null : toString(s < 2 ? rescale({ units, scale: s }, 2) : { units, scale: s });
}

/** Powers of ten of the money units reports print. */
export const UNIT_EXPONENT: Record<string, number> = { 元: 0, 千元: 3, 万元: 4, 亿元: 8 };

/** A printed amount in `unit`, exactly in 元. */
export function toYuan(text: string, unit: string): Decimal | null {
  const d = parseDecimal(text);
  return d === null ? null : shift(d, UNIT_EXPONENT[unit] ?? 0);
}

export function multiplyInt(d: Decimal, n: number | bigint): Decimal {
  return { units: d.units * BigInt(n), scale: d.scale };
}
