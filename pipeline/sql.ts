// SQL for people without a DuckDB client: `cli sql "SELECT …"` for scripts and `make sql`, an
// interactive read-only shell. Both open the published database read-only, so they work while a
// run is writing (the run works on its own copy and publishes it by rename: load/publish.ts).
import { existsSync, statSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import Papa from 'papaparse';
import { closeDatabase, openDatabase, query, type Database } from '../load/duckdb.js';
import { quoteLiteral } from '../load/ddl.js';

export const SQL_FORMATS = ['table', 'csv', 'tsv', 'json'] as const;
export type SqlFormat = (typeof SQL_FORMATS)[number];

/** A query's result: values as the JSON readers give them (DECIMAL and BIGINT as exact strings). */
export interface SqlResult {
  columns: string[];
  /** Whether a column is numeric (right-aligned in tables). */
  numeric: boolean[];
  rows: unknown[][];
}

const NUMERIC_TYPES = new Set([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL,
]);

export async function runSql(con: DuckDBConnection, sql: string): Promise<SqlResult> {
  const reader = await con.runAndReadAll(sql);
  const columns = reader.columnNames();
  return { columns, numeric: columns.map((_, i) => NUMERIC_TYPES.has(reader.columnTypeId(i))), rows: reader.getRowsJson() as unknown[][] };
}

/** Text of a value for display: NULL spelled out in tables, empty in CSV; nested values as JSON. */
function cellText(v: unknown, nullText: string): string {
  if (v === null || v === undefined) return nullText;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Columns a character takes in a terminal: East Asian wide and full-width characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000;
    w += wide ? 2 : 1;
  }
  return w;
}

const pad = (text: string, width: number, right: boolean) => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
};

/** An aligned table (numbers right-aligned), with the row count; at most maxRows rows are shown. */
export function formatTable(r: SqlResult, maxRows = Infinity): string {
  const shown = r.rows.slice(0, maxRows).map((row) => row.map((v) => cellText(v, 'NULL').replace(/\r?\n/g, '↵')));
  const widths = r.columns.map((c, i) => Math.max(displayWidth(c), ...shown.map((row) => displayWidth(row[i]))));
  const line = (cells: string[], header: boolean) => '│ ' + cells.map((c, i) => pad(c, widths[i], !header && r.numeric[i])).join(' │ ') + ' │';
  const rule = (l: string, m: string, rr: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + rr;
  const out = [rule('┌', '┬', '┐'), line(r.columns, true), rule('├', '┼', '┤'), ...shown.map((row) => line(row, false)), rule('└', '┴', '┘')];
  const more = r.rows.length - shown.length;
  out.push(`${r.rows.length} row${r.rows.length === 1 ? '' : 's'}${more > 0 ? ` (${shown.length} shown; .maxrows N to see more)` : ''}`);
  return out.join('\n');
}

/** The result in a script-friendly format: CSV (RFC 4180, plain: no BOM, codes unquoted), tab-separated text, or a JSON array of objects. */
export function formatResult(r: SqlResult, format: SqlFormat, maxRows = Infinity): string {
  switch (format) {
    case 'table':
      return formatTable(r, maxRows);
    case 'json':
      return JSON.stringify(r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i] ?? null]))), null, 1);
    case 'csv':
    case 'tsv': {
      const data = r.rows.map((row) => row.map((v) => cellText(v, '')));
      if (format === 'csv') return Papa.unparse({ fields: r.columns, data }, { newline: '\n' });
      const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
      return [r.columns, ...data].map((row) => row.map(clean).join('\t')).join('\n');
    }
  }
}

/** `cli sql "…"`: runs the statements on the database of outDir, read-only, and returns the formatted result of the last one. */
export async function sqlCommand(dbFile: string, sql: string, format: SqlFormat): Promise<string> {
  const db = await openDatabase(dbFile, { readOnly: true });
  try {
    return formatResult(await runSql(db.con, sql), format);
  } finally {
    closeDatabase(db);
  }
}

/** History is a convenience: a read-only home folder must not stop the shell. */
async function saveHistory(file: string, sql: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, sql.replace(/\n/g, ' ') + '\n');
  } catch {
    /* not kept */
  }
}

/** What `.tables` shows: every table and view with its comment's Chinese title. */
async function listTables(con: DuckDBConnection): Promise<SqlResult> {
  return runSql(
    con,
    `SELECT name, kind, approx_rows, regexp_extract(comment, '^[^.;(]*') AS about FROM (
     SELECT table_name AS name, 'table' AS kind, estimated_size AS approx_rows, comment FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main'
     UNION ALL SELECT view_name, 'view', NULL, comment FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'
     -- the Chinese title and the first sentence: the whole text is in .schema's comments
     ) ORDER BY kind, name`,
  );
}

