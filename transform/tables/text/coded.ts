// Tables of the functional classification (02 03 05 07 08): rows start at a code or 合计; the label
// follows (wrapped over lines), then the row's numbers.
import type { Line } from '../../../extract/lines.js';
import type { AssembleResult, Cell, ParsedRow, PlacementNote } from '../model.js';
import { isProse, tokenize } from '../tokens.js';
import { cellOf, isHeaderLine, showsBlanks } from './body.js';
import { leadingCode } from './codes.js';


export const FUNCTIONAL_CODE = /^2\d{2}(?:\d{2}){0,2}$/;

/**
 * The cells of a 合计 row. Its label spans the code and name columns, but tab-separated text
 * keeps the empty name cell: one cell too many, at the front. Any other empty cell before the
 * amounts is a blank column (07's 年初结转和结余).
 */
function withoutNameCell(run: Cell[], columns: number): Cell[] {
  return run.length > columns && run[0].text === '' ? run.slice(1) : run;
}

/**
 * Rows start at a functional classification code (类 3 digits, 款 5, 项 7; or the codes
 * `codePattern` matches, economic ones in a budget's tables) or at 合计; the
 * label follows (wrapped over lines), then the run of numeric cells, one cell per column.
 */
export function assembleCoded(body: Line[], columns: number[], codePattern = FUNCTIONAL_CODE, maxLength = 7): AssembleResult {
  const rows: ParsedRow[] = [];
  const notes: PlacementNote[] = [];
  let cur: { key: string; label: string[]; named: boolean; run: Cell[] | null } | null = null;
  const spaced = showsBlanks(body);
  const flush = () => {
    if (!cur) return;
    const label = cur.label.join('');
    rows.push({ key: cur.key, label: label || cur.key, rowNo: null, cells: new Map(), printed: { cells: cur.run ?? [], columns, spaced } });
    cur = null;
  };
  for (const line of body) {
    if (isHeaderLine(line.cells)) continue;
    const tokens = tokenize([line]);
    const firstIdx = tokens.findIndex((t) => t.kind !== 'empty');
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const lead = i === firstIdx ? leadingCode(tokens, i, codePattern, maxLength) : null;
      const isTotal = t.kind === 'label' && /^(合计|总计)$/.test(t.text.replace(/\s+/g, ''));
      if (lead || isTotal) {
        flush();
        // A merged 合计 cell spans code and name; tab-separated text still has the empty name cell.
        cur = { key: lead?.code ?? '合计', label: isTotal ? [t.text.replace(/\s+/g, '')] : lead?.label ? [lead.label] : [], named: lead?.label !== undefined, run: null };
        if (lead) i = lead.next - 1;
        continue;
      }
      if (!cur) continue;
      if (t.kind === 'label') {
        if (!isProse(t.text)) cur.label.push(t.text);
        cur.named = true;
        continue;
      }
      if (cur.run === null && t.kind === 'empty' && !cur.named && cur.key !== '合计') continue;
      if (cur.run === null) {
        cur.run = tokens.slice(i).filter((x) => x.kind !== 'label').map(cellOf);
        if (cur.key === '合计') cur.run = withoutNameCell(cur.run, columns.length);
        const glued = tokens.slice(i).find((x) => x.kind === 'label');
        if (glued && !isProse(glued.text)) cur.label.push(glued.text);
        break;
      }
      if (t.kind !== 'empty') notes.push({ subject: cur.key, passed: false, detail: `extra number ${t.text} after the row's cells` });
    }
  }
  flush();
  return { rows, notes };
}
