// The accounting identities the standard tables must satisfy, within one table and across
// tables, written once: the placement solver (solve.ts) uses them to decide where a printed
// number stands, and the checks (checks.ts) evaluate them on the numbers as placed. An identity
// depends only on which rows a table has (their keys, sides and order), never on the amounts.
import type { TableCode } from '../../schemas/contract.js';
import { ROW_IDENTITIES, type RowShape, type TableShape } from './model.js';
import { TEMPLATE_BY_CODE } from './templates.js';

/** One printed cell. */
export interface CellRef {
  table: TableCode;
  key: string;
  col: number;
}

/** A term: one cell, or the sum of several (06 人员经费合计 + 公用经费合计) counted as one. */
export type TermRefs = CellRef[];

export interface Identity {
  kind: 'row_total' | 'hierarchy' | 'table_total' | 'cross_table';
  /** The table the check is recorded under (the first one, for cross-table identities). */
  table: TableCode;
  subject: string;
  description: string;
  /** The printed total. */
  expected: TermRefs;
  /** The terms that must add up to it. */
  parts: TermRefs[];
  /** '≥': the total is at least the sum of the parts (a part of the money cannot exceed all of it). */
  relation?: '≥';
  /** The row every cell is in, for an identity within one row (a row total, a fund's balance). */
  row?: { table: TableCode; key: string };
}

const isClass = (k: string) => /^\d{3}$/.test(k);
const ref = (table: TableCode, key: string | undefined, col: number): TermRefs => (key === undefined ? [] : [{ table, key, col }]);

class Shapes {
  private readonly byCode = new Map<TableCode, TableShape>();
  constructor(tables: TableShape[]) {
    for (const t of tables) this.byCode.set(t.code, t);
  }
  table(code: TableCode): TableShape | undefined {
    return this.byCode.get(code);
  }
  rows(code: TableCode): RowShape[] {
    return this.byCode.get(code)?.rows ?? [];
  }
  key(code: TableCode, pred: (r: RowShape) => boolean): string | undefined {
    return this.byCode.get(code)?.rows.find(pred)?.key;
  }
  has(code: TableCode, key: string): boolean {
    return this.rows(code).some((r) => r.key === key);
  }
}

