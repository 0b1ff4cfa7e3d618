// Golden values, each checked by hand against the source text (line numbers given) or the PDF page.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { transform } from '../transform/index.js';
import { cell, RAW, samplesPerTest } from './helpers.js';

const SEEDS = ['000_8a1d53abbfd78672.txt', '001_fb039c7f287ddd42.txt', '002_9ab8174854570465.txt', '003_0de3fbbbee820dbe.txt', '004_d2f6334a83d0837c.txt'];
const results = samplesPerTest([...SEEDS, 'sh-putuo-caizhengju-2024-juesuan.pdf'].map((f) => path.join(RAW, f)), transform);

describe('every sample report', () => {
  it.each([...SEEDS, 'sh-putuo-caizhengju-2024-juesuan.pdf'])('%s: all standard tables found, every identity holds', (f) => {
    const r = results[f];
    expect(r.checks.filter((c) => !c.passed && c.kind !== 'narrative' && c.kind !== 'performance')).toEqual([]);
    expect(r.checks.filter((c) => c.kind !== 'column_placement').length).toBeGreaterThan(100);
    const found = r.tableStatus.filter((t) => t.status === 'parsed' || t.status === 'declared_empty').map((t) => t.table_code);
    expect(found).toEqual(f.endsWith('.pdf') ? ['01', '02', '03', '04', '05', '06', '07', '08', '09'] : ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10']);
  });

  // Each failing check of the narrative and the appendices is an inconsistency of the source
  // itself, read against the text:
  const GENUINE: Record<string, string[]> = {
    // 五(三) says 一般公共服务支出 决算 2656.14万元: that is table 03's all-funds figure; table 05 has 2,642.20.
    // "增加230万元,增加100%" for 科学技术支出 whose previous year was 0: the rate is undefined.
    '000_8a1d53abbfd78672.txt': ['narrative:65:table', 'narrative:92:from_zero'],
    // 十(四) speaks of "2022年度" in the 2023 report; it announces 7 evaluated projects (6 优) while the
    // appendix holds 6 自评表 (5 优); 213 农林水 (787.70) and 215 (144.00) of table 05 are never described.
    '001_fb039c7f287ddd42.txt': ['narrative:144:year', 'narrative:151:year', 'narrative:appendix:grade:优', 'narrative:appendix:projects', 'narrative:coverage:213', 'narrative:coverage:215'],
    // "涉及二级项目17个" against 16 自评表 in the appendix.
    '002_9ab8174854570465.txt': ['narrative:appendix:projects'],
    // 住房保障支出 年初预算 32.56, 决算 32.56, "完成年初预算的99.72%"; 政研室业务费's 得分 add up to 105, 总分 printed 100.
    '003_0de3fbbbee820dbe.txt': ['narrative:80:percent', 'performance:2:total_score'],
    // "减少60万元,下降4.93%" (60 / 1143.51 = 5.25%); "年初预算30.35元" (元, not 万元) against 123.29%;
    // 21 projects (16 良) announced, 8 自评表 (3 良) in the appendix.
    '004_d2f6334a83d0837c.txt': ['narrative:64:percent', 'narrative:67:percent', 'narrative:appendix:grade:良', 'narrative:appendix:projects'],
    // 四: "财政拨款收入支出总计0.3万元" (table 04: 2,961.68); 五(二): 2106.66 / 2940.05 "占71.73%" is 71.65%.
    'sh-putuo-caizhengju-2024-juesuan.pdf': ['narrative:18:table', 'narrative:28:percent'],
  };
  it.each(Object.keys(GENUINE))('%s: the narrative and appendix checks that fail are the source contradicting itself', (f) => {
    expect(results[f].checks.filter((c) => !c.passed).map((c) => c.check_id).sort()).toEqual(GENUINE[f].sort());
    // So they are warnings (a rise from zero stated as 100% is a convention: info), and every
    // error-severity check, the tables' identities among them, holds: the sample is 'ok'.
    for (const c of results[f].checks.filter((x) => !x.passed)) expect([c.check_id, c.severity]).toEqual([c.check_id, c.check_id.endsWith(':from_zero') ? 'info' : 'warning']);
    expect(results[f].checks.filter((c) => c.severity === 'error').length).toBeGreaterThan(50);
    expect(results[f].checks.every((c) => c.severity !== undefined)).toBe(true);
  });

  it('finds department and fiscal year', () => {
    expect([...SEEDS, 'sh-putuo-caizhengju-2024-juesuan.pdf'].map((f) => [results[f].department, results[f].fiscalYear, results[f].layout])).toEqual([
      ['长治市屯留区发展改革和科学技术局', 2023, 'national'],
      ['长治市屯留区人民政府办公室', 2023, 'national'],
      ['长治市屯留区工业和信息化局', 2023, 'national'],
      ['中国共产党长治市上党区委员会办公室', 2023, 'national'],
      ['中共长治市屯留区委组织部', 2023, 'national'],
      ['上海市普陀区财政局', 2024, 'shanghai'],
    ]);
  });
});

describe('000 (pdf.js text, no doubling)', () => {
  const r = () => results['000_8a1d53abbfd78672.txt'];
  it('table 01, both sides, glued numbers (lines 195–289)', () => {
    expect(cell(r(), '01', '一般公共预算财政拨款收入', 1)).toBe('62168500.00');
    expect(cell(r(), '01', '其他收入', 1)).toBe('40400.00'); // "8 4.04八、社会保障和就业支出"
    expect(cell(r(), '01', '年初结转和结余', 1)).toBe('1647600.00'); // "29 164.76年末结转和结余"
    expect(cell(r(), '01', '年末结转和结余', 2)).toBe('48200.00');
    expect(cell(r(), '01', '201', 2)).toBe('26561400.00');
    expect(cell(r(), '01', '211', 2)).toBe('33446200.00');
    expect(cell(r(), '01', 'income:总计', 1)).toBe('63856400.00');
    expect(cell(r(), '01', 'expenditure:总计', 2)).toBe('63856400.00');
    const items01 = r().lineItems.filter((x) => x.table_code === '01');
    expect(items01).toHaveLength(14); // income rows 1, 8, 27, 29, 31; expenditure 32, 37, 39, 40, 41, 50, 58, 60, 62
    expect(items01.find((x) => x.row_key === '201')).toMatchObject({ row_no: 32, row_label: '一、一般公共服务支出', reported_text: '2656.14', reported_unit: '万元', source_line: 195 });
  });
  it('table 02 合计: empty cells only as spacing (line 322)', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => cell(r(), '02', '合计', c))).toEqual(['62208800.00', '62168500.00', undefined, undefined, undefined, undefined, '40400.00']);
  });
  it('table 03 2010402 wrapped label, blank 基本支出 (lines 448–452)', () => {
    expect([1, 2, 3].map((c) => cell(r(), '03', '2010402', c))).toEqual(['21929800.00', undefined, '21929800.00']);
    expect(r().lineItems.find((x) => x.table_code === '03' && x.row_key === '2010402')?.row_label).toBe('一般行政管理事务');
  });
  it('table 06 four groups per line, wrapped names, totals (lines 820–918)', () => {
    expect(cell(r(), '06', '30101', 1)).toBe('2194000.00');
    expect(cell(r(), '06', '30108', 1)).toBe('582600.00');
    expect(cell(r(), '06', '30239', 1)).toBe('57000.00');
    expect(cell(r(), '06', '30212', 1)).toBeUndefined();
    expect(cell(r(), '06', '人员经费合计', 1)).toBe('5492300.00');
    expect(cell(r(), '06', '公用经费合计', 1)).toBe('164100.00');
  });
  it('table 10 money and counts (lines 1045–1081)', () => {
    expect(cell(r(), '10', '合计', 1)).toBe('1425700.00');
    expect(cell(r(), '10', '行政单位', 1)).toBe('164100.00');
    const vehicles = r().lineItems.find((x) => x.table_code === '10' && x.row_no === 7)!;
    expect(vehicles).toMatchObject({ amount_yuan: null, quantity: '1.00', reported_unit: '辆', row_key: '车辆数合计(辆)' });
  });
  it('records 07, 08 and 09 as declared empty', () => {
    expect(r().tableStatus.filter((t) => t.status === 'declared_empty').map((t) => t.table_code)).toEqual(['07', '08', '09']);
  });
});

