// docs/recipes.md: every query runs against a database built from the sample reports and gives
// the answer the page prints (cell by cell), so the recipes cannot drift from the data.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../pipeline/run.js';
import { runSql } from '../pipeline/sql.js';
import { closeDatabase, openDatabase, type Database } from '../load/duckdb.js';
import { parseRecipes } from '../pipeline/recipes.js';
import { RAW } from './helpers.js';

const DOC = path.join(import.meta.dirname, '..', 'docs', 'recipes.md');
let dir: string;
let db: Database;
const recipes = parseRecipes(await readFile(DOC, 'utf8'));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'recipes-'));
  await cp(RAW, path.join(dir, 'raw'), { recursive: true });
  await run({ rawDir: path.join(dir, 'raw'), outDir: path.join(dir, 'out'), workers: 0, log: () => undefined });
  db = await openDatabase(path.join(dir, 'out', 'disclosures.duckdb'), { readOnly: true });
});
afterAll(async () => {
  closeDatabase(db);
  await rm(dir, { recursive: true, force: true });
});

describe('docs/recipes.md', () => {
  it('has the questions researchers asked, each with SQL and an answer', () => {
    expect(recipes.map((r) => r.title.replace(/^\d+\. /, ''))).toEqual([
      '“三公”经费 by department, against the budget',
      'Basic against project spending',
      'The largest functional 类 across departments',
      '人员经费 against 公用经费',
      'A year-over-year change: stated against computed',
      'Projects that spent less than 90 % of their budget, with their grades',
      'What does a column mean?',
      'Reading the exports',
      'A department across years',
      'What departments budget, by function',
      'Budget against outturn: which departments can be compared',
    ]);
    for (const r of recipes) {
      expect(r.sql, r.title).toMatch(/^SELECT/);
      expect(r.answer.length, r.title).toBeGreaterThan(1);
    }
  });

  it.each(recipes.map((r) => [r.title, r] as const))('%s: the query gives the printed answer', async (_, r) => {
    // The exports recipe reads the Parquet files where make all writes them; here, the test's own.
    const sql = r.sql.replaceAll("'data/out/", `'${path.join(dir, 'out')}/`);
    const result = await runSql(db.con, sql);
    const text = (v: unknown) => (v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    expect([result.columns, ...result.rows.map((row) => row.map(text))]).toEqual(r.answer);
  });
});
