// The tables of a budget (预算) report. B01–B09 are the national 部门预算公开 template's nine
// (财政部: 收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表, 一般公共预算基本支出表,
// 一般公共预算"三公"经费支出表, 政府性基金预算支出表, 国有资本经营预算支出表); B10–B13 are tables some
// regions print besides (Jiangsu: 财政拨款支出预算表, 财政拨款基本支出预算表, 机关运行经费支出预算表,
// 政府采购预算表). The codes are stable: a new region's extra table gets the next number.
// Columns are numbered here, as the 决算 template's 栏次; a layout that prints fewer or other
// columns is mapped onto them by the words of its header (`keywords`).
import type { TableTemplate } from '../templates.js';

// 合计 / 基本支出 / 项目支出: the spending tables by functional classification (B03, B05, B08–B10);
// the national template splits 基本支出 into 人员经费 and 公用经费 (columns 4 and 5).
const SPENDING = { 1: '合计', 2: '基本支出', 3: '项目支出', 4: '基本支出人员经费', 5: '基本支出公用经费' };
const SPENDING_KEYWORDS = [['合计', '小计', '金额'], ['基本支出', '基本支'], ['项目支出', '项目支'], ['人员经费'], ['公用经费']];
// Basic spending by economic classification (B06, B11): 合计 = 人员经费 + 公用经费.
const ECONOMIC = { 1: '合计', 2: '人员经费', 3: '公用经费' };
const ECONOMIC_KEYWORDS = [['合计', '金额'], ['人员经费'], ['公用经费']];

