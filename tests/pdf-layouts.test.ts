// PDFs in the national layout (公开NN表, 行次, 栏次): pdf.js gives positioned text without
// empty cells, and multi-line cells put their lines above and below the row's baseline. The
// 栏次 line says where each column is; these generated pages check that every amount lands in
// its column and every wrapped label is read whole.
import { describe, expect, it } from 'vitest';
import { extract } from '../extract/index.js';
import { transform, type TransformResult } from '../transform/index.js';
import { makeCjkPdf, tableItems, type PdfText } from './fixtures.js';
import { cell } from './helpers.js';

const header = (title: string, marker: string, unit = '金额单位：万元'): PdfText[] => [
  { x: 220, y: 40, text: title, size: 14 },
  { x: 500, y: 58, text: marker },
  { x: 40, y: 72, text: '部门名称：某某县民政局' },
  { x: 300, y: 72, text: '2023年度' },
  { x: 450, y: 72, text: unit },
];

// 收入支出决算总表: 项目 | 行次 | 金额 | 项目 | 行次 | 金额.
const t01 = tableItems(
  [
    ['收入', '', '', '支出', '', ''],
    ['项目', '行次', '金额', '项目', '行次', '金额'],
    ['栏次', '', '1', '栏次', '', '2'],
    ['一、一般公共预算财政拨款\n收入', '1', '100.00', '一、一般公共服务支出', '32', '60.00'],
    ['二、政府性基金预算财政拨\n款收入', '2', '', '二、社会保障和就业支出', '33', '40.00'],
    ['三、事业收入', '3', '5.00', '三、住房保障支出', '34', ''],
    ['', '4', '', '', '35', ''],
    ['本年收入合计', '5', '105.00', '本年支出合计', '36', '100.00'],
    ['使用非财政拨款结余和专用\n结余', '6', '', '结余分配', '37', ''],
    ['年初结转和结余', '7', '2.00', '年末结转和结余', '38', '7.00'],
    ['总计', '8', '107.00', '总计', '39', '107.00'],
  ],
  [190, 215, 275, 420, 445, 505],
  90,
);

// 支出决算表: code | name | six numbered columns, wrapped names and headers.
const t03 = tableItems(
  [
    ['项目', '', '本年支出\n合计', '基本支出', '项目支出', '上缴上级\n支出', '经营支出', '对附属单\n位补助支\n出'],
    ['科目代码', '科目名称', '', '', '', '', '', ''],
    ['栏次', '', '1', '2', '3', '4', '5', '6'],
    ['合计', '', '100.00', '30.00', '70.00', '', '', ''],
    ['201', '一般公共服务支\n出', '60.00', '20.00', '40.00', '', '', ''],
    ['20101', '人大事务', '60.00', '20.00', '40.00', '', '', ''],
    ['2010101', '行政运行', '20.00', '20.00', '', '', '', ''],
    ['2010199', '其他人大事务支\n出', '40.00', '', '40.00', '', '', ''],
    ['208', '社会保障和就业\n支出', '40.00', '10.00', '30.00', '', '', ''],
    ['20805', '行政事业单位养\n老支出', '40.00', '10.00', '30.00', '', '', ''],
    ['2080505', '机关事业单位基\n本养老保险缴费\n支出', '10.00', '10.00', '', '', '', ''],
    ['2080599', '其他行政事业单\n位养老支出', '30.00', '', '30.00', '', '', ''],
  ],
  [80, 170, 230, 290, 350, 410, 470, 530],
  90,
);

// 三公: one row of twelve columns under "1 2 … 12", blank cells among them.
const t09 = tableItems(
  [
    ['预算数', '', '', '', '', '', '决算数', '', '', '', '', ''],
    ['合计', '因公出国\n（境）费', '小计', '公务用车\n购置费', '公务用车\n运行维护\n费', '公务接待\n费', '合计', '因公出国\n（境）费', '小计', '公务用车\n购置费', '公务用车\n运行维护\n费', '公务接待\n费'],
  ],
  [80, 120, 160, 200, 240, 280, 320, 360, 400, 440, 480, 520],
  90,
).concat(
  ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].map((n, i) => ({ x: 40 + i * 40 + 20, y: 160, text: n, align: 'center' as const })),
  ['5.00', '', '4.00', '', '4.00', '1.00', '3.20', '', '2.80', '', '2.80', '0.40'].flatMap((v, i) => (v ? [{ x: 78 + i * 40, y: 178, text: v, align: 'right' as const }] : [])),
);

