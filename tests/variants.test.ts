// Constructed variants: other units, no 公开NN表 numbering, tables in another order, spacing
// that disagrees with the identities.
import { describe, expect, it } from 'vitest';
import { processFile, sha256Hex } from '../pipeline/report.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cell, RAW, transformText } from './helpers.js';

const t05 = (unit: string, row2010402: string) => `一般公共预算财政拨款支出决算表
部门名称：某某局 2023年度
金额单位：${unit}
项目 本年支出
科目代码 科目名称 小计 基本支出 项目支出
栏次 1 2 3
合计 3,000 1,000 2,000
201 一般公共服务支出 3,000 1,000 2,000
20104 发展与改革事务 3,000 1,000 2,000
2010401 行政运行 1,000 1,000 
${row2010402}
注：本表反映部门本年度一般公共预算财政拨款支出情况。
`;

const t03 = `支出决算表
部门名称：某某局 2023年度 金额单位：万元
项目
本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出
科目代码 科目名称
栏次 1 2 3 4 5 6
合计 10.00 4.00 6.00    
208 社会保障和就业支出 10.00 4.00 6.00    
20805
行政事业单位养老
支出
 10.00 4.00 6.00   
2080501 行政单位离退休 10.00 4.00 6.00   
注：本表反映部门本年度各项支出情况。
`;

// 收入决算表 too wide for the page: columns 1–4 first, then 5–7 under a repeated header whose
// 栏次 line numbers only them; rows are joined by their codes.
const t02split = `收入决算表
部门名称：某某局 2023年度 金额单位：万元
项目 本年收入合计 财政拨款收入 上级补助收入 事业收入
科目代码 科目名称
栏次 1 2 3 4
合计 120.00 100.00  5.00
208 社会保障和就业支出 120.00 100.00  5.00
20805 行政事业单位养老支出 120.00 100.00  5.00
公开02表（续）
收入决算表
金额单位：万元
项目 经营收入 附属单位上缴收入 其他收入
科目代码 科目名称
栏次 5 6 7
合计  10.00 5.00
208 社会保障和就业支出  10.00 5.00
20805 行政事业单位养老支出  10.00 5.00
注：本表反映部门本年度取得的各项收入情况。
`;

describe('variants', () => {
  it('joins a wide table split across pages by row key, each part in its own columns', async () => {
    const r = await transformText(t02split);
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => cell(r, '02', '20805', c))).toEqual(['1200000.00', '1000000.00', undefined, '50000.00', undefined, '100000.00', '50000.00']);
    expect(r.tables).toHaveLength(1);
    expect(r.tables[0].rows.map((x) => x.key)).toEqual(['合计', '208', '20805']);
    // 合计 col1 = col2 + … + col7 holds only with both parts joined.
    expect(r.checks.filter((c) => c.kind === 'row_total' && !c.passed)).toEqual([]);
    expect(r.checks.filter((c) => c.kind === 'row_total').length).toBe(3);
  });

  it('a table in 元 with integer amounts converts exactly', async () => {
    const r = await transformText(t05('元', '2010402 一般行政管理事务 2,000  2,000'));
    expect(r.tables[0].unit).toBe('元');
    expect([1, 2, 3].map((c) => cell(r, '05', '2010402', c))).toEqual(['2000.00', undefined, '2000.00']);
    expect(cell(r, '05', '合计', 1)).toBe('3000.00');
    expect(r.checks.filter((c) => !c.passed && c.kind !== 'completeness')).toEqual([]); // the fixture holds only some tables
  });

  it('the row identity overrides spacing that shifts a row, and records the decision', async () => {
    // One space too many before the row: spacing says (blank, 4.00, blank, 6.00); 合计 col1 must hold the total.
    const r = await transformText(t03);
    expect([1, 2, 3].map((c) => cell(r, '03', '20805', c))).toEqual(['100000.00', '40000.00', '60000.00']);
    const decision = r.checks.find((c) => c.kind === 'column_placement' && c.subject === '20805');
    expect(decision?.passed).toBe(true);
    expect(decision?.detail).toMatch(/identities placed/);
    expect(r.checks.filter((c) => !c.passed && c.kind !== 'completeness')).toEqual([]); // the fixture holds only some tables
  });

  it('a genuine inconsistency fails its check and shows both numbers', async () => {
    const r = await transformText(t05('万元', '2010402 一般行政管理事务 2,100  2,000'));
    const bad = r.checks.find((c) => c.kind === 'row_total' && c.subject === '2010402');
    expect(bad).toMatchObject({ passed: false, expected: '21000000.00', actual: '20000000.00', difference: '-1000000.00' });
  });

  it('tables in another order, without 公开NN表 markers, are found by title', async () => {
    const r = await transformText(t03 + '\n' + t05('万元', '2010402 一般行政管理事务 2,000  2,000'));
    expect(r.tableStatus.filter((t) => t.status === 'parsed').map((t) => t.table_code)).toEqual(['03', '05']);
    expect(r.tableStatus.find((t) => t.table_code === '01')?.status).toBe('absent');
  });
});

