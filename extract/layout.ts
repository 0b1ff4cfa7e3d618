// Front end for text laid out in character columns (poppler's `pdftotext -layout`): the page's
// geometry survives as columns of characters and lines of text, so each line becomes a line of
// cells with left and right edges and a baseline, in the units the PDF front end uses (points),
// and the same geometric table assembly reads it. A form feed starts a new page.
import type { Line } from './lines.js';

/** Points per character column and per text line: about what a 10–11 pt table prints. */
export const LAYOUT_COLUMN_PT = 6;
export const LAYOUT_LINE_PT = 14;

const NUMERIC_WORD = /^[-\d,.%()（）]+$/;

/** Words of a chunk with their start columns: runs of non-space characters. */
function words(chunk: string, at: number): { text: string; left: number }[] {
  const out: { text: string; left: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(chunk); m; m = re.exec(chunk)) out.push({ text: m[0], left: at + m.index });
  return out;
}

/**
 * Cells of one line. Cells stand two or more spaces apart; within a run of single-spaced words,
 * a number stands alone (pdftotext leaves one space between an amount and the next cell's
 * label: "2038.27 一、一般公共服务支出") while words of text stay one cell ("合 计", "(一) 行政单位").
 */
export function layoutCells(text: string): { text: string; left: number; right: number }[] {
  const cells: { text: string; left: number; right: number }[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let cur: { text: string; left: number; right: number } | null = null;
    for (const w of words(m[0], m.index)) {
      const numeric = NUMERIC_WORD.test(w.text);
      if (cur && !numeric && !NUMERIC_WORD.test(cur.text) && !/\d$/.test(cur.text)) {
        cur.text += ' ' + w.text;
        cur.right = w.left + w.text.length;
        continue;
      }
      if (cur) cells.push(cur);
      cur = { text: w.text, left: w.left, right: w.left + w.text.length };
    }
    if (cur) cells.push(cur);
  }
  return cells;
}

/** Lines of layout text as geometric lines: columns and line numbers scaled to points, pages at form feeds. */
export function layoutToLines(text: string): Line[] {
  const out: Line[] = [];
  let page = 1;
  let row = 0;
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    let r = raw[i];
    if (r.endsWith('\r')) r = r.slice(0, -1);
    // A form feed ends a page; it may stand at the start of the next page's first line.
    while (r.includes('\f')) {
      const at = r.indexOf('\f');
      const before = r.slice(0, at);
      if (before.trim() !== '') pushLine(out, before, i + 1, page, row);
      page++;
      row = 0;
      r = r.slice(at + 1);
    }
    row++;
    if (r.trim() !== '') pushLine(out, r, i + 1, page, row);
  }
  return out;
}

function pushLine(out: Line[], text: string, line: number, page: number, row: number): void {
  const cells = layoutCells(text);
  if (cells.length === 0) return;
  out.push({
    cells: cells.map((c) => c.text),
    line,
    page,
    left: cells.map((c) => c.left * LAYOUT_COLUMN_PT),
    right: cells.map((c) => c.right * LAYOUT_COLUMN_PT),
    y: row * LAYOUT_LINE_PT,
    text: undefined,
  });
}
