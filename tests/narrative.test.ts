import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExtractedDocument, Line } from '../extract/lines.js';
import { checks as checksSpec, rowSchema } from '../schemas/contract.js';
import { narrativeFacts } from '../schemas/narrative.js';
import type { CheckRow } from '../transform/types.js';
import { transform, type TransformResult } from '../transform/index.js';
import { severityOf } from '../transform/severity.js';
import type { ParsedTable } from '../transform/tables/model.js';
import { extractNarrativeFacts, narrativeChecks, type NarrativeFact, type ReportTables } from '../transform/narrative/index.js';
import { ALTERED_PDF as ALTERED, RAW, samplesPerTest } from './helpers.js';

interface Sample {
  result: TransformResult;
  facts: NarrativeFact[];
  checks: CheckRow[];
}

/**
 * A sample's narrative facts and their checks, made in the test that reads them (samplesPerTest),
 * against its tables transformed once for the file.
 */
function load(doc: ExtractedDocument, result: TransformResult): Sample {
  const facts = extractNarrativeFacts(doc.lines, result.fiscalYear);
  return { result, facts, checks: narrativeChecks(facts, result) };
}

const SAMPLES = {
  '000': '000_8a1d53abbfd78672.txt',
  '001': '001_fb039c7f287ddd42.txt',
  '002': '002_9ab8174854570465.txt',
  '003': '003_0de3fbbbee820dbe.txt',
  '004': '004_d2f6334a83d0837c.txt',
  sh: 'sh-putuo-caizhengju-2024-juesuan.pdf',
} as const;

const samples = samplesPerTest(Object.values(SAMPLES).map((f) => path.join(RAW, f)), load, transform);
const sample = (k: keyof typeof SAMPLES) => samples[SAMPLES[k]];

/** section metric subject value+unit basis direction comparison_year */
const brief = (x: NarrativeFact) => [x.section, x.metric, x.subject ?? '-', (x.value ?? 'NULL') + (x.unit ?? ''), x.basis ?? '', x.direction ?? '', x.comparison_year ?? ''].join(' ').trimEnd();
const failing = (s: Sample) => s.checks.filter((c) => !c.passed).map((c) => c.check_id);

