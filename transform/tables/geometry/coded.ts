// Tables of the functional classification from geometry: rows anchored on their codes (类 款 项 in columns
// of their own, or whole) or 合计; numbers to the nearest row, a line of them about as near two rows
// offered to both (solve.ts decides).
import type { TableCode } from '../../../schemas/contract.js';
import type { AssembleResult, FloatingRun, ParsedRow, PlacementNote } from '../model.js';
import { TEMPLATE_BY_CODE } from '../templates.js';
import { COLUMN_HEADS, type GCell, attachRuns, cellOf, columnMapper, overlaps } from './cells.js';


const LEVEL_HEADS = new Set(['类', '款', '项']);

export function assembleCodedGeo(code: TableCode, cells: GCell[]): AssembleResult {
  const notes: PlacementNote[] = [];
  const byLine = new Map<string, GCell[]>();
  for (const c of cells) {
    const k = `${c.page}:${c.y}`;
    byLine.set(k, [...(byLine.get(k) ?? []), c]);
  }
  interface Anchor { y: number; page: number; key: string; label: string[]; own: GCell[]; floating: FloatingRun[] }
  const anchors: Anchor[] = [];
  const anchored = new Set<GCell>();
  for (const lineCells of byLine.values()) {
    // The header's 类 款 项 cells can share the 合计 row's baseline: they are not part of it.
    const sorted = lineCells.filter((c) => !LEVEL_HEADS.has(c.text)).sort((a, b) => a.left - b.left);
    if (sorted.length === 0) continue;
    // 类 款 项 in cells of their own ("201" "01" "01"), or the whole code in one ("2010101").
    const whole = sorted[0].kind === 'int' && /^2\d{2}(?:\d{2}){1,2}$/.test(sorted[0].text);
    const codeParts: GCell[] = whole ? [sorted[0]] : [];
    for (const c of whole ? [] : sorted) {
      if (c.kind === 'int' && /^\d{2,3}$/.test(c.text) && (codeParts.length > 0 ? codeParts.length < 3 : /^2\d{2}$/.test(c.text))) codeParts.push(c);
      else break;
    }
    // A total row starts with 合计 and has no other label (the header line "合计 基本支出 …" has).
    const total = /^(合计|总计)$/.test(sorted[0].text.replace(/\s+/g, '')) && sorted.filter((c) => c.kind === 'label').length === 1 ? sorted[0] : undefined;
    if (codeParts.length === 0 && !total) continue;
    const key = codeParts.length > 0 ? codeParts.map((c) => c.text).join('') : '合计';
    anchors.push({ y: sorted[0].y, page: sorted[0].page, key, label: [], own: [], floating: [] });
    for (const c of codeParts) anchored.add(c);
    if (total) anchored.add(total);
  }
  if (anchors.length === 0) return { rows: [], notes };
  const firstY = Math.min(...anchors.filter((a) => a.page === anchors[0].page).map((a) => a.y));
  // Above the first row only labels are the header: a number there is the first rows' (a tall
  // 合计 row's numbers stand above its label in pdftotext's layout).
  const inHeader = (c: GCell) => c.page === anchors[0].page && c.y < firstY - 10 && c.kind === 'label';
  const header = cells.filter(inHeader);
  const body = cells.filter((c) => !inHeader(c) && !anchored.has(c) && !(c.page < anchors[0].page));
  const nums = body.filter((c) => c.kind === 'num');
  const keywords = TEMPLATE_BY_CODE[code].keywords ?? [];
  const { columnOf, order } = columnMapper(header, nums, keywords);
  attachNumbers(nums, anchors);
  // Names: the lines of one wrapped cell go to one row together, also the first row's upper
  // lines that stand above the body's first baseline.
  const isName = (c: GCell) => c.kind === 'label' && !/^(注|说明)/.test(c.text) && !LEVEL_HEADS.has(c.text) && !COLUMN_HEADS.test(c.text.replace(/\s+/g, ''));
  const names = body.filter(isName);
  const above = cells.filter((c) => c.page === anchors[0].page && c.y < firstY - 10 && c.y >= firstY - 40 && isName(c) && names.some((n) => overlaps(n, c)));
  for (const { cell, anchor } of attachRuns([...above, ...names], anchors)) anchor.label.push(cell.text);
  const columns = order;
  // Numbers left to right, each proposed in the column its header names (the placement checks it
  // against the identities); one the header does not name may stand in any column its order allows.
  const rows: ParsedRow[] = anchors.map((a) => {
    const nums = a.own.sort((x, y) => x.right - y.right);
    const floating = a.floating.map((f) => ({ ...f, hints: f.cells.map((c) => columnOf({ ...c, right: c.x! } as GCell)) }));
    return { key: a.key, label: a.label.join('') || a.key, rowNo: null, cells: new Map(), printed: { cells: nums.map(cellOf), columns, spaced: false, hints: nums.map(columnOf), floating } };
  });
  return { rows, notes };
}

/**
 * Numbers to rows. Numbers on a row's own line are its own; a line of numbers between rows goes
 * to the row whose line is nearer by more than a quarter of a row's pitch, and where two rows are
 * as near (a tall row prints its numbers a line above or below its label, pdftotext's layout
 * moves them a line: a line between two rows) it is offered to both, for the identities to
 * decide (solve.ts).
 */
function attachNumbers(nums: GCell[], anchors: { y: number; page: number; own: GCell[]; floating: FloatingRun[] }[]): void {
  const lines = new Map<string, GCell[]>();
  for (const n of nums) {
    const k = `${n.page}:${Math.round(n.y)}`;
    (lines.get(k) ?? lines.set(k, []).get(k)!).push(n);
  }
  const gaps: number[] = [];
  const sorted = [...anchors].sort((a, b) => a.page - b.page || a.y - b.y);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].page === sorted[i - 1].page && sorted[i].y > sorted[i - 1].y) gaps.push(sorted[i].y - sorted[i - 1].y);
  gaps.sort((a, b) => a - b);
  const pitch = gaps.length > 0 ? gaps[Math.floor(gaps.length / 4)] : 14;
  let runs = 0;
  for (const run of lines.values()) {
    const { page, y } = run[0];
    const onPage = sorted.filter((a) => a.page === page);
    const own = onPage.find((a) => Math.abs(a.y - y) < 1);
    if (own) {
      own.own.push(...run);
      continue;
    }
    const up = onPage.filter((a) => a.y < y).pop();
    const down = onPage.find((a) => a.y > y);
    const du = up ? y - up.y : Infinity;
    const dd = down ? down.y - y : Infinity;
    const reach = Math.max(30, 3 * pitch);
    const near = du <= dd ? up : down;
    if (!near || Math.min(du, dd) > reach) continue;
    const other = near === up ? down : up;
    const dOther = near === up ? dd : du;
    if (!other || dOther > reach || dOther - Math.min(du, dd) > pitch / 4) {
      near.own.push(...run);
      continue;
    }
    const id = `run${++runs}`;
    const cells = run.sort((a, b) => a.right - b.right).map((c) => ({ ...cellOf(c), x: c.right }));
    near.floating.push({ id, near: true, cells });
    other.floating.push({ id, near: false, cells });
  }
}
