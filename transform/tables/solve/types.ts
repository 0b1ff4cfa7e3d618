// What the placement works with: a row's readings (where each of its numbers stands), and the
// constraints (identities, runs offered to several rows) that decide between them.
import type { TableCode } from '../../../schemas/contract.js';
import type { Cell, ParsedRow, PlacementNote } from '../model.js';

/** Exhaustive checks stop here: past it a constraint prunes nothing and a tie is broken by rank. */
export const MAX_COMBINATIONS = 20_000;
/** Reachable partial sums kept by the pruning of long sums (hierarchies with many children). */
export const MAX_SUMS = 4_096;
/** Runs of numbers offered to one row at most (2^k memberships are tried). */
export const MAX_FLOATING = 3;

/** A reading of a row: per number of its pool, the column it stands in, or 0 when the row does not take it. */
export type Cand = number[];

export interface Slot {
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

/** Why a row's reading is in doubt: another as good ('tie'), or too many to weigh them all ('unweighed'). */
export type Doubt = 'tie' | 'unweighed';

export interface Ref {
  slot: Slot | null;
  col: number;
}

export interface Constraint {
  slots: Slot[];
  /** How far a choice of readings is from satisfying it (0 exact), or -1 when it fails. */
  check(choice: Map<Slot, Cand>): bigint;
  /** What of a reading the constraint reads: readings alike on it are alike for it. */
  key(slot: Slot, cand: Cand): string;
  /** An identity's terms, for the pruning of long sums. */
  terms?: Ref[][];
  atLeast?: boolean;
}
