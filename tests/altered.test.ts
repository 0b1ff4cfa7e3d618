// The edited copy of the Shanghai PDF (tests/data/…-altered.pdf, a third party's fixture):
// it is re-typeset (two column groups of table 06 side by side, header cells on the 合计 row's
// baseline), its table 03 and its 三公 amounts were removed, one heading names "XX局" and
// another the year 2023. Every table still in it must read exactly like the original's, and
// the edits (nothing else) must fail checks.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransformResult } from '../transform/index.js';
import { ALTERED_PDF as ALTERED, RAW, transformFile } from './helpers.js';

const ORIGINAL = path.join(RAW, 'sh-putuo-caizhengju-2024-juesuan.pdf');
const cells = (r: TransformResult) => new Map(r.lineItems.map((li) => [`${li.table_code}|${li.row_key}|${li.col_no}`, li.amount_yuan]));

describe('the edited Shanghai PDF', () => {
  let original: TransformResult;
  let altered: TransformResult;
  beforeAll(async () => {
    original = await transformFile(ORIGINAL);
    altered = await transformFile(ALTERED);
  }, 60_000);

  it('reads every table it still has exactly like the original', () => {
    const a = cells(original);
    const b = cells(altered);
    const differing = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
    // Only the removed table 03 and the removed 三公 amounts (0.95 万元 budget, 公务接待费 0.95).
    expect(differing.filter((k) => !k.startsWith('03|'))).toEqual(['09|1|1', '09|1|6']);
    expect(differing.filter((k) => k.startsWith('03|')).length).toBe([...a.keys()].filter((k) => k.startsWith('03|')).length);
    expect(b.get('06|302|1')).toBe('1710700.00'); // 商品和服务支出 171.07, in the right-hand group
    expect(b.get('02|合计|1')).toBe('29462500.00'); // 合计 2,946.25, on the baseline of the 类 款 项 header
  });

  it('fails exactly the checks the edits break in its tables and headings', () => {
    expect(original.checks.filter((c) => !c.passed && c.kind !== 'narrative')).toEqual([]);
    const failing = altered.checks.filter((c) => !c.passed && c.kind !== 'narrative').map((c) => `${c.check_id}: ${c.detail}`);
    expect(failing).toEqual([
      'completeness:03: no table titled 支出决算表 found',
      'consistency:page 7: page 7: "第二部分上海市普陀区XX局2024年度部门决算表": department 上海市普陀区XX局 ≠ 上海市普陀区财政局',
      'consistency:page 18: page 18: "第三部分上海市普陀区财政局2023年度部门决算情况说明": year 2023 ≠ 2024',
    ]);
  });
});
