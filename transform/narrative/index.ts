// The narrative (情况说明): every numeric claim as a fact, and the checks of those claims against
// the standard tables, against their own arithmetic and against the 绩效 appendix.
//
// Reading is by structure and sentence patterns, not by the wording of one report:
//  1. the narrative is the "第N部分 …说明" part with the most amounts (a table of contents has none);
//  2. it is cut into sections at "一、…" and "(一)…" headings, each given a topic from its title;
//  3. each section's lines are joined (sentences wrap across lines and pages) and split into
//     sentences at 。 and ;
//  4. every number with a unit is a claim; the words between the previous number and this one
//     (its label) say what it is; the class or 三公 item last named in the section is its subject.
export { appendixChecks } from './appendix.js';
export { linkBases, markChecked, narrativeChecks } from './checks.js';
export { extractNarrativeFacts } from './facts.js';
export type { NarrativeFact, NarrativeMetric, NarrativeTopic, ReportTables } from './types.js';
