// The reading of each row still open: the most identities held, then the columns geometry saw, then
// the most exact; a table's zeros printed in the same columns in every row.
import { type Cand, type Constraint, MAX_COMBINATIONS, type Slot } from './types.js';

/**
 * Chooses one reading per slot among those still open: for each group of linked open slots, the
 * readings that satisfy the most constraints and, of those, add up most exactly; the best ranked
 * of them. A slot whose numbers stand differently in equally good readings is ambiguous.
 */
export function choose(open: Slot[], constraintsOf: Map<Slot, Constraint[]>): Set<Slot> {
  const ambiguous = new Set<Slot>();
  const seen = new Set<Slot>();
  for (const start of open) {
    if (seen.has(start)) continue;
    const component: Slot[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const s = stack.pop()!;
      component.push(s);
      for (const c of constraintsOf.get(s) ?? []) for (const o of c.slots) if (o.cands.length > 1 && !seen.has(o)) (seen.add(o), stack.push(o));
    }
    let combos = 1;
    for (const s of component) combos *= s.cands.length;
    if (combos > MAX_COMBINATIONS) {
      for (const s of component) {
        s.cands = [s.cands[0]];
        ambiguous.add(s);
      }
      continue;
    }
    const constraints = [...new Set(component.flatMap((s) => constraintsOf.get(s) ?? []))];
    const choice = new Map<Slot, Cand>();
    for (const c of constraints) for (const s of c.slots) if (s.cands.length === 1) choice.set(s, s.cands[0]);
    let best: { idx: number[]; held: number; misses: number; off: bigint; rank: number }[] = [];
    const idx = new Array<number>(component.length).fill(0);
    for (let n = 0; n < combos; n++) {
      let r = n;
      let rank = 0;
      let misses = 0;
      component.forEach((s, k) => {
        idx[k] = r % s.cands.length;
        r = Math.floor(r / s.cands.length);
        rank += idx[k];
        misses += s.misses.get(s.cands[idx[k]]) ?? 0;
        choice.set(s, s.cands[idx[k]]);
      });
      let held = 0;
      let off = 0n;
      for (const c of constraints) {
        const d = c.check(choice);
        if (d < 0n) continue;
        held++;
        off += d;
      }
      // The most identities held; then the fewest numbers off the columns geometry saw (a page's
      // positions outweigh exactness, which rounding blurs); then the most exact.
      const b = best[0];
      const better = !b || held > b.held || (held === b.held && (misses < b.misses || (misses === b.misses && off < b.off)));
      if (better) best = [{ idx: [...idx], held, misses, off, rank }];
      else if (held === b.held && misses === b.misses && off === b.off) best.push({ idx: [...idx], held, misses, off, rank });
    }
    best.sort((a, b) => a.rank - b.rank);
    component.forEach((s, k) => {
      const chosen = s.cands[best[0].idx[k]];
      if (best.some((b) => s.cands[b.idx[k]].some((c, i) => c !== chosen[i] && s.numeric[i]))) ambiguous.add(s);
      s.cands = [chosen];
    });
  }
  return ambiguous;
}

/**
 * A table either prints a column's zeros as 0.00 or leaves them blank, the same way in every row.
 * Where the identities cannot tell which columns a row's 0.00s stand in (zeros add nothing), the
 * set of columns that print their zeros is the one most rows can be read with; each row then
 * keeps the readings that agree with it. Nothing is decided when two sets explain the rows alike.
 */
export function zeroColumns(slots: Slot[]): void {
  const rows = slots.filter((s) => s.row.printed && s.cands.length > 0);
  const unsure = rows.some((s) => s.cands.length > 1 && s.cands.some((c) => !sameZeros(s, c, s.cands[0])));
  if (!unsure) return;
  const columns = [...new Set(rows.flatMap((s) => s.row.printed!.columns))].sort((a, b) => a - b);
  if (columns.length > 12) return;
  const zerosOf = (s: Slot, cand: Cand) => cand.flatMap((c, i) => (c > 0 && s.numeric[i] && s.values[i] === 0n ? [c] : []));
  const nonzerosOf = (s: Slot, cand: Cand) => new Set(cand.flatMap((c, i) => (c > 0 && !(s.numeric[i] && s.values[i] === 0n) ? [c] : [])));
  const fits = (s: Slot, cand: Cand, zset: number[]) => {
    const nonzero = nonzerosOf(s, cand);
    const want = zset.filter((c) => !nonzero.has(c) && s.row.printed!.columns.includes(c));
    const got = zerosOf(s, cand);
    return got.length === want.length && got.every((c) => want.includes(c));
  };
  let best: number[][] = [];
  let bestScore = -1;
  for (let mask = 0; mask < 1 << columns.length; mask++) {
    const zset = columns.filter((_, k) => mask & (1 << k));
    const score = rows.filter((s) => s.cands.some((c) => fits(s, c, zset))).length;
    if (score > bestScore) [best, bestScore] = [[zset], score];
    else if (score === bestScore) best.push(zset);
  }
  if (best.length !== 1) return;
  for (const s of rows) {
    const kept = s.cands.filter((c) => fits(s, c, best[0]));
    if (kept.length > 0) s.cands = kept;
  }
}

function sameZeros(s: Slot, a: Cand, b: Cand): boolean {
  return a.every((c, i) => !(s.numeric[i] && s.values[i] === 0n) || c === b[i]);
}

/** Every constraint a slot is in. */
export function linked(constraints: Constraint[]): Map<Slot, Constraint[]> {
  const of = new Map<Slot, Constraint[]>();
  for (const c of constraints) for (const s of c.slots) (of.get(s) ?? of.set(s, []).get(s)!).push(c);
  return of;
}
