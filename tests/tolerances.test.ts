// Where a check's verdict turns: the real samples with one number moved just inside and just
// outside the rounding a check allows, in 万元 and in 元; and amounts with cents, and beyond a
// double's precision, carried exactly from the text to DuckDB and back. These are the bugs that
// passed every other test (issue 25): a tolerance ten times too wide, an amount through a float.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBatch, query, StagingBatch } from '../load/duckdb.js';
import { stageRows } from '../load/staging.js';
import { processFile, sha256Hex } from '../pipeline/report.js';
import type { TransformResult } from '../transform/index.js';
import { RAW, tempDatabase, transformText } from './helpers.js';

const sample = (f: string) => readFileSync(path.join(RAW, f), 'utf8');
const S000 = sample('000_8a1d53abbfd78672.txt');
const S003 = sample('003_0de3fbbbee820dbe.txt');
const check = (r: TransformResult, id: string) => {
  const c = r.checks.find((x) => x.check_id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};

/** Sample 000 with table 05's row 201 printed as "201 一般公共服务支出 2,642.20 415.58 <project>", its table in `unit`. */
function with05(project: string, unit = '万元'): string {
  const row = '201 一般公共服务支出 2,642.20 415.58 2226.62';
  expect(S000.split(row).length).toBe(2); // the row is printed once
  let text = S000.replace(row, `201 一般公共服务支出 2,642.20 415.58 ${project}`);
  if (unit !== '万元') {
    // The unit line of table 05 only: the first 金额单位 after its title.
    const at = text.indexOf('公开05表');
    const u = text.indexOf('金额单位：万元', at);
    text = text.slice(0, u) + `金额单位：${unit}` + text.slice(u + '金额单位：万元'.length);
  }
  return text;
}

describe('an identity of the tables, at the edge of its tolerance', () => {
  // 05 row 201: col1 = col2 + col3. Two parts and the total, each printed to 0.01: the sum may be
  // off by (2 + 1) × half a cent of the unit, 150 元 in 万元 and 0.015 元 in 元.
  it('in 万元: off by 0.01 万元 (100 元) passes, by 0.02 (200 元) fails; tolerance 150 元', async () => {
    const inside = check(await transformText(with05('2226.63')), 'row_total:05:201');
    expect(inside).toMatchObject({ passed: true, expected: '26422000.00', actual: '26422100.00', difference: '100.00', tolerance: '150.00' });
    const outside = check(await transformText(with05('2226.64')), 'row_total:05:201');
    expect(outside).toMatchObject({ passed: false, difference: '200.00', tolerance: '150.00', severity: 'error' });
    // The unchanged sample holds exactly.
    expect(check(await transformText(S000), 'row_total:05:201')).toMatchObject({ passed: true, difference: '0.00', tolerance: '150.00' });
  });

  it('in 元: off by 0.01 元 passes, by 0.02 元 fails; tolerance 0.015 元', async () => {
    const inside = check(await transformText(with05('2226.63', '元')), 'row_total:05:201');
    expect(inside).toMatchObject({ passed: true, expected: '2642.20', actual: '2642.21', difference: '0.01', tolerance: '0.015' });
    const outside = check(await transformText(with05('2226.64', '元')), 'row_total:05:201');
    expect(outside).toMatchObject({ passed: false, difference: '0.02', tolerance: '0.015' });
  });

  it('a report with a failing identity is partial, one without is ok', async () => {
    const status = async (text: string) => (await processFile({ sourcePath: 'x.txt', bytes: new TextEncoder().encode(text), sha256: sha256Hex(new TextEncoder().encode(text)) })).status;
    expect(await status(with05('2226.63'))).toBe('ok');
    expect(await status(with05('2226.64'))).toBe('partial');
  });
});

describe('a narrative figure against its table, at the edge of its tolerance', () => {
  // 003, 五(二) line 459: "住房保障支出(类)32.56万元" against table 05 221 = 32.56: each printed to
  // 0.01 万元, so they may differ by 0.01 万元 (100 元), not more.
  const LINE = '住房保障支出(类)32.56万元，占比4.70%。';
  const lineNo = S003.split('\n').indexOf(LINE) + 1;
  const moved = (to: string) => S003.replace(LINE, LINE.replace('32.56', to));
  const tableCheck = (r: TransformResult) => r.checks.find((c) => c.check_id.endsWith(':table') && c.detail?.includes(`line ${lineNo};`))!;

  it('off by 0.01 万元 passes, by 0.02 万元 fails, with the tolerance of one printed cent', async () => {
    expect(lineNo).toBe(459);
    expect(tableCheck(await transformText(S003, 'x.md'))).toMatchObject({ table_code: '05', passed: true, expected: '325600.00', actual: '325600.00', tolerance: '100.00' });
    expect(tableCheck(await transformText(moved('32.57'), 'x.md'))).toMatchObject({ passed: true, actual: '325700.00', difference: '100.00', tolerance: '100.00' });
    const outside = tableCheck(await transformText(moved('32.58'), 'x.md'));
    expect(outside).toMatchObject({ passed: false, difference: '200.00', tolerance: '100.00', severity: 'warning' });
  });
});

describe('amounts exactly, from the text to DuckDB and back', () => {
  const tmp = tempDatabase('tolerances-');

  /** The report's rows through the contract and the staging CSV into DuckDB; table 05 and 06 cells read back. */
  async function loaded(text: string, name: string): Promise<Record<string, unknown>[]> {
    const bytes = new TextEncoder().encode(text);
    const report = await processFile({ sourcePath: name, bytes, sha256: sha256Hex(bytes) });
    const batch = new StagingBatch(path.join(tmp.dir, name));
    batch.add({ sourcePath: name, staged: stageRows(report.rows, report.reportId) });
    await loadBatch(tmp.db.con, batch, false);
    return query(tmp.db.con, `SELECT table_code, row_key, col_no, amount_yuan::VARCHAR AS yuan FROM line_items WHERE report_id = '${report.reportId}' AND row_key IN ('201', '30101') ORDER BY ALL`);
  }

  it('keeps cents of a table in 元 (0.01 元 apart)', async () => {
    const rows = await loaded(with05('2226.63', '元'), 'yuan.txt');
    expect(rows.filter((r) => r.table_code === '05')).toEqual([
      { table_code: '05', row_key: '201', col_no: 1, yuan: '2642.20' },
      { table_code: '05', row_key: '201', col_no: 2, yuan: '415.58' },
      { table_code: '05', row_key: '201', col_no: 3, yuan: '2226.63' },
    ]);
  });

  it('converts 万元 with six decimals to 元 with cents beyond what a double holds', async () => {
    // 9876543210.987643 万元 = 98 765 432 109 876.43 元; as a double it would print …876.44.
    const rows = await loaded(S000.replace('基本工资 219.40 ', '基本工资 9876543210.987643 '), 'big.txt');
    expect(rows.find((r) => r.table_code === '06')).toEqual({ table_code: '06', row_key: '30101', col_no: 1, yuan: '98765432109876.43' });
  });

  it('leaves out an amount 元 cannot hold to the cent, with a failing precision check', async () => {
    const r = await transformText(S000.replace('基本工资 219.40 ', '基本工资 219.4000001 '));
    expect(r.lineItems.find((l) => l.table_code === '06' && l.row_key === '30101')).toBeUndefined();
    expect(check(r, 'precision:06:30101/1')).toMatchObject({ passed: false, severity: 'error', detail: '219.4000001 万元 has more decimals than DECIMAL(18,2) 元 can hold; not loaded' });
  });
});
