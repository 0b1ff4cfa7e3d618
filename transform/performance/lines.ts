// Small helpers on the appendices' lines and cells (memoised per report), and their exact arithmetic.
import type { Line } from '../../extract/lines.js';
import { fitsDecimal, UNIT_EXPONENT, parseDecimal, pow10, rescale, shift, toString as decimalText, type Decimal } from '../decimal.js';
import type { IndicatorValue } from './types.js';

/** The trimmed cells that are not empty. */
export function nonEmpty(cells: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const t = cells[i].trim();
    if (t !== '') out.push(t);
  }
  return out;
}

/**
 * Values derived from a line, memoised for the current extractPerformance call: a table's
 * lines are scanned several times. Plain Maps replaced for each report (a module-wide WeakMap
 * keyed by every line of every report cost more in hashing and garbage collection than it
 * saved). The memoised arrays are shared, hence readonly; so are the Decimals, which nothing
 * modifies.
 */
export let memo = newMemo();
function newMemo() {
  return { compact: new Map<Line, string>(), cells: new Map<Line, readonly string[]>(), numbers: new Map<string, Decimal | null>(), values: new Map<string, IndicatorValue & { note: string | null }>() };
}

/** Forgets the memoised values (each report starts afresh; nothing outlives the call). */
export function resetMemo(): void {
  memo = newMemo();
}

/** nonEmpty(l.cells), memoised. */
export function cellsOf(l: Line): readonly string[] {
  let c = memo.cells.get(l);
  if (c === undefined) memo.cells.set(l, (c = nonEmpty(l.cells)));
  return c;
}

const SPACE_RE = /\s/;
const SPACES_RE = /\s+/g;
/** All text of a line without any spacing: for matching labels that wrap or are spaced out. */
export function compact(l: Line): string {
  let t = memo.compact.get(l);
  if (t === undefined) {
    t = l.cells.length === 1 ? l.cells[0] : l.cells.join('');
    if (SPACE_RE.test(t)) t = t.replace(SPACES_RE, ''); // most lines have no space left to remove
    memo.compact.set(l, t);
  }
  return t;
}

/**
 * The first non-empty cell, trimmed ('' for a blank line): nonEmpty(cells)[0] without building
 * the array. Its first character is also the first character of compact(l) (trim() and \s
 * remove the same characters), which makes it a cheap test to run on every line of the report
 * before the expensive ones.
 */
export function firstCell(l: Line): string {
  for (let i = 0; i < l.cells.length; i++) {
    const t = l.cells[i].trim();
    if (t !== '') return t;
  }
  return '';
}

/** The code of the first character of compact(l) (NaN for a blank line): firstCell() without trimming in the common case. */
export function firstCode(l: Line): number {
  const c = l.cells[0];
  const code = c === undefined || c === '' ? NaN : c.charCodeAt(0);
  // Printable ASCII and CJK ideographs are never white space.
  if ((code > 0x20 && code < 0x7f) || (code >= 0x4e00 && code <= 0x9fff)) return code;
  return firstCell(l).charCodeAt(0);
}

/**
 * re.test(compact(l)) for an expression anchored at the start, given every character its
 * matches can begin with: other lines are rejected on their first character, uncompacted.
 */
export function compactStarts(l: Line, firstChars: string, re: RegExp): boolean {
  const code = firstCode(l);
  for (let i = 0; i < firstChars.length; i++) if (firstChars.charCodeAt(i) === code) return re.test(compact(l));
  return false;
}

/**
 * Whether compact(l) contains `needle`. Removing spaces never creates characters, so some cell
 * must contain the needle's last character: tested first, without compacting the line.
 */
export function compactIncludes(l: Line, needle: string): boolean {
  const last = needle[needle.length - 1];
  for (let i = 0; i < l.cells.length; i++) if (l.cells[i].includes(last)) return compact(l).includes(needle);
  return false;
}

