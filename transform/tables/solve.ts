// Column placement of every printed number of a report, decided by the identities the tables
// must satisfy (identities.ts). Each row proposes its placements: the one its spacing or
// geometry shows when that holds its own row identity, else every placement that keeps the
// printed order. A run of numbers that geometry leaves between two rows (a tall row's numbers
// printed a line above or below its label) is offered to both, for exactly one to take. The
// identities across rows and tables (类 = Σ 款, 合计 = Σ 类, 04 ↔ 05/07/08 …) then rule out
// placements no consistent reading of the report can use. Of the readings left, the one that
// adds up most exactly is taken; where several remain equally good, the printed order decides
// (leftmost first, or nearest to the spacing) and the row gets a failing note saying it was
// ambiguous: no guess is silent.
import type { TableCode } from '../../schemas/contract.js';
import { parseDecimal, pow10, shift, toYuan, UNIT_EXPONENT } from '../decimal.js';
import type { Identity } from './identities.js';
import type { Cell, ParsedRow, ParsedTable, PlacementNote } from './model.js';

/** Exhaustive checks stop here: past it a constraint prunes nothing and a tie is broken by rank. */
const MAX_COMBINATIONS = 20_000;
/** Reachable partial sums kept by the pruning of long sums (hierarchies with many children). */
const MAX_SUMS = 4_096;
/** Runs of numbers offered to one row at most (2^k memberships are tried). */
const MAX_FLOATING = 3;

/** A reading of a row: per number of its pool, the column it stands in, or 0 when the row does not take it. */
type Cand = number[];

interface Slot {
  row: ParsedRow;
  table: TableCode;
  /** The row's own numbers, then those of the runs offered to it. */
  pool: Cell[];
  /** Per pool number, in 元 at the solve's common scale, and half a unit of its last digit. */
  values: bigint[];
  halves: bigint[];
  /** Whether each is a number (a placeholder such as — only holds its place). */
  numeric: boolean[];
  /** The run each offered number belongs to (null: the row's own). */
  run: (string | null)[];
  /** Readings, best first. */
  cands: Cand[];
  /** A note to record whatever is chosen (too many values). */
  note?: PlacementNote;
  /** The reading the spacing shows, when there is one. */
  proposed: Cand | null;
  /** Per reading, how many numbers it puts off the columns geometry saw them under. */
  misses: Map<Cand, number>;
}

interface Ref {
  slot: Slot | null;
  col: number;
}

interface Constraint {
  slots: Slot[];
  /** How far a choice of readings is from satisfying it (0 exact), or -1 when it fails. */
  check(choice: Map<Slot, Cand>): bigint;
  /** What of a reading the constraint reads: readings alike on it are alike for it. */
  key(slot: Slot, cand: Cand): string;
  /** An identity's terms, for the pruning of long sums. */
  terms?: Ref[][];
  atLeast?: boolean;
}

/** Order-preserving placements of n values into `cols`, leftmost first. */
function* orderedPlacements(n: number, cols: number[], start = 0): Generator<number[]> {
  if (n === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= cols.length - n; i++) for (const rest of orderedPlacements(n - 1, cols, i + 1)) yield [cols[i], ...rest];
}

