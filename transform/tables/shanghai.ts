// Table assembly from PDF geometry, for layouts without 行次/栏次 (Shanghai's). Rows are
// anchored on what identifies them (a classification code, an item label); every other cell
// joins the anchor nearest to it vertically on the same page, because multi-line cells put
// their text on baselines a few points above or below the row's. Numbers are placed in
// columns by their right edge (they are right-aligned) against the header's column names.
import type { Line } from '../../extract/lines.js';
import type { TableCode } from '../../schemas/contract.js';
import type { AssembleResult, Cell, FloatingRun, ParsedRow, PlacementNote } from './model.js';
import { assembleEconomic, bodyLines, keyNumberedRows } from './national.js';
import { textLinesFromGeometry } from './geometry.js';
import { canonicalLabel, functionClassCode, TEMPLATE_BY_CODE } from './templates.js';
import { isRowName, sideOf, startsRow, type Side } from './labelled.js';
import { isProse, kindOf, ORDINAL_START, type TokenKind } from './tokens.js';

interface GCell {
  text: string;
  kind: TokenKind;
  left: number;
  right: number;
  y: number;
  page: number;
}

function geometry(lines: Line[]): GCell[] {
  const out: GCell[] = [];
  for (const l of lines) {
    if (!l.left || !l.right || l.y === undefined) continue;
    l.cells.forEach((text, i) => {
      if (text === '') return;
      out.push({ text, kind: kindOf(text), left: l.left![i], right: l.right![i], y: l.y!, page: l.page ?? 0 });
    });
  }
  return out;
}

const cellOf = (c: GCell): Cell => ({ text: c.text, page: c.page, x: c.right });

function nearest<T extends { y: number; page: number }>(anchors: T[], c: { y: number; page: number }): T | undefined {
  let best: T | undefined;
  let d = Infinity;
  for (const a of anchors) {
    if (a.page !== c.page) continue;
    const dy = Math.abs(a.y - c.y);
    if (dy < d) [best, d] = [a, dy];
  }
  return d <= 30 ? best : undefined;
}

/**
 * Right edges of numbers, clustered into columns. Right-aligned numbers of one column end
 * within a few points of each other (bold rows and ragged typesetting a little further right);
 * neighbouring columns are at least a narrow column's width (30pt) apart.
 */
function clusters(nums: GCell[]): number[][] {
  const rights = [...new Set(nums.map((c) => Math.round(c.right)))].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const r of rights) {
    const last = out[out.length - 1];
    if (last && r - last[last.length - 1] <= 18) last.push(r);
    else out.push([r]);
  }
  return out;
}

/**
 * Maps each number column (cluster of right edges) to a template column by the header text
 * above it: the header cells over its numbers name it (a head spanning several columns, 本年支出,
 * only names them together with their own heads 合计/基本支出/项目支出); where none is over
 * them, the nearest head within half the distance to the neighbouring columns.
 */