/** Rows by a key of theirs, in table order; rows without one (undefined) are left out. */
export function groupBy<R>(rows: R[], keyOf: (r: R) => string | undefined): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const k = keyOf(r);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/** Every identity of the tables a report has, in the order the checks are reported. */
export function identities(tables: TableShape[]): Identity[] {
  const s = new Shapes(tables);
  const out: Identity[] = [];
  const push = (kind: Identity['kind'], table: TableCode, subject: string, description: string, expected: TermRefs, parts: TermRefs[], row?: string) =>
    out.push({ kind, table, subject, description, expected, parts, ...(row === undefined ? {} : { row: { table, key: row } }) });

  // Row totals.
  for (const code of ['02', '03', '05', '07', '08'] as TableCode[]) {
    const id = ROW_IDENTITIES[code];
    for (const r of s.rows(code)) {
      push('row_total', code, r.key, `${code} ${r.key}: col${id.total} = ${id.parts.map((c) => 'col' + c).join('+')}`, ref(code, r.key, id.total), id.parts.map((c) => ref(code, r.key, c)), r.key);
    }
  }
  for (const r of s.rows('04').filter((x) => x.side === 'expenditure')) {
    push('row_total', '04', r.key, `04 ${r.key}: col2 = col3+col4+col5`, ref('04', r.key, 2), [3, 4, 5].map((c) => ref('04', r.key, c)), r.key);
  }
  if (s.has('09', '1')) {
    for (const [half, id] of [['budget', ROW_IDENTITIES['09a']], ['final', ROW_IDENTITIES['09b']]] as const) {
      push('row_total', '09', `1:${half}`, `09 ${half}: col${id.total} = ${id.parts.map((c) => 'col' + c).join('+')}`, ref('09', '1', id.total), id.parts.map((c) => ref('09', '1', c)), '1');
      push('row_total', '09', `1:${half}:vehicles`, `09 ${half}: col${id.total + 2} = col${id.total + 3}+col${id.total + 4}`, ref('09', '1', id.total + 2), [id.total + 3, id.total + 4].map((c) => ref('09', '1', c)), '1');
    }
  }

  // A fund's balance, in tables that print it (07; 05 and 08 in their six-column form):
  // 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余.
  for (const [code, start, income, spent, end] of [['07', 1, 2, 3, 6], ['05', 4, 5, 1, 6], ['08', 4, 5, 1, 6]] as const) {
    const cols = s.table(code)?.columns ?? [];
    if (!cols.includes(start) || !cols.includes(end)) continue;
    for (const r of s.rows(code)) {
      push('row_total', code, `${r.key}:balance`, `${code} ${r.key}: col${start} + col${income} = col${spent} + col${end} (年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余)`, [...ref(code, r.key, start), ...ref(code, r.key, income)], [ref(code, r.key, spent), ref(code, r.key, end)], r.key);
    }
  }

  // Hierarchy of the functional classification: 类 = Σ 款, 款 = Σ 项, 合计 = Σ 类.
  for (const code of ['02', '03', '05', '07', '08'] as TableCode[]) {
    hierarchy(push, code, s.rows(code), Object.keys(TEMPLATE_BY_CODE[code].columns).map(Number), '合计');
  }
  // Economic classification (06): 类 = Σ 款; 人员经费合计 + 公用经费合计 = Σ 类.
  const t06 = s.rows('06');
  hierarchy(push, '06', t06, [1], null);
  const staff = s.has('06', '人员经费合计') ? '人员经费合计' : s.has('06', '人员经费') ? '人员经费' : undefined;
  const office = s.has('06', '公用经费合计') ? '公用经费合计' : s.has('06', '公用经费') ? '公用经费' : undefined;
  const staffOffice = [...ref('06', staff, 1), ...ref('06', office, 1)];
  if (staffOffice.length > 0) {
    push('table_total', '06', 'Σ类', '06 人员经费合计 + 公用经费合计 = Σ 类', staffOffice, t06.filter((r) => isClass(r.key)).map((r) => ref('06', r.key, 1)));
  }

  // 01 and 04: items → 本年合计 → 总计, on each side; both 总计 equal.
  twoSided(push, s, '01', { income: [1], expenditure: [2] });
  twoSided(push, s, '04', { income: [1], expenditure: [2, 3, 4, 5] });

  // Across tables: only between tables the report has (a blank cell of an absent table is no evidence).
  const cross = (description: string, a: TermRefs, b: TermRefs, table: TableCode, other: TableCode, subject = description) => {
    if (!s.table(table) || !s.table(other)) return;
    if (a.length === 0 && b.length === 0) return;
    push('cross_table', table, subject, description, a, [b]);
  };
  const income01 = s.key('01', (r) => r.side === 'income' && /本年收入合计/.test(r.key));
  const spend01 = s.key('01', (r) => r.side === 'expenditure' && /本年支出合计/.test(r.key));
  const spend04 = s.key('04', (r) => r.side === 'expenditure' && /本年支出合计/.test(r.key));
  const total = (code: TableCode) => (s.has(code, '合计') ? '合计' : undefined);
  cross('01 本年收入合计 = 02 合计 col1', ref('01', income01, 1), ref('02', total('02'), 1), '01', '02');
  cross('01 本年支出合计 = 03 合计 col1', ref('01', spend01, 2), ref('03', total('03'), 1), '01', '03');
  cross('04 本年支出合计 col3 = 05 合计 col1', ref('04', spend04, 3), ref('05', total('05'), 1), '04', '05');
  cross('04 本年支出合计 col4 = 07 合计 col3', ref('04', spend04, 4), ref('07', total('07'), 3), '04', '07');
  cross('04 本年支出合计 col5 = 08 合计 col1', ref('04', spend04, 5), ref('08', total('08'), 1), '04', '08');
  cross('06 人员经费合计 + 公用经费合计 = 05 合计 col2', staffOffice, ref('05', total('05'), 2), '06', '05');
  const running10 = s.rows('10').filter((r) => /^(行政单位|参照公务员法管理事业单位)$/.test(r.key) || /机关运行经费/.test(r.key)).flatMap((r) => ref('10', r.key, 1));
  cross('10 机关运行经费 = 06 公用经费合计', running10, ref('06', office, 1), '10', '06');
  // 01's income items are 02's columns: 财政拨款收入 (the three funds), 上级补助收入, 事业收入 …
  const incomeRows01 = (re: RegExp) => s.rows('01').filter((r) => r.side === 'income' && !r.parent && re.test(r.key));
  const funds = incomeRows01(/^财政拨款(收入)?$/);
  const byFund = funds.length > 0 ? funds : incomeRows01(/^(一般公共预算|政府性基金预算|国有资本经营预算)财政拨款(收入)?$/);
  const sources: [number, RowShape[]][] = [
    [2, byFund],
    [3, incomeRows01(/^上级补助收入$/)],
    [4, incomeRows01(/^事业收入$/)],
    [5, incomeRows01(/^经营收入$/)],
    [6, incomeRows01(/^附属单位上缴收入$/)],
    [7, incomeRows01(/^其他收入$/)],
  ];
  for (const [col, rows] of sources) {
    if (rows.length === 0) continue;
    const name = TEMPLATE_BY_CODE['02'].columns[col];
    cross(`01 ${name} = 02 合计 col${col}`, rows.flatMap((r) => ref('01', r.key, 1)), ref('02', total('02'), col), '01', '02', `income:${name}`);
  }
  // 03 spends all the money; 05, 07 and 08 the appropriations of each fund: its basic and project
  // spending are at least theirs.
  if (s.table('03') && (s.table('05') || s.table('07') || s.table('08'))) {
    for (const [col, name, of07] of [[2, '基本支出', 4], [3, '项目支出', 5]] as const) {
      const parts = [ref('05', total('05'), col), ref('07', total('07'), of07), ref('08', total('08'), col)].filter((p) => p.length > 0);
      out.push({ kind: 'cross_table', table: '03', subject: `合计/col${col}≥`, description: `03 合计 ${name} ≥ 05 + 07 + 08 合计 ${name}`, expected: ref('03', total('03'), col), parts, relation: '≥' });
    }
  }
  const gp01 = s.key('01', (r) => r.side === 'income' && /^一般公共预算财政拨款(收入)?$/.test(r.key));
  const gp04 = s.key('04', (r) => r.side === 'income' && /^一般公共预算财政拨款(收入)?$/.test(r.key));
  cross('01 一般公共预算财政拨款收入 = 04 一般公共预算财政拨款', ref('01', gp01, 1), ref('04', gp04, 1), '01', '04');
  for (const r of s.rows('01')) {
    if (r.side !== 'expenditure' || !isClass(r.key)) continue;
    cross(`01 ${r.key} = 03 ${r.key} col1`, ref('01', r.key, 2), ref('03', s.has('03', r.key) ? r.key : undefined, 1), '01', '03', r.key);
  }
  for (const r of s.rows('04')) {
    if (r.side !== 'expenditure' || !isClass(r.key)) continue;
    const at = (code: TableCode) => (s.has(code, r.key) ? r.key : undefined);
    cross(`04 ${r.key} col3 = 05 ${r.key} col1`, ref('04', r.key, 3), ref('05', at('05'), 1), '04', '05', r.key);
    cross(`04 ${r.key} col4 = 07 ${r.key} col3`, ref('04', r.key, 4), ref('07', at('07'), 3), '04', '07', r.key);
    cross(`04 ${r.key} col5 = 08 ${r.key} col1`, ref('04', r.key, 5), ref('08', at('08'), 1), '04', '08', r.key);
  }
  return out;
}

