// Validation: the accounting identities the standard tables must satisfy, within one table
// and across tables. Every check compares amounts in 元 and allows exactly the rounding of the
// printed numbers: each may be off by half a unit of its last digit, so n terms against a
// printed total may differ by (n + 1) half-units.
import type { TableCode } from '../schemas/contract.js';
import { abs, add, checkAmount, compare, multiplyInt, parseDecimal, shift, sub, ZERO, type Decimal } from './decimal.js';
import type { ParsedRow, ParsedTable } from './model.js';
import { ROW_IDENTITIES } from './placement.js';
import { TEMPLATE_BY_CODE } from './templates.js';

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
  detail: string | null;
};

/** A printed amount converted to 元, with half a unit of its last printed digit (in 元). */
interface Term {
  value: Decimal;
  half: Decimal;
  label: string;
}

export const UNIT_EXPONENT: Record<string, number> = { 元: 0, 千元: 3, 万元: 4, 亿元: 8 };

export function toYuan(text: string, unit: string): Decimal | null {
  const d = parseDecimal(text);
  return d === null ? null : shift(d, UNIT_EXPONENT[unit] ?? 0);
}

class Book {
  private tables = new Map<TableCode, ParsedTable>();
  constructor(tables: ParsedTable[]) {
    for (const t of tables) this.tables.set(t.code, t);
  }
  table(code: TableCode): ParsedTable | undefined {
    return this.tables.get(code);
  }
  term(code: TableCode, row: ParsedRow | undefined, col: number): Term | null {
    const t = this.tables.get(code);
    const cell = row?.cells.get(col);
    if (!t || !row || !cell) return null;
    const d = parseDecimal(cell.text);
    if (!d) return null;
    const exp = UNIT_EXPONENT[t.unit] ?? 0;
    return { value: shift(d, exp), half: shift({ units: 5n, scale: d.scale + 1 }, exp), label: `${code}/${row.key}/${col}=${cell.text}` };
  }
  row(code: TableCode, key: string): ParsedRow | undefined {
    return this.tables.get(code)?.rows.find((r) => r.key === key);
  }
  rowWhere(code: TableCode, pred: (r: ParsedRow) => boolean): ParsedRow | undefined {
    return this.tables.get(code)?.rows.find(pred);
  }
}

class CheckList {
  readonly rows: CheckRow[] = [];
  private ids = new Set<string>();

  /** expected (a printed total) against the sum of parts. Skipped when nothing is printed at all. */
  compare(kind: string, table: TableCode | null, subject: string, description: string, expected: Term | null, parts: (Term | null)[]): void {
    const printed = parts.filter((p): p is Term => p !== null);
    if (expected === null && printed.length === 0) return;
    let actual = ZERO;
    let maxHalf = expected?.half ?? ZERO;
    for (const p of printed) {
      actual = add(actual, p.value);
      if (compare(p.half, maxHalf) > 0) maxHalf = p.half;
    }
    const exp = expected?.value ?? ZERO;
    const tolerance = multiplyInt(maxHalf, printed.length + 1);
    const diff = sub(actual, exp);
    this.push({
      kind,
      table_code: table,
      subject,
      description,
      expected: checkAmount(exp),
      actual: checkAmount(actual),
      difference: checkAmount(diff),
      tolerance: checkAmount(tolerance, 4),
      passed: compare(abs(diff), tolerance) <= 0,
      detail: `${expected ? expected.label : '(blank)'} vs ${printed.map((p) => p.label).join(' + ') || '(blank)'}`,
    });
  }

  push(row: Omit<CheckRow, 'check_id'>): void {
    let id = `${row.kind}:${row.table_code ?? ''}:${row.subject}`;
    for (let k = 2; this.ids.has(id); k++) id = `${row.kind}:${row.table_code ?? ''}:${row.subject}#${k}`;
    this.ids.add(id);
    this.rows.push({ check_id: id, ...row });
  }
}


const isClass = (k: string) => /^\d{3}$/.test(k);