describe('narrative facts of 003 (中共长治市上党区委办公室 2023, markdown), every claim hand-checked against lines 405–531', () => {
  it('reads every numeric claim of the ten sections in order', () => {
    expect(sample('003').facts.map(brief)).toEqual([
      // 一、收入支出决算总体情况说明: "2023年度收入总计692.87万元,支出总计692.87万元。与上年相比,收入总计增加200.84万元,增长40.82%,支出总计增加200.84万元,增长40.82%。"
      '一 报告年度 - 2023年',
      '一 收入总计 - 692.87万元',
      '一 支出总计 - 692.87万元',
      '一 增减额 - 200.84万元 收入总计 增加 2022',
      '一 增减率 - 40.82%  增加 2022',
      '一 增减额 - 200.84万元 支出总计 增加 2022',
      '一 增减率 - 40.82%  增加 2022',
      // 二、收入决算情况说明
      '二 报告年度 - 2023年',
      '二 收入合计 - 692.87万元',
      '二 财政拨款收入 - 692.87万元',
      '二 占比 - 100.00%',
      '二 上级补助收入 - 0万元',
      '二 占比 - 0%',
      '二 事业收入 - 0万元',
      '二 占比 - 0%',
      '二 经营收入 - 0万元',
      '二 占比 - 0%',
      '二 附属单位上缴收入 - 0万元',
      '二 占比 - 0%',
      '二 其他收入 - 0万元',
      '二 占比 - 0%',
      // 三、支出决算情况说明
      '三 报告年度 - 2023年',
      '三 支出合计 - 692.87万元',
      '三 基本支出 - 416.58万元',
      '三 占比 - 60.12%',
      '三 项目支出 - 276.29万元',
      '三 占比 - 39.88%',
      '三 上缴上级支出 - 0万元',
      '三 占比 - 0%',
      '三 经营支出 - 0万元',
      '三 占比 - 0%',
      '三 对附属单位补助支出 - 0万元',
      '三 占比 - 0%',
      // 四、财政拨款收支决算总体情况说明: "收入总计"/"支出总计" of this section are the 财政拨款 totals
      '四 报告年度 - 2023年',
      '四 财政拨款收入总计 - 692.87万元',
      '四 财政拨款支出总计 - 692.87万元',
      '四 增减额 - 200.84万元 财政拨款收入总计 增加 2022',
      '四 增减率 - 40.82%  增加 2022',
      '四 增减额 - 200.84万元 财政拨款支出总计 增加 2022',
      '四 增减率 - 40.82%  增加 2022',
      // 五(一) "2023年一般公共预算财政拨款决算支出692.87万元,占本年支出合计的100.00%。与上年相比,…增加200.84万元,增长40.82%。"
      '五(一) 报告年度 - 2023年',
      '五(一) 一般公共预算财政拨款支出 - 692.87万元',
      '五(一) 占比 - 100.00% 支出合计',
      '五(一) 增减额 - 200.84万元 一般公共预算财政拨款支出 增加 2022',
      '五(一) 增减率 - 40.82%  增加 2022',
      // 五(二) 结构
      '五(二) 报告年度 - 2023年',
      '五(二) 一般公共预算财政拨款支出 - 692.87万元',
      '五(二) 决算数 一般公共服务支出 594.43万元',
      '五(二) 占比 一般公共服务支出 85.79%',
      '五(二) 决算数 社会保障和就业支出 49.84万元',
      '五(二) 占比 社会保障和就业支出 7.19%',
      '五(二) 决算数 卫生健康支出 16.04万元',
      '五(二) 占比 卫生健康支出 2.32%',
      '五(二) 决算数 住房保障支出 32.56万元',
      '五(二) 占比 住房保障支出 4.70%',
      // 五(三) 具体情况, one long line of four 类
      '五(三) 报告年度 - 2023年',
      '五(三) 年初预算 - 1530.55万元',
      '五(三) 决算数 - 692.87万元',
      '五(三) 完成率 - 45.27% 年初预算',
      '五(三) 年初预算 一般公共服务支出 1444.64万元',
      '五(三) 决算数 一般公共服务支出 594.43万元',
      '五(三) 完成率 一般公共服务支出 41.15% 年初预算',
      '五(三) 比较年度 - 2022年   2022',
      '五(三) 增减额 一般公共服务支出 180.86万元  增加 2022',
      '五(三) 增减率 一般公共服务支出 43.73%  增加 2022',
      '五(三) 年初预算 社会保障和就业支出 36.43万元',
      '五(三) 决算数 社会保障和就业支出 49.84万元',
      '五(三) 完成率 社会保障和就业支出 136.81% 年初预算',
      '五(三) 比较年度 - 2022年   2022',
      '五(三) 增减额 社会保障和就业支出 17.38万元  增加 2022',
      '五(三) 增减率 社会保障和就业支出 53.54%  增加 2022',
      '五(三) 年初预算 卫生健康支出 16.83万元',
      '五(三) 决算数 卫生健康支出 16.04万元',
      '五(三) 完成率 卫生健康支出 95.31% 年初预算',
      '五(三) 比较年度 - 2022年   2022',
      '五(三) 增减额 卫生健康支出 1.28万元  增加 2022',
      '五(三) 增减率 卫生健康支出 8.67%  增加 2022',
      '五(三) 年初预算 住房保障支出 32.56万元',
      '五(三) 决算数 住房保障支出 32.56万元',
      '五(三) 完成率 住房保障支出 99.72% 年初预算',
      '五(三) 比较年度 - 2022年   2022',
      '五(三) 增减额 住房保障支出 1.32万元  增加 2022',
      '五(三) 增减率 住房保障支出 4.23%  增加 2022',
      // 六、基本支出: the items of 人员经费 and 公用经费 with their amounts
      '六 报告年度 - 2023年',
      '六 财政拨款基本支出 - 416.58万元',
      '六 人员经费 - 384.36万元',
      '六 人员经费 基本工资 134.11万元',
      '六 人员经费 津贴补贴 73.60万元',
      '六 人员经费 奖金 33.25万元',
      '六 人员经费 绩效工资 41.90万元',
      '六 人员经费 机关事业单位基本养老保险缴费 38.68万元',
      '六 人员经费 职工基本医疗保险缴费 15.27万元',
      '六 人员经费 其他社会保障缴费 0.78万元',
      '六 人员经费 住房公积金 32.56万元',
      '六 人员经费 其他工资福利支出 3.00万元',
      '六 人员经费 退休费 11.16万元',
      '六 人员经费 奖励金 0.06万元',
      '六 公用经费 - 32.22万元',
      '六 公用经费 办公费 5.31万元',
      '六 公用经费 委托业务费 3.17万元',
      '六 公用经费 工会经费 4.55万元',
      '六 公用经费 福利费 2.11万元',
      '六 公用经费 其他交通费用 15.21万元',
      '六 公用经费 其他商品和服务支出 1.88万元',
      // 七、八: "本年度无此项收支/支出。" — no claims. 九(一) 三公 总体
      '九(一) 报告年度 - 2023年',
      '九(一) 全年预算 三公经费 0万元',
      '九(一) 决算数 三公经费 0万元',
      '九(一) 完成率 三公经费 0% 全年预算',
      '九(一) 决算数 因公出国(境)费 0万元',
      '九(一) 完成率 因公出国(境)费 0% 全年预算',
      '九(一) 决算数 公务用车购置费 0万元',
      '九(一) 完成率 公务用车购置费 0% 全年预算',
      '九(一) 决算数 公务用车运行维护费 0万元',
      '九(一) 完成率 公务用车运行维护费 0% 全年预算',
      '九(一) 决算数 公务接待费 0万元',
      '九(一) 完成率 公务接待费 0% 全年预算',
      // 九(二) 具体: counts "出国团组共0个,0人次", "购置公务用车0辆", "保有量共0辆车", "共接待0批次,0人次"
      '九(二) 决算数 因公出国(境)费 0万元',
      '九(二) 出国团组数 因公出国(境)费 0个',
      '九(二) 人次 因公出国(境)费 0人次',
      '九(二) 决算数 公务用车购置费 0万元',
      '九(二) 购置车辆数 公务用车购置费 0辆',
      '九(二) 决算数 公务用车运行维护费 0万元',
      '九(二) 公务用车保有量 公务用车运行维护费 0辆',
      '九(二) 决算数 公务接待费 0万元',
      '九(二) 接待批次 公务接待费 0批次',
      '九(二) 人次 公务接待费 0人次',
      '九(二) 决算数 国内接待费 0万元',
      '九(二) 接待批次 国内接待费 0批次',
      '九(二) 人次 国内接待费 0人次',
      '九(二) 决算数 外事接待费 0万元',
      '九(二) 接待批次 外事接待费 0批次',
      '九(二) 人次 外事接待费 0人次',
      '九(二) 决算数 国(境)外接待费 0万元',
      '九(二) 接待批次 国(境)外接待费 0批次',
      '九(二) 人次 国(境)外接待费 0人次',
      // 十(一) "2023年机关运行经费支出32.22万元,比2022年增加2.66万元,增长9%"
      '十(一) 报告年度 - 2023年',
      '十(一) 机关运行经费 - 32.22万元',
      '十(一) 比较年度 - 2022年   2022',
      '十(一) 增减额 - 2.66万元  增加 2022',
      '十(一) 增减率 - 9%  增加 2022',
      // 十(二) 政府采购
      '十(二) 报告年度 - 2023年',
      '十(二) 政府采购支出总额 - 0万元',
      '十(二) 政府采购支出总额 货物 0万元',
      '十(二) 政府采购支出总额 工程 0万元',
      '十(二) 政府采购支出总额 服务 0万元',
      '十(二) 授予中小企业合同金额 - 0万元',
      '十(二) 占比 - 0% 政府采购支出总额',
      '十(二) 授予小微企业合同金额 - 0万元',
      '十(二) 占比 - 0% 政府采购支出总额',
      // 十(三) "截至2023年12月31日,本部门(单位)共有车辆4辆。其中:…其他用车4辆,其他用车主要是由于历史原因,其他用车4辆是挂靠在本单位…;单价100万元(含)以上设备(不含车辆)0台(套)。"
      '十(三) 报告年度 - 2023年',
      '十(三) 车辆数 - 4辆',
      '十(三) 车辆数 副部(省)级及以上领导用车 0辆',
      '十(三) 车辆数 主要负责人用车 0辆',
      '十(三) 车辆数 机要通信用车 0辆',
      '十(三) 车辆数 应急保障用车 0辆',
      '十(三) 车辆数 执法执勤用车 0辆',
      '十(三) 车辆数 特种专业技术用车 0辆',
      '十(三) 车辆数 离退休干部服务用车 0辆',
      '十(三) 车辆数 其他用车 4辆',
      '十(三) 车辆数 其他用车 4辆',
      '十(三) 大型设备数 - 0台(套)',
      // 十(四) "2023年度二级项目绩效自评个数6个,涉及资金273.44万元:4个项目自评等级为“优”,1个…“良”,0个…“中”,1个…“差”。"
      '十(四) 报告年度 - 2023年',
      '十(四) 绩效自评项目数 二级项目 6个',
      '十(四) 绩效项目资金 - 273.44万元 绩效自评项目数',
      '十(四) 自评等级项目数 优 4个',
      '十(四) 自评等级项目数 良 1个',
      '十(四) 自评等级项目数 中 0个',
      '十(四) 自评等级项目数 差 1个',
      // "2023年度我单位无其他说明的事项。"
      '十(四) 报告年度 - 2023年',
    ]);
  });

  it('carries exact amounts in 元, class codes, provenance and the sentence', () => {
    const f = sample('003').facts;
    const one = (section: string, metric: string, subject: string | null) => f.find((x) => x.section === section && x.metric === metric && x.subject === subject)!;
    expect(one('一', '收入总计', null)).toMatchObject({ amount_yuan: '6928700.00', value_text: '692.87万元', period_year: 2023, source_line: 407, label: '2023年度收入总计' });
    expect(one('五(三)', '完成率', '住房保障支出')).toMatchObject({ value: '99.72', unit: '%', amount_yuan: null, class_code: '221', basis: '年初预算', source_line: 465 });
    expect(one('六', '公用经费', '办公费')).toMatchObject({ amount_yuan: '53100.00', class_code: null });
    expect(one('十(三)', '车辆数', null)).toMatchObject({ value: '4', unit: '辆', amount_yuan: null, period_year: 2023 });
    expect(f.every((x, i) => x.fact_no === i + 1)).toBe(true);
    // Every row satisfies the data contract once report_id is added.
    const schema = rowSchema(narrativeFacts);
    for (const x of f) expect(() => schema.parse({ report_id: '0123456789abcdef', ...x })).not.toThrow();
  });

  it('the known self-contradiction fails with both values: 住房保障支出 年初预算 32.56万元, 决算 32.56万元, 完成年初预算的 99.72%', () => {
    const c = sample('003').checks.find((x) => x.check_id === 'narrative:80:percent')!;
    expect(c.passed).toBe(false);
    expect(c.subject).toBe('五(三) 完成率(住房保障支出)');
    expect(c.detail).toContain('stated 99.72%; recomputed 100.00% = 决算数(住房保障支出) 32.56万元 / 年初预算(住房保障支出) 32.56万元');
    // The same amounts agree with table 05.
    const t = sample('003').checks.find((x) => x.check_id === 'narrative:79:table')!;
    expect(t).toMatchObject({ passed: true, table_code: '05', expected: '325600.00', actual: '325600.00' });
  });
});

