// What the narrative's reading yields: one fact per numeric claim (narrative_facts).
import type { NARRATIVE_METRICS, NARRATIVE_TOPICS } from '../../schemas/narrative.js';
import type { LineItem } from '../types.js';
import type { ParsedTable } from '../tables/model.js';

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
  signed_value: string | null;
  signed_amount_yuan: string | null;
  basis_fact_no: number | null;
  check_status: 'passed' | 'failed' | null;
  failed_checks: string | null;
  period_year: number | null;
  comparison_year: number | null;
  label: string;
  note: string | null;
  sentence: string;
  source_line: number | null;
  source_page: number | null;
};

/** What the checks of the narrative read of the report: its tables, line items and year. */
export interface ReportTables {
  tables: ParsedTable[];
  lineItems: LineItem[];
  fiscalYear: number | null;
}