export const lineText = (l: Line) => cellsOf(l).join(' ');
export function linesText(lines: Line[]): string[] {
  const out: string[] = [];
  for (const l of lines) out.push(lineText(l));
  return out;
}
/** compact() of lines [from, to) joined. */
export function compactText(lines: Line[], from: number, to: number): string {
  let t = '';
  for (let i = from; i < to; i++) t += compact(lines[i]);
  return t;
}
export const hasLeadingEmptyCell = (l: Line) => l.cells.length > 1 && l.cells[0].trim() === '';

/**
 * The text front end splits a line at every space, and some reports put a space before
 * punctuation ("组织路线 ，为…"). A cell cannot begin with such punctuation, so it is glued
 * back to the cell before. Returns the cells themselves when there is nothing to merge.
 */
export function mergePunctuation(cells: readonly string[]): readonly string[] {
  let k = 1;
  while (k < cells.length && !LEADING_PUNCTUATION.has(cells[k].charCodeAt(0))) k++;
  if (k >= cells.length) return cells; // usually nothing to merge
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (out.length > 0 && LEADING_PUNCTUATION.has(c.charCodeAt(0))) out[out.length - 1] += c;
    else out.push(c);
  }
  return out;
}

/** Character codes (c[0] would make a string of each first character). */
const LEADING_PUNCTUATION = new Set([...',，。、;；:：)）》”’!！?？'].map((c) => c.charCodeAt(0)));

export const SCORE_RE = /^\d+(?:\.\d+)?$/;
export const PLACEHOLDER_RE = /^[—–\-/／]+$/;
export const HUNDRED: Decimal = { units: 100n, scale: 0 };
export const GRADE_RE = /^(优|良|中|差|优秀|良好|合格|不合格|较差)$/;

/** A printed amount or percentage ("1,456.92", "-5.505", "99.23", "95%"). */
export function numberCell(c: string): Decimal | null {
  // Most cells are text: a number needs at least one digit, cheaper to test than to parse.
  if (!DIGIT_RE.test(c)) return null;
  // The same amounts and scores recur across the rows and are tested several times each.
  let d = memo.numbers.get(c);
  if (d === undefined) memo.numbers.set(c, (d = parseDecimal(c.replace(/%$/, ''))));
  return d;
}
const DIGIT_RE = /\d/;

export function joinText(parts: readonly string[], sep: string): string | null {
  const t = parts.join(sep).trim();
  return t === '' ? null : t;
}

export function codeAndName(text: string | null): { code: string | null; name: string | null } {
  if (text === null) return { code: null, name: null };
  const m = /^(\d+)\s*[-－—]\s*(.+)$/.exec(text);
  return m ? { code: m[1], name: m[2].trim() } : { code: null, name: text };
}

/**
 * A value that is the beginning of the next column's value was cut at the cell edge
 * ("=2606622.3" beside "=2606622.39元"): its number is not read.
 */
export const cut = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && b.length > a.length && b.startsWith(a);

// ---------------------------------------------------------------------------------------
// Exact decimal arithmetic, formatting and money conversion.

/** Exactly two decimals, for d with at most two. */
const fixedTwo = (d: Decimal) => decimalText(rescale(d, 2));

/** A printed amount converted to 元 with 2 decimals, or null when that would lose digits. */
export function yuanText(d: Decimal | null, unit: string | null): string | null {
  if (d === null || unit === null || !Object.hasOwn(UNIT_EXPONENT, unit)) return null;
  const y = shift(d, UNIT_EXPONENT[unit]);
  return y.scale <= 2 ? fixedTwo(y) : null;
}

/** Decimal string for points and percentages, as precise as printed. */
// Scores and rates go to DECIMAL(18,4) columns; one with more digits stays NULL (its row keeps the raw text).
export const plain = (d: Decimal | null) => (d === null || !fitsDecimal(d, 18, 4) ? null : decimalText(d));

/** a / b × 100 rounded half away from zero to `scale` decimals, exactly. */
export function percentRounded(a: Decimal, b: Decimal, scale: number): Decimal {
  const num = a.units * pow10(b.scale + 2 + scale);
  const den = b.units * pow10(a.scale);
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const q = (2n * n + d) / (2n * d);
  return { units: negative ? -q : q, scale };
}
