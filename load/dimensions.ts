// Classification dimensions: the reference lists (CSV under data/classifications/, read with
// papaparse) merged with every code the loaded reports print. Names that disagree are kept in
// classification_conflicts, never silently overwritten.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import Papa from 'papaparse';
import { z } from 'zod';
import { inTransaction } from './duckdb.js';

const functionalRow = z.object({
  code: z.string().regex(/^\d{3}(\d{2}){0,2}$/),
  name: z.string().min(1),
  cofog_division: z.string().regex(/^(\d{2})?$/),
  cofog_name: z.string(),
  cofog_note: z.string(),
});
const economicRow = z.object({ code: z.string().regex(/^\d{3}(\d{2})?$/), name: z.string().min(1) });

/** Parses a reference CSV (header row, UTF-8) and validates every row; errors name the file and row. */
export function parseReferenceCsv<T>(text: string, schema: z.ZodType<T>, file: string): T[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`${file}: row ${parsed.errors[0].row}: ${parsed.errors[0].message}`);
  return parsed.data.map((r, i) => {
    const res = schema.safeParse(r);
    if (!res.success) throw new Error(`${file}: row ${i + 2}: ${res.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return res.data;
  });
}

async function loadReference(con: DuckDBConnection, table: string, columns: string[], rows: Record<string, string>[]): Promise<void> {
  await con.run(`CREATE OR REPLACE TEMP TABLE ${table} (${columns.map((c) => `${c} VARCHAR`).join(', ')})`);
  const appender = await con.createAppender(table);
  for (const r of rows) {
    for (const c of columns) appender.appendVarchar(r[c]);
    appender.endRow();
  }
  appender.closeSync();
}

// A printed label as a name: no spaces, no ordinal prefix (一、 (一) 1.), no trailing colon.
const NORMALIZED_LABEL = `regexp_replace(regexp_replace(regexp_replace(row_label, '\\s+', '', 'g'), '^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.．])+', ''), '[:：]$', '')`;

/** (code, name) pairs the reports print, with how many reports print each. */
const seenSql = (tables: string[], codePattern: string) => `
  SELECT row_key AS code, ${NORMALIZED_LABEL} AS name, count(DISTINCT report_id)::INTEGER AS reports, min(report_id) AS example
  FROM line_items WHERE table_code IN (${tables.map((t) => `'${t}'`).join(', ')}) AND regexp_full_match(row_key, '${codePattern}')
  GROUP BY ALL`;

const level = (code: string) => `CASE length(${code}) WHEN 3 THEN '类' WHEN 5 THEN '款' ELSE '项' END`;
const parent = (code: string) => `CASE WHEN length(${code}) > 3 THEN left(${code}, length(${code}) - 2) END`;

/** Rebuilds the dimension tables and the conflicts list. Returns the number of conflicting codes. */
export async function rebuildDimensions(con: DuckDBConnection, referenceDir: string): Promise<number> {
  const functionalFile = path.join(referenceDir, 'functional.csv');
  const economicFile = path.join(referenceDir, 'economic.csv');
  const functional = parseReferenceCsv(await readFile(functionalFile, 'utf8'), functionalRow, functionalFile);
  const economic = parseReferenceCsv(await readFile(economicFile, 'utf8'), economicRow, economicFile);
  await loadReference(con, 'ref_functional', ['code', 'name', 'cofog_division', 'cofog_name'], functional);
  await loadReference(con, 'ref_economic', ['code', 'name'], economic);
  await con.run(`CREATE OR REPLACE TEMP TABLE seen_functional AS ${seenSql(['01', '02', '03', '04', '05', '07', '08'], '[0-9]{3}([0-9]{2}){0,2}')}`);
  await con.run(`CREATE OR REPLACE TEMP TABLE seen_economic AS ${seenSql(['06'], '[0-9]{3}([0-9]{2})?')}`);
  await inTransaction(con, async () => {
    await con.run('DELETE FROM dim_functional_classification');
    await con.run(`INSERT INTO dim_functional_classification
      WITH best AS (SELECT code, arg_max(name, reports) AS name FROM seen_functional GROUP BY code),
           counts AS (SELECT row_key AS code, count(DISTINCT report_id)::INTEGER AS n FROM line_items
                      WHERE table_code IN ('01', '02', '03', '04', '05', '07', '08') GROUP BY row_key),
           codes AS (SELECT code FROM ref_functional UNION SELECT code FROM best)
      SELECT c.code, coalesce(r.name, b.name), ${level('c.code')}, ${parent('c.code')}, left(c.code, 3),
             nullif(k.cofog_division, ''), nullif(k.cofog_name, ''), r.code IS NOT NULL, coalesce(n.n, 0)
      FROM codes c LEFT JOIN ref_functional r USING (code) LEFT JOIN best b USING (code)
      LEFT JOIN ref_functional k ON k.code = left(c.code, 3) LEFT JOIN counts n USING (code)
      ORDER BY c.code`);
    await con.run('DELETE FROM dim_economic_classification');
    await con.run(`INSERT INTO dim_economic_classification
      WITH best AS (SELECT code, arg_max(name, reports) AS name FROM seen_economic GROUP BY code),
           counts AS (SELECT row_key AS code, count(DISTINCT report_id)::INTEGER AS n FROM line_items WHERE table_code = '06' GROUP BY row_key),
           codes AS (SELECT code FROM ref_economic UNION SELECT code FROM best)
      SELECT c.code, coalesce(r.name, b.name), ${level('c.code')}, ${parent('c.code')}, r.code IS NOT NULL, coalesce(n.n, 0)
      FROM codes c LEFT JOIN ref_economic r USING (code) LEFT JOIN best b USING (code) LEFT JOIN counts n USING (code)
      ORDER BY c.code`);
    await con.run('DELETE FROM classification_conflicts');
    await con.run(`INSERT INTO classification_conflicts
      WITH names AS (
        SELECT 'functional' AS classification, code, name, 'reports' AS source, reports, example FROM seen_functional
        UNION ALL SELECT 'functional', code, name, 'reference', 0, NULL FROM ref_functional WHERE code IN (SELECT code FROM seen_functional)
        UNION ALL SELECT 'economic', code, name, 'reports', reports, example FROM seen_economic
        UNION ALL SELECT 'economic', code, name, 'reference', 0, NULL FROM ref_economic WHERE code IN (SELECT code FROM seen_economic)),
      conflicted AS (SELECT classification, code FROM names GROUP BY ALL HAVING count(DISTINCT name) > 1)
      SELECT classification, code, name, source, sum(reports)::INTEGER, min(example) FROM names JOIN conflicted USING (classification, code) GROUP BY ALL
      ORDER BY ALL`);
  });
  const [row] = (await con.runAndReadAll('SELECT count(DISTINCT (classification, code))::INTEGER AS n FROM classification_conflicts')).getRowObjectsJson();
  return Number(row.n);
}