function columnMapper(header: GCell[], nums: GCell[], keywords: string[][]): { columnOf: (c: GCell) => number | null; order: number[] } {
  const cols = clusters(nums);
  const assigned = new Map<number, number>();
  const spans = cols.map((cl) => [Math.min(...nums.filter((n) => cl.includes(Math.round(n.right))).map((n) => n.left)), Math.max(...cl)]);
  const middles = spans.map(([l, r]) => (l + r) / 2);
  // The title and unit lines above the header span the columns without naming any.
  const heads = header.filter((h) => !/决算表|单位[:：]|^部门|^单位名称/.test(h.text));
  cols.forEach((_, k) => {
    const mid = middles[k];
    const [left, right] = spans[k];
    const half = Math.min(...[middles[k - 1], middles[k + 1]].filter((m) => m !== undefined).map((m) => Math.abs(m! - mid) / 2), 60);
    const over = heads.filter((h) => (h.left <= right + 2 && h.right >= left - 2) || (h.left - 2 <= mid && h.right + 2 >= mid));
    const near = heads.map((h) => ({ h, d: Math.abs((h.left + h.right) / 2 - mid) })).filter((x) => x.d <= half).sort((a, b) => a.d - b.d)[0];
    for (const candidates of [over, near ? [near.h] : []]) {
      const text = candidates
        .sort((a, b) => a.y - b.y || a.left - b.left)
        .map((h) => h.text.replace(/\s+/g, ''))
        .join('');
      const col = keywords.findIndex((kws) => kws.some((kw) => text.includes(kw)));
      if (col < 0) continue;
      assigned.set(k, col + 1);
      break;
    }
  });
  // A column the header does not name gets null: the caller lets the identities place it.
  const columnOf = (c: GCell) => {
    const k = cols.findIndex((cl) => cl.includes(Math.round(c.right)));
    return assigned.get(k) ?? null;
  };
  // The columns the table prints: those its header names somewhere (a 05 of three columns has no
  // 年初结转和结余 head), in the order their heads stand; those named over numbers decide first.
  const named = [...new Set([...assigned.entries()].sort((a, b) => a[0] - b[0]).map(([, col]) => col))];
  const headAt = (col: number) => {
    const at = heads.filter((h) => keywords[col - 1].some((kw) => h.text.replace(/\s+/g, '').includes(kw))).map((h) => (h.left + h.right) / 2);
    return at.length > 0 ? Math.min(...at) : null;
  };
  const printed = keywords.map((_, k) => k + 1).filter((col) => named.includes(col) || headAt(col) !== null);
  const order = printed.length > 0 ? printed.sort((a, b) => (headAt(a) ?? Infinity) - (headAt(b) ?? Infinity)) : keywords.map((_, k) => k + 1);
  // Where the heads' order and the numbers' disagree (a head wrapped over lines), the numbers' decides.
  if (named.length > 1 && !named.every((c, i) => i === 0 || order.indexOf(c) > order.indexOf(named[i - 1]))) return { columnOf, order: [...named, ...order.filter((c) => !named.includes(c))] };
  return { columnOf, order };
}

const overlaps = (a: GCell, b: GCell) => a.left <= b.right && b.left <= a.right;
// Heads of the label columns, never part of a row's name.
const COLUMN_HEADS = /^(?:项目|(?:(?:支出)?(?:功能|经济)分类)?(?:科目)?(?:名称|编码|代码)|(?:支出)?(?:功能|经济)分类)$/;

/**
 * Label cells attached to rows. The lines of one wrapped cell (the same column, one line pitch
 * apart) form a run, and a run goes to the row whose baseline it spans (else the nearest): a
 * name wrapped over four lines has outer lines nearer the neighbouring rows than its own.
 */
