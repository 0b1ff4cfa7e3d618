// Transform stage: cleaned lines → standard tables, line items, table status and checks.
import type { ExtractedDocument } from '../extract/lines.js';
import { completenessChecks, headingChecks } from './consistency.js';
import { reportContext, type ReportContext } from './context.js';
import { appendixChecks, extractNarrativeFacts, linkBases, markChecked, narrativeChecks, type NarrativeFact } from './narrative/index.js';
import { extractPerformance, type PerformanceResult } from './performance/index.js';
import { extractProfile, type Profile } from './profile.js';
import { assembleTables, type Layout } from './tables/index.js';
import { findMeta, reportKindOf, reportScopeOf, titlesFirst } from './tables/locate.js';
import { severityOf } from './severity.js';
import type { ParsedTable } from './tables/model.js';
import type { CheckRow, LineItem, TableStatusRow } from './types.js';
import type { ReportKind, ReportScope } from '../schemas/contract.js';

export type { CheckRow, LineItem, TableStatusRow } from './types.js';

export interface TransformResult {
  /** Final accounts (决算) or budget (预算), and whose: a department's or one unit's. */
  kind: ReportKind;
  scope: ReportScope | null;
  department: string | null;
  fiscalYear: number | null;
  /** Region, administrative level and department key (context.ts). */
  context: ReportContext;
  layout: Layout;
  tables: ParsedTable[];
  lineItems: LineItem[];
  tableStatus: TableStatusRow[];
  checks: CheckRow[];
  /** Numeric claims of the narrative (情况说明), checked against the tables in `checks`. */
  narrativeFacts: NarrativeFact[];
  profile: Profile;
  /** 项目支出绩效自评表 of the appendix; their checks are in `checks`. */
  performance: PerformanceResult;
  /** Sentences stating an amount (…万元，…): a narrative printed apart from its tables has many, a file of tables alone hardly any. */
  narrativeClaims: number;
}

const CLAIM = /\d\s*万元|\d\s*元[，,。；;]/;
const SENTENCE = /[，。；]/;

/** Lines of prose stating an amount. */
function narrativeClaims(lines: ExtractedDocument['lines']): number {
  let n = 0;
  for (const l of lines) {
    const t = l.cells.join('');
    if (t.includes('元') && SENTENCE.test(t) && CLAIM.test(t)) n++;
  }
  return n;
}

export function transform(doc: ExtractedDocument): TransformResult {
  const { kind, regions } = reportKindOf(doc.lines);
  const lines = kind === 'budget' ? titlesFirst(doc.lines, kind) : doc.lines;
  const meta = findMeta(lines);
  // Pages read title first again are located anew.
  const { layout, tables, lineItems, tableStatus, checks } = assembleTables(lines, kind, lines === doc.lines ? regions : undefined);
  if (tables.length > 0) checks.push(...completenessChecks(tableStatus, lines, kind), ...headingChecks(lines, meta.department, meta.fiscalYear));
  const performance = extractPerformance(lines);
  const result: TransformResult = { kind, scope: reportScopeOf(lines, kind), department: meta.department, fiscalYear: meta.fiscalYear, context: reportContext(meta.department, lines), layout, tables, lineItems, tableStatus, checks, narrativeFacts: [], profile: extractProfile(lines), performance, narrativeClaims: narrativeClaims(lines) };
  checks.push(...performance.checks);
  if (tables.length > 0) {
    result.narrativeFacts = extractNarrativeFacts(lines, meta.fiscalYear, kind);
    linkBases(result.narrativeFacts);
    checks.push(...narrativeChecks(result.narrativeFacts, result, kind), ...appendixChecks(result.narrativeFacts, performance.projects));
  }
  for (const c of checks) c.severity = severityOf(c);
  markChecked(result.narrativeFacts, checks);
  return result;
}
