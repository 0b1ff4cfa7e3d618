// Performance appendices (第五部分 附件): 项目支出绩效自评表 and 项目支出绩效目标申报表 →
// performance_projects, performance_indicators and their checks.
//
// Tables are found by structure: a 项目名称 row under a title that mentions 绩效/自评/申报表.
// The text front end loses column boundaries in several ways (cells run together, a cell
// wrapped over lines, a table printed in two halves on consecutive pages), so every cell is
// only assigned when the count of pieces matches the columns the header declares; otherwise
// it is left NULL and the reason recorded. Nothing is guessed.
export { extractPerformance } from './extract.js';
export { percentRounded } from './lines.js';
export type { FundingSource, IndicatorValue, PerformanceIndicator, PerformanceProject, PerformanceResult } from './types.js';
export { parseIndicatorValue } from './values.js';
