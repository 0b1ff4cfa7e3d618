// Table 06 from geometry: side-by-side groups of (类, 款, name, amount), or of (code, name, amount)
// where the whole code stands in one column under 科目编码 (the official template).
import type { AssembleResult, FloatingRun, ParsedRow, PlacementNote } from '../model.js';
import { canonicalLabel } from '../templates.js';
import { type GCell, cellOf, nearest, rowPitch } from './cells.js';

const CLASS = /^3\d{2}$/;
const CODE = /^3\d{2}(?:\d{2})?$/;

/** Null when the header names no groups (neither 类 nor 科目编码 heads). */
export function assembleEconomicGeo(cells: GCell[]): AssembleResult | null {
  const split = cells.some((c) => c.text === '类');
  const classHeads = cells.filter((c) => (split ? c.text === '类' : /^(?:经济分类)?科目编码$/.test(c.text.replace(/\s+/g, '')))).sort((a, b) => a.left - b.left);
  if (classHeads.length === 0) return null;
  const kuanHeads = cells.filter((c) => c.text === '款').sort((a, b) => a.left - b.left);
  const isCode = (c: GCell) => c.kind === 'int' && (split ? CLASS : CODE).test(c.text);
  // Groups sit side by side: group g starts halfway between the previous group's 决算数
  // column (numbers end there, right-aligned) and its own code column. A cell belongs to the
  // group its centre falls in.
  const amountHeads = cells.filter((c) => c.text === '决算数');
  const starts = classHeads.map((h, g) => {
    if (g === 0) return -Infinity;
    const prevAmount = amountHeads.filter((a) => a.right <= h.left + 5).reduce((m, a) => Math.max(m, a.right), -Infinity);
    return Number.isFinite(prevAmount) ? (prevAmount + h.left) / 2 : h.left - 8;
  });
  const headY = Math.max(...classHeads.map((h) => h.y));
  // Where a page's class codes stand, group by group: an extractor that lays text out in
  // characters (pdftotext -layout) closes up a later page's gap between the groups, so each
  // page's groups start where its own class codes of each group do (their columns in order).
  const pageStarts = new Map<number, number[]>();
  for (const c of cells) {
    if (!isCode(c) || (c.page === classHeads[0].page && c.y <= headY)) continue;
    const lefts = pageStarts.get(c.page) ?? [];
    lefts.push(c.left);
    pageStarts.set(c.page, lefts);
  }
  const columnsOf = (lefts: number[]) => {
    const columns: number[] = [];
    for (const x of [...lefts].sort((a, b) => a - b)) if (columns.length === 0 || x - columns[columns.length - 1] > 60) columns.push(x);
    return columns;
  };
  // A page that shows every group's codes says where its groups are; there each class code's group is seen.
  const groupOfCode = new Map<string, number>();
  const partial: number[] = [];
  for (const [page, lefts] of pageStarts) {
    const columns = columnsOf(lefts);
    if (columns.length !== classHeads.length) {
      partial.push(page);
      continue;
    }
    pageStarts.set(page, columns.map((x, g) => (g === 0 ? -Infinity : x - 10)));
    for (const c of cells) if (c.page === page && isCode(c)) groupOfCode.set(c.text.slice(0, 3), columns.filter((x) => c.left >= x - 10).length - 1);
  }
  // A page with some groups' codes only (the first group ended a page before): each column of
  // codes is the group its codes were seen in; the groups left of the first start there.
  for (const page of partial) {
    const columns = columnsOf(pageStarts.get(page)!);
    const groups = columns.map((x) => {
      const seen = cells.filter((c) => c.page === page && isCode(c) && Math.abs(c.left - x) <= 60 && groupOfCode.has(c.text.slice(0, 3))).map((c) => groupOfCode.get(c.text.slice(0, 3))!);
      return seen.length > 0 ? Math.min(...seen) : undefined;
    });
    if (groups.some((g, k) => g === undefined || (k > 0 && g <= groups[k - 1]!))) {
      pageStarts.delete(page);
      continue;
    }
    pageStarts.set(page, classHeads.map((_, g) => {
      if (g === 0) return -Infinity;
      const k = groups.findIndex((x) => x! >= g);
      return k < 0 ? Infinity : columns[k] - 10;
    }));
  }
  const groupOf = (c: GCell) => {
    const centre = (c.left + c.right) / 2;
    let g = 0;
    (pageStarts.get(c.page) ?? starts).forEach((start, i) => centre >= start && (g = i));
    return g;
  };
  const body = cells.filter((c) => !(c.page === classHeads[0].page && c.y <= headY));
  interface Anchor { y: number; left: number; page: number; group: number; key: string; kuan: string; label: string[]; value: GCell | null; floating: FloatingRun[] }
  const anchors: Anchor[] = [];
  const anchorCells = new Set<GCell>();
  // A class code stands under its group's 类 head, or leftmost in its group where an extractor
  // shifted a later page's lines (pdftotext -layout starts each page at its leftmost text and
  // sets it in its own character width).
  const leftmost = (c: GCell) => !body.some((o) => o !== c && o.page === c.page && Math.abs(o.y - c.y) < 1 && groupOf(o) === groupOf(c) && o.left < c.left);
  for (const c of body) {
    const g = groupOf(c);
    // (A page whose own class codes placed its groups: leftmost in its group is enough.)
    const isClass = isCode(c) && ((split && Math.abs(c.right - classHeads[g].right) < 20) || ((pageStarts.has(c.page) || Math.abs(c.right - classHeads[g].right) < 60) && leftmost(c)));
    const total = c.kind === 'label' && /经费合计$/.test(c.text.replace(/\s+/g, ''));
    if (!isClass && !total) continue;
    anchorCells.add(c);
    anchors.push({ y: c.y, left: c.left, page: c.page, group: g, key: isClass ? c.text : canonicalLabel(c.text), kuan: '', label: total ? [c.text] : [], value: null, floating: [] });
  }
  const noteY = Math.min(...body.filter((c) => /^(注|说明)[:：]/.test(c.text)).map((c) => c.y + c.page * 10000));
  // A total's amount follows its label on its line ("人员经费合计 2,152.26 公用经费合计 184.65"),
  // wherever an extractor moved that line.
  // Printed on the line above or below instead (a tall last row), the totals take that line's
  // amounts in order, when it has one for each.
  const totals = anchors.filter((a) => !/^\d/.test(a.key));
  for (const a of totals) {
    const level = body.filter((c) => c.page === a.page && Math.abs(c.y - a.y) < 1 && c.left > a.left).sort((x, y) => x.left - y.left);
    const next = level.find((c) => c.kind !== 'num');
    const value = level.find((c) => c.kind === 'num' && (!next || c.left < next.left));
    if (value) {
      a.value = value;
      anchorCells.add(value);
    }
  }
  const waiting = totals.filter((a) => !a.value).sort((x, y) => x.left - y.left);
  if (waiting.length > 0) {
    const { page, y } = waiting[0];
    const amountsAt = (dy: number) => body.filter((c) => c.kind === 'num' && c.page === page && Math.abs(c.y - (y + dy)) < 1 && !anchorCells.has(c)).sort((a, b) => a.left - b.left);
    const pitch = Math.min(...[...new Set(body.filter((c) => c.page === page).map((c) => c.y))].map((v) => Math.abs(v - y)).filter((d) => d > 1), 30);
    const line = [amountsAt(-pitch), amountsAt(pitch)].find((l) => l.length === waiting.length);
    if (line) waiting.forEach((a, k) => ((a.value = line[k]), anchorCells.add(line[k])));
  }
  const notes: PlacementNote[] = [];
  const tie = rowPitch(anchors) / 4;
  let runs = 0;
  for (const c of body) {
    if (anchorCells.has(c) || c.y + c.page * 10000 >= noteY) continue; // the notes under the table
    const g = groupOf(c);
    // Two anchors on the cell's line (人员经费合计 2,152.26 公用经费合计 184.65 on a page an
    // extractor shifted into one group): the one standing left of it.
    const mine = anchors.filter((x) => x.group === g);
    const level = mine.filter((x) => x.page === c.page && Math.abs(x.y - c.y) < 1 && x.left <= c.left).sort((x, y) => y.left - x.left);
    const a = level.length > 1 ? level[0] : nearest(mine, c);
    if (!a) continue;
    // An amount on a line of its own as near the row above as the row below (a tall row prints
    // it a line above its label in pdftotext's layout): offered to both, for the identities.
    // (A name on the amount's line takes it along, to the row that name goes to.)
    const named = body.some((o) => o.kind === 'label' && o.page === c.page && Math.abs(o.y - c.y) < 1 && o.left < c.left && groupOf(o) === g);
    if (c.kind === 'num' && level.length === 0 && !named) {
      const near = mine.filter((x) => x.page === c.page && /^\d/.test(x.key)).sort((x, y) => Math.abs(x.y - c.y) - Math.abs(y.y - c.y));
      const free = near.length > 1 && Math.abs(near[1].y - c.y) - Math.abs(near[0].y - c.y) <= tie ? near.slice(0, 2).filter((x) => !x.value && x.floating.length === 0) : [];
      if (free.length === 2) {
        const id = `run${++runs}`;
        for (const x of free) x.floating.push({ id, near: true, cells: [cellOf(c)], hints: [1] });
        continue;
      }
      if (free.length === 1) {
        free[0].value = c;
        continue;
      }
    }
    // Amounts of this table have decimals: a two-digit integer near a row is its 款, the 款 of the
    // class code it stands beside (an extractor may shift a line across the groups' boundary).
    if (c.kind === 'int' && /^\d{2}$/.test(c.text) && kuanHeads.length > 0) {
      const beside = anchors.filter((x) => /^\d/.test(x.key) && x.page === c.page && Math.abs(x.y - c.y) <= 30).sort((x, y) => Math.abs(x.left - c.left) - Math.abs(y.left - c.left) || Math.abs(x.y - c.y) - Math.abs(y.y - c.y))[0];
      if (beside && !beside.kuan) beside.kuan = c.text;
    }
    else if (c.kind === 'num' && !a.value) a.value = c;
    else if (c.kind === 'num') notes.push({ subject: `page ${c.page}`, passed: false, detail: `number ${c.text} next to row ${a.key}${a.kuan}, which has its amount ${a.value!.text}` });
    else if (c.kind === 'label') a.label.push(c.text.replace(/\s+/g, ''));
  }
  const rows: ParsedRow[] = anchors
    .sort((a, b) => a.group - b.group || a.page - b.page || a.y - b.y)
    .map((a) => {
      const own = a.value ? [cellOf(a.value)] : [];
      const row: ParsedRow = { key: /^\d+$/.test(a.key) ? a.key + a.kuan : a.key, label: a.label.join(''), rowNo: null, cells: new Map(own.map((v) => [1, v])) };
      if (a.floating.length > 0) row.printed = { cells: own, columns: [1], spaced: false, hints: own.map(() => 1), floating: a.floating };
      return row;
    });
  return { rows, notes };
}
