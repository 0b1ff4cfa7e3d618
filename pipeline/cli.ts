#!/usr/bin/env node
// Command line: `node build/pipeline/cli.js <command> [options]`; `--help` on any command.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportCsv } from '../load/csv.js';
import { dataDictionary } from '../load/ddl.js';
import { closeDatabase, DatabaseError, openDatabase, writeFileAtomic } from '../load/duckdb.js';
import { buildReport } from '../load/report.js';
import { ALL_VIEWS, DATABASE_TABLES } from '../schemas/database.js';
import { progressBar } from './progress.js';
import { startExplore } from './explore.js';
import { merge, MergeError } from './merge.js';
import { parseShard, type Shard } from './shard.js';
import { SQL_FORMATS, sqlCommand, sqlShell, type SqlFormat } from './sql.js';
import type { PlannedFile } from './plan.js';
import { DEFAULT_BATCH_REPORTS, dryRun, run, type DryRun, type LogEvent } from './run.js';
import { parserVersion } from './version.js';

const HELP: Record<string, string> = {
  main: `Usage: cli <command> [options]        (cli <command> --help for its options)

Commands:
  run      extract, transform and load every report under --raw-dir into --out-dir
  csv      write every table and view as CSV for spreadsheets to <out-dir>/csv/
  report   write the HTML quality report to <out-dir>/report/index.html
  docs     write the data dictionary (generated from schemas/)
  sql      run SQL on the database (read-only): a query given, or an interactive shell
  merge    merge the OUT_DIRs of shard runs (run --shard K/N) into one database and Parquet set
  explore  serve a page on 127.0.0.1 to query the Parquet files in the browser (DuckDB-WASM)

Exit status: 0 when every file was processed or recorded as failed; 1 with --strict when a
file failed (failing checks alone do not: the report is loaded as 'partial'); 2 when the
command itself could not complete (bad option, missing folder, another run writing the same
folder, corrupt database).`,
  run: `Usage: cli run [options]

Extracts, transforms and loads every report under --raw-dir (searched recursively) into
<out-dir>/disclosures.duckdb and <out-dir>/parquet/. A file is skipped when its content is
unchanged and the current parser produced its rows; changed files and those of an older
parser are parsed again, deleted ones removed. Bad files are recorded in ingest_errors; the
run goes on. The run works on a copy of the database and publishes it whole at the end:
sessions open on the database meanwhile keep what they had, the next ones see the new data.
Every run is recorded in the table runs.

  --raw-dir DIR        input folder (default data/raw)
  --out-dir DIR        output folder (default data/out)
  --workers N          worker threads for extract + transform (default: number of CPUs;
                       0 runs everything in the main thread)
  --batch-size N       reports loaded per database transaction (default 2000; fewer
                       towards the end of a run)
  --max-file-mb N      larger files are recorded as errors, not parsed (default 64)
  --strict             exit 1 when any file failed (could not be processed)
  --dry-run            list what would be parsed and why (new, changed, older parser,
                       removed), changing nothing
  --wait SECONDS       when another run is writing the same --out-dir, wait this long for
                       it to finish (default 0: exit 2 at once with a clear message)
  --json               log one JSON object per line (for scheduled jobs); no progress bar
  --shard K/N          only shard K of N of --raw-dir (1 ≤ K ≤ N), chosen by a hash of each
                       file's path (adding files moves none); its --out-dir holds that shard
                       alone: run every shard, then cli merge
  -h, --help           this help`,
  merge: `Usage: cli merge --out-dir OUT SHARD_OUT_DIR...

Builds <OUT>/disclosures.duckdb and <OUT>/parquet/ from the Parquet files of every shard's
OUT_DIR (cli run --shard K/N), equal in content to one run over all of RAW_DIR: the same
reports, cells, checks, narrative, 绩效 and dimensions; a file whose content another shard
also holds under another name is recorded as a duplicate, as one run would. Rebuilt from the
shards each time: run a failed shard again, then merge again. Refuses shards of different
splits, a missing or repeated shard, and shards parsed by different versions of the code.`,
  csv: `Usage: cli csv [--out-dir DIR]

Writes every table and every view as <out-dir>/csv/<name>.csv, and csv/datapackage.json: UTF-8
with a BOM, so spreadsheet programs show the Chinese text; money as exact decimals; codes and
ids that a spreadsheet would turn into numbers (2010101, 01) written as ="2010101" so they stay
text. For pandas or R, read the Parquet files (every table and view too) or use cli sql --format csv.`,
  report: `Usage: cli report [--out-dir DIR]

Writes <out-dir>/report/index.html: every report with its status and failing checks, and
charts of expenditure by functional 类, basic versus project spending, and year-over-year
totals where several years are loaded. Self-contained; open it in any browser.`,
  sql: `Usage: cli sql ["SELECT …"] [--format table|csv|tsv|json] [--out-dir DIR]

Runs SQL on <out-dir>/disclosures.duckdb, read-only, and prints the result of the last
statement: an aligned table (default), CSV (plain RFC 4180, no BOM), tab-separated text, or a
JSON array of objects. Money comes out exact (decimal text, never a rounded float). Without a
query it reads statements from standard input, or, at a terminal, opens an interactive shell
(make sql): history, .tables, .schema NAME, .mode, .timer on. Works while a run is writing:
you see the data of the last published run (the shell reopens when a run publishes).`,
  explore: `Usage: cli explore [--out-dir DIR] [--port N]

Serves, on 127.0.0.1 only, a page that queries <out-dir>/parquet with DuckDB-WASM in the
browser (served from node_modules, nothing from the internet): a SQL box with the recipes of
docs/recipes.md one click away, results as a table with a CSV download, and a page per report
showing each standard table as printed, failing checks marked on their cells, the source page
and line of every cell. Prints the address; Ctrl-C stops it. --port 0 takes any free port
(default 8765, or any free one when that is taken).`,
  docs: `Usage: cli docs [--out FILE]

Writes the data dictionary of every table and view, generated from the zod schemas under
schemas/ (default docs/data-dictionary.md).`,
};

