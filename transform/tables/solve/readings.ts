// The readings a row can take, best first, from what its printing shows.
import type { Cell } from '../model.js';
import type { Cand, Slot } from './types.js';

/** Order-preserving placements of n values into `cols`, leftmost first. */
function* orderedPlacements(n: number, cols: number[], start = 0): Generator<number[]> {
  if (n === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= cols.length - n; i++) for (const rest of orderedPlacements(n - 1, cols, i + 1)) yield [cols[i], ...rest];
}

export const taken = (cand: Cand) => cand.flatMap((c, i) => (c > 0 ? [i] : []));
export const describe = (slot: Slot, cand: Cand) => taken(cand).map((i) => `${cand[i]}:${slot.pool[i].text}`).join(' ');
export const same = (a: Cand, b: Cand) => a.length === b.length && a.every((c, i) => c === b[i]);

interface Offered {
  /** Numbers in printed order (with x, when merging runs needs it). */
  cells: Cell[];
  hints: (number | null)[] | null;
  allowed: (readonly number[] | null)[];
}

/**
 * The readings a row can take, best first. Each choice of the runs offered to it (its nearer
 * runs first) merges their numbers into the row's own by x; then every placement that keeps the
 * printed order and the columns each number may stand in (`allowed`), ranked by the proposal
 * (the spacing's blanks, or the columns geometry saw the numbers under: evidence, not proof, when
 * lines were re-spaced or a number drawn off its row's baseline), else leftmost first.
 */
export function candidates(slot: Slot, columns: number[], own: Offered & { run: Cell[]; spaced: boolean }, offered: { id: string; near: boolean; numbers: Offered }[], subject: string): void {
  const ownCount = own.cells.length;
  const subsets = 1 << offered.length;
  const scored: { cand: Cand; s: number[] }[] = [];
  let proposed: Cand | null = null;
  for (let mask = 0; mask < subsets; mask++) {
    // Pool indexes of the numbers this reading takes, in printed order.
    const members: { i: number; x: number; hint: number | null; allowed: readonly number[] | null }[] = own.cells.map((c, i) => ({ i, x: c.x ?? i, hint: own.hints?.[i] ?? null, allowed: own.allowed[i] }));
    let far = 0;
    let base = ownCount;
    offered.forEach((o, k) => {
      if (mask & (1 << k)) {
        o.numbers.cells.forEach((c, j) => members.push({ i: base + j, x: c.x ?? 0, hint: o.numbers.hints?.[j] ?? null, allowed: o.numbers.allowed[j] }));
        if (!o.near) far++;
      } else if (o.near) far++;
      base += o.numbers.cells.length;
    });
    if (offered.length > 0) members.sort((a, b) => a.x - b.x);
    // Geometry that puts two of a row's numbers in one column (a line pdftotext's layout
    // squeezed) says nothing about any of them.
    const seen = members.map((m) => m.hint).filter((h) => h !== null);
    if (new Set(seen).size < seen.length) for (const m of members) m.hint = null;
    const n = members.length;
    if (n > columns.length) {
      if (mask === 0) slot.note = { subject, passed: false, detail: `${n} values for ${columns.length} columns: ${own.cells.map((v) => v.text).join(' | ')}` };
      continue;
    }
    // The proposal of this choice: the spacing's (own numbers only) or the geometry's.
    let prop: number[] | null = null;
    if (own.spaced && offered.length === 0) prop = spacingReading(own.run, columns);
    else if (members.every((m, k) => m.hint !== null && (k === 0 || columns.indexOf(m.hint) > columns.indexOf(members[k - 1].hint!)))) {
      prop = members.map((m) => m.hint!);
    }
    const at = (c: number) => columns.indexOf(c);
    for (const cols of orderedPlacements(n, columns)) {
      if (cols.some((c, k) => members[k].allowed != null && !members[k].allowed!.includes(c))) continue;
      const cand: Cand = new Array(slot.pool.length).fill(0);
      cols.forEach((c, k) => (cand[members[k].i] = c));
      // Nearer runs first; then fewer numbers off the columns geometry saw; then placements that
      // shift the values uniformly (one space too many or too few) before ones that scatter them.
      const misses = cols.filter((c, k) => members[k].hint !== null && members[k].hint !== c).length;
      const offsets = prop ? cols.map((c, k) => at(c) - at(prop![k])) : [];
      scored.push({ cand, s: [far, misses, new Set(offsets).size, offsets.reduce((a, o) => a + Math.abs(o), 0)] });
      slot.misses.set(cand, misses);
      if (prop && own.spaced && offered.length === 0 && cols.every((c, k) => c === prop![k])) proposed = cand;
    }
  }
  scored.sort((a, b) => a.s[0] - b.s[0] || a.s[1] - b.s[1] || a.s[2] - b.s[2] || a.s[3] - b.s[3]);
  // No placement at all (more numbers than columns): the row takes none, and its note says why.
  slot.cands = scored.length > 0 ? scored.map((x) => x.cand) : [new Array<number>(slot.pool.length).fill(0)];
  slot.proposed = proposed;
}

/** The reading a spaced run shows (its blanks kept, trailing blanks beyond the columns dropped), or null when it has more cells than columns. */
export function spacingReading(run: Cell[], columns: number[]): Cand | null {
  let end = run.length;
  while (end > columns.length && run[end - 1].text === '') end--;
  if (end > columns.length) return null;
  const cand: Cand = [];
  for (let i = 0; i < end; i++) if (run[i].text !== '') cand.push(columns[i]);
  return cand;
}
