// Claims of a sentence: numbers with their units, years and actual-against-budget statements, each read with
// the words before it (its label) and the subject last named.
import { FUNCTION_CLASSES } from '../tables/templates.js';
import type { NarrativeMetric, NarrativeTopic } from './types.js';

// A number never starts inside another one ("4125.49,4143.91万元" is two numbers, not "49,4143.91").
const TOKEN = /(∞|(?<![\d.])\d[\d,]*(?:\.\d+)?)?(个百分点|万元|亿元|千元|元|%|辆|台\(套\)|台套|台|套|个|人次|批次|家|分)/g;
// "收、支总计各是4125.49,4143.91万元", "各下降23.51%、38.28%": the first of two values sharing a unit.
const PAIR_FIRST = /(?<![\d.,])(\d[\d,]*\.\d+|\d+)[,，、]$/;
export const MONEY_UNITS = new Set(['万元', '亿元', '千元', '元']);
const PERCENT_UNITS = new Set(['%', '个百分点']);
const YEAR = /(\d{4})年(度)?/g;
const RELATION =
  /(?:决算数?|支出决算|决算支出)(?:明显|略|均)?(小于|低于|少于|大于|高于|多于|超过|等于)(?:年初)?预算数?|(?:决算数?|支出决算)与(?:年初)?预算数?(基本持平|持平|一致|相等|相同)/g;
// "与2023年度持平", "财政拨款收入支出总计持平": a change stated as none (the budget relation's 持平 is RELATION's).
const FLAT = /(?:基本)?持平/g;
const CHANGE_WORD = /(增加|减少|增长|下降|降低|上升|提高|节约|超支|增幅|降幅|减幅|涨幅)了?为?$/;
const UPWARD = /增加|增长|上升|提高|超支|增幅|涨幅/;
export const CLAUSE_BREAK = /[,;:、]/;

/** Measures named in a clause, most specific first (a fund's totals before the generic ones). */
export const MEASURES: [RegExp, NarrativeMetric][] = [
  [/财政拨款基本支出/, '财政拨款基本支出'],
  [/一般公共预算财政拨款(?:决算)?支出/, '一般公共预算财政拨款支出'],
  [/政府性基金预算财政拨款(?:决算)?收入/, '政府性基金预算财政拨款收入'],
  [/政府性基金预算财政拨款(?:决算)?支出/, '政府性基金预算财政拨款支出'],
  [/国有资本经营预算财政拨款(?:决算)?收入/, '国有资本经营预算财政拨款收入'],
  [/国有资本经营预算财政拨款(?:决算)?支出/, '国有资本经营预算财政拨款支出'],
  [/财政拨款收入支出总计/, '财政拨款收入支出总计'],
  [/财政拨款收入总计/, '财政拨款收入总计'],
  [/财政拨款支出总计/, '财政拨款支出总计'],
  [/收入支出总计/, '收入支出总计'],
  [/收入总计/, '收入总计'],
  [/支出总计/, '支出总计'],
  [/收入合计/, '收入合计'],
  [/支出合计/, '支出合计'],
  [/财政拨款收入/, '财政拨款收入'],
  [/上级补助收入/, '上级补助收入'],
  [/附属单位上缴收入/, '附属单位上缴收入'],
  [/事业收入/, '事业收入'],
  [/经营收入/, '经营收入'],
  [/其他收入/, '其他收入'],
  [/基本支出/, '基本支出'],
  [/项目支出/, '项目支出'],
  [/上缴上级支出/, '上缴上级支出'],
  [/对附属单位补助支出/, '对附属单位补助支出'],
  [/经营支出/, '经营支出'],
  [/人员经费/, '人员经费'],
  [/公用经费/, '公用经费'],
  [/机关运行经费/, '机关运行经费'],
  [/授予中小企业合同金额/, '授予中小企业合同金额'],
  [/授予小微企业合同金额/, '授予小微企业合同金额'],
  [/政府采购(?:支出总额|支出合计|金额|支出|总额)/, '政府采购支出总额'],
];

