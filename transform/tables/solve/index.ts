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
import type { TableCode } from '../../../schemas/contract.js';
import { UNIT_EXPONENT } from '../../decimal.js';
import type { Identity } from '../identities.js';
import type { ParsedRow, ParsedTable } from '../model.js';
import { choose, linked, zeroColumns } from './choose.js';
import { holdsInRow, identityConstraint, runConstraint, yuanUnits } from './constraints.js';
import { prune } from './prune.js';
import { candidates, describe, same, spacingReading, taken } from './readings.js';
import { type Constraint, type Doubt, MAX_FLOATING, type Slot } from './types.js';

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
    finish(placed, byTable, new Map());
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
function finish(placed: Slot[], byTable: Map<TableCode, { table: ParsedTable }>, ambiguous: Map<Slot, Doubt>): void {
  for (const slot of placed) {
    const notes = byTable.get(slot.table)!.table.notes;
    const cand = slot.cands[0] ?? new Array<number>(slot.pool.length).fill(0);
    slot.row.cells = new Map(taken(cand).map((i) => [cand[i], slot.pool[i]]));
    if (slot.note && taken(cand).length === 0) notes.push(slot.note);
    const subject = slot.row.key;
    const doubt = ambiguous.get(slot);
    if (doubt === 'tie') notes.push({ subject, passed: false, detail: `ambiguous: the identities allow more than one reading; placed [${describe(slot, cand)}] by the printed order` });
    else if (doubt === 'unweighed') notes.push({ subject, passed: false, detail: `ambiguous: too many readings of the table to weigh them all; placed [${describe(slot, cand)}] by the identities it holds` });
    else if (slot.proposed && slot.row.printed!.spaced && !same(cand, slot.proposed)) {
      notes.push({ subject, passed: true, detail: `spacing proposed [${describe(slot, slot.proposed)}]; the identities placed [${describe(slot, cand)}]` });
    }
  }
}
