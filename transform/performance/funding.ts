// The funding part of a table (项目资金预算安排及执行进度).
import type { Line } from '../../extract/lines.js';
import type { Decimal } from '../decimal.js';
import { PLACEHOLDER_RE, cellsOf, numberCell } from './lines.js';

export type FundingColumn = 'target_declared' | 'budget_compiled' | 'initial_budget' | 'annual_budget' | 'executed' | 'balance' | 'full_score' | 'rate' | 'score';
export const MONEY_COLUMNS: FundingColumn[] = ['target_declared', 'budget_compiled', 'initial_budget', 'annual_budget', 'executed', 'balance'];
const FUNDING_HEADINGS: [FundingColumn, RegExp][] = [
  ['target_declared', /目标申报数/],
  ['budget_compiled', /预算编制数/],
  ['initial_budget', /年初预算数/],
  ['annual_budget', /全年预算数/],
  ['executed', /全年执行数/],
  ['balance', /资金结|结转|结余/],
  ['full_score', /分值/],
  ['rate', /执行率/],
  ['score', /得分/],
];
export const COLUMN_ZH: Record<FundingColumn, string> = {
  target_declared: '目标申报数',
  budget_compiled: '预算编制数',
  initial_budget: '年初预算数',
  annual_budget: '全年预算数',
  executed: '全年执行数',
  balance: '资金结(转)余',
  full_score: '分值',
  rate: '执行率',
  score: '得分',
};

/** Columns named in the header text, in the order of the national and provincial forms. */
export function fundingColumns(headerText: string): FundingColumn[] {
  const found: FundingColumn[] = [];
  for (const [column, re] of FUNDING_HEADINGS) if (re.test(headerText)) found.push(column);
  // 目标申报数 and 预算编制数 are the two sub-columns of 年初预算数 where printed.
  if (found.includes('target_declared') || found.includes('budget_compiled')) return found.filter((c) => c !== 'initial_budget');
  return found;
}

export interface FundingRow {
  label: string;
  values: Partial<Record<FundingColumn, Decimal | null>>;
  printed: (Decimal | null)[];
  line: Line;
}

/** A funding row: a label, then only amounts/percentages or blanks ("—"), at least one number. */
export function asFundingRow(l: Line): { label: string; printed: (Decimal | null)[] } | null {
  const cells = cellsOf(l);
  if (cells.length < 2) return null;
  const label = cells[0];
  if (!/[\u4e00-\u9fff]/.test(label) || numberCell(label) !== null) return null;
  // Each cell parsed once: this runs on every line until the funding rows are found.
  const printed: (Decimal | null)[] = [];
  let numbers = 0;
  for (let j = 1; j < cells.length; j++) {
    const d = PLACEHOLDER_RE.test(cells[j]) ? null : numberCell(cells[j]);
    if (d === null && !PLACEHOLDER_RE.test(cells[j])) return null;
    if (d !== null) numbers++;
    printed.push(d);
  }
  if (numbers === 0) return null;
  return { label: label.replace(/[:：]$/, ''), printed };
}

/** A row of the right half of a split table: numbers only. */
export function numbersOnly(l: Line): Decimal[] | null {
  const cells = cellsOf(l);
  if (cells.length === 0) return null;
  const ds: Decimal[] = [];
  for (const c of cells) {
    const d = numberCell(c);
    if (d === null) return null; // most lines: no need to read the other cells
    ds.push(d);
  }
  return ds;
}

export function assignFunding(columns: FundingColumn[], printed: (Decimal | null)[], into: Partial<Record<FundingColumn, Decimal | null>>): boolean {
  if (printed.length !== columns.length) return false;
  for (let i = 0; i < columns.length; i++) into[columns[i]] = printed[i];
  return true;
}