const taken = (cand: Cand) => cand.flatMap((c, i) => (c > 0 ? [i] : []));
const describe = (slot: Slot, cand: Cand) => taken(cand).map((i) => `${cand[i]}:${slot.pool[i].text}`).join(' ');
const same = (a: Cand, b: Cand) => a.length === b.length && a.every((c, i) => c === b[i]);

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
function candidates(slot: Slot, columns: number[], own: Offered & { run: Cell[]; spaced: boolean }, offered: { id: string; near: boolean; numbers: Offered }[], subject: string): void {
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

/**
 * A printed amount in 元 at `scale` decimals, and half a unit of its last printed digit; null for
 * a cell that is no number (a placeholder such as —). `scale` exceeds every converted amount's.
 */
function yuanUnits(text: string, unit: string, scale: number): { value: bigint; half: bigint } | null {
  const d = parseDecimal(text);
  if (!d) return null;
  const exp = UNIT_EXPONENT[unit] ?? 0;
  const y = shift(d, exp);
  return { value: y.units * pow10(scale - y.scale), half: 5n * pow10(scale - d.scale - 1 + exp) };
}

/** The pool index a reading puts in a column, or -1. */
function valueAt(cand: Cand, col: number): number {
  for (let i = 0; i < cand.length; i++) if (cand[i] === col) return i;
  return -1;
}

/**
 * How far an identity is from holding (in the solve's units), or -1 when that is more than
 * rounding explains: checks.ts' rule. `terms[0]` is the expected total; `at` says which pool
 * number a ref's slot puts in the ref's column under the readings chosen.
 */
function offBy(terms: Ref[][], atLeast: boolean, at: (ref: Ref) => number): bigint {
  let sum = 0n;
  let expectedPrinted = false;
  let printedParts = 0;
  let maxHalf = 0n;
  for (let t = 0; t < terms.length; t++) {
    let printed = false;
    let value = 0n;
    let half = 0n;
    for (const ref of terms[t]) {
      if (!ref.slot) continue;
      const i = at(ref);
      if (i < 0) continue;
      printed = true;
      value += ref.slot.values[i];
      half += ref.slot.halves[i];
    }
    if (!printed) continue;
    if (t === 0) expectedPrinted = true;
    else printedParts++;
    if (half > maxHalf) maxHalf = half;
    sum += t === 0 ? -value : value;
  }
  if (!expectedPrinted && printedParts === 0) return 0n;
  const diff = sum < 0n && !atLeast ? -sum : sum;
  if (diff > maxHalf * BigInt(printedParts + 1)) return -1n;
  return diff < 0n ? 0n : diff;
}

/** offBy for an identity within one row, read as `cand` (no refs resolved, nothing allocated). */
function holdsInRow(identity: Identity, slot: Slot, cand: Cand): boolean {
  let sum = 0n;
  let printedParts = 0;
  let expectedPrinted = false;
  let maxHalf = 0n;
  const terms = identity.parts.length + 1;
  for (let t = 0; t < terms; t++) {
    const refs = t === 0 ? identity.expected : identity.parts[t - 1];
    let printed = false;
    let value = 0n;
    let half = 0n;
    for (const ref of refs) {
      const i = valueAt(cand, ref.col);
      if (i < 0) continue;
      printed = true;
      value += slot.values[i];
      half += slot.halves[i];
    }
    if (!printed) continue;
    if (t === 0) expectedPrinted = true;
    else printedParts++;
    if (half > maxHalf) maxHalf = half;
    sum += t === 0 ? -value : value;
  }
  if (!expectedPrinted && printedParts === 0) return true;
  const diff = sum < 0n && identity.relation !== '≥' ? -sum : sum;
  return diff <= maxHalf * BigInt(printedParts + 1);
}

function refsOf(identity: Identity, slotOf: (table: TableCode, key: string) => Slot | undefined): Ref[][] {
  return [identity.expected, ...identity.parts].map((refs) => refs.map((ref) => ({ slot: slotOf(ref.table, ref.key) ?? null, col: ref.col })));
}

/** An identity as a constraint. */
function identityConstraint(identity: Identity, slotOf: (table: TableCode, key: string) => Slot | undefined): Constraint {
  const terms = refsOf(identity, slotOf);
  const slots = [...new Set(terms.flat().flatMap((r) => (r.slot ? [r.slot] : [])))];
  const atLeast = identity.relation === '≥';
  return {
    slots,
    terms,
    atLeast,
    key(slot, cand) {
      let key = '';
      for (const term of terms) for (const ref of term) if (ref.slot === slot) key += `${valueAt(cand, ref.col)},`;
      return key;
    },
    check: (choice) => offBy(terms, atLeast, (ref) => valueAt(choice.get(ref.slot!)!, ref.col)),
  };
}

/** A run of numbers offered to several rows: exactly one takes it. */
function runConstraint(id: string, slots: Slot[]): Constraint {
  const takes = (slot: Slot, cand: Cand) => slot.run.some((r, i) => r === id && cand[i] > 0);
  return {
    slots,
    key: (slot, cand) => (takes(slot, cand) ? '1' : '0'),
    check: (choice) => (slots.filter((s) => takes(s, choice.get(s)!)).length === 1 ? 0n : -1n),
  };
}

/**
 * Removes from each slot of the constraint the readings no choice of the others' readings can
 * satisfy it with. Returns whether anything was removed. When nothing at all satisfies it (the
 * source contradicts itself), nothing is removed: the checks will say so.
 */
function prune(c: Constraint, neighbours?: Map<Slot, Constraint[]>): boolean {
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
  if (c.slots.every((slot, s) => supported[s].every(Boolean))) return false;
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

/**
 * Chooses one reading per slot among those still open: for each group of linked open slots, the
 * readings that satisfy the most constraints and, of those, add up most exactly; the best ranked
 * of them. A slot whose numbers stand differently in equally good readings is ambiguous.
 */
function choose(open: Slot[], constraintsOf: Map<Slot, Constraint[]>): Set<Slot> {
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
function zeroColumns(slots: Slot[]): void {
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
function linked(constraints: Constraint[]): Map<Slot, Constraint[]> {
  const of = new Map<Slot, Constraint[]>();
  for (const c of constraints) for (const s of c.slots) (of.get(s) ?? of.set(s, []).get(s)!).push(c);
  return of;
}

/** Decimals of a printed number ("1,234.56" → 2). */
const decimalsOf = (text: string) => {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
};

/**
 * One common scale in 元 for the whole report: one decimal more than any printed amount has once
 * converted (half a unit of its last digit), and at least 3 (0.005 元).
 */
function commonScale(tables: ParsedTable[]): number {
  let scale = 2;
  for (const t of tables) {
    const exp = UNIT_EXPONENT[t.unit] ?? 0;
    for (const r of t.rows) {
      for (const c of r.cells.values()) scale = Math.max(scale, decimalsOf(c.text) - exp);
      if (!r.printed) continue;
      for (const c of r.printed.cells) scale = Math.max(scale, decimalsOf(c.text) - exp);
      for (const f of r.printed.floating ?? []) for (const c of f.cells) scale = Math.max(scale, decimalsOf(c.text) - exp);
    }
  }
  return Math.min(scale, 12) + 1;
}

/** A slot for a row: its numbers in the solve's units; readings still to be made. */
function slotFor(t: ParsedTable, r: ParsedRow, scale: number, settled: boolean): Slot {
  const p = settled ? undefined : r.printed;
  const own = p ? p.cells.filter((c) => c.text !== '') : [...r.cells.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
  const floating = (p?.floating ?? []).slice(0, MAX_FLOATING);
  const pool = floating.length > 0 ? [...own, ...floating.flatMap((f) => f.cells)] : own;
  const values: bigint[] = [];
  const halves: bigint[] = [];
  const numeric: boolean[] = [];
  for (const c of pool) {
    const u = yuanUnits(c.text, t.unit, scale);
    values.push(u?.value ?? 0n);
    halves.push(u?.half ?? 0n);
    numeric.push(u !== null);
  }
  const run: (string | null)[] = own.map(() => null);
  for (const f of floating) for (let k = 0; k < f.cells.length; k++) run.push(f.id);
  const slot: Slot = { row: r, table: t.code, pool, values, halves, numeric, run, cands: [], proposed: null, misses: new Map() };
  if (!p) slot.cands = [[...r.cells.keys()].sort((a, b) => a - b)];
  return slot;
}

/**
 * Places the printed numbers of every row with `printed` into its cells, for all tables of a
 * report at once (identities cross tables). Rows without `printed` keep the cells their
 * assembler placed; they take part in the identities as they are. Notes go to their tables.
 */
export function placeNumbers(tables: ParsedTable[], ids: Identity[]): void {
  const scale = commonScale(tables);
  // Slots are made when first needed: most rows are placed by their own spacing or assembler,
  // and only the identities of rows still open are ever evaluated.
  const byTable = new Map<TableCode, { table: ParsedTable; rows: Map<string, ParsedRow>; slots: Map<string, Slot> }>();
  for (const t of tables) {
    const rows = new Map<string, ParsedRow>();
    for (const r of t.rows) if (!rows.has(r.key)) rows.set(r.key, r); // a repeated key: the identities read the first row
    byTable.set(t.code, { table: t, rows, slots: new Map() });
  }
  // Rows placed as their spacing shows, without a slot: one made later holds those cells.
  const settled = new Set<ParsedRow>();
  const slotOf = (table: TableCode, key: string): Slot | undefined => {
    const t = byTable.get(table);
    if (!t) return undefined;
    let slot = t.slots.get(key);
    if (slot) return slot;
    const r = t.rows.get(key);
    if (!r) return undefined;
    slot = slotFor(t.table, r, scale, settled.has(r));
    t.slots.set(key, slot);
    return slot;
  };
  // Identities within one row, by row, and those across rows.
  const within = new Map<ParsedRow, Identity[]>();
  const across: Identity[] = [];
  for (const identity of ids) {
    const row = identity.row;
    const parsed = row ? byTable.get(row.table)?.rows.get(row.key) : undefined;
    if (!parsed) across.push(identity);
    else (within.get(parsed) ?? within.set(parsed, []).get(parsed)!).push(identity);
  }
  const placed: Slot[] = [];
  const runs = new Map<string, Slot[]>();
  for (const { table: t, rows } of byTable.values()) {
    for (const r of rows.values()) {
      const p = r.printed;
      if (!p) continue;
      // A row whose spacing shows a reading that holds its own row identity keeps it, unsearched.
      // (Geometry's columns only rank readings: pdftotext's layout moves numbers between columns.)
      if (p.spaced && !p.floating?.length) {
        const spacing = spacingReading(p.cells, p.columns);
        const values = p.cells.filter((c) => c.text !== '');
        if (spacing && spacing.length === values.length && (p.allowed ?? []).every((a, i) => a == null || a.includes(spacing[i]))) {
          // No identity of its own to hold, or every column filled (no other reading): placed as shown.
          if (!within.has(r) || values.length === p.columns.length) {
            r.cells = new Map(spacing.map((c, i) => [c, values[i]]));
            settled.add(r);
            continue;
          }
          const slot = slotOf(t.code, r.key)!;
          if ((within.get(r) ?? []).every((identity) => holdsInRow(identity, slot, spacing))) {
            slot.cands = [spacing];
            slot.proposed = spacing;
            placed.push(slot);
            continue;
          }
        }
      }
      const slot = slotOf(t.code, r.key)!;
      const own = slot.pool.filter((_, i) => slot.run[i] === null);
      const floating = (p.floating ?? []).slice(0, MAX_FLOATING);
      const offered = floating.map((f) => ({ id: f.id, near: f.near, numbers: { cells: f.cells, hints: f.hints ?? null, allowed: f.cells.map(() => null) } }));
      candidates(slot, p.columns, { cells: own, run: p.cells, spaced: p.spaced, hints: p.hints ?? null, allowed: own.map((_, i) => p.allowed?.[i] ?? null) }, offered, r.key);
      for (const f of floating) (runs.get(f.id) ?? runs.set(f.id, []).get(f.id)!).push(slot);
      placed.push(slot);
    }
  }
  // Only what touches an open row can decide anything.
  const open = (s: Slot) => s.cands.length > 1;
  const constraints: Constraint[] = [];
  if (!placed.some(open)) {
    finish(placed, byTable, new Set());
    return;
  }
  for (const slot of placed) if (open(slot)) for (const identity of within.get(slot.row) ?? []) constraints.push(identityConstraint(identity, slotOf));
  const touchesOpen = (identity: Identity) => [identity.expected, ...identity.parts].some((term) => term.some((r) => (byTable.get(r.table)?.slots.get(r.key)?.cands.length ?? 0) > 1));
  for (const identity of across) if (touchesOpen(identity)) constraints.push(identityConstraint(identity, slotOf));
  for (const [id, s] of runs) constraints.push(runConstraint(id, s));
  const constraintsOf = linked(constraints);
  const propagate = () => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const c of constraints) if (c.slots.some(open) && prune(c, constraintsOf)) changed = true;
    }
  };
  if (constraints.length > 0) {
    propagate();
    for (const { slots } of byTable.values()) zeroColumns([...slots.values()]);
    propagate();
  }
  finish(placed, byTable, choose(placed.filter(open), constraintsOf));
}

/** Each placed row's cells as its reading puts them, with the notes its placement calls for. */
function finish(placed: Slot[], byTable: Map<TableCode, { table: ParsedTable }>, ambiguous: Set<Slot>): void {
  for (const slot of placed) {
    const notes = byTable.get(slot.table)!.table.notes;
    const cand = slot.cands[0] ?? new Array<number>(slot.pool.length).fill(0);
    slot.row.cells = new Map(taken(cand).map((i) => [cand[i], slot.pool[i]]));
    if (slot.note && taken(cand).length === 0) notes.push(slot.note);
    const subject = slot.row.key;
    if (ambiguous.has(slot)) notes.push({ subject, passed: false, detail: `ambiguous: the identities allow more than one reading; placed [${describe(slot, cand)}] by the printed order` });
    else if (slot.proposed && slot.row.printed!.spaced && !same(cand, slot.proposed)) {
      notes.push({ subject, passed: true, detail: `spacing proposed [${describe(slot, slot.proposed)}]; the identities placed [${describe(slot, cand)}]` });
    }
  }
}

/** The reading a spaced run shows (its blanks kept, trailing blanks beyond the columns dropped), or null when it has more cells than columns. */
function spacingReading(run: Cell[], columns: number[]): Cand | null {
  let end = run.length;
  while (end > columns.length && run[end - 1].text === '') end--;
  if (end > columns.length) return null;
  const cand: Cand = [];
  for (let i = 0; i < end; i++) if (run[i].text !== '') cand.push(columns[i]);
  return cand;
}
