// Cells → typed tokens. A cell may hold a number glued to the next label
// ("4.04八、社会保障和就业支出"); it is split into two tokens.
import type { Line } from '../../extract/lines.js';

export type TokenKind = 'empty' | 'num' | 'int' | 'placeholder' | 'label';

export interface Token {
  kind: TokenKind;
  text: string;
  line?: number;
  page?: number;
  /** Index of the line in the region, to tell tokens of the same printed line. */
  lineIdx: number;
  /** True for the first token of its line. */
  first: boolean;
}

const DECIMAL = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$|^-?\d{1,3}(?:,\d{3})+$/;
const INTEGER = /^-?\d+$/;
const PLACEHOLDER = /^[-─—–_－]+$|^[*＊/／]$/;
const GLUED = /^(-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+)(?=[^\d.,%])(.+)$/;
// An amount run into the classification code of the next cell ("0.9831006": 0.98, then 31006),
// as an extractor joins text that nearly touches: amounts have two decimals, codes 3, 5 or 7 digits.
const GLUED_CODE = /^(-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2})([23]\d{2}(?:\d{2}){0,2})$/;

/** Whether text starts like a number (a digit or a minus sign): the patterns above need it, and most labels don't. */
const numberLike = (text: string) => {
  const c = text.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 45;
};

export function kindOf(text: string): TokenKind {
  if (text === '') return 'empty';
  if (numberLike(text)) {
    if (DECIMAL.test(text)) return 'num';
    if (INTEGER.test(text)) return 'int';
  }
  if (PLACEHOLDER.test(text)) return 'placeholder';
  return 'label';
}

const token = (text: string, l: Line, lineIdx: number, first: boolean): Token => ({ kind: kindOf(text), text, line: l.line, page: l.page, lineIdx, first });

export function tokenize(lines: Line[]): Token[] {
  const out: Token[] = [];
  lines.forEach((l, lineIdx) => {
    let first = true;
    for (const raw of l.cells) {
      const m = numberLike(raw) ? (GLUED.exec(raw) ?? GLUED_CODE.exec(raw)) : null;
      if (m && !/^[%万元个辆人次]/.test(m[2])) out.push(token(m[1], l, lineIdx, first), token(m[2], l, lineIdx, false));
      else out.push(token(raw, l, lineIdx, first));
      first = false;
    }
  });
  return out;
}

/** Words of table headers; they never belong to a row label. */
export const HEADER_WORDS = new Set([
  '项目', '行次', '金额', '栏次', '统计数', '决算数', '收入', '支出', '科目代码', '科目名称', '科目编码', '合计数',
]);

/** Prose (a pasted paragraph) rather than a table label. */
export function isProse(text: string): boolean {
  return /[，。；！？]/.test(text) || text.length > 40;
}

export const ORDINAL_START = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d))/;