describe('001 and 002 (doubled bold text)', () => {
  it('06 class code drawn twice ("301301", line 904)', () => {
    expect(cell(results['001_fb039c7f287ddd42.txt'], '06', '301', 1)).toBe('2793100.00');
    expect(cell(results['001_fb039c7f287ddd42.txt'], '06', '309', 1)).toBeUndefined();
  });
  it('01 number glued to the next label ("3 773.07三、国防支出", line 97)', () => {
    expect(cell(results['002_9ab8174854570465.txt'], '01', '国有资本经营预算财政拨款收入', 1)).toBe('7730700.00');
  });
  it('04 sub-rows keyed under their parent (lines 691–713 of 000)', () => {
    const r = results['000_8a1d53abbfd78672.txt'];
    expect(cell(r, '04', '年初财政拨款结转和结余', 1)).toBe('1500400.00');
    expect(cell(r, '04', '年初财政拨款结转和结余:一般公共预算财政拨款', 1)).toBe('1500400.00');
    expect([2, 3, 4, 5].map((c) => cell(r, '04', '201', c))).toEqual(['26422000.00', '26422000.00', undefined, undefined]);
  });
  it('08 with data (lines 998–1006 of 002)', () => {
    const r = results['002_9ab8174854570465.txt'];
    expect([1, 2, 3].map((c) => cell(r, '08', '2230102', c))).toEqual(['6808700.00', undefined, '6808700.00']);
    expect(cell(r, '08', '合计', 1)).toBe('7730700.00');
  });
});