export function runChecks(tables: ParsedTable[]): CheckRow[] {
  const book = new Book(tables);
  const out = new CheckList();

  for (const t of tables) {
    for (const n of t.notes) {
      out.push({ kind: 'column_placement', table_code: t.code, subject: n.subject, description: 'placement of printed numbers into the table columns', expected: null, actual: null, difference: null, tolerance: null, passed: n.passed, detail: n.detail });
    }
  }

  // Row totals.
  for (const code of ['02', '03', '05', '07', '08'] as TableCode[]) {
    const t = book.table(code);
    const id = ROW_IDENTITIES[code];
    for (const r of t?.rows ?? []) {
      out.compare('row_total', code, r.key, `${code} ${r.key}: col${id.total} = ${id.parts.map((c) => 'col' + c).join('+')}`, book.term(code, r, id.total), id.parts.map((c) => book.term(code, r, c)));
    }
  }
  for (const r of book.table('04')?.rows.filter((x) => x.side === 'expenditure') ?? []) {
    out.compare('row_total', '04', r.key, `04 ${r.key}: col2 = col3+col4+col5`, book.term('04', r, 2), [3, 4, 5].map((c) => book.term('04', r, c)));
  }
  for (const [code, half, id] of [['09', 'budget', ROW_IDENTITIES['09a']], ['09', 'final', ROW_IDENTITIES['09b']]] as const) {
    const r = book.row(code, '1');
    if (!r) continue;
    out.compare('row_total', code, `1:${half}`, `09 ${half}: col${id.total} = ${id.parts.map((c) => 'col' + c).join('+')}`, book.term(code, r, id.total), id.parts.map((c) => book.term(code, r, c)));
    out.compare('row_total', code, `1:${half}:vehicles`, `09 ${half}: col${id.total + 2} = col${id.total + 3}+col${id.total + 4}`, book.term(code, r, id.total + 2), [id.total + 3, id.total + 4].map((c) => book.term(code, r, c)));
  }

  // Hierarchy of the functional classification: 类 = Σ 款, 款 = Σ 项, 合计 = Σ 类.
  for (const code of ['02', '03', '05', '07', '08'] as TableCode[]) {
    const rows = book.table(code)?.rows ?? [];
    hierarchy(out, book, code, rows, Object.keys(TEMPLATE_BY_CODE[code].columns).map(Number), '合计');
  }
  // Economic classification (06): 类 = Σ 款; 人员经费合计 + 公用经费合计 = Σ 类.
  const t06 = book.table('06')?.rows ?? [];
  hierarchy(out, book, '06', t06, [1], null);
  const staff = book.row('06', '人员经费合计') ?? book.row('06', '人员经费');
  const office = book.row('06', '公用经费合计') ?? book.row('06', '公用经费');
  const staffOffice = combine([book.term('06', staff, 1), book.term('06', office, 1)]);
  if (staffOffice) {
    const classes = t06.filter((r) => isClass(r.key));
    out.compare('table_total', '06', 'Σ类', '06 人员经费合计 + 公用经费合计 = Σ 类', staffOffice, classes.map((r) => book.term('06', r, 1)));
  }

  // 01 and 04: items → 本年合计 → 总计, on each side; both 总计 equal.
  twoSided(out, book, '01', { income: [1], expenditure: [2] });
  twoSided(out, book, '04', { income: [1], expenditure: [2, 3, 4, 5] });

  // Across tables.
  const income01 = book.rowWhere('01', (r) => r.side === 'income' && /本年收入合计/.test(r.key));
  const spend01 = book.rowWhere('01', (r) => r.side === 'expenditure' && /本年支出合计/.test(r.key));
  const spend04 = book.rowWhere('04', (r) => r.side === 'expenditure' && /本年支出合计/.test(r.key));
  cross(out, book, '01 本年收入合计 = 02 合计 col1', book.term('01', income01, 1), book.term('02', book.row('02', '合计'), 1), '01', '02');
  cross(out, book, '01 本年支出合计 = 03 合计 col1', book.term('01', spend01, 2), book.term('03', book.row('03', '合计'), 1), '01', '03');
  cross(out, book, '04 本年支出合计 col3 = 05 合计 col1', book.term('04', spend04, 3), book.term('05', book.row('05', '合计'), 1), '04', '05');
  cross(out, book, '04 本年支出合计 col4 = 07 合计 col3', book.term('04', spend04, 4), book.term('07', book.row('07', '合计'), 3), '04', '07');
  cross(out, book, '04 本年支出合计 col5 = 08 合计 col1', book.term('04', spend04, 5), book.term('08', book.row('08', '合计'), 1), '04', '08');
  const basic05 = book.term('05', book.row('05', '合计'), 2);
  cross(out, book, '06 人员经费合计 + 公用经费合计 = 05 合计 col2', staffOffice, basic05, '06', '05');
  const running10 = combine(
    (book.table('10')?.rows ?? []).filter((r) => /^(行政单位|参照公务员法管理事业单位)$/.test(r.key) || /机关运行经费/.test(r.key)).map((r) => book.term('10', r, 1)),
  );
  cross(out, book, '10 机关运行经费 = 06 公用经费合计', running10, book.term('06', office, 1), '10', '06');
  const gp01 = book.rowWhere('01', (r) => r.side === 'income' && /^一般公共预算财政拨款(收入)?$/.test(r.key));
  const gp04 = book.rowWhere('04', (r) => r.side === 'income' && /^一般公共预算财政拨款(收入)?$/.test(r.key));
  cross(out, book, '01 一般公共预算财政拨款收入 = 04 一般公共预算财政拨款', book.term('01', gp01, 1), book.term('04', gp04, 1), '01', '04');
  for (const r of book.table('01')?.rows ?? []) {
    if (r.side !== 'expenditure' || !isClass(r.key)) continue;
    cross(out, book, `01 ${r.key} = 03 ${r.key} col1`, book.term('01', r, 2), book.term('03', book.row('03', r.key), 1), '01', '03', r.key);
  }
  for (const r of book.table('04')?.rows ?? []) {
    if (r.side !== 'expenditure' || !isClass(r.key)) continue;
    cross(out, book, `04 ${r.key} col3 = 05 ${r.key} col1`, book.term('04', r, 3), book.term('05', book.row('05', r.key), 1), '04', '05', r.key);
    cross(out, book, `04 ${r.key} col4 = 07 ${r.key} col3`, book.term('04', r, 4), book.term('07', book.row('07', r.key), 3), '04', '07', r.key);
    cross(out, book, `04 ${r.key} col5 = 08 ${r.key} col1`, book.term('04', r, 5), book.term('08', book.row('08', r.key), 1), '04', '08', r.key);
  }
  return out.rows.filter((r) => r.expected !== null || r.kind === 'column_placement');
}

