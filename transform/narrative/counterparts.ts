// Checks of the narrative: conventions, and the table cell each kind of fact restates (its counterpart).
//
// Conventions of the check rows (kind 'narrative'):
//  - amounts against a table: expected = the table's amount, actual = the narrative's, difference =
//    actual − expected, all in 元; tolerance = one unit of the last digit printed by the coarser of
//    the two (narratives round or truncate: "1419万元" for 1,419.06; tables are rounded one by one);
//  - counts against a table, percentages, relations and years: expected/actual/difference/tolerance
//    are NULL (they are not 元) and detail gives both values. A percentage passes when some value the
//    printed amounts could stand for (each ± half a unit of its last digit) gives the printed
//    percentage within one unit of its last digit;
//  - relations (决算数小于预算数 …): expected = the budget, actual = the actual, both in 元.
import type { TableCode } from '../../schemas/contract.js';
import { add, compare, UNIT_EXPONENT, parseDecimal, shift, sub, toFixedString, toString as decimalText, ZERO, type Decimal } from '../decimal.js';
import type { ParsedRow, ParsedTable } from '../tables/model.js';
import { canonicalLabel } from '../tables/templates.js';
import { MEASURES, MONEY_UNITS, classCodeOf } from './claims.js';
import type { NarrativeFact, NarrativeMetric, ReportTables } from './types.js';

const LEVEL_EXCLUDED = new Set<NarrativeMetric>(['年初预算', '全年预算', '预算数', '增减额', '增减率', '完成率', '占比', '百分比', '绩效项目资金', '其他', '报告年度', '比较年度', '决算与预算关系']);
export const BUDGETS = new Set<NarrativeMetric>(['年初预算', '全年预算', '预算数']);
export const KNOWN_METRICS = new Set<string>(MEASURES.map(([, m]) => m));
export const isMoney = (f: NarrativeFact) => f.unit !== null && MONEY_UNITS.has(f.unit) && f.amount_yuan !== null;
export const isLevel = (f: NarrativeFact) => isMoney(f) && !LEVEL_EXCLUDED.has(f.metric);

/** A number as printed, in 元 for money: value and one unit of its last printed digit. */
interface Amount {
  value: Decimal;
  step: Decimal;
  text: string;
}

export function factAmount(f: NarrativeFact): Amount | null {
  const d = f.value === null ? null : parseDecimal(f.value);
  if (!d) return null;
  const exp = f.unit && MONEY_UNITS.has(f.unit) ? UNIT_EXPONENT[f.unit] ?? 0 : 0;
  // A printed 0 ("0万元") claims nothing was spent: exact, whatever its number of decimals.
  const step = d.units === 0n ? ZERO : shift({ units: 1n, scale: d.scale }, exp);
  return { value: shift(d, exp), step, text: `${f.metric}${f.subject ? `(${f.subject})` : ''} ${f.value_text}` };
}

export const half = (d: Decimal): Decimal => ({ units: d.units * 5n, scale: d.scale + 1 });
const mul = (a: Decimal, b: Decimal): Decimal => ({ units: a.units * b.units, scale: a.scale + b.scale });
// Stryker disable next-line EqualityOperator: of two equal values either is the larger.
export const max = (a: Decimal, b: Decimal) => (compare(a, b) >= 0 ? a : b);
const HUNDRED: Decimal = { units: 100n, scale: 0 };

export function yuan(d: Decimal): string {
  return d.scale <= 2 ? toFixedString(d, 2) : decimalText(d);
}

/** a / b × 100, rounded half-up to `decimals`. */
export function percentOf(a: Decimal, b: Decimal, decimals: number): Decimal {
  let num = a.units * 10n ** BigInt(b.scale + decimals) * 100n;
  let den = b.units * 10n ** BigInt(a.scale);
  if (den < 0n) [num, den] = [-num, -den];
  const neg = num < 0n;
  const q = (2n * (neg ? -num : num) + den) / (2n * den);
  return { units: neg ? -q : q, scale: decimals };
}

/** Whether the printed percentage p can be a / b × 100 given the rounding of a, b (± half) and p (± one unit). */
export function percentFits(a: Decimal, ha: Decimal, b: Decimal, hb: Decimal, p: Decimal): boolean {
  const u: Decimal = { units: 1n, scale: p.scale };
  const lowOk = compare(mul(sub(a, ha), HUNDRED), mul(add(p, u), add(b, hb))) <= 0;
  const bLow = sub(b, hb);
  const highOk = compare(bLow, ZERO) <= 0 || compare(mul(add(a, ha), HUNDRED), mul(sub(p, u), bLow)) >= 0;
  return lowOk && highOk;
}

