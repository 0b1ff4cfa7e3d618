// Performance appendices (项目支出绩效自评表 / 绩效目标申报表). Expected values are checked by hand
// against the source text; the line numbers are those of the sample files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../extract/index.js';
import type { Line } from '../extract/lines.js';
import type { TableSpec } from '../schemas/contract.js';
import { performanceIndicators, performanceProjects } from '../schemas/performance.js';
import { extractPerformance, parseIndicatorValue, percentRounded, type PerformanceIndicator, type PerformanceResult } from '../transform/performance/index.js';
import { parseDecimal } from '../transform/decimal.js';
import { RAW } from './helpers.js';

const SAMPLES = ['000_8a1d53abbfd78672.txt', '001_fb039c7f287ddd42.txt', '002_9ab8174854570465.txt', '003_0de3fbbbee820dbe.txt', '004_d2f6334a83d0837c.txt', 'sh-putuo-caizhengju-2024-juesuan.pdf'];
const results: Record<string, PerformanceResult> = {};

beforeAll(async () => {
  for (const f of SAMPLES) {
    const file = path.join(RAW, f);
    results[f] = extractPerformance((await extract(new Uint8Array(readFileSync(file)), file)).lines);
  }
});

const project = (f: string, i: number) => results[f].projects.find((p) => p.project_index === i)!;
const indicators = (f: string, i: number) => results[f].indicators.filter((x) => x.project_index === i);
/** The cells of an indicator as one comparable row. */
const cells = (x: PerformanceIndicator) => [x.level1, x.level2, x.level3, x.target_text, x.adjusted_text, x.actual_text, x.full_score, x.score, x.deviation_reason];

/** Rows must satisfy the data contract (report_id is added by the loader). */
function conforms(spec: TableSpec, row: object): void {
  const full = { report_id: '0123456789abcdef', ...row } as Record<string, unknown>;
  expect(Object.keys(full).sort()).toEqual(Object.keys(spec.columns).sort());
  for (const [name, col] of Object.entries(spec.columns)) {
    const r = col.schema.safeParse(full[name]);
    expect(r.success, `${spec.name}.${name} = ${JSON.stringify(full[name])}`).toBe(true);
  }
}

describe('every sample', () => {
  // Projects and indicators counted by hand in the source (each 自评表 or 申报表, each of its
  // indicator rows); failing checks read against the source (003's 总分, see the golden tests).
  // The number of checks is a snapshot of the program's output (checks per project depend on
  // what each table prints), kept to notice a change.
  it.each([
    ['000_8a1d53abbfd78672.txt', 4, 24, 20, 0],
    ['001_fb039c7f287ddd42.txt', 8, 52, 30, 0], // 6 自评表 + 2 申报表
    ['002_9ab8174854570465.txt', 16, 116, 82, 0], // 15 of the 16 split across pages
    ['003_0de3fbbbee820dbe.txt', 6, 57, 30, 1], // markdown
    ['004_d2f6334a83d0837c.txt', 8, 48, 40, 0],
    ['sh-putuo-caizhengju-2024-juesuan.pdf', 0, 0, 0, 0], // no appendix in the Shanghai report
  ])('%s: %i tables, %i indicators, %i checks, %i failing', (f, p, n, c, failing) => {
    const r = results[f];
    expect(r.projects.length).toBe(p);
    expect(r.indicators.length).toBe(n);
    expect(r.checks.length).toBe(c);
    expect(r.checks.filter((x) => !x.passed).length).toBe(failing);
    expect(r.projects.map((x) => x.project_index)).toEqual(r.projects.map((_, i) => i + 1));
    for (const x of r.projects) {
      conforms(performanceProjects, x);
      expect(x.indicator_count).toBe(r.indicators.filter((i) => i.project_index === x.project_index).length);
    }
    for (const x of r.indicators) conforms(performanceIndicators, x);
    expect(new Set(r.checks.map((x) => x.check_id)).size).toBe(r.checks.length);
    for (const x of r.checks) expect(x.kind).toBe('performance');
  });

  it('finds every table by its 项目名称 row, with the name as printed or completed from the right half', () => {
    expect(results['002_9ab8174854570465.txt'].projects.map((p) => p.project_name)).toEqual([
      '2021-2022年“以电代煤”冬季清洁取暖运行补贴资金',
      '2023年公建单位职工养老保险和医疗保险', // left "2023年公建单位职工养老保险" + right "3年公建单位职工养老保险和医疗保险"
      '2023年区营企业离退厂级正职人员生活补贴',
      '2023年遗属补助经费',
      '毕贵才死亡后丧葬费和抚恤金',
      '“以电代煤”冬季清洁取暖运行补贴资金',
      '“以电代煤”清洁取暖改造资金',
      '瑞赛格2023年2月区级留成奖补资金',
      '瑞赛格2023年1月市级、区级留成奖补资金',
      '瑞赛格2022年12月市级、区级留成奖补资金',
      '瑞赛格2022年6至11月省级和11月市级区级留成奖补资金',
      '瑞赛格2022年5月区级留成奖补资金',
      '工信局宣传经费',
      '工信局办公运行经费',
      '冬季清洁取暖“以电代煤”配套电网补贴',
      '新冠肺炎疫情防控企业民兵临时性工作补助',
    ]);
    expect(results['002_9ab8174854570465.txt'].projects.map((p) => p.split_across_pages)).toEqual([false, ...new Array(15).fill(true)]);
    // Grades as printed beside 总分; 003 agrees with its narrative: 4 优, 1 良, 0 中, 1 差 (line 525).
    expect(results['003_0de3fbbbee820dbe.txt'].projects.map((p) => p.grade)).toEqual(['优', '优', '良', '优', '优', '差']);
  });
});