export function measureOf(text: string, topic: NarrativeTopic): NarrativeMetric | null {
  const hit = MEASURES.find(([re]) => re.test(text))?.[1];
  if (!hit) return null;
  // Within a section about 财政拨款 the words are shorter than what they mean: "基本支出" in the
  // 一般公共预算财政拨款基本支出 section is the fund's, "支出总计" in the 财政拨款 overview is 财政拨款支出总计.
  if (hit === '基本支出' && topic === 'gp_basic') return '财政拨款基本支出';
  if (topic === 'fiscal_overview' && (hit === '收入总计' || hit === '支出总计' || hit === '收入支出总计')) return `财政拨款${hit}` as NarrativeMetric;
  return hit;
}

/** 类 names; "资源勘探工业信息等支出" is also written without 等. */
const CLASS_NAME = Object.keys(FUNCTION_CLASSES)
  .sort((a, b) => b.length - a.length)
  .map((n) => n.replace('等支出', '(?:等)?支出'))
  .join('|');
const CLASS_MENTION = new RegExp(`(${CLASS_NAME})(\\(类\\))?(?:([^(),;:、。]{1,20})\\(款\\))?(?:([^(),;:、。]{1,30})\\(项\\))?`, 'g');

const THREE_PUBLIC_ITEMS: [RegExp, string][] = [
  [/[“"]?三公[”"]?经费/, '三公经费'],
  [/因公出国\(境\)费?用?/, '因公出国(境)费'],
  [/公务用车购置及运行(?:维护)?费?/, '公务用车购置及运行维护费'],
  [/公务用车购置费?/, '公务用车购置费'],
  [/公务用车运行(?:维护)?费?/, '公务用车运行维护费'],
  [/国\(境\)外接待费/, '国(境)外接待费'],
  [/外事接待费/, '外事接待费'],
  [/国内接待费/, '国内接待费'],
  [/公务接待费?/, '公务接待费'],
];
const THREE_PUBLIC_MENTION = new RegExp(THREE_PUBLIC_ITEMS.map(([re]) => `(${re.source})`).join('|'), 'g');

export interface Mention {
  pos: number;
  subject: string | null;
  classCode: string | null;
}

export function classCodeOf(name: string): string | null {
  return FUNCTION_CLASSES[name] ?? FUNCTION_CLASSES[name.replace(/支出$/, '等支出')] ?? null;
}

/** What may come right before a subject that opens a clause: a break, "1、", "其中:". */
const CLAUSE_OPENER = /(?:[,;:。]|\d[、.]|其中:?)$/;

/** Whether text[pos] opens the text or a clause; only the last 3 characters before it can tell. */
function opensClause(text: string, pos: number): boolean {
  return pos === 0 || CLAUSE_OPENER.test(text.slice(Math.max(0, pos - 3), pos));
}

/** Where the text names a subject (a 类, a 类/款/项 path, a 三公 item), in order. */
export function subjectMentions(text: string, topic: NarrativeTopic): Mention[] {
  const out: Mention[] = [];
  if (topic === 'gp_expenditure' || topic === 'gov_fund' || topic === 'soe_fund') {
    for (const m of text.matchAll(CLASS_MENTION)) {
      // A 类 is a subject when marked (类) or when it opens a clause ("…;社会保障和就业支出年初预算…"),
      // not when it appears inside a list of uses ("用于…、其他支出").
      if (!m[2] && !opensClause(text, m.index)) continue;
      const cls = m[1];
      const subject = [cls, m[3], m[4]].filter(Boolean).join('/');
      out.push({ pos: m.index, subject, classCode: classCodeOf(cls) });
    }
  }
  if (topic === 'three_public') {
    for (const m of text.matchAll(THREE_PUBLIC_MENTION)) {
      const k = m.slice(1).findIndex((g) => g !== undefined);
      out.push({ pos: m.index, subject: THREE_PUBLIC_ITEMS[k][1], classCode: null });
    }
  }
  return out;
}

