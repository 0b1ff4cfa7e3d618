// What the table assemblers produce, whatever the layout and the input form: rows with the
// numbers they print, in printed order, with whatever tells their columns (spacing, geometry),
// and then, once the identities have placed them (solve.ts), cells in the national template's
// columns, each carrying the printed text and its provenance.
import type { TableCode } from '../../schemas/contract.js';

export interface Cell {
  text: string;
  line?: number;
  page?: number;
  /** Right edge on the page, where geometry knows it: orders the numbers of runs merged into a row. */
  x?: number;
}

/**
 * A row's numbers as printed, before placement. `cells` are in printed order; when `spaced`,
 * an empty string is a blank cell the input showed (pdf.js text's double spaces, markdown's
 * empty tab cells, a 栏次 column without a number in a PDF), so position i proposes column
 * `columns[i]`. Otherwise only the order is known. `hints` (geometry) gives the column a
 * value was seen under, null where none was; `allowed` the columns a value may stand in (the
 * part of a split table it was printed in), null for any. One entry per non-empty cell.
 */
export interface Printed {
  cells: Cell[];
  /** The columns the numbers may stand in, in printed order. */
  columns: number[];
  spaced: boolean;
  hints?: (number | null)[];
  allowed?: (readonly number[] | null)[];
  /**
   * Runs of numbers geometry left between this row and a neighbour (a tall row's numbers printed
   * a line above or below its label): offered to each, exactly one takes a run. `near` when this
   * row is the nearer of them.
   */
  floating?: FloatingRun[];
}

export interface FloatingRun {
  id: string;
  near: boolean;
  cells: Cell[];
  hints?: (number | null)[];
}

export interface ParsedRow {
  /** Canonical row identity (see the contract). */
  key: string;
  label: string;
  rowNo: number | null;
  /** 'income' / 'expenditure' for the two sides of 01 and 04. */
  side?: 'income' | 'expenditure';
  /** Key of the row this one breaks down (04's 一般公共预算财政拨款 under 年初财政拨款结转和结余). */
  parent?: string;
  /** Cells by column number; absent = blank. Filled by the placement (solve.ts) for rows with `printed`. */
  cells: Map<number, Cell>;
  /** The numbers to place, when the assembler could not place them itself. */
  printed?: Printed;
}

export interface ParsedTable {
  code: TableCode;
  title: string;
  /** Money unit declared by the table: '万元' or '元'. */
  unit: string;
  declaredEmpty: boolean;
  rows: ParsedRow[];
  startLine?: number;
  startPage?: number;
  /** Notes on decisions and problems, turned into checks. */
  notes: PlacementNote[];
  /** The columns the table prints, where its assembler knows (a 05 of three columns, or of six). */
  columns?: number[];
}

export interface PlacementNote {
  subject: string;
  detail: string;
  passed: boolean;
}

export interface AssembleResult {
  rows: ParsedRow[];
  notes: PlacementNote[];
}

/** What the identities need of a row: its identity and place, not its amounts. */
export interface RowShape {
  key: string;
  label: string;
  side?: 'income' | 'expenditure';
  parent?: string;
}

export interface TableShape {
  code: TableCode;
  rows: RowShape[];
  columns?: number[];
}

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