describe('000 长治市屯留区疫情应急物资 (lines 1730–1873, one page, text)', () => {
  const F = '000_8a1d53abbfd78672.txt';

  it('project row', () => {
    // 1748: 资金总额： 368 368 368 365.184 2.816 99.23 9.92 (万元)
    // 1814: 总 分 98.92 优
    expect(project(F, 3)).toMatchObject({
      form: 'self_evaluation',
      title: '长治市屯留区疫情应急物资项目支出绩效自评表(2023年度)',
      project_name: '长治市屯留区疫情应急物资',
      department_code: '030',
      department_name: '长治市屯留区发展改革和科学技术局',
      unit_code: '030001',
      unit_name: '长治市屯留区发展改革和科学技术局',
      money_unit: '万元',
      initial_budget_yuan: null,
      target_declared_yuan: '3680000.00',
      budget_compiled_yuan: '3680000.00',
      annual_budget_yuan: '3680000.00',
      executed_yuan: '3651840.00',
      balance_yuan: '28160.00',
      execution_rate: '99.23',
      funding_score: '9.92',
      total_score: '98.92',
      grade: '优',
      indicator_count: 6,
      split_across_pages: false,
      source_line: 1730,
      // 年度目标 and 实际完成情况 are two columns whose wrapped lines alternate blocks (1759–1768).
      annual_goal: null,
      actual_completion: null,
    });
    expect(project(F, 3).goals_text).toMatch(/^去冬以来.*\n.*防疫物资需求 \.$/s);
    expect(project(F, 3).notes).toMatch(/interleave/);
    // 1750: 市县区财政资金 368 368 368 365.184 2.816 99.23 9.92
    expect(JSON.parse(project(F, 3).funding_sources!)).toEqual([
      { label: '市县区财政资金', target_declared_yuan: '3680000.00', budget_compiled_yuan: '3680000.00', initial_budget_yuan: null, annual_budget_yuan: '3680000.00', executed_yuan: '3651840.00', balance_yuan: '28160.00', execution_rate: '99.23', funding_full_score: null, funding_score: '9.92' },
    ]);
  });

  it('indicators, with the unreadable run-together cells NULL', () => {
    expect(indicators(F, 3).map(cells)).toEqual([
      ['产出指标', '数量指标', '保障天数', '≥30天', '≥30天', '≥30天', '20', '20', null], // 1790
      // 1792: "质量指标 符合质量标准符合国家相关符合国家相关标达成预期指标10 10": four cells run together, cut at their edges
      ['产出指标', '质量指标', null, null, null, null, '10', '10', null],
      ['产出指标', '时效指标', '交货时效', '及时', '及时', '达成预期指标', '10', '10', null], // 1794
      ['产出指标', '成本指标', '采购成本', '≤400万元', '≤400万元', '≤365.18万元', '10', '9', '按照采购金额完成支付,资金继续使用。'], // 1796
      // 1804: "保障物资需求满足阶段性疫情防满足阶段性疫情防控达成预期指标30 30"
      ['效益指标', '社会效益指标', null, null, null, null, '30', '30', null],
      ['满意度指标', '服务对象满意度指标', '群众满意度', '≥85%', '≥85%', '≥85%', '10', '10', null], // 1812
    ]);
    const cost = indicators(F, 3)[3];
    expect([cost.target_comparator, cost.target_number, cost.target_unit, cost.target_amount_yuan]).toEqual(['≤', '400', '万元', '4000000.00']);
    expect([cost.actual_number, cost.actual_amount_yuan]).toEqual(['365.18', '3651800.00']);
    expect(indicators(F, 3)[1].null_reason).toMatch(/1 piece\(s\) for the 4 columns/);
    expect(indicators(F, 3)[1].raw_text).toBe('质量指标 符合质量标准符合国家相关符合国家相关标达成预期指标10 10');
    expect(indicators(F, 3)[0].source_line).toBe(1790);
  });

  it('two values run together ("≤200000元≤200000元") are split at their comparators, not undoubled as bold text', () => {
    // 1941: "成本指标 运行成本 ≤200000元≤200000元 ≤6120元 10 5 人防工作正常开展并还需持续开展"
    const x = results[F].indicators.find((i) => i.source_line === 1941)!;
    expect(cells(x)).toEqual(['产出指标', '成本指标', '运行成本', '≤200000元', '≤200000元', '≤6120元', '10', '5', '人防工作正常开展并还需持续开展']);
    expect([x.target_amount_yuan, x.actual_amount_yuan, x.null_reason]).toEqual(['200000.00', '6120.00', null]);
    expect(x.raw_text).toBe('成本指标 运行成本 ≤200000元≤200000元 ≤6120元 10 5 人防工作正常开展并还需持续开展');
  });

  it('checks pass: 365.184 + 2.816 = 368; 365.184 / 368 = 99.23%; 总分 89 + 9.92 = 98.92', () => {
    const checks = results[F].checks.filter((c) => c.check_id.startsWith('performance:3:'));
    expect(checks.map((c) => [c.check_id, c.expected, c.actual, c.passed])).toEqual([
      ['performance:3:balance:资金总额', '3680000.00', '3680000.00', true],
      ['performance:3:rate:资金总额', '99.23', '99.23', true],
      ['performance:3:balance:市县区财政资金', '3680000.00', '3680000.00', true],
      ['performance:3:rate:市县区财政资金', '99.23', '99.23', true],
      ['performance:3:total_score', '98.92', '98.92', true],
    ]);
  });
});

