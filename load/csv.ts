// CSV exports of the views, for spreadsheets: UTF-8 with a BOM (so spreadsheet programs read
// the Chinese text correctly), written with papaparse; money as exact decimal text.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import Papa from 'papaparse';
import { VIEWS } from '../schemas/database.js';
import { quoteIdent } from './ddl.js';
import { writeFileAtomic } from './duckdb.js';

/** Writes `dir/<view>.csv` for every view. Returns the number of rows written per view. */
export async function exportCsv(con: DuckDBConnection, dir: string): Promise<Record<string, number>> {
  await mkdir(dir, { recursive: true });
  const counts: Record<string, number> = {};
  for (const v of VIEWS) {
    const reader = await con.runAndReadAll(`SELECT * FROM ${quoteIdent(v.name)} ORDER BY ALL`);
    const rows = reader.getRowsJson(); // DECIMAL and BIGINT as exact strings
    const csv = Papa.unparse({ fields: reader.columnNames(), data: rows as unknown[][] }, { newline: '\r\n' });
    await writeFileAtomic(path.join(dir, `${v.name}.csv`), '\uFEFF' + csv + '\r\n');
    counts[v.name] = rows.length;
  }
  return counts;
}