export type Push = (kind: Identity['kind'], table: TableCode, subject: string, description: string, expected: TermRefs, parts: TermRefs[], row?: string) => void;

/** 类 = Σ 款, 款 = Σ 项 in each column, and the total row (when given) = Σ 类. */
export function hierarchy(push: Push, code: TableCode, rows: RowShape[], cols: number[], totalKey: string | null): void {
  const coded = rows.filter((r) => /^\d+$/.test(r.key));
  // A code's children are the codes two digits longer that start with it, in table order.
  const childrenOf = groupBy(coded, (r) => (r.key.length < 3 ? undefined : r.key.slice(0, -2)));
  for (const parent of coded) {
    const children = childrenOf.get(parent.key);
    if (!children) continue;
    for (const c of cols) {
      push('hierarchy', code, `${parent.key}/col${c}`, `${code} ${parent.key} col${c} = Σ children`, ref(code, parent.key, c), children.map((r) => ref(code, r.key, c)));
    }
  }
  const total = totalKey ? rows.find((r) => r.key === totalKey) : undefined;
  if (!total) return;
  const classes = coded.filter((r) => isClass(r.key));
  for (const c of cols) {
    push('table_total', code, `${totalKey}/col${c}`, `${code} ${totalKey} col${c} = Σ 类`, ref(code, total.key, c), classes.map((r) => ref(code, r.key, c)));
  }
}

function twoSided(push: Push, s: Shapes, code: TableCode, columns: { income: number[]; expenditure: number[] }): void {
  const t = s.table(code);
  if (!t) return;
  for (const side of ['income', 'expenditure'] as const) {
    const rows = t.rows.filter((r) => r.side === side);
    const yearTotal = rows.findIndex((r) => /^(income:|expenditure:)?本年(收入|支出)合计$/.test(r.key));
    const grand = rows.findIndex((r) => /^(income:|expenditure:)?总计$/.test(r.key));
    const subRows = groupBy(rows, (r) => r.parent || undefined);
    for (const c of columns[side]) {
      if (yearTotal >= 0) {
        const items = rows.slice(0, yearTotal).filter((r) => !r.parent);
        push('table_total', code, `${side}:本年合计/col${c}`, `${code} ${rows[yearTotal].label} = Σ ${side} items (col${c})`, ref(code, rows[yearTotal].key, c), items.map((r) => ref(code, r.key, c)));
      }
      if (grand >= 0 && yearTotal >= 0 && grand > yearTotal) {
        const between = rows.slice(yearTotal, grand).filter((r) => !r.parent);
        push('table_total', code, `${side}:总计/col${c}`, `${code} 总计 = ${between.map((r) => r.label).join(' + ')} (col${c})`, ref(code, rows[grand].key, c), between.map((r) => ref(code, r.key, c)));
      }
      for (const parent of rows) {
        const subs = subRows.get(parent.key);
        if (!subs) continue;
        push('hierarchy', code, `${parent.key}/col${c}`, `${code} ${parent.label} = Σ sub-rows (col${c})`, ref(code, parent.key, c), subs.map((r) => ref(code, r.key, c)));
      }
    }
  }
  const inc = t.rows.find((r) => r.side === 'income' && /总计$/.test(r.key));
  const exp = t.rows.find((r) => r.side === 'expenditure' && /总计$/.test(r.key));
  push('table_total', code, '总计', `${code} income 总计 = expenditure 总计`, ref(code, inc?.key, 1), [ref(code, exp?.key, 2)]);
}