describe('003 (markdown with tab cells)', () => {
  const r = () => results['003_0de3fbbbee820dbe.txt'];
  it('02 合计 after an empty name cell (line 128)', () => {
    expect([1, 2, 3].map((c) => cell(r(), '02', '合计', c))).toEqual(['6928700.00', '6928700.00', undefined]);
  });
  it('04 label wrapped onto its own tab row (lines 210–212)', () => {
    expect(r().tables.find((t) => t.code === '04')!.rows.find((x) => x.rowNo === 49)?.label).toBe('十七、援助其他地区支出');
  });
  it('06 公用经费合计 printed in the last cell (line 306)', () => {
    expect(cell(r(), '06', '公用经费合计', 1)).toBe('322200.00');
    expect(cell(r(), '06', '303', 1)).toBe('112200.00');
  });
  it('10 vehicles as quantity (line 390)', () => {
    expect(r().lineItems.find((x) => x.table_code === '10' && x.row_no === 7)?.quantity).toBe('4.00');
  });
});

describe('004 (another section pasted into table 01)', () => {
  it('keeps row labels clean', () => {
    const t = results['004_d2f6334a83d0837c.txt'].tables.find((x) => x.code === '01')!;
    expect(t.rows.find((x) => x.rowNo === 1)?.label).toBe('一、一般公共预算财政拨款收入');
    expect(cell(results['004_d2f6334a83d0837c.txt'], '01', '一般公共预算财政拨款收入', 1)).toBe('11565900.00');
  });
});

describe('Shanghai PDF (no 行次/栏次, codes split in 类/款/项)', () => {
  const r = () => results['sh-putuo-caizhengju-2024-juesuan.pdf'];
  it('01 (page 6–7)', () => {
    expect(cell(r(), '01', '一般公共预算财政拨款收入', 1)).toBe('29400500.00');
    expect(cell(r(), '01', '201', 2)).toBe('21066600.00');
    expect(cell(r(), '01', 'income:总计', 1)).toBe('29953900.00');
    expect(r().lineItems.find((x) => x.table_code === '01' && x.row_key === '201')?.source_page).toBe(6);
  });
  it('03 values on baselines above their row (page 10)', () => {
    expect([1, 2, 3].map((c) => cell(r(), '03', '2010601', c))).toEqual(['15118900.00', '15035200.00', '83700.00']);
    expect([1, 2, 3].map((c) => cell(r(), '03', '合计', c))).toEqual(['29400500.00', '23369100.00', '6031400.00']);
  });
  it('02 其他收入 column named by its header (page 8)', () => {
    expect([1, 2, 7].map((c) => cell(r(), '02', '2010602', c))).toEqual(['161900.00', '100000.00', '61900.00']);
  });
  it('06 two groups, code and name on separate baselines (page 16–17)', () => {
    expect(cell(r(), '06', '30101', 1)).toBe('2623300.00');
    expect(cell(r(), '06', '30102', 1)).toBe('12385800.00');
    expect(cell(r(), '06', '30201', 1)).toBe('212100.00');
    expect(cell(r(), '06', '人员经费合计', 1)).toBe('21522600.00');
    expect(cell(r(), '06', '公用经费合计', 1)).toBe('1846500.00');
  });
  it('04 without 行次: sides split by the income column, sub-rows under 年初 (pages 12–13)', () => {
    expect([2, 3, 4, 5].map((c) => cell(r(), '04', '201', c))).toEqual(['21066600.00', '21066600.00', undefined, undefined]);
    expect(cell(r(), '04', 'income:总计', 1)).toBe('29616800.00');
    expect([2, 3].map((c) => cell(r(), '04', 'expenditure:总计', c))).toEqual(['29616800.00', '29616800.00']);
    expect(cell(r(), '04', '年初财政拨款结转和结余:一般公共预算财政拨款', 1)).toBe('216300.00');
  });
  it('09 预算数/决算数 pairs mapped to the national columns (page 18)', () => {
    expect(r().lineItems.filter((x) => x.table_code === '09').map((x) => [x.col_no, x.amount_yuan])).toEqual([[1, '9500.00'], [6, '9500.00']]);
  });
});
