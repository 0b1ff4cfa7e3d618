// The identities of a budget report's tables, in the terms of ../identities.ts so that the same
// placement (../solve) and checks (../checks.ts) use them: row totals, 类 = Σ 款 = Σ 项, the
// 收支总表's sides adding up and balancing (收支平衡), each panel of a three-panel 收支总表 adding
// up to the same total, and totals agreeing across tables. An identity is made only from what a
// table prints: a column it does not print is never taken for zero.
import type { TableCode } from '../../../schemas/contract.js';
import { hierarchy, type Identity, type Push, type TermRefs } from '../identities.js';
import type { RowShape, TableShape } from '../model.js';

const ref = (table: TableCode, key: string | undefined, col: number): TermRefs => (key === undefined ? [] : [{ table, key, col }]);

/** Row totals of the tables by classification: total column = Σ part columns, where printed. */
const ROW_TOTALS: Partial<Record<TableCode, { total: number; parts: number[] }[]>> = {
  // 财政拨款收入 (2) is the three funds (3–5) where both are printed; the total is every source.
  B02: [{ total: 2, parts: [3, 4, 5] }],
  B03: [{ total: 1, parts: [2, 3, 4, 5, 6, 7, 8] }, { total: 2, parts: [9, 10] }],
  B05: [{ total: 1, parts: [2, 3] }, { total: 2, parts: [4, 5] }],
  B06: [{ total: 1, parts: [2, 3] }],
  B08: [{ total: 1, parts: [2, 3] }, { total: 2, parts: [4, 5] }],
  B09: [{ total: 1, parts: [2, 3] }, { total: 2, parts: [4, 5] }],
  B10: [{ total: 1, parts: [2, 3] }, { total: 2, parts: [4, 5] }],
  B11: [{ total: 1, parts: [2, 3] }],
};
const CODED: TableCode[] = ['B02', 'B03', 'B05', 'B06', 'B08', 'B09', 'B10', 'B11', 'B12'];

