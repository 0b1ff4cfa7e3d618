// National-layout tables from PDF geometry. pdf.js gives text items with positions but no
// empty cells, and a multi-line cell puts its lines on baselines above and below the row's.
// These lines are rewritten into the form the text assemblers read (pdf.js-style text): one
// line per printed row, wrapped labels joined into it, and an empty cell wherever a numbered
// column (栏次 1 2 3 …) has no number on the row. The 栏次 line says where each column is.
import type { Line } from '../extract/lines.js';
import { kindOf } from './tokens.js';

interface Item {
  text: string;
  left: number;
  right: number;
  /** The numbered column an amount stands under (null: not an amount, e.g. a code or a 行次). */
  col?: number | null;
}

interface GeoLine {
  items: Item[];
  y: number;
  page: number;
  line: Line;
}

/** Could be an amount, not a 行次 (≤ 2 digits): decimals, separators, or 3+ digit integers. */
const amountLike = (text: string) => {
  const k = kindOf(text);
  return k === 'num' || (k === 'int' && text.replace('-', '').length >= 3);
};
const isNumeric = (text: string) => kindOf(text) === 'num' || kindOf(text) === 'int';
const isLabel = (text: string) => kindOf(text) === 'label';

// Widths of CJK and other characters, to split an item with inner spaces at about the right x.
const charWidth = (ch: string) => (/[\u3400-\u9fff\uff00-\uffef（）：，、]/.test(ch) ? 1 : 0.5);

/** Items of a line, an item with inner spaces split into its words ("208 社会保障和就业支出"). */
function itemsOf(l: Line): Item[] {
  const out: Item[] = [];
  l.cells.forEach((text, i) => {
    const left = l.left![i];
    const right = l.right![i];
    const words = text.split(/\s+/).filter((w) => w !== '');
    if (words.length <= 1) {
      if (text !== '') out.push({ text: text.trim(), left, right });
      return;
    }
    const total = [...text].reduce((w, ch) => w + charWidth(ch), 0);
    const scale = (right - left) / total;
    let x = left;
    for (const part of text.split(/(\s+)/)) {
      const w = [...part].reduce((s, ch) => s + charWidth(ch), 0) * scale;
      if (part.trim() !== '') out.push({ text: part, left: x, right: x + w });
      x += w;
    }
  });
  return out;
}

/** Column centres declared by a 栏次 line ("栏次 1 2 3", or "1 2 3 … 12" alone), by column number. */
function columnCentres(items: Item[]): Map<number, number> | null {
  const words = items.map((i) => i.text);
  const numbered = items.filter((i) => /^\d{1,2}$/.test(i.text));
  const isMarker = words[0]?.replace(/\s+/g, '') === '栏次' || (words.length >= 4 && numbered.length === words.length && words[0] === '1');
  if (!isMarker || numbered.length === 0 || !words.every((w) => /^\d{1,2}$/.test(w) || w.replace(/\s+/g, '') === '栏次')) return null;
  return new Map(numbered.map((i) => [Number(i.text), (i.left + i.right) / 2]));
}

const centre = (i: Item) => (i.left + i.right) / 2;

/** The numbered column an amount stands in: the nearest centre, if near enough to be under it. */
function columnOf(item: Item, centres: Map<number, number>, reach: number): number | null {
  let best: number | null = null;
  let d = Infinity;
  for (const [col, c] of centres) {
    const dc = Math.abs(centre(item) - c);
    if (dc < d) [best, d] = [col, dc];
  }
  return d <= reach ? best : null;
}

/** How far from a column's centre its amounts may stand: most of the way to the next column. */
function reachOf(centres: Map<number, number>): number {
  const xs = [...centres.values()].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < xs.length; i++) gap = Math.min(gap, xs[i] - xs[i - 1]);
  return Math.min(Number.isFinite(gap) ? gap * 0.6 : 40, 40);
}

const STOP = /^(注|说明)[:：]|^第[一二三四五六七八九十]+部分/;

/**
 * Rewrites a table region's PDF lines (with geometry) into text-style lines. Lines before the
 * first 栏次 line (title, header) are kept as they are.
 */
export function textLinesFromGeometry(lines: Line[]): Line[] {
  if (!lines.some((l) => l.left && l.right && l.y !== undefined)) return lines;
  const out: Line[] = [];
  let centres: Map<number, number> | null = null;
  let body: GeoLine[] = [];
  const flush = () => {
    if (body.length > 0) out.push(...rowsOf(body, centres));
    body = [];
  };
  for (const l of lines) {
    if (!l.left || !l.right || l.y === undefined) {
      flush();
      out.push(l);
      continue;
    }
    const items = itemsOf(l);
    const declared = columnCentres(items);
    if (declared) {
      flush();
      centres = declared;
      out.push(textLine(l, items.map((i) => i.text)));
      continue;
    }
    const text = items.map((i) => i.text).join('');
    if (centres === null || STOP.test(text) || /决算表|单位[:：]|部门名称|单位名称|公开\s*\d{1,2}\s*表/.test(text)) {
      // Before the first 栏次 line, notes, and the next part's furniture stay as printed.
      flush();
      out.push(l);
      if (!STOP.test(text) && centres !== null) centres = null; // a new part's header follows
      continue;
    }
    body.push({ items, y: l.y, page: l.page ?? 0, line: l });
  }
  flush();
  return out;
}

