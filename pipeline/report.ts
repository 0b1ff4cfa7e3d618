// One file → the rows of every table of the contract. Pure: bytes in, rows out.
import { createHash } from 'node:crypto';
import { extract } from '../extract/index.js';
import { ExtractError, type SourceFormat } from '../extract/lines.js';
import type { Row } from '../schemas/contract.js';
import { transform, type TransformResult } from '../transform/index.js';
import { parserVersion } from './version.js';

export interface FileInput {
  sourcePath: string;
  bytes: Uint8Array;
  sha256: string;
}

/** What pairs a narrative printed apart with its tables (pipeline/run.ts): same folder, kind, department and year. */
export interface Pairing {
  role: 'tables' | 'narrative';
  kind: string;
  departmentKey: string | null;
  fiscalYear: number | null;
}

export interface ProcessedReport {
  sourcePath: string;
  /** The narrative file read with it, when the report is two files. */
  narrativePath: string | null;
  /** A file of tables without a narrative, or a narrative without tables (null: neither, or a report of two files). */
  pairing: Pairing | null;
  sha256: string;
  reportId: string;
  status: 'ok' | 'partial' | 'failed';
  cells: number;
  checksFailed: number;
  /** Failing checks by severity (all zero when the file failed). */
  findings: Findings;
  error: { stage: 'extract' | 'transform'; message: string } | null;
  /** Rows per table; those of per-report tables leave out report_id, which is reportId (see stageRows). */
  rows: Record<string, Row[]>;
  /** Milliseconds spent in each stage, for the benchmark. */
  timings: { extractMs: number; transformMs: number };
  /** What the transform made of the file (null when it failed): for tests, never sent between threads. */
  transformed: TransformResult | null;
}

export interface Findings {
  errors: number;
  warnings: number;
  info: number;
}
export const NO_FINDINGS: Findings = { errors: 0, warnings: 0, info: 0 };

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export const reportIdOf = (sha256: string) => sha256.slice(0, 16);

// A narrative without tables states amounts in this many sentences at least.
const NARRATIVE_CLAIMS = 3;

/**
 * One report: a file, or a file of tables with the file of its narrative (`narrative`), read as
 * one document (the narrative first, each file keeping its own page and line numbers).
 */
