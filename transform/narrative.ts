// Narrative facts: every numeric claim of the narrative part (第三部分 情况说明, or Shanghai's
// "第三部分 …部门决算情况说明") as a row, and the checks of those claims against the standard
// tables and against their own arithmetic.
//
// Reading is by structure and sentence patterns, not by the wording of one report:
//  1. the narrative is the "第N部分 …说明" part with the most amounts (a table of contents has none);
//  2. it is cut into sections at "一、…" and "(一)…" headings, each given a topic from its title;
//  3. each section's lines are joined (sentences wrap across lines and pages) and split into
//     sentences at 。 and ;
//  4. every number with a unit is a claim; the words between the previous number and this one
//     (its label) say what it is; the class or 三公 item last named in the section is its subject.
import { firstNonSpace, lineText, type Line } from '../extract/lines.js';
import type { TableCode } from '../schemas/contract.js';
import type { NARRATIVE_METRICS, NARRATIVE_TOPICS } from '../schemas/narrative.js';
import type { CheckRow } from './types.js';
import { abs, add, checkAmount, compare, fitsDecimal, UNIT_EXPONENT, parseDecimal, shift, sub, toFixedString, toString as decimalText, ZERO, type Decimal } from './decimal.js';
import type { TransformResult } from './index.js';
import type { ParsedRow, ParsedTable } from './tables/model.js';
import { canonicalLabel, FUNCTION_CLASSES } from './tables/templates.js';

export type NarrativeTopic = (typeof NARRATIVE_TOPICS)[number];
export type NarrativeMetric = (typeof NARRATIVE_METRICS)[number];

/** One row of narrative_facts (without report_id); see schemas/narrative.ts for each column. */
export type NarrativeFact = {
  fact_no: number;
  sentence_no: number;
  section: string;
  section_title: string;
  topic: NarrativeTopic;
  metric: NarrativeMetric;
  subject: string | null;
  class_code: string | null;
  basis: string | null;
  value: string | null;
  value_text: string;
  unit: string | null;
  amount_yuan: string | null;
  direction: string | null;
  period_year: number | null;
  comparison_year: number | null;
  label: string;
  note: string | null;
  sentence: string;
  source_line: number | null;
  source_page: number | null;
};

// ---------------------------------------------------------------------------------------------
// Text: lines → one string per section, keeping where each character came from.

/** Removes whitespace (cells are split on spaces, PDF text has stray ones) but keeps two numbers apart. */
export function compact(s: string): string {
  // Lines come cleaned (NFKC per cell) from extract(); only spacing is left to remove.
  return /\s/.test(s) ? s.replace(/(\d)\s+(?=\d)|\s+/g, (_m, digit?: string) => (digit ? `${digit} ` : '')) : s;
}

/** A line's cells as one compacted string, cached per line (the readers here use LineTexts instead). */
const TEXT_CACHE = new WeakMap<Line, string>();
export function textOf(l: Line): string {
  let t = TEXT_CACHE.get(l);
  if (t === undefined) TEXT_CACHE.set(l, (t = compact(lineText(l))));
  return t;
}

/**
 * The compacted text of each line, computed on first use. Most lines of a report are table rows
 * that no heading or sentence pattern can match, and compacting them all would cost more than
 * everything else the readers do; so the readers look at a line's first or last character (which
 * compaction keeps: it only removes whitespace, and never leaves any at either end) and ask for
 * its text only when that character can start or end what they look for.
 */
export class LineTexts {
  private texts: (string | undefined)[];
  private firsts: (string | undefined)[];
  constructor(readonly lines: Line[]) {
    this.texts = new Array(lines.length);
    this.firsts = new Array(lines.length);
  }
  get length(): number {
    return this.lines.length;
  }
  /** What textOf(lines[i]) gives, without its WeakMap (dearer than compacting the few lines asked for); i must be a line's index. */
  at(i: number): string {
    return (this.texts[i] ??= compact(lineText(this.lines[i])));
  }
  /** The first character of at(i), '' for an empty line. */
  first(i: number): string {
    let ch = this.firsts[i];
    if (ch === undefined) {
      const t = this.texts[i] ?? this.lines[i].text; // compaction keeps the first and last characters
      this.firsts[i] = ch = t !== undefined ? t.charAt(0) : firstNonSpace(this.lines[i].cells);
    }
    return ch;
  }
  /** The last character of at(i), '' for an empty line. */
  last(i: number): string {
    const t = this.texts[i] ?? this.lines[i].text;
    if (t !== undefined) return t.charAt(t.length - 1);
    const cells = this.lines[i].cells;
    for (let k = cells.length - 1; k >= 0; k--) {
      const s = cells[k].trimEnd();
      if (s) return s[s.length - 1];
    }
    return '';
  }
  /** Whether the line has any of `chars` (compaction adds none): a cheap test before a regex on at(i). */
  has(i: number, chars: string[]): boolean {
    const t = this.texts[i] ?? this.lines[i].text;
    if (t !== undefined) return chars.some((ch) => t.includes(ch));
    return this.lines[i].cells.some((c) => chars.some((ch) => c.includes(ch)));
  }
}

/** Chinese numerals of ordinal headings ("一、", "第三部分"). */
export const NUMERALS = new Set('一二三四五六七八九十');

class Joined {
  text = '';
  private starts: number[] = [];
  private sources: Line[] = [];
  push(l: Line, text: string): void {
    this.starts.push(this.text.length);
    this.sources.push(l);
    this.text += text; // wrapped lines continue the sentence: no separator
  }
  /** The last line starting at or before offset (the first line for an offset before it). */
  lineAt(offset: number): Line | undefined {
    return this.sources[lineIndexAt(this.starts, offset)];
  }
}

/**
 * Index of the last of `starts` (non-decreasing offsets where lines start; empty lines repeat one)
 * that is at or before offset; 0 when offset is before them all, -1 when there are none.
 * A binary search: walking back from the end was quadratic over a section's claims.
 */
export function lineIndexAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return hi;
}

interface Section {
  no: string;
  title: string;
  topic: NarrativeTopic;
  body: Joined;
}

