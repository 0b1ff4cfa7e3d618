// Table 09 (三公经费): one row of twelve columns.
import type { Line } from '../../../extract/lines.js';
import type { AssembleResult, Cell, ParsedRow } from '../model.js';
import { tokenize } from '../tokens.js';
import { cellOf, isValueToken, showsBlanks } from './body.js';


/**
 * The national table prints the six 预算数 columns, then the six 决算数 (1–6, 7–12); some
 * layouts print a (预算数, 决算数) pair under each item. The heads' own order tells which.
 */
function threePublicColumns(lines: Line[]): number[] {
  const heads = lines.flatMap((l) => l.cells.map((c) => c.replace(/\s+/g, '')).filter((c) => c === '预算数' || c === '决算数'));
  let switches = 0;
  for (let i = 1; i < heads.length; i++) if (heads[i] !== heads[i - 1]) switches++;
  const halves = Array.from({ length: 12 }, (_, i) => i + 1);
  return switches >= 6 ? halves.slice(0, 6).flatMap((c) => [c, c + 6]) : halves;
}

export function assembleThreePublic(body: Line[], region: Line[] = body): AssembleResult {
  const run: Cell[] = [];
  for (const line of body) {
    const tokens = tokenize([line]);
    if (tokens.some((t) => t.kind === 'label' && !/^(合计|决算数|预算数)$/.test(t.text))) continue;
    for (const t of tokens) if (isValueToken(t)) run.push(cellOf(t));
  }
  const columns = threePublicColumns(region);
  // Budget (1–6) and final (7–12) halves each satisfy 合计 = 出国 + 公务用车小计 + 接待 (identities.ts).
  const rows: ParsedRow[] = run.some((c) => c.text !== '') ? [{ key: '1', label: '三公经费', rowNo: null, cells: new Map(), printed: { cells: run, columns, spaced: showsBlanks(body) } }] : [];
  return { rows, notes: [] };
}