describe('002 2023年公建单位职工养老保险和医疗保险 (split across pages: left 1527–1648, right 1656–1709)', () => {
  const F = '002_9ab8174854570465.txt';

  it('project row reassembled from both halves', () => {
    // Left 1543: 资金总额: 51 51 51 (目标申报数 预算编制数 全年预算数); right 1667: 10.505 40.495 20.6 2.06
    // (全年执行数 资金结(转)余 执行率 得分); right 1691: 87.06 良; 预算单位 only on the right (1661).
    expect(project(F, 2)).toMatchObject({
      project_name: '2023年公建单位职工养老保险和医疗保险',
      department_code: '031',
      department_name: '长治市屯留区工业和信息化局',
      unit_code: '031001',
      unit_name: '长治市屯留区工业和信息化局',
      money_unit: '万元',
      target_declared_yuan: '510000.00',
      budget_compiled_yuan: '510000.00',
      annual_budget_yuan: '510000.00',
      executed_yuan: '105050.00',
      balance_yuan: '404950.00',
      execution_rate: '20.6',
      funding_score: '2.06',
      total_score: '87.06',
      grade: '良',
      split_across_pages: true,
      indicator_count: 6,
      source_line: 1527,
      // Left half 1556–1559 (年度目标), right half 1675–1676 (实际完成情况): each a column of its own.
      annual_goal: '根据中共长治市屯留区区委专题会议纪要精神,由企业主管部门负责办理公建单位职工养老和医疗保险单位部分,经初步测算,2023年养老保险为5万元,医疗保险为46万,共计51万。',
      actual_completion: '根据中共长治市屯留区委书记专题会议纪要精神,由企业主管部门负责办理公建单位职工养老和医疗保险单位部分',
      goals_text: null,
    });
    // Left 1545/1547 and right 1669/1671: 中央财政资金 0 0 46 | 0 46 0.00 0.00; 市县区财政资金 51 51 5 | 10.505 -5.505 210.10 21.01
    expect(JSON.parse(project(F, 2).funding_sources!)).toEqual([
      { label: '中央财政资金', target_declared_yuan: '0.00', budget_compiled_yuan: '0.00', initial_budget_yuan: null, annual_budget_yuan: '460000.00', executed_yuan: '0.00', balance_yuan: '460000.00', execution_rate: '0.00', funding_full_score: null, funding_score: '0.00' },
      { label: '市县区财政资金', target_declared_yuan: '510000.00', budget_compiled_yuan: '510000.00', initial_budget_yuan: null, annual_budget_yuan: '50000.00', executed_yuan: '105050.00', balance_yuan: '-55050.00', execution_rate: '210.10', funding_full_score: null, funding_score: '21.01' },
    ]);
  });

  it('indicators: 分值 from the left half, 得分 and 偏差原因 from the right half, line by line', () => {
    expect(indicators(F, 2).map(cells)).toEqual([
      ['产出指标', '数量指标', '公建单位企业数量', '=5家', '=5家', '=5家', '20', '20', null], // 1581 | 1680
      ['产出指标', '质量指标', null, null, null, null, '10', '10', null], // 1583 "困难职工生活质量提高|提高|达成预期指标10": 三级 and 年初 run together
      ['产出指标', '时效指标', null, null, null, null, '10', '10', null], // 1585 "养老医疗保险资金及时|及时|达成预期指标10"
      ['产出指标', '成本指标', null, null, null, null, '10', '5', '及时填报成本指标并按要求完成。'], // 1587 | 1686
      ['效益指标', '社会效益指标', null, null, null, null, '30', '30', null], // 1595 "困难职工生活保障保障|保障|达成预期指标30"
      ['满意度指标', '服务对象满意度指标', '受益群体满意度', '≥95%', '≥95%', '≥95%', '10', '10', null], // 1604 | 1689 "|10"
    ]);
  });

  it('checks pass, including the sub-row whose 结余 is negative (10.505 − 5.505 = 5)', () => {
    const checks = results[F].checks.filter((c) => c.check_id.startsWith('performance:2:'));
    expect(checks.every((c) => c.passed)).toBe(true);
    expect(checks.find((c) => c.check_id === 'performance:2:balance:市县区财政资金')).toMatchObject({ expected: '50000.00', actual: '50000.00', difference: '0.00' });
    expect(checks.find((c) => c.check_id === 'performance:2:rate:市县区财政资金')).toMatchObject({ expected: '210.10', actual: '210.10' });
    // 总分 = Σ 得分 20+10+10+5+30+10 = 85 + 资金得分 2.06
    expect(checks.find((c) => c.check_id === 'performance:2:total_score')).toMatchObject({ expected: '87.06', actual: '87.06', passed: true });
  });

  it('a table whose first 二级 label holds two lines, across a page break (瑞赛格2022年6至11月, 12 indicators)', () => {
    // 3150 "数量指标" alone, then two indicator lines (3151, 3153); 3165/3180: 成本指标 again after the page break.
    const rows = indicators(F, 11);
    expect(rows.map((r) => r.level2)).toEqual(['数量指标', '数量指标', '质量指标', '质量指标', '时效指标', '时效指标', '成本指标', '成本指标', '生态效益指标', '生态效益指标', '服务对象满意度指标', '服务对象满意度指标']);
    expect(rows.map((r) => r.score)).toEqual(['10', '10', '5', '5', '5', '5', '5', '5', '15', '15', '5', '5']); // right half 3271–3292
    // 3166: "废钢加工成本≥2800元/每≥2800元/每吨≥2800元/每吨5": 年初 cut at the cell edge
    expect(rows[6]).toMatchObject({ level3: '废钢加工成本', target_text: '≥2800元/每', target_number: null, adjusted_text: '≥2800元/每吨', adjusted_number: '2800', adjusted_unit: '元/每吨', adjusted_amount_yuan: null });
    expect(rows[6].null_reason).toMatch(/cut off/);
  });
});

