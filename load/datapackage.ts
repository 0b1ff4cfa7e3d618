// A Frictionless Data Package (datapackage.json) describing the Parquet files, generated from
// the same table specs as the DDL, so other tools can load them with types and descriptions.
import type { SqlType, TableSpec } from '../schemas/contract.js';

const FIELD_TYPE: Record<SqlType, string> = {
  VARCHAR: 'string',
  INTEGER: 'integer',
  BIGINT: 'integer',
  BOOLEAN: 'boolean',
  TIMESTAMP: 'datetime',
  'DECIMAL(18,2)': 'number',
  'DECIMAL(18,4)': 'number',
};

export function dataPackage(tables: TableSpec[], rowCounts: Record<string, number>): object {
  return {
    profile: 'data-package',
    name: 'budget-disclosures',
    title: '部门决算公开 (departmental final accounts) as tables',
    description: 'Cells, checks and status of Chinese departmental final-accounts reports, extracted and validated. Money in 元 as exact decimals (Parquet DECIMAL).',
    resources: tables.map((t) => ({
      name: t.name,
      title: t.zh,
      description: t.doc,
      path: `${t.name}/${t.name}.parquet`,
      format: 'parquet',
      mediatype: 'application/vnd.apache.parquet',
      rows: rowCounts[t.name] ?? 0,
      schema: {
        fields: Object.entries(t.columns).map(([name, c]) => ({
          name,
          title: c.zh,
          description: c.doc,
          type: FIELD_TYPE[c.sql],
          ...(c.sql.startsWith('DECIMAL') ? { sqlType: c.sql } : {}),
          constraints: { required: !c.nullable },
        })),
        primaryKey: t.primaryKey,
      },
    })),
  };
}