function attachRuns<A extends { y: number; page: number }>(labels: GCell[], anchors: A[]): { cell: GCell; anchor: A }[] {
  const out: { cell: GCell; anchor: A }[] = [];
  const columns: GCell[][] = [];
  for (const c of [...labels].sort((a, b) => a.page - b.page || a.left - b.left)) {
    const col = columns.find((k) => k[0].page === c.page && k.some((x) => overlaps(x, c)));
    if (col) col.push(c);
    else columns.push([c]);
  }
  for (const col of columns) {
    col.sort((a, b) => a.y - b.y || a.left - b.left);
    const gaps = col.slice(1).map((c, i) => c.y - col[i].y).filter((g) => g > 1);
    const pitch = gaps.length > 0 ? Math.min(...gaps) : 0;
    const runs: GCell[][] = [];
    col.forEach((c, i) => {
      if (i > 0 && c.y - col[i - 1].y <= Math.max(pitch * 1.6, pitch + 4)) runs[runs.length - 1].push(c);
      else runs.push([c]);
    });
    for (const run of runs) {
      const top = run[0].y;
      const bottom = run[run.length - 1].y;
      const spanned = anchors.filter((a) => a.page === run[0].page && a.y >= top - 3 && a.y <= bottom + 3).sort((a, b) => a.y - b.y);
      if (spanned.length <= 1) {
        const anchor = spanned[0] ?? nearest(anchors, { y: (top + bottom) / 2, page: run[0].page });
        if (anchor) for (const cell of run) out.push({ cell, anchor });
        continue;
      }
      if (run.length < spanned.length) {
        // Fewer lines than rows (rows without names between them): each line to its nearest row.
        for (const cell of run) {
          const anchor = nearest(spanned, cell);
          if (anchor) out.push({ cell, anchor });
        }
        continue;
      }
      // Several rows' names with nothing between them to tell where one ends: cut the run so
      // each row's lines stand centred on its baseline, or else start on it (top-aligned cells,
      // a little dearer, so that a centred reading wins a tie).
      const cost = (from: number, to: number, a: A) => Math.min(Math.abs((run[from].y + run[to - 1].y) / 2 - a.y), Math.abs(run[from].y - a.y) + 0.5);
      const n = run.length;
      const m = spanned.length;
      const best: number[][] = Array.from({ length: m + 1 }, () => new Array(n + 1).fill(Infinity));
      const cut: number[][] = Array.from({ length: m + 1 }, () => new Array(n + 1).fill(0));
      best[0][0] = 0;
      for (let k = 1; k <= m; k++)
        for (let j = k; j <= n; j++)
          for (let i = k - 1; i < j; i++) {
            const c = best[k - 1][i] + cost(i, j, spanned[k - 1]);
            if (c < best[k][j]) [best[k][j], cut[k][j]] = [c, i];
          }
      for (let k = m, j = n; k > 0; j = cut[k][j], k--) for (let i = cut[k][j]; i < j; i++) out.push({ cell: run[i], anchor: spanned[k - 1] });
    }
  }
  return out.sort((a, b) => a.cell.page - b.cell.page || a.cell.y - b.cell.y || a.cell.left - b.cell.left);
}

// ---------------------------------------------------------------- coded tables

const LEVEL_HEADS = new Set(['类', '款', '项']);

function assembleCodedGeo(code: TableCode, cells: GCell[]): AssembleResult {
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

// ---------------------------------------------------------------- 01 / 04

/**
 * 01 and 04 from geometry: rows anchored on the labels that start them, each on the side its
 * name says (收入 / 支出, a functional 类: sideOf), so that a page whose extractor shifted the
 * expenditure side to the left margin (pdftotext -layout prints a page from its leftmost text)
 * still reads. A number belongs to the side whose labels stand left of it and to the nearest
 * row of that side with its column still free (most certain numbers first); a label without an
 * ordinal completes the open row above it. The numbers go to the placement with the columns the
 * header shows them under.
 */
function assembleTwoSidedGeo(code: TableCode, cells: GCell[]): AssembleResult {
  const notes: PlacementNote[] = [];
  const labels = cells.filter((c) => c.kind === 'label');
  const firstRow = labels.find((c) => ORDINAL_START.test(c.text));
  if (!firstRow) return { rows: [], notes };
  // Above the first row only labels are the header: a number there is the first row's.
  const header = cells.filter((c) => c.page === firstRow.page && c.y < firstRow.y - 10 && c.kind === 'label');
  const body = cells.filter((c) => !header.includes(c) && !(c.page < firstRow.page));
  interface Anchor { y: number; left: number; page: number; side: Side; label: string; nums: { cell: GCell; col: number | null }[]; order: number }
  const anchors: Anchor[] = [];
  const pending: GCell[] = [];
  for (const c of body.filter((x) => x.kind === 'label').sort((a, b) => a.page - b.page || a.y - b.y || a.left - b.left)) {
    const text = c.text.replace(/\s+/g, '');
    if (/^(注|说明)/.test(text) || isProse(text)) continue;
    if (ORDINAL_START.test(text) || startsRow(text)) anchors.push({ y: c.y, left: c.left, page: c.page, side: sideOf(text) ?? 'income', label: text, nums: [], order: anchors.length });
    else pending.push(c);
  }
  // Sides of labels their names leave open (总计, ordinals of either side): left or right of the page's expenditure labels.
  const boundary = new Map<number, number>();
  for (const a of anchors) if (sideOf(a.label) === 'expenditure') boundary.set(a.page, Math.min(boundary.get(a.page) ?? Infinity, a.left));
  // A page without a label of either side's name (总计 alone) takes its neighbour's.
  const pages = [...boundary.keys()].sort((a, b) => a - b);
  const boundaryOf = (page: number) => boundary.get(page) ?? boundary.get(pages.filter((p) => p < page).pop() ?? pages[0]) ?? Infinity;
  const sideAt = (page: number, x: number): Side => (x >= boundaryOf(page) - 2 ? 'expenditure' : 'income');
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
  for (const p of [...placed].sort((x, y) => margin(y) - margin(x))) {
    // A row with its column taken by another number still has room for this one if it has
    // columns left (columns seen on a re-spaced page may be off), when no other row is as near.
    const room = (x: (typeof p.mine)[number]) => Math.abs(x.y - p.n.y) <= 30 && x.nums.length < (p.side === 'income' ? 1 : expColumns.length);
    const a = p.mine.find((x) => room(x) && (p.col === null || !x.nums.some((m) => m.col === p.col))) ?? p.mine.find((x) => room(x) && Math.abs(x.y - p.n.y) === Math.abs(p.mine[0].y - p.n.y));
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
      return { key: '', label: a.label, rowNo: null, side: a.side, cells: new Map(), printed: { cells: nums.map((m) => cellOf(m.cell)), columns, spaced: false, hints: nums.map((m) => m.col) } };
    });
  keyNumberedRows(rows, functionClassCode);
  return { rows, notes };
}

