// Column placement of every printed number of a report, decided by the identities the tables
// must satisfy (identities.ts). Each row proposes its placements: the one its spacing or
// geometry shows when that holds its own row identity, else every placement that keeps the
// printed order. The identities across rows and tables (类 = Σ 款, 合计 = Σ 类, 04 ↔ 05/07/08 …)
// then rule out placements no consistent reading of the report can use. Where several
// readings remain equally consistent, the printed order decides (leftmost first, or nearest to
// the spacing) and the row gets a failing note saying it was ambiguous: no guess is silent.
import type { TableCode } from '../../schemas/contract.js';
import { parseDecimal, pow10, shift, toYuan, UNIT_EXPONENT } from '../decimal.js';
import type { Identity } from './identities.js';
import type { Cell, ParsedRow, ParsedTable, PlacementNote } from './model.js';

/** Exhaustive checks stop here: past it a constraint prunes nothing and a tie is broken by rank. */
const MAX_COMBINATIONS = 20_000;
/** Reachable partial sums kept by the pruning of long sums (hierarchies with many children). */
const MAX_SUMS = 4_096;

interface Slot {
  row: ParsedRow;
  table: TableCode;
  /** Per printed value, in 元 at the solve's common scale, and half a unit of its last digit. */
  values: bigint[];
  halves: bigint[];
  /** Whether each value is a number (a placeholder such as — only holds its place). */
  numeric: boolean[];
  cells: Cell[];
  /** Candidate placements: the column of each value. Ranked: the first is the preferred reading. */
  cands: number[][];
  /** A note to record whatever is chosen (the spacing was overruled, or too many values). */
  note?: PlacementNote;
  spaced: boolean;
  /** The spacing's own placement, when the row was spaced and it fits the columns. */
  proposed: number[] | null;
}

interface Ref {
  slot: Slot | null;
  col: number;
}

interface Constraint {
  /** terms[0] is the expected total, the others its parts; each term the sum of its refs. */
  terms: Ref[][];
  slots: Slot[];
  /** The total is at least the parts' sum, rather than equal to it. */
  atLeast: boolean;
}

/** Order-preserving placements of n values into `cols`, leftmost first. */
function* orderedPlacements(n: number, cols: number[], start = 0): Generator<number[]> {
  if (n === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= cols.length - n; i++) for (const rest of orderedPlacements(n - 1, cols, i + 1)) yield [cols[i], ...rest];
}

const describe = (cells: Cell[], cols: number[]) => cols.map((c, i) => `${c}:${cells[i].text}`).join(' ');

/**
 * The placements a row can take, best first, from what its printing shows: the columns each
 * value may stand in (`allowed`: the part of a split table it was printed in), the spacing's
 * proposal, or the columns geometry saw the values under (`hints`, a proposal too: a column
 * read off a page is evidence, not proof, when lines were re-spaced or a number drawn off its
 * row's baseline). Without either, the leftmost placements first.
 */
