// A budget report's narrative against its tables (B01–B13). The narrative's claims are read as in
// the final accounts (claims.ts); what differs is where their counterparts are, and that a level
// amount is a budget: the vocabulary's 决算数 (the amount of a subject) is its 预算数 here.
import type { ParsedRow } from '../tables/model.js';
import { canonicalLabel } from '../tables/templates.js';
import type { Tables, TableTerm } from './counterparts.js';
import type { NarrativeFact } from './types.js';

/** A budget's level amounts are budgets: 决算数 (the vocabulary's amount of a subject) reads 预算数. */
export function asBudgetFacts(facts: NarrativeFact[]): void {
  for (const f of facts) if (f.metric === '决算数') f.metric = '预算数';
}

// "三公" items by the column of B07 they are in.
const THREE_PUBLIC: [RegExp, number][] = [
  [/^"?三公"?经费$/, 1],
  [/^因公出国\(境\)费/, 2],
  [/^公务用车购置及运行(维护)?费/, 3],
  [/^公务用车购置费?/, 4],
  [/^公务用车运行(维护)?费/, 5],
  [/^公务接待费/, 6],
];

/**
 * The table cells a budget narrative's fact states; null when there is none, or when the fact's
 * subject is not named in its own sentence (the reading carried it over from a sentence before,
 * and 会议费 and 培训费 beside the "三公" items are no 三公 subject).
 */
export function budgetCounterpart(f: NarrativeFact, t: Tables): TableTerm | null {
  const one = (code: 'B06' | 'B07' | 'B12' | 'B13' | 'B03', pick: string | ((r: ParsedRow) => boolean), col: number) => {
    const table = t.table(code);
    if (!table) return null;
    const row = t.row(code, pick);
    if (!row && !table.declaredEmpty) return null;
    if (!table.columns?.includes(col) && code !== 'B13' && code !== 'B12') return null;
    return t.term(code, [row], col);
  };
  const sentence = f.sentence.replace(/[\s“”"]+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  if (f.topic === 'three_public' && f.subject && f.metric === '预算数') {
    if (!sentence.includes(f.subject) || /会议费|培训费/.test(sentence)) return null;
    const col = THREE_PUBLIC.find(([re]) => re.test(f.subject!))?.[1];
    return col === undefined ? null : one('B07', '1', col);
  }
  if (f.subject !== null) {
    if (f.metric === '政府采购支出总额' && /^(货物|工程|服务)$/.test(f.subject)) return one('B13', (r) => canonicalLabel(r.label).replace(/[A-Z]$/, '') === f.subject, 1);
    return null;
  }
  // "机关运行经费预算为229.43万元": the section's amount is its running costs.
  const metric = f.metric === '预算数' && f.topic === 'running_costs' ? '机关运行经费' : f.metric;
  switch (metric) {
    case '人员经费':
      return one('B06', '合计', 2);
    case '公用经费':
      return one('B06', '合计', 3);
    case '基本支出':
    case '项目支出':
      // "基本支出增加1408.29万元": a change, not the level, unless the sentence states the level.
      return /预算数为|支出预算/.test(sentence) ? one('B03', '合计', metric === '基本支出' ? 2 : 3) : null;
    case '机关运行经费':
      return t.table('B12') ? one('B12', '合计', 1) : one('B07', '1', 9);
    default:
      return null;
  }
}
