// The national template (财政部 部门决算公开 格式): table titles, column names, row labels.
// Layouts of other regions are mapped onto these numbers.
import type { ReportKind, TableCode } from '../../schemas/contract.js';
import { BUDGET_TEMPLATES } from './budget/templates.js';

export interface TableTemplate {
  code: TableCode;
  title: string;
  /** Title patterns, tried against a line with spaces, ordinal prefix and 公开NN表 removed. */
  titles: RegExp[];
  /**
   * How the table is read: 'two_sided' (决算 01/04: income beside expenditure), 'budget_summary'
   * (预算 B01/B04: income beside expenditure by function, and by use where printed), 'coded'
   * (rows by functional code), 'economic' (rows by economic code), 'three_public' (09),
   * 'single_row' (one row of named columns: B07, or a total printed alone), 'stats' (10),
   * 'list' (labelled rows of one amount: B13).
   */
  kind: 'two_sided' | 'budget_summary' | 'coded' | 'economic' | 'three_public' | 'single_row' | 'stats' | 'list';
  /** Column labels by column number (栏次). */
  columns: Record<number, string>;
  /**
   * Coded tables: words of the header that name each column, in column order. They map the
   * columns of a layout that prints them in another order, or prints more of them (a 05 or
   * 08 with 年初结转和结余, 本年收入 and 年末结转和结余 beside the 本年支出 columns).
   */
  keywords?: string[][];
  /** Columns of the national template, in printed order, when not all of `columns` (05, 08: 1–3). */
  national?: number[];
  /** Columns in printed order of the six-column 收入支出 variant of 05 and 08 (07's layout). */
  wide?: number[];
}

// 05 and 08 print 合计/基本支出/项目支出 (栏次 1–3); some layouts add the fund's balances and
// income (Shanghai's 国有资本经营预算财政拨款收入支出决算表), numbered here 4–6.
const SPENDING_KEYWORDS = [['合计', '小计'], ['基本支出'], ['项目支出'], ['年初结转'], ['本年收入'], ['年末结转']];

export const TEMPLATES: TableTemplate[] = [
  {
    code: '04',
    title: '财政拨款收入支出决算总表',
    titles: [/^(部门|单位)?财政拨款收入支出决算总?表$/],
    kind: 'two_sided',
    columns: { 1: '收入金额', 2: '支出合计', 3: '一般公共预算财政拨款', 4: '政府性基金预算财政拨款', 5: '国有资本经营预算财政拨款' },
  },
  {
    code: '01',
    title: '收入支出决算总表',
    titles: [/^(部门|单位)?收入支出决算总?表$/],
    kind: 'two_sided',
    columns: { 1: '收入金额', 2: '支出金额' },
  },
  {
    code: '02',
    title: '收入决算表',
    titles: [/^(部门|单位)?收入决算总?表$/],
    kind: 'coded',
    columns: { 1: '本年收入合计', 2: '财政拨款收入', 3: '上级补助收入', 4: '事业收入', 5: '经营收入', 6: '附属单位上缴收入', 7: '其他收入' },
    keywords: [['本年收入合', '合计'], ['财政拨款'], ['上级补助'], ['事业收'], ['经营收'], ['附属'], ['其他收']],
  },
  {
    code: '03',
    title: '支出决算表',
    titles: [/^(部门|单位)?支出决算总?表$/],
    kind: 'coded',
    columns: { 1: '本年支出合计', 2: '基本支出', 3: '项目支出', 4: '上缴上级支出', 5: '经营支出', 6: '对附属单位补助支出' },
    keywords: [['本年支出合', '合计'], ['基本支出', '基本支'], ['项目支'], ['上缴上级'], ['经营支'], ['附属']],
  },
  {
    code: '06',
    title: '一般公共预算财政拨款基本支出决算明细表',
    titles: [/^(一般公共预算)?(财政拨款)?基本支出(经济分类)?决算(明细)?表$/],
    kind: 'economic',
    columns: { 1: '决算数' },
  },
  {
    code: '05',
    title: '一般公共预算财政拨款支出决算表',
    titles: [/^一般公共预算(财政拨款)?(收入)?支出决算(明细)?表$/],
    kind: 'coded',
    columns: { 1: '合计', 2: '基本支出', 3: '项目支出', 4: '年初结转和结余', 5: '本年收入', 6: '年末结转和结余' },
    keywords: SPENDING_KEYWORDS,
    national: [1, 2, 3],
    wide: [4, 5, 1, 2, 3, 6],
  },
  {
    code: '07',
    title: '政府性基金预算财政拨款收入支出决算表',
    titles: [/^政府性基金(预算)?(财政拨款)?(收入)?(支出)?决算(明细)?表$/],
    kind: 'coded',
    columns: { 1: '年初结转和结余', 2: '本年收入', 3: '本年支出小计', 4: '本年支出基本支出', 5: '本年支出项目支出', 6: '年末结转和结余' },
    keywords: [['年初结转'], ['本年收入'], ['小计', '合计'], ['基本支出'], ['项目支出'], ['年末结转']],
  },
  {
    code: '08',
    title: '国有资本经营预算财政拨款支出决算表',
    titles: [/^国有资本经营(预算)?(财政拨款)?(收入)?(支出)?决算(明细)?表$/],
    kind: 'coded',
    columns: { 1: '合计', 2: '基本支出', 3: '项目支出', 4: '年初结转和结余', 5: '本年收入', 6: '年末结转和结余' },
    keywords: SPENDING_KEYWORDS,
    national: [1, 2, 3],
    wide: [4, 5, 1, 2, 3, 6],
  },
  {
    code: '09',
    title: '财政拨款"三公"经费支出决算表',
    titles: [/^(一般公共预算)?(财政拨款)?(安排的)?"?三公"?经费(及会议费、?培训费)?支出(预)?决算(明细)?表$/],
    kind: 'three_public',
    columns: {
      1: '预算数合计', 2: '预算数因公出国(境)费', 3: '预算数公务用车购置及运行维护费小计', 4: '预算数公务用车购置费', 5: '预算数公务用车运行维护费', 6: '预算数公务接待费',
      7: '决算数合计', 8: '决算数因公出国(境)费', 9: '决算数公务用车购置及运行维护费小计', 10: '决算数公务用车购置费', 11: '决算数公务用车运行维护费', 12: '决算数公务接待费',
    },
  },
  {
    code: '10',
    title: '部门决算公开相关信息统计表',
    titles: [/^(部门|单位)?决算(公开)?相关信息统计表$/],
    kind: 'stats',
    columns: { 1: '统计数' },
  },
];

