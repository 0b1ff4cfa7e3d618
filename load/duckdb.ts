// Load stage: one DuckDB writer. Reports are loaded in batches, each in one transaction, so a
// report is either fully loaded or absent. Money goes in as exact decimal text (never a JS
// number) and comes out as strings through the JSON row readers.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { runs, type TableSpec } from '../schemas/contract.js';
import { ALL_VIEWS, DATABASE_TABLES, JOINED_VIEWS, REPORT_TABLES, VIEWS } from '../schemas/database.js';
import { BUDGET_VS_OUTTURN } from '../schemas/views.js';
import { budgetVsOutturnSql } from './analysis.js';
import { joinedViewColumns, viewColumns } from '../schemas/views.js';
import { dataPackage, relationsOf } from './datapackage.js';
import { commentSql, createJoinedViewSql, createTableSql, createViewSql, quoteIdent, quoteLiteral, viewCommentSql } from './ddl.js';
import { csvLine, type StagedRows } from './staging.js';

export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** Whether DuckDB refused a file because another process holds its lock. */
export const isLockConflict = (e: unknown) => /Could not set lock|Conflicting lock/.test((e as Error).message);

export interface Database {
  instance: DuckDBInstance;
  con: DuckDBConnection;
}

export interface OpenOptions {
  /** Read only, never creating or changing anything (the csv and report commands, --dry-run). */
  readOnly?: boolean;
  /** The name errors give the database (a run works on a copy, but the user knows the published file). */
  shownAs?: string;
}

export async function openDatabase(file: string, opts: OpenOptions = {}): Promise<Database> {
  const name = opts.shownAs ?? file;
  let instance: DuckDBInstance;
  try {
    if (!opts.readOnly) await mkdir(path.dirname(file), { recursive: true });
    // A bounded buffer pool keeps the process's memory flat however large the database grows;
    // DuckDB spills to disk beyond it.
    instance = await DuckDBInstance.create(file, { memory_limit: '256MB', threads: '1', ...(opts.readOnly ? { access_mode: 'READ_ONLY' } : {}) });
  } catch (e) {
    const msg = (e as Error).message;
    if (isLockConflict(e)) throw new DatabaseError(`database ${name} is locked by another process (${msg.replace(/^IO Error: /, '')}); wait for it to finish or remove the stale process`);
    if (/not a valid DuckDB database|Corrupt/.test(msg)) throw new DatabaseError(`database ${name} is corrupt or not a DuckDB file; move it away and re-run to rebuild it from RAW_DIR`);
    if (opts.readOnly && /No such file|does not exist|Cannot open/.test(msg)) throw new DatabaseError(`no database ${name} yet: run \`make all\` first`);
    throw new DatabaseError(`cannot open database ${name}: ${msg}`);
  }
  const con = await instance.connect();
  if (opts.readOnly) return { instance, con };
  try {
    for (const spec of DATABASE_TABLES) await con.run(createTableSql(spec));
    await migrateColumns(con);
    for (const spec of DATABASE_TABLES) for (const sql of commentSql(spec)) await con.run(sql);
    for (const view of VIEWS) {
      await con.run(createViewSql(view));
      for (const sql of viewCommentSql(view, viewColumns(view))) await con.run(sql);
    }
    for (const view of JOINED_VIEWS) {
      await con.run(createJoinedViewSql(view));
      for (const sql of viewCommentSql(view, joinedViewColumns(view))) await con.run(sql);
    }
    await con.run(budgetVsOutturnSql());
    for (const sql of viewCommentSql(BUDGET_VS_OUTTURN, BUDGET_VS_OUTTURN.columns)) await con.run(sql);
  } catch (e) {
    con.closeSync();
    instance.closeSync();
    throw new DatabaseError(`database ${name} cannot be used: ${(e as Error).message}`);
  }
  return { instance, con };
}

/**
 * Columns added to the contract after a database was created (nullable ones only), and columns
 * whose type the contract widened (the checks' amounts went from DECIMAL(18,2) to (18,4) so that
 * 元 tables' tolerances of 0.015 元 are stored, not rounded).
 */