interface Sentence {
  text: string;
  start: number;
  /** Starts a new 。-sentence (comparison context such as 与上年相比 carries over ;). */
  fresh: boolean;
}

const SENTENCE_END = /[。;!?]/g;

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  let fresh = true;
  // Each piece ends at a sentence end (kept) or at the end of the text; a piece with nothing but
  // its end mark and spaces is no sentence.
  for (const m of text.matchAll(SENTENCE_END)) {
    const i = m.index;
    if (text.slice(start, i).trim()) out.push({ text: text.slice(start, i + 1), start, fresh });
    fresh = m[0] !== ';';
    start = i + 1;
  }
  if (text.slice(start).trim()) out.push({ text: text.slice(start), start, fresh });
  return out;
}

/** The item a clause names ("主要包括基本工资" → "基本工资"). */
function itemName(clause: string): string | null {
  const s = clause
    .replace(/^(?:其中|主要包括|主要有|包括|主要是|分别为|分别是|含)[:]?/, '')
    .replace(/(?:为|共计?|合计)$/, '')
    .trim();
  return s || null;
}

const GRADE = '(不合格|合格|优秀|优|良好|良|中|差)';

export interface Reading {
  metric: NarrativeMetric;
  subject?: string | null;
  basis?: string | null;
  direction?: string | null;
  resetsSubject?: boolean;
}

export interface SectionState {
  /** 人员经费 or 公用经费 while their items are listed. */
  group: NarrativeMetric | null;
  /** Last project count of the 预算绩效 section, for the money that follows it. */
  lastProjectCount: NarrativeMetric | null;
}

/** "…项目…等级为优" after a count, or "…等级为优的项目" before it. */
const GRADED_AFTER = new RegExp(`^项目[^,;。]*?(?:等级|评级|结果)为?[“"]?${GRADE}`);
const GRADED_BEFORE = new RegExp(`(?:等级|评级)为[“"]?${GRADE}[”"]?的项目$`);

function readPerformance(unit: string, clause: string, label: string, right: string, state: SectionState): Reading | null {
  const graded = unit === '个' ? (GRADED_AFTER.exec(right) ?? GRADED_BEFORE.exec(clause)) : null;
  if (graded) return { metric: '自评等级项目数', subject: graded[1] };
  if (unit === '个' && /^项目?开展了?(?:部门|重点)?评价/.test(right)) {
    state.lastProjectCount = '部门评价项目数';
    return { metric: '部门评价项目数' };
  }
  if (unit === '个' && /项目|个数/.test(clause)) {
    const level = /(一级|二级)项目/.exec(clause)?.[1];
    for (const text of [clause, label]) {
      const metric: NarrativeMetric | null = /跟踪/.test(text) ? '绩效跟踪项目数' : /目标/.test(text) ? '绩效目标项目数' : /自评/.test(text) ? '绩效自评项目数' : /评价/.test(text) ? '部门评价项目数' : null;
      if (metric) {
        state.lastProjectCount = metric;
        return { metric, subject: level ? `${level}项目` : null };
      }
    }
  }
  if (MONEY_UNITS.has(unit)) {
    const fund = /(一般公共预算|政府性基金预算|国有资[本金]经营预算|社会保险基金预算)/.exec(clause);
    if (fund) return { metric: '绩效项目资金', subject: fund[1], basis: state.lastProjectCount };
    if (/资金|金额/.test(clause)) return { metric: '绩效项目资金', basis: state.lastProjectCount };
  }
  if (unit === '分' && /平均/.test(clause)) return { metric: '平均得分' };
  return null;
}

export const DERIVED = new Set<NarrativeMetric>(['增减额', '增减率', '占比', '完成率']);

