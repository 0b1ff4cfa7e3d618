// The identity checks on tables built by hand (no parsing): what a check records for a total,
// its parts, blanks, a '≥' relation, terms of several cells, notes; the severity of each kind
// of check; and the line items a table's cells become. Values in the comments are worked out by
// hand from the cells.
import { describe, expect, it } from 'vitest';
import type { TableCode } from '../schemas/contract.js';
import { runChecks } from '../transform/tables/checks.js';
import { lineItemsOf, statsSection } from '../transform/tables/index.js';
import type { ParsedRow, ParsedTable, PlacementNote } from '../transform/tables/model.js';
import { compare, parseDecimal, toString as decimalText, ZERO } from '../transform/decimal.js';
import { factAmount, half, max, percentFits, percentOf, Tables, yuan } from '../transform/narrative/counterparts.js';
import type { NarrativeFact } from '../transform/narrative/types.js';
import { severityOf } from '../transform/severity.js';
import type { CheckRow } from '../transform/types.js';

const row = (key: string, cells: Record<number, string>, extra: Partial<ParsedRow> = {}): ParsedRow => ({
  key,
  label: extra.label ?? key,
  rowNo: null,
  cells: new Map(Object.entries(cells).map(([c, text]) => [Number(c), { text, line: 7 }])),
  ...extra,
});
const table = (code: TableCode, rows: ParsedRow[], unit = '万元', notes: PlacementNote[] = []): ParsedTable => ({ code, title: code, unit, declaredEmpty: false, rows, notes });
const byId = (checks: CheckRow[]) => new Map(checks.map((c) => [c.check_id, c]));