const PART = /^第[一二三四五六七八九十]部分/;
const TOP_HEADING = /^([一二三四五六七八九十]{1,3})、(.{2,40})$/;
const SUB_HEADING = /^\(([一二三四五六七八九十]{1,3})\)(.{2,40})$/;
const AMOUNT = /\d(?:万元|%)/g;
const AMOUNT_CHARS = ['万', '%'];
const HAS_CLAIM = /\d(?:[\d,.]*)(?:万元|元|%|辆|个)/;

const GLOSSARY = /^[一二三四五六七八九十]{1,3}、名词解释/;

/** Whether line i is a part heading ("第三部分 …"). */
const isPart = (texts: LineTexts, i: number) => texts.first(i) === '第' && PART.test(texts.at(i));

interface Span {
  title: number | null;
  from: number;
  end: number;
}

// The first standard section, where a report has no "第N部分 …情况说明" heading: "一、收入支出决算
// 总体情况说明", "(一)2021年度收支决算总体情况", "1.收入决算情况说明" (some start with 收入).
const FIRST_SECTION = /^(?:一、|\(一\)|1[.、])(?:\d{4}年度?)?(?:部门|单位)?(?:收入支出|收支)?(?:决算)?(?:总体|收入决算)情况/;

/** The narrative part: the "第N部分 …说明" heading whose part holds the most amounts. */
function locateNarrative(texts: LineTexts): Span | null {
  const n = texts.length;
  const candidates: Span[] = [];
  for (let i = 0; i < n; i++) {
    if (!isPart(texts, i) || !(texts.at(i) + (i + 1 < n ? texts.at(i + 1) : '')).includes('说明')) continue;
    let end = i + 1;
    while (end < n && !isPart(texts, end)) end++;
    candidates.push({ title: i, from: i + 1, end });
  }
  // No part heading (or only a table of contents): start at the first standard section, stop at
  // the glossary or the next part.
  for (let i = 0; i < n; i++) {
    const f = texts.first(i);
    if ((f !== '一' && f !== '(' && f !== '1') || !FIRST_SECTION.test(texts.at(i))) continue;
    let end = i + 1;
    while (end < n && !isPart(texts, end) && !(NUMERALS.has(texts.first(end)) && GLOSSARY.test(texts.at(end)))) end++;
    candidates.push({ title: null, from: i, end });
  }
  // An amount is a digit before 万元 or %: a line with neither character has none.
  const amounts = (i: number) => (texts.has(i, AMOUNT_CHARS) ? (texts.at(i).match(AMOUNT)?.length ?? 0) : 0);
  const score = (c: Span) => {
    let total = 0;
    for (let i = c.from; i < c.end; i++) total += amounts(i);
    return total;
  };
  let best: Span | null = null;
  let bestScore = 0;
  for (const c of candidates) {
    const s = score(c);
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

const TOPIC_RULES: [RegExp, NarrativeTopic][] = [
  [/三公/, 'three_public'],
  [/机关运行经费/, 'running_costs'],
  [/政府采购/, 'procurement'],
  [/国有资产/, 'assets'],
  [/绩效/, 'performance'],
  [/基本支出/, 'gp_basic'],
  [/一般公共预算财政拨款/, 'gp_expenditure'],
  [/政府性基金/, 'gov_fund'],
  [/国有资本经营/, 'soe_fund'],
  [/财政拨款收入?支/, 'fiscal_overview'],
  [/收入?支出?(?:决算)?总体/, 'overview'],
  [/收入/, 'income'],
  [/支出/, 'expenditure'],
];

/** Topic of the innermost heading that has one. */
function topicOf(titles: string[]): NarrativeTopic {
  for (const t of [...titles].reverse()) {
    const rule = TOPIC_RULES.find(([re]) => re.test(t));
    if (rule) return rule[1];
  }
  return 'other';
}

function splitSections(texts: LineTexts, at: Span): { title: Section | null; sections: Section[] } {
  const lines = texts.lines;
  let title: Section | null = null;
  let from = at.from;
  if (at.title !== null) {
    title = { no: '', title: '', topic: 'title', body: new Joined() };
    title.body.push(lines[at.title], texts.at(at.title));
    // A heading wrapped over two lines ("…部门决算情况" / "说明").
    while (from < at.end && texts.at(from).length <= 8 && !/\d/.test(texts.at(from)) && !TOP_HEADING.test(texts.at(from))) {
      title.body.push(lines[from], texts.at(from));
      from++;
    }
    title.title = title.body.text;
  }
  const sections: Section[] = [];
  let top = { no: '', title: '' };
  let current: Section = { no: '', title: '', topic: 'other', body: new Joined() };
  let listed = false; // whether current is in sections (the untitled first one is added with its first line)
  const open = (no: string, titles: string[]) => {
    current = { no, title: titles.join(' / '), topic: topicOf(titles.map((t) => t.replace(/^[^、)]*[、)]/, ''))), body: new Joined() };
    sections.push(current);
    listed = true;
  };
  for (let i = from; i < at.end; i++) {
    const t = texts.at(i);
    if (!t) continue;
    // A heading is short and claims nothing; "1、…" items and sentences are body text.
    const heading = !HAS_CLAIM.test(t);
    const m = heading ? TOP_HEADING.exec(t) : null;
    const s = heading ? SUB_HEADING.exec(t) : null;
    if (m) {
      top = { no: m[1], title: t };
      open(m[1], [t]);
    } else if (s) {
      open(`${top.no}(${s[1]})`, top.title ? [top.title, t] : [t]);
    } else {
      if (!listed) sections.push(current);
      listed = true;
      current.body.push(lines[i], t);
    }
  }
  return { title, sections };
}

// ---------------------------------------------------------------------------------------------
// Claims: numbers with units, years, and actual-vs-budget statements.

