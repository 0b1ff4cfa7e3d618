// Row keys of tables whose rows are named (01, 04, 10): the functional 类 code, the side where both
// sides print a label, the parent's key for a repeated sub-row.
import type { ParsedRow } from '../model.js';
import { canonicalLabel } from '../templates.js';

/** Row keys of 01/04: class code for functional 类, side prefix for labels on both sides, parent key for repeated sub-rows. */
export function keyNumberedRows(rows: ParsedRow[], classCode: (label: string) => string | undefined): void {
  const bySide = new Map<string, Set<string>>();
  for (const r of rows) {
    const c = canonicalLabel(r.label);
    if (!c) continue;
    const s = bySide.get(c) ?? new Set<string>();
    s.add(r.side ?? '');
    bySide.set(c, s);
  }
  const seen = new Map<string, Set<string>>();
  const parent = new Map<string, string>();
  for (const r of rows) {
    const side = r.side ?? '';
    const c = canonicalLabel(r.label);
    const sideSeen = seen.get(side) ?? new Set<string>();
    seen.set(side, sideSeen);
    const fn = r.side === 'expenditure' ? classCode(r.label) : undefined;
    if (fn) r.key = fn;
    else if (((!c && /结转和结余$/.test(parent.get(side) ?? '')) || (c && sideSeen.has(c))) && parent.has(side)) {
      r.parent = parent.get(side);
      r.key = `${r.parent}:${c || '行' + (r.rowNo ?? '')}`;
    } else if (!c) r.key = `${side ? side + ':' : ''}行${r.rowNo ?? ''}`;
    else r.key = (bySide.get(c)?.size ?? 0) > 1 ? `${side}:${c}` : c;
    if (c && !sideSeen.has(c)) {
      sideSeen.add(c);
      if (!fn) parent.set(side, r.key);
    }
  }
}
