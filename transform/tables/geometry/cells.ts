// Cells with their place on the page, for tables read by the heads over their columns: anchors found
// nearest, number columns clustered by their right edges and named by the header above them, and the
// lines of wrapped labels given to their rows.
import type { Line } from '../../../extract/lines.js';
import type { Cell } from '../model.js';
import { kindOf, type TokenKind } from '../tokens.js';

export interface GCell {
  text: string;
  kind: TokenKind;
  left: number;
  right: number;
  y: number;
  page: number;
}

/** Whether the lines keep their positions on the page (a PDF, or text laid out in columns). */
export const hasPositions = (lines: Line[]) => lines.some((l) => l.left && l.right && l.y !== undefined);

export function geometry(lines: Line[]): GCell[] {
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

export const cellOf = (c: GCell): Cell => ({ text: c.text, page: c.page, x: c.right });

export function nearest<T extends { y: number; page: number }>(anchors: T[], c: { y: number; page: number }): T | undefined {
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
export function clusters(nums: GCell[]): number[][] {
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
export function columnMapper(header: GCell[], nums: GCell[], keywords: string[][]): { columnOf: (c: GCell) => number | null; order: number[] } {
  const cols = clusters(nums);
  const assigned = new Map<number, number>();
  const spans = cols.map((cl) => [Math.min(...nums.filter((n) => cl.includes(Math.round(n.right))).map((n) => n.left)), Math.max(...cl)]);
  const middles = spans.map(([l, r]) => (l + r) / 2);
  // The title and unit lines above the header span the columns without naming any.
  const heads = header.filter((h) => !/决算表|单位[:：]|^部门|^单位名称/.test(h.text)).flatMap((h) => splitHeads(h, keywords));
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

/** A row's usual height: the lower quartile of the gaps between consecutive rows on a page (tall rows only widen gaps). */
export function rowPitch(anchors: { y: number; page: number }[]): number {
  const sorted = [...anchors].sort((a, b) => a.page - b.page || a.y - b.y);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) if (sorted[i].page === sorted[i - 1].page && sorted[i].y > sorted[i - 1].y) gaps.push(sorted[i].y - sorted[i - 1].y);
  gaps.sort((a, b) => a - b);
  return gaps.length > 0 ? gaps[Math.floor(gaps.length / 4)] : 14;
}

/**
 * A header cell that holds the heads of two columns one space apart ("上缴上级支出 经营支出":
 * pdftotext's layout joins words a single space apart) as one cell per head, each placed where
 * its characters are.
 */
function splitHeads(h: GCell, keywords: string[][]): GCell[] {
  if (!/\s/.test(h.text.trim())) return [h];
  const words = [...h.text.matchAll(/\S+/g)];
  const columnOf = (w: string) => keywords.findIndex((kws) => kws.some((kw) => w.includes(kw)));
  const named = words.map((w) => columnOf(w[0]));
  if (named.filter((c) => c >= 0).length < 2 || new Set(named.filter((c) => c >= 0)).size < 2) return [h];
  const per = (h.right - h.left) / h.text.length;
  return words.map((w) => ({ ...h, text: w[0], left: h.left + w.index! * per, right: h.left + (w.index! + w[0].length) * per }));
}

export const overlaps = (a: GCell, b: GCell) => a.left <= b.right && b.left <= a.right;
// Heads of the label columns, never part of a row's name.
export const COLUMN_HEADS = /^(?:项目|(?:(?:支出)?(?:功能|经济)分类)?(?:科目)?(?:名称|编码|代码)|(?:支出)?(?:功能|经济)分类)$/;

/**
 * Label cells attached to rows. The lines of one wrapped cell (the same column, one line pitch
 * apart) form a run, and a run goes to the row whose baseline it spans (else the nearest): a
 * name wrapped over four lines has outer lines nearer the neighbouring rows than its own.
 */
export function attachRuns<A extends { y: number; page: number }>(labels: GCell[], anchors: A[]): { cell: GCell; anchor: A }[] {
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