async function describe(con: DuckDBConnection, name: string): Promise<SqlResult> {
  return runSql(con, `SELECT column_name AS "column", data_type AS type, is_nullable AS nullable, comment FROM duckdb_columns() WHERE table_name = ${quoteLiteral(name)} ORDER BY column_index`);
}

const SHELL_HELP = `Statements end with ';' and may span lines. Read-only: the database is the one published by the last run.
.tables              tables and views, with what they hold
.schema NAME         the columns of a table or view, with their types and meanings
.mode table|csv|tsv|json   output format (now: MODE)
.maxrows N           rows shown in table mode (now: MAXROWS)
.timer on|off        print the time each statement took (now: TIMER)
.help                this help
.quit                leave (or Ctrl-D)`;

/** Where the shell keeps its history between sessions. */
const historyFile = () => path.join(process.env.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'), 'budget-disclosures-sql-history');

/**
 * The interactive shell: statements accumulate until a ';' ends a line; dot commands act at
 * once. A run that publishes meanwhile replaces the database file: the shell notices the new
 * file before the next statement and reopens it, so answers are never staler than the last run.
 */
export async function sqlShell(dbFile: string, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<number> {
  const fileId = () => {
    const s = statSync(dbFile);
    return `${s.dev}:${s.ino}`;
  };
  let db: Database = await openDatabase(dbFile, { readOnly: true });
  let opened = fileId();
  const settings = { mode: 'table' as SqlFormat, timer: false, maxRows: 200 };
  const histFile = historyFile();
  const history = existsSync(histFile) ? (await readFile(histFile, 'utf8')).split('\n').filter(Boolean).reverse().slice(0, 1000) : [];
  const interactive = (input as NodeJS.ReadStream).isTTY === true;
  const rl = readline.createInterface({ input, output, terminal: interactive, history, historySize: 1000, prompt: 'sql> ' });
  const say = (text: string) => output.write(text + '\n');
  if (interactive) say(`Connected read-only to ${dbFile}. .help for commands; statements end with ';'.`);
  let buffer = '';
  let failed = 0;

  const execute = async (sql: string) => {
    if (existsSync(dbFile) && fileId() !== opened) {
      closeDatabase(db);
      db = await openDatabase(dbFile, { readOnly: true });
      opened = fileId();
      const [run] = await query(db.con, 'SELECT max(run_id) AS run_id FROM runs');
      say(`(a run published new data${run?.run_id ? ` (run ${run.run_id})` : ''}: reopened)`);
    }
    const started = process.hrtime.bigint();
    try {
      say(formatResult(await runSql(db.con, sql), settings.mode, settings.maxRows));
    } catch (e) {
      failed++;
      say(`Error: ${(e as Error).message}`);
    }
    if (settings.timer) say(`Run Time: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(3)} s`);
  };

  const dotCommand = async (line: string): Promise<boolean> => {
    const [cmd, arg] = line.trim().split(/\s+/, 2);
    if (cmd === '.quit' || cmd === '.exit') return false;
    if (cmd === '.tables') say(formatTable(await listTables(db.con)));
    else if (cmd === '.schema' && arg) say(formatTable(await describe(db.con, arg)));
    else if (cmd === '.mode' && (SQL_FORMATS as readonly string[]).includes(arg)) settings.mode = arg as SqlFormat;
    else if (cmd === '.timer' && (arg === 'on' || arg === 'off')) settings.timer = arg === 'on';
    else if (cmd === '.maxrows' && /^\d+$/.test(arg ?? '')) settings.maxRows = Number(arg);
    else say(SHELL_HELP.replace('MODE', settings.mode).replace('MAXROWS', String(settings.maxRows)).replace('TIMER', settings.timer ? 'on' : 'off'));
    return true;
  };

  const prompt = () => interactive && rl.prompt();
  prompt();
  try {
    for await (const line of rl) {
      if (buffer === '' && line.trim().startsWith('.')) {
        if (!(await dotCommand(line))) break;
      } else if (line.trim() !== '' || buffer !== '') {
        buffer += (buffer ? '\n' : '') + line;
        if (/;\s*$/.test(line)) {
          const sql = buffer;
          buffer = '';
          if (interactive) await saveHistory(histFile, sql);
          await execute(sql);
        }
      }
      rl.setPrompt(buffer ? '...> ' : 'sql> ');
      prompt();
    }
    if (buffer.trim()) await execute(buffer); // a last statement without ';' at the end of piped input
  } finally {
    rl.close();
    closeDatabase(db);
  }
  return failed;
}