describe('identity checks', () => {
  const t05 = table('05', [
    row('合计', { 1: '10.00', 2: '4.00', 3: '6.00' }),
    row('201', { 1: '10.00', 2: '4.00', 3: '6.00' }),
    row('20101', { 1: '10.00', 2: '4.00', 3: '6.00' }),
    row('202', {}), // nothing printed
    row('203', { 1: '1.00' }), // a total without parts
    row('204', { 2: '1.00' }), // a part without a total
    row('205', { 1: '1.50', 2: '1.4' }), // a part printed to 0.1 万元: half a unit is 500 元
  ]);
  // Made in each test: the mutation tests run a mutant against the tests whose own run reached it.
  const checks = { get: (id: string) => byId(runChecks([t05])).get(id), has: (id: string) => byId(runChecks([t05])).has(id) };

  it('records the total, the parts, their difference and the rounding allowed, in 元', () => {
    expect(checks.get('row_total:05:合计')).toEqual({
      check_id: 'row_total:05:合计',
      kind: 'row_total',
      table_code: '05',
      subject: '合计',
      description: '05 合计: col1 = col2+col3',
      expected: '100000.00',
      actual: '100000.00',
      difference: '0.00',
      tolerance: '150.00', // (2 parts + 1) × 50 元
      passed: true,
      detail: '05/合计/1=10.00 vs 05/合计/2=4.00 + 05/合计/3=6.00',
    });
  });

  it('skips a row with nothing printed, and checks a lone total or a lone part against zero', () => {
    expect(checks.has('row_total:05:202')).toBe(false);
    // No part printed: (0 + 1) × 50 元.
    expect(checks.get('row_total:05:203')).toMatchObject({ expected: '10000.00', actual: '0.00', difference: '-10000.00', tolerance: '50.00', passed: false, detail: '05/203/1=1.00 vs (blank)' });
    expect(checks.get('row_total:05:204')).toMatchObject({ expected: '0.00', actual: '10000.00', difference: '10000.00', tolerance: '100.00', passed: false, detail: '(blank) vs 05/204/2=1.00' });
  });

  it('allows the rounding of the least precise number printed', () => {
    // 1.50 万元 against 1.4 万元 (±0.05 万元): off by 1 000 元, allowed (1 + 1) × 500 元.
    expect(checks.get('row_total:05:205')).toMatchObject({ difference: '-1000.00', tolerance: '1000.00', passed: true });
    const tighter = byId(runChecks([table('05', [row('205', { 1: '1.50', 2: '1.39' })])]));
    expect(tighter.get('row_total:05:205')).toMatchObject({ difference: '-1100.00', tolerance: '100.00', passed: false });
  });

  it("a '≥' identity passes when the total exceeds its parts, fails when it falls short", () => {
    const t03 = (basic: string) => table('03', [row('合计', { 1: '10.00', 2: basic, 3: '5.00' })]);
    const id = 'cross_table:03:合计/col2≥';
    // 03 合计 基本支出 must be at least 05's: 5.00 ≥ 4.00 holds although they differ by 1 万元.
    expect(byId(runChecks([t03('5.00'), t05])).get(id)).toMatchObject({ expected: '50000.00', actual: '40000.00', difference: '-10000.00', passed: true });
    expect(byId(runChecks([t03('3.00'), t05])).get(id)).toMatchObject({ difference: '10000.00', passed: false });
  });

  it('adds the cells of a term of several (06 人员经费合计 + 公用经费合计) and labels each', () => {
    const t06 = (staff: Record<number, string>) =>
      table('06', [row('人员经费合计', staff), row('301', { 1: '1.00' }), row('公用经费合计', { 1: '2.00' }), row('302', { 1: '2.00' })]);
    const both = byId(runChecks([t06({ 1: '1.00' })])).get('table_total:06:Σ类');
    // The two-cell total may be off by 50 + 50 元; with two parts, (2 + 1) × 100 元.
    expect(both).toMatchObject({ expected: '30000.00', actual: '30000.00', tolerance: '300.00', passed: true, detail: '06/人员经费合计/1=1.00+06/公用经费合计/1=2.00 vs 06/301/1=1.00 + 06/302/1=2.00' });
    const one = byId(runChecks([t06({})])).get('table_total:06:Σ类');
    expect(one).toMatchObject({ expected: '20000.00', actual: '30000.00', passed: false, detail: '06/公用经费合计/1=2.00 vs 06/301/1=1.00 + 06/302/1=2.00' });
  });

  it("reads a key printed twice by its first printing, as the identities do", () => {
    const twice = byId(runChecks([table('05', [row('201', { 1: '3.00', 2: '1.00', 3: '2.00' }), row('201', { 1: '9.00', 2: '1.00', 3: '2.00' })])]));
    expect(twice.get('row_total:05:201')).toMatchObject({ expected: '30000.00', passed: true });
  });

  it('turns placement notes into column_placement checks, numbering repeated subjects', () => {
    const notes = [
      { subject: '201', passed: false, detail: 'ambiguous: 0.00 in col2 or col3' },
      { subject: '201', passed: true, detail: 'placed by 05 ↔ 03' },
    ];
    const rows = runChecks([table('05', [], '万元', notes)]);
    expect(rows).toEqual([
      { check_id: 'column_placement:05:201', kind: 'column_placement', table_code: '05', subject: '201', description: 'placement of printed numbers into the table columns', expected: null, actual: null, difference: null, tolerance: null, passed: false, detail: 'ambiguous: 0.00 in col2 or col3' },
      { check_id: 'column_placement:05:201#2', kind: 'column_placement', table_code: '05', subject: '201', description: 'placement of printed numbers into the table columns', expected: null, actual: null, difference: null, tolerance: null, passed: true, detail: 'placed by 05 ↔ 03' },
    ]);
  });

  it('in 元, allows half a cent per number', () => {
    const c = byId(runChecks([table('05', [row('201', { 1: '3.01', 2: '1.00', 3: '2.00' })], '元')])).get('row_total:05:201');
    expect(c).toMatchObject({ expected: '3.01', actual: '3.00', difference: '-0.01', tolerance: '0.015', passed: true });
  });
});

describe('severity of a failing check', () => {
  const c = (kind: string, id = `${kind}:x`) => severityOf({ check_id: id, kind, table_code: null, subject: '', description: '', expected: null, actual: null, difference: null, tolerance: null, passed: false, detail: null });
  it('error for doubts about our numbers, warning for the source against itself, info for conventions', () => {
    for (const kind of ['row_total', 'hierarchy', 'table_total', 'cross_table', 'column_placement', 'precision', 'completeness']) expect(c(kind), kind).toBe('error');
    for (const kind of ['narrative', 'consistency', 'performance']) expect(c(kind), kind).toBe('warning');
    expect(c('narrative', 'narrative:92:from_zero')).toBe('info');
    expect(c('narrative', 'narrative:from_zero:92')).toBe('warning'); // the suffix names it
    expect(c('row_total', 'row_total:05:from_zero')).toBe('error'); // only a narrative rate
  });
});