export interface TableTerm {
  code: TableCode;
  value: Decimal;
  step: Decimal;
  label: string;
}

/** Looks up table cells; a blank cell of a table that is present counts as 0. */
export class Tables {
  private found = new Map<TableCode, ParsedTable | undefined>();
  private labelKeys = new Map<string, string>();
  constructor(private result: ReportTables) {}
  table(code: TableCode): ParsedTable | undefined {
    if (this.found.has(code)) return this.found.get(code);
    const t = this.result.tables.find((x) => x.code === code);
    // A table found but with nothing read (and not declared empty) cannot vouch for a 0.
    const usable = t && (t.rows.length > 0 || t.declaredEmpty) ? t : undefined;
    this.found.set(code, usable);
    return usable;
  }
  /** Whether two labels name the same row: canonical labels equal, brackets aside (each label's form computed once). */
  sameLabel(a: string, b: string): boolean {
    return this.labelKey(a) === this.labelKey(b);
  }
  private labelKey(label: string): string {
    let key = this.labelKeys.get(label);
    if (key === undefined) this.labelKeys.set(label, (key = canonicalLabel(label).replace(/[()]/g, '')));
    return key;
  }
  row(code: TableCode, pick: string | ((r: ParsedRow) => boolean)): ParsedRow | undefined {
    return this.table(code)?.rows.find(typeof pick === 'string' ? (r) => r.key === pick : pick);
  }
  /** Sum of cells (in 元 for money tables, as printed for counts); null when the table is absent. */
  term(code: TableCode, rows: (ParsedRow | undefined)[], col: number, count = false): TableTerm | null {
    const t = this.table(code);
    if (!t) return null;
    const exp = count ? 0 : UNIT_EXPONENT[t.unit] ?? 0;
    let value = ZERO;
    let step = shift({ units: 1n, scale: 2 }, exp);
    const labels: string[] = [];
    for (const r of rows) {
      const cell = r?.cells.get(col);
      const d = cell ? parseDecimal(cell.text) : null;
      if (d) {
        value = add(value, shift(d, exp));
        step = max(step, shift({ units: 1n, scale: d.scale }, exp));
      }
      labels.push(`${code}/${r?.key ?? '(no row)'}/${col}=${cell?.text ?? '(blank)'}`);
    }
    return { code, value, step, label: labels.join(' + ') + (count ? '' : ` ${t.unit}`) };
  }
}

const THREE_PUBLIC_COLUMN: Record<string, number> = { 三公经费: 0, '因公出国(境)费': 1, 公务用车购置及运行维护费: 2, 公务用车购置费: 3, 公务用车运行维护费: 4, 公务接待费: 5 };
const INCOME_ROWS: Partial<Record<NarrativeMetric, string[]>> = {
  财政拨款收入: ['一般公共预算财政拨款收入', '政府性基金预算财政拨款收入', '国有资本经营预算财政拨款收入'],
  一般公共预算财政拨款收入: ['一般公共预算财政拨款收入'],
  上级补助收入: ['上级补助收入'],
  事业收入: ['事业收入'],
  经营收入: ['经营收入'],
  附属单位上缴收入: ['附属单位上缴收入'],
  其他收入: ['其他收入'],
};
const EXPENDITURE_COLUMN: Partial<Record<NarrativeMetric, number>> = { 基本支出: 2, 项目支出: 3, 上缴上级支出: 4, 经营支出: 5, 对附属单位补助支出: 6 };

/**
 * Row of a coded table for a 类 or a 类/款/项 path. A 类 the table lacks is a blank (0) row
 * (undefined); a 款/项 whose name matches no row is not compared (null): wrapped or abbreviated
 * names are more likely than a narrative inventing one.
 */
function codedRow(t: Tables, code: TableCode, subject: string): ParsedRow | undefined | null {
  const [cls, kuan, xiang] = subject.split('/');
  const clsCode = classCodeOf(cls);
  if (!clsCode) return null;
  if (!kuan) return t.row(code, clsCode);
  const kuanRow = t.row(code, (r) => r.key.length === 5 && r.key.startsWith(clsCode) && t.sameLabel(r.label, kuan));
  if (!kuanRow || !xiang) return kuanRow ?? null;
  return t.row(code, (r) => r.key.length === 7 && r.key.startsWith(kuanRow.key) && t.sameLabel(r.label, xiang)) ?? null;
}

