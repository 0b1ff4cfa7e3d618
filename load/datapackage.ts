// A Frictionless Data Package (datapackage.json) describing the exported files, tables and views
// alike: names, Chinese titles and meanings from the specs in schemas/, types as the database
// has them, so other tools load them with types and descriptions.
import type { TableSpec } from '../schemas/contract.js';
import type { ViewColumn } from '../schemas/views.js';

/** A table or view as exported: its description, its columns with their DuckDB types, its row count. */
export interface ExportedRelation {
  name: string;
  zh: string;
  doc: string;
  kind: 'table' | 'view';
  columns: (ViewColumn & { sqlType: string; nullable: boolean })[];
  primaryKey?: string[];
  rows: number;
}

function fieldType(sqlType: string): string {
  if (/^DECIMAL|^DOUBLE|^FLOAT/.test(sqlType)) return 'number';
  if (/INT/.test(sqlType)) return 'integer';
  if (sqlType === 'BOOLEAN') return 'boolean';
  if (/^TIMESTAMP/.test(sqlType)) return 'datetime';
  if (/\[\]$/.test(sqlType)) return 'array';
  return 'string';
}

/** Tables with their primary key and NOT NULL constraints, views with their columns. */
export function relationsOf(tables: TableSpec[], views: { name: string; zh: string; doc: string; columns: ViewColumn[] }[], types: Map<string, Map<string, string>>, rows: Record<string, number>): ExportedRelation[] {
  const typed = (name: string, cols: (ViewColumn & { nullable: boolean })[]) => cols.map((c) => ({ ...c, sqlType: types.get(name)?.get(c.name) ?? 'VARCHAR' }));
  return [
    ...tables.map((t) => ({ name: t.name, zh: t.zh, doc: t.doc, kind: 'table' as const, primaryKey: t.primaryKey, rows: rows[t.name] ?? 0, columns: typed(t.name, Object.entries(t.columns).map(([name, c]) => ({ name, zh: c.zh, doc: c.doc, nullable: c.nullable }))) })),
    ...views.map((v) => ({ name: v.name, zh: v.zh, doc: v.doc, kind: 'view' as const, rows: rows[v.name] ?? 0, columns: typed(v.name, v.columns.map((c) => ({ ...c, nullable: true }))) })),
  ];
}

export function dataPackage(relations: ExportedRelation[], format: 'parquet' | 'csv'): object {
  return {
    profile: 'data-package',
    name: 'budget-disclosures',
    title: '部门决算公开 (departmental final accounts) as tables',
    description:
      format === 'parquet'
        ? 'Cells, checks and status of Chinese departmental final-accounts reports, extracted and validated, and the views in the shape of the printed tables. Money in 元 as exact decimals (Parquet DECIMAL).'
        : 'The same tables and views as CSV for spreadsheets: UTF-8 with a BOM; money as exact decimal text; text a spreadsheet would read as a number or a date (codes such as 2010101, ids) written as ="…" so it stays text. For pandas, R or DuckDB, read the Parquet files instead.',
    resources: relations.map((r) => ({
      name: r.name,
      title: r.zh,
      description: `${r.kind === 'view' ? 'View. ' : ''}${r.doc}`,
      path: format === 'parquet' ? `${r.name}/${r.name}.parquet` : `${r.name}.csv`,
      format,
      mediatype: format === 'parquet' ? 'application/vnd.apache.parquet' : 'text/csv',
      ...(format === 'csv' ? { encoding: 'utf-8-sig', dialect: { delimiter: ',', quoteChar: '"', header: true } } : {}),
      rows: r.rows,
      schema: {
        fields: r.columns.map((c) => ({
          name: c.name,
          title: c.zh,
          description: c.doc,
          type: fieldType(c.sqlType),
          ...(/^DECIMAL/.test(c.sqlType) ? { sqlType: c.sqlType } : {}),
          constraints: { required: !c.nullable },
        })),
        ...(r.primaryKey ? { primaryKey: r.primaryKey } : {}),
      },
    })),
  };
}
