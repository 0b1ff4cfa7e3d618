// Clean-ups every layout needs: bold text drawn twice ("收入收入"), full-width/half-width
// variants, running page headers and page numbers.
import { lineText, type Line } from './lines.js';

const CJK = /[\u3400-\u9fff]/;
const COMPARATOR_START = /^[≤≥<>=＝≦≧＜＞]/;

/** Full-width → half-width for ASCII letters, digits and punctuation; ideographic space → space; zero-width characters removed. */
// Characters NFKC can change: anything outside printable ASCII and the CJK ideograph blocks.
const NEEDS_NFKC = /[^\x20-\x7e\u3400-\u9fff]/;

export function normalizeWidth(s: string): string {
  // Most cells need nothing: skip the costly call. Zero-width characters (a byte-order mark or
  // zero-width space inside the text) are invisible and DuckDB would drop a leading one anyway.
  if (!NEEDS_NFKC.test(s)) return s;
  const n = s.normalize('NFKC');
  return n.includes('\u200B') || n.includes('\uFEFF') ? n.replace(/[\u200B\uFEFF]/g, '') : n;
}

/**
 * If `s` is entirely made of doubled pieces (XXYYZZ…), returns the undoubled string (XYZ…),
 * else null. Pieces of one character count only when `allowSingle`, because genuine words
 * like 人人 or 常常 exist; a doubled name of two or more characters is bold-text rendering.
 */
export function undouble(s: string, allowSingle: boolean): string | null {
  const n = s.length;
  if (n < 2 || n > 120) return null;
  // "≤200000元≤200000元" is two cells of a 绩效自评表 run together (年初 and 调整后 指标值),
  // not bold text: indicator values are never bold, and they start with their comparator.
  // A doubled string repeats its first character right after the first piece; most cells don't.
  if (s.indexOf(s[0], allowSingle ? 1 : 2) < 0 || COMPARATOR_START.test(s) || !CJK.test(s)) return null;
  // best[i]: undoubled prefix of s[0..i) or null; prefer long pieces (fewest pieces).
  const best: (string | null)[] = new Array(n + 1).fill(null);
  best[0] = '';
  for (let i = 0; i < n; i++) {
    if (best[i] === null) continue;
    for (let len = Math.floor((n - i) / 2); len >= (allowSingle ? 1 : 2); len--) {
      const j = i + 2 * len;
      if (best[j] === null && repeats(s, i, len)) best[j] = best[i] + s.slice(i, i + len);
    }
  }
  const out = best[n];
  if (out === null) return null;
  if (!CJK.test(out)) return null;
  return out;
}

/** Whether s[i, i+len) is followed by itself, compared in place (no substrings: this runs for every candidate piece). */
function repeats(s: string, i: number, len: number): boolean {
  for (let k = i; k < i + len; k++) if (s.charCodeAt(k) !== s.charCodeAt(k + len)) return false;
  return true;
}

function isDigits(s: string): boolean {
  return /^\d+$/.test(s);
}

/**
 * Undoubles one line's cells. Numbers are only undoubled on lines whose text is doubled
 * (a bold header or a bold code+name cell such as "301301 工资福利支出工资福利支出"), and
 * only when they are integers without separators: "11.11" or "1,111" are never touched.
 */
export function undoubleCells(cells: string[], doubling: Doubling | boolean, joined = cells.join(' ').trim()): string[] {
  const docIsDoubled = doubling !== false && doubling !== null;
  // Whole line doubled, spaces included: " 第一部分 概况第一部分 概况".
  if (joined.length >= 4 && joined.length % 2 === 0 && joined[0] === joined[joined.length / 2]) {
    const half = joined.length / 2;
    // The first character test spares most lines the regexes and the two substrings.
    if (CJK.test(joined) && joined.slice(0, half) === joined.slice(half) && !/\d\.\d/.test(joined)) {
      const leading = cells.findIndex((c) => c !== '');
      return [...new Array(leading).fill(''), ...joined.slice(0, half).split(' ')];
    }
  }
  // Most lines hold no doubled cell: no array is made for them.
  let first = 0;
  let u: string | null = null;
  while (first < cells.length && (u = undouble(cells[first], docIsDoubled)) === null) first++;
  const twice = doubling === 'separate' ? drawnTwice(cells) : NONE;
  if (u === null && twice.size === 0) return cells; // unchanged: the same array
  const out = cells.slice();
  if (u !== null) {
    out[first] = u;
    for (let i = first + 1; i < cells.length; i++) out[i] = undouble(cells[i], docIsDoubled) ?? cells[i];
  }
  const result: string[] = [];
  for (let i = 0; i < out.length; i++) {
    let c = out[i];
    if (isDigits(c) && c.length % 2 === 0 && c.slice(0, c.length / 2) === c.slice(c.length / 2)) {
      c = c.slice(0, c.length / 2);
    }
    // "第二部分 第二部分": a doubled cell split by the separator itself, or drawn as a second item
    // (pdf-parse and MuPDF give the two drawings of bold text as two cells: "收入", "收入").
    if (twice.has(i) || (result.length > 0 && result[result.length - 1] === c && CJK.test(c) && cells[i] === c)) continue;
    result.push(c);
  }
  return result;
}

const NONE: ReadonlySet<number> = new Set();

/**
 * The second drawings of bold text drawn twice as separate cells ("收入", "收入"; "301", "301",
 * "工资福利支出", "工资福利支出"): a bold line's first two cells are the same, and so are its
 * other bold words; elsewhere a pair counts only beside another pair (a bold code and name
 * inside a line). A cell repeated on purpose (a 绩效 indicator's target and result, "及时",
 * "及时") stands alone. Indexes into `cells`.
 */