// 类 款 项 in columns of their own, as Shanghai-style and many county reports print them.
const t03splitCodes = `支出决算表
部门名称：某某县民政局 2023年度 金额单位：万元
项目 本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出
科目编码 科目名称
类 款 项
栏次 1 2 3 4 5 6
合计 10.00 4.00 6.00   
208 社会保障和就业支出 10.00 4.00 6.00   
208 02 民政管理事务 10.00 4.00 6.00   
208 02 01 行政运行 4.00 4.00    
208 02 99 其他民政管理事务支出 6.00  6.00   
注：本表反映部门本年度各项支出情况。
`;

describe('other regions', () => {
  it('joins 类 款 项 printed in separate columns into one code', async () => {
    const r = await transformText(t03splitCodes);
    expect(r.tables[0].rows.map((x) => [x.key, x.label])).toEqual([
      ['合计', '合计'],
      ['208', '社会保障和就业支出'],
      ['20802', '民政管理事务'],
      ['2080201', '行政运行'],
      ['2080299', '其他民政管理事务支出'],
    ]);
    expect([1, 2, 3].map((c) => cell(r, '03', '2080299', c))).toEqual(['60000.00', undefined, '60000.00']);
    expect(r.checks.filter((c) => !c.passed && c.kind !== 'completeness')).toEqual([]);
  });

  it('reads codes glued to their names, in brackets or not', async () => {
    const r = await transformText(t03splitCodes.replace('208 社会保障', '[208]社会保障').replace('208 02 01 行政运行', '2080201行政运行'));
    expect(r.tables[0].rows.map((x) => x.key)).toEqual(['合计', '208', '20802', '2080201', '2080299']);
    expect(cell(r, '03', '2080201', 2)).toBe('40000.00');
    expect(r.checks.filter((c) => !c.passed && c.kind !== 'completeness')).toEqual([]);
  });

  it.each([
    ['部门收支决算总表', '01'],
    ['某某县民政局2023年度收入支出决算总表', '01'],
    ['表1：收入支出决算总表', '01'],
    ['附表二 收入决算表', '02'],
    ['支出决算总表（公开03表）', '03'],
    ['财政拨款收支决算总表', '04'],
    ['一般公共预算财政拨款基本支出决算表', '06'],
    ['一般公共预算财政拨款“三公”经费支出决算表', '09'],
    ['“三公”经费及会议费、培训费支出决算表', '09'],
    ['国有资本经营预算财政拨款收入支出决算表', '08'],
    ['政府性基金预算财政拨款收支决算表', '07'],
    ['收入支出决算表', '01'],
    ['部门收支决算总体情况表', '01'],
    ['部门收入决算总体情况表', '02'],
    ['财政拨款收入支出决算表', '04'],
    ['一般公开预算支出决算情况表', '05'],
    ['财政拨款基本支出经济分类决算表', '06'],
    ['一般公共预算财政拨款基本支出决算明细表', '06'],
    ['财政拨款安排的“三公”经费支出决算表', '09'],
    ['一般公共预算财政拨款“三公”经费支出表', '09'],
    ['政府性基金预算支出情况决算表', '07'],
    ['国有资本经营预算财政拨款支出决算表', '08'],
  ])('finds the table titled %s as %s', async (title, code) => {
    const r = await transformText(`${title}\n部门名称：某某县民政局 2023年度\n金额单位：万元\n本表无数据\n`);
    expect(r.tables.map((t) => t.code)).toEqual([code]);
  });

  it('does not take a table of contents line or a narrative heading for a title', async () => {
    const r = await transformText('目录\n一、收入支出决算总表……………3\n二、收入决算表 4\n（一）收入支出决算总体情况说明\n单位：万元\n');
    expect(r.tables).toEqual([]);
  });
});

