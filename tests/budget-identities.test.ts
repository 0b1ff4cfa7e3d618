// A budget's identities, each shown to fail when the numbers it relates disagree: one printed
// amount of a synthetic budget (every identity holding) is changed by 1.00, and exactly the
// identities that relate it fail. So a check that was dropped, weakened or pointed at the wrong
// cell is a failing test (make mutate runs these against the identities' code).
import { describe, expect, it } from 'vitest';
import { extract } from '../extract/index.js';
import { transform, type TransformResult } from '../transform/index.js';
import { money, randomBudget, type SynthBudget } from './synthetic/budget.js';

const IDENTITIES = new Set(['row_total', 'hierarchy', 'table_total', 'cross_table']);
const read = async (text: string): Promise<TransformResult> => transform(await extract(new TextEncoder().encode(text), 'budget.txt'));
const failing = (r: TransformResult) => r.checks.filter((c) => !c.passed && IDENTITIES.has(c.kind)).map((c) => c.check_id).sort();

/**
 * The text with one amount changed: in the table titled `title` (the first line that ends with
 * it), on the first line after it that starts with `row`, the `nth` amount (0-based) + 1.00.
 */
function alter(text: string, title: string, row: RegExp, nth = 0): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.endsWith(title));
  expect(start, title).toBeGreaterThanOrEqual(0);
  const at = lines.findIndex((l, i) => i > start && row.test(l));
  expect(at, `${title} ${row}`).toBeGreaterThan(start);
  let k = -1;
  lines[at] = lines[at].replace(/-?\d{1,3}(?:,\d{3})*\.\d{2}/g, (m) => (++k === nth ? money(BigInt(m.replace(/[,.]/g, '')) + 100n) : m));
  expect(k, `${title} ${row} has amount ${nth}`).toBeGreaterThanOrEqual(nth);
  return lines.join('\n');
}

const budget = (layout: SynthBudget['layout'], seed: number) => randomBudget(seed, { layout, unit: '万元' });

describe('every identity of a synthetic budget holds, and fails when an amount it relates is changed', () => {
  it.each([['shanghai', 2], ['jiangsu', 1], ['national', 3]] as const)('%s layout (seed %i): none fails as printed', async (layout, seed) => {
    const r = await read(budget(layout, seed).text);
    expect(failing(r)).toEqual([]);
    expect(r.checks.filter((c) => IDENTITIES.has(c.kind)).length).toBeGreaterThan(30);
  });
});

describe('each kind of identity fails on the amount it relates', () => {
  // [layout, seed, table title, row, which amount of the line, the identities that must fail]
  const CASES: [SynthBudget['layout'], number, string, RegExp, number, string[]][] = [
    // A 项's 项目支出: its row (合计 = 基本 + 项目) and its 款 (款 = Σ 项).
    ['shanghai', 2, '部门支出预算总表', /^204 \t05 \t04 /, 2, ['hierarchy:B03:20405/col3', 'row_total:B03:2040504:col1']],
    ['shanghai', 2, '部门一般公共预算支出功能分类预算表', /^208 \t05 \t05 /, 1, ['hierarchy:B05:20805/col2', 'row_total:B05:2080505:col1']],
    // The 收支总表's total: its side's sum, 收支平衡, and 收入预算总表's 合计.
    ['shanghai', 2, '部门财务收支预算总表', /^收入总计/, 0, ['cross_table:B01:B01 收入总计 = B02 合计 col1', 'table_total:B01:income:收入总计/col1', 'table_total:B01:收支平衡']],
    // A sub-item (1. 一般公共预算资金) against its item.
    ['shanghai', 2, '部门财务收支预算总表', /^1\. /, 0, ['hierarchy:B01:财政拨款收入/col1']],
    ['shanghai', 2, '部门一般公共预算基本支出部门预算经济分类预算表', /^301 \t01 /, 0, ['hierarchy:B06:301/col1', 'row_total:B06:30101:col1']],
    // "三公": 合计 = 出国 + 公务用车 + 接待.
    ['shanghai', 2, '经费和机关运行经费预算表', /^\d/, 5, ['row_total:B07:1:col1']],
    // Jiangsu's third panel (by use) against the total, and against 支出预算总表.
    ['jiangsu', 1, '部门收支预算总表', /^一、财政拨款/, 2, ['cross_table:B01:B01 基本支出 = B03 合计 col2', 'table_total:B01:use:当年支出小计']],
    ['jiangsu', 1, '部门收支预算总表', /^一、财政拨款/, 1, ['table_total:B01:expenditure:当年支出小计/col2']],
    ['jiangsu', 1, '部门支出预算总表', /^\d/, 1, ['cross_table:B01:B01 基本支出 = B03 合计 col2', 'row_total:B03:合计:col1']],
    ['jiangsu', 1, '部门财政拨款收支预算总表', /^一、一般公共预算/, 1, ['cross_table:B04:B04 基本支出 col2 = B11 合计 col1']],
    ['jiangsu', 1, '部门财政拨款基本支出预算表', /^30101/, 0, ['hierarchy:B11:301/col1']],
    ['jiangsu', 1, '部门收入预算总表', /^收入总计/, 0, ['cross_table:B01:B01 收入总计 = B02 合计 col1', 'table_total:B02:收入总计']],
    // 合计 of "三公", 会议费 and 培训费.
    ['jiangsu', 1, '培训费支出预算表', /^\d/, 7, ['row_total:B07:1:col10']],
    // 基本支出 = 人员经费 + 公用经费 (the national template's split).
    ['national', 3, '一般公共预算支出表', /^2210201/, 2, ['hierarchy:B05:22102/col4', 'row_total:B05:2210201:col2']],
    // 本年收入合计 = Σ items, 收入总计 = 本年收入合计 + 上年结转结余.
    ['national', 3, '部门收支总表', /^本年收入合计/, 0, ['table_total:B01:income:收入总计/col1', 'table_total:B01:income:本年收入合计/col1']],
  ];
  it.each(CASES)('%s seed %i, %s %s amount %i: %j', async (layout, seed, title, row, nth, fails) => {
    expect(failing(await read(alter(budget(layout, seed).text, title, row, nth)))).toEqual(fails.sort());
  });

  it('a fund of 财政拨款收支总表 out of line with its functions: its row and the side\'s total', async () => {
    const r = await read(alter(budget('shanghai', 2).text, '部门财政拨款收支预算总表', /^一、/, 2));
    expect(failing(r)).toEqual(expect.arrayContaining(['row_total:B04:204:col2', 'table_total:B04:expenditure:支出总计/col2']));
  });
});