export const BUDGET_TEMPLATES: TableTemplate[] = [
  {
    code: 'B01',
    title: '收支预算总表',
    titles: [/^(财务)?收支(预算)?总(体情况)?表$/],
    kind: 'budget_summary',
    // Jiangsu prints the expenditure twice, by function (col 2) and by use (col 3): three panels.
    // Shanghai's 单位预算 splits each function's 合计 into 基本支出 (人员经费, 公用经费) and 项目支出.
    columns: { 1: '收入预算数', 2: '支出预算数', 3: '支出预算数(按支出用途)', 4: '基本支出', 5: '基本支出人员经费', 6: '基本支出公用经费', 7: '项目支出' },
  },
  {
    code: 'B02',
    title: '收入预算总表',
    titles: [/^收入(预算)?总?表$/],
    kind: 'coded',
    columns: {
      1: '合计', 2: '财政拨款收入', 3: '一般公共预算拨款收入', 4: '政府性基金预算拨款收入', 5: '国有资本经营预算拨款收入', 6: '财政专户管理资金收入',
      7: '事业收入', 8: '事业单位经营收入', 9: '上级补助收入', 10: '附属单位上缴收入', 11: '其他收入', 12: '上年结转',
    },
    keywords: [['合计', '总计'], ['财政拨款'], ['一般公共预算'], ['政府性基金'], ['国有资本'], ['财政专户'], ['事业收入'], ['经营收入'], ['上级补助'], ['附属'], ['其他收入'], ['上年结转', '结转']],
  },
  {
    code: 'B03',
    title: '支出预算总表',
    titles: [/^支出(预算)?总?表$/],
    kind: 'coded',
    // Its columns 4–8 are the other uses of the money; 人员经费 and 公用经费, where printed, 9 and 10.
    columns: { 1: '合计', 2: '基本支出', 3: '项目支出', 4: '事业单位经营支出', 5: '上缴上级支出', 6: '对附属单位补助支出', 7: '单位预留机动经费', 8: '结转下年', 9: '基本支出人员经费', 10: '基本支出公用经费' },
    keywords: [...SPENDING_KEYWORDS.slice(0, 3), ['经营支出'], ['上缴上级'], ['附属'], ['机动经费'], ['结转下年'], ['人员经费'], ['公用经费']],
  },
  {
    code: 'B04',
    title: '财政拨款收支预算总表',
    titles: [/^财政拨款收支(预算)?总?表$/],
    kind: 'budget_summary',
    columns: { 1: '收入预算数', 2: '支出合计', 3: '一般公共预算', 4: '政府性基金预算', 5: '国有资本经营预算' },
  },
  {
    code: 'B05',
    title: '一般公共预算支出预算表',
    titles: [/^一般公共预算(财政拨款|当年拨款|拨款)?支出(功能分类)?(预算)?(明细)?表$/],
    kind: 'coded',
    columns: SPENDING,
    keywords: SPENDING_KEYWORDS,
  },
  {
    code: 'B06',
    title: '一般公共预算基本支出预算表',
    titles: [/^一般公共预算(财政拨款)?基本支出(部门预算)?(经济分类)?(预算)?(明细)?表$/],
    kind: 'economic',
    columns: ECONOMIC,
    keywords: ECONOMIC_KEYWORDS,
  },
  {
    code: 'B07',
    title: '"三公"经费预算表',
    titles: [/"?三公"?经费.*表$/],
    kind: 'single_row',
    columns: {
      1: '"三公"经费合计', 2: '因公出国(境)费', 3: '公务用车购置及运行费小计', 4: '公务用车购置费', 5: '公务用车运行费', 6: '公务接待费',
      7: '会议费', 8: '培训费', 9: '机关运行经费', 10: '合计(含会议费、培训费)',
    },
  },
  {
    code: 'B08',
    title: '政府性基金预算支出预算表',
    titles: [/^(财政拨款)?政府性基金(预算)?(财政拨款)?支出(功能分类)?(预算)?(明细)?表$/],
    kind: 'coded',
    columns: SPENDING,
    keywords: SPENDING_KEYWORDS,
  },
  {
    code: 'B09',
    title: '国有资本经营预算支出预算表',
    titles: [/^国有资本经营预算(财政拨款)?支出(功能分类)?(预算)?(明细)?表$/],
    kind: 'coded',
    columns: SPENDING,
    keywords: SPENDING_KEYWORDS,
  },
  {
    code: 'B10',
    title: '财政拨款支出预算表',
    titles: [/^财政拨款支出(功能分类)?(预算)?(明细)?表$/],
    kind: 'coded',
    columns: SPENDING,
    keywords: SPENDING_KEYWORDS,
  },
  {
    code: 'B11',
    title: '财政拨款基本支出预算表',
    titles: [/^财政拨款基本支出(经济分类)?(预算)?(明细)?表$/],
    kind: 'economic',
    columns: ECONOMIC,
    keywords: ECONOMIC_KEYWORDS,
  },
  {
    code: 'B12',
    title: '机关运行经费支出预算表',
    titles: [/^(一般公共预算)?机关运行经费(支出)?(预算)?(明细)?表$/],
    kind: 'economic',
    columns: { 1: '机关运行经费' },
    keywords: [['机关运行经费', '金额', '合计']],
  },
  {
    code: 'B13',
    title: '政府采购预算表',
    titles: [/^政府采购(支出)?(预算)?(明细)?表$/],
    kind: 'list',
    columns: { 1: '金额' },
  },
];

/**
 * Text of a line for budget title matching: no spaces, no numbering (一、 1. 表1), no department
 * and year before the title ("2025年部门…", "2017年度江苏省高级人民法院部门…"), no 部门/单位/
 * 预算单位 prefix, brackets and quotes unified, 收入支出 written 收支.
 */
export function budgetTitleKey(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/[（(]([^）)]*)[）)]/g, '$1')
    .replace(/[“”"'‘’「」『』]/g, '"')
    .replace(/^#+/, '')
    .replace(/^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|(?:附?表|附件)[\d一二三四五六七八九十]+(?:[-—－]\d+)?[:：、.．]?)/, '')
    .replace(/(?:续)$/, '')
    .replace(/^.{0,40}?20\d{2}年度?/, '')
    .replace(/^(?:区级|市级|省级|县级)?(?:部门|单位|预算单位|部门预算|单位预算)/, '')
    .replace(/收入支出/g, '收支');
}

/**
 * The keys a budget title may be matched by: the whole key, then what follows each 部门 or 单位
 * in it, since a title may name the department first ("江苏省高级人民法院部门收支预算总表").
 */
export function budgetTitleKeys(key: string): string[] {
  const keys = [key];
  for (const m of key.matchAll(/部门|单位/g)) keys.push(key.slice(m.index + m[0].length));
  return keys;
}