describe('line items', () => {
  it('are every cell in 元, columns in order, with their labels, units and provenance', () => {
    const checks: CheckRow[] = [];
    const t = table('05', [row('201', {}, { label: '一般公共服务支出' }), row('202', { 9: '1.00', 1: 'x' })]);
    // Cells placed out of column order (a Map keeps insertion order; an object would sort them).
    t.rows[0].cells = new Map([[3, { text: '2.00', line: 7 }], [1, { text: '3.00', line: 7 }], [2, { text: '1.00', line: 7 }]]);
    const items = lineItemsOf([t], checks);
    expect(items.map((i) => [i.row_key, i.col_no, i.col_label, i.amount_yuan, i.quantity, i.reported_text, i.reported_unit, i.source_line, i.source_page])).toEqual([
      ['201', 1, '合计', '30000.00', null, '3.00', '万元', 7, null],
      ['201', 2, '基本支出', '10000.00', null, '1.00', '万元', 7, null],
      ['201', 3, '项目支出', '20000.00', null, '2.00', '万元', 7, null],
      ['202', 9, '栏9', '10000.00', null, '1.00', '万元', 7, null], // a column the template does not name; "x" is no number
    ]);
    expect(items[0].row_label).toBe('一般公共服务支出');
    expect(checks).toEqual([]);
  });

  it('of table 10 are counts where the row counts vehicles or equipment, money elsewhere', () => {
    const t = table('10', [row('车辆数', { 1: '3' }, { label: '车辆数合计（辆）' }), row('设备', { 1: '2' }, { label: '单位价值50万元以上设备（台套）' }), row('机关运行经费', { 1: '1.50' })]);
    expect(lineItemsOf([t], []).map((i) => [i.row_key, i.amount_yuan, i.quantity, i.reported_unit])).toEqual([
      ['车辆数', null, '3.00', '辆'],
      ['设备', null, '2.00', '台套'],
      ['机关运行经费', '15000.00', null, '万元'],
    ]);
    // The same labels in another table are money.
    expect(lineItemsOf([table('05', [row('车辆数', { 1: '3' }, { label: '车辆数合计（辆）' })])], [])[0]).toMatchObject({ amount_yuan: '30000.00', quantity: null });
  });

  it("carry their row's printed position, and in table 10 the part the row is printed under", () => {
    // 公开10表 as the national template prints it (seed 000, lines 1041–1081): 一、政府采购情况 合计 货物 工程 服务;
    // 二、机关运行经费 (一)行政单位 (二)参照公务员法管理事业单位; 三、国有资产占用情况 (一)车辆数合计(辆) … 8.其他用车; (二)单价100万元(含)以上设备.
    const t = table('10', [
      row('合计', { 1: '142.57' }),
      row('货物', { 1: '142.57' }),
      row('工程', {}),
      row('机关运行经费', {}, { label: '二、机关运行经费' }),
      row('行政单位', { 1: '16.41' }, { label: '(一)行政单位' }),
      row('国有资产占用情况', {}, { label: '三、国有资产占用情况' }),
      row('车辆数合计(辆)', { 1: '1' }, { label: '(一)车辆数合计(辆)' }),
      row('其他用车', { 1: '1' }, { label: '8.其他用车' }),
      row('设备', { 1: '2' }, { label: '(二)单价100万元(含)以上设备(不含车辆)' }),
    ]);
    expect(lineItemsOf([t], []).map((i) => [i.row_key, i.row_order, i.section])).toEqual([
      ['合计', 1, '政府采购'],
      ['货物', 2, '政府采购'],
      ['行政单位', 5, '机关运行经费'],
      ['车辆数合计(辆)', 7, '车辆'],
      ['其他用车', 8, '车辆'],
      ['设备', 9, '大型设备'],
    ]);
    // A 合计 after a named part is that part's; other tables have no parts.
    expect(lineItemsOf([table('10', [row('x', {}, { label: '二、机关运行经费' }), row('合计', { 1: '1.00' })])], [])[0].section).toBe('机关运行经费');
    expect(lineItemsOf([table('10', [row('其他', { 1: '1.00' })])], [])[0].section).toBeNull();
    expect(lineItemsOf([table('03', [row('货物', { 1: '1.00' })])], [])[0]).toMatchObject({ section: null, row_order: 1 });
    expect(statsSection('(一)政府采购支出合计')).toBe('政府采购');
    expect(statsSection('服务')).toBe('政府采购');
    expect(statsSection('服务中心')).toBeNull();
    expect(statsSection('(二)参照公务员法管理事业单位')).toBe('机关运行经费');
  });

  it('leave out an amount 元 cannot hold to the cent, with a failing precision check', () => {
    const checks: CheckRow[] = [];
    expect(lineItemsOf([table('05', [row('201', { 1: '0.000001', 2: '0.0000001' })])], checks).map((i) => i.amount_yuan)).toEqual(['0.01']);
    expect(checks).toEqual([
      { check_id: 'precision:05:201/2', kind: 'precision', table_code: '05', subject: '201/2', description: 'amount representable exactly in 元 with 2 decimals', expected: null, actual: null, difference: null, tolerance: null, passed: false, detail: '0.0000001 万元 has more decimals than DECIMAL(18,2) 元 can hold; not loaded' },
    ]);
  });
});