describe('003 遗属补助 (markdown, lines 701–732)', () => {
  const F = '003_0de3fbbbee820dbe.txt';

  it('project row and indicators from tab-separated cells', () => {
    // 709: ||资金总额:|5.6|5.6|5.6|4.729|0.871|84.45||8.45   720: 总分|||||||93.45||优|
    // 711: 项目年度绩效目标|年度目标按时发放退休人员遗属补助。||||实际完成情况基本实现预期目标。
    expect(project(F, 5)).toMatchObject({
      project_name: '遗属补助',
      department_code: '001',
      department_name: '中国共产党长治市上党区委员会办公室',
      unit_code: '001001',
      target_declared_yuan: '56000.00',
      budget_compiled_yuan: '56000.00',
      annual_budget_yuan: '56000.00',
      executed_yuan: '47290.00',
      balance_yuan: '8710.00',
      execution_rate: '84.45',
      funding_score: '8.45',
      annual_goal: '按时发放退休人员遗属补助。',
      actual_completion: '基本实现预期目标。',
      total_score: '93.45',
      grade: '优',
      notes: null,
    });
    expect(indicators(F, 5).map(cells)).toEqual([
      ['产出指标', '数量指标', '遗属人数', '≠4人', '≠4人', '≠4人', '20', '20', null], // 714
      ['产出指标', '质量指标', '遗属补助应发尽发率', '≠100%', '≠100%', '≠100%', '10', '10', null], // 715
      ['产出指标', '时效指标', '遗属补助发放及时率', '每月一次', '每月一次', '达成预期指标', '10', '10', null], // 716
      ['产出指标', '成本指标', '成本指标', '未填报', '未填报', '达成预期指标', '10', '5', '中期有一人死亡, 后续完善预算编制'], // 717
      ['效益指标', '社会效益指标', '保障遗属正常生活水平', '保障', '保障', '达成预期指标', '30', '30', null], // 718
      ['满意度指标', '服务对象满意度指标', '遗属满意度', '≥98%', '≥98%', '≥98%', '10', '10', null], // 719
    ]);
    expect(indicators(F, 5)[0]).toMatchObject({ target_comparator: '≠', target_number: '4', target_unit: '人' });
  });

  it('label cells the conversion misplaced are NULL, not guessed', () => {
    // 570: |质量指标|时效指标|督查工作完成率|…: two 二级 labels on one line, both 产出指标
    expect(indicators(F, 1)[6]).toMatchObject({ level1: '产出指标', level2: null, level3: '督查工作完成率' });
    // 573: |成本指标|社会效益指标|各项文件处理及时性|…: labels of different 一级指标
    expect(indicators(F, 1)[9]).toMatchObject({ level1: null, level2: null, level3: '各项文件处理及时性' });
    // 652: |满意度指标|服务对象满意度|≥90|≥90|达成预期指标|10|10: one cell for 二级 and 三级
    expect(indicators(F, 3)[8]).toMatchObject({ level1: '满意度指标', level2: null, level3: null, target_text: '≥90', score: '10' });
    expect(indicators(F, 3)[8].null_reason).toMatch(/may be the 二级 or the 三级指标/);
    // 681: |效益指标|成本指标|资金使用规模|…: 成本指标 printed under 效益指标
    expect(indicators(F, 4)[3]).toMatchObject({ level1: null, level2: '成本指标', level3: '资金使用规模', target_amount_yuan: '470800.00', actual_amount_yuan: '215800.00' });
  });

  it('the one failing check: 政研室业务费 prints 总分 100 while its scores add up to 105', () => {
    // 605–616: 得分 5+5+5+5+5+5+5+10+10+10+20+10 = 95 (分值 likewise 95, not 90); 600: 资金总额 … 100|10
    // 617: 总分|||||||100|优|
    const failing = results[F].checks.filter((c) => !c.passed);
    expect(failing).toEqual([
      {
        check_id: 'performance:2:total_score',
        kind: 'performance',
        table_code: null,
        subject: '2:总分',
        description: '项目 2 政研室业务费: 总分 = Σ 指标得分 + 资金得分 (执行率) (points, not 元)',
        expected: '100.00',
        actual: '105.00',
        difference: '5.00',
        tolerance: '0.01',
        passed: false,
        detail: 'Σ 12 指标得分 = 95 + 资金得分 10; Σ 分值 = 95; printed 总分 100',
      },
    ]);
    // The other five tables add up: 区委办业务费 86 + 6.07 = 92.07 (578).
    expect(results[F].checks.find((c) => c.check_id === 'performance:1:total_score')).toMatchObject({ expected: '92.07', actual: '92.07', passed: true });
  });
});

