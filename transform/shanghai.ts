// Table assembly from PDF geometry, for layouts without 行次/栏次 (Shanghai's). Rows are
// anchored on what identifies them (a classification code, an item label); every other cell
// joins the anchor nearest to it vertically on the same page, because multi-line cells put
// their text on baselines a few points above or below the row's. Numbers are placed in
// columns by their right edge (they are right-aligned) against the header's column names.
import type { Line } from '../extract/lines.js';
import type { TableCode } from '../schemas/contract.js';
import type { Cell, ParsedRow, PlacementNote } from './model.js';
import type { AssembleResult } from './national.js';
import { keyNumberedRows } from './national.js';
import { placeRun, ROW_IDENTITIES } from './placement.js';
import { canonicalLabel, functionClassCode, TEMPLATE_BY_CODE } from './templates.js';
import { kindOf, ORDINAL_START, type TokenKind } from './tokens.js';

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

const cellOf = (c: GCell): Cell => ({ text: c.text, page: c.page });

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

/** Right edges of numbers, clustered into columns (gap > 12pt starts a new column). */
function clusters(nums: GCell[]): number[][] {
  const rights = [...new Set(nums.map((c) => Math.round(c.right)))].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const r of rights) {
    const last = out[out.length - 1];
    if (last && r - last[last.length - 1] <= 12) last.push(r);
    else out.push([r]);
  }
  return out;
}

/**
 * Maps each number column (cluster of right edges) to a template column by the header text
 * above it: the header cells overlapping the column's right end name it.
 */
function columnMapper(header: GCell[], nums: GCell[], keywords: string[][]): (c: GCell) => number | null {
  const cols = clusters(nums);
  const assigned = new Map<number, number>();
  cols.forEach((cl, k) => {
    const right = Math.max(...cl);
    const text = header
      .filter((h) => h.left <= right + 3 && h.right >= right - 40)
      .sort((a, b) => a.y - b.y || a.left - b.left)
      .map((h) => h.text.replace(/\s+/g, ''))
      .join('');
    const col = keywords.findIndex((kws) => kws.some((kw) => text.includes(kw)));
    if (col >= 0) assigned.set(k, col + 1);
  });
  // A column the header does not name gets null: the caller lets the row identity place it.
  return (c: GCell) => {
    const k = cols.findIndex((cl) => cl.includes(Math.round(c.right)));
    return assigned.get(k) ?? null;
  };
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
  interface Anchor { y: number; page: number; key: string; label: string[]; cells: GCell[] }
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
    anchors.push({ y: sorted[0].y, page: sorted[0].page, key, label: [], cells: [] });
    for (const c of codeParts) anchored.add(c);
    if (total) anchored.add(total);
  }
  if (anchors.length === 0) return { rows: [], notes };
  const firstY = Math.min(...anchors.filter((a) => a.page === anchors[0].page).map((a) => a.y));
  const header = cells.filter((c) => c.page === anchors[0].page && c.y < firstY - 10 && c.kind === 'label');
  const body = cells.filter((c) => !header.includes(c) && !anchored.has(c) && !(c.page === anchors[0].page && c.y < firstY - 10));
  const nums = body.filter((c) => c.kind === 'num');
  const keywords = TEMPLATE_BY_CODE[code].keywords ?? [];
  const columnOf = columnMapper(header, nums, keywords);
  for (const c of body) {
    const a = nearest(anchors, c);
    if (!a) continue;
    if (c.kind === 'label' && !/^(注|说明)/.test(c.text) && !LEVEL_HEADS.has(c.text)) a.label.push(c.text);
    else if (c.kind === 'num' || c.kind === 'placeholder') a.cells.push(c);
  }
  const ncols = keywords.length;
  const rows: ParsedRow[] = anchors.map((a) => {
    const placed = new Map<number, Cell>();
    const unplaced: GCell[] = [];
    for (const c of a.cells.sort((x, y) => x.right - y.right)) {
      const col = c.kind === 'num' ? columnOf(c) : null;
      if (col && !placed.has(col)) placed.set(col, cellOf(c));
      else if (c.kind === 'num') unplaced.push(c);
    }
    if (unplaced.length > 0) {
      // The header did not name the column: let the row identity place the run.
      const run = a.cells.filter((c) => c.kind === 'num').sort((x, y) => x.right - y.right).map(cellOf);
      const res = placeRun(run, Array.from({ length: ncols }, (_, i) => i + 1), ROW_IDENTITIES[code], a.key);
      if (res.note) notes.push(res.note);
      return { key: a.key, label: a.label.join('') || a.key, rowNo: null, cells: res.cells };
    }
    return { key: a.key, label: a.label.join('') || a.key, rowNo: null, cells: placed };
  });
  return { rows, notes };
}

// ---------------------------------------------------------------- 01 / 04

const ROW_LABEL = /合计$|^总计$|结转和结余|结余分配|使用非财政拨款/;