/** The items a list of values names before 分别/各 ("其中:基本支出、项目支出分别为", "人员经费和公用经费分别为"). */
export function listedNames(label: string): string[] {
  const head = /([^,;:。]*?)(?:各|分别)(?:为|是)?$/.exec(label)?.[1];
  return head ? head.replace(/^其中/, '').split(/、|和|与|及/).filter((n) => n !== '') : [];
}

const FUND_INCOME = /(?:^|其中|\()(一般公共预算|政府性基金预算|国有资本经营预算)(?:财政拨款)?(?:收入)?为?$/;

/** What a number is, from the words before it (label, and its last clause) and after it. */
export function read(unit: string, label: string, right: string, topic: NarrativeTopic, state: SectionState): Reading {
  const clause = label.split(CLAUSE_BREAK).pop() ?? '';
  if (PERCENT_UNITS.has(unit)) {
    if (/完成/.test(label)) return { metric: '完成率', basis: /年初预算/.test(label) ? '年初预算' : /全年预算/.test(label) ? '全年预算' : '预算' };
    const share = /占([^占]*?)的?$/.exec(clause);
    if (share) return { metric: '占比', basis: share[1] && share[1] !== '比' ? measureOf(share[1], topic) ?? share[1] : null };
    const change = CHANGE_WORD.exec(clause);
    if (change) return { metric: '增减率', direction: UPWARD.test(change[1]) ? '增加' : '减少' };
    return { metric: '百分比' };
  }
  const change = CHANGE_WORD.exec(clause);
  if (change) return { metric: '增减额', direction: UPWARD.test(change[1]) ? '增加' : '减少', basis: measureOf(clause.slice(0, change.index), topic) };
  if (topic === 'performance') {
    const r = readPerformance(unit, clause, label, right, state);
    if (r) return r;
  }
  const money = MONEY_UNITS.has(unit);
  if (money && topic === 'procurement') {
    // "面向中小企业预留…预算金额" is about procurement, not the department's budget.
    const measure = measureOf(clause, topic);
    if (measure) return { metric: measure, subject: null };
    const kind = /(货物|工程|服务)/.exec(clause);
    return kind ? { metric: '政府采购支出总额', subject: kind[1] } : { metric: '其他' };
  }
  if (money && /年初预算/.test(clause)) return { metric: '年初预算', resetsSubject: measureOf(clause, topic) !== null };
  if (money && /全年预算/.test(clause)) return { metric: '全年预算', resetsSubject: measureOf(clause, topic) !== null };
  // "财政拨款收入…(其中,一般公共预算4352.47万元,政府性基金预算0万元…)": a fund's share of income, not a budget.
  // It is income only where the clause names 收入 or the section is about income; a fund's
  // share of spending ("财政拨款支出…(其中,一般公共预算80万元…)") is no metric of its own.
  const fund = money ? FUND_INCOME.exec(clause) : null;
  if (fund && !/收入/.test(fund[0]) && topic !== 'income') return { metric: '其他' };
  if (fund) return { metric: `${fund[1]}财政拨款收入` as NarrativeMetric, subject: null };
  if (money && /预算(?:数|金额)?为?$/.test(clause) && !/决算/.test(clause)) return { metric: '预算数' };
  const measure = money ? measureOf(clause, topic) : null;
  if (measure) {
    if (measure === '人员经费' || measure === '公用经费') state.group = measure;
    else if (measure === '财政拨款基本支出') state.group = null;
    return { metric: measure, subject: null, resetsSubject: true };
  }
  if (money && /决算/.test(clause)) return { metric: '决算数' };
  if (unit === '辆') {
    if (topic === 'three_public') return { metric: /购置/.test(clause) ? '购置车辆数' : /保有/.test(clause) ? '公务用车保有量' : '车辆数' };
    const item = itemName(clause);
    return { metric: '车辆数', subject: !item || /共有|合计|总数|车辆数?$/.test(item) ? null : item };
  }
  if (/^(?:台\(套\)|台套|台|套)$/.test(unit) && /设备/.test(label)) return { metric: '大型设备数' };
  if (unit === '个' && /团组/.test(clause)) return { metric: '出国团组数' };
  if (unit === '人次') return { metric: '人次' };
  if (unit === '批次') return { metric: '接待批次' };
  if (money && topic === 'gp_basic' && state.group) return { metric: state.group, subject: itemName(clause) };
  if (money && (topic === 'gp_expenditure' || topic === 'gov_fund' || topic === 'soe_fund' || topic === 'three_public')) return { metric: '决算数' };
  return { metric: '其他' };
}

interface Claim {
  pos: number;
  end: number;
  kind: 'number' | 'year' | 'relation' | 'flat';
  match: RegExpMatchArray;
  /** 'first': the first of two values sharing the next one's unit ("各是X,Y万元"); 'second': that next one. */
  pair?: 'first' | 'second';
}

export function claimsOf(sentence: string): Claim[] {
  const out: Claim[] = [];
  for (const m of sentence.matchAll(TOKEN)) {
    const [whole, num, unit] = m;
    // The tests on what precedes the token look at no more than its last 2 characters.
    const before = sentence.slice(Math.max(0, m.index - 2), m.index);
    const after = sentence.slice(m.index + whole.length);
    if (num === undefined) {
      // "完成年初预算的%": a percentage printed without its number is still a claim.
      if (unit !== '%' || !/[\u4e00-\u9fff]$/.test(before)) continue;
    }
    // Thresholds and targets are not claims about the accounts: "单价100万元(含)以上", "≥90%".
    if (/[≥≤<>]$/.test(before) || /单价$/.test(before) || /^(?:\(含\))?以[上下]/.test(after)) continue;
    const first = num !== undefined && /各|分别/.test(sentence.slice(0, m.index)) ? PAIR_FIRST.exec(sentence.slice(Math.max(0, m.index - 24), m.index)) : null;
    if (first) {
      const pos = m.index - first[0].length;
      const match = Object.assign([first[1], first[1], unit], { index: pos, input: sentence }) as unknown as RegExpMatchArray;
      out.push({ pos, end: pos + first[1].length, kind: 'number', match, pair: 'first' });
    }
    out.push({ pos: m.index, end: m.index + whole.length, kind: 'number', match: m, ...(first ? { pair: 'second' as const } : {}) });
  }
  // Every year has 年 and every relation 决算: most sentences need not be searched for them.
  const years = sentence.includes('年') ? sentence.matchAll(YEAR) : [];
  for (const m of years) {
    const before = sentence.slice(Math.max(0, m.index - 2), m.index); // its last 2 characters, as above
    const after = sentence.slice(m.index + m[0].length);
    if (/\d[-—~至到]$/.test(before) || /^[-—~至到]\d/.test(after)) continue; // a range of years
    out.push({ pos: m.index, end: m.index + m[0].length, kind: 'year', match: m });
  }
  const relations = sentence.includes('决算') ? sentence.matchAll(RELATION) : [];
  const relationEnds = new Set<number>();
  for (const m of relations) {
    out.push({ pos: m.index, end: m.index + m[0].length, kind: 'relation', match: m });
    relationEnds.add(m.index + m[0].length);
  }
  const flats = sentence.includes('持平') ? sentence.matchAll(FLAT) : [];
  for (const m of flats) {
    // Not the budget relation ("决算数与预算数基本持平"), whether RELATION read it or not.
    const clause = sentence.slice(0, m.index).split(/[,;:。]/).pop()!;
    if (relationEnds.has(m.index + m[0].length) || /预算/.test(clause)) continue;
    out.push({ pos: m.index, end: m.index + m[0].length, kind: 'flat', match: m });
  }
  return out.sort((a, b) => a.pos - b.pos);
}