describe('001 办公经费 (绩效目标申报表, 项目资金（元）, lines 2238–2438)', () => {
  const F = '001_fb039c7f287ddd42.txt';

  it('project row: amounts in 元, no execution or scores', () => {
    // 2305 title; 2308 项目名称|办公经费; 2311–2313 主管部门 wrapped; 2316–2318 实施单位 wrapped, without code;
    // 2330–2334 项目资金 (元) 年度资金总额: 30,000; 2322 市县(区)财政资金 30,000; 2336 其中:中央财政资金 0
    expect(project(F, 7)).toMatchObject({
      form: 'target_declaration',
      title: '屯留区县(区)级预算部门(单位)项目支出绩效目标申报表(2023年度)',
      project_name: '办公经费',
      department_code: '002',
      department_name: '长治市屯留区人民政府办公室',
      unit_code: null,
      unit_name: '长治市屯留区金融服务中心',
      money_unit: '元',
      initial_budget_yuan: '30000.00',
      annual_budget_yuan: null,
      executed_yuan: null,
      total_score: null,
      indicator_count: 6,
    });
    const sources = JSON.parse(project(F, 7).funding_sources!) as { label: string; initial_budget_yuan: string | null }[];
    expect(sources.map((s) => [s.label, s.initial_budget_yuan])).toEqual([
      ['市县(区)财政资金', '30000.00'],
      ['单位自筹', '0.00'],
      ['其他资金', null], // printed blank (2326)
      ['中央财政资金', '0.00'],
      ['省级财政资金', null], // printed blank (2338)
    ]);
    // Its indicator block comes out of the text before the title (2238–2303).
    expect(project(F, 7).notes).toMatch(/printed before the title, at 2238/);
  });

  it('indicators: each printed for 实施期 and for the year, the year\'s 指标值 on the line', () => {
    // 2274 数量指标|宣传资料|数量指标|宣传资料|≥2000册 … 2290 满意度指标服务对象满意度指标|群众满意度|服务对象满意度指标群众满意度|≥98%
    // (2280/2282/2286: 成本/经济效益/生态效益指标 printed without an indicator)
    expect(indicators(F, 7).map((x) => [x.level1, x.level2, x.level3, x.target_text, x.actual_text, x.score, x.source_line])).toEqual([
      ['产出指标', '数量指标', '宣传资料', '≥2000册', null, null, 2274],
      ['产出指标', '质量指标', '宣传册质量', '≥98%', null, null, 2276],
      ['产出指标', '时效指标', '时效内充足保障程度', '≥98%', null, null, 2278],
      ['效益指标', '社会效益指标', '民众满意度', '≥97%', null, null, 2284],
      ['效益指标', '可持续影响指标', '可持续影响', '≥98%', null, null, 2288],
      ['满意度指标', '服务对象满意度指标', '群众满意度', '≥98%', null, null, 2290],
    ]);
    // The second form (2553, 600,000 元) takes the block at 2439, whose 实施期资金总额 is 600,000.
    expect(indicators(F, 8).map((x) => [x.level3, x.target_text])).toEqual([
      ['奖补企业的数量', '≥98%'],
      ['奖补资金到位情况', '足额'],
      ['及时奖补到位', '即时'],
      ['企业发展稳步推进', '提高'],
      ['增加企业抗风险能力', '提高'],
      ['企业提高生产积极性', '≥96%'],
      ['企业满意度', '≥98%'],
    ]);
  });

  it('执行率 check allows for the rounding of the printed amounts (办公费, 1986)', () => {
    // "资金总额： 4 4 4 0.575 3.425 14.39 1.44": 0.575 / 4 = 14.375% exactly, but 0.575 万元 is itself
    // rounded to 0.001 万元 (the finest precision the report prints), so the rate lies in [14.3607, 14.3893].
    expect(results[F].checks.find((c) => c.check_id === 'performance:5:rate:资金总额')).toMatchObject({ expected: '14.38', actual: '14.39', difference: '0.01', tolerance: '0.02', passed: true });
  });
});