// ---------------------------------------------------------------- 06

function assembleEconomicGeo(cells: GCell[]): AssembleResult {
  const classHeads = cells.filter((c) => c.text === '类').sort((a, b) => a.left - b.left);
  const kuanHeads = cells.filter((c) => c.text === '款').sort((a, b) => a.left - b.left);
  // Groups sit side by side: group g starts halfway between the previous group's 决算数
  // column (numbers end there, right-aligned) and its own 类 column. A cell belongs to the
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
    if (c.kind !== 'int' || !/^3\d{2}$/.test(c.text) || (c.page === classHeads[0].page && c.y <= headY)) continue;
    const lefts = pageStarts.get(c.page) ?? [];
    lefts.push(c.left);
    pageStarts.set(c.page, lefts);
  }
  for (const [page, lefts] of pageStarts) {
    const columns: number[] = [];
    for (const x of [...lefts].sort((a, b) => a - b)) if (columns.length === 0 || x - columns[columns.length - 1] > 60) columns.push(x);
    // Only a page that shows every group's codes says where its groups are.
    if (columns.length === classHeads.length) pageStarts.set(page, columns.map((x, g) => (g === 0 ? -Infinity : x - 10)));
    else pageStarts.delete(page);
  }
  const groupOf = (c: GCell) => {
    const centre = (c.left + c.right) / 2;
    let g = 0;
    (pageStarts.get(c.page) ?? starts).forEach((start, i) => centre >= start && (g = i));
    return g;
  };
  const body = cells.filter((c) => !(c.page === classHeads[0].page && c.y <= headY));
  interface Anchor { y: number; left: number; page: number; group: number; key: string; kuan: string; label: string[]; value: GCell | null }
  const anchors: Anchor[] = [];
  const anchorCells = new Set<GCell>();
  // A class code stands under its group's 类 head, or leftmost in its group where an extractor
  // shifted a later page's lines (pdftotext -layout starts each page at its leftmost text).
  const leftmost = (c: GCell) => !body.some((o) => o !== c && o.page === c.page && Math.abs(o.y - c.y) < 1 && groupOf(o) === groupOf(c) && o.left < c.left);
  for (const c of body) {
    const g = groupOf(c);
    const isClass = c.kind === 'int' && /^3\d{2}$/.test(c.text) && (Math.abs(c.right - classHeads[g].right) < 20 || (Math.abs(c.right - classHeads[g].right) < 60 && leftmost(c)));
    const total = c.kind === 'label' && /经费合计$/.test(c.text.replace(/\s+/g, ''));
    if (!isClass && !total) continue;
    anchorCells.add(c);
    anchors.push({ y: c.y, left: c.left, page: c.page, group: g, key: isClass ? c.text : canonicalLabel(c.text), kuan: '', label: total ? [c.text] : [], value: null });
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
  for (const c of body) {
    if (anchorCells.has(c) || c.y + c.page * 10000 >= noteY) continue; // the notes under the table
    const g = groupOf(c);
    // Two anchors on the cell's line (人员经费合计 2,152.26 公用经费合计 184.65 on a page an
    // extractor shifted into one group): the one standing left of it.
    const mine = anchors.filter((x) => x.group === g);
    const level = mine.filter((x) => x.page === c.page && Math.abs(x.y - c.y) < 1 && x.left <= c.left).sort((x, y) => y.left - x.left);
    const a = level.length > 1 ? level[0] : nearest(mine, c);
    if (!a) continue;
    // Amounts of this table have decimals: a two-digit integer near a row is its 款, the 款 of the
    // class code it stands beside (an extractor may shift a line across the groups' boundary).
    if (c.kind === 'int' && /^\d{2}$/.test(c.text) && kuanHeads.length > 0) {
      const beside = anchors.filter((x) => /^\d/.test(x.key) && x.page === c.page && Math.abs(x.y - c.y) <= 30).sort((x, y) => Math.abs(x.left - c.left) - Math.abs(y.left - c.left) || Math.abs(x.y - c.y) - Math.abs(y.y - c.y))[0];
      if (beside && !beside.kuan) beside.kuan = c.text;
    }
    else if (c.kind === 'num' && !a.value) a.value = c;
    else if (c.kind === 'label') a.label.push(c.text.replace(/\s+/g, ''));
  }
  const rows: ParsedRow[] = anchors
    .sort((a, b) => a.group - b.group || a.page - b.page || a.y - b.y)
    .map((a) => ({
      key: /^\d+$/.test(a.key) ? a.key + a.kuan : a.key,
      label: a.label.join(''),
      rowNo: null,
      cells: a.value ? new Map([[1, cellOf(a.value)]]) : new Map(),
    }));
  return { rows, notes: [] };
}