export function budgetIdentities(tables: TableShape[]): Identity[] {
  const byCode = new Map(tables.map((t) => [t.code, t]));
  const rows = (code: TableCode): RowShape[] => byCode.get(code)?.rows ?? [];
  const printed = (code: TableCode) => new Set(byCode.get(code)?.columns ?? []);
  const has = (code: TableCode, key: string | undefined) => key !== undefined && rows(code).some((r) => r.key === key);
  const out: Identity[] = [];
  const push: Push = (kind, table, subject, description, expected, parts, row) => out.push({ kind, table, subject, description, expected, parts, ...(row === undefined ? {} : { row: { table, key: row } }) });

  for (const code of CODED) {
    const t = byCode.get(code);
    if (!t) continue;
    const cols = printed(code);
    const identitiesOfRow = [...(ROW_TOTALS[code] ?? [])];
    if (code === 'B02') {
      // 合计 = 财政拨款收入 (or its funds) + the other sources.
      const funds = cols.has(2) ? [2] : [3, 4, 5];
      identitiesOfRow.push({ total: 1, parts: [...funds, 6, 7, 8, 9, 10, 11, 12] });
    }
    for (const id of identitiesOfRow) {
      const parts = id.parts.filter((c) => cols.has(c));
      if (!cols.has(id.total) || parts.length === 0) continue;
      for (const r of t.rows) push('row_total', code, `${r.key}:col${id.total}`, `${code} ${r.key}: col${id.total} = ${parts.map((c) => 'col' + c).join('+')}`, ref(code, r.key, id.total), parts.map((c) => ref(code, r.key, c)), r.key);
    }
    // Σ 类 only where the table has rows by code (a list printed instead has its own identity).
    const total = t.rows.some((r) => /^\d{3}$/.test(r.key)) ? (['合计', '总计'].find((k) => has(code, k)) ?? null) : null;
    hierarchy(push, code, t.rows, [...cols].sort((a, b) => a - b), total);
  }

  const b01 = printed('B01');
  summary(push, 'B01', byCode.get('B01'), new Set([2, 4, 5, 6, 7].filter((c) => b01.has(c))), b01.has(5) ? [5, 6, 7] : b01.has(4) ? [4, 7] : []);
  const b04cols = printed('B04');
  summary(push, 'B04', byCode.get('B04'), new Set([2, 3, 4, 5].filter((c) => b04cols.has(c))), [3, 4, 5].filter((c) => b04cols.has(c)));

  const b07 = byCode.get('B07');
  if (b07 && has('B07', '1')) {
    const cols = printed('B07');
    const row = (total: number, parts: number[], what: string) => {
      if (!cols.has(total)) return;
      push('row_total', 'B07', `1:col${total}`, `B07 ${what}: col${total} = ${parts.map((c) => 'col' + c).join('+')}`, ref('B07', '1', total), parts.map((c) => ref('B07', '1', c)), '1');
    };
    row(1, [2, 3, 6], '"三公"经费合计 = 因公出国(境)费 + 公务用车购置及运行费 + 公务接待费');
    row(3, [4, 5], '公务用车购置及运行费 = 购置费 + 运行费');
    row(10, [1, 7, 8], '合计 = "三公"经费 + 会议费 + 培训费');
  }

  const b13 = rows('B13');
  const categories = b13.filter((r) => /^[一二三四五六七八九十]+、/.test(r.label));
  if (has('B13', '合计') && categories.length > 0) push('table_total', 'B13', '合计', 'B13 合计 = Σ 货物, 工程, 服务', ref('B13', '合计', 1), categories.map((r) => ref('B13', r.key, 1)));
  const b02List = rows('B02').filter((r) => /^小计(#\d+)?$/.test(r.key));
  if (has('B02', '收入总计') && b02List.length > 0) push('table_total', 'B02', '收入总计', 'B02 收入总计 = Σ 小计', ref('B02', '收入总计', 1), b02List.map((r) => ref('B02', r.key, 1)));

  // Across tables, between tables the report prints.
  const cross = (description: string, a: TermRefs, b: TermRefs, table: TableCode, other: TableCode) => {
    if (!byCode.has(table) || !byCode.has(other) || a.length === 0 || b.length === 0) return;
    push('cross_table', table, description, description, a, [b]);
  };
  const lastTotal = (code: TableCode, side: 'income' | 'expenditure') => [...rows(code)].reverse().find((r) => r.side === side && isTotal(r))?.key;
  const total = (code: TableCode) => ['合计', '收入总计'].find((k) => has(code, k));
  cross('B01 收入总计 = B02 合计 col1', ref('B01', lastTotal('B01', 'income'), 1), ref('B02', total('B02'), 1), 'B01', 'B02');
  cross('B01 支出总计 = B03 合计 col1', ref('B01', lastTotal('B01', 'expenditure'), 2), ref('B03', total('B03'), 1), 'B01', 'B03');
  const b04 = printed('B04');
  const spent04 = lastTotal('B04', 'expenditure');
  if (b04.has(3)) cross('B04 支出总计 一般公共预算 col3 = B05 合计 col1', ref('B04', spent04, 3), ref('B05', total('B05'), 1), 'B04', 'B05');
  if (b04.has(4)) cross('B04 支出总计 政府性基金预算 col4 = B08 合计 col1', ref('B04', spent04, 4), ref('B08', total('B08'), 1), 'B04', 'B08');
  if (b04.has(5)) cross('B04 支出总计 国有资本经营预算 col5 = B09 合计 col1', ref('B04', spent04, 5), ref('B09', total('B09'), 1), 'B04', 'B09');
  cross('B04 支出合计 col2 = B10 合计 col1', ref('B04', spent04, 2), ref('B10', total('B10'), 1), 'B04', 'B10');
  if (printed('B05').has(2)) cross('B05 合计 基本支出 col2 = B06 合计 col1', ref('B05', total('B05'), 2), ref('B06', total('B06'), 1), 'B05', 'B06');
  const basic04 = rows('B04').find((r) => r.key === '基本支出' || r.key === 'expenditure:基本支出')?.key;
  cross('B04 基本支出 col2 = B11 合计 col1', ref('B04', basic04, 2), ref('B11', total('B11'), 1), 'B04', 'B11');
  // The 收支总表's spending by use is 支出预算总表's columns.
  for (const [use, col] of [['基本支出', 2], ['项目支出', 3], ['单位预留机动经费', 7]] as const) {
    const key = rows('B01').find((r) => r.key === use || r.key === `expenditure:${use}`)?.key;
    if (printed('B03').has(col)) cross(`B01 ${use} = B03 合计 col${col}`, ref('B01', key, 3), ref('B03', total('B03'), col), 'B01', 'B03');
  }
  // The 收支总表's income items are 收入预算总表's columns: 财政拨款收入 (or each fund), 事业收入 ….
  const sources: [number, RegExp][] = [
    [2, /^财政拨款(收入)?$/], [3, /^一般公共预算(资金|拨款收入)?$/], [4, /^政府性基金(预算)?(资金|拨款收入)?$/], [5, /^国有资本经营预算(资金|拨款收入)?$/],
    [6, /^财政专户管理资金(收入)?$/], [7, /^事业收入$/], [8, /^(事业单位)?经营收入$/], [9, /^上级补助收入$/], [10, /^附属单位上缴收入$/], [11, /^其他收入$/],
  ];
  const b02 = printed('B02');
  for (const [col, re] of sources) {
    const row = rows('B01').find((r) => r.side === 'income' && re.test(r.key.replace(/^income:/, '')));
    if (row && b02.has(col)) cross(`B01 ${row.label} = B02 合计 col${col}`, ref('B01', row.key, 1), ref('B02', total('B02'), col), 'B01', 'B02');
  }
  // By functional 类: the 收支总表 against 支出预算总表, the appropriations against 一般公共预算.
  for (const r of rows('B01')) if (r.side === 'expenditure' && /^\d{3}$/.test(r.key) && has('B03', r.key)) cross(`B01 ${r.key} = B03 ${r.key} col1`, ref('B01', r.key, 2), ref('B03', r.key, 1), 'B01', 'B03');
  if (b04.has(3)) for (const r of rows('B04')) if (r.side === 'expenditure' && /^\d{3}$/.test(r.key) && has('B05', r.key)) cross(`B04 ${r.key} col3 = B05 ${r.key} col1`, ref('B04', r.key, 3), ref('B05', r.key, 1), 'B04', 'B05');
  return out;
}

const isTotal = (r: RowShape) => /(合计|总计|小计)$/.test(r.key);

/**
 * B01 and B04: on each side, a total is the total before it (if any) plus the rows between them
 * (当年收入小计 + 上年结转资金 = 收入合计); an item with sub-items (1. 2. 3.) is their sum; the
 * expenditure by function and by use (Jiangsu's two expenditure panels) each add up to the
 * expenditure's first total; the last income total equals the last expenditure total (收支平衡).
 */
function summary(push: Push, code: TableCode, t: TableShape | undefined, expenditureCols: Set<number>, rowParts: number[]): void {
  if (!t) return;
  const incomeRows = t.rows.filter((r) => r.side === 'income');
  const spendRows = t.rows.filter((r) => r.side === 'expenditure');
  const chain = (rows: RowShape[], side: string, col: number, pick: (r: RowShape) => boolean) => {
    let previous: RowShape | null = null;
    let pending: RowShape[] = [];
    for (const r of rows) {
      if (!isTotal(r)) {
        if (!r.parent && pick(r)) pending.push(r);
        continue;
      }
      const parts = [...(previous ? [ref(code, previous.key, col)] : []), ...pending.map((p) => ref(code, p.key, col))];
      if (parts.length > 0) push('table_total', code, `${side}:${r.key}/col${col}`, `${code} ${r.label} = ${previous ? previous.label + ' + ' : ''}Σ ${side} items (col${col})`, ref(code, r.key, col), parts);
      previous = r;
      pending = [];
    }
  };
  chain(incomeRows, 'income', 1, () => true);
  const isUse = (r: RowShape) => /^(expenditure:)?(基本支出|项目支出|单位预留机动经费|事业单位经营支出|上缴上级支出|对附属单位补助支出|经营支出)$/.test(r.key);
  const byFunction = spendRows.filter((r) => !isUse(r));
  const byUse = spendRows.filter((r) => isUse(r) || isTotal(r));
  for (const col of [...expenditureCols].sort((a, b) => a - b)) chain(byFunction, 'expenditure', col, () => true);
  if (code === 'B01' && byUse.some(isUse) && byFunction.some((r) => !isTotal(r))) {
    // Three panels: the uses (col 3) add up to the same first total as the functions (col 2).
    const first = spendRows.find(isTotal);
    const uses = spendRows.filter(isUse).filter((r) => first && spendRows.indexOf(r) < spendRows.indexOf(first));
    if (first && uses.length > 0) push('table_total', code, `use:${first.key}`, `${code} ${first.label} = Σ expenditure by use (col3)`, ref(code, first.key, 2), uses.map((u) => ref(code, u.key, 3)));
  }
  for (const parent of incomeRows) {
    const subs = incomeRows.filter((r) => r.parent === parent.key);
    if (subs.length > 0) push('hierarchy', code, `${parent.key}/col1`, `${code} ${parent.label} = Σ sub-items`, ref(code, parent.key, 1), subs.map((s) => ref(code, s.key, 1)));
  }
  // Each function's 合计 is its parts: the funds (B04), or 基本支出 and 项目支出 (a 单位预算's B01).
  for (const r of byFunction) {
    if (rowParts.length === 0 || !expenditureCols.has(2) || /^结转下年/.test(r.key)) continue;
    push('row_total', code, `${r.key}:col2`, `${code} ${r.key}: col2 = ${rowParts.map((c) => 'col' + c).join('+')}`, ref(code, r.key, 2), rowParts.map((c) => ref(code, r.key, c)), r.key);
  }
  const income = [...incomeRows].reverse().find(isTotal);
  const spent = [...spendRows].reverse().find(isTotal);
  if (income && spent) push('table_total', code, '收支平衡', `${code} ${income.label} = ${spent.label} (收支平衡)`, ref(code, income.key, 1), [ref(code, spent.key, 2)]);
}