/** The table cells a fact states, compared like with like; null when there is none. */
export function counterpart(f: NarrativeFact, t: Tables): TableTerm | null {
  const m = f.metric;
  // A named row the table lacks is not compared (its label may have been read differently), unless
  // the table says it is empty; a blank cell of a row that is there counts as 0.
  const one = (code: TableCode, key: string | ((r: ParsedRow) => boolean), col: number, count = false) => {
    const row = t.row(code, key);
    return row || t.table(code)?.declaredEmpty ? t.term(code, [row], col, count) : null;
  };
  if (f.subject === null) {
    if (m === '收入总计' || m === '收入支出总计') return one('01', 'income:总计', 1);
    if (m === '支出总计') return one('01', 'expenditure:总计', 2);
    if (m === '收入合计') return one('01', '本年收入合计', 1);
    if (m === '支出合计') return one('01', '本年支出合计', 2);
    if (INCOME_ROWS[m]) return t.term('01', INCOME_ROWS[m]!.map((k) => t.row('01', k)), 1);
    if (EXPENDITURE_COLUMN[m]) return one('03', '合计', EXPENDITURE_COLUMN[m]!);
    if (m === '财政拨款收入总计' || m === '财政拨款收入支出总计') return one('04', 'income:总计', 1);
    if (m === '财政拨款支出总计') return one('04', 'expenditure:总计', 2);
    if (m === '一般公共预算财政拨款支出' || (m === '决算数' && f.topic === 'gp_expenditure')) return one('05', '合计', 1);
    if (m === '财政拨款基本支出') return one('05', '合计', 2);
    if (m === '政府性基金预算财政拨款收入') return one('07', '合计', 2);
    if (m === '政府性基金预算财政拨款支出' || (m === '决算数' && f.topic === 'gov_fund')) return one('07', '合计', 3);
    if (m === '国有资本经营预算财政拨款支出' || (m === '决算数' && f.topic === 'soe_fund')) return one('08', '合计', 1);
    if (m === '人员经费') return one('06', (r) => /^人员经费(合计)?$/.test(r.key), 1);
    if (m === '公用经费') return one('06', (r) => /^公用经费(合计)?$/.test(r.key), 1);
    if (m === '机关运行经费') {
      const rows = t.table('10')?.rows.filter((r) => /^(行政单位|参照公务员法管理事业单位)$/.test(r.key) || /机关运行经费/.test(r.key)) ?? [];
      return rows.length ? t.term('10', rows, 1) : null;
    }
    if (m === '政府采购支出总额') return one('10', (r) => /^(合计|政府采购支出(合计|总额))$/.test(r.key), 1);
    if (m === '车辆数') return one('10', (r) => /车辆数/.test(r.key), 1, true);
    if (m === '大型设备数') return one('10', (r) => /设备/.test(r.key), 1, true);
    return null;
  }
  const subject = f.subject;
  if (m === '决算数' && (f.topic === 'gp_expenditure' || f.topic === 'gov_fund' || f.topic === 'soe_fund')) {
    const [code, col]: [TableCode, number] = f.topic === 'gp_expenditure' ? ['05', 1] : f.topic === 'gov_fund' ? ['07', 3] : ['08', 1];
    const row = codedRow(t, code, subject);
    return row === null ? null : t.term(code, [row], col);
  }
  if (f.topic === 'three_public' && subject in THREE_PUBLIC_COLUMN) {
    const offset = THREE_PUBLIC_COLUMN[subject];
    if (m === '决算数') return one('09', '1', 7 + offset);
    if (BUDGETS.has(m)) return one('09', '1', 1 + offset);
    return null;
  }
  if (m === '人员经费' || m === '公用经费') {
    const rows = t.table('06')?.rows.filter((r) => /^\d+$/.test(r.key) && t.sameLabel(r.label, subject)) ?? [];
    return rows.length === 1 ? t.term('06', rows, 1) : null; // absent or ambiguous: no comparison
  }
  if (m === '政府采购支出总额') return one('10', subject, 1);
  if (m === '车辆数') return one('10', (r) => t.sameLabel(r.key, subject), 1, true);
  return null;
}