// 收入支出决算总表 of an earlier template year, as 湖北/贵州 counties print it: one 财政拨款收入
// row, the expenditure side numbered from 行次 29, 决算数 columns, amounts in 元, "部门：".
const t01older = `收入支出决算总表
公开01表
部门：某某县招商服务中心
金额单位：元
收入 支出
项 目 行次 决算数 项 目 行次 决算数
栏 次 1 栏 次 2
一、财政拨款收入 1 2,449,610.00 一、一般公共服务支出 29 2,000,000.00
二、上级补助收入 2  二、外交支出 30 
三、事业收入 3 50,000.00 三、国防支出 31 
四、经营收入 4  四、公共安全支出 32 
五、附属单位上缴收入 5  五、教育支出 33 
六、其他收入 6  六、科学技术支出 34 
 7  七、文化体育与传媒支出 35 
 8  八、社会保障和就业支出 36 499,610.00
 9  九、医疗卫生与计划生育支出 37 
 10  十、节能环保支出 38 
 11  十一、城乡社区支出 39 
 12  十二、农林水支出 40 
 13  十三、交通运输支出 41 
 14  十四、资源勘探信息等支出 42 
 15  十五、商业服务业等支出 43 
 16  十六、金融支出 44 
 17  十七、援助其他地区支出 45 
 18  十八、国土海洋气象等支出 46 
 19  十九、住房保障支出 47 
 20  二十、粮油物资储备支出 48 
 21  二十一、其他支出 49 
 22  二十二、债务还本支出 50 
本年收入合计 23 2,499,610.00 本年支出合计 51 2,499,610.00
用事业基金弥补收支差额 24  结余分配 52 
年初结转和结余 25 10,000.00 年末结转和结余 53 10,000.00
 26   54 
总计 27 2,509,610.00 总计 55 2,509,610.00
注：本表反映部门本年度的总收支和年末结转结余情况。
`;

// 国有资本经营预算财政拨款收入支出决算表: 08 printed with 07's six columns.
const t08wide = `国有资本经营预算财政拨款收入支出决算表
公开08表
部门名称：某某县国资局 2023年度 金额单位：万元
项目 年初结转和结余 本年收入 本年支出 年末结转和结余
科目代码 科目名称 小计 基本支出 项目支出
栏次 1 2 3 4 5 6
合计 1.00 20.00 18.00  18.00 3.00
223 国有资本经营预算支出 1.00 20.00 18.00  18.00 3.00
22301 解决历史遗留问题及改革成本支出 1.00 20.00 18.00  18.00 3.00
注：本表反映部门本年度国有资本经营预算财政拨款收入支出及结转和结余情况。
`;

describe('page furniture and blank cells', () => {
  it('a running page header printed on fewer than three pages is not part of the next row', async () => {
    const r = await transformText(`部门决算公开相关信息统计表
公开10表
单位名称：某某县民政局 2023年度 金额单位：万元
项目 行次 统计数
合计 1 10.00
-5-
某某县民政局2023年部门决算公开报告
货物 2 10.00
注：本表反映部门本年度政府采购情况。
`);
    expect(r.tables[0].rows.map((x) => [x.key, x.rowNo])).toEqual([
      ['合计', 1],
      ['货物', 2],
    ]);
  });

  it('a 合计 row with its first column blank keeps it blank', async () => {
    const r = await transformText(`政府性基金预算财政拨款收入支出决算表
公开07表
部门名称：某某县民政局 2023年度
单位:万元
科目代码 科目名称 小计 基本支出 项目支出
栏次 1 2 3 4 5 6
合计  200.00 150.00 100.00 50.00 50.00
212 城乡社区支出  200.00 150.00 100.00 50.00 50.00
注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。
`);
    expect([1, 2, 3, 4, 5, 6].map((c) => cell(r, '07', '合计', c))).toEqual([undefined, '2000000.00', '1500000.00', '1000000.00', '500000.00', '500000.00']);
    expect(r.checks.filter((c) => !c.passed && c.kind !== 'completeness')).toEqual([]);
  });

  it('a department name wrapped before its year is read whole', async () => {
    const r = await transformText(`支出决算表
公开03表
部门名称：某某县人民政府
办公室 2023年度 金额单位：万元
栏次 1 2 3 4 5 6
合计 1.00 1.00    
注：本表反映部门本年度各项支出情况。
`);
    expect(r.department).toBe('某某县人民政府办公室');
  });
});

describe('fund tables printed with balances', () => {
  it('maps the six columns of a 收入支出 08 onto 合计/基本/项目 and the balances', async () => {
    const r = await transformText(t08wide);
    expect([1, 2, 3, 4, 5, 6].map((c) => cell(r, '08', '22301', c))).toEqual(['180000.00', undefined, '180000.00', '10000.00', '200000.00', '30000.00']);
    expect(r.lineItems.find((li) => li.col_no === 4)?.col_label).toBe('年初结转和结余');
    expect(r.checks.filter((c) => !c.passed && c.kind !== 'completeness')).toEqual([]);
    expect(r.checks.filter((c) => c.kind === 'row_total').map((c) => c.description)).toContain('08 22301: col1 = col2+col3');
  });
});

