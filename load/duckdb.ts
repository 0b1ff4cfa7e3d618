// Load stage: one DuckDB writer. Reports are loaded in batches, each in one transaction, so a
// report is either fully loaded or absent. Money goes in as exact decimal text (never a JS
// number) and comes out as strings through the JSON row readers.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ALL_TABLES, type TableSpec } from '../schemas/contract.js';
import { commentSql, createTableSql, quoteIdent, quoteLiteral } from './ddl.js';
import type { StagedRows } from './staging.js';

export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

export interface Database {
  instance: DuckDBInstance;
  con: DuckDBConnection;
}

export async function openDatabase(file: string): Promise<Database> {
  await mkdir(path.dirname(file), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file);
  } catch (e) {
    const msg = (e as Error).message;
    if (/Could not set lock|Conflicting lock/.test(msg)) throw new DatabaseError(`database ${file} is locked by another process (${msg.replace(/^IO Error: /, '')}); wait for it to finish or remove the stale process`);
    if (/not a valid DuckDB database|Corrupt/.test(msg)) throw new DatabaseError(`database ${file} is corrupt or not a DuckDB file; move it away and re-run to rebuild it from RAW_DIR`);
    throw new DatabaseError(`cannot open database ${file}: ${msg}`);
  }
  const con = await instance.connect();
  try {
    for (const spec of ALL_TABLES) await con.run(createTableSql(spec));
    await addMissingColumns(con);
    for (const spec of ALL_TABLES) for (const sql of commentSql(spec)) await con.run(sql);
  } catch (e) {
    con.closeSync();
    instance.closeSync();
    throw new DatabaseError(`database ${file} cannot be used: ${(e as Error).message}`);
  }
  return { instance, con };
}

/** Columns added to the contract after a database was created (nullable ones only). */
async function addMissingColumns(con: DuckDBConnection): Promise<void> {
  for (const spec of ALL_TABLES) {
    const have = new Set((await query(con, `SELECT column_name FROM duckdb_columns() WHERE table_name = ${quoteLiteral(spec.name)}`)).map((r) => r.column_name as string));
    for (const [name, c] of Object.entries(spec.columns)) {
      if (!have.has(name) && c.nullable) await con.run(`ALTER TABLE ${quoteIdent(spec.name)} ADD COLUMN ${quoteIdent(name)} ${c.sql}`);
    }
  }
}

export function closeDatabase(db: Database): void {
  db.con.closeSync();
  db.instance.closeSync();
}

