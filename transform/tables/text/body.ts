// The body of a table read from lines of text (any front end): where it starts (after the 栏次 line, or the
// header), the parts of a wide table printed in pieces, the columns a header names, and the row
// parts joined again. Lines of cells are what every front end gives; a PDF's geometry was turned
// into them first (../geometry/grid.ts).
import { lineText, type Line } from '../../../extract/lines.js';
import type { AssembleResult, Cell, ParsedRow, PlacementNote, Printed } from '../model.js';
import { HEADER_WORDS, kindOf, type Token } from '../tokens.js';

const NOTE_LINE = /^(注|说明)[:：]/;
const SECTION_LINE = /^第[一二三四五六七八九十]+部分/;
// A running page header naming the report ("某某局2023年部门决算公开报告"), however few pages
// print it (the clean-up removes only those on three or more): never part of a row.
const PAGE_HEADER = /^[^\d.,，。；]{2,60}?20\d{2}年度?(?:部门|单位)?决算(?:公开)?(?:报告|说明)?$/;
// A header has 决算 in it: lines without 算 skip the regex and the copy without spaces.
const isFurniture = (t: string) => SECTION_LINE.test(t) || (t.includes('算') && PAGE_HEADER.test(t.replace(/\s+/g, '')));

// Column heads that stand beside 合计 in a header ("科目名称 合计 基本支出 项目支出").
const COLUMN_HEAD = /(支出|收入|结余|编码|名称|代码|科目|项目|决算数|预算数)$/;

export function isHeaderLine(cells: string[]): boolean {
  const words = cells.map((c) => c.trim()).filter((c) => c !== '');
  // At least two words: a lone 收入 / 支出 line is the wrapped end of a label.
  if (words.length >= 2 && words.every((w) => HEADER_WORDS.has(w) || /^\d{1,2}$/.test(w)) && words.some((w) => HEADER_WORDS.has(w))) return true;
  // 合计 among column heads and no number: the header of a table whose 合计 column comes first.
  return words.some((w) => /^(合计|小计)$/.test(w)) && words.some((w) => !/^(合计|小计)$/.test(w) && COLUMN_HEAD.test(w)) && !words.some((w) => /\d/.test(w));
}

/** Lines of the table body: after the 栏次 (column numbering) line, else after the header. */
export function bodyLines(lines: Line[]): Line[] {
  let start = -1;
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    const first = lines[i].cells.find((c) => c.trim() !== '') ?? '';
    if (first.replace(/\s+/g, '') === '栏次' || /^1(\s+\d{1,2}){3,}$/.test(lineText(lines[i]))) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) {
    start = lines.findIndex((l, i) => i < 30 && /^(项目|科目)/.test(lineText(l))) + 1;
  }
  const body: Line[] = [];
  for (const l of lines.slice(Math.max(start, 0))) {
    const t = lineText(l);
    if (NOTE_LINE.test(t)) break;
    if (isFurniture(t)) continue;
    body.push(l);
  }
  return body;
}

/** Column numbers a 栏次 line declares ("栏次 5 6 7" → [5, 6, 7]); null for any other line. */
function declaredColumns(line: Line): number[] | null {
  if (!lineText(line).includes('栏')) return null; // most lines: no cell to trim
  const words = line.cells.map((c) => c.trim()).filter((c) => c !== '');
  if (words[0]?.replace(/\s+/g, '') !== '栏次') return null;
  return words.filter((w) => /^\d{1,2}$/.test(w)).map(Number);
}

// Page furniture between the two halves of a split table: title, unit, department, marker.
export const FURNITURE = /决算表|单位[:：]|部门名称|单位名称|公开\s*\d{1,2}\s*表/;

/**
 * A wide table printed in parts (the right-hand columns on a later page, under a header whose
 * 栏次 line numbers only those columns) as one segment per 栏次 line, each with the columns
 * it holds. A table with one 栏次 line, or none, is one segment with every column.
 */
export function bodySegments(lines: Line[], allColumns: number[], wide?: number[], keywords?: string[][]): { columns: number[]; lines: Line[] }[] {
  const marks = lines.map((l, i) => ({ i, cols: declaredColumns(l) })).filter((m) => m.cols !== null);
  if (marks.length === 0 && keywords) {
    // No 栏次 line (Shanghai's form): the columns the header names, in the order it names them.
    const named = headerColumns(lines, keywords);
    return [{ columns: named.length > 0 ? named : allColumns, lines: bodyLines(lines) }];
  }
  if (marks.length <= 1) {
    // A 05 or 08 printing 07's six columns (年初结转和结余, 本年收入, 本年支出 ×3, 年末结转和结余).
    const declared = marks[0]?.cols?.length ?? 0;
    return [{ columns: wide && declared === wide.length ? wide : allColumns, lines: bodyLines(lines) }];
  }
  return marks.map((m, k) => {
    const declared = m.cols!;
    const valid = declared.length > 0 && declared.every((c, j) => allColumns.includes(c) && (j === 0 || c > declared[j - 1]));
    const end = k + 1 < marks.length ? marks[k + 1].i : lines.length;
    const segment: Line[] = [];
    for (const l of lines.slice(m.i + 1, end)) {
      const t = lineText(l);
      if (NOTE_LINE.test(t) || FURNITURE.test(t)) break; // the next part's header begins
      if (!isFurniture(t)) segment.push(l);
    }
    // The next part's header, when no title or unit line announced it: the lines without a
    // number (no code, no amount) just before its 栏次 line.
    if (k + 1 < marks.length) while (segment.length > 0 && !segment[segment.length - 1].cells.some((c) => /^-?[\d,.]+$/.test(c.trim()) && /\d/.test(c))) segment.pop();
    return { columns: valid ? declared : allColumns, lines: segment };
  });
}

