// Orchestration: list RAW_DIR, skip what is unchanged, process the rest concurrently, load
// with one writer, remove what was deleted, export Parquet.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { closeDatabase, exportParquet, knownSources, openDatabase, removeMissing, replaceReport } from '../load/duckdb.js';
import { processFile, sha256Hex, type ProcessedReport } from './report.js';

export interface RunOptions {
  rawDir: string;
  outDir: string;
  concurrency: number;
  log: (line: string) => void;
}

export interface RunSummary {
  files: number;
  loaded: number;
  skipped: number;
  failed: number;
  duplicates: number;
  removed: number;
  checksFailed: number;
  reports: { path: string; status: string; cells: number; checksFailed: number; error?: string }[];
  parquet: Record<string, number> | null;
}

/** Every regular file under `dir`, recursively, as paths relative to it (POSIX separators), sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else if (e.isFile() && !e.name.startsWith('.')) out.push(r);
    }
  };
  await walk('');
  return out.sort();
}

export async function run(opts: RunOptions): Promise<RunSummary> {
  const rawStat = await stat(opts.rawDir).catch(() => null);
  if (!rawStat?.isDirectory()) throw new Error(`RAW_DIR ${opts.rawDir} is not a directory`);
  const files = await listFiles(opts.rawDir);
  const db = await openDatabase(path.join(opts.outDir, 'disclosures.duckdb'));
  const summary: RunSummary = { files: files.length, loaded: 0, skipped: 0, failed: 0, duplicates: 0, removed: 0, checksFailed: 0, reports: [], parquet: null };
  try {
    const known = await knownSources(db.con);
    const removed = await removeMissing(db.con, new Set(files));
    for (const p of removed) known.delete(p);
    summary.removed = removed.length;
    for (const p of removed) opts.log(`removed  ${p} (file deleted)`);

    // Hash everything first: unchanged files are skipped, identical contents loaded once.
    const present = new Set(files);
    const loadedShas = new Map<string, string>();
    for (const [p, k] of known) if (k.sha256 && !k.duplicate && present.has(p)) loadedShas.set(k.sha256, p);
    const todo: { sourcePath: string; sha256: string }[] = [];
    for (const p of files) {
      const sha = sha256Hex(await readFile(path.join(opts.rawDir, p)));
      const k = known.get(p);
      // Unchanged; a recorded duplicate stays skipped only while its twin is still loaded.
      if (k?.sha256 === sha && (!k.duplicate || loadedShas.has(sha))) {
        summary.skipped++;
        continue;
      }
      const twin = loadedShas.get(sha);
      if (twin && twin !== p) {
        summary.duplicates++;
        await replaceReport(db.con, {
          sourcePath: p,
          rows: { ingest_errors: [{ source_path: p, source_sha256: sha, stage: 'duplicate', error: `same content as ${twin}; loaded once under that name`, occurred_at: new Date().toISOString().replace('T', ' ').replace('Z', '') }] },
        });
        opts.log(`duplicate ${p} (same content as ${twin})`);
        continue;
      }
      loadedShas.set(sha, p);
      todo.push({ sourcePath: p, sha256: sha });
    }

    // Extract + transform concurrently; load in order of completion through the single writer.
    const limit = pLimit(Math.max(1, opts.concurrency));
    let writer = Promise.resolve();
    const load = (r: ProcessedReport) => {
      writer = writer.then(async () => {
        await replaceReport(db.con, { sourcePath: r.sourcePath, rows: r.rows });
        summary.reports.push({ path: r.sourcePath, status: r.status, cells: r.cells, checksFailed: r.checksFailed, error: r.error?.message });
        if (r.status === 'failed') summary.failed++;
        else summary.loaded++;
        summary.checksFailed += r.checksFailed;
        opts.log(
          r.status === 'failed'
            ? `failed   ${r.sourcePath}: ${r.error?.stage}: ${r.error?.message}`
            : `${r.status.padEnd(8)} ${r.sourcePath}: ${r.cells} cells, ${r.checksFailed} failing checks`,
        );
      });
      return writer;
    };
    await Promise.all(
      todo.map((t) =>
        limit(async () => {
          const bytes = new Uint8Array(await readFile(path.join(opts.rawDir, t.sourcePath)));
          await load(await processFile({ ...t, bytes }));
        }),
      ),
    );
    await writer;
    summary.reports.sort((a, b) => a.path.localeCompare(b.path));

    const changed = summary.loaded + summary.failed + summary.duplicates + summary.removed > 0;
    const parquetDir = path.join(opts.outDir, 'parquet');
    const parquetMissing = !(await stat(path.join(parquetDir, 'reports', 'reports.parquet')).catch(() => null));
    if (changed || parquetMissing) summary.parquet = await exportParquet(db.con, parquetDir);
    return summary;
  } finally {
    closeDatabase(db);
  }
}