/** Rows as JSON-safe objects: DECIMAL and BIGINT come back as exact strings. */
export async function query(con: DuckDBConnection, sql: string, params?: (string | number | null)[]): Promise<Record<string, unknown>[]> {
  const reader = params ? await con.runAndReadAll(sql, params) : await con.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

export interface StagedReport {
  sourcePath: string;
  /** NDJSON per table name (from stageRows): already validated against the contract. */
  staged: StagedRows;
}

const readJsonColumns = (spec: TableSpec) =>
  '{' + Object.entries(spec.columns).map(([name, c]) => `${quoteIdent(name)}: ${quoteLiteral(c.sql)}`).join(', ') + '}';

/**
 * Loads a batch of reports in one transaction, replacing whatever was known about their
 * source paths (old report, old error). The rows are staged as NDJSON files and inserted with
 * read_json, which DuckDB parses in bulk; decimals are cast exactly from their text. A crash at
 * any point leaves every report of the batch either fully loaded or absent. DuckDB ignores a
 * COMMIT after a failed statement, so every step is awaited and a failure rolls back explicitly.
 */
export async function loadBatch(con: DuckDBConnection, batch: StagedReport[], stagingDir: string, replacing: boolean): Promise<void> {
  if (batch.length === 0) return;
  await mkdir(stagingDir, { recursive: true });
  const files: string[] = [];
  const stage = async (name: string, text: string) => {
    const file = path.join(stagingDir, `${name}.ndjson`);
    await writeFile(file, text);
    files.push(file);
    return file;
  };
  try {
    const pathsFile = replacing ? await stage('_source_paths', batch.map((b) => JSON.stringify({ source_path: b.sourcePath }) + '\n').join('')) : null;
    const tableFiles = new Map<TableSpec, string>();
    for (const spec of ALL_TABLES) {
      const text = batch.map((b) => b.staged[spec.name] ?? '').join('');
      if (text) tableFiles.set(spec, await stage(spec.name, text));
    }
    await inTransaction(con, async () => {
      if (pathsFile) await deleteSources(con, `SELECT source_path FROM read_json(${quoteLiteral(pathsFile)}, format = 'newline_delimited', columns = {source_path: 'VARCHAR'})`);
      for (const [spec, file] of tableFiles) {
        await con.run(`INSERT INTO ${quoteIdent(spec.name)} SELECT * FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited', columns = ${readJsonColumns(spec)})`);
      }
    });
  } finally {
    await Promise.all(files.map((f) => rm(f, { force: true })));
  }
}

async function inTransaction(con: DuckDBConnection, body: () => Promise<void>): Promise<void> {
  await con.run('BEGIN TRANSACTION');
  try {
    await body();
    await con.run('COMMIT');
  } catch (e) {
    await con.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Deletes every row of the source paths the subquery returns (children first). */
async function deleteSources(con: DuckDBConnection, pathsSql: string): Promise<void> {
  for (const spec of ALL_TABLES) {
    if (spec.name === 'reports' || spec.name === 'ingest_errors') continue;
    await con.run(`DELETE FROM ${quoteIdent(spec.name)} WHERE report_id IN (SELECT report_id FROM reports WHERE source_path IN (${pathsSql}))`);
  }
  await con.run(`DELETE FROM reports WHERE source_path IN (${pathsSql})`);
  await con.run(`DELETE FROM ingest_errors WHERE source_path IN (${pathsSql})`);
}

/** Removes every row of files that are no longer under RAW_DIR, in one transaction. Returns the paths removed. */
export async function removeMissing(con: DuckDBConnection, present: Set<string>): Promise<string[]> {
  const known = await query(con, 'SELECT source_path FROM reports UNION SELECT source_path FROM ingest_errors');
  const gone = known.map((r) => r.source_path as string).filter((p) => !present.has(p));
  if (gone.length === 0) return gone;
  await con.run('CREATE OR REPLACE TEMP TABLE gone_paths (source_path VARCHAR)');
  const appender = await con.createAppender('gone_paths');
  for (const p of gone) {
    appender.appendVarchar(p);
    appender.endRow();
  }
  appender.closeSync();
  await inTransaction(con, () => deleteSources(con, 'SELECT source_path FROM gone_paths'));
  await con.run('DROP TABLE gone_paths');
  return gone;
}

export interface KnownSource {
  sha256: string;
  /** Recorded as a duplicate of another file rather than loaded. */
  duplicate: boolean;
}

/** source_path → what the database holds for it (loaded reports and recorded errors). */
export async function knownSources(con: DuckDBConnection): Promise<Map<string, KnownSource>> {
  const rows = await query(
    con,
    `SELECT source_path, source_sha256, false AS duplicate FROM reports
     UNION ALL SELECT source_path, source_sha256, stage = 'duplicate' FROM ingest_errors WHERE source_path NOT IN (SELECT source_path FROM reports)`,
  );
  return new Map(rows.map((r) => [r.source_path as string, { sha256: (r.source_sha256 as string | null) ?? '', duplicate: r.duplicate === true }]));
}

/**
 * Writes one Parquet file per table under `dir/<table>/`. Each is written to a temporary
 * name and renamed, so a reader never sees a half-written file.
 */
export async function exportParquet(con: DuckDBConnection, dir: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const spec of ALL_TABLES) {
    const tableDir = path.join(dir, spec.name);
    await mkdir(tableDir, { recursive: true });
    const final = path.join(tableDir, `${spec.name}.parquet`);
    const tmp = path.join(tableDir, `.${spec.name}.parquet.tmp`);
    await rm(tmp, { force: true });
    const order = spec.primaryKey.map(quoteIdent).join(', ');
    await con.run(`COPY (SELECT * FROM ${quoteIdent(spec.name)} ORDER BY ${order}) TO ${quoteLiteral(tmp)} (FORMAT PARQUET, COMPRESSION ZSTD)`);
    await rename(tmp, final);
    const n = await query(con, `SELECT count(*) AS n FROM ${quoteIdent(spec.name)}`);
    counts[spec.name] = Number(n[0].n);
  }
  return counts;
}
