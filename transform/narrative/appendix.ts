// The narrative's 预算绩效 section announces how many projects were self-evaluated and how
// their grades split; the appendix (项目支出绩效自评表) shows them. Both must agree.
import type { CheckRow } from '../types.js';
import type { NarrativeFact } from './types.js';
import type { PerformanceProject } from '../performance/index.js';

const countCheck = (id: string, description: string, announced: number, found: number, fact: NarrativeFact): CheckRow => ({
  check_id: `narrative:appendix:${id}`,
  kind: 'narrative',
  table_code: null,
  subject: id,
  description,
  expected: null,
  actual: null,
  difference: null,
  tolerance: null,
  passed: announced === found,
  detail: `narrative ${announced} (${fact.source_page ? `page ${fact.source_page}` : `line ${fact.source_line}`}: ${fact.sentence.slice(0, 80)}); appendix ${found}`,
});

/**
 * Compares the announced numbers of self-evaluated projects and of each grade with the
 * appendix. Skipped when the report has no appendix (some regions publish it separately) and
 * for statements about 一级项目 (the appendix holds the 二级 projects' self-evaluations).
 */
export function appendixChecks(facts: NarrativeFact[], projects: PerformanceProject[]): CheckRow[] {
  const evaluated = projects.filter((p) => p.form === 'self_evaluation');
  if (evaluated.length === 0) return [];
  const firstLevelSentences = new Set(facts.filter((f) => f.metric === '绩效自评项目数' && f.subject === '一级项目').map((f) => f.sentence_no));
  const out: CheckRow[] = [];
  const announced = facts.find((f) => f.metric === '绩效自评项目数' && f.subject !== '一级项目' && f.value !== null);
  if (announced) out.push(countCheck('projects', 'the number of self-evaluated projects the narrative announces = the 项目支出绩效自评表 in the appendix', Number(announced.value), evaluated.length, announced));
  const grades = facts.filter((f) => f.metric === '自评等级项目数' && f.subject && f.value !== null && !firstLevelSentences.has(f.sentence_no));
  for (const g of grades) {
    const found = evaluated.filter((p) => p.grade === g.subject).length;
    out.push(countCheck(`grade:${g.subject}`, `the number of projects graded ${g.subject} the narrative announces = those graded ${g.subject} in the appendix`, Number(g.value), found, g));
  }
  return out;
}