// ---------------------------------------------------------------- 09 三公

/** Shanghai prints (预算数, 决算数) pairs per item; the national table has all 预算数 (1–6) then all 决算数 (7–12). */
function assembleThreePublicGeo(cells: GCell[]): AssembleResult {
  const heads = cells.filter((c) => /^(预算数|决算数)$/.test(c.text)).sort((a, b) => a.left - b.left);
  if (heads.length !== 12) return { rows: [], notes: heads.length ? [{ subject: '1', passed: false, detail: `expected 12 预算数/决算数 columns, found ${heads.length}` }] : [] };
  const headY = Math.max(...heads.map((h) => h.y));
  const values = cells.filter((c) => c.kind === 'num' && c.y > headY && c.page === heads[0].page);
  const row = new Map<number, Cell>();
  for (const v of values) {
    let best = 0;
    heads.forEach((h, i) => Math.abs(h.right - v.right) < Math.abs(heads[best].right - v.right) && (best = i));
    const item = Math.floor(best / 2);
    const col = heads[best].text === '预算数' ? item + 1 : item + 7;
    row.set(col, cellOf(v));
  }
  return { rows: [{ key: '1', label: '三公经费', rowNo: null, cells: row }], notes: [] };
}

export function assembleShanghai(code: TableCode, lines: Line[]): AssembleResult {
  const cells = geometry(lines);
  switch (code) {
    case '01':
    case '04':
      return assembleTwoSidedGeo(code, cells);
    case '06':
      // The official template prints whole codes ("30101") under 科目编码, with no 类/款 heads:
      // that is the national form's layout, read as the national assembler reads it.
      return cells.some((c) => c.text === '类') ? assembleEconomicGeo(cells) : assembleEconomic(bodyLines(textLinesFromGeometry(lines)));
    case '09':
      return assembleThreePublicGeo(cells);
    case '10':
      return { rows: [], notes: [] };
    default:
      return assembleCodedGeo(code, cells);
  }
}