async function parse(pages: PdfText[][], landscape = false): Promise<TransformResult> {
  return transform(await extract(makeCjkPdf(pages, landscape ? { width: 842, height: 595 } : undefined), 'layout.pdf'));
}

const identityFailures = (r: TransformResult) => r.checks.filter((c) => !c.passed && ['row_total', 'hierarchy', 'table_total', 'cross_table', 'column_placement'].includes(c.kind));

describe('national-layout PDF', () => {
  it('places each amount of 收入支出决算总表 by its column and joins wrapped labels', async () => {
    const r = await parse([[...header('收入支出决算总表', '公开01表'), ...t01]]);
    expect(r.layout).toBe('national');
    const rows = r.tables.find((t) => t.code === '01')!.rows;
    expect(rows.filter((x) => x.side === 'income').map((x) => [x.rowNo, x.label])).toEqual([
      [1, '一、一般公共预算财政拨款收入'],
      [2, '二、政府性基金预算财政拨款收入'],
      [3, '三、事业收入'],
      [5, '本年收入合计'],
      [6, '使用非财政拨款结余和专用结余'],
      [7, '年初结转和结余'],
      [8, '总计'],
    ]);
    expect(cell(r, '01', '一般公共预算财政拨款收入', 1)).toBe('1000000.00');
    expect(cell(r, '01', '政府性基金预算财政拨款收入', 1)).toBeUndefined();
    expect(cell(r, '01', '201', 2)).toBe('600000.00');
    expect(cell(r, '01', '221', 2)).toBeUndefined();
    expect(cell(r, '01', '年末结转和结余', 2)).toBe('70000.00');
    expect(r.lineItems.filter((li) => li.table_code === '01')).toHaveLength(10);
    expect(identityFailures(r)).toEqual([]);
  });

  it('puts blank cells of 支出决算表 where the 栏次 columns have no number', async () => {
    const r = await parse([[...header('支出决算表', '公开03表'), ...t03]]);
    const rows = r.tables.find((t) => t.code === '03')!.rows;
    expect(rows.map((x) => [x.key, x.label])).toEqual([
      ['合计', '合计'],
      ['201', '一般公共服务支出'],
      ['20101', '人大事务'],
      ['2010101', '行政运行'],
      ['2010199', '其他人大事务支出'],
      ['208', '社会保障和就业支出'],
      ['20805', '行政事业单位养老支出'],
      ['2080505', '机关事业单位基本养老保险缴费支出'],
      ['2080599', '其他行政事业单位养老支出'],
    ]);
    expect([1, 2, 3].map((c) => cell(r, '03', '2080599', c))).toEqual(['300000.00', undefined, '300000.00']);
    expect([1, 2, 3].map((c) => cell(r, '03', '2010101', c))).toEqual(['200000.00', '200000.00', undefined]);
    expect(identityFailures(r)).toEqual([]);
  });

  it('reads a 合计 letter-spaced across its cell, in one item or several', async () => {
    for (const total of ['合    计', '合　　计', '合 计']) {
      const body = tableItems(
        [
          ['栏次', '', '1', '2', '3', '4', '5', '6'],
          [total, '', '100.00', '30.00', '70.00', '', '', ''],
          ['201', '一般公共服务支出', '100.00', '30.00', '70.00', '', '', ''],
        ],
        [80, 170, 230, 290, 350, 410, 470, 530],
        90,
      );
      const r = await parse([[...header('支出决算表', '公开03表'), ...body]]);
      expect([1, 2, 3].map((c) => cell(r, '03', '合计', c)), total).toEqual(['1000000.00', '300000.00', '700000.00']);
    }
  });

  it('reads the twelve 三公 columns with blank ones among them', async () => {
    const r = await parse([[...header('财政拨款“三公”经费支出决算表', '公开09表'), ...t09]]);
    expect(Array.from({ length: 12 }, (_, i) => cell(r, '09', '1', i + 1))).toEqual([
      '50000.00', undefined, '40000.00', undefined, '40000.00', '10000.00', '32000.00', undefined, '28000.00', undefined, '28000.00', '4000.00',
    ]);
    expect(identityFailures(r)).toEqual([]);
  });

  it('reads the tables of a report whatever page they are on, with 01 and 03 agreeing', async () => {
    const r = await parse([
      [...header('收入支出决算总表', '公开01表'), ...t01],
      [...header('支出决算表', '公开03表'), ...t03],
    ]);
    expect(r.tableStatus.filter((t) => t.status === 'parsed').map((t) => t.table_code)).toEqual(['01', '03']);
    expect(r.checks.filter((c) => c.kind === 'cross_table').map((c) => [c.subject, c.passed])).toEqual([
      ['01 本年支出合计 = 03 合计 col1', true],
      ['201', true],
      ['208', true],
    ]);
    expect(identityFailures(r)).toEqual([]);
  });
});