export const TEMPLATE_BY_CODE = Object.fromEntries([...TEMPLATES, ...BUDGET_TEMPLATES].map((t) => [t.code, t])) as Record<TableCode, TableTemplate>;

/** The templates of a report kind, in the order their titles are tried. */
export const templatesOf = (kind: ReportKind): TableTemplate[] => (kind === 'budget' ? BUDGET_TEMPLATES : TEMPLATES);

/** Functional classification 类 (3-digit codes) by name, for the expenditure side of 01/04. */
export const FUNCTION_CLASSES: Record<string, string> = {
  一般公共服务支出: '201', 外交支出: '202', 国防支出: '203', 公共安全支出: '204', 教育支出: '205', 科学技术支出: '206',
  文化旅游体育与传媒支出: '207', 社会保障和就业支出: '208', 卫生健康支出: '210', 节能环保支出: '211', 城乡社区支出: '212',
  农林水支出: '213', 交通运输支出: '214', 资源勘探工业信息等支出: '215', 商业服务业等支出: '216', 金融支出: '217',
  援助其他地区支出: '219', 自然资源海洋气象等支出: '220', 住房保障支出: '221', 粮油物资储备支出: '222',
  国有资本经营预算支出: '223', 灾害防治及应急管理支出: '224', 其他支出: '229', 债务还本支出: '231', 债务付息支出: '232',
  债务发行费用支出: '233', 抗疫特别国债安排的支出: '234',
  // Names of earlier years' classification, still printed in older reports.
  文化体育与传媒支出: '207', 医疗卫生与计划生育支出: '210', 医疗卫生支出: '210', 资源勘探信息等支出: '215',
  资源勘探电力信息等支出: '215', 国土海洋气象等支出: '220', 国土资源气象等支出: '220', 城乡社区事务支出: '212',
  农林水事务支出: '213', 金融监管等事务支出: '217', 粮油物资储备管理事务支出: '222', 预备费: '227', 转移性支出: '230',
};

/** Removes the ordinal prefix (一、 (一) 1. ) and all spaces from a label. */
export function canonicalLabel(label: string): string {
  return label
    .replace(/\s+/g, '')
    .replace(/^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))+/, '')
    .replace(/[：:]$/, '');
}

export function functionClassCode(label: string): string | undefined {
  return FUNCTION_CLASSES[canonicalLabel(label)];
}