function combine(terms: (Term | null)[]): Term | null {
  const ts = terms.filter((t): t is Term => t !== null);
  if (ts.length === 0) return null;
  return { value: ts.reduce((s, t) => add(s, t.value), ZERO), half: ts.reduce((s, t) => add(s, t.half), ZERO), label: ts.map((t) => t.label).join('+') };
}

/** a (in `table`) against b (in `other`); skipped when nothing is printed, or a blank side's table is absent from the report. */
function cross(out: CheckList, book: Book, description: string, a: Term | null, b: Term | null, table: TableCode, other: TableCode, subject = description): void {
  if (a === null && b === null) return;
  if ((a === null && !book.table(table)) || (b === null && !book.table(other))) return;
  out.compare('cross_table', table, subject, description, a, [b]);
}

/** Rows by a key of theirs, in table order; rows without one (undefined) are left out. */
function groupBy(rows: ParsedRow[], keyOf: (r: ParsedRow) => string | undefined): Map<string, ParsedRow[]> {
  const groups = new Map<string, ParsedRow[]>();
  for (const r of rows) {
    const k = keyOf(r);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

function hierarchy(out: CheckList, book: Book, code: TableCode, rows: ParsedRow[], cols: number[], totalKey: string | null): void {
  const coded = rows.filter((r) => /^\d+$/.test(r.key));
  // A code's children are the codes two digits longer that start with it, in table order.
  const childrenOf = groupBy(coded, (r) => (r.key.length < 3 ? undefined : r.key.slice(0, -2)));
  for (const parent of coded) {
    const children = childrenOf.get(parent.key);
    if (!children) continue;
    for (const c of cols) {
      out.compare('hierarchy', code, `${parent.key}/col${c}`, `${code} ${parent.key} col${c} = Σ children`, book.term(code, parent, c), children.map((r) => book.term(code, r, c)));
    }
  }
  const total = totalKey ? rows.find((r) => r.key === totalKey) : undefined;
  if (!total) return;
  const classes = coded.filter((r) => isClass(r.key));
  for (const c of cols) {
    out.compare('table_total', code, `${totalKey}/col${c}`, `${code} ${totalKey} col${c} = Σ 类`, book.term(code, total, c), classes.map((r) => book.term(code, r, c)));
  }
}

function twoSided(out: CheckList, book: Book, code: TableCode, columns: { income: number[]; expenditure: number[] }): void {
  const t = book.table(code);
  if (!t) return;
  for (const side of ['income', 'expenditure'] as const) {
    const rows = t.rows.filter((r) => r.side === side);
    const yearTotal = rows.findIndex((r) => /^(income:|expenditure:)?本年(收入|支出)合计$/.test(r.key));
    const grand = rows.findIndex((r) => /^(income:|expenditure:)?总计$/.test(r.key));
    const subRows = groupBy(rows, (r) => r.parent || undefined);
    for (const c of columns[side]) {
      if (yearTotal >= 0) {
        const items = rows.slice(0, yearTotal).filter((r) => !r.parent);
        out.compare('table_total', code, `${side}:本年合计/col${c}`, `${code} ${rows[yearTotal].label} = Σ ${side} items (col${c})`, book.term(code, rows[yearTotal], c), items.map((r) => book.term(code, r, c)));
      }
      if (grand >= 0 && yearTotal >= 0 && grand > yearTotal) {
        const between = rows.slice(yearTotal, grand).filter((r) => !r.parent);
        out.compare('table_total', code, `${side}:总计/col${c}`, `${code} 总计 = ${between.map((r) => r.label).join(' + ')} (col${c})`, book.term(code, rows[grand], c), between.map((r) => book.term(code, r, c)));
      }
      for (const parent of rows) {
        const subs = subRows.get(parent.key);
        if (!subs) continue;
        out.compare('hierarchy', code, `${parent.key}/col${c}`, `${code} ${parent.label} = Σ sub-rows (col${c})`, book.term(code, parent, c), subs.map((r) => book.term(code, r, c)));
      }
    }
  }
  const inc = t.rows.find((r) => r.side === 'income' && /总计$/.test(r.key));
  const exp = t.rows.find((r) => r.side === 'expenditure' && /总计$/.test(r.key));
  out.compare('table_total', code, '总计', `${code} income 总计 = expenditure 总计`, book.term(code, inc, 1), [book.term(code, exp, 2)]);
}
