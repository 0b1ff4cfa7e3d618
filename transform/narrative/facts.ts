// Every numeric claim of the narrative as a fact (narrative_facts), in reading order.
import type { Line } from '../../extract/lines.js';
import { fitsDecimal, UNIT_EXPONENT, parseDecimal, shift, toFixedString, toString as decimalText, type Decimal } from '../decimal.js';
import { CLAUSE_BREAK, DERIVED, MONEY_UNITS, type Mention, type Reading, type SectionState, claimsOf, classCodeOf, listedNames, measureOf, read, splitSentences, subjectMentions } from './claims.js';
import { type Section, budgetNarratives, locateNarrative, splitSections } from './sections.js';
import type { ReportKind } from '../../schemas/contract.js';
import { asBudgetFacts } from './budget.js';
import { LineTexts } from '../text.js';
import type { NarrativeFact } from './types.js';

function money2(d: Decimal): string | null {
  return d.scale <= 2 ? toFixedString(d, 2) : null;
}

/**
 * Every numeric claim of the narrative part, in reading order. fiscalYear (of the report) turns
 * "上年" into a comparison year; pass null when unknown.
 */
export function extractNarrativeFacts(lines: Line[], fiscalYear: number | null, kind: ReportKind = 'final_accounts'): NarrativeFact[] {
  const texts = new LineTexts(lines);
  const at = locateNarrative(texts);
  // A budget without a 第N部分 …说明 part (Shanghai's) states its figures under headings of their
  // own, before and after its tables: each is read.
  const spans = at ? [at] : kind === 'budget' ? budgetNarratives(texts) : [];
  const all = spans.flatMap((span) => {
    const { title, sections } = splitSections(texts, span);
    return [...(title ? [title] : []), ...sections];
  });
  const facts: NarrativeFact[] = [];
  let sentenceNo = 0;

  for (const section of all) {
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

        if (c.kind === 'flat') {
          // No change: an 增减额 of zero, about what the clause names (or the subject last named).
          if (/(?:比|较|与)上一?年度?|去年|同比/.test(before)) comparisonYear = fiscalYear === null ? comparisonYear : fiscalYear - 1;
          const clause = before.split(/[,;:。]/).pop() ?? '';
          const basis = measureOf(clause, section.topic);
          facts.push(
            newFact(place, {
              metric: '增减额',
              subject: basis ? null : (subject?.subject ?? null),
              class_code: basis ? null : (subject?.classCode ?? null),
              basis,
              value: '0',
              value_text: c.match[0],
              unit: null,
              amount_yuan: '0.00',
              direction: '持平',
              period_year: periodYear,
              comparison_year: comparisonYear,
              label: clause,
              note: 'stated as 持平 (no change): a change of 0',
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
  // A budget's level amounts are budgets.
  if (kind === 'budget') asBudgetFacts(facts);
  return facts;
}

/** Where a fact was read: its sentence, section and source line. */
interface Place {
  sentenceNo: number;
  section: Section;
  sentence: string;
  source: Line | undefined;
}

type FactValues = Omit<NarrativeFact, 'fact_no' | 'sentence_no' | 'section' | 'section_title' | 'topic' | 'sentence' | 'source_line' | 'source_page' | 'signed_value' | 'signed_amount_yuan' | 'basis_fact_no' | 'check_status' | 'failed_checks'>;

/** A decimal string with the opposite sign ("0" stays "0"). */
const negate = (d: string) => (/^[0.]+$/.test(d) ? d : d.startsWith('-') ? d.slice(1) : `-${d}`);

/**
 * A fact row, built as one literal (spreading a shared base per fact was the slowest part of the
 * reader). The keys keep the order the rows have always had, so JSON dumps of facts stay the same.
 */
function newFact(at: Place, v: FactValues): NarrativeFact {
  const negative = v.direction === '减少' && (v.metric === '增减额' || v.metric === '增减率');
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
    signed_value: negative && v.value !== null ? negate(v.value) : v.value,
    signed_amount_yuan: negative && v.amount_yuan !== null ? negate(v.amount_yuan) : v.amount_yuan,
    basis_fact_no: null,
    check_status: null,
    failed_checks: null,
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