export async function processFile(input: FileInput, now = new Date(), runId: number | null = null, narrative: FileInput | null = null): Promise<ProcessedReport> {
  const reportId = reportIdOf(narrative ? sha256Hex(new TextEncoder().encode(`${input.sha256}+${narrative.sha256}`)) : input.sha256);
  const ingestedAt = now.toISOString().replace('T', ' ').replace('Z', '');
  const base = {
    report_id: reportId,
    source_path: input.sourcePath,
    source_sha256: input.sha256,
    source_bytes: BigInt(input.bytes.length + (narrative?.bytes.length ?? 0)),
    parser_version: parserVersion(),
    run_id: runId,
    ingested_at: ingestedAt,
  };
  const timings = { extractMs: 0, transformMs: 0 };
  const fail = (stage: 'extract' | 'transform', message: string, format: SourceFormat, encoding: string | null = null, pairing: Pairing | null = null): ProcessedReport => ({
    timings,
    transformed: null,
    sourcePath: input.sourcePath,
    narrativePath: narrative?.sourcePath ?? null,
    pairing,
    sha256: input.sha256,
    reportId,
    status: 'failed',
    cells: 0,
    checksFailed: 0,
    findings: NO_FINDINGS,
    error: { stage, message },
    rows: {
      reports: [{ ...base, source_format: format, source_encoding: encoding, page_count: null, report_kind: null, report_scope: null, department: null, fiscal_year: null, province: null, city: null, county: null, admin_level: null, department_key: null, layout: 'unknown', status: 'failed', status_detail: `${stage}: ${message}`, tables_found: 0, cells_extracted: 0, checks_failed: 0, errors_failed: 0, warnings_failed: 0, info_failed: 0 }],
      ingest_errors: [
        { source_path: input.sourcePath, source_sha256: input.sha256, stage, error: message, occurred_at: ingestedAt, parser_version: parserVersion(), run_id: runId },
        ...(narrative ? [{ source_path: narrative.sourcePath, source_sha256: narrative.sha256, stage, error: `narrative of ${input.sourcePath}, whose report failed: ${message}`, occurred_at: ingestedAt, parser_version: parserVersion(), run_id: runId }] : []),
      ],
    },
  });
  const guessedFormat = /\.pdf$/i.test(input.sourcePath) ? 'pdf' : 'text';
  let doc;
  const problems: string[] = [];
  const t0 = performance.now();
  const failure = (e: unknown) => (e instanceof ExtractError ? e.message : `unexpected extraction failure: ${(e as Error).message}`);
  try {
    doc = await extract(input.bytes, input.sourcePath);
    if (narrative) {
      try {
        const told = await extract(narrative.bytes, narrative.sourcePath);
        doc = { ...doc, lines: [...told.lines, ...doc.lines], pageCount: doc.pageCount === null ? told.pageCount : doc.pageCount + (told.pageCount ?? 0) };
      } catch (e) {
        problems.push(`narrative ${narrative.sourcePath} not read: ${failure(e)}`);
      }
    }
  } catch (e) {
    return fail('extract', failure(e), guessedFormat);
  } finally {
    timings.extractMs = performance.now() - t0;
  }
  let result;
  const t1 = performance.now();
  try {
    result = transform(doc);
  } catch (e) {
    return fail('transform', `unexpected transform failure: ${(e as Error).message}`, doc.format, doc.encoding);
  } finally {
    timings.transformMs = performance.now() - t1;
  }
  const found = result.tableStatus.filter((t) => t.status === 'parsed' || t.status === 'declared_empty');
  const pairing = (role: Pairing['role']): Pairing => ({ role, kind: result.kind, departmentKey: result.context.departmentKey, fiscalYear: result.fiscalYear });
  if (found.length === 0) {
    if (!narrative && result.narrativeClaims >= NARRATIVE_CLAIMS && result.department) {
      const what = `${result.kind === 'budget' ? '预算' : '决算'} narrative of ${result.department}${result.fiscalYear ? ` ${result.fiscalYear}` : ''}`;
      return fail('transform', `narrative only: a ${what} without its tables; it is loaded with the file of its tables (same folder, department and year) when that is in RAW_DIR`, doc.format, doc.encoding, pairing('narrative'));
    }
    return fail('transform', 'no standard table of a final-accounts (部门决算) or budget (部门预算) report found: neither, or an unknown layout', doc.format, doc.encoding);
  }
  const tablesOnly = !narrative && result.narrativeClaims < NARRATIVE_CLAIMS;
  const failed = result.checks.filter((c) => !c.passed);
  const errors = failed.filter((c) => c.severity === 'error');
  const findings: Findings = { errors: errors.length, warnings: failed.filter((c) => c.severity === 'warning').length, info: failed.filter((c) => c.severity === 'info').length };
  // The tables the report should have and lacks are its failing completeness checks.
  const missing = result.tableStatus.filter((t) => t.status === 'unparsed' || errors.some((c) => c.kind === 'completeness' && c.table_code === t.table_code));
  // Only doubts about our numbers make a report partial; the source contradicting itself
  // (warnings) and conventions (info) are findings, counted apart.
  if (missing.length > 0) problems.push(`tables not found or not parsed: ${missing.map((t) => t.table_code).join(', ')}`);
  // Missing tables are named above; their completeness checks are not counted twice.
  const otherErrors = errors.filter((c) => c.kind !== 'completeness').length;
  if (otherErrors > 0) problems.push(`${otherErrors} failing checks of severity error`);
  if (!result.department) problems.push('department not found');
  if (!result.fiscalYear) problems.push('fiscal year not found');
  const status = problems.length === 0 ? 'ok' : 'partial';
  return {
    sourcePath: input.sourcePath,
    narrativePath: narrative?.sourcePath ?? null,
    pairing: tablesOnly ? pairing('tables') : null,
    sha256: input.sha256,
    reportId,
    status,
    cells: result.lineItems.length,
    checksFailed: failed.length,
    findings,
    error: null,
    timings,
    transformed: result,
    rows: {
      reports: [{
        ...base,
        source_format: doc.format,
        source_encoding: doc.encoding,
        page_count: doc.pageCount,
        report_kind: result.kind,
        report_scope: result.scope,
        department: result.department,
        fiscal_year: result.fiscalYear,
        province: result.context.province,
        city: result.context.city,
        county: result.context.county,
        admin_level: result.context.adminLevel,
        department_key: result.context.departmentKey,
        layout: result.layout,
        status,
        status_detail: problems.length ? problems.join('; ') : null,
        tables_found: found.length,
        cells_extracted: result.lineItems.length,
        checks_failed: failed.length,
        errors_failed: findings.errors,
        warnings_failed: findings.warnings,
        info_failed: findings.info,
      }],
      report_files: narrative
        ? [{ source_path: input.sourcePath, sha256: input.sha256, role: 'tables' }, { source_path: narrative.sourcePath, sha256: narrative.sha256, role: 'narrative' }]
        : [{ source_path: input.sourcePath, sha256: input.sha256, role: tablesOnly ? 'tables' : 'whole' }],
      profiles: [{ report_id: reportId, ...result.profile.profile }],
      // Per-report tables: their rows are the transform's, without report_id (see stageRows).
      report_tables: result.tableStatus,
      line_items: result.lineItems,
      checks: result.checks,
      narrative_facts: result.narrativeFacts,
      profile_units: result.profile.units,
      performance_projects: result.performance.projects,
      performance_indicators: result.performance.indicators,
    },
  };
}
