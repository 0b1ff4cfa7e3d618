// The appendices of a report, read: one cheap pass finds the tables, everything else reads only their lines.
import type { Line } from '../../extract/lines.js';
import { PerformanceChecks, checkProject, precisionOf } from './checks.js';
import { type DeclarationBlock, declarationBlocks, parseDeclaration } from './declaration.js';
import { type FundingColumn, MONEY_COLUMNS } from './funding.js';
import { resetMemo } from './lines.js';
import { candidateLines, findTables } from './locate.js';
import { indicatorRow } from './rows.js';
import { type ParsedProject, parseSelfEvaluation } from './selfEvaluation.js';
import type { PerformanceIndicator, PerformanceProject, PerformanceResult } from './types.js';

/**
 * One cheap pass over every line finds where the tables and declaration blocks start
 * (candidateLines); everything else reads only the lines of those spans.
 */
export function extractPerformance(lines: Line[]): PerformanceResult {
  resetMemo();
  try {
    return extractFrom(lines);
  } finally {
    resetMemo(); // nothing of this report outlives the call
  }
}

const RATE_COLUMN: FundingColumn[] = ['rate'];

function extractFrom(lines: Line[]): PerformanceResult {
  const candidates = candidateLines(lines);
  const spans = findTables(lines, candidates.anchors);
  const blocks = declarationBlocks(lines, candidates.blockStarts);
  const used = new Set<DeclarationBlock>();
  const projects: PerformanceProject[] = [];
  const indicators: PerformanceIndicator[] = [];
  const checks = new PerformanceChecks();
  const parsed: ParsedProject[] = [];
  let precision = 0;
  let ratePrecision = 0;
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k];
    const previousEnd = k > 0 ? spans[k - 1].anchor : 0;
    const p = span.declaration ? parseDeclaration(lines, span, k + 1, blocks, used, previousEnd) : parseSelfEvaluation(lines, span, k + 1);
    parsed.push(p);
    precision = Math.max(precision, precisionOf(p.funding, MONEY_COLUMNS));
    ratePrecision = Math.max(ratePrecision, precisionOf(p.funding, RATE_COLUMN));
  }
  for (const p of parsed) {
    projects.push(p.row);
    for (let j = 0; j < p.indicators.length; j++) indicators.push(indicatorRow(p.row.project_index, j + 1, p.indicators[j], p.adjustedColumn));
    if (p.row.form === 'self_evaluation') checkProject(checks, p, precision, ratePrecision);
  }
  return { projects, indicators, checks: checks.rows };
}