// A number never starts inside another one ("4125.49,4143.91万元" is two numbers, not "49,4143.91").
const TOKEN = /(∞|(?<![\d.])\d[\d,]*(?:\.\d+)?)?(个百分点|万元|亿元|千元|元|%|辆|台\(套\)|台套|台|套|个|人次|批次|家|分)/g;
// "收、支总计各是4125.49,4143.91万元", "各下降23.51%、38.28%": the first of two values sharing a unit.
const PAIR_FIRST = /(?<![\d.,])(\d[\d,]*\.\d+|\d+)[,，、]$/;
const MONEY_UNITS = new Set(['万元', '亿元', '千元', '元']);
const PERCENT_UNITS = new Set(['%', '个百分点']);
const YEAR = /(\d{4})年(度)?/g;
const RELATION =
  /(?:决算数?|支出决算|决算支出)(?:明显|略|均)?(小于|低于|少于|大于|高于|多于|超过|等于)(?:年初)?预算数?|(?:决算数?|支出决算)与(?:年初)?预算数?(基本持平|持平|一致|相等|相同)/g;
const CHANGE_WORD = /(增加|减少|增长|下降|降低|上升|提高|节约|超支|增幅|降幅|减幅|涨幅)了?为?$/;
const UPWARD = /增加|增长|上升|提高|超支|增幅|涨幅/;
const CLAUSE_BREAK = /[,;:、]/;

