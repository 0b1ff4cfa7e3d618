// Tables of the functional classification from geometry: rows anchored on their codes (类 款 项 in columns
// of their own, or whole) or 合计; numbers to the nearest row, a line of them about as near two rows
// offered to both (solve.ts decides).
import type { TableCode } from '../../../schemas/contract.js';
import type { AssembleResult, FloatingRun, ParsedRow, PlacementNote } from '../model.js';
import { TEMPLATE_BY_CODE } from '../templates.js';
import { COLUMN_HEADS, type GCell, attachRuns, cellOf, clusters, columnMapper, overlaps, rowPitch } from './cells.js';


const LEVEL_HEADS = new Set(['类', '款', '项']);

/** `classification`: the codes rows start with (functional 2xx, or economic 3xx/5xx in a budget's tables). */
export function assembleCodedGeo(code: TableCode, cells: GCell[], classification: 'functional' | 'economic' = 'functional'): AssembleResult {
  const classCode = classification === 'economic' ? /^[35]\d{2}$/ : /^2\d{2}$/;
  const wholeCode = classification === 'economic' ? /^[35]\d{2}\d{2}$/ : /^2\d{2}(?:\d{2}){1,2}$/;
  const maxParts = classification === 'economic' ? 2 : 3;
  const notes: PlacementNote[] = [];
  const byLine = new Map<string, GCell[]>();
  for (const c of cells) {
    const k = `${c.page}:${c.y}`;
    byLine.set(k, [...(byLine.get(k) ?? []), c]);
  }
  interface Anchor { y: number; page: number; key: string; label: string[]; own: GCell[]; floating: FloatingRun[]; codeLefts: number[] }
  const anchors: Anchor[] = [];
  const anchored = new Set<GCell>();
  for (const lineCells of byLine.values()) {
    // The header's 类 款 项 cells can share the 合计 row's baseline: they are not part of it.
    const sorted = lineCells.filter((c) => !LEVEL_HEADS.has(c.text)).sort((a, b) => a.left - b.left);
    if (sorted.length === 0) continue;
    // 类 款 项 in cells of their own ("201" "01" "01"), or the whole code in one ("2010101").
    const whole = sorted[0].kind === 'int' && wholeCode.test(sorted[0].text);
    const codeParts: GCell[] = whole ? [sorted[0]] : [];
    for (const c of whole ? [] : sorted) {
      if (c.kind === 'int' && /^\d{2,3}$/.test(c.text) && (codeParts.length > 0 ? codeParts.length < maxParts && (classification === 'functional' || /^\d{2}$/.test(c.text)) : classCode.test(c.text))) codeParts.push(c);
      else break;
    }
    // A total row starts with 合计 and has no other label (the header line "合计 基本支出 …" has).
    const total = /^(合计|总计)$/.test(sorted[0].text.replace(/\s+/g, '')) && sorted.filter((c) => c.kind === 'label').length === 1 ? sorted[0] : undefined;
    if (codeParts.length === 0 && !total) continue;
    const key = codeParts.length > 0 ? codeParts.map((c) => c.text).join('') : '合计';
    anchors.push({ y: sorted[0].y, page: sorted[0].page, key, label: [], own: [], floating: [], codeLefts: codeParts.map((c) => c.left) });
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
  const unsure = alignPages(anchors, body);
  const mapper = columnMapper(header, nums.filter((c) => !unsure.has(c.page)), keywords);
  const order = mapper.order;
  const columnOf = (c: GCell) => (unsure.has(c.page) ? null : mapper.columnOf(c));
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
 * The header names the columns of its own page; a later page's columns stand where the header's
 * do in a PDF, but pdftotext's layout sets each page from its own leftmost text and character
 * width. A page whose code columns stand where the header page's do after one shift is shifted
 * so; a page whose code columns are spaced differently (another scale) is returned: the heads
 * do not tell its columns, the identities must.
 */
function alignPages(anchors: { page: number; codeLefts: number[] }[], cells: GCell[]): Set<number> {
  const unsure = new Set<number>();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const refsOf = (page: number) => [0, 1, 2].map((k) => {
    const xs = anchors.filter((a) => a.page === page && a.codeLefts.length > k).map((a) => a.codeLefts[k]);
    return xs.length > 0 ? median(xs) : null;
  });
  const first = anchors.find((a) => a.codeLefts.length > 0)?.page;
  if (first === undefined) return unsure;
  const home = refsOf(first);
  const homeColumns = clusters(cells.filter((c) => c.page === first && c.kind === 'num')).map(mean);
  for (const page of new Set(anchors.map((a) => a.page))) {
    if (page === first) continue;
    const refs = refsOf(page);
    if (home[0] === null || refs[0] === null) continue;
    const dx = home[0] - refs[0];
    if (refs.some((r, k) => r !== null && home[k] !== null && Math.abs(r + dx - home[k]!) > 4)) {
      unsure.add(page);
      continue;
    }
    if (dx !== 0) for (const c of cells) if (c.page === page) (c.left += dx), (c.right += dx);
    // Its numbers too may be set apart otherwise (pdftotext's layout keeps a page's left
    // columns and squeezes the rest): where they do not end where the first page's do, the
    // same number of columns maps in order; else the page is unsure.
    const own = cells.filter((c) => c.page === page && c.kind === 'num');
    const cols = clusters(own);
    const centres = cols.map(mean);
    if (centres.every((x) => homeColumns.some((h) => Math.abs(h - x) <= 9))) continue;
    if (centres.length !== homeColumns.length) {
      unsure.add(page);
      continue;
    }
    for (const c of own) {
      const k = cols.findIndex((cl) => cl.includes(Math.round(c.right)));
      const d = homeColumns[k] - centres[k];
      c.left += d;
      c.right += d;
    }
  }
  return unsure;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

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
  const sorted = [...anchors].sort((a, b) => a.page - b.page || a.y - b.y);
  const pitch = rowPitch(anchors);
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
