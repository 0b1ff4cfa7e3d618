// Load stage: one DuckDB writer. Each report is replaced in one transaction, so it is either
// fully loaded or absent. Money goes in as exact decimal strings through the appender (never
// a JS number) and comes out as strings through the JSON row readers.
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { ALL_TABLES, rowSchema, type Row, type TableSpec } from '../schemas/contract.js';
import { commentSql, createTableSql, quoteIdent, quoteLiteral } from './ddl.js';

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

function append(appender: DuckDBAppender, spec: TableSpec, row: Row): void {
  for (const [name, c] of Object.entries(spec.columns)) {
    const v = row[name];
    if (v === null || v === undefined) appender.appendNull();
    else if (c.sql === 'INTEGER') appender.appendInteger(v as number);
    else if (c.sql === 'BIGINT') appender.appendBigInt(v as bigint);
    else if (c.sql === 'BOOLEAN') appender.appendBoolean(v as boolean);
    else appender.appendVarchar(String(v)); // VARCHAR, and DECIMAL/TIMESTAMP cast exactly from their text
  }
  appender.endRow();
}

export interface ReportPayload {
  sourcePath: string;
  /** Rows by table name; each row is validated against the contract before loading. */
  rows: Record<string, Row[]>;
}

const VALIDATORS = new Map(ALL_TABLES.map((s) => [s.name, rowSchema(s)]));

export function validateRows(spec: TableSpec, rows: Row[]): void {
  const schema = VALIDATORS.get(spec.name)!;
  for (const r of rows) {
    const res = schema.safeParse(r);
    if (!res.success) throw new Error(`row of ${spec.name} breaks the contract: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
}

/**
 * Replaces everything known about `sourcePath` (its old report, its old error) with the new
 * rows, in one transaction. DuckDB ignores a COMMIT after a failed statement, so every step
 * is awaited and any failure rolls back explicitly.
 */
export async function replaceReport(con: DuckDBConnection, payload: ReportPayload): Promise<void> {
  for (const spec of ALL_TABLES) validateRows(spec, payload.rows[spec.name] ?? []);
  await con.run('BEGIN TRANSACTION');
  try {
    await deleteSource(con, payload.sourcePath);
    for (const spec of ALL_TABLES) {
      const rows = payload.rows[spec.name] ?? [];
      if (rows.length === 0) continue;
      const appender = await con.createAppender(spec.name);
      try {
        for (const r of rows) append(appender, spec, r);
      } finally {
        appender.closeSync(); // flushes inside this transaction
      }
    }
    await con.run('COMMIT');
  } catch (e) {
    await con.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function deleteSource(con: DuckDBConnection, sourcePath: string): Promise<void> {
  const ids = (await query(con, 'SELECT report_id FROM reports WHERE source_path = $1', [sourcePath])).map((r) => r.report_id as string);
  for (const id of ids) {
    for (const spec of ALL_TABLES) {
      if (spec.name === 'ingest_errors' || !('report_id' in spec.columns)) continue;
      await con.run(`DELETE FROM ${quoteIdent(spec.name)} WHERE report_id = $1`, [id]);
    }
  }
  await con.run('DELETE FROM ingest_errors WHERE source_path = $1', [sourcePath]);
}

/** Removes every row of files that are no longer under RAW_DIR. Returns the paths removed. */
export async function removeMissing(con: DuckDBConnection, present: Set<string>): Promise<string[]> {
  const known = await query(con, 'SELECT source_path FROM reports UNION SELECT source_path FROM ingest_errors');
  const gone = known.map((r) => r.source_path as string).filter((p) => !present.has(p));
  for (const p of gone) {
    await con.run('BEGIN TRANSACTION');
    try {
      await deleteSource(con, p);
      await con.run('COMMIT');
    } catch (e) {
      await con.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
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