function assembleTwoSidedGeo(code: TableCode, cells: GCell[]): AssembleResult {
  const notes: PlacementNote[] = [];
  const labels = cells.filter((c) => c.kind === 'label');
  const firstRow = labels.find((c) => ORDINAL_START.test(c.text));
  if (!firstRow) return { rows: [], notes };
  const header = cells.filter((c) => c.page === firstRow.page && c.y < firstRow.y - 10);
  const body = cells.filter((c) => !header.includes(c));
  const nums = body.filter((c) => c.kind === 'num');
  const cols = clusters(nums);
  // Income amounts end where the expenditure labels begin; with no amounts (a blank form),
  // the second "一、" label (the first expenditure row) marks the split.
  const firsts = labels.filter((l) => /^一、/.test(l.text)).map((l) => l.left);
  const incomeRight = cols.length > 0 ? Math.max(...cols[0]) : firsts.length >= 2 ? Math.max(...firsts) - 5 : Infinity;
  interface Anchor { y: number; page: number; side: 'income' | 'expenditure'; label: string[]; cells: Map<number, Cell>; order: number }
  const anchors: Anchor[] = [];
  let order = 0;
  for (const c of body.filter((x) => x.kind === 'label').sort((a, b) => a.page - b.page || a.y - b.y || a.left - b.left)) {
    const side = c.left > incomeRight ? 'expenditure' : 'income';
    const text = c.text.replace(/\s+/g, '');
    if (/^(注|说明)/.test(text)) continue;
    if (ORDINAL_START.test(text) || ROW_LABEL.test(text)) {
      anchors.push({ y: c.y, page: c.page, side, label: [text], cells: new Map(), order: order++ });
    } else {
      const prev = [...anchors].reverse().find((a) => a.side === side);
      if (prev) prev.label.push(text);
    }
  }
  const expHeader = (code === '04' ? [['合计'], ['一般公共预算'], ['政府性基金'], ['国有资本']] : [['决算数', '金额']]);
  const expMapper = columnMapper(header.filter((h) => h.left > incomeRight), nums.filter((n) => n.right > incomeRight + 5), expHeader);
  for (const n of nums) {
    const side = Math.round(n.right) <= incomeRight + 5 ? 'income' : 'expenditure';
    const a = nearest(anchors.filter((x) => x.side === side), n);
    if (!a) {
      notes.push({ subject: `page ${n.page}`, passed: false, detail: `number ${n.text} next to no row` });
      continue;
    }
    const col = side === 'income' ? 1 : code === '01' ? 2 : (expMapper(n) ?? 0) + 1;
    if (col < 1 || a.cells.has(col)) {
      notes.push({ subject: a.label.join(''), passed: false, detail: `number ${n.text} has no free column` });
      continue;
    }
    a.cells.set(col, cellOf(n));
  }
  const rows: ParsedRow[] = anchors
    .sort((a, b) => (a.side === b.side ? a.order - b.order : a.side === 'income' ? -1 : 1))
    .map((a) => ({ key: '', label: a.label.join(''), rowNo: null, side: a.side, cells: a.cells }));
  keyNumberedRows(rows, functionClassCode);
  return { rows, notes };
}

// ---------------------------------------------------------------- 06

function assembleEconomicGeo(cells: GCell[]): AssembleResult {
  const classHeads = cells.filter((c) => c.text === '类').sort((a, b) => a.left - b.left);
  const kuanHeads = cells.filter((c) => c.text === '款').sort((a, b) => a.left - b.left);
  if (classHeads.length === 0) return { rows: [], notes: [] };
  // Groups sit side by side: group g starts halfway between the previous group's 决算数
  // column (numbers end there, right-aligned) and its own 类 column. A cell belongs to the
  // group its centre falls in.
  const amountHeads = cells.filter((c) => c.text === '决算数');
  const starts = classHeads.map((h, g) => {
    if (g === 0) return -Infinity;
    const prevAmount = amountHeads.filter((a) => a.right <= h.left + 5).reduce((m, a) => Math.max(m, a.right), -Infinity);
    return Number.isFinite(prevAmount) ? (prevAmount + h.left) / 2 : h.left - 8;
  });
  const groupOf = (c: GCell) => {
    const centre = (c.left + c.right) / 2;
    let g = 0;
    starts.forEach((start, i) => centre >= start && (g = i));
    return g;
  };
  const headY = Math.max(...classHeads.map((h) => h.y));
  const body = cells.filter((c) => !(c.page === classHeads[0].page && c.y <= headY));
  interface Anchor { y: number; page: number; group: number; key: string; kuan: string; label: string[]; value: GCell | null }
  const anchors: Anchor[] = [];
  const anchorCells = new Set<GCell>();
  for (const c of body) {
    const g = groupOf(c);
    const isClass = c.kind === 'int' && /^3\d{2}$/.test(c.text) && Math.abs(c.right - classHeads[g].right) < 20;
    const total = c.kind === 'label' && /经费合计$/.test(c.text.replace(/\s+/g, ''));
    if (!isClass && !total) continue;
    anchorCells.add(c);
    anchors.push({ y: c.y, page: c.page, group: g, key: isClass ? c.text : canonicalLabel(c.text), kuan: '', label: total ? [c.text] : [], value: null });
  }
  for (const c of body) {
    if (anchorCells.has(c)) continue;
    const g = groupOf(c);
    const a = nearest(anchors.filter((x) => x.group === g), c);
    if (!a) continue;
    const kuanHead = kuanHeads[g];
    if (c.kind === 'int' && /^\d{2}$/.test(c.text) && kuanHead && Math.abs(c.right - kuanHead.right) < 20) a.kuan = c.text;
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
      return assembleEconomicGeo(cells);
    case '09':
      return assembleThreePublicGeo(cells);
    case '10':
      return { rows: [], notes: [] };
    default:
      return assembleCodedGeo(code, cells);
  }
}