/**
 * The columns a header names, in the order it names them: its text read line by line, each
 * column at the first place one of its words stands ("年初结转和 / 结余 本年收入 / 本年支出 /
 * 合计 基本支出 项目支出 / 年末结转和结余" → 4 5 1 2 3 6). The header is every line before the
 * first one with a number.
 */
export function headerColumns(lines: Line[], keywords: string[][]): number[] {
  let text = '';
  for (const l of lines.slice(1)) {
    if (l.cells.some((c) => /\d/.test(c) && kindOf(c.trim()) !== 'label')) break;
    // Lines and cells kept apart: "项目" over "支出功能分类" is no 项目支出.
    text += l.cells.map((c) => c.replace(/\s+/g, '')).join('|') + '|';
  }
  const at = keywords.map((kws, k) => ({ col: k + 1, pos: Math.min(...kws.map((kw) => text.indexOf(kw)).filter((p) => p >= 0)) }));
  return at.filter((a) => Number.isFinite(a.pos)).sort((a, b) => a.pos - b.pos).map((a) => a.col);
}

/**
 * Joins the parts of a split table by row key: a row's numbers from every part, each part's
 * confined to the columns that part prints, in the order rows first appear. A row printed twice
 * over the same columns keeps its first printing; a second one that differs is recorded.
 */
export function joinParts(parts: AssembleResult[]): AssembleResult {
  const rows: ParsedRow[] = [];
  const byKey = new Map<string, ParsedRow>();
  const notes: PlacementNote[] = parts.flatMap((p) => p.notes);
  for (const part of parts) {
    for (const r of part.rows) {
      const existing = byKey.get(r.key);
      if (!existing) {
        byKey.set(r.key, r);
        rows.push(r);
        continue;
      }
      if (!existing.label || existing.label === existing.key) existing.label = r.label;
      const [a, b] = [existing.printed, r.printed];
      if (!a || !b) continue;
      const values = (p: Printed) => p.cells.filter((c) => c.text !== '').map((c) => c.text).join(' | ');
      if (a.columns.some((c) => b.columns.includes(c))) {
        if (values(a) !== values(b)) notes.push({ subject: r.key, passed: false, detail: `row printed twice: ${values(a)} and ${values(b)}; kept the first` });
        continue;
      }
      existing.printed = concatPrinted(a, b);
    }
  }
  return { rows, notes };
}

/** One row's numbers from two parts of a table that print different columns. */
function concatPrinted(a: Printed, b: Printed): Printed {
  const spaced = a.spaced && b.spaced;
  let first = a.cells;
  if (spaced) {
    // The first part's run padded to its columns, so the second's positions follow them.
    first = [...a.cells];
    while (first.length > a.columns.length && first[first.length - 1].text === '') first.pop();
    while (first.length < a.columns.length) first.push({ text: '' });
  }
  const allowed = (p: Printed) => p.cells.filter((c) => c.text !== '').map((_, i) => p.allowed?.[i] ?? p.columns);
  return { cells: [...first, ...b.cells], columns: [...a.columns, ...b.columns], spaced, allowed: [...allowed(a), ...allowed(b)] };
}

/**
 * Whether the text shows blank cells (pdf.js text's double spaces, markdown's empty tab cells, a
 * PDF's numbered columns without a number): then a number's position among the cells proposes
 * its column. Text that prints numbers one after the other without blanks only gives their order.
 */
export function showsBlanks(body: Line[]): boolean {
  for (const l of body) {
    const cells = l.cells;
    let seen = false;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] !== '') seen = true;
      else if (seen && i < cells.length - 1) return true;
    }
  }
  return false;
}

export function cellOf(t: Token): Cell {
  return { text: t.text, line: t.line, page: t.page };
}

/** Tokens that can fill a numeric cell. */
export function isValueToken(t: Token): boolean {
  return t.kind === 'num' || t.kind === 'empty' || t.kind === 'placeholder' || t.kind === 'int';
}
