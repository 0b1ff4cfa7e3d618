#!/usr/bin/env node
// Command line: `node build/pipeline/cli.js run --raw-dir data/raw --out-dir data/out`.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dataDictionary } from '../load/ddl.js';
import { DatabaseError } from '../load/duckdb.js';
import { ALL_TABLES } from '../schemas/contract.js';
import { run } from './run.js';

const HELP = `Usage: cli <command> [options]

Commands:
  run     Extract, transform and load every report under --raw-dir into --out-dir
          (disclosures.duckdb and parquet/<table>/). Unchanged files are skipped.
  docs    Write the data dictionary (generated from schemas/) to --out (default docs/data-dictionary.md).

Options for run:
  --raw-dir DIR        input folder, searched recursively (default data/raw)
  --out-dir DIR        output folder (default data/out)
  --workers N          worker threads for extract + transform (default: number of CPUs;
                       0 runs everything in the main thread)
  --max-file-mb N      files larger than this are recorded as errors (default 64)
  --batch-size N       reports loaded per database transaction (default 500)
  --strict             exit 1 when any file failed or any check failed
  --json               log one JSON object per line
  -h, --help           this help

Exit status: 0 when every file was processed or recorded as failed; 1 with --strict when
a file failed or a check failed; 2 when the run itself could not complete.`;

class UsageError extends Error {}

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
      'batch-size': { type: 'string', default: '500' },
      strict: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0] ?? 'run';
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (command === 'docs') {
    await writeFile(values.out, dataDictionary(ALL_TABLES) + '\n');
    console.log(`wrote ${values.out}`);
    return 0;
  }
  if (command !== 'run') {
    console.error(`unknown command ${command}\n\n${HELP}`);
    return 2;
  }
  const log = values.json ? (line: string) => console.log(JSON.stringify({ time: new Date().toISOString(), message: line })) : (line: string) => console.log(line);
  const workers = Number(values.workers);
  const maxMb = Number(values['max-file-mb']);
  if (!Number.isInteger(workers) || workers < 0) throw new UsageError(`--workers must be a whole number ≥ 0, not ${values.workers}`);
  const batchReports = Number(values['batch-size']);
  if (!Number.isInteger(batchReports) || batchReports < 1) throw new UsageError(`--batch-size must be a whole number ≥ 1, not ${values['batch-size']}`);
  if (!(maxMb > 0)) throw new UsageError(`--max-file-mb must be a positive number, not ${values['max-file-mb']}`);
  const summary = await run({ rawDir: values['raw-dir'], outDir: values['out-dir'], workers, maxFileBytes: maxMb * 1024 * 1024, batchReports, log });
  const nothing = summary.loaded + summary.failed + summary.duplicates + summary.removed === 0;
  const lines = [
    nothing ? `nothing changed: ${summary.skipped} files unchanged, database untouched` : `files: ${summary.files}; loaded ${summary.loaded}, skipped ${summary.skipped} unchanged, failed ${summary.failed}, duplicates ${summary.duplicates}, removed ${summary.removed}`,
    `failing checks in loaded reports: ${summary.checksFailed}`,
    `database: ${path.join(values['out-dir'], 'disclosures.duckdb')}` + (summary.parquet ? `; parquet: ${path.join(values['out-dir'], 'parquet')} (${Object.entries(summary.parquet).map(([t, n]) => `${t} ${n}`).join(', ')})` : ''),
    summary.failed > 0 ? 'failures: SELECT * FROM ingest_errors' : '',
  ].filter(Boolean);
  if (values.json) log(JSON.stringify(summary, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  else for (const l of lines) console.log(l);
  if (values.strict && (summary.failed > 0 || summary.checksFailed > 0)) return 1;
  return 0;
}

// exitCode, not process.exit(): stdout to a pipe is written asynchronously, and exiting at
// once would cut the last lines (the summary) off.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    // Known failures (locked or corrupt database) get their message; anything else its stack too.
    console.error(e instanceof DatabaseError || e instanceof UsageError || /^RAW_DIR /.test(e.message) ? `error: ${e.message}` : `error: ${e.stack ?? e.message}`);
    process.exitCode = 2;
  },
);