// ---------------------------------------------------------------------------------------
// Constructed text (cells as the text front end splits them: at single spaces).

const toLines = (text: string): Line[] =>
  text
    .split('\n')
    .map((r, i) => ({ cells: r.split(' '), line: i + 1 }))
    .filter((l) => l.cells.join('').trim() !== '');

describe('constructed tables', () => {
  it('a provincial form printed in 元, with 万元 and 元 in indicator values, a line with a missing cell and a value cut at the cell edge', () => {
    const r = extractPerformance(
      toLines(
        [
          '第五部分 附件',
          ' 测试项目支出绩效自评表',
          '(2023年度)',
          '项目名称 测试项目',
          '主管部门及代码 101-某某局 预算单位 101001-某某中心',
          '项目资金预算安排及执行',
          '进度(元)',
          '年初预算数',
          '全年预算数 全年执行数 资金结(转)余 执行率 得分',
          '目标申报数 预算编制数',
          '资金总额: 620,000 620,000 620,000 376,330 243,670 60.70 6.07',
          '年度目标 实际完成情况',
          '保障运转 基本保障',
          '一级指',
          '标',
          '二级指标 三级指标',
          '年初指',
          '标值',
          '调整后',
          '指标值',
          '实际完成值 分值 得分 偏差原因分析及改进措施',
          '产出指',
          '标',
          '数量指标 会议次数 ≥10次 ≥10次 ≥12次 20 20',
          '质量指标 办结率 ≥95% 达成预期指标10 10',
          '成本指标 预算控制数 ≤62万元 ≤620000元 ≤376330元 10 6 节约',
          '时效指标 资金拨付 =620000 =620000元 =376330元 10 10',
          '效益指',
          '标',
          '社会效益',
          '指标',
          '工作效率 提升 提升 达成预期指标30 30',
          '满意度',
          '指标',
          '服务对象',
          '满意度指',
          '群众满意度 ≥90% ≥90% ≥95% 10 10',
          '总 分 92.07 优',
        ].join('\n'),
      ),
    );
    expect(r.projects).toHaveLength(1);
    expect(r.projects[0]).toMatchObject({ money_unit: '元', target_declared_yuan: '620000.00', annual_budget_yuan: '620000.00', executed_yuan: '376330.00', balance_yuan: '243670.00', execution_rate: '60.70', annual_goal: '保障运转', actual_completion: '基本保障', total_score: '92.07', grade: '优' });
    const [count, done, cost, timely, effect, satisfied] = r.indicators;
    expect(count).toMatchObject({ level1: '产出指标', level2: '数量指标', level3: '会议次数', actual_number: '12', actual_unit: '次', actual_amount_yuan: null });
    // One cell short: which of 年初/调整后/实际 is missing cannot be known.
    expect(done).toMatchObject({ level2: '质量指标', level3: null, target_text: null, adjusted_text: null, actual_text: null, full_score: '10', score: '10' });
    expect(done.null_reason).toMatch(/3 piece\(s\) for the 4 columns/);
    expect(done.raw_text).toBe('质量指标 办结率 ≥95% 达成预期指标10 10');
    // 万元 and 元 both normalised to 元.
    expect(cost).toMatchObject({ target_unit: '万元', target_amount_yuan: '620000.00', adjusted_unit: '元', adjusted_amount_yuan: '620000.00', actual_amount_yuan: '376330.00', deviation_reason: '节约' });
    // "=620000" beside "=620000元" may be cut off at the cell edge: text kept, number not read.
    expect(timely).toMatchObject({ target_text: '=620000', target_comparator: '=', target_number: null, target_amount_yuan: null, adjusted_amount_yuan: '620000.00' });
    expect(timely.null_reason).toMatch(/may be cut off/);
    expect(effect).toMatchObject({ level1: '效益指标', level2: '社会效益指标', level3: '工作效率', actual_text: '达成预期指标', full_score: '30' });
    expect(satisfied).toMatchObject({ level1: '满意度指标', level2: '服务对象满意度指标', level3: '群众满意度' });
    // 20+10+6+10+30+10 = 86, + 6.07 = 92.07; 376330 / 620000 = 60.698…% → 60.70.
    expect(r.checks.map((c) => [c.check_id, c.passed])).toEqual([
      ['performance:1:balance:资金总额', true],
      ['performance:1:rate:资金总额', true],
      ['performance:1:total_score', true],
    ]);
    expect(r.checks[0]).toMatchObject({ expected: '620000.00', actual: '620000.00' });
  });

  it('the national form: 分值 column for the funding, "95%" rates, "—" blanks, 总分 row with 100 and the total', () => {
    const r = extractPerformance(
      toLines(
        [
          '项目支出绩效自评表',
          '(2023年度)',
          '项目名称 培训项目',
          '主管部门 101-某某局 实施单位 101002-某某学校',
          '项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分',
          '年度资金总额 100 100 95 10 95% 9.5',
          '其中:当年财政拨款 100 100 95 — 95% —',
          '上年结转资金 0 0 0 — — —',
          '年度总体目标 预期目标 实际完成情况',
          '完成培训任务 已完成培训',
          '绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施',
          '产出指标 数量指标 培训人数 ≥100人 120人 20 20',
          '质量指标 合格率 ≥95% 96% 20 18 部分学员未通过',
          '时效指标 完成时间 年底前 11月 10 10',
          '成本指标 培训成本 ≤100万元 95万元 10 10',
          '效益指标 社会效益指标 受益人数 ≥1000人 1200人 20 18',
          '满意度指标 服务对象满意度指标 学员满意度 ≥90% 92% 10 10',
          '总分 100 95.5 优',
        ].join('\n'),
      ),
    );
    expect(r.projects[0]).toMatchObject({ department_code: '101', unit_code: '101002', unit_name: '某某学校', initial_budget_yuan: '1000000.00', target_declared_yuan: null, annual_budget_yuan: '1000000.00', executed_yuan: '950000.00', balance_yuan: null, funding_full_score: '10', execution_rate: '95', funding_score: '9.5', total_score: '95.5', annual_goal: '完成培训任务', actual_completion: '已完成培训' });
    expect(JSON.parse(r.projects[0].funding_sources!)).toMatchObject([
      { label: '其中:当年财政拨款', initial_budget_yuan: '1000000.00', executed_yuan: '950000.00', funding_full_score: null, execution_rate: '95', funding_score: null },
      { label: '上年结转资金', initial_budget_yuan: '0.00', execution_rate: null },
    ]);
    expect(r.indicators.map((x) => [x.level1, x.level2, x.level3, x.target_text, x.adjusted_text, x.actual_text, x.full_score, x.score, x.deviation_reason])).toEqual([
      ['产出指标', '数量指标', '培训人数', '≥100人', null, '120人', '20', '20', null],
      ['产出指标', '质量指标', '合格率', '≥95%', null, '96%', '20', '18', '部分学员未通过'],
      ['产出指标', '时效指标', '完成时间', '年底前', null, '11月', '10', '10', null],
      ['产出指标', '成本指标', '培训成本', '≤100万元', null, '95万元', '10', '10', null],
      ['效益指标', '社会效益指标', '受益人数', '≥1000人', null, '1200人', '20', '18', null],
      ['满意度指标', '服务对象满意度指标', '学员满意度', '≥90%', null, '92%', '10', '10', null],
    ]);
    // 86 + 9.5 = 95.5; 95 / 100 = 95%; no 结余 column, so no balance check.
    expect(r.checks.map((c) => [c.check_id, c.passed])).toEqual([
      ['performance:1:rate:年度资金总额', true],
      ['performance:1:rate:其中:当年财政拨款', true],
      ['performance:1:total_score', true],
    ]);
  });

  it('a contradictory table fails its checks with both values', () => {
    const r = extractPerformance(
      toLines(
        [
          '测试项目支出绩效自评表(2023年度)',
          '项目名称 测试项目',
          '主管部门及代码 101-某某局 预算单位 101001-某某中心',
          '项目资金预算安排及执行进度(万元) 年初预算数 全年预算数 全年执行数 资金结(转)余 执行率 得分',
          '资金总额: 50 50 30 10 80 8',
          '一级指标 二级指标 三级指标 年初指标值 实际完成值 分值 得分',
          '产出指标 数量指标 次数 ≥3次 3次 90 90',
          '总分 99 优',
        ].join('\n'),
      ),
    );
    const byId = Object.fromEntries(r.checks.map((c) => [c.check_id, c]));
    // 30 + 10 ≠ 50
    expect(byId['performance:1:balance:资金总额']).toMatchObject({ expected: '500000.00', actual: '400000.00', difference: '-100000.00', passed: false });
    // 30 / 50 = 60%, not 80%
    expect(byId['performance:1:rate:资金总额']).toMatchObject({ expected: '60.00', actual: '80.00', passed: false });
    // 90 + 8 = 98 ≠ 99
    expect(byId['performance:1:total_score']).toMatchObject({ expected: '99.00', actual: '98.00', difference: '-1.00', passed: false });
  });
});