describe('Shanghai-layout PDF', () => {
  // 国有资本经营预算财政拨款收入支出决算表 as Shanghai prints it (no 公开NN表, no 栏次): the
  // header's words over each right-aligned number column say which column it is.
  const at = (x: number, y: number, text: string, align: PdfText['align'] = 'left'): PdfText => ({ x, y, text, align });
  const page: PdfText[] = [
    at(321, 101, '国有资本经营预算财政拨款收入支出决算表'),
    at(699, 117, '单位:万元'),
    at(40, 125, '部门:上海市某某区国资委'),
    at(167, 137, '项目'),
    at(312, 148, '年初结转和'), at(712, 148, '年末结转和'),
    at(394, 156, '本年收入'), at(551, 156, '本年支出'),
    at(103, 161, '功能分类'), at(328, 164, '结余'), at(728, 164, '结余'),
    at(187, 168, '科目名称'), at(103, 176, '科目编码'),
    at(485, 184, '合计'), at(551, 184, '基本支出'), at(627, 184, '项目支出'),
    at(103, 205, '合计'),
    ...[['1.00', 370], ['20.00', 450], ['18.00', 520], ['18.00', 670], ['3.00', 770]].map(([v, x]) => at(Number(x), 205, String(v), 'right')),
    at(103, 225, '223'), at(187, 225, '国有资本经营预算支出'),
    ...[['1.00', 370], ['20.00', 450], ['18.00', 520], ['18.00', 670], ['3.00', 770]].map(([v, x]) => at(Number(x), 225, String(v), 'right')),
    at(103, 245, '22301'), at(187, 245, '解决历史遗留问题及改革成本支出'),
    ...[['1.00', 370], ['20.00', 450], ['18.00', 520], ['2.00', 595], ['16.00', 670], ['3.00', 770]].map(([v, x]) => at(Number(x), 245, String(v), 'right')),
    at(72, 293, '注:本表反映部门本年度国有资本经营预算财政拨款收入支出及结转和结余情况。'),
  ];

  it('maps the columns of a 收入支出 08 by the header words above them', async () => {
    const r = await parse([page], true);
    expect(r.layout).toBe('shanghai');
    expect([1, 2, 3, 4, 5, 6].map((c) => cell(r, '08', '22301', c))).toEqual(['180000.00', '20000.00', '160000.00', '10000.00', '200000.00', '30000.00']);
    expect([1, 2, 3, 4, 5, 6].map((c) => cell(r, '08', '合计', c))).toEqual(['180000.00', undefined, '180000.00', '10000.00', '200000.00', '30000.00']);
    // The edited row breaks 合计 = Σ 类 in 基本支出 and 项目支出, and 类 = Σ 款: the checks say so.
    const failing = identityFailures(r).map((c) => c.subject);
    expect(failing).toEqual(expect.arrayContaining(['223/col2', '223/col3']));
  });
});