/** Measures named in a clause, most specific first (a fund's totals before the generic ones). */
const MEASURES: [RegExp, NarrativeMetric][] = [
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

function measureOf(text: string, topic: NarrativeTopic): NarrativeMetric | null {
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

interface Mention {
  pos: number;
  subject: string | null;
  classCode: string | null;
}

function classCodeOf(name: string): string | null {
  return FUNCTION_CLASSES[name] ?? FUNCTION_CLASSES[name.replace(/支出$/, '等支出')] ?? null;
}

/** What may come right before a subject that opens a clause: a break, "1、", "其中:". */
const CLAUSE_OPENER = /(?:[,;:。]|\d[、.]|其中:?)$/;

/** Whether text[pos] opens the text or a clause; only the last 3 characters before it can tell. */
function opensClause(text: string, pos: number): boolean {
  return pos === 0 || CLAUSE_OPENER.test(text.slice(Math.max(0, pos - 3), pos));
}

/** Where the text names a subject (a 类, a 类/款/项 path, a 三公 item), in order. */
function subjectMentions(text: string, topic: NarrativeTopic): Mention[] {
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

function splitSentences(text: string): Sentence[] {
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

interface Reading {
  metric: NarrativeMetric;
  subject?: string | null;
  basis?: string | null;
  direction?: string | null;
  resetsSubject?: boolean;
}

interface SectionState {
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

const DERIVED = new Set<NarrativeMetric>(['增减额', '增减率', '占比', '完成率']);

/** The items a list of values names before 分别/各 ("其中:基本支出、项目支出分别为", "人员经费和公用经费分别为"). */
function listedNames(label: string): string[] {
  const head = /([^,;:。]*?)(?:各|分别)(?:为|是)?$/.exec(label)?.[1];
  return head ? head.replace(/^其中/, '').split(/、|和|与|及/).filter((n) => n !== '') : [];
}

const FUND_INCOME = /(?:^|其中|\()(一般公共预算|政府性基金预算|国有资本经营预算)(?:财政拨款)?(?:收入)?为?$/;

/** What a number is, from the words before it (label, and its last clause) and after it. */
function read(unit: string, label: string, right: string, topic: NarrativeTopic, state: SectionState): Reading {
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
  kind: 'number' | 'year' | 'relation';
  match: RegExpMatchArray;
  /** 'first': the first of two values sharing the next one's unit ("各是X,Y万元"); 'second': that next one. */
  pair?: 'first' | 'second';
}

function claimsOf(sentence: string): Claim[] {
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
  for (const m of relations) out.push({ pos: m.index, end: m.index + m[0].length, kind: 'relation', match: m });
  return out.sort((a, b) => a.pos - b.pos);
}

function money2(d: Decimal): string | null {
  return d.scale <= 2 ? toFixedString(d, 2) : null;
}

/**
 * Every numeric claim of the narrative part, in reading order. fiscalYear (of the report) turns
 * "上年" into a comparison year; pass null when unknown.
 */
export function extractNarrativeFacts(lines: Line[], fiscalYear: number | null): NarrativeFact[] {
  const texts = new LineTexts(lines);
  const at = locateNarrative(texts);
  if (!at) return [];
  const { title, sections } = splitSections(texts, at);
  const facts: NarrativeFact[] = [];
  let sentenceNo = 0;

  for (const section of [...(title ? [title] : []), ...sections]) {
    const body = section.body.text;
    const mentions = subjectMentions(body, section.topic);
    const state: SectionState = { group: null, lastProjectCount: null };
    let subject: Mention | null = null;
    let nextMention = 0;
    let comparisonYear: number | null = null;

    for (const s of splitSentences(body)) {
      sentenceNo++;
      if (s.fresh) comparisonYear = null;
      let periodYear: number | null = null;
      let prevEnd = 0;
      let previous: { unit: string; reading: Reading } | null = null; // the sentence's last number
      let list: { names: string[]; k: number } | null = null; // the values listed together, and where we are
      for (const c of claimsOf(s.text)) {
        const absolute = s.start + c.pos;
        while (nextMention < mentions.length && mentions[nextMention].pos < absolute) subject = mentions[nextMention++];
        const before = s.text.slice(0, c.pos);
        const place: Place = { sentenceNo, section, sentence: s.text, source: section.body.lineAt(absolute) };

        if (c.kind === 'year') {
          const year = Number(c.match[1]);
          const after = s.text.slice(c.end);
          const last2 = before.slice(-2); // enough for the end-anchored tests
          const comparing = /(?:比|较|与|同|对比)$/.test(last2);
          // A year is the period a statement is about when it opens the sentence, follows 截至,
          // or says 年度 / 年初 / 年末; other years in passing ("2023年我单位…") are not claims.
          const period = !comparing && (c.match[2] !== undefined || /截至$/.test(last2) || /^(?:\d+[、.])?$/.test(before) || /^[初末]/.test(after));
          if (comparing) comparisonYear = year;
          else if (period) periodYear = year;
          else continue;
          facts.push(
            newFact(place, {
              metric: comparing ? '比较年度' : '报告年度',
              subject: null,
              class_code: null,
              basis: null,
              value: String(year),
              value_text: c.match[0],
              unit: '年',
              amount_yuan: null,
              direction: null,
              period_year: comparing ? periodYear : year,
              comparison_year: comparing ? year : null,
              label: (before.split(CLAUSE_BREAK).pop() ?? '') || before,
              note: null,
            }),
          );
          continue;
        }
        if (c.kind === 'relation') {
          const word = c.match[1] ?? c.match[2];
          const direction = /小于|低于|少于/.test(word) ? '小于' : /大于|高于|多于|超过/.test(word) ? '大于' : word === '基本持平' ? '基本持平' : '等于';
          facts.push(
            newFact(place, {
              metric: '决算与预算关系',
              subject: subject?.subject ?? null,
              class_code: subject?.classCode ?? null,
              basis: null,
              value: null,
              value_text: c.match[0],
              unit: null,
              amount_yuan: null,
              direction,
              period_year: periodYear,
              comparison_year: null,
              label: c.match[0],
              note: null,
            }),
          );
          continue;
        }

        if (/(?:比|较|与)上一?年度?|去年|同比/.test(before)) comparisonYear = fiscalYear === null ? comparisonYear : fiscalYear - 1;
        const [whole, num, rawUnit] = c.match;
        const unit = rawUnit === '台套' || rawUnit === '台' || rawUnit === '套' ? '台(套)' : rawUnit;
        const label = s.text.slice(prevEnd, c.pos).replace(/^[,;:、。]+/, '');
        prevEnd = c.end;
        const right = s.text.slice(c.end, c.end + 40);
        // Values listed together: "基本支出、项目支出分别为60.00万元、40.00万元", "收、支总计各是
        // 4125.49,4143.91万元", "各下降23.51%、38.28%". The second reads like the first (a change, a
        // rate), or as the item the list names in its place.
        const second = previous !== null && (c.pair === 'second' || (label === '' && previous.unit === rawUnit && /各|分别/.test(before)));
        const firstOfTwo = !second && (c.pair === 'first' || /^[、,，]\d/.test(right));
        if (firstOfTwo) list = { names: listedNames(label), k: 0 };
        else if (second && list) list.k++;
        else list = null;
        let r: Reading = second ? previous!.reading : read(rawUnit, label, right, section.topic, state);
        previous = { unit: rawUnit, reading: r };
        const named = list?.names[list.k] ? measureOf(list.names[list.k], section.topic) : null;
        if (named) r = r.metric === '增减额' || r.metric === '增减率' ? { ...r, basis: named } : { metric: named, subject: null, resetsSubject: true };
        else if (second && !DERIVED.has(r.metric) && !/收、?支(?:出)?总计/.test(before)) r = read(rawUnit, label, right, section.topic, state);
        // "收、支总计各…": the first value is the income side's, the second the expenditure side's.
        if ((firstOfTwo || second) && /收、?支(?:出)?总计/.test(before)) {
          const total = second ? '支出总计' : '收入总计';
          r = r.metric === '增减额' || r.metric === '增减率' ? { ...r, basis: total } : r.metric === '其他' || r.metric === '收入支出总计' ? { metric: total, subject: null } : r;
        }
        const mentioned = subject; // the subject before this number resets it
        if (r.resetsSubject && section.topic !== 'three_public') subject = null;
        let value: string | null = null;
        let amount: string | null = null;
        let note: string | null = null;
        if (num === undefined) note = 'percentage printed without a number';
        else if (num === '∞') note = '∞: printed as infinite (the base is 0)';
        else {
          let d = parseDecimal(num);
          if (!d) {
            d = parseDecimal(num.replace(/,/g, ''));
            note = `irregular digit grouping "${num}"`;
          }
          if (d && !fitsDecimal(d, 18, 4)) note = `${num} has more digits than the value column (DECIMAL(18,4)) holds: see value_text`;
          else if (d) {
            value = decimalText(d);
            if (MONEY_UNITS.has(unit)) {
              amount = money2(shift(d, UNIT_EXPONENT[unit] ?? 0));
              if (amount === null) note = `${num}${unit} has more decimals than 元 with 2 decimals can hold`;
            }
          }
        }
        const derived = r.metric === '增减额' || r.metric === '增减率';
        const own = r.subject !== undefined || r.resetsSubject; // the reading names the subject (or none)
        facts.push(
          newFact(place, {
            metric: r.metric,
            subject: r.subject !== undefined ? r.subject : r.resetsSubject ? null : (mentioned?.subject ?? null),
            class_code: own ? (r.subject ? classCodeOf(r.subject) : null) : (mentioned?.classCode ?? null),
            basis: r.basis ?? null,
            value,
            value_text: whole,
            unit,
            amount_yuan: amount,
            direction: r.direction ?? null,
            period_year: periodYear,
            comparison_year: derived ? comparisonYear : null,
            label,
            note,
          }),
        );
      }
    }
  }
  facts.forEach((f, i) => (f.fact_no = i + 1));
  return facts;
}

/** Where a fact was read: its sentence, section and source line. */
interface Place {
  sentenceNo: number;
  section: Section;
  sentence: string;
  source: Line | undefined;
}

type FactValues = Omit<NarrativeFact, 'fact_no' | 'sentence_no' | 'section' | 'section_title' | 'topic' | 'sentence' | 'source_line' | 'source_page'>;

/**
 * A fact row, built as one literal (spreading a shared base per fact was the slowest part of the
 * reader). The keys keep the order the rows have always had, so JSON dumps of facts stay the same.
 */
function newFact(at: Place, v: FactValues): NarrativeFact {
  return {
    fact_no: 0,
    sentence_no: at.sentenceNo,
    section: at.section.no,
    section_title: at.section.title,
    topic: at.section.topic,
    subject: v.subject,
    class_code: v.class_code,
    basis: v.basis,
    amount_yuan: v.amount_yuan,
    direction: v.direction,
    period_year: v.period_year,
    comparison_year: v.comparison_year,
    note: v.note,
    sentence: at.sentence,
    source_line: at.source?.line ?? null,
    source_page: at.source?.page ?? null,
    metric: v.metric,
    value: v.value,
    value_text: v.value_text,
    unit: v.unit,
    label: v.label,
  };
}

// ---------------------------------------------------------------------------------------------
// Checks.
//
// Conventions of the check rows (kind 'narrative'):
//  - amounts against a table: expected = the table's amount, actual = the narrative's, difference =
//    actual − expected, all in 元; tolerance = one unit of the last digit printed by the coarser of
//    the two (narratives round or truncate: "1419万元" for 1,419.06; tables are rounded one by one);
//  - counts against a table, percentages, relations and years: expected/actual/difference/tolerance
//    are NULL (they are not 元) and detail gives both values. A percentage passes when some value the
//    printed amounts could stand for (each ± half a unit of its last digit) gives the printed
//    percentage within one unit of its last digit;
//  - relations (决算数小于预算数 …): expected = the budget, actual = the actual, both in 元.

const LEVEL_EXCLUDED = new Set<NarrativeMetric>(['年初预算', '全年预算', '预算数', '增减额', '增减率', '完成率', '占比', '百分比', '绩效项目资金', '其他', '报告年度', '比较年度', '决算与预算关系']);
const BUDGETS = new Set<NarrativeMetric>(['年初预算', '全年预算', '预算数']);
const KNOWN_METRICS = new Set<string>(MEASURES.map(([, m]) => m));
const isMoney = (f: NarrativeFact) => f.unit !== null && MONEY_UNITS.has(f.unit) && f.amount_yuan !== null;
const isLevel = (f: NarrativeFact) => isMoney(f) && !LEVEL_EXCLUDED.has(f.metric);

/** A number as printed, in 元 for money: value and one unit of its last printed digit. */
interface Amount {
  value: Decimal;
  step: Decimal;
  text: string;
}

function factAmount(f: NarrativeFact): Amount | null {
  const d = f.value === null ? null : parseDecimal(f.value);
  if (!d) return null;
  const exp = f.unit && MONEY_UNITS.has(f.unit) ? UNIT_EXPONENT[f.unit] ?? 0 : 0;
  // A printed 0 ("0万元") claims nothing was spent: exact, whatever its number of decimals.
  const step = d.units === 0n ? ZERO : shift({ units: 1n, scale: d.scale }, exp);
  return { value: shift(d, exp), step, text: `${f.metric}${f.subject ? `(${f.subject})` : ''} ${f.value_text}` };
}

const half = (d: Decimal): Decimal => ({ units: d.units * 5n, scale: d.scale + 1 });
const mul = (a: Decimal, b: Decimal): Decimal => ({ units: a.units * b.units, scale: a.scale + b.scale });
const max = (a: Decimal, b: Decimal) => (compare(a, b) >= 0 ? a : b);
const HUNDRED: Decimal = { units: 100n, scale: 0 };

function yuan(d: Decimal): string {
  return d.scale <= 2 ? toFixedString(d, 2) : decimalText(d);
}

/** a / b × 100, rounded half-up to `decimals`. */
function percentOf(a: Decimal, b: Decimal, decimals: number): Decimal {
  let num = a.units * 10n ** BigInt(b.scale + decimals) * 100n;
  let den = b.units * 10n ** BigInt(a.scale);
  if (den < 0n) [num, den] = [-num, -den];
  const neg = num < 0n;
  const q = (2n * (neg ? -num : num) + den) / (2n * den);
  return { units: neg ? -q : q, scale: decimals };
}

/** Whether the printed percentage p can be a / b × 100 given the rounding of a, b (± half) and p (± one unit). */
function percentFits(a: Decimal, ha: Decimal, b: Decimal, hb: Decimal, p: Decimal): boolean {
  const u: Decimal = { units: 1n, scale: p.scale };
  const lowOk = compare(mul(sub(a, ha), HUNDRED), mul(add(p, u), add(b, hb))) <= 0;
  const bLow = sub(b, hb);
  const highOk = compare(bLow, ZERO) <= 0 || compare(mul(add(a, ha), HUNDRED), mul(sub(p, u), bLow)) >= 0;
  return lowOk && highOk;
}

interface TableTerm {
  code: TableCode;
  value: Decimal;
  step: Decimal;
  label: string;
}

/** Looks up table cells; a blank cell of a table that is present counts as 0. */
class Tables {
  private found = new Map<TableCode, ParsedTable | undefined>();
  private labelKeys = new Map<string, string>();
  constructor(private result: TransformResult) {}
  table(code: TableCode): ParsedTable | undefined {
    if (this.found.has(code)) return this.found.get(code);
    const t = this.result.tables.find((x) => x.code === code);
    // A table found but with nothing read (and not declared empty) cannot vouch for a 0.
    const usable = t && (t.rows.length > 0 || t.declaredEmpty) ? t : undefined;
    this.found.set(code, usable);
    return usable;
  }
  /** Whether two labels name the same row: canonical labels equal, brackets aside (each label's form computed once). */
  sameLabel(a: string, b: string): boolean {
    return this.labelKey(a) === this.labelKey(b);
  }
  private labelKey(label: string): string {
    let key = this.labelKeys.get(label);
    if (key === undefined) this.labelKeys.set(label, (key = canonicalLabel(label).replace(/[()]/g, '')));
    return key;
  }
  row(code: TableCode, pick: string | ((r: ParsedRow) => boolean)): ParsedRow | undefined {
    return this.table(code)?.rows.find(typeof pick === 'string' ? (r) => r.key === pick : pick);
  }
  /** Sum of cells (in 元 for money tables, as printed for counts); null when the table is absent. */
  term(code: TableCode, rows: (ParsedRow | undefined)[], col: number, count = false): TableTerm | null {
    const t = this.table(code);
    if (!t) return null;
    const exp = count ? 0 : UNIT_EXPONENT[t.unit] ?? 0;
    let value = ZERO;
    let step = shift({ units: 1n, scale: 2 }, exp);
    const labels: string[] = [];
    for (const r of rows) {
      const cell = r?.cells.get(col);
      const d = cell ? parseDecimal(cell.text) : null;
      if (d) {
        value = add(value, shift(d, exp));
        step = max(step, shift({ units: 1n, scale: d.scale }, exp));
      }
      labels.push(`${code}/${r?.key ?? '(no row)'}/${col}=${cell?.text ?? '(blank)'}`);
    }
    return { code, value, step, label: labels.join(' + ') + (count ? '' : ` ${t.unit}`) };
  }
}

const THREE_PUBLIC_COLUMN: Record<string, number> = { 三公经费: 0, '因公出国(境)费': 1, 公务用车购置及运行维护费: 2, 公务用车购置费: 3, 公务用车运行维护费: 4, 公务接待费: 5 };
const INCOME_ROWS: Partial<Record<NarrativeMetric, string[]>> = {
  财政拨款收入: ['一般公共预算财政拨款收入', '政府性基金预算财政拨款收入', '国有资本经营预算财政拨款收入'],
  一般公共预算财政拨款收入: ['一般公共预算财政拨款收入'],
  上级补助收入: ['上级补助收入'],
  事业收入: ['事业收入'],
  经营收入: ['经营收入'],
  附属单位上缴收入: ['附属单位上缴收入'],
  其他收入: ['其他收入'],
};
const EXPENDITURE_COLUMN: Partial<Record<NarrativeMetric, number>> = { 基本支出: 2, 项目支出: 3, 上缴上级支出: 4, 经营支出: 5, 对附属单位补助支出: 6 };

/**
 * Row of a coded table for a 类 or a 类/款/项 path. A 类 the table lacks is a blank (0) row
 * (undefined); a 款/项 whose name matches no row is not compared (null): wrapped or abbreviated
 * names are more likely than a narrative inventing one.
 */
function codedRow(t: Tables, code: TableCode, subject: string): ParsedRow | undefined | null {
  const [cls, kuan, xiang] = subject.split('/');
  const clsCode = classCodeOf(cls);
  if (!clsCode) return null;
  if (!kuan) return t.row(code, clsCode);
  const kuanRow = t.row(code, (r) => r.key.length === 5 && r.key.startsWith(clsCode) && t.sameLabel(r.label, kuan));
  if (!kuanRow || !xiang) return kuanRow ?? null;
  return t.row(code, (r) => r.key.length === 7 && r.key.startsWith(kuanRow.key) && t.sameLabel(r.label, xiang)) ?? null;
}

/** The table cells a fact states, compared like with like; null when there is none. */
function counterpart(f: NarrativeFact, t: Tables): TableTerm | null {
  const m = f.metric;
  // A named row the table lacks is not compared (its label may have been read differently), unless
  // the table says it is empty; a blank cell of a row that is there counts as 0.
  const one = (code: TableCode, key: string | ((r: ParsedRow) => boolean), col: number, count = false) => {
    const row = t.row(code, key);
    return row || t.table(code)?.declaredEmpty ? t.term(code, [row], col, count) : null;
  };
  if (f.subject === null) {
    if (m === '收入总计' || m === '收入支出总计') return one('01', 'income:总计', 1);
    if (m === '支出总计') return one('01', 'expenditure:总计', 2);
    if (m === '收入合计') return one('01', '本年收入合计', 1);
    if (m === '支出合计') return one('01', '本年支出合计', 2);
    if (INCOME_ROWS[m]) return t.term('01', INCOME_ROWS[m]!.map((k) => t.row('01', k)), 1);
    if (EXPENDITURE_COLUMN[m]) return one('03', '合计', EXPENDITURE_COLUMN[m]!);
    if (m === '财政拨款收入总计' || m === '财政拨款收入支出总计') return one('04', 'income:总计', 1);
    if (m === '财政拨款支出总计') return one('04', 'expenditure:总计', 2);
    if (m === '一般公共预算财政拨款支出' || (m === '决算数' && f.topic === 'gp_expenditure')) return one('05', '合计', 1);
    if (m === '财政拨款基本支出') return one('05', '合计', 2);
    if (m === '政府性基金预算财政拨款收入') return one('07', '合计', 2);
    if (m === '政府性基金预算财政拨款支出' || (m === '决算数' && f.topic === 'gov_fund')) return one('07', '合计', 3);
    if (m === '国有资本经营预算财政拨款支出' || (m === '决算数' && f.topic === 'soe_fund')) return one('08', '合计', 1);
    if (m === '人员经费') return one('06', (r) => /^人员经费(合计)?$/.test(r.key), 1);
    if (m === '公用经费') return one('06', (r) => /^公用经费(合计)?$/.test(r.key), 1);
    if (m === '机关运行经费') {
      const rows = t.table('10')?.rows.filter((r) => /^(行政单位|参照公务员法管理事业单位)$/.test(r.key) || /机关运行经费/.test(r.key)) ?? [];
      return rows.length ? t.term('10', rows, 1) : null;
    }
    if (m === '政府采购支出总额') return one('10', (r) => /^(合计|政府采购支出(合计|总额))$/.test(r.key), 1);
    if (m === '车辆数') return one('10', (r) => /车辆数/.test(r.key), 1, true);
    if (m === '大型设备数') return one('10', (r) => /设备/.test(r.key), 1, true);
    return null;
  }
  const subject = f.subject;
  if (m === '决算数' && (f.topic === 'gp_expenditure' || f.topic === 'gov_fund' || f.topic === 'soe_fund')) {
    const [code, col]: [TableCode, number] = f.topic === 'gp_expenditure' ? ['05', 1] : f.topic === 'gov_fund' ? ['07', 3] : ['08', 1];
    const row = codedRow(t, code, subject);
    return row === null ? null : t.term(code, [row], col);
  }
  if (f.topic === 'three_public' && subject in THREE_PUBLIC_COLUMN) {
    const offset = THREE_PUBLIC_COLUMN[subject];
    if (m === '决算数') return one('09', '1', 7 + offset);
    if (BUDGETS.has(m)) return one('09', '1', 1 + offset);
    return null;
  }
  if (m === '人员经费' || m === '公用经费') {
    const rows = t.table('06')?.rows.filter((r) => /^\d+$/.test(r.key) && t.sameLabel(r.label, subject)) ?? [];
    return rows.length === 1 ? t.term('06', rows, 1) : null; // absent or ambiguous: no comparison
  }
  if (m === '政府采购支出总额') return one('10', subject, 1);
  if (m === '车辆数') return one('10', (r) => t.sameLabel(r.key, subject), 1, true);
  return null;
}

class NarrativeChecks {
  readonly rows: CheckRow[] = [];
  /** Index of the first fact of each fact's section. */
  private sectionStart: number[] = [];
  constructor(private facts: NarrativeFact[]) {
    facts.forEach((f, i) => {
      const prev = facts[i - 1];
      this.sectionStart.push(prev && prev.section === f.section && prev.section_title === f.section_title ? this.sectionStart[i - 1] : i);
    });
  }

  push(id: string, row: Omit<CheckRow, 'check_id' | 'kind'>): void {
    this.rows.push({ check_id: `narrative:${id}`, kind: 'narrative', ...row });
  }

  /** Facts of the same section, from the start of that section up to (not including) fact i. */
  before(i: number): NarrativeFact[] {
    return this.facts.slice(this.sectionStart[i], i).reverse(); // nearest first
  }
}

const where = (f: NarrativeFact) => `${f.section || '标题'}${f.source_line ? ` line ${f.source_line}` : ''}${f.source_page ? ` p.${f.source_page}` : ''}`;
const describe = (f: NarrativeFact) => `${f.metric}${f.subject ? `(${f.subject})` : ''}`;

/** Checks each narrative fact that can be checked: against the tables, its own arithmetic, and the report's year. */
export function narrativeChecks(facts: NarrativeFact[], result: TransformResult): CheckRow[] {
  const out = new NarrativeChecks(facts);
  const tables = new Tables(result);
  const fy = result.fiscalYear;
  let itemAmounts: (Decimal | null)[] | undefined; // the line items' amounts, parsed when first needed

  facts.forEach((f, i) => {
    // Built only for the few facts that get a check.
    let subjectText: string | undefined;
    const subject = () => (subjectText ??= `${f.section} ${describe(f)}`.trim());
    // 1. Against the tables.
    const term = f.value === null ? null : counterpart(f, tables);
    if (term) {
      const a = factAmount(f)!;
      const diff = sub(a.value, term.value);
      const tol = max(a.step, term.step);
      const passed = compare(abs(diff), tol) <= 0;
      const money = isMoney(f);
      let detail = `stated “${f.value_text}” (${f.label}) in ${where(f)}; table ${term.label}`;
      if (!passed && money && compare(a.value, ZERO) !== 0) {
        itemAmounts ??= result.lineItems.map((li) => (li.amount_yuan === null ? null : parseDecimal(li.amount_yuan)));
        const same = result.lineItems.filter((li, k) => li.amount_yuan !== null && compare(itemAmounts![k]!, a.value) === 0).slice(0, 3);
        if (same.length) detail += `; the stated amount equals ${same.map((li) => `${li.table_code}/${li.row_key}/${li.col_no} (${li.col_label})`).join(', ')}`;
      }
      if (!money) detail += `; stated ${a.value.units === 0n ? '0' : decimalText(a.value)}, table ${decimalText(term.value)}`;
      out.push(`${f.fact_no}:table`, {
        table_code: term.code,
        subject: subject(),
        description: `narrative ${describe(f)} = table ${term.label.split('/').slice(0, 2).join('/')}`,
        expected: money ? checkAmount(term.value) : null,
        actual: money ? checkAmount(a.value) : null,
        difference: money ? checkAmount(diff) : null,
        tolerance: money ? checkAmount(tol, 4) : null,
        passed,
        detail,
      });
    }

    // 2. Percentages recomputed from the amounts the narrative gives.
    let earlierFacts: NarrativeFact[] | undefined;
    const earlier = () => (earlierFacts ??= out.before(i));
    const sameSubject = (g: NarrativeFact) => g.subject === f.subject;
    if (f.metric === '完成率') {
      const actual = earlier().find((g) => sameSubject(g) && isLevel(g));
      const budget = earlier().find((g) => sameSubject(g) && isMoney(g) && (f.basis === '预算' ? BUDGETS.has(g.metric) : g.metric === f.basis));
      if (actual && budget) percentCheck(out, f, subject(), actual, budget, 'actual / budget');
    } else if (f.metric === '占比') {
      const part = facts[i - 1]?.sentence_no === f.sentence_no && isMoney(facts[i - 1]) ? facts[i - 1] : undefined;
      const hasShare = (g: NarrativeFact) => facts[g.fact_no]?.metric === '占比' && facts[g.fact_no]?.sentence_no === g.sentence_no;
      const named = f.basis && KNOWN_METRICS.has(f.basis) ? f.basis : null;
      const total = !part
        ? undefined
        : named
          ? [...earlier(), ...facts.slice(0, i).reverse(), ...facts.slice(i + 1)].find((g) => g.metric === named && g.subject === null && isMoney(g))
          : // "占比" (or a base the vocabulary does not know): the section's total, i.e. the nearest
            // amount before it about the whole report that is not itself a listed part.
            earlier().find((g) => g !== part && g.subject === null && isLevel(g) && !hasShare(g));
      if (part && total) percentCheck(out, f, subject(), part, total, 'part / total');
    } else if (f.metric === '增减率') {
      const change = facts[i - 1]?.sentence_no === f.sentence_no && facts[i - 1].metric === '增减额' ? facts[i - 1] : undefined;
      if (change) changeRateCheck(out, f, subject(), change, out.before(i - 1));
    } else if (f.metric === '决算与预算关系' && f.direction !== '基本持平') {
      const actual = earlier().find((g) => sameSubject(g) && isLevel(g));
      const budget = earlier().find((g) => sameSubject(g) && isMoney(g) && BUDGETS.has(g.metric));
      if (actual && budget) relationCheck(out, f, subject(), actual, budget);
    }

    // 3. Years: what a statement is about must be the report's year, what it compares with the year before.
    if (fy !== null && (f.metric === '报告年度' || f.metric === '比较年度')) {
      const want = f.metric === '报告年度' ? fy : fy - 1;
      out.push(`${f.fact_no}:year`, {
        table_code: null,
        subject: subject(),
        description: f.metric === '报告年度' ? 'the year a statement is about = the fiscal year of the report' : 'the year compared with = fiscal year − 1',
        expected: null,
        actual: null,
        difference: null,
        tolerance: null,
        passed: Number(f.value) === want,
        detail: `“${f.value_text}” in “${f.sentence}” (${where(f)}); expected ${want}`,
      });
    }
  });

  classCoverage(out, facts, tables);
  return out.rows;
}

function percentCheck(out: NarrativeChecks, f: NarrativeFact, subject: string, numerator: NarrativeFact, denominator: NarrativeFact, what: string): void {
  const a = factAmount(numerator);
  const b = factAmount(denominator);
  if (!a || !b) return;
  if (compare(b.value, ZERO) <= 0) return; // share of 0, completion of a 0 budget: undefined, nothing to check
  const operands = `${a.text} / ${b.text}`;
  if (f.value === null) {
    if (f.value_text === '∞%') {
      out.push(`${f.fact_no}:percent`, { table_code: null, subject, description: `recomputed ${f.metric} (${what})`, expected: null, actual: null, difference: null, tolerance: null, passed: false, detail: `stated ∞% but ${operands} is finite (${where(f)})` });
    }
    return;
  }
  const p = parseDecimal(f.value)!;
  const r = percentOf(a.value, b.value, Math.max(p.scale, 2));
  out.push(`${f.fact_no}:percent`, {
    table_code: null,
    subject,
    description: `recomputed ${f.metric} (${what}) = stated percentage`,
    expected: null,
    actual: null,
    difference: null,
    tolerance: null,
    passed: percentFits(a.value, half(a.step), b.value, half(b.step), p),
    detail: `stated ${f.value_text}; recomputed ${decimalText(r)}% = ${operands} (${where(f)})`,
  });
}

/** 增减率 = 增减额 / previous amount, where previous = current ∓ 增减额; also the two directions must agree. */
function changeRateCheck(out: NarrativeChecks, f: NarrativeFact, subject: string, change: NarrativeFact, earlier: NarrativeFact[]): void {
  const current = change.basis ? earlier.find((g) => g.metric === change.basis && g.subject === null && isMoney(g)) : earlier.find((g) => g.subject === change.subject && isLevel(g));
  const c = factAmount(change);
  const now = current ? factAmount(current) : null;
  if (change.direction && f.direction && change.direction !== f.direction) {
    out.push(`${f.fact_no}:direction`, { table_code: null, subject, description: 'direction of 增减额 = direction of 增减率', expected: null, actual: null, difference: null, tolerance: null, passed: false, detail: `“${change.value_text}” is ${change.direction} but “${f.value_text}” is ${f.direction} (${where(f)})` });
  }
  if (!c || !now) return;
  const previous = change.direction === '减少' ? add(now.value, c.value) : sub(now.value, c.value);
  const hPrevious = add(half(now.step), half(c.step));
  const operands = `${c.text} / previous (${now.text} ${change.direction === '减少' ? '+' : '−'} ${change.value_text})`;
  const base = { table_code: null, subject, description: 'recomputed 增减率 (change / previous amount) = stated percentage', expected: null, actual: null, difference: null, tolerance: null };
  const infinite = f.value_text === '∞%';
  if (f.value === null && !infinite) return; // "%" without a number: nothing to compare
  if (compare(previous, ZERO) <= 0 || infinite) {
    // Growth from nothing has no rate: "∞%" is the only consistent statement, and only then.
    const fromNothing = compare(previous, ZERO) <= 0;
    out.push(`${f.fact_no}:percent`, { ...base, passed: fromNothing && infinite, detail: `stated ${f.value_text}; the previous amount is ${yuan(previous)} 元 (${operands})${fromNothing ? ', so the rate is undefined (∞)' : ''} (${where(f)})` });
    return;
  }
  const p = parseDecimal(f.value!)!;
  const r = percentOf(c.value, previous, Math.max(p.scale, 2));
  out.push(`${f.fact_no}:percent`, { ...base, passed: percentFits(c.value, half(c.step), previous, hPrevious, p), detail: `stated ${f.value_text}; recomputed ${decimalText(r)}% = ${operands} (${where(f)})` });
}

function relationCheck(out: NarrativeChecks, f: NarrativeFact, subject: string, actual: NarrativeFact, budget: NarrativeFact): void {
  const a = factAmount(actual)!;
  const b = factAmount(budget)!;
  const c = compare(a.value, b.value);
  const passed = f.direction === '小于' ? c < 0 : f.direction === '大于' ? c > 0 : c === 0;
  out.push(`${f.fact_no}:relation`, {
    table_code: null,
    subject,
    description: `stated relation: 决算数 ${f.direction} 预算数`,
    expected: checkAmount(b.value),
    actual: checkAmount(a.value),
    difference: checkAmount(sub(a.value, b.value)),
    tolerance: null,
    passed,
    detail: `says “${f.value_text}”; ${a.text} vs ${b.text} (${where(f)})`,
  });
}

/** Every 类 of table 05 with an amount should be described where the narrative lists the 类. */
function classCoverage(out: NarrativeChecks, facts: NarrativeFact[], tables: Tables): void {
  const described = new Set(facts.filter((f) => f.topic === 'gp_expenditure' && f.class_code && isMoney(f)).map((f) => f.class_code));
  if (described.size === 0) return;
  for (const r of tables.table('05')?.rows ?? []) {
    if (!/^\d{3}$/.test(r.key)) continue;
    const term = tables.term('05', [r], 1);
    if (!term || compare(term.value, ZERO) === 0) continue;
    const passed = described.has(r.key);
    out.push(`coverage:${r.key}`, {
      table_code: '05',
      subject: `${r.key} ${r.label}`,
      description: 'each 类 of 一般公共预算财政拨款支出 (table 05) is described in the narrative',
      expected: checkAmount(term.value),
      actual: null,
      difference: null,
      tolerance: null,
      passed,
      detail: passed ? `described (${term.label})` : `table ${term.label} is not mentioned in the 一般公共预算财政拨款支出 sections of the narrative`,
    });
  }
}