function candidates(slot: Slot, columns: number[], run: Cell[], allowed: (readonly number[] | null)[], hints: (number | null)[] | null, subject: string): void {
  const n = slot.cells.length;
  if (n === 0) return void (slot.cands = [[]]);
  if (n > columns.length) {
    slot.cands = [];
    slot.note = { subject, passed: false, detail: `${n} values for ${columns.length} columns: ${slot.cells.map((v) => v.text).join(' | ')}` };
    return;
  }
  // Where spacing put each value: a run of cells with its blanks, trailing blanks beyond the columns dropped.
  let proposed: number[] | null = null;
  if (slot.spaced) {
    const trimmed = [...run];
    while (trimmed.length > columns.length && trimmed[trimmed.length - 1].text === '') trimmed.pop();
    if (trimmed.length <= columns.length) proposed = trimmed.flatMap((c, i) => (c.text !== '' ? [columns[i]] : []));
  } else if (hints && hints.every((h, i) => h !== null && (i === 0 || columns.indexOf(h) > columns.indexOf(hints[i - 1]!)))) {
    proposed = hints as number[];
  }
  const all: number[][] = [];
  for (const cols of orderedPlacements(n, columns)) {
    if (cols.some((c, i) => allowed[i] != null && !allowed[i]!.includes(c))) continue;
    all.push(cols);
  }
  const at = (c: number) => columns.indexOf(c);
  // Placements that shift the values uniformly (one space too many or too few) before ones that
  // scatter them; with geometry, those that keep more values in the columns seen first.
  const score = (cols: number[]): number[] => {
    const misses = hints ? cols.filter((c, i) => hints[i] !== null && hints[i] !== c).length : 0;
    if (!proposed) return [misses, 0, 0];
    const offsets = cols.map((c, i) => at(c) - at(proposed![i]));
    return [misses, new Set(offsets).size, offsets.reduce((a, o) => a + Math.abs(o), 0)];
  };
  const scored = all.map((cols) => ({ cols, s: score(cols) }));
  scored.sort((a, b) => a.s[0] - b.s[0] || a.s[1] - b.s[1] || a.s[2] - b.s[2]);
  slot.cands = scored.map((x) => x.cols);
  slot.proposed = proposed ? (slot.cands.find((cols) => sameCols(cols, proposed!)) ?? null) : null;
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

/** The value a candidate puts in a column, and whether it puts one there. */
function valueAt(slot: Slot, cand: number[], col: number): number {
  for (let i = 0; i < cand.length; i++) if (cand[i] === col) return i;
  return -1;
}

/** Whether the identity holds with each slot's candidate as chosen (checks.ts' rule). */
function holds(c: Constraint, choice: Map<Slot, number[]>): boolean {
  return discrepancy(c, choice) >= 0n;
}

/**
 * How far the identity is off with each slot's candidate as chosen (in the solve's units),
 * or -1 when that is more than rounding explains. Readings that each hold within rounding are
 * told apart by it: the one that adds up exactly is the likelier.
 */
function discrepancy(c: Constraint, choice: Map<Slot, number[]>): bigint {
  let sum = 0n;
  let expectedPrinted = false;
  let printedParts = 0;
  let maxHalf = 0n;
  for (let t = 0; t < c.terms.length; t++) {
    let printed = false;
    let value = 0n;
    let half = 0n;
    for (const ref of c.terms[t]) {
      if (!ref.slot) continue;
      const cand = choice.get(ref.slot)!;
      const i = valueAt(ref.slot, cand, ref.col);
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
  const diff = sum < 0n && !c.atLeast ? -sum : sum;
  if (diff > maxHalf * BigInt(printedParts + 1)) return -1n;
  return diff < 0n ? 0n : diff;
}

/** The columns of a slot a constraint reads: candidates alike on them are alike for it. */
function projection(c: Constraint, slot: Slot, cand: number[]): string {
  let key = '';
  for (const term of c.terms) for (const ref of term) if (ref.slot === slot) key += `${valueAt(slot, cand, ref.col)},`;
  return key;
}

/**
 * Removes from each slot of the constraint the candidates no choice of the others' candidates
 * can satisfy it with. Returns whether anything was removed. When nothing at all satisfies it
 * (the source contradicts itself), nothing is removed: the checks will say so.
 */
function prune(c: Constraint): boolean {
  const groups = c.slots.map((slot) => {
    const byKey = new Map<string, number[][]>();
    for (const cand of slot.cands) {
      const k = projection(c, slot, cand);
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
    const choice = new Map<Slot, number[]>();
    const idx = new Array<number>(groups.length).fill(0);
    for (let n = 0; n < combos; n++) {
      let r = n;
      for (let s = 0; s < groups.length; s++) {
        idx[s] = r % groups[s].length;
        r = Math.floor(r / groups[s].length);
        choice.set(c.slots[s], groups[s][idx[s]][0]);
      }
      if (holds(c, choice)) for (let s = 0; s < groups.length; s++) supported[s][idx[s]] = true;
    }
  } else if (c.atLeast || !pruneBySums(c, groups, supported)) return false;
  if (supported.some((s) => !s.some(Boolean))) return false;
  let removed = false;
  c.slots.forEach((slot, s) => {
    if (supported[s].every(Boolean)) return;
    slot.cands = groups[s].flatMap((g, k) => (supported[s][k] ? g : []));
    removed = true;
  });
  return removed;
}

/**
 * For a sum over many slots (a 类 with dozens of 项): reachable partial sums from both ends, a
 * group supported when some prefix and suffix complete it within the largest tolerance any
 * choice could have. Returns false when the sums grow past MAX_SUMS (nothing decided).
 */
function pruneBySums(c: Constraint, groups: number[][][][], supported: boolean[][]): boolean {
  let maxHalf = 0n;
  let refs = 0;
  const contribution = (s: number, cand: number[]) => {
    let v = 0n;
    c.terms.forEach((term, t) => {
      for (const ref of term) {
        if (ref.slot !== c.slots[s]) continue;
        const i = valueAt(ref.slot, cand, ref.col);
        if (i >= 0) v += t === 0 ? -ref.slot.values[i] : ref.slot.values[i];
      }
    });
    return v;
  };
  for (const term of c.terms) {
    for (const ref of term) {
      refs++;
      if (ref.slot) for (const h of ref.slot.halves) if (h > maxHalf) maxHalf = h;
    }
  }
  const tol = maxHalf * BigInt(refs + 1) * BigInt(c.terms.length);
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
        // first element ≥ lo, then test it against the upper bound
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

/** Every constraint a slot is in, and the slots it links. */
function linked(constraints: Constraint[]): Map<Slot, Constraint[]> {
  const of = new Map<Slot, Constraint[]>();
  for (const c of constraints) for (const s of c.slots) (of.get(s) ?? of.set(s, []).get(s)!).push(c);
  return of;
}

/**
 * Chooses one candidate per slot among those still open: for each group of linked open slots,
 * the readings that satisfy the most identities, the best ranked of them; slots whose cells
 * differ between equally good readings are ambiguous.
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
    const choice = new Map<Slot, number[]>();
    for (const c of constraints) for (const s of c.slots) if (s.cands.length === 1) choice.set(s, s.cands[0]);
    // The readings that hold the most identities, and of those the ones closest to exact.
    let best: { idx: number[]; held: number; off: bigint; rank: number }[] = [];
    const idx = new Array<number>(component.length).fill(0);
    for (let n = 0; n < combos; n++) {
      let r = n;
      let rank = 0;
      component.forEach((s, k) => {
        idx[k] = r % s.cands.length;
        r = Math.floor(r / s.cands.length);
        rank += idx[k];
        choice.set(s, s.cands[idx[k]]);
      });
      let held = 0;
      let off = 0n;
      for (const c of constraints) {
        const d = discrepancy(c, choice);
        if (d < 0n) continue;
        held++;
        off += d;
      }
      const better = best.length === 0 || held > best[0].held || (held === best[0].held && off < best[0].off);
      if (better) best = [{ idx: [...idx], held, off, rank }];
      else if (held === best[0].held && off === best[0].off) best.push({ idx: [...idx], held, off, rank });
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
 * Places the printed numbers of every row with `printed` into its cells, for all tables of a
 * report at once (identities cross tables). Rows without `printed` keep the cells their
 * assembler placed; they take part in the identities as they are. Notes go to their tables.
 */
export function placeNumbers(tables: ParsedTable[], ids: Identity[]): void {
  const slots = new Map<string, Slot>();
  const tableOf = new Map<TableCode, ParsedTable>(tables.map((t) => [t.code, t]));
  // One common scale in 元: the most decimals any printed amount has once converted.
  let scale = 2;
  for (const t of tables) {
    for (const r of t.rows) {
      const texts = r.printed ? r.printed.cells.map((c) => c.text) : [...r.cells.values()].map((c) => c.text);
      for (const text of texts) {
        const d = text === '' ? null : toYuan(text, t.unit);
        if (d && d.scale > scale) scale = Math.min(d.scale, 12);
      }
    }
  }
  scale += 1; // room for the half unit of the last digit
  for (const t of tables) {
    for (const r of t.rows) {
      const id = `${t.code}|${r.key}`;
      if (slots.has(id)) continue; // a repeated key: the identities read the first row
      const run = r.printed ? r.printed.cells : [...r.cells.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
      const cells: Cell[] = [];
      const numeric: boolean[] = [];
      const values: bigint[] = [];
      const halves: bigint[] = [];
      const allowed: (readonly number[] | null)[] = [];
      const hints: (number | null)[] = [];
      const fixedCols = r.printed ? null : [...r.cells.keys()].sort((a, b) => a - b);
      let k = 0;
      for (const c of run) {
        if (c.text === '') continue;
        const y = yuanUnits(c.text, t.unit, scale);
        cells.push(c);
        numeric.push(y !== null);
        values.push(y?.value ?? 0n);
        halves.push(y?.half ?? 0n);
        allowed.push(r.printed?.allowed?.[k] ?? null);
        hints.push(r.printed?.hints?.[k] ?? null);
        k++;
      }
      const slot: Slot = { row: r, table: t.code, values, halves, numeric, cells, cands: [], spaced: r.printed?.spaced ?? true, proposed: null };
      if (fixedCols) slot.cands = [fixedCols];
      else candidates(slot, r.printed!.columns, run, allowed, r.printed!.hints ? hints : null, r.key);
      slots.set(id, slot);
    }
  }
  const constraints: Constraint[] = ids.map((identity) => {
    const terms = [identity.expected, ...identity.parts].map((refs) => refs.map((ref) => ({ slot: slots.get(`${ref.table}|${ref.key}`) ?? null, col: ref.col })));
    const involved = [...new Set(terms.flat().flatMap((r) => (r.slot ? [r.slot] : [])))];
    return { terms, slots: involved, atLeast: identity.relation === '≥' };
  });
  const constraintsOf = linked(constraints);
  // A spaced row whose spacing holds its own row identity keeps it: spacing is what the printing shows.
  for (const slot of slots.values()) {
    const proposal = slot.proposed;
    if (!proposal || slot.cands.length <= 1) continue;
    const own = (constraintsOf.get(slot) ?? []).filter((c) => c.slots.length === 1);
    if (own.length === 0 || own.every((c) => holds(c, new Map([[slot, proposal]])))) slot.cands = [proposal];
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of constraints) if (c.slots.some((s) => s.cands.length > 1) && prune(c)) changed = true;
  }
  const open = [...slots.values()].filter((s) => s.cands.length > 1);
  const ambiguous = choose(open, constraintsOf);
  for (const slot of slots.values()) {
    if (!slot.row.printed) continue;
    const notes = tableOf.get(slot.table)!.notes;
    const cols = slot.cands[0] ?? [];
    slot.row.cells = new Map(cols.map((c, i) => [c, slot.cells[i]]));
    if (slot.note) notes.push(slot.note);
    const subject = slot.row.key;
    const alternatives = () => `the identities allow more than one reading; placed [${describe(slot.cells, cols)}] by the printed order`;
    if (ambiguous.has(slot)) notes.push({ subject, passed: false, detail: `ambiguous: ${alternatives()}` });
    else if (slot.proposed && !sameCols(cols, slot.proposed)) {
      notes.push({ subject, passed: true, detail: `spacing proposed [${describe(slot.cells, slot.proposed)}]; the identities placed [${describe(slot.cells, cols)}]` });
    }
  }
}

function sameCols(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}