async function migrateColumns(con: DuckDBConnection): Promise<void> {
  for (const spec of DATABASE_TABLES) {
    const rows = await query(con, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ${quoteLiteral(spec.name)}`);
    const have = new Map(rows.map((r) => [r.column_name as string, r.data_type as string]));
    for (const [name, c] of Object.entries(spec.columns)) {
      const type = have.get(name);
      if (type === undefined && c.nullable) await con.run(`ALTER TABLE ${quoteIdent(spec.name)} ADD COLUMN ${quoteIdent(name)} ${c.sql}`);
      else if (type !== undefined && type !== c.sql && /^DECIMAL/.test(c.sql)) await con.run(`ALTER TABLE ${quoteIdent(spec.name)} ALTER COLUMN ${quoteIdent(name)} TYPE ${c.sql}`);
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
  /** Other files of the report (its narrative printed apart), whose earlier rows it replaces too. */
  companions?: string[];
  /** CSV bytes per table name (from stageRows): already validated against the contract. */
  staged: StagedRows;
}

/**
 * Reports waiting to be loaded together. Their rows go straight to CSV files (one per table)
 * in the batch's own folder, so a batch costs disk, not memory. Appends are synchronous writes
 * to files kept open: an async appendFile per table and report cost the single writer thread a
 * millisecond and a half per report.
 */
export class StagingBatch {
  readonly sourcePaths: string[] = [];
  bytes = 0;
  private readonly files = new Map<string, number>(); // table → open file descriptor

  constructor(readonly dir: string) {}

  add(r: StagedReport): void {
    if (this.sourcePaths.length === 0) mkdirSync(this.dir, { recursive: true });
    this.sourcePaths.push(r.sourcePath, ...(r.companions ?? []));
    for (const [table, bytes] of Object.entries(r.staged)) {
      if (bytes.length === 0) continue;
      let fd = this.files.get(table);
      if (fd === undefined) {
        fd = openSync(this.fileOf(table), 'a');
        this.files.set(table, fd);
      }
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
      this.bytes += bytes.length;
    }
  }

  /** The staged file of a table, or undefined when no report of the batch has rows in it. */
  stagedFile(table: string): string | undefined {
    return this.files.has(table) ? this.fileOf(table) : undefined;
  }

  close(): void {
    for (const fd of this.files.values()) closeSync(fd);
  }

  private fileOf(table: string): string {
    return path.join(this.dir, `${table}.csv`);
  }
}

/** read_csv of a staged file: types from the contract, nothing sniffed, "" kept apart from NULL. */
const readStaged = (file: string, columns: [name: string, sql: string][]) =>
  `read_csv(${quoteLiteral(file)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${MAX_LINE_BYTES}, columns = {${columns
    .map(([name, sql]) => `${quoteLiteral(name)}: ${quoteLiteral(sql)}`)
    .join(', ')}})`;
const columnList = (spec: TableSpec) => Object.keys(spec.columns).map(quoteIdent).join(', ');
const sqlColumns = (spec: TableSpec): [string, string][] => Object.entries(spec.columns).map(([name, c]) => [name, c.sql]);
// One row of text (a long responsibilities section, say) may exceed DuckDB's 2 MB default; the
// buffer must hold a whole line, and stays well inside the 256 MB memory limit.
const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Loads a batch in one transaction, first deleting whatever was known about its source paths
 * when `replacing` (old report, old error). read_csv parses the staged files in bulk and casts
 * decimals exactly from their text. A crash at any point leaves every report of the batch
 * either fully loaded or absent. DuckDB ignores a COMMIT after a failed statement, so every
 * step is awaited and a failure rolls back explicitly. The batch's folder is removed after.
 */
export async function loadBatch(con: DuckDBConnection, batch: StagingBatch, replacing: boolean): Promise<void> {
  if (batch.sourcePaths.length === 0) return;
  batch.close();
  try {
    let pathsFile: string | null = null;
    if (replacing) {
      pathsFile = path.join(batch.dir, '_source_paths.csv');
      await writeFile(pathsFile, batch.sourcePaths.map((p) => csvLine(['source_path'], { source_path: p })).join(''));
    }
    await inTransaction(con, async () => {
      if (pathsFile) await deleteSources(con, `SELECT source_path FROM ${readStaged(pathsFile, [['source_path', 'VARCHAR']])}`);
      for (const spec of REPORT_TABLES) {
        const file = batch.stagedFile(spec.name);
        // Columns named: a database made by an older version has the columns added since at its end.
        if (file) await con.run(`INSERT INTO ${quoteIdent(spec.name)} (${columnList(spec)}) SELECT * FROM ${readStaged(file, sqlColumns(spec))}`);
      }
    });
  } finally {
    await rm(batch.dir, { recursive: true, force: true });
  }
}

export async function inTransaction(con: DuckDBConnection, body: () => Promise<void>): Promise<void> {
  await con.run('BEGIN TRANSACTION');
  try {
    await body();
    await con.run('COMMIT');
  } catch (e) {
    await con.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Deletes every row of the source paths the subquery returns (children first): the reports of
 * those files, a report of two files whichever of them is named, and their recorded errors.
 */
async function deleteSources(con: DuckDBConnection, pathsSql: string): Promise<void> {
  await con.run(`CREATE OR REPLACE TEMP TABLE doomed_reports AS SELECT report_id FROM reports WHERE source_path IN (${pathsSql}) UNION SELECT report_id FROM report_files WHERE source_path IN (${pathsSql})`);
  // The other file of a two-file report loses its report too: its errors go with it.
  await con.run(`CREATE OR REPLACE TEMP TABLE doomed_paths AS SELECT source_path FROM report_files WHERE report_id IN (SELECT report_id FROM doomed_reports) UNION ${pathsSql}`);
  for (const spec of REPORT_TABLES) {
    if (spec.name === 'reports' || spec.name === 'ingest_errors') continue;
    await con.run(`DELETE FROM ${quoteIdent(spec.name)} WHERE report_id IN (SELECT report_id FROM doomed_reports)`);
  }
  await con.run('DELETE FROM reports WHERE report_id IN (SELECT report_id FROM doomed_reports)');
  await con.run('DELETE FROM ingest_errors WHERE source_path IN (SELECT source_path FROM doomed_paths)');
  await con.run('DROP TABLE doomed_reports');
  await con.run('DROP TABLE doomed_paths');
}

/** Removes every row of files that are no longer under RAW_DIR, in one transaction. Returns the paths removed. */
export async function removeMissing(con: DuckDBConnection, present: Set<string>): Promise<string[]> {
  const known = await query(con, 'SELECT source_path FROM reports UNION SELECT source_path FROM report_files UNION SELECT source_path FROM ingest_errors');
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
  /** Version of the code that produced the rows (null: recorded before versions were). */
  parserVersion: string | null;
  /** Recorded as a duplicate of another file rather than loaded. */
  duplicate: boolean;
  /** For the narrative file of a two-file report: the report's tables file. */
  narrativeOf?: string;
}

/** source_path → what the database holds for it (loaded reports and recorded errors). */
export async function knownSources(con: DuckDBConnection): Promise<Map<string, KnownSource>> {
  // A database opened read-only (--dry-run) is not migrated: errors recorded before versions were have none.
  const errorsVersioned = (await query(con, "SELECT 1 FROM duckdb_columns() WHERE table_name = 'ingest_errors' AND column_name = 'parser_version'")).length > 0;
  const filesKnown = (await query(con, "SELECT 1 FROM duckdb_tables() WHERE table_name = 'report_files'")).length > 0;
  const rows = await query(
    con,
    `SELECT source_path, source_sha256, parser_version, false AS duplicate, NULL AS narrative_of FROM reports
     ${filesKnown ? `UNION ALL SELECT f.source_path, f.sha256, r.parser_version, false, r.source_path FROM report_files f JOIN reports r USING (report_id) WHERE f.role = 'narrative'` : ''}
     UNION ALL SELECT source_path, source_sha256, ${errorsVersioned ? 'parser_version' : 'NULL'}, stage = 'duplicate', NULL FROM ingest_errors
       WHERE source_path NOT IN (SELECT source_path FROM reports) ${filesKnown ? 'AND source_path NOT IN (SELECT source_path FROM report_files)' : ''}`,
  );
  return new Map(
    rows.map((r) => [
      r.source_path as string,
      { sha256: (r.source_sha256 as string | null) ?? '', parserVersion: (r.parser_version as string | null) ?? null, duplicate: r.duplicate === true, ...(r.narrative_of ? { narrativeOf: r.narrative_of as string } : {}) },
    ]),
  );
}

// The Parquet writer buffers a whole row group outside DuckDB's memory limit: the default
// 122 880 rows of narrative_facts (a sentence each) made it the peak of a run's memory. Smaller
// groups cost more: each repeats its dictionaries and headers (10 000 reports: 65 536 rows took
// 10 % less export CPU than 16 384 and wrote a third of the bytes, for ≈ 45 MB more memory,
// which the workers, stopped before the export, give back).
const PARQUET_ROW_GROUP = 65536;

// Tables are exported on this many connections at once, each query on one thread: the export
// runs after the workers are done, so one connection left a core idle (5.6 s against 2.5 s for
// 10 000 reports). Memory stays bounded: each query buffers one row group.
const EXPORT_LANES = 2;

/**
 * Writes one Parquet file per table and per view under `dir/<name>/`, and datapackage.json
 * describing them. Each is written to a temporary name and renamed, so a reader never sees a
 * half-written file.
 */
export async function exportParquet(db: Database, dir: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // Largest first (rows × columns), each lane taking the next table when done: the lanes finish
  // together. Views come last, their order unknown; those in the printed tables' shape are
  // sorted as printed.
  const sizes = new Map((await query(db.con, 'SELECT table_name, estimated_size * column_count AS weight FROM duckdb_tables() WHERE NOT temporary')).map((r) => [r.table_name as string, BigInt(r.weight as string)]));
  const tables = [...DATABASE_TABLES].sort((a, b) => Number((sizes.get(b.name) ?? 0n) - (sizes.get(a.name) ?? 0n)));
  const queue: { name: string; select: string }[] = [
    // No ORDER BY for the tables: rows are stored in file order already (pipeline/run.ts), and
    // sorting the largest tables took three quarters of the export's time.
    ...tables.map((t) => ({ name: t.name, select: `SELECT ${columnList(t)} FROM ${quoteIdent(t.name)}` })),
    ...VIEWS.map((v) => ({ name: v.name, select: `SELECT * FROM ${quoteIdent(v.name)} ORDER BY report_id${v.shape === 'single' ? '' : ', row_order'}` })),
    ...JOINED_VIEWS.map((v) => ({ name: v.name, select: `SELECT * FROM ${quoteIdent(v.name)}` })),
    { name: BUDGET_VS_OUTTURN.name, select: `SELECT * FROM ${quoteIdent(BUDGET_VS_OUTTURN.name)} ORDER BY department_key, fiscal_year, report_scope, basis, subject_code` },
  ];
  const exportOne = async (con: DuckDBConnection, { name, select }: { name: string; select: string }) => {
    counts[name] = await writeParquet(con, dir, name, select);
  };
  const extra = await Promise.all(Array.from({ length: EXPORT_LANES - 1 }, () => db.instance.connect()));
  try {
    await Promise.all(
      [db.con, ...extra].map(async (con) => {
        for (let next = queue.shift(); next; next = queue.shift()) await exportOne(con, next);
      }),
    );
  } finally {
    for (const con of extra) con.closeSync();
  }
  const ordered = Object.fromEntries([...DATABASE_TABLES, ...ALL_VIEWS].map((s) => [s.name, counts[s.name]]));
  const relations = relationsOf(DATABASE_TABLES, ALL_VIEWS, await columnTypes(db.con), ordered);
  await writeFileAtomic(path.join(dir, 'datapackage.json'), JSON.stringify(dataPackage(relations, 'parquet'), null, 2) + '\n');
  return ordered;
}

/** Writes `dir/<name>/<name>.parquet` from a query, by a temporary name and a rename. Returns its row count. */
async function writeParquet(con: DuckDBConnection, dir: string, name: string, select: string): Promise<number> {
  const tableDir = path.join(dir, name);
  await mkdir(tableDir, { recursive: true });
  const final = path.join(tableDir, `${name}.parquet`);
  const tmp = path.join(tableDir, `.${name}.parquet.tmp`);
  await rm(tmp, { force: true });
  // COPY returns the number of rows it wrote.
  const [written] = await query(con, `COPY (${select}) TO ${quoteLiteral(tmp)} (FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE ${PARQUET_ROW_GROUP})`);
  await rename(tmp, final);
  return Number(written.Count);
}

/** A run that changed nothing else: runs.parquet of the published folder gets its row, and datapackage.json its count. */
export async function exportRunsParquet(db: Database, dir: string): Promise<void> {
  const rows = await writeParquet(db.con, dir, 'runs', `SELECT ${columnList(runs)} FROM runs`);
  const packageFile = path.join(dir, 'datapackage.json');
  const pkg = JSON.parse(await readFile(packageFile, 'utf8')) as { resources: { name: string; rows: number }[] };
  for (const r of pkg.resources) if (r.name === 'runs') r.rows = rows;
  await writeFileAtomic(packageFile, JSON.stringify(pkg, null, 2) + '\n');
}

/** relation → column → DuckDB type, for the data packages. */
export async function columnTypes(con: DuckDBConnection): Promise<Map<string, Map<string, string>>> {
  const types = new Map<string, Map<string, string>>();
  for (const r of await query(con, "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main'")) {
    const t = r.table_name as string;
    if (!types.has(t)) types.set(t, new Map());
    types.get(t)!.set(r.column_name as string, r.data_type as string);
  }
  return types;
}

/** Writes to a temporary name, then renames: a reader sees the old file or the new one, never half of one. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  await writeFile(tmp, data);
  await rename(tmp, file);
}
