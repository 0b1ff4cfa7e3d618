// Column placement of a row's numeric cells. Spacing (or geometry) proposes where each
// printed value belongs; the row's accounting identity confirms it. Where they disagree the
// identity decides, among placements that keep the printed order, and the decision is noted.
import { abs, compare, halfUnit, multiplyInt, parseDecimal, sub, sum, type Decimal } from './decimal.js';
import type { Cell, PlacementNote } from './model.js';

/** A row identity: total column = sum of part columns. */
export interface RowIdentity {
  total: number;
  parts: number[];
}

export const ROW_IDENTITIES: Record<string, RowIdentity> = {
  '02': { total: 1, parts: [2, 3, 4, 5, 6, 7] },
  '03': { total: 1, parts: [2, 3, 4, 5, 6] },
  '05': { total: 1, parts: [2, 3] },
  '08': { total: 1, parts: [2, 3] },
  '07': { total: 3, parts: [4, 5] },
  '04': { total: 2, parts: [3, 4, 5] },
  '09a': { total: 1, parts: [2, 3, 6] },
  '09b': { total: 7, parts: [8, 9, 12] },
};

export function valueOf(cell: Cell | undefined): Decimal | null {
  return cell ? parseDecimal(cell.text) : null;
}

/** Does the identity hold within rounding tolerance? Rows with a blank total hold trivially only if all parts are blank. */
export function identityHolds(cells: Map<number, Cell>, id: RowIdentity): boolean {
  const total = valueOf(cells.get(id.total));
  const parts = id.parts.map((c) => valueOf(cells.get(c))).filter((d): d is Decimal => d !== null);
  if (total === null) return parts.every((p) => p.units === 0n);
  const scale = Math.max(total.scale, ...parts.map((p) => p.scale));
  const tol = multiplyInt(halfUnit(scale), parts.length + 1);
  return compare(abs(sub(sum(parts), total)), tol) <= 0;
}

function* orderedPlacements(n: number, cols: number[], start = 0): Generator<number[]> {
  if (n === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= cols.length - n; i++) for (const rest of orderedPlacements(n - 1, cols, i + 1)) yield [cols[i], ...rest];
}

/**
 * Places a run of printed cells (empty string = blank cell) into columns `firstCol…`.
 * Returns the placement and, when the identity overrode the spacing, a note saying so.
 */
export function placeRun(
  run: Cell[],
  columns: number[],
  identity: RowIdentity | undefined,
  subject: string,
): { cells: Map<number, Cell>; note?: PlacementNote } {
  const trimmed = [...run];
  while (trimmed.length > columns.length && trimmed[trimmed.length - 1].text === '') trimmed.pop();
  const proposal = new Map<number, Cell>();
  const fits = trimmed.length <= columns.length;
  if (fits) trimmed.forEach((c, i) => c.text !== '' && proposal.set(columns[i], c));
  if (fits && (!identity || identityHolds(proposal, identity))) return { cells: proposal };
  const values = trimmed.filter((c) => c.text !== '');
  if (values.length > columns.length) {
    return {
      cells: proposal,
      note: { subject, passed: false, detail: `${values.length} values for ${columns.length} columns: ${values.map((v) => v.text).join(' | ')}` },
    };
  }
  if (!identity) return { cells: proposal };
  // Where spacing put each value (column index), to prefer placements that shift values
  // uniformly (one space too many or too few) over ones that scatter them.
  const proposedIdx = trimmed.flatMap((c, i) => (c.text !== '' ? [i] : []));
  const candidates: { cells: Map<number, Cell>; score: [number, number] }[] = [];
  for (const cols of orderedPlacements(values.length, columns)) {
    const m = new Map<number, Cell>(cols.map((c, i) => [c, values[i]]));
    if (!identityHolds(m, identity)) continue;
    const offsets = cols.map((c, i) => columns.indexOf(c) - proposedIdx[i]);
    candidates.push({ cells: m, score: [new Set(offsets).size, offsets.reduce((a, o) => a + Math.abs(o), 0)] });
  }
  const cmp = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
  candidates.sort((a, b) => cmp(a.score, b.score));
  const describe = (m: Map<number, Cell>) => [...m].map(([c, v]) => `${c}:${v.text}`).join(' ');
  if (candidates.length === 0 || (candidates.length > 1 && cmp(candidates[0].score, candidates[1].score) === 0)) {
    // No placement (or no unique one) satisfies the identity: keep the spacing's proposal and let the checks fail.
    return { cells: fits ? proposal : new Map(), note: fits ? undefined : { subject, passed: false, detail: `cannot place ${values.map((v) => v.text).join(' | ')}` } };
  }
  return {
    cells: candidates[0].cells,
    note: {
      subject,
      passed: true,
      detail: `spacing proposed [${fits ? describe(proposal) : trimmed.map((c) => c.text || '·').join(' ')}]; the row identity placed [${describe(candidates[0].cells)}]`,
    },
  };
}
