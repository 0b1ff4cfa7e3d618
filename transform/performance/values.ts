// Indicator values: "≥90%", "=2606622.39元", "≤62万元", "及时".
import { parseDecimal, toString as decimalText } from '../decimal.js';
import { yuanText } from './lines.js';
import type { IndicatorValue } from './types.js';

export const COMPARATOR_RE = /^(>=|<=|≥|≤|=|＝|>|<|≠|≈|＞|＜)/;
const NORMAL_COMPARATOR: Record<string, string> = { '>=': '≥', '<=': '≤', '＝': '=', '＞': '>', '＜': '<' };

const INDICATOR_VALUE_RE = /^(>=|<=|≥|≤|=|＝|>|<|≠|≈|＞|＜)?\s*([+-]?\d[\d,]*(?:\.\d+)?)\s*(.*)$/;

export function parseIndicatorValue(text: string | null, possiblyCut = false): IndicatorValue & { note: string | null } {
  const empty = { text, comparator: null, number: null, unit: null, amount_yuan: null, note: null };
  if (text === null) return empty;
  const m = INDICATOR_VALUE_RE.exec(text.trim());
  if (!m) return empty;
  const comparator = m[1] ? (NORMAL_COMPARATOR[m[1]] ?? m[1]) : null;
  if (possiblyCut) return { ...empty, comparator, note: `"${text}" is the beginning of the next column's value and may be cut off at the cell edge: number not read` };
  const d = parseDecimal(m[2]);
  if (d === null) return empty;
  const unit = m[3].trim() === '' ? null : m[3].trim();
  const amount = unit !== null ? yuanText(d, unit) : null;
  return { text, comparator, number: decimalText(d), unit, amount_yuan: amount, note: null };
}

/**
 * Splits glued cells where a comparator starts a new value: "工程≥1000万元≥1000万元" → 3 pieces.
 * A cut before every comparator character except the first character (">=" is cut in two,
 * as it always was: this replaces cell.split(/(?=>=|<=|≥|≤|[=＝≠≈＞＜]|>(?!=)|<(?!=))/) without
 * its empty pieces, which matched at the same places).
 */
export function splitAtComparators(cell: string): string[] {
  if (!COMPARATOR_CHAR_RE.test(cell)) return cell === '' ? [] : [cell]; // most cells: one quick native test
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i < cell.length; i++) {
    if (COMPARATOR_CODES.has(cell.charCodeAt(i))) {
      pieces.push(cell.slice(start, i));
      start = i;
    }
  }
  if (cell !== '') pieces.push(cell.slice(start));
  return pieces;
}
const COMPARATOR_CODES = new Set([...'<>=＝≥≤≠≈＞＜'].map((c) => c.charCodeAt(0)));
const COMPARATOR_CHAR_RE = /[<>=＝≥≤≠≈＞＜]/;