function drawnTwice(cells: string[]): ReadonlySet<number> {
  const at: number[] = [];
  for (let i = 0; i < cells.length; i++) if (cells[i] !== '') at.push(i);
  const pair = (k: number) => k >= 1 && k < at.length && cells[at[k]] === cells[at[k - 1]] && !cells[at[k]].includes('.');
  if (!at.some((_, k) => pair(k))) return NONE;
  const bold = pair(1);
  const out = new Set<number>();
  // A classification code drawn twice is followed by its name or ends the line (the name wraps).
  const code = (k: number) => /^[23]\d{2}(?:\d{2}){0,2}$/.test(cells[at[k]]) && (k + 1 >= at.length || !/^[-\d,.]+$/.test(cells[at[k + 1]]));
  for (let k = 1; k < at.length; k++) {
    if (!pair(k)) continue;
    if (k === 1 || (bold && CJK.test(cells[at[k]])) || code(k) || pair(k - 2) || pair(k + 2)) out.add(at[k]);
  }
  return out;
}

/**
 * How a document renders bold text drawn twice: merged into one cell ("收入收入", pdf.js as the
 * text samples have it), as two cells side by side ("收入", "收入": pdf-parse 2.x marks the jump
 * back with a tab, MuPDF prints each drawing on a line of its own), or not at all (null). A PDF's
 * positioned items overlap when drawn twice, and pdf.js gives them as one.
 */
export type Doubling = 'merged' | 'separate' | null;

export function detectDoubling(lines: string[][], positioned = false): Doubling {
  let merged = 0;
  let separate = 0;
  for (const cells of lines) {
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      // Stryker disable next-line ConditionalExpression: a shortcut; shorter cells have no doubled pieces of two characters.
      if (c.length >= 4 && undouble(c, false) !== null) {
        merged++;
        break;
      }
      if (!positioned && i === 1 && c.length >= 2 && c === cells[0] && CJK.test(c)) separate++;
    }
    if (merged >= 3) return 'merged';
  }
  // A report that repeats a cell on purpose ("成本指标", "成本指标" in a 绩效 table) does so in a
  // few lines; drawn twice, every bold title, head and total is.
  return separate >= 10 ? 'separate' : null;
}

const PAGE_NUMBER = /^(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,4}\s*\/\s*\d{1,4})$/;

export function isPageNumber(text: string): boolean {
  return PAGE_NUMBER.test(text.trim());
}

/** Whether the line has 年, which every running header has (…2023年…). */
const namesAYear = (l: Line) => lineText(l).includes('年');

/**
 * Running page headers: the same line (≥ 10 characters, naming the year's report, no amount in it) printed on three
 * or more pages. Returns the set of such texts.
 */
export function findRunningHeaders(lines: Line[]): Set<string> {
  const counts = new Map<string, number>();
  for (const l of lines) {
    if (!namesAYear(l)) continue; // cheap test before joining
    const t = l.cells.join('').trim();
    if (t.length < 10 || /\d\.\d/.test(t) || !CJK.test(t)) continue;
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const headers = new Set<string>();
  for (const [t, n] of counts) {
    if (n >= 3 && /\d{4}年.*(报告|决算|公开)/.test(t) && !/表$/.test(t) && !/^第.部分/.test(t)) headers.add(t);
  }
  return headers;
}

/**
 * A bare number ("14") alone on the last line of its page is the page number, not a table's
 * amount: in a PDF, and in text whose extractor marked the pages (form feeds, pdf-parse's
 * "-- 14 of 25 --"). Text without page marks keeps it (its page numbers carry dashes or 第…页).
 */
function dropBarePageNumbers(lines: Line[]): void {
  const last: number[] = []; // decided on the lines as they are, then removed
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.page !== undefined && lines[i + 1]?.page !== l.page && /^\d{1,3}$/.test(l.cells.join('').trim())) last.push(i);
  }
  for (const i of last.reverse()) lines.splice(i, 1);
}

/** Length of the cells joined by single spaces. */
function joinedLength(cells: string[]): number {
  let n = cells.length - 1;
  for (let k = 0; k < cells.length; k++) n += cells[k].length;
  return n;
}

/** Cleans a document's lines in place of the raw ones: undoubling, width, furniture. */
export function cleanLines(lines: Line[]): Line[] {
  const doubled = detectDoubling(lines.map((l) => l.cells), lines.some((l) => l.left !== undefined));
  const cleaned: Line[] = [];
  for (const l of lines) {
    // The cells joined, untrimmed: the width test must see what trimming drops (an ideographic
    // space or a BOM at the end of a cell). A text front end's line text is it when nothing was trimmed.
    const raw = l.text !== undefined && l.text.length === joinedLength(l.cells) ? l.text : l.cells.join(' ');
    // Most lines need no width normalisation and hold no doubled text: test the line once.
    const wide = NEEDS_NFKC.test(raw);
    const cells = wide ? l.cells.map(normalizeWidth) : l.cells;
    const joined = wide ? cells.join(' ').trim() : raw.trim();
    const undoubled = undoubleCells(cells, doubled, joined);
    const text = undoubled === cells ? joined : undoubled.join(' ').trim();
    if (text === '' || isPageNumber(text)) continue;
    // Every field written out, in one order: all cleaned lines share one shape (a spread adding
    // `text` made a new one per line and cost a quarter of the extract's time).
    cleaned.push({ cells: undoubled, line: l.line, page: l.page, right: l.right, left: l.left, y: l.y, text });
  }
  dropBarePageNumbers(cleaned);
  const headers = findRunningHeaders(cleaned);
  // A header names a year (…2023年…): lines without 年 are kept without joining them.
  return headers.size === 0 ? cleaned : cleaned.filter((l) => !namesAYear(l) || !headers.has(l.cells.join('').trim()));
}
