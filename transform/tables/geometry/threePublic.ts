// Table 09 from geometry: a (预算数, 决算数) pair under each item, or six 预算数 then six 决算数.
import type { AssembleResult, Cell } from '../model.js';
import { type GCell, cellOf } from './cells.js';


/** Shanghai prints (预算数, 决算数) pairs per item; the national table has all 预算数 (1–6) then all 决算数 (7–12). */
export function assembleThreePublicGeo(cells: GCell[]): AssembleResult {
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