describe('narrative checks on the unedited samples', () => {
  it('fail only where the source contradicts itself', () => {
    expect(failing(sample('000'))).toEqual([
      // 五(三): "一般公共服务支出年初预算2743.48万元,支出决算2656.14万元" — 2656.14 is the all-funds amount
      // of 支出决算表 (03/201); this section is about 一般公共预算财政拨款, 05/201 = 2,642.20.
      'narrative:65:table',
      // 五(三): "科学技术支出(类)年初预算0万元,支出决算230万元 … 较上年决算增加230万元,增加100%": the
      // previous year's amount is 230 − 230 = 0, so no growth rate exists (∞), not 100%.
      'narrative:92:from_zero',
    ]);
    expect(failing(sample('001'))).toEqual([
      // 十(四): "…部门(单位)2022年度一级项目绩效自评个数0个" and "…2022年度部门预算二级项目绩效自评个数7个" in
      // the 2023 report, whose appendix evaluates projects "(2023年度)".
      'narrative:144:year',
      'narrative:151:year',
      // The report prints 二、收入决算 and 三、支出决算 twice and has no 四/五(一)(二): its 类 list names
      // 201, 208, 210 and 221 only; table 05 also has 213 农林水支出 787.70 and 215 144.00.
      'narrative:coverage:213',
      'narrative:coverage:215',
    ]);
    expect(failing(sample('002'))).toEqual([]);
    expect(failing(sample('003'))).toEqual(['narrative:80:percent']); // 32.56 / 32.56 ≠ 99.72%
    expect(failing(sample('004'))).toEqual([
      // 五(三): "一般公共服务支出…支出决算1083.51万元…较上年决算减少60万元,下降4.93%": 60 / (1083.51 + 60) = 5.25%.
      'narrative:64:percent',
      // 五(三): "社会保障和就业支出年初预算30.35元,支出决算37.42万元,完成年初预算的123.29%": the budget is
      // printed in 元; 123.29% only holds if it were 30.35万元.
      'narrative:67:percent',
    ]);
    // The detail says what the slipped figure would be in the narrative's usual unit, and that the statement then holds.
    expect(sample('004').checks.find((c) => c.check_id === 'narrative:67:percent')!.detail).toContain('“30.35元” among 万元 figures: read as 30.35万元, the percentage is 123.29% and the statement holds');
    const schema = rowSchema(checksSpec);
    for (const k of Object.keys(SAMPLES)) for (const c of sample(k as keyof typeof SAMPLES).checks) expect(() => schema.parse({ report_id: '0123456789abcdef', ...c, severity: severityOf(c) })).not.toThrow();
    expect(failing(sample('sh'))).toEqual([
      // 四: "2024年度财政拨款收入支出总计0.3万元" — table 04 总计 is 2,961.68万元.
      'narrative:18:table',
      // 五(二): "一般公共服务支出(类)2106.66万元,占71.73%" of 2940.05万元 — that is 71.65% (the four shares add to 100.07%).
      'narrative:28:percent',
    ]);
  });

  it('shows both values of a failing comparison with the table, in 元', () => {
    const c = sample('000').checks.find((x) => x.check_id === 'narrative:65:table')!;
    expect(c).toMatchObject({ kind: 'narrative', table_code: '05', expected: '26422000.00', actual: '26561400.00', difference: '139400.00', tolerance: '100.00' });
    expect(c.detail).toContain('03/201/1 (本年支出合计)');
    const sh = sample('sh').checks.find((x) => x.check_id === 'narrative:18:table')!;
    expect(sh).toMatchObject({ expected: '29616800.00', actual: '3000.00' });
  });

  it('compares 基本支出 of all funds (03) and 财政拨款基本支出 (05) each with its own table: no false alarm', () => {
    const s = sample('002');
    // 三: "基本支出193.60万元,占比0.13%"; 六: "2023年度财政拨款基本支出192.21万元". Both are right.
    const all = s.facts.find((f) => f.section === '三' && f.metric === '基本支出')!;
    const gp = s.facts.find((f) => f.section === '六' && f.metric === '财政拨款基本支出')!;
    expect([all.value, gp.value]).toEqual(['193.60', '192.21']);
    const check = (f: NarrativeFact) => s.checks.find((c) => c.check_id === `narrative:${f.fact_no}:table`)!;
    expect(check(all)).toMatchObject({ passed: true, table_code: '03', expected: '1936000.00' });
    expect(check(gp)).toMatchObject({ passed: true, table_code: '05', expected: '1922100.00' });
    expect(s.checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('lets rounded narrative amounts pass at the precision they print (1419万元 for 1,419.06)', () => {
    const s = sample('002');
    const f = s.facts.find((x) => x.section === '五(三)' && x.metric === '决算数' && x.subject === '一般公共服务支出')!;
    expect(f.value_text).toBe('1419万元');
    expect(s.checks.find((c) => c.check_id === `narrative:${f.fact_no}:table`)).toMatchObject({ passed: true, expected: '14190600.00', actual: '14190000.00', tolerance: '10000.00' });
    // "增长∞%" after "增加773.07万元" from nothing is consistent.
    const inf = s.facts.find((x) => x.value_text === '∞%')!;
    expect(inf).toMatchObject({ metric: '增减率', value: null, note: '∞: printed as infinite (the base is 0)' });
    expect(s.checks.find((c) => c.check_id === `narrative:${inf.fact_no}:from_zero`)?.passed).toBe(true);
    // "完成年初预算的%": a percentage without its number is kept, with NULL value.
    expect(s.facts.find((x) => x.value_text === '%')).toMatchObject({ metric: '完成率', value: null, note: 'percentage printed without a number' });
  });

  it('reads the Shanghai numbering: its own heading, 类/款/项 subjects, 预算绩效 and 决算数小于预算数', () => {
    const s = sample('sh');
    expect(s.facts[0]).toMatchObject({ section: '', topic: 'title', metric: '报告年度', value: '2024', sentence: '第三部分上海市普陀区财政局2024年度部门决算情况说明' });
    const topics = new Map(s.facts.map((f) => [f.section, f.topic]));
    expect(Object.fromEntries(topics)).toMatchObject({ '七(一)': 'three_public', 十: 'performance', '十一(一)': 'running_costs', '十一(二)': 'procurement', '十一(三)': 'assets' });
    const path = '一般公共服务支出/财政事务/行政运行';
    const actual = s.facts.find((f) => f.subject === path && f.metric === '决算数')!;
    expect(actual).toMatchObject({ value: '1511.89', class_code: '201', source_page: 22 });
    expect(s.checks.find((c) => c.check_id === `narrative:${actual.fact_no}:table`)?.detail).toContain('05/2010601/1=1,511.89');
    const relation = s.facts.find((f) => f.subject === path && f.metric === '决算与预算关系')!;
    expect(s.checks.find((c) => c.check_id === `narrative:${relation.fact_no}:relation`)).toMatchObject({ passed: true, expected: '15600500.00', actual: '15118900.00' });
    expect(s.facts.filter((f) => f.metric === '自评等级项目数').map((f) => `${f.subject}=${f.value}`)).toEqual(['优=4', '良=0', '合格=0', '不合格=0']);
  });

  it('yields facts for every section with numbers in each sample', () => {
    const sections = (k: keyof typeof SAMPLES) => [...new Set(sample(k).facts.filter((f) => f.value !== null && f.unit !== '年').map((f) => f.section))];
    expect(sections('000')).toEqual(['一', '二', '三', '四', '五(一)', '五(二)', '五(三)', '六', '九(一)', '九(二)', '十(一)', '十(二)', '十(三)', '十(四)']);
    expect(sections('sh')).toEqual(['一', '二', '三', '四', '五(一)', '五(二)', '五(三)', '六', '七(一)', '十', '十一(一)', '十一(二)', '十一(三)']);
    // A snapshot, not a count made by hand (003's facts are, above): the number of facts the
    // parser reads today, to notice when a change reads more or fewer.
    expect(Object.fromEntries(Object.keys(SAMPLES).map((k) => [k, sample(k as keyof typeof SAMPLES).facts.length]))).toEqual({ '000': 169, '001': 157, '002': 163, '003': 169, '004': 150, sh: 138 });
  });
});

describe('facts ready to analyse (the Shanghai sample, as transform() gives them)', () => {
  // Transformed inside each test (samplesPerTest), so that the mutation tests see the work they assert on.
  const transformed = samplesPerTest([path.join(RAW, SAMPLES.sh)], (doc) => transform(doc));
  const facts = () => transformed[SAMPLES.sh].narrativeFacts;
  const fact = (no: number) => facts().find((f) => f.fact_no === no)!;

  it('sign changes by their direction, and pair each rate and change with its basis', () => {
    // 一: "…收入支出总计2995.39万元。与2023年度相比,收入支出总计减少56.95万元,下降1.87%" — 5 is the change of 3, 6 its rate.
    expect(fact(5)).toMatchObject({ metric: '增减额', direction: '减少', value: '56.95', signed_value: '-56.95', signed_amount_yuan: '-569500.00', basis: '收入支出总计', basis_fact_no: 3 });
    expect(fact(3)).toMatchObject({ metric: '收入支出总计', value: '2995.39' });
    expect(fact(6)).toMatchObject({ metric: '增减率', direction: '减少', value: '1.87', signed_value: '-1.87', signed_amount_yuan: null, basis_fact_no: 5, check_status: 'passed' });
    // 十一(一): an increase keeps its sign.
    expect(fact(115)).toMatchObject({ metric: '增减额', direction: '增加', signed_value: '2.55', signed_amount_yuan: '25500.00', basis_fact_no: 113 });
    // 二: "财政拨款收入2941.68万元,占99.79%" — a share's basis is the total it is a share of (7: 本年收入合计).
    expect(fact(9)).toMatchObject({ metric: '占比', basis_fact_no: 7 });
    expect(fact(7)).toMatchObject({ metric: '收入合计' });
    // 五(三): 完成率 against the 年初预算 figure before it.
    expect(fact(37)).toMatchObject({ metric: '完成率', basis: '年初预算', basis_fact_no: 35 });
    expect(fact(35).metric).toBe('年初预算');
  });

  it('read 持平 as a change of zero, with what it is about and the year compared with', () => {
    // 四: "与2023年度相比,财政拨款收入支出总计持平。"
    expect(fact(20)).toMatchObject({ metric: '增减额', value: '0', signed_value: '0', amount_yuan: '0.00', direction: '持平', value_text: '持平', basis: '财政拨款收入支出总计', basis_fact_no: 18, comparison_year: 2023 });
    // 七: "“三公”经费财政拨款支出决算数与2023年度持平。其中:因公出国(境)费支出决算持平; 公务用车…持平; 公务接待费…持平。"
    expect(facts().filter((f) => f.direction === '持平').map((f) => `${f.fact_no}:${f.subject ?? f.basis}`)).toEqual(['20:财政拨款收入支出总计', '88:三公经费', '89:因公出国(境)费', '90:公务用车购置及运行维护费', '91:公务接待费']);
    // The budget relation's 持平 stays a 决算与预算关系, not a change.
    expect(fact(44)).toMatchObject({ metric: '决算与预算关系', direction: '基本持平' });
  });

  it('flag the facts whose check failed with the check ids, and the checked ones that passed', () => {
    const { checks } = transformed[SAMPLES.sh];
    expect(fact(18)).toMatchObject({ check_status: 'failed', failed_checks: 'narrative:18:table' });
    expect(fact(28)).toMatchObject({ check_status: 'failed', failed_checks: 'narrative:28:percent' });
    // Every fact a check names carries its outcome, and no other fact carries one.
    for (const f of facts()) {
      const mine = checks.filter((c) => c.check_id.startsWith(`narrative:${f.fact_no}:`));
      expect(f.check_status, `fact ${f.fact_no}`).toBe(mine.length === 0 ? null : mine.every((c) => c.passed) ? 'passed' : 'failed');
    }
    expect(facts().filter((f) => f.check_status === 'failed').map((f) => f.fact_no)).toEqual([18, 28]);
  });
});

describe('the edited copy of the Shanghai PDF', () => {
  const edited = samplesPerTest([ALTERED], load, transform);
  const altered = () => edited[path.basename(ALTERED)];
  /** The check of the first fact matching `pick`, in a sample. */
  const checkOf = (s: Sample, kind: string, pick: (f: NarrativeFact) => boolean) => {
    const f = s.facts.find(pick);
    return f && s.checks.find((c) => c.check_id === `narrative:${f.fact_no}:${kind}`);
  };
  const edits: [string, string, (f: NarrativeFact) => boolean][] = [
    ['heading says 2023年度', 'year', (f) => f.topic === 'title' && f.metric === '报告年度'],
    ['收入支出总计 set to 0万元', 'table', (f) => f.section === '一' && f.metric === '收入支出总计'],
    ['…so its 下降1.87% no longer holds', 'percent', (f) => f.section === '一' && f.metric === '增减率'],
    ['行政运行: 小于 turned into 大于', 'relation', (f) => f.metric === '决算与预算关系' && f.subject === '一般公共服务支出/财政事务/行政运行'],
    ['职业年金缴费: 小于 turned into 大于', 'relation', (f) => f.metric === '决算与预算关系' && f.subject?.endsWith('机关事业单位职业年金缴费支出') === true],
    ['行政单位医疗: 小于 turned into 等于', 'relation', (f) => f.metric === '决算与预算关系' && f.subject?.endsWith('行政单位医疗') === true],
    ['截至2023年12月31日', 'year', (f) => f.topic === 'assets' && f.metric === '报告年度'],
  ];
  it.each(edits)('%s fails in the edited copy and passes in the original', (_, kind, pick) => {
    expect(checkOf(altered(), kind, pick)?.passed).toBe(false);
    expect(checkOf(sample('sh'), kind, pick)?.passed).toBe(true);
  });
  it('shows the values the edit contradicts', () => {
    expect(checkOf(altered(), 'table', edits[1][2])).toMatchObject({ expected: '29953900.00', actual: '0.00', difference: '-29953900.00' });
    expect(checkOf(altered(), 'relation', edits[3][2])?.detail).toContain('says “决算数大于预算数”; 决算数(一般公共服务支出/财政事务/行政运行) 1511.89万元 vs 年初预算(一般公共服务支出/财政事务/行政运行) 1560.05万元');
    expect(checkOf(altered(), 'year', edits[6][2])?.detail).toContain('“2023年” in “截至2023年12月31日');
  });
});

// ---------------------------------------------------------------------------------------------
// Constructed text: other wording, 元 units, sentences wrapped across lines and pages.

const lines = (texts: string[], page?: number): Line[] => texts.map((t, i) => ({ cells: t.split(' '), line: page ? undefined : i + 1, page }));

function table(code: ParsedTable['code'], rows: Record<string, Record<number, string>>, unit = '万元'): ParsedTable {
  return {
    code,
    title: '',
    unit,
    declaredEmpty: false,
    notes: [],
    rows: Object.entries(rows).map(([key, cells]) => ({ key, label: key, rowNo: null, cells: new Map(Object.entries(cells).map(([c, text]) => [Number(c), { text }])) })),
  };
}

const resultOf = (tables: ParsedTable[], fiscalYear = 2023): ReportTables => ({ fiscalYear, tables, lineItems: [] });

describe('constructed narratives', () => {
  it('reads other wording, full-width punctuation and amounts in 元', () => {
    const facts = extractNarrativeFacts(
      lines([
        '第三部分 情况说明',
        '一、收入支出决算总体情况说明',
        '本年度收入总计为1,000.00万元，较上年增长了10.00万元，增幅1.01%。',
        '二、支出决算情况说明',
        '2023年支出合计12,345,678.90元，其中：基本支出12,000,000.00元，占比97.20%；项目支出345,678.90元，占比2.80%。',
        '第四部分 名词解释',
        '一、基本支出：指……共计3个。',
      ]),
      2023,
    );
    expect(facts.map(brief)).toEqual([
      '一 收入总计 - 1000.00万元',
      '一 增减额 - 10.00万元  增加 2022',
      '一 增减率 - 1.01%  增加 2022',
      '二 报告年度 - 2023年',
      '二 支出合计 - 12345678.90元',
      '二 基本支出 - 12000000.00元',
      '二 占比 - 97.20%',
      '二 项目支出 - 345678.90元',
      '二 占比 - 2.80%',
    ]);
    expect(facts[4].amount_yuan).toBe('12345678.90');
    const checks = narrativeChecks(facts, resultOf([table('01', { 'income:总计': { 1: '1,000.00' }, 本年支出合计: { 2: '1,234.57' } }), table('03', { 合计: { 1: '12,345,678.90', 2: '12,000,000.00', 3: '345,678.90' } }, '元')]));
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    // 12,345,678.90元 against 1,234.57万元: the coarser precision (0.01万元 = 100元) is the tolerance.
    expect(checks.find((c) => c.check_id === 'narrative:5:table')).toMatchObject({ expected: '12345700.00', actual: '12345678.90', tolerance: '100.00' });
    expect(checks.find((c) => c.check_id === 'narrative:3:percent')?.detail).toContain('recomputed 1.01% = 增减额 10.00万元 / previous (收入总计 1,000.00万元 − 10.00万元)');
  });

  it('joins a sentence wrapped across lines and pages, and points at the page where the number starts', () => {
    const facts = extractNarrativeFacts(
      [
        ...lines(['第三部分 2023年度部门决算情况', '说明', '一、收入支出决算总体情况说明', '2023年度收入总计6,38'], 7),
        ...lines(['5.64万元。与上年相比,收入总计减少558.99万', '元,下降8.05%。'], 8),
      ],
      2023,
    );
    expect(facts.map(brief)).toEqual([' 报告年度 - 2023年', '一 报告年度 - 2023年', '一 收入总计 - 6385.64万元', '一 增减额 - 558.99万元 收入总计 减少 2022', '一 增减率 - 8.05%  减少 2022']);
    expect(facts[0].sentence).toBe('第三部分2023年度部门决算情况说明');
    expect(facts[2]).toMatchObject({ source_page: 7, source_line: null, sentence: '2023年度收入总计6,385.64万元。' });
    expect(facts[3].source_page).toBe(8);
  });

  it('fails a relation contradicting its two numbers, a wrong comparison year, and 完成率 against its amounts', () => {
    const facts = extractNarrativeFacts(
      lines([
        '第三部分 情况说明',
        '五、一般公共预算财政拨款支出决算情况说明',
        '(三)一般公共预算财政拨款支出决算具体情况',
        '1、一般公共服务支出(类)年初预算为100.00万元,支出决算为90.00万元,完成年初预算的80.00%。决算数大于预算数的主要原因:调减。',
        '2、住房保障支出(类)年初预算为50万元,支出决算为50万元,完成年初预算的%。',
        '十、其他重要事项情况说明',
        '(一)机关运行经费支出情况说明',
        '2023年机关运行经费支出10.00万元,比2021年增加1.00万元,增长11.11%。',
      ]),
      2023,
    );
    const checks = narrativeChecks(facts, resultOf([table('05', { 合计: { 1: '140.00' }, 201: { 1: '90.00' }, 221: { 1: '50.00' } }), table('10', { 行政单位: { 1: '10.00' } })]));
    const byKind = (kind: string) => checks.filter((c) => c.check_id.split(':')[2] === kind || c.check_id.split(':')[1] === kind).map((c) => [c.subject, c.passed]);
    expect(byKind('relation')).toEqual([['五(三) 决算与预算关系(一般公共服务支出)', false]]);
    expect(checks.find((c) => c.check_id.endsWith(':relation'))).toMatchObject({ expected: '1000000.00', actual: '900000.00', difference: '-100000.00' });
    expect(byKind('percent')).toEqual([
      ['五(三) 完成率(一般公共服务支出)', false], // 90 / 100 = 90%, not 80%
      ['十(一) 增减率', true], // 1 / (10 − 1) = 11.11%
    ]);
    expect(byKind('year')).toEqual([
      ['十(一) 报告年度', true],
      ['十(一) 比较年度', false], // 比2021年 in a 2023 report
    ]);
    expect(byKind('table').every(([, passed]) => passed)).toBe(true);
    expect(byKind('coverage')).toEqual([
      ['201 201', true],
      ['221 221', true],
    ]);
    expect(facts.find((f) => f.value_text === '%')).toMatchObject({ metric: '完成率', subject: '住房保障支出', value: null });
  });

  it('fails a change and rate of opposite directions, and "∞%" for growth from a non-zero amount', () => {
    const facts = extractNarrativeFacts(
      lines(['第三部分 情况说明', '十、其他重要事项情况说明', '(一)机关运行经费支出情况说明', '机关运行经费支出20万元,比上年增加10万元,下降50%;公用经费支出20万元,比上年增加10万元,增长∞%。']),
      2023,
    );
    const checks = narrativeChecks(facts, resultOf([]));
    expect(checks.map((c) => [c.check_id, c.passed])).toEqual([
      ['narrative:3:direction', false], // 增加10万元 but 下降50%
      ['narrative:3:percent', false], // 10 / (20 − 10) = 100%, not 50%
      ['narrative:6:percent', false], // ∞% although the previous amount is 10万元
    ]);
    expect(checks[2].detail).toContain('stated ∞%; the previous amount is 100000.00 元');
  });

  it('finds the narrative without a part heading, and returns nothing when there is none', () => {
    const facts = extractNarrativeFacts(lines(['一、收入支出决算总体情况说明', '2023年度收入总计100万元,支出总计100万元。', '第四部分 名词解释']), 2023);
    expect(facts.map((f) => f.metric)).toEqual(['报告年度', '收入总计', '支出总计']);
    expect(extractNarrativeFacts(lines(['第一部分 概况', '一、本部门职责', '(一)负责全县工作。']), 2023)).toEqual([]);
  });

  it('reads regional wording: "(一)" sections without a part heading, funds inside 财政拨款收入, two values sharing a unit', () => {
    const facts = extractNarrativeFacts(
      lines([
        '三、2022年度部门决算情况说明',
        '(一)收入支出决算总体情况说明',
        '2022年度收、支总计各是1025.50,1030.25万元。与2021年相比,收、支总计各减少20.00,25.75万元,各下降1.91%、2.44%。',
        '(二)收入决算情况说明',
        '本年收入合计1025.50万元;包括财政拨款收入1000.50万元(其中,一般公共预算990.50万元,政府性基金预算10.00万元,国有资本经营预算0万元),占收入合计97.56%。',
      ]),
      2022,
    );
    expect(facts.filter((f) => f.metric !== '报告年度' && f.metric !== '比较年度').map((f) => [f.section, f.metric, f.basis, f.value_text, f.amount_yuan])).toEqual([
      ['(一)', '收入总计', null, '1025.50', '10255000.00'],
      ['(一)', '支出总计', null, '1030.25万元', '10302500.00'],
      ['(一)', '增减额', '收入总计', '20.00', '200000.00'],
      ['(一)', '增减额', '支出总计', '25.75万元', '257500.00'],
      ['(一)', '增减率', '收入总计', '1.91%', null],
      ['(一)', '增减率', '支出总计', '2.44%', null],
      ['(二)', '收入合计', null, '1025.50万元', '10255000.00'],
      ['(二)', '财政拨款收入', null, '1000.50万元', '10005000.00'],
      ['(二)', '一般公共预算财政拨款收入', null, '990.50万元', '9905000.00'],
      ['(二)', '政府性基金预算财政拨款收入', null, '10.00万元', '100000.00'],
      ['(二)', '国有资本经营预算财政拨款收入', null, '0万元', '0.00'],
      ['(二)', '占比', '收入合计', '97.56%', null],
    ]);
  });

  it('reads values listed with 分别 as the items named, and a fund\'s share of spending not as income', () => {
    const facts = extractNarrativeFacts(
      lines([
        '一、收入支出决算总体情况说明',
        '三、支出决算情况说明',
        '本年支出合计100.00万元,其中基本支出、项目支出分别为60.00万元、40.00万元。',
        '四、财政拨款收入支出决算总体情况说明',
        '财政拨款支出90.00万元(其中,一般公共预算80.00万元,政府性基金预算10.00万元)。',
        '六、一般公共预算财政拨款基本支出决算情况说明',
        '基本支出60.00万元,其中:人员经费和公用经费分别为50.00万元、10.00万元。',
      ]),
      2023,
    );
    expect(facts.filter((f) => f.unit === '万元').map((f) => [f.metric, f.value_text])).toEqual([
      ['支出合计', '100.00万元'],
      ['基本支出', '60.00万元'],
      ['项目支出', '40.00万元'],
      ['其他', '90.00万元'],
      ['其他', '80.00万元'],
      ['其他', '10.00万元'],
      ['财政拨款基本支出', '60.00万元'],
      ['人员经费', '50.00万元'],
      ['公用经费', '10.00万元'],
    ]);
  });
});
