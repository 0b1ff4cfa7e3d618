// Readings no consistent reading of the report can use, removed constraint by constraint.
import { valueAt } from './constraints.js';
import { type Cand, type Constraint, MAX_COMBINATIONS, MAX_SUMS, type Slot } from './types.js';

/**
 * Removes from each slot of the constraint the readings no choice of the others' readings can
 * satisfy it with. Returns whether anything was removed. When nothing at all satisfies it (the
 * source contradicts itself), nothing is removed: the checks will say so.
 */
export function prune(c: Constraint, neighbours?: Map<Slot, Constraint[]>): boolean {
  const groups = c.slots.map((slot) => {
    const byKey = new Map<string, Cand[]>();
    for (const cand of slot.cands) {
      const k = c.key(slot, cand);
      const g = byKey.get(k);
      if (g) g.push(cand);
      else byKey.set(k, [cand]);
    }
    return [...byKey.values()];
  });
  if (groups.every((g) => g.length <= 1)) return false;
  let combos = 1;
  for (const g of groups) combos *= g.length;
  const supported = groups.map((g) => new Array<boolean>(g.length).fill(false));
  if (combos <= MAX_COMBINATIONS) {
    const choice = new Map<Slot, Cand>();
    const idx = new Array<number>(groups.length).fill(0);
    for (let n = 0; n < combos; n++) {
      let r = n;
      for (let s = 0; s < groups.length; s++) {
        idx[s] = r % groups[s].length;
        r = Math.floor(r / groups[s].length);
        choice.set(c.slots[s], groups[s][idx[s]][0]);
      }
      if (c.check(choice) >= 0n) for (let s = 0; s < groups.length; s++) supported[s][idx[s]] = true;
    }
  } else if (!c.terms || c.atLeast || !pruneBySums(c, groups, supported)) return false;
  if (supported.some((s) => !s.some(Boolean))) return false;
  if (c.slots.every((_, s) => supported[s].every(Boolean))) return false;
  // A reading is removed only if no other identity then loses every reading that held it: where
  // the report (or its reading) breaks one identity, that one must not prune the truth away
  // for the others.
  const others = neighbours ? [...new Set(c.slots.flatMap((slot) => neighbours.get(slot) ?? []))].filter((o) => o !== c && satisfiable(o)) : [];
  const before = c.slots.map((slot) => slot.cands);
  c.slots.forEach((slot, s) => {
    if (!supported[s].every(Boolean)) slot.cands = groups[s].flatMap((g, k) => (supported[s][k] ? g : []));
  });
  if (others.some((o) => !satisfiable(o))) {
    c.slots.forEach((slot, s) => (slot.cands = before[s]));
    return false;
  }
  return true;
}

/** Whether some choice of the slots' readings satisfies the constraint (true when too many to try). */
function satisfiable(c: Constraint): boolean {
  let combos = 1;
  for (const s of c.slots) combos *= s.cands.length;
  if (combos > MAX_COMBINATIONS || combos === 0) return combos !== 0;
  const choice = new Map<Slot, Cand>();
  for (let n = 0; n < combos; n++) {
    let r = n;
    for (const s of c.slots) {
      choice.set(s, s.cands[r % s.cands.length]);
      r = Math.floor(r / s.cands.length);
    }
    if (c.check(choice) >= 0n) return true;
  }
  return false;
}

/**
 * For a sum over many slots (a 类 with dozens of 项): reachable partial sums from both ends, a
 * group supported when some prefix and suffix complete it within the largest tolerance any
 * choice could have. Returns false when the sums grow past MAX_SUMS (nothing decided).
 */
function pruneBySums(c: Constraint, groups: Cand[][][], supported: boolean[][]): boolean {
  const terms = c.terms!;
  let maxHalf = 0n;
  let refs = 0;
  for (const term of terms) {
    for (const ref of term) {
      refs++;
      if (ref.slot) for (const h of ref.slot.halves) if (h > maxHalf) maxHalf = h;
    }
  }
  const tol = maxHalf * BigInt(refs + 1) * BigInt(terms.length);
  const contribution = (s: number, cand: Cand) => {
    let v = 0n;
    terms.forEach((term, t) => {
      for (const ref of term) {
        if (ref.slot !== c.slots[s]) continue;
        const i = valueAt(cand, ref.col);
        if (i >= 0) v += t === 0 ? -ref.slot.values[i] : ref.slot.values[i];
      }
    });
    return v;
  };
  const contributions = groups.map((g, s) => g.map((cands) => contribution(s, cands[0])));
  const n = groups.length;
  const forward: bigint[][] = [[0n]];
  for (let s = 0; s < n; s++) {
    const next = new Set<bigint>();
    for (const a of forward[s]) for (const v of contributions[s]) next.add(a + v);
    if (next.size > MAX_SUMS) return false;
    forward.push([...next]);
  }
  const backward: bigint[][] = new Array(n + 1);
  backward[n] = [0n];
  for (let s = n - 1; s >= 0; s--) {
    const next = new Set<bigint>();
    for (const a of backward[s + 1]) for (const v of contributions[s]) next.add(a + v);
    if (next.size > MAX_SUMS) return false;
    backward[s] = [...next].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  for (let s = 0; s < n; s++) {
    const after = backward[s + 1];
    contributions[s].forEach((v, k) => {
      supported[s][k] = forward[s].some((a) => {
        const lo = -(a + v) - tol;
        // the first sum ≥ lo, then whether it is within the upper bound
        let l = 0;
        let h = after.length;
        while (l < h) {
          const m = (l + h) >> 1;
          if (after[m] < lo) l = m + 1;
          else h = m;
        }
        return l < after.length && after[l] <= -(a + v) + tol;
      });
    });
  }
  return true;
}
