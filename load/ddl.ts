// DuckDB DDL and comments, derived from the contract in schemas/.
import type { TableSpec } from '../schemas/contract.js';
import { joinedViewColumns, type JoinedViewSpec, type ViewColumn, type ViewSpec } from '../schemas/views.js';

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

export const isPerReport = (spec: TableSpec) => spec.primaryKey.length > 1 && spec.primaryKey[0] === 'report_id';

export function createTableSql(spec: TableSpec): string {
  const cols = Object.entries(spec.columns).map(([name, c]) => `  ${quoteIdent(name)} ${c.sql}${c.nullable ? '' : ' NOT NULL'}`);
  // Per-report tables (key starts with report_id) get no index: an ART index over millions of
  // cells costs memory and load time, and their keys are checked per report before loading
  // (load/staging.ts), while report ids themselves stay unique through the reports key.
  if (!isPerReport(spec)) cols.push(`  PRIMARY KEY (${spec.primaryKey.map(quoteIdent).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(spec.name)} (\n${cols.join(',\n')}\n)`;
}

/** COMMENT ON statements (they take literals only, not bound parameters). */
export function commentSql(spec: TableSpec): string[] {
  return [
    `COMMENT ON TABLE ${quoteIdent(spec.name)} IS ${quoteLiteral(`${spec.zh}: ${spec.doc}`)}`,
    ...Object.entries(spec.columns).map(
      ([name, c]) => `COMMENT ON COLUMN ${quoteIdent(spec.name)}.${quoteIdent(name)} IS ${quoteLiteral(`${c.zh}: ${c.doc}`)}`,
    ),
  ];
}

const CODE_LEVEL = `CASE WHEN regexp_full_match(l.row_key, '[0-9]{3}') THEN '类' WHEN regexp_full_match(l.row_key, '[0-9]{5}') THEN '款' WHEN regexp_full_match(l.row_key, '[0-9]{7}') THEN '项' ELSE 'total' END`;

/**
 * A view in the shape of the printed table: line_items pivoted by 栏次, with 万元 twins (exact:
 * × 0.0001 stays DECIMAL); and one row, its amounts NULL, for each report declaring the table
 * empty, so a question about every department does not silently drop those.
 */
export function createViewSql(v: ViewSpec): string {
  // [expression over line_items l and reports r, for a declared-empty table's row] per column, in viewColumns order.
  const report: [string, string][] = [
    ['r.report_id', 'r.report_id'],
    ['r.department', 'r.department'],
    ['r.department_key', 'r.department_key'],
    ['r.fiscal_year', 'r.fiscal_year'],
    ['r.report_scope', 'r.report_scope'],
    ['r.status AS report_status', 'r.status'],
    [`'parsed' AS table_status`, 't.status'],
  ];
  const keys: Record<ViewSpec['shape'], [string, string][]> = {
    coded: [['l.row_key AS subject_code', 'NULL'], ['min(l.row_label) AS subject_name', 'NULL'], [`${CODE_LEVEL} AS subject_level`, 'NULL'], ['min(l.row_order) AS row_order', 'NULL']],
    rows: [['min(l.row_no) AS row_no', 'NULL'], ['l.row_key', 'NULL'], ['min(l.row_label) AS item', 'NULL'], ['min(l.row_order) AS row_order', 'NULL']],
    single: [],
  };
  if (v.tableCode === '10') keys.rows.push(['min(l.section) AS section', 'NULL']);
  const money = v.money.flatMap((c): [string, string][] => {
    const cell = `max(l.amount_yuan) FILTER (WHERE l.col_no = ${c.col})`;
    return [[`${cell} AS ${quoteIdent(`${c.name}_yuan`)}`, 'NULL'], [`${cell} * 0.0001 AS ${quoteIdent(`${c.name}_wan`)}`, 'NULL']];
  });
  const extra: [string, string][] = v.tableCode === '10' ? [['max(l.quantity) AS quantity', 'NULL'], ['max(l.reported_unit) FILTER (WHERE l.quantity IS NOT NULL) AS quantity_unit', 'NULL']] : [];
  const columns = [...report, ...keys[v.shape], ...money, ...extra];
  const groupBy = v.shape === 'single' ? '' : ', l.row_key';
  return [
    `CREATE OR REPLACE VIEW ${quoteIdent(v.name)} AS`,
    `SELECT ${columns.map(([data]) => data).join(',\n       ')}`,
    'FROM line_items l JOIN reports r USING (report_id)',
    `WHERE l.table_code = '${v.tableCode}'`,
    `GROUP BY r.report_id, r.department, r.department_key, r.fiscal_year, r.report_scope, r.status${groupBy}`,
    'UNION ALL',
    `SELECT ${columns.map(([, empty]) => empty).join(', ')}`,
    'FROM report_tables t JOIN reports r USING (report_id)',
    `WHERE t.table_code = '${v.tableCode}' AND t.status = 'declared_empty'`,
  ].join('\n');
}

/** A per-report table with its report's columns in front (and the project's name for indicator rows). */
export function createJoinedViewSql(v: JoinedViewSpec): string {
  const select = joinedViewColumns(v).map((c) =>
    c.name === 'report_status' ? 'r.status AS report_status' : c.name === 'project_name' && v.withProjectName ? 'p.project_name' : ['report_id', 'department', 'department_key', 'fiscal_year', 'report_scope'].includes(c.name) ? `r.${quoteIdent(c.name)}` : `b.${quoteIdent(c.name)}`,
  );
  return [
    `CREATE OR REPLACE VIEW ${quoteIdent(v.name)} AS`,
    `SELECT ${select.join(', ')}`,
    `FROM ${quoteIdent(v.base.name)} b JOIN reports r USING (report_id)`,
    ...(v.withProjectName ? ['LEFT JOIN performance_projects p USING (report_id, project_index)'] : []),
  ].join('\n');
}

export function viewCommentSql(v: { name: string; zh: string; doc: string }, columns: ViewColumn[]): string[] {
  return [
    `COMMENT ON VIEW ${quoteIdent(v.name)} IS ${quoteLiteral(`${v.zh}: ${v.doc}`)}`,
    ...columns.map((c) => `COMMENT ON COLUMN ${quoteIdent(v.name)}.${quoteIdent(c.name)} IS ${quoteLiteral(`${c.zh}: ${c.doc}`)}`),
  ];
}

/** Markdown data dictionary of the contract. */
export function dataDictionary(specs: TableSpec[], views: { name: string; zh: string; doc: string; columns: ViewColumn[] }[]): string {
  const out: string[] = ['# Data dictionary', '', 'Generated from the zod schemas under `schemas/` (`make docs`); do not edit by hand.', '', '# Tables', ''];
  for (const s of specs) {
    out.push(`## \`${s.name}\` — ${s.zh}`, '', s.doc, '', `Primary key: ${s.primaryKey.map((k) => `\`${k}\``).join(', ')}`, '');
    out.push('| column | type | null | 中文 | meaning |', '|---|---|---|---|---|');
    for (const [name, c] of Object.entries(s.columns)) {
      out.push(`| \`${name}\` | ${c.sql} | ${c.nullable ? 'yes' : 'no'} | ${c.zh} | ${c.doc.replace(/\|/g, '\\|')} |`);
    }
    out.push('');
  }
  out.push('# Views', '', 'One view per standard table, in the shape of the printed table (amounts in 元 with a 万元 twin); then the per-report tables with their department and year.', '');
  for (const v of views) {
    out.push(`## \`${v.name}\` — ${v.zh}`, '', v.doc, '', '| column | 中文 | meaning |', '|---|---|---|');
    for (const c of v.columns) out.push(`| \`${c.name}\` | ${c.zh} | ${c.doc.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  return out.join('\n');
}