describe('two tables for one template number', () => {
  const t05wide = `一般公共预算财政拨款收入支出决算表
部门名称：某某局 2023年度 金额单位：万元
项目 年初结转和结余 本年收入 本年支出 年末结转和结余
科目代码 科目名称 小计 基本支出 项目支出
栏次 1 2 3 4 5 6
合计 0.50 3,000 3,000 1,000 2,000 0.50
201 一般公共服务支出 0.50 3,000 3,000 1,000 2,000 0.50
注：本表反映部门本年度一般公共预算财政拨款收入支出及结转和结余情况。
`;
  it('reads a 05 printed as 收入支出 (six columns) into 合计/基本/项目 and the balances', async () => {
    const r = await transformText(t05wide);
    expect([1, 2, 3, 4, 5, 6].map((c) => cell(r, '05', '201', c))).toEqual(['30000000.00', '10000000.00', '20000000.00', '5000.00', '30000000.00', '5000.00']);
  });
  it('prefers the table with the template\'s own title when a report prints both', async () => {
    const r = await transformText(t05wide + t05('万元', '2010402 一般行政管理事务 2,000  2,000'));
    expect(r.tables.map((t) => [t.code, t.title])).toEqual([['05', '一般公共预算财政拨款支出决算表']]);
    expect(cell(r, '05', '2010402', 3)).toBe('20000000.00');
  });
});

describe('earlier template years', () => {
  it('learns where the expenditure side\'s 行次 start, and keys rows by their labels', async () => {
    const r = await transformText(t01older);
    const rows = r.tables[0].rows;
    expect(rows.filter((x) => x.side === 'expenditure').map((x) => x.rowNo).slice(0, 3)).toEqual([29, 30, 31]);
    expect(rows.filter((x) => x.side === 'income').map((x) => x.rowNo)).toEqual([1, 2, 3, 4, 5, 6, 23, 24, 25, 27]);
    expect(cell(r, '01', '财政拨款收入', 1)).toBe('2449610.00');
    expect(cell(r, '01', '201', 2)).toBe('2000000.00');
    expect(cell(r, '01', '208', 2)).toBe('499610.00');
    expect(cell(r, '01', 'expenditure:总计', 2)).toBe('2509610.00');
    expect(r.department).toBe('某某县招商服务中心');
    expect(r.checks.filter((c) => c.table_code === '01' && c.kind !== 'completeness').map((c) => [c.subject, c.passed])).toEqual([
      ['income:本年合计/col1', true],
      ['income:总计/col1', true],
      ['expenditure:本年合计/col2', true],
      ['expenditure:总计/col2', true],
      ['总计', true],
    ]);
  });
});

describe('tables of contents and continued tables', () => {
  const sample = readFileSync(path.join(RAW, '000_8a1d53abbfd78672.txt'), 'utf8');
  const cells = (r: Awaited<ReturnType<typeof transformText>>) => r.tableStatus.map((t) => t.cell_count);

  it('a table of contents naming each table with its 公开NN表 marker hides no table', async () => {
    const toc = ['目录', '一、收入支出决算总表（公开01表）', '二、收入决算表（公开02表）', '三、支出决算表（公开03表）', '公开04表 财政拨款收入支出决算总表', '公开05表 一般公共预算财政拨款支出决算表', ''].join('\n');
    const [plain, withToc] = await Promise.all([transformText(sample), transformText(toc + sample)]);
    expect(cells(withToc)).toEqual(cells(plain));
    expect(cells(plain).slice(0, 6).every((n) => n > 0)).toBe(true);
  });

  it('a table continued under its title printed another way ("收入决算表 公开02表") stays one table', async () => {
    const lines = sample.split('\n');
    const at = lines.findIndex((l) => l.startsWith('206 '));
    expect(lines[at - 1].startsWith('2010499') || lines.slice(at - 6, at).some((l) => /2010499/.test(l))).toBe(true);
    lines.splice(at, 0, '-6-', '收入决算表 公开02表', '部门名称：长治市屯留区发展改革和科学技术局 2023年度 金额单位：万元', '栏次 1 2 3 4 5 6 7');
    const r = await transformText(lines.join('\n'));
    expect(r.tables.filter((t) => t.code === '02')[0].rows.map((x) => x.key)).toContain('2210201');
    expect(cell(r, '02', '206', 1)).toBe('2300000.00');
    expect(r.checks.filter((c) => c.table_code === '02' && !c.passed)).toEqual([]);
  });
});

