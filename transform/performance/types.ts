// What the 绩效 appendices yield: performance_projects and performance_indicators rows (report_id is added by the loader).
import type { CheckRow } from '../types.js';

/** The amounts of a funding row: of one source, or of the 资金总额 row for the project. */
type FundingAmounts = {
  target_declared_yuan: string | null;
  budget_compiled_yuan: string | null;
  initial_budget_yuan: string | null;
  annual_budget_yuan: string | null;
  executed_yuan: string | null;
  balance_yuan: string | null;
  execution_rate: string | null;
  funding_full_score: string | null;
  funding_score: string | null;
};

export interface FundingSource extends FundingAmounts {
  label: string;
}

export type PerformanceProject = FundingAmounts & {
  project_index: number;
  form: 'self_evaluation' | 'target_declaration';
  title: string | null;
  project_name: string | null;
  department_code: string | null;
  department_name: string | null;
  unit_code: string | null;
  unit_name: string | null;
  money_unit: string | null;
  funding_sources: string | null;
  annual_goal: string | null;
  actual_completion: string | null;
  goals_text: string | null;
  total_score: string | null;
  grade: string | null;
  indicator_count: number;
  split_across_pages: boolean;
  source_line: number | null;
  source_page: number | null;
  notes: string | null;
};

export interface IndicatorValue {
  text: string | null;
  comparator: string | null;
  number: string | null;
  unit: string | null;
  amount_yuan: string | null;
}

export type PerformanceIndicator = {
  project_index: number;
  indicator_index: number;
  level1: string | null;
  level2: string | null;
  level3: string | null;
  target_text: string | null;
  target_comparator: string | null;
  target_number: string | null;
  target_unit: string | null;
  target_amount_yuan: string | null;
  adjusted_text: string | null;
  adjusted_comparator: string | null;
  adjusted_number: string | null;
  adjusted_unit: string | null;
  adjusted_amount_yuan: string | null;
  actual_text: string | null;
  actual_comparator: string | null;
  actual_number: string | null;
  actual_unit: string | null;
  actual_amount_yuan: string | null;
  full_score: string | null;
  score: string | null;
  deviation_reason: string | null;
  raw_text: string;
  null_reason: string | null;
  source_line: number | null;
  source_page: number | null;
};

export interface PerformanceResult {
  projects: PerformanceProject[];
  indicators: PerformanceIndicator[];
  checks: CheckRow[];
}
