// What the table assemblers produce, whatever the layout: rows with cells placed in the
// national template's columns, each cell carrying the printed text and its provenance.
import type { TableCode } from '../schemas/contract.js';

export interface Cell {
  text: string;
  line?: number;
  page?: number;
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
  /** Cells by column number; absent = blank. */
  cells: Map<number, Cell>;
  /** Cells in printed order before placement (for placement decisions). */
  proposal?: (Cell | null)[];
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
}

export interface PlacementNote {
  subject: string;
  detail: string;
  passed: boolean;
}
