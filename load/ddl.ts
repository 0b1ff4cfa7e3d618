// DuckDB DDL and comments, derived from the contract in schemas/.
import type { TableSpec } from '../schemas/contract.js';

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

/** Markdown data dictionary of the contract. */
export function dataDictionary(specs: TableSpec[]): string {
  const out: string[] = ['# Data dictionary', '', 'Generated from `schemas/contract.ts` (`make docs`); do not edit by hand.', ''];
  for (const s of specs) {
    out.push(`## \`${s.name}\` — ${s.zh}`, '', s.doc, '', `Primary key: ${s.primaryKey.map((k) => `\`${k}\``).join(', ')}`, '');
    out.push('| column | type | null | 中文 | meaning |', '|---|---|---|---|---|');
    for (const [name, c] of Object.entries(s.columns)) {
      out.push(`| \`${name}\` | ${c.sql} | ${c.nullable ? 'yes' : 'no'} | ${c.zh} | ${c.doc.replace(/\|/g, '\\|')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
