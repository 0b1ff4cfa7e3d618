// National-layout tables from PDF geometry. pdf.js gives text items with positions but no
// empty cells, and a multi-line cell puts its lines on baselines above and below the row's.
// These lines are rewritten into the form the text assemblers read (pdf.js-style text): one
// line per printed row, wrapped labels joined into it, and an empty cell wherever a numbered
// column (栏次 1 2 3 …) has no number on the row. The 栏次 line says where each column is.
import { LAYOUT_LINE_PT } from '../../../extract/layout.js';
import { emsOf, type Line } from '../../../extract/lines.js';
import { FURNITURE } from '../text/body.js';
import { sideOf } from '../text/labelled.js';
import { HEADER_WORDS, kindOf, ORDINAL_START } from '../tokens.js';

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
const CODE = /^[23]\d{2}(?:\d{2}){0,2}$/;
const TOTAL_LABEL = /^(?:合计|总计)$|经费合计$/;

const GLUED = /^(-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+)(?=[\u3400-\u9fff(（])/;

/**
 * Items of a line. An amount glued to the next cell's label ("4.04八、社会保障和就业支出") is
 * split, each part placed where its characters are.
 */
function itemsOf(l: Line): Item[] {
  const out: Item[] = [];
  l.cells.forEach((text, i) => {
    const left = l.left![i];
    const right = l.right![i];
    const m = GLUED.exec(text);
    if (!m) {
      if (text !== '') out.push({ text, left, right });
      return;
    }
    const split = left + ((right - left) * emsOf(m[1])) / emsOf(text);
    out.push({ text: m[1], left, right: split }, { text: text.slice(m[1].length), left: split, right });
  });
  return out;
}

// Headers naming the single amount column of tables without a 栏次 line: 06's 决算数 (one per
// group), 10's 统计数, 01's 金额.
const AMOUNT_HEADS = new Set(['决算数', '统计数', '金额']);

/**
 * Column centres a line declares, by column number: a 栏次 line ("栏次 1 2 3", or "1 2 3 … 12"
 * alone), or else a header line of only header words whose amount columns (决算数 …) are
 * numbered left to right.
 */
function columnCentres(items: Item[]): Grid | null {
  const words = items.map((i) => i.text.replace(/\s+/g, ''));
  const numbered = items.filter((i) => /^\d{1,2}$/.test(i.text));
  const isMarker = words[0] === '栏次' || (words.length >= 4 && numbered.length === words.length && words[0] === '1');
  if (isMarker && numbered.length > 0 && words.every((w) => /^\d{1,2}$/.test(w) || w === '栏次')) return { centres: new Map(numbered.map((i) => [Number(i.text), centre(i)])), rowNos: [] };
  const heads = items.filter((i) => AMOUNT_HEADS.has(i.text));
  if (heads.length === 0 || !words.every((w) => HEADER_WORDS.has(w))) return null;
  return { centres: new Map(heads.map((i, k) => [k + 1, centre(i)])), rowNos: items.filter((i) => i.text === '行次').map(centre) };
}

/** Where a table's numbered columns are, and its 行次 columns (from the header, when it names them). */
interface Grid {
  centres: Map<number, number>;
  rowNos: number[];
}

const centre = (i: Item) => (i.left + i.right) / 2;

interface Column {
  col: number;
  centre: number;
  /** Half the distance to the nearest other column: bounds how far past the centre an amount may end. */
  reach: number;
}

function columnsOf(centres: Map<number, number>): Column[] {
  const cols = [...centres].map(([col, c]) => ({ col, centre: c, reach: 0 })).sort((a, b) => a.centre - b.centre);
  cols.forEach((c, i) => {
    const gaps = [cols[i - 1], cols[i + 1]].filter((n) => n !== undefined).map((n) => Math.abs(n.centre - c.centre));
    // A lone column (10's 统计数) reaches as far as a wide column would.
    c.reach = gaps.length > 0 ? Math.min(...gaps) / 2 : 60;
  });
  return cols;
}

/**
 * The numbered column an amount stands in. Amounts are right-aligned (or centred) under their
 * column's number, so a column's amounts end at or past its centre and before the next one's:
 * the column is the last whose centre the amount reaches, however wide the columns are. An
 * amount ending far beyond that centre is under no numbered column.
 */
function columnOf(item: Item, columns: Column[]): number | null {
  let best: Column | null = null;
  for (const c of columns) if (c.centre <= item.right + 2) best = c;
  return best && item.right - best.centre <= 2 * best.reach + 10 ? best.col : null;
}

const STOP = /^(注|说明)[:：]|^第[一二三四五六七八九十]+部分/;

/**
 * Rewrites a table region's PDF lines (with geometry) into text-style lines. Lines before the
 * first line that says where the columns are (栏次, or a header of 决算数/统计数 heads) are kept
 * as they are.
 */
export function textLinesFromGeometry(lines: Line[]): Line[] {
  if (!lines.some((l) => l.left && l.right && l.y !== undefined)) return lines;
  const out: Line[] = [];
  let grid: Grid | null = null;
  let rowNoHeads: { page: number; xs: number[] } | null = null;
  let body: GeoLine[] = [];
  const flush = () => {
    if (body.length > 0) out.push(...rowsOf(body, grid));
    body = [];
  };
  for (const l of lines) {
    if (!l.left || !l.right || l.y === undefined) {
      flush();
      out.push(l);
      continue;
    }
    const items = itemsOf(l);
    const named = items.filter((i) => i.text === '行次');
    if (named.length > 0) rowNoHeads = { page: l.page ?? 0, xs: named.map(centre) };
    const declared = columnCentres(items);
    if (declared) {
      flush();
      // A 栏次 line under a header that named the 行次 columns keeps knowing them: its page's
      // header's (a page set apart by pdftotext's layout has its own), else the table's first.
      const headed = rowNoHeads && rowNoHeads.page === (l.page ?? 0) ? rowNoHeads.xs : null;
      grid = { centres: declared.centres, rowNos: declared.rowNos.length > 0 ? declared.rowNos : (headed ?? (grid as Grid | null)?.rowNos ?? []) };
      out.push(textLine(l, items.map((i) => i.text)));
      continue;
    }
    const text = items.map((i) => i.text).join('');
    if (grid === null || STOP.test(text) || FURNITURE.test(text)) {
      // Before the first 栏次 line, notes, and the next part's furniture stay as printed.
      flush();
      out.push(l);
      if (!STOP.test(text) && grid !== null) grid = null; // a new part's header follows
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
function rowsOf(lines: GeoLine[], grid: Grid | null): Line[] {
  const columns = grid ? columnsOf(grid.centres) : [];
  const colOf = (i: Item): number | null => {
    if (!isNumeric(i.text)) return null;
    if (!grid) return amountLike(i.text) ? 0 : null;
    const col = columnOf(i, columns);
    if (amountLike(i.text) || col === null) return col;
    // A small integer (a count of vehicles) is an amount when it stands nearer its column than
    // any 行次 column; without 行次 columns to compare with, it is taken for a 行次.
    const own = Math.abs(centre(i) - grid.centres.get(col)!);
    return grid.rowNos.length > 0 && grid.rowNos.every((x) => Math.abs(centre(i) - x) > own) ? col : null;
  };
  // A classification code opening the line, or followed by its name ("30211 差旅费") or by
  // another code (a name wrapped elsewhere), is not an amount, however near the previous
  // group's amount column it stands.
  const isCode = (items: Item[], k: number) => CODE.test(items[k].text) && (k === 0 || (items[k + 1] !== undefined && (isLabel(items[k + 1].text) || CODE.test(items[k + 1].text))));
  const parts = new Map<GeoLine, Fragment[]>(lines.map((g) => [g, g.items.map((i, k) => ({ ...i, col: isCode(g.items, k) ? null : colOf(i), y: g.y }))]));
  // A code, a 行次 or a total's label (人员经费合计) identifies a row: two such lines never merge.
  const identified = (g: GeoLine) => parts.get(g)!.some((i) => (kindOf(i.text) === 'int' && i.col == null) || TOTAL_LABEL.test(i.text.replace(/\s+/g, '')));
  const reach = mergeReach(lines.filter(identified));
  // A line as near the row below as the row above (pdftotext's layout puts a wrapped label's
  // lines one above and one below its row): a label that starts a row (一、…, the beginning of
  // a row's name: 年初财政拨款结…) goes down, the rest of one goes up.
  // But a row that prints its own name in those labels' column (总计 under "…预算 / 31 / 财政拨款")
  // is not the one they continue.
  const downward = (g: GeoLine) => parts.get(g)!.some((i) => ORDINAL_START.test(i.text) || sideOf(i.text) !== null);
  // And the row above whose name began on the line above it (a name wrapped around its row's
  // line, "三、国有资本经营预算 / 3 0.00 / 财政拨款") is the one they end.
  const besideLabel = (i: Item, g: GeoLine) => isLabel(i.text) && g.items.some((j) => isLabel(j.text) && i.left < j.right && j.left < i.right);
  const namedUnder = (r: GeoLine, g: GeoLine) => r.items.some((i) => besideLabel(i, g));
  const wrappedAround = (r: GeoLine, g: GeoLine) => r.y < g.y && parts.get(r)!.some((i) => i.y < r.y && besideLabel(i, g));
  const join = (g: GeoLine, candidates: (r: GeoLine) => boolean) => {
    let best: GeoLine | null = null;
    for (const r of parts.keys()) {
      if (r === g || r.page !== g.page || !candidates(r)) continue;
      const d = Math.abs(r.y - g.y);
      const bestD = best ? Math.abs(best.y - g.y) : Infinity;
      const tie = best !== null && Math.abs(d - bestD) <= 0.5;
      const preferred = !tie
        ? false
        : wrappedAround(r, g) !== wrappedAround(best!, g)
          ? wrappedAround(r, g)
          : namedUnder(r, g) !== namedUnder(best!, g)
            ? !namedUnder(r, g)
            : (r.y > g.y) === downward(g);
      if (d < bestD - 0.5 || (tie && preferred)) best = r;
    }
    if (!best || Math.abs(best.y - g.y) > reach) return;
    parts.get(best)!.push(...parts.get(g)!);
    parts.delete(g);
  };
  const amountsOnly = (g: GeoLine) => parts.get(g)!.every((i) => i.col != null);
  const labelsOnly = (g: GeoLine) => parts.get(g)!.every((i) => isLabel(i.text));
  // An amount printed off its row's baseline joins the nearest row without an amount in its column.
  const columnsOfLine = (g: GeoLine) => new Set(parts.get(g)!.map((i) => i.col).filter((c) => c != null));
  for (const g of lines) {
    if (!parts.has(g) || !amountsOnly(g)) continue;
    const mine = columnsOfLine(g);
    join(g, (r) => ![...columnsOfLine(r)].some((c) => mine.has(c)));
  }
  // A numbered label (一、…) starts a row: it never ends the row above (a 10's section heading under its last row).
  const numbered = (g: GeoLine) => parts.get(g)!.some((i) => ORDINAL_START.test(i.text));
  for (const g of lines) if (parts.has(g) && labelsOnly(g)) join(g, (r) => !labelsOnly(r) && (!numbered(g) || r.y > g.y));
  // A row's name and number on the upper of its lines, its code or 行次 on another: the part
  // without them joins the nearest line that has one and no amount in the same columns.
  for (const g of lines) {
    if (!parts.has(g) || identified(g) || labelsOnly(g)) continue;
    const mine = columnsOfLine(g);
    join(g, (r) => identified(r) && ![...columnsOfLine(r)].some((c) => mine.has(c)));
  }
  return [...parts.keys()].sort((a, b) => a.page - b.page || a.y - b.y).map((r) => toTextLine(r, parts.get(r)!, grid?.centres ?? null));
}

interface Fragment extends Item {
  /** Baseline of the line the item was printed on. */
  y: number;
}

/**
 * Lines closer than this to a row's baseline are part of it: most of the shorter distances
 * between rows (a quarter of the gaps between identified rows are at most one row of one line).
 */
function mergeReach(rows: GeoLine[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < rows.length; i++) if (rows[i].page === rows[i - 1].page) gaps.push(rows[i].y - rows[i - 1].y);
  gaps.sort((a, b) => a - b);
  const pitch = gaps.length > 0 ? gaps[Math.floor(gaps.length / 4)] : 16;
  // Text laid out in lines (pdftotext -layout) puts a wrapped label's other lines a whole line
  // from their row, as far as the next row: up to a whole pitch there, the nearest row taking it.
  const inLines = rows.every((r) => r.y % LAYOUT_LINE_PT === 0);
  return Math.min(Math.max(pitch * (inLines ? 1.05 : 0.8), 6), 20);
}

/**
 * A row as text-style cells, in reading order. Labels next to each other from left to right (the
 * lines of one wrapped cell, indented or not) are read line by line; codes, 行次 and amounts
 * stand alone; all go left to right, with an empty cell for each numbered column that has no
 * amount on the row.
 */
function toTextLine(r: GeoLine, items: Fragment[], centres: Map<number, number> | null): Line {
  const groups: { x: number; items: Fragment[] }[] = [];
  for (const it of [...items].sort((a, b) => a.left - b.left)) {
    const last = groups[groups.length - 1];
    if (last && isLabel(it.text) && isLabel(last.items[0].text)) last.items.push(it);
    else groups.push({ x: it.col == null ? it.left : centre(it), items: [it] });
  }
  // Only a row with a number in it has empty cells to mark (a label line has none).
  if (centres && items.some((i) => isNumeric(i.text))) {
    const filled = new Set(items.map((i) => i.col));
    for (const [col, c] of centres) if (!filled.has(col)) groups.push({ x: c, items: [] });
  }
  groups.sort((a, b) => a.x - b.x);
  const cells = groups.flatMap((g) => (g.items.length === 0 ? [''] : g.items.sort((a, b) => a.y - b.y || a.left - b.left).map((i) => i.text)));
  return textLine(r.line, cells);
}

/** A rewritten line keeps its provenance; its cells no longer match the printed items' positions. */
const textLine = (l: Line, cells: string[]): Line => ({ cells, line: l.line, page: l.page });