describe("the narrative checks' arithmetic", () => {
  const d = (t: string) => parseDecimal(t)!;
  const fact = (over: Partial<NarrativeFact>) => ({ metric: '决算数', subject: null, value: '1.50', value_text: '1.50万元', unit: '万元', ...over }) as NarrativeFact;

  it("reads a fact's amount in 元 with the step of its last printed digit; a printed 0 is exact", () => {
    expect(factAmount(fact({}))).toEqual({ value: { units: 15000n, scale: 0 }, step: { units: 100n, scale: 0 }, text: '决算数 1.50万元' });
    expect(factAmount(fact({ value: '0', value_text: '0万元', subject: '行政运行' }))).toEqual({ value: { units: 0n, scale: 0 }, step: ZERO, text: '决算数(行政运行) 0万元' });
    expect(factAmount(fact({ value: '4.93', value_text: '4.93%', unit: '%' }))).toMatchObject({ value: d('4.93'), step: d('0.01') }); // not money: as printed
    expect(factAmount(fact({ unit: null }))).toMatchObject({ value: d('1.50') });
    expect(factAmount(fact({ value: null }))).toBeNull();
    expect(factAmount(fact({ value: 'x' }))).toBeNull();
  });

  it('halves, picks the larger, writes 元 with cents', () => {
    expect(half(d('0.01'))).toEqual({ units: 5n, scale: 3 });
    expect(compare(max(d('1'), d('2')), d('2'))).toBe(0);
    expect(compare(max(d('3'), d('2')), d('3'))).toBe(0);
    expect(yuan(d('5'))).toBe('5.00');
    expect(yuan(d('0.05'))).toBe('0.05');
    expect(yuan(d('0.005'))).toBe('0.005');
  });

  it('computes a percentage rounded half up, whatever the signs and scales', () => {
    const pct = (a: string, b: string, n = 2) => decimalText(percentOf(d(a), d(b), n));
    expect(pct('1', '3')).toBe('33.33');
    expect(pct('2', '3')).toBe('66.67');
    expect(pct('-1', '3')).toBe('-33.33');
    expect(pct('1', '-3')).toBe('-33.33');
    expect(pct('-2', '-3')).toBe('66.67');
    expect(pct('1.5', '3')).toBe('50.00');
    expect(pct('3', '1.5')).toBe('200.00');
    expect(pct('1', '8', 1)).toBe('12.5');
    expect(pct('1', '16', 1)).toBe('6.3'); // 6.25 → 6.3
  });

  it('accepts a stated percentage only within the rounding of its operands and its own last digit', () => {
    // 2106.66 / 2940.05 = 71.653…%: 71.65 and 71.66 are within reach of the operands' rounding, 71.73 is not.
    const fits = (p: string) => percentFits(d('2106.66'), d('0.005'), d('2940.05'), d('0.005'), d(p));
    expect(fits('71.65')).toBe(true);
    expect(fits('71.73')).toBe(false);
    expect(fits('71.57')).toBe(false);
    expect(fits('71.7')).toBe(true); // one decimal: 71.6 to 71.8
    expect(fits('71.5')).toBe(false);
    // A base that may be 0 given its rounding bounds nothing from above.
    expect(percentFits(d('1'), d('0.5'), d('0.004'), d('0.005'), d('99999'))).toBe(true);
    expect(percentFits(d('1'), d('0.5'), d('0.004'), d('0.005'), d('1'))).toBe(false);
  });

  it("reads a table's cells for a fact, in 元, with their labels, a blank counting 0", () => {
    const t = new Tables({ tables: [table('05', [row('201', { 1: '2.50', 2: '1.5' })]), table('09', [row('1', { 1: '3' })], '万元')], lineItems: [], fiscalYear: 2023 });
    const r201 = t.row('05', '201');
    expect(t.term('05', [r201], 1)).toEqual({ code: '05', value: d('25000'), step: d('100'), label: '05/201/1=2.50 万元' });
    expect(t.term('05', [r201, undefined], 2)).toEqual({ code: '05', value: d('15000'), step: d('1000'), label: '05/201/2=1.5 + 05/(no row)/2=(blank) 万元' });
    expect(t.term('05', [r201], 3)).toEqual({ code: '05', value: ZERO, step: d('100'), label: '05/201/3=(blank) 万元' });
    expect(t.term('09', [t.row('09', '1')], 1, true)).toEqual({ code: '09', value: d('3'), step: d('1'), label: '09/1/1=3' }); // a count, as printed
    expect(t.term('07', [r201], 1)).toBeNull(); // no table 07
  });
});