/**
 * One line per printed row. A line of only amounts joins the nearest line without amounts (a
 * row whose code and name sit on other baselines than its numbers); then a line of only labels
 * (a wrapped cell's other lines) joins the nearest line with numbers, above or below it.
 */
function rowsOf(lines: GeoLine[], centres: Map<number, number> | null): Line[] {
  const reachX = centres ? reachOf(centres) : 0;
  const colOf = (i: Item) => (!amountLike(i.text) ? null : centres ? columnOf(i, centres, reachX) : 0);
  const parts = new Map<GeoLine, Fragment[]>(lines.map((g) => [g, g.items.map((i) => ({ ...i, col: colOf(i), y: g.y }))]));
  const reach = mergeReach(lines);
  const join = (g: GeoLine, candidates: (r: GeoLine) => boolean) => {
    let best: GeoLine | null = null;
    for (const r of parts.keys()) if (r !== g && r.page === g.page && candidates(r) && (!best || Math.abs(r.y - g.y) < Math.abs(best.y - g.y))) best = r;
    if (!best || Math.abs(best.y - g.y) > reach) return;
    parts.get(best)!.push(...parts.get(g)!);
    parts.delete(g);
  };
  const amountsOnly = (g: GeoLine) => parts.get(g)!.every((i) => i.col != null);
  const withoutAmount = (g: GeoLine) => !parts.get(g)!.some((i) => i.col != null);
  const labelsOnly = (g: GeoLine) => parts.get(g)!.every((i) => isLabel(i.text));
  for (const g of lines) if (parts.has(g) && amountsOnly(g)) join(g, withoutAmount);
  for (const g of lines) if (parts.has(g) && labelsOnly(g)) join(g, (r) => !labelsOnly(r));
  return [...parts.keys()].sort((a, b) => a.page - b.page || a.y - b.y).map((r) => toTextLine(r, parts.get(r)!, centres));
}

interface Fragment extends Item {
  /** Baseline of the line the item was printed on. */
  y: number;
}

/** Lines closer than this to a row's baseline are part of it: most of the usual distance between rows. */
function mergeReach(lines: GeoLine[]): number {
  const gaps: number[] = [];
  const rows = lines.filter((g) => g.items.some((i) => amountLike(i.text)));
  for (let i = 1; i < rows.length; i++) if (rows[i].page === rows[i - 1].page) gaps.push(rows[i].y - rows[i - 1].y);
  gaps.sort((a, b) => a - b);
  const median = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)] : 16;
  return Math.min(Math.max(median * 0.8, 6), 20);
}

/**
 * A row as text-style cells, in reading order. Text items that overlap horizontally (the lines
 * of one wrapped cell, or a code and name printed in one cell) form a column read line by line;
 * columns and amounts go left to right, with an empty cell for each numbered column that has no
 * amount on the row.
 */
function toTextLine(r: GeoLine, items: Fragment[], centres: Map<number, number> | null): Line {
  const groups: { x: number; right: number; items: Fragment[] }[] = [];
  for (const it of [...items].sort((a, b) => a.left - b.left)) {
    const last = groups[groups.length - 1];
    if (last && it.col == null && last.items.every((x) => x.col == null) && it.left <= last.right + 1) {
      last.items.push(it);
      last.right = Math.max(last.right, it.right);
    } else groups.push({ x: it.col == null ? it.left : centre(it), right: it.right, items: [it] });
  }
  // Only a row with a number in it has empty cells to mark (a label line has none).
  if (centres && items.some((i) => isNumeric(i.text))) {
    const filled = new Set(items.map((i) => i.col));
    for (const [col, c] of centres) if (!filled.has(col)) groups.push({ x: c, right: c, items: [] });
  }
  groups.sort((a, b) => a.x - b.x);
  const cells = groups.flatMap((g) => (g.items.length === 0 ? [''] : g.items.sort((a, b) => a.y - b.y || a.left - b.left).map((i) => i.text)));
  return textLine(r.line, cells);
}

/** A rewritten line keeps its provenance; its cells no longer match the printed items' positions. */
const textLine = (l: Line, cells: string[]): Line => ({ cells, line: l.line, page: l.page });
