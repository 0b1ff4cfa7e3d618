// CSV exports of every table and view, for spreadsheets: UTF-8 with a BOM (so spreadsheet
// programs read the Chinese text correctly), written by DuckDB's CSV writer (streaming, any
// size); money as exact decimal text. Text that a spreadsheet would turn into a number or a date
// (classification codes such as 2010101 or 01, ids such as 8e12345…) is written as ="2010101",
// which Excel, LibreOffice and Google Sheets show as the text 2010101.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ALL_VIEWS, DATABASE_TABLES } from '../schemas/database.js';
import { dataPackage, relationsOf } from './datapackage.js';
import { quoteIdent, quoteLiteral } from './ddl.js';
import { columnTypes, query, writeFileAtomic } from './duckdb.js';

/** What a spreadsheet reads as a number, a percentage or a date, rather than as text. */
const SPREADSHEET_NUMBER = String.raw`^\s*[-+]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?\s*$|^\s*\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?\s*$`;

/** The select list of a relation for CSV: text columns guarded as above, the others as DuckDB writes them. */
async function csvSelect(con: DuckDBConnection, name: string): Promise<string> {
  const cols = await query(con, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ${quoteLiteral(name)} ORDER BY column_index`);
  return cols
    .map((c) => {
      const id = quoteIdent(c.column_name as string);
      return c.data_type === 'VARCHAR' ? `CASE WHEN regexp_matches(${id}, ${quoteLiteral(SPREADSHEET_NUMBER)}) THEN '="' || ${id} || '"' ELSE ${id} END AS ${id}` : id;
    })
    .join(', ');
}

/** Writes `dir/<name>.csv` for every table and view, and `dir/datapackage.json`. Returns the rows written per file. */
export async function exportCsv(con: DuckDBConnection, dir: string): Promise<Record<string, number>> {
  await mkdir(dir, { recursive: true });
  const counts: Record<string, number> = {};
  for (const name of [...DATABASE_TABLES.map((t) => t.name), ...ALL_VIEWS.map((v) => v.name)]) {
    const file = path.join(dir, `${name}.csv`);
    const body = path.join(dir, `.${name}.csv.body`);
    const tmp = path.join(dir, `.${name}.csv.tmp`);
    try {
      // COPY returns the number of rows it wrote.
      const [written] = await query(con, `COPY (SELECT ${await csvSelect(con, name)} FROM ${quoteIdent(name)} ORDER BY ALL) TO ${quoteLiteral(body)} (FORMAT CSV, HEADER, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR '')`);
      counts[name] = Number(written.Count);
      const out = createWriteStream(tmp);
      out.write('\uFEFF');
      await pipeline(createReadStream(body), out);
      await rename(tmp, file);
    } finally {
      await rm(body, { force: true });
      await rm(tmp, { force: true });
    }
  }
  await writeFileAtomic(path.join(dir, 'datapackage.json'), JSON.stringify(dataPackage(relationsOf(DATABASE_TABLES, ALL_VIEWS, await columnTypes(con), counts), 'csv'), null, 2) + '\n');
  return counts;
}