describe('helpers', () => {
  it('parses indicator values into comparator, exact number, unit and 元', () => {
    expect(parseIndicatorValue('=2606622.39元')).toMatchObject({ comparator: '=', number: '2606622.39', unit: '元', amount_yuan: '2606622.39' });
    expect(parseIndicatorValue('≤62万元')).toMatchObject({ comparator: '≤', number: '62', unit: '万元', amount_yuan: '620000.00' });
    expect(parseIndicatorValue('>=95%')).toMatchObject({ comparator: '≥', number: '95', unit: '%', amount_yuan: null });
    expect(parseIndicatorValue('≥970.128949万元')).toMatchObject({ number: '970.128949', amount_yuan: '9701289.49' });
    expect(parseIndicatorValue('=98万元/年')).toMatchObject({ number: '98', unit: '万元/年', amount_yuan: null }); // a rate, not an amount
    expect(parseIndicatorValue('达成预期指标')).toMatchObject({ comparator: null, number: null, unit: null });
  });

  it('rounds percentages half up, exactly', () => {
    const d = (s: string) => parseDecimal(s)!;
    expect(percentRounded(d('365.184'), d('368'), 2)).toEqual(d('99.23'));
    expect(percentRounded(d('4.729'), d('5.6'), 2)).toEqual(d('84.45')); // 84.446…
    expect(percentRounded(d('0.575'), d('4'), 2)).toEqual(d('14.38')); // 14.375 exactly
  });
});
