// Row types several stages share: what the transform hands to the load stage, one per table of
// the contract it fills (schemas/contract.ts describes their columns).
import type { CheckSeverity, TableCode } from '../schemas/contract.js';

export type CheckRow = {
  check_id: string;
  kind: string;
  table_code: string | null;
  subject: string;
  description: string;
  expected: string | null;
  actual: string | null;
  difference: string | null;
  tolerance: string | null;
  passed: boolean;
  /** Set for every check by transform() (severity.ts); the stages that make checks leave it out. */
  severity?: CheckSeverity;
  detail: string | null;
};

export type LineItem = {
  table_code: TableCode;
  row_key: string;
  row_no: number | null;
  row_label: string;
  row_order: number;
  section: string | null;
  col_no: number;
  col_label: string;
  amount_yuan: string | null;
  quantity: string | null;
  reported_text: string;
  reported_unit: string;
  source_line: number | null;
  source_page: number | null;
};

export type TableStatusRow = {
  table_code: TableCode;
  table_title: string | null;
  status: 'parsed' | 'declared_empty' | 'absent' | 'unparsed';
  reported_unit: string | null;
  row_count: number;
  cell_count: number;
  source_line: number | null;
  source_page: number | null;
};
