// Tables 01 and 04 from geometry, in layouts that number no rows.
import type { TableCode } from '../../../schemas/contract.js';
import type { AssembleResult, FloatingRun, ParsedRow, PlacementNote } from '../model.js';
import { keyNumberedRows } from '../text/keys.js';
import { functionClassCode } from '../templates.js';
import { isRowName, sideOf, startsRow, type Side } from '../text/labelled.js';
import { isProse, ORDINAL_START } from '../tokens.js';
import { type GCell, cellOf, columnMapper, rowPitch } from './cells.js';


/**
 * 01 and 04 from geometry: rows anchored on the labels that start them, each on the side its
 * name says (收入 / 支出, a functional 类: sideOf), so that a page whose extractor shifted the
 * expenditure side to the left margin (pdftotext -layout prints a page from its leftmost text)
 * still reads. A number belongs to the side whose labels stand left of it and to the nearest
 * row of that side with its column still free (most certain numbers first); a label without an
 * ordinal completes the open row above it. The numbers go to the placement with the columns the
 * header shows them under.
 */
export function assembleTwoSidedGeo(code: TableCode, cells: GCell[]): AssembleResult {
  const notes: PlacementNote[] = [];
  const labels = cells.filter((c) => c.kind === 'label');
  const firstRow = labels.find((c) => ORDINAL_START.test(c.text));
  if (!firstRow) return { rows: [], notes };
  // Above the first row only labels are the header: a number there is the first row's.
  const header = cells.filter((c) => c.page === firstRow.page && c.y < firstRow.y - 10 && c.kind === 'label');
  const body = cells.filter((c) => !header.includes(c) && !(c.page < firstRow.page));
  interface Anchor { y: number; left: number; page: number; side: Side; label: string; nums: { cell: GCell; col: number | null }[]; floating: FloatingRun[]; order: number }
  const anchors: Anchor[] = [];
  const pending: GCell[] = [];
  for (const c of body.filter((x) => x.kind === 'label').sort((a, b) => a.page - b.page || a.y - b.y || a.left - b.left)) {
    const text = c.text.replace(/\s+/g, '');
    if (/^(注|说明)/.test(text) || isProse(text)) continue;
    if (ORDINAL_START.test(text) || startsRow(text)) anchors.push({ y: c.y, left: c.left, page: c.page, side: sideOf(text) ?? 'income', label: text, nums: [], floating: [], order: anchors.length });
    else pending.push(c);
  }
  // Sides of labels their names leave open (总计, ordinals of either side): left or right of the page's expenditure labels.
  const boundary = new Map<number, number>();
  for (const a of anchors) if (sideOf(a.label) === 'expenditure') boundary.set(a.page, Math.min(boundary.get(a.page) ?? Infinity, a.left));
  // A page without a label of either side's name but with two rows on one line (总计 总计, the
  // table's last line on a page of its own) splits there; another takes its neighbour's.
  // (That split tells sides apart, not how the page is shifted: the 总计 label may stand anywhere in its column.)
  const sidesOnly = new Map<number, number>();
  for (const a of anchors) {
    if (boundary.has(a.page) || sideOf(a.label) !== null) continue;
    const twin = anchors.find((b) => b !== a && b.page === a.page && Math.abs(b.y - a.y) < 3 && sideOf(b.label) === null && b.left > a.left);
    if (twin) sidesOnly.set(a.page, twin.left);
  }
  const pages = [...boundary.keys()].sort((a, b) => a - b);
  const boundaryOf = (page: number) => boundary.get(page) ?? boundary.get(pages.filter((p) => p < page).pop() ?? pages[0]) ?? Infinity;
  const sideAt = (page: number, x: number): Side => (x >= (sidesOnly.get(page) ?? boundaryOf(page)) - 2 ? 'expenditure' : 'income');
  for (const a of anchors) {
    if (sideOf(a.label) !== null) continue;
    // Two such labels on one line (总计, 总计): income's on the left.
    const twin = anchors.find((b) => b !== a && b.page === a.page && Math.abs(b.y - a.y) < 3 && sideOf(b.label) === null);
    a.side = twin ? (a.left < twin.left ? 'income' : 'expenditure') : sideAt(a.page, a.left);
  }
  // A wrapped label's other lines: to the open row above on the same side that they complete.
  for (const c of pending) {
    const text = c.text.replace(/\s+/g, '');
    const above = anchors.filter((a) => a.page === c.page && a.y <= c.y + 3 && a.y >= c.y - 60 && !isRowName(a.label)).sort((x, y) => y.y - x.y);
    const target = above.find((a) => isRowName(a.label + text)) ?? above.find((a) => a.side === sideAt(c.page, c.left));
    if (target) target.label += text;
  }
  // Columns of the expenditure side from the header over them; a later page's numbers shifted
  // as its labels are (an extractor's re-spacing), so the header's columns still apply.
  const expHeader = code === '04' ? [['合计'], ['一般公共预算'], ['政府性基金'], ['国有资本']] : [['决算数', '金额']];
  const expColumns = code === '04' ? [2, 3, 4, 5] : [2];
  const nums = body.filter((c) => c.kind === 'num');
  const headerPage = firstRow.page;
  const shift = (page: number) => boundaryOf(headerPage) - boundaryOf(page);
  const shifted = (n: GCell): GCell => ({ ...n, left: n.left + shift(n.page), right: n.right + shift(n.page) });
  const expNums = nums.filter((n) => sideAt(n.page, n.left) === 'expenditure').map(shifted);
  const { columnOf } = columnMapper(header.filter((h) => h.left >= boundaryOf(headerPage) - 2), expNums, expHeader);
  const placed = nums.map((n) => {
    const side = sideAt(n.page, n.left);
    const col = side === 'income' ? 1 : code === '01' ? 2 : ((c) => (c === null ? null : c + 1))(columnOf(shifted(n)));
    const mine = anchors.filter((a) => a.side === side && a.page === n.page).sort((x, y) => Math.abs(x.y - n.y) - Math.abs(y.y - n.y));
    return { n, side, col, mine };
  });
  // Most certain first: a number far nearer one row than the next.
  const margin = (p: (typeof placed)[number]) => (p.mine.length > 1 ? Math.abs(p.mine[1].y - p.n.y) - Math.abs(p.mine[0].y - p.n.y) : Infinity);
  const tie = rowPitch(anchors) / 4;
  let runs = 0;
  for (const p of [...placed].sort((x, y) => margin(y) - margin(x))) {
    // A row with its column taken by another number still has room for this one if it has
    // columns left (columns seen on a re-spaced page may be off), when no other row is as near.
    const room = (x: (typeof p.mine)[number]) => Math.abs(x.y - p.n.y) <= 30 && x.nums.length + x.floating.length < (p.side === 'income' ? 1 : expColumns.length);
    const free = (x: (typeof p.mine)[number]) => room(x) && (p.col === null || !x.nums.some((m) => m.col === p.col));
    // A number alone between two rows as near, both free (a tall row prints its number a line
    // above its label, pdftotext's layout gives it a line of its own): offered to both, for
    // the identities to decide.
    if (p.mine.length > 1 && margin(p) <= tie && p.n.y !== p.mine[0].y && room(p.mine[0]) && room(p.mine[1])) {
      const id = `run${++runs}`;
      const cells = [{ ...cellOf(p.n), x: p.n.right }];
      for (const x of [p.mine[0], p.mine[1]]) x.floating.push({ id, near: true, cells, hints: [p.col] });
      continue;
    }
    // A number on a row's own line is that row's while it has room (the column seen may be off).
    const own = p.mine[0] && Math.abs(p.mine[0].y - p.n.y) < 1 && room(p.mine[0]) ? p.mine[0] : undefined;
    const a = own ?? p.mine.find(free) ?? p.mine.find((x) => room(x) && Math.abs(x.y - p.n.y) === Math.abs(p.mine[0].y - p.n.y));
    if (!a) {
      notes.push({ subject: `page ${p.n.page}`, passed: false, detail: `number ${p.n.text} next to no row with its column free` });
      continue;
    }
    a.nums.push({ cell: p.n, col: p.col });
  }
  const rows: ParsedRow[] = anchors
    .sort((a, b) => (a.side === b.side ? a.order - b.order : a.side === 'income' ? -1 : 1))
    .map((a) => {
      const nums = a.nums.sort((x, y) => x.cell.right - y.cell.right);
      const columns = a.side === 'income' ? [1] : expColumns;
      return { key: '', label: a.label, rowNo: null, side: a.side, cells: new Map(), printed: { cells: nums.map((m) => cellOf(m.cell)), columns, spaced: false, hints: nums.map((m) => m.col), floating: a.floating } };
    });
  keyNumberedRows(rows, functionClassCode);
  return { rows, notes };
}