describe('spacing that is not a cell', () => {
  const sample = readFileSync(path.join(RAW, '000_8a1d53abbfd78672.txt'), 'utf8');

  it('06: a stray space before an amount or after a wrapped name line keeps the amount', async () => {
    for (const text of [sample.replace('30101   基本工资 219.40', '30101   基本工资  219.40'), sample.replace('  机关事业单位基本养老保\n', '  机关事业单位基本养老保 \n')]) {
      const r = await transformText(text);
      expect([cell(r, '06', '30101', 1), cell(r, '06', '30108', 1)]).toEqual(['2194000.00', '582600.00']);
      expect(r.checks.filter((c) => c.table_code === '06' && !c.passed)).toEqual([]);
    }
  });

  it('01 printed income side first, then the expenditure side continuing its 行次', async () => {
    const income = ['一、一般公共预算财政拨款收入 1 100.00', ...Array.from({ length: 25 }, (_, i) => `${i + 2}  `), '本年收入合计 27 100.00', '使用非财政拨款结余和专用结余 28  ', '年初结转和结余 29  ', '30  ', '总计 31 100.00'];
    const spending = ['一、一般公共服务支出 32 60.00', '二、外交支出 33 40.00', ...Array.from({ length: 24 }, (_, i) => `${i + 34}  `), '本年支出合计 58 100.00', '结余分配 59  ', '年末结转和结余 60  ', '61  ', '总计 62 100.00'];
    const r = await transformText(['收入支出决算总表', '公开01表', '部门名称：某某局 2023年度', '金额单位：万元', '项目 行次 金额', '栏次 1', '收入', ...income, '支出', ...spending, '注：本表反映部门本年度的总收支。'].join('\n'));
    expect([cell(r, '01', '201', 2), cell(r, '01', '202', 2), cell(r, '01', 'expenditure:总计', 2)]).toEqual(['600000.00', '400000.00', '1000000.00']);
    expect(r.checks.filter((c) => c.table_code === '01' && !c.passed && c.kind !== 'completeness')).toEqual([]);
  });
});

describe('table 10 counts', () => {
  it('equipment rows count 台套 even though their label mentions 车辆', async () => {
    const r = await transformText(`部门决算公开相关信息统计表
公开10表
单位名称：某某局 2023年度 金额单位：万元
一、政府采购情况
项目 行次 统计数
合计 1 10.00
货物 2 10.00
工程 3  
服务 4  
二、机关运行经费
项目  统计数
（一）行政单位 5 1.50
（二）参照公务员法管理事业单位 6  
三、国有资产占用情况
（一）车辆数合计（辆） 7 2
 1.副部（省）级及以上领导用车 8  
 2.主要负责人用车 9  
 3.机要通信用车 10  
 4.应急保障用车 11  
 5.执法执勤用车 12  
 6.特种专业技术用车 13  
 7.离退休干部服务用车 14  
 8.其他用车 15 2
（二）单价100万元（含）以上设备（不含车辆） 17 3
注：本表反映部门本年度政府采购、机关运行经费和国有资产占用情况。
`);
    const units = r.lineItems.map((x) => [x.row_no, x.amount_yuan, x.quantity, x.reported_unit]);
    expect(units).toEqual([
      [1, '100000.00', null, '万元'],
      [2, '100000.00', null, '万元'],
      [5, '15000.00', null, '万元'],
      [7, null, '2.00', '辆'],
      [15, null, '2.00', '辆'],
      [17, null, '3.00', '台套'],
    ]);
  });
});

describe('report status', () => {
  it('a report missing standard tables is loaded as partial, naming them', async () => {
    const bytes = new TextEncoder().encode(t03);
    const r = await processFile({ sourcePath: 'only03.txt', bytes, sha256: sha256Hex(bytes) });
    expect(r.status).toBe('partial');
    expect(r.rows.reports[0].status_detail).toBe('tables not found or not parsed: 01, 02, 04, 05, 06, 07, 08, 09');
  });

  it('requires table 10 only of a report that names it', async () => {
    const toc = '目录\n十、部门决算公开相关信息统计表\n';
    const bytes = new TextEncoder().encode(toc + t03);
    const r = await processFile({ sourcePath: 'toc.txt', bytes, sha256: sha256Hex(bytes) });
    expect(r.rows.reports[0].status_detail).toBe('tables not found or not parsed: 01, 02, 04, 05, 06, 07, 08, 09, 10');
    const nine = await transformText(t03);
    expect(nine.checks.filter((c) => c.kind === 'completeness').map((c) => c.table_code)).toEqual(['01', '02', '04', '05', '06', '07', '08', '09']);
  });
});
