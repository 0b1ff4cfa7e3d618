// The reading of each row still open: the most identities held, then the columns geometry saw, then
// the most exact; a table's zeros printed in the same columns in every row.
import { type Cand, type Constraint, type Doubt, MAX_COMBINATIONS, type Slot } from './types.js';

/**
 * Chooses one reading per slot among those still open: for each group of linked open slots, the
 * readings that satisfy the most constraints and, of those, add up most exactly; the best ranked
 * of them. A slot whose numbers stand differently in equally good readings is ambiguous.
 */
export function choose(open: Slot[], constraintsOf: Map<Slot, Constraint[]>): Map<Slot, Doubt> {
  const ambiguous = new Map<Slot, Doubt>();
  // Zeros add nothing to a sum: readings that differ only in the columns of their 0.00s are
  // weighed as one (of them, those fewest of whose numbers are off the columns geometry saw), and
  // where that leaves several, no identity can tell the zeros' columns.
  const alike = new Map<Slot, Map<Cand, Cand[]>>();
  for (const s of open) {
    const groups = new Map<string, Cand[]>();
    for (const c of s.cands) {
      const k = nonZeroPlacement(s, c);
      (groups.get(k) ?? groups.set(k, []).get(k)!).push(c);
    }
    const byFirst = new Map<Cand, Cand[]>();
    for (const members of groups.values()) {
      const least = Math.min(...members.map((c) => s.misses.get(c) ?? 0));
      const best = members.filter((c) => (s.misses.get(c) ?? 0) === least);
      byFirst.set(best[0], best);
    }
    alike.set(s, byFirst);
    s.cands = [...byFirst.keys()];
  }
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
    const combinations = () => component.reduce((n, s) => n * s.cands.length, 1);
    if (combinations() > MAX_COMBINATIONS) {
      // Too many readings to weigh together (a long table whose rows repeat a value, 4.54 4.54, in
      // columns no identity tells apart): each row keeps the readings fewest of whose numbers are
      // off the columns geometry saw them under, and the checks judge the reading chosen.
      for (const s of component) {
        const least = Math.min(...s.cands.map((c) => s.misses.get(c) ?? 0));
        s.cands = s.cands.filter((c) => (s.misses.get(c) ?? 0) === least);
      }
    }
    const combos = combinations();
    const constraints = [...new Set(component.flatMap((s) => constraintsOf.get(s) ?? []))];
    if (combos > MAX_COMBINATIONS) {
      for (const s of descend(component, constraints, constraintsOf)) ambiguous.set(s, 'unweighed');
      continue;
    }
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
      if (best.some((b) => s.cands[b.idx[k]].some((c, i) => c !== chosen[i] && s.numeric[i]))) ambiguous.set(s, 'tie');
      s.cands = [chosen];
    });
  }
  for (const s of open) {
    const members = alike.get(s)!.get(s.cands[0]) ?? s.cands;
    if (members.length > 1 && !ambiguous.has(s)) ambiguous.set(s, 'tie');
    s.cands = [members[0]];
  }
  return ambiguous;
}

/** Where a reading puts each number that is not zero, and which zeros it takes. */
function nonZeroPlacement(s: Slot, cand: Cand): string {
  return cand.map((c, i) => (s.numeric[i] && s.values[i] === 0n ? (c > 0 ? 'z' : '0') : String(c))).join(',');
}

/**
 * The reading of a component too large to weigh whole: from every row's best-ranked reading, each
 * row in turn takes the reading that holds the most of its constraints (then fewest geometry
 * misses, then most exact) given the others', until none changes. That finds a good reading, not
 * proof that no other is as good (rows that move together, a 类 with its 款, are not tried
 * together): every row that had another reading is returned as unsure.
 */
function descend(component: Slot[], constraints: Constraint[], constraintsOf: Map<Slot, Constraint[]>): Slot[] {
  const choice = new Map<Slot, Cand>();
  for (const c of constraints) for (const s of c.slots) choice.set(s, s.cands[0]);
  const score = (s: Slot, cand: Cand): [number, number, bigint] => {
    choice.set(s, cand);
    let held = 0;
    let off = 0n;
    for (const c of constraintsOf.get(s) ?? []) {
      const d = c.check(choice);
      if (d >= 0n) (held++, (off += d));
    }
    return [held, s.misses.get(cand) ?? 0, off];
  };
  const better = (a: [number, number, bigint], b: [number, number, bigint]) => a[0] > b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])));
  for (let pass = 0, changed = true; changed && pass < 20; pass++) {
    changed = false;
    for (const s of component) {
      let best = choice.get(s)!;
      let bestScore = score(s, best);
      for (const cand of s.cands) {
        const sc = score(s, cand);
        if (better(sc, bestScore)) [best, bestScore, changed] = [cand, sc, true];
      }
      choice.set(s, best);
    }
  }
  const unsure: Slot[] = [];
  for (const s of component) {
    const chosen = choice.get(s)!;
    if (s.cands.some((c) => c.some((col, i) => col !== chosen[i] && s.numeric[i]))) unsure.push(s);
    s.cands = [chosen];
  }
  return unsure;
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
