// Where the narrative is (the 第N部分 …说明 part with the most amounts) and its sections, each with a topic from its title.
import { Joined, LineTexts, NUMERALS } from '../text.js';
import type { NarrativeTopic } from './types.js';

export interface Section {
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
export function locateNarrative(texts: LineTexts): Span | null {
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

// The headings a budget's narrative stands under where it has no 第N部分 part (Shanghai's
// "2025年部门预算编制说明", "其他相关情况说明"), and what ends each: a table's title, another part.
const BUDGET_HEADING = /^(?:[一二三四五六七八九十]+、)?(?:20\d{2}年度?)?(?:区级|市级|省级|县级)?(?:部门|单位)?(?:预算编制说明|预算情况说明)$|^其他相关情况说明$/;
const BUDGET_END = /^(?:\d+[.、]?)?(?:20\d{2}年度?)?.{0,30}表$|^项目经费情况说明$|^名词解释$/;

/** Spans of a budget's narrative headings, each to the next table title, part or heading. */
export function budgetNarratives(texts: LineTexts): Span[] {
  const n = texts.length;
  const spans: Span[] = [];
  for (let i = 0; i < n; i++) {
    if (!texts.at(i).endsWith('说明') || !BUDGET_HEADING.test(texts.at(i))) continue;
    let end = i + 1;
    while (end < n && !isPart(texts, end) && !BUDGET_HEADING.test(texts.at(end)) && !(texts.at(end).length <= 40 && BUDGET_END.test(texts.at(end)))) end++;
    spans.push({ title: i, from: i + 1, end });
  }
  return spans;
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

export function splitSections(texts: LineTexts, at: Span): { title: Section | null; sections: Section[] } {
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