class UsageError extends Error {}

function wholeNumber(value: string, option: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${option} must be a whole number ≥ ${min}, not ${value}`);
  return n;
}

/** What a run would do: one line per file to parse or remove, with the reason, then the counts. */
function printDryRun(plan: DryRun, json: boolean): void {
  const why = (f: PlannedFile): string =>
    f.reason === 'older_parser' ? `older parser (${f.was ?? 'unversioned'} → ${parserVersion()})` : f.reason === 'twin_removed' ? 'duplicate whose twin is gone' : f.reason === 'companion' ? 'the other file of its report is to be parsed' : f.reason;
  for (const f of plan.parse) {
    const told = f.narrative ? { narrative: f.narrative.path, narrative_reason: f.narrative.reason } : {};
    console.log(json ? JSON.stringify({ event: 'would_parse', path: f.path, reason: f.reason, was: f.was, ...told }) : `parse    ${f.path}: ${why(f)}${f.narrative ? `, with its narrative ${f.narrative.path} (${why(f.narrative)})` : ''}`);
  }
  for (const p of plan.removed) console.log(json ? JSON.stringify({ event: 'would_remove', path: p }) : `remove   ${p}: file deleted`);
  const count = (r: string) => plan.parse.filter((f) => f.reason === r).length;
  console.log(
    json
      ? JSON.stringify({ event: 'dry_run', parse: plan.parse.length, skip: plan.skipped, remove: plan.removed.length, parser_version: parserVersion() })
      : `would parse ${plan.parse.length} (${count('new')} new, ${count('changed')} changed, ${count('older_parser')} of an older parser), skip ${plan.skipped} unchanged, remove ${plan.removed.length}; parser ${parserVersion()}`,
  );
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'raw-dir': { type: 'string', default: 'data/raw' },
      'out-dir': { type: 'string', default: 'data/out' },
      out: { type: 'string', default: 'docs/data-dictionary.md' },
      workers: { type: 'string', default: String(os.availableParallelism?.() ?? 2) },
      'max-file-mb': { type: 'string', default: '64' },
      'batch-size': { type: 'string', default: String(DEFAULT_BATCH_REPORTS) },
      strict: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      wait: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
      format: { type: 'string', default: 'table' },
      port: { type: 'string', default: '8765' },
      shard: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0] ?? (values.help ? 'main' : 'run');
  if (!(command in HELP) || command === 'main') {
    if (values.help || command === 'main') {
      console.log(HELP.main);
      return 0;
    }
    throw new UsageError(`unknown command ${command}\n\n${HELP.main}`);
  }
  if (values.help) {
    console.log(HELP[command]);
    return 0;
  }
  const outDir = values['out-dir'];
  const dbFile = path.join(outDir, 'disclosures.duckdb');
  if (command === 'docs') {
    await writeFile(values.out, dataDictionary(DATABASE_TABLES, ALL_VIEWS) + '\n');
    console.log(`wrote ${values.out}`);
    return 0;
  }
  if (command === 'sql') {
    const format = values.format as SqlFormat;
    if (!(SQL_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${SQL_FORMATS.join(', ')}, not ${format}`);
    const sql = positionals.slice(1).join(' ');
    if (!sql.trim()) return (await sqlShell(dbFile)) > 0 ? 1 : 0;
    try {
      console.log(await sqlCommand(dbFile, sql, format));
    } catch (e) {
      if (e instanceof DatabaseError) throw e;
      console.error(`error: ${(e as Error).message}`);
      return 1;
    }
    return 0;
  }
  if (command === 'merge') {
    const shardDirs = positionals.slice(1);
    const m = await merge(outDir, shardDirs).catch((e: Error) => {
      throw e instanceof MergeError ? new UsageError(e.message) : e;
    });
    console.log(`merged ${m.shards} shards into ${dbFile}: ${m.reports} reports${m.duplicatesAcrossShards ? `, ${m.duplicatesAcrossShards} duplicates across shards recorded as such` : ''}; parquet: ${path.join(outDir, 'parquet')}`);
    return 0;
  }
  if (command === 'explore') {
    const port = wholeNumber(values.port, '--port', 0);
    const server = await startExplore(outDir, port).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') return startExplore(outDir, 0);
      throw e instanceof Error && /^no Parquet files/.test(e.message) ? new UsageError(e.message) : e;
    });
    console.log(`explore ${path.join(outDir, 'parquet')} at ${server.url}  (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => server.close().then(resolve)));
    return 0;
  }
  if (command === 'csv' || command === 'report') {
    const db = await openDatabase(dbFile, { readOnly: true });
    try {
      if (command === 'csv') {
        const counts = await exportCsv(db.con, path.join(outDir, 'csv'));
        console.log(`wrote ${path.join(outDir, 'csv')}: ${Object.entries(counts).map(([v, n]) => `${v} ${n}`).join(', ')}`);
      } else {
        const file = path.join(outDir, 'report', 'index.html');
        await mkdir(path.dirname(file), { recursive: true });
        await writeFileAtomic(file, await buildReport(db.con));
        console.log(`wrote ${file}`);
      }
    } finally {
      closeDatabase(db);
    }
    return 0;
  }

  const workers = wholeNumber(values.workers, '--workers', 0);
  const batchReports = wholeNumber(values['batch-size'], '--batch-size', 1);
  const maxMb = wholeNumber(values['max-file-mb'], '--max-file-mb', 1);
  const progress = progressBar(process.stderr, Boolean(process.stderr.isTTY) && !process.env.CI && !values.json);
  const emitJson = (e: object) => console.log(JSON.stringify({ time: new Date().toISOString(), ...e }));
  const log = values.json ? emitJson : (e: LogEvent) => progress.print(e.message);
  let shard: Shard | undefined;
  try {
    shard = values.shard === undefined ? undefined : parseShard(values.shard);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values['dry-run']) {
    printDryRun(await dryRun({ rawDir: values['raw-dir'], outDir, log, shard }), values.json);
    return 0;
  }
  const waitMs = wholeNumber(values.wait, '--wait', 0) * 1000;
  const summary = await run({ rawDir: values['raw-dir'], outDir, shard, workers, maxFileBytes: maxMb * 1024 * 1024, batchReports, strict: values.strict, waitMs, log, onProgress: (d, t) => progress.update(d, t) });
  progress.done();
  const partial = summary.reports.filter((r) => r.status === 'partial').length;
  const { errors, warnings, info } = summary.findings;
  if (values.json) {
    emitJson({ event: 'summary', ...summary, reports: undefined, partial });
  } else {
    const nothing = summary.loaded + summary.failed + summary.duplicates + summary.removed === 0;
    const lines = [
      nothing
        ? `nothing changed: ${summary.skipped} files unchanged (run ${summary.runId} recorded in runs)`
        : `run ${summary.runId}: files ${summary.files}; loaded ${summary.loaded} (${summary.loaded - partial} ok, ${partial} partial), skipped ${summary.skipped} unchanged, re-parsed ${summary.reparsed}, failed ${summary.failed}, duplicates ${summary.duplicates}, removed ${summary.removed}`,
      nothing ? '' : `failing checks in the reports loaded now: ${summary.checksFailed} (errors ${errors}: doubts about our numbers; warnings ${warnings}: the source contradicts itself; info ${info}: conventions)`,
      `database: ${dbFile}` + (summary.parquet ? `; parquet: ${path.join(outDir, 'parquet')} (${DATABASE_TABLES.map((t) => `${t.name} ${summary.parquet![t.name]}`).join(', ')}; and ${ALL_VIEWS.length} views)` : ''),
      summary.failed + summary.duplicates > 0 ? 'files not loaded, and why: SELECT * FROM ingest_errors' : '',
      partial > 0 ? "partial reports, and why: SELECT source_path, status_detail FROM reports WHERE status = 'partial'" : '',
      summary.checksFailed > 0 ? "failing checks: SELECT severity, kind, detail FROM checks WHERE NOT passed ORDER BY severity" : '',
      summary.classificationConflicts ? `classification codes with conflicting names: ${summary.classificationConflicts} (SELECT * FROM classification_conflicts)` : '',
    ].filter(Boolean);
    for (const l of lines) console.log(l);
  }
  return summary.exitCode;
}

// A reader that stops early (`cli sql … | head`) closes the pipe: what is left to print is
// dropped, and the command itself (a run, above all) carries on to its end.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
});

// exitCode, not process.exit(): stdout to a pipe is written asynchronously, and exiting at
// once would cut the last lines (the summary) off.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    // Known failures (bad option, missing folder, locked or corrupt database) get their
    // message; anything unexpected its stack too.
    const known = e instanceof DatabaseError || e instanceof UsageError || /^RAW_DIR /.test(e.message) || (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
    console.error(known ? `error: ${e.message}` : `error: ${e.stack ?? e.message}`);
    process.exitCode = 2;
  },
);
