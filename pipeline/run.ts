// Orchestration: list RAW_DIR, hash every file, skip what is unchanged, process the rest in
// worker threads, load in batches with one writer, remove what was deleted, export Parquet; all
// on the run's own copy of the database, published at the end (load/publish.ts).
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { closeDatabase, exportParquet, exportRunsParquet, knownSources, loadBatch, openDatabase, query, removeMissing, StagingBatch, type Database, type KnownSource, type StagedReport } from '../load/duckdb.js';
import { rebuildDimensions } from '../load/dimensions.js';
import { DATABASE_FILE, discardWorkCopy, makeWorkCopy, publishing, publishWorkCopy } from '../load/publish.js';
import { quoteLiteral } from '../load/ddl.js';
import { errorRows, runJob, sqlTimestamp, threadCpuMs, type Job, type JobResult } from './job.js';
import { planRun, withCompanions, type PlannedFile } from './plan.js';
import { contentPairs, namePairs, type PairCandidate } from './pairs.js';
import { WorkerPool } from './pool.js';
import { NO_FINDINGS, type Findings } from './report.js';
import { parserVersion } from './version.js';
import { inShard, shardText, type Shard } from './shard.js';

export interface RunOptions {
  rawDir: string;
  outDir: string;
  /** Worker threads for extract + transform; 0 runs them in the main thread. */
  workers: number;
  /** Files larger than this are recorded as errors without being parsed. */
  maxFileBytes?: number;
  /** Only this shard of RAW_DIR (cli run --shard K/N); its OUT_DIR holds that shard alone. */
  shard?: Shard;
  /** Reports loaded per transaction at most (default DEFAULT_BATCH_REPORTS; fewer towards the end, see batchIsDue). */
  batchReports?: number;
  /** Folder of the classification reference lists (default data/classifications of this package). */
  referenceDir?: string;
  /** Exit 1 when a file failed (recorded in runs.exit_code). */
  strict?: boolean;
  /** How long to wait for another run to finish before giving up (default: not at all). */
  waitMs?: number;
  log: (event: LogEvent) => void;
  /** Called after each processed file with (done, to do). */
  onProgress?: (done: number, total: number) => void;
}

/** One thing that happened to one file; `message` is the human-readable line. */
export interface LogEvent {
  event: 'loaded' | 'failed' | 'duplicate' | 'removed' | 'unreadable';
  path: string;
  message: string;
  status?: string;
  cells?: number;
  checks_failed?: number;
  stage?: string;
  error?: string;
}

export const REFERENCE_DIR = path.join(import.meta.dirname, '..', ...(path.basename(path.join(import.meta.dirname, '..')) === 'build' ? ['..'] : []), 'data', 'classifications');

export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface StageTotals {
  files: number;
  bytes: number;
  readMs: number;
  extractMs: number;
  transformMs: number;
  stageMs: number;
  loadMs: number;
}

export interface RunSummary {
  /** runs.run_id of this run. */
  runId: number;
  files: number;
  /** Files parsed for the first time, and again (content changed, or rows of an older parser). */
  parsedNew: number;
  reparsed: number;
  loaded: number;
  skipped: number;
  failed: number;
  duplicates: number;
  removed: number;
  checksFailed: number;
  /** Failing checks of the reports loaded now, by severity. */
  findings: Findings;
  /** 0, or 1 when a file failed and the run was strict. */
  exitCode: number;
  reports: { path: string; status: string; cells: number; checksFailed: number; error?: string }[];
  parquet: Record<string, number> | null;
  /** Codes printed with conflicting names (see classification_conflicts); null when nothing changed. */
  classificationConflicts: number | null;
  /** Summed time per stage (worker time adds up across threads) and wall-clock phases. */
  timings: StageTotals & {
    /** Copying the published database to the run's own file (load/publish.ts), and publishing it back. */
    copyMs: number;
    publishMs: number;
    hashMs: number;
    parquetMs: number;
    wallMs: number;
    peakRssBytes: number;
    /** CPU time of the whole process (all threads: workers, DuckDB), user + system. */
    cpuMs: number;
    /**
     * cpuMs split by thread: the worker threads (extract, transform, staging), the main thread
     * (dispatching, writing the staging files) and the others (DuckDB's queries, which run on
     * libuv's thread pool, and Node's own threads); null off Linux (see threadCpuMs).
     */
    threadCpuMs: { workers: number; main: number; others: number } | null;
  };
}

const cpuMillis = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** The run's CPU time split by thread (RunSummary.timings.threadCpuMs); null when a thread's time is unknown. */
function cpuByThread(cpuMs: number, mainAtStart: number | null, workers: Map<number, number | null>): RunSummary['timings']['threadCpuMs'] {
  const mainNow = threadCpuMs();
  if (mainAtStart === null || mainNow === null || [...workers.values()].includes(null)) return null;
  const workerMs = [...workers.values()].reduce<number>((a, b) => a + b!, 0);
  const main = mainNow - mainAtStart;
  // Threads count whole ticks of 10 ms, the process microseconds: the difference can dip below 0.
  return { workers: workerMs, main, others: Math.max(0, cpuMs - workerMs - main) };
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

/** The files of RAW_DIR (listFiles), those of one shard only when given, or a clear error when it is not a folder. */
async function rawFiles(rawDir: string, shard?: Shard): Promise<string[]> {
  if (!(await stat(rawDir).catch(() => null))?.isDirectory()) throw new Error(`RAW_DIR ${rawDir} is not a directory`);
  const files = await listFiles(rawDir);
  if (!shard) return files;
  // A narrative named after its tables file goes to that file's shard: the two load as one report.
  const pairs = namePairs(files);
  return files.filter((f) => inShard(pairs.get(f) ?? f, shard));
}

/** SHA-256 of a file; large files are streamed so memory stays bounded. */
async function hashFile(file: string, size: number): Promise<string> {
  // Small files synchronously: for thousands of reports the async call's overhead dominates.
  if (size <= 8 * 1024 * 1024) return createHash('sha256').update(readFileSync(file)).digest('hex');
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

// A batch is committed when it holds this many reports (by default) or this many staged bytes.
// Each commit costs DuckDB a fixed 0.3-1 s (its checkpoint), growing with the database: batches
// of 2 000 reports took a quarter less of DuckDB's CPU than batches of 500. Towards the end of a
// run batches shrink, since the last one is loaded alone when the workers are done.
export const DEFAULT_BATCH_REPORTS = 2000;
const BATCH_BYTES = 512 * 1024 * 1024;
const SMALLEST_TAIL_BATCH = 250;

/**
 * Whether a batch of `reports` (staged `bytes`) is committed now, with `toCome` reports still to
 * be added: when full, or once it holds as many reports as are still to come (at least
 * SMALLEST_TAIL_BATCH), so the last batches halve and the one loaded at the end is small.
 */
export function batchIsDue(reports: number, bytes: number, toCome: number, maxReports = DEFAULT_BATCH_REPORTS): boolean {
  return reports >= maxReports || bytes >= BATCH_BYTES || reports >= Math.max(SMALLEST_TAIL_BATCH, toCome);
}

/**
 * One run: under the run lock, on a copy of the published database (load/publish.ts), published
 * when done with its Parquet files. A run that fails is recorded in `runs` with its error when the
 * database can still be written, and the published data stay as they were.
 */
export async function run(opts: RunOptions): Promise<RunSummary> {
  const startedAt = new Date().toISOString();
  const files = await rawFiles(opts.rawDir, opts.shard);
  const published = path.join(opts.outDir, DATABASE_FILE);
  const shard = opts.shard ? shardText(opts.shard) : null;
  const { result: summary, copyMs, publishMs } = await publishing(
    opts.outDir,
    opts.waitMs ?? 0,
    async ({ work, nextParquet }) => {
      const s = await runOn(files, work, published, nextParquet, opts, startedAt, shard);
      return { result: s, exported: s.parquet !== null };
    },
    (e) => recordFailedRun(published, startedAt, e, shard).catch(() => undefined),
  );
  summary.timings.copyMs = copyMs;
  summary.timings.publishMs = publishMs;
  return summary;
}

/** The next run id of a database. */
export async function nextRunId(db: Database): Promise<number> {
  const [r] = await query(db.con, 'SELECT coalesce(max(run_id), 0) + 1 AS id FROM runs');
  return Number(r.id);
}

export async function insertRun(db: Database, row: Record<string, string | number | null>): Promise<void> {
  const cols = Object.keys(row);
  const values = cols.map((c) => (row[c] === null ? 'NULL' : typeof row[c] === 'number' ? String(row[c]) : quoteLiteral(String(row[c]))));
  await db.con.run(`INSERT INTO runs (${cols.join(', ')}) VALUES (${values.join(', ')})`);
}

/** A run that could not complete, recorded on a fresh copy of the published database (its data unchanged). */
export async function recordFailedRun(published: string, startedAt: string, error: Error, shard: string | null = null): Promise<void> {
  const work = await makeWorkCopy(published);
  try {
    const db = await openDatabase(work, { shownAs: published });
    try {
      const zero = { files_seen: 0, files_new: 0, files_reparsed: 0, files_skipped: 0, files_loaded: 0, files_failed: 0, files_duplicate: 0, files_removed: 0 };
      await insertRun(db, { run_id: await nextRunId(db), started_at: sqlTimestamp(startedAt), ended_at: sqlTimestamp(new Date().toISOString()), parser_version: parserVersion(), ...zero, exit_code: 2, error: error.message, shard });
      await db.con.run('CHECKPOINT');
    } finally {
      closeDatabase(db);
    }
    await publishWorkCopy(work, published);
  } catch (e) {
    await discardWorkCopy(work);
    throw e;
  }
}

/** Every file under `rawDir`, with its SHA-256 where `hashIt` says so (size -1: unreadable, logged). */
async function survey(rawDir: string, files: string[], hashIt: (p: string, size: number) => boolean, log: RunOptions['log']) {
  const present = new Map<string, { sha: string | null; size: number }>();
  for (const p of files) {
    const abs = path.join(rawDir, p);
    try {
      const { size } = statSync(abs);
      present.set(p, { sha: hashIt(p, size) ? await hashFile(abs, size) : null, size });
    } catch (e) {
      present.set(p, { sha: null, size: -1 });
      log({ event: 'unreadable', path: p, error: (e as Error).message, message: `unreadable ${p}: ${(e as Error).message}` });
    }
  }
  return present;
}

export interface DryRun {
  parse: PlannedFile[];
  skipped: number;
  removed: string[];
}

/** What a run would do, and why, without changing anything (`run --dry-run`): reads the published database. */
export async function dryRun(opts: Pick<RunOptions, 'rawDir' | 'outDir' | 'log' | 'shard'>): Promise<DryRun> {
  const files = await rawFiles(opts.rawDir, opts.shard);
  const published = path.join(opts.outDir, DATABASE_FILE);
  let known = new Map<string, KnownSource>();
  if (await stat(published).catch(() => null)) {
    const db = await openDatabase(published, { readOnly: true });
    try {
      known = await knownSources(db.con);
    } finally {
      closeDatabase(db);
    }
  }
  const present = new Set(files);
  const removed = [...known.keys()].filter((p) => !present.has(p)).sort();
  for (const p of removed) known.delete(p);
  const plan = planWithPairs(files, await survey(opts.rawDir, files, (p) => known.has(p), opts.log), known);
  return { parse: plan.parse, skipped: plan.skipped, removed };
}

/** What a run keeps of each file it parsed, to count it and to pair it by content. */
type Recorded = Pick<JobResult, 'sourcePath' | 'status' | 'checksFailed' | 'findings' | 'pairing'>;

/**
 * The plan of a run: planRun's, with the two files of a report (paired by name, or as loaded
 * before: `known` says whose narrative a file is) parsed together.
 */
function planWithPairs(files: string[], present: Map<string, { sha: string | null; size: number }>, known: Map<string, KnownSource>) {
  const pairs = namePairs(files);
  for (const [p, k] of known) if (k.narrativeOf && present.has(p) && present.has(k.narrativeOf) && !pairs.has(p)) pairs.set(p, k.narrativeOf);
  return withCompanions(planRun(present, known, parserVersion()), pairs, present);
}

/**
 * Narrative file → tables file for the files only their content pairs (pipeline/pairs.ts): this
 * run's narratives without tables and files of tables without a narrative, with those loaded
 * before in the same folders (a narrative recorded as such is read again for its department).
 */
async function pairsByContent(db: Database, results: Recorded[], opts: RunOptions, startedAt: string, runId: number, process1: (job: Job) => Promise<JobResult>): Promise<Map<string, string>> {
  const candidate = (r: Pick<Recorded, 'sourcePath' | 'pairing'>): PairCandidate => ({ path: r.sourcePath, kind: r.pairing!.kind, departmentKey: r.pairing!.departmentKey, fiscalYear: r.pairing!.fiscalYear });
  const narratives = results.filter((r) => r.pairing?.role === 'narrative').map(candidate);
  const tables = results.filter((r) => r.pairing?.role === 'tables').map(candidate);
  if (narratives.length === 0 && tables.length === 0) return new Map();
  const dirs = (list: PairCandidate[]) => new Set(list.map((c) => path.posix.dirname(c.path)));
  const seen = new Set(results.map((r) => r.sourcePath));
  const narrativeDirs = dirs(narratives);
  for (const r of await query(db.con, `SELECT r.source_path, r.report_kind, r.department_key, r.fiscal_year FROM reports r JOIN report_files f USING (report_id) WHERE f.role = 'tables' AND r.report_id NOT IN (SELECT report_id FROM report_files WHERE role = 'narrative')`)) {
    const p = r.source_path as string;
    if (!seen.has(p) && narrativeDirs.has(path.posix.dirname(p))) tables.push({ path: p, kind: r.report_kind as string, departmentKey: r.department_key as string | null, fiscalYear: r.fiscal_year === null ? null : Number(r.fiscal_year) });
  }
  const tableDirs = dirs(tables);
  for (const r of await query(db.con, "SELECT source_path FROM ingest_errors WHERE error LIKE 'narrative only:%'")) {
    const p = r.source_path as string;
    if (seen.has(p) || !tableDirs.has(path.posix.dirname(p))) continue;
    const again = await process1({ rawDir: opts.rawDir, sourcePath: p, startedAt, runId }).catch(() => null);
    if (again?.pairing?.role === 'narrative') narratives.push(candidate(again));
  }
  return contentPairs(narratives, tables);
}

async function runOn(files: string[], dbFile: string, published: string, parquetDir: string, opts: RunOptions, startedAt: string, shard: string | null): Promise<RunSummary> {
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const mainCpuAtStart = threadCpuMs();
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const db = await openDatabase(dbFile, { shownAs: published });
  const stagingDir = path.join(opts.outDir, '.staging');
  const totals: StageTotals = { files: 0, bytes: 0, readMs: 0, extractMs: 0, transformMs: 0, stageMs: 0, loadMs: 0 };
  const summary: RunSummary = { runId: 0, files: files.length, parsedNew: 0, reparsed: 0, loaded: 0, skipped: 0, failed: 0, duplicates: 0, removed: 0, checksFailed: 0, findings: { ...NO_FINDINGS }, exitCode: 0, reports: [], parquet: null, classificationConflicts: null, timings: { ...totals, copyMs: 0, publishMs: 0, hashMs: 0, parquetMs: 0, wallMs: 0, peakRssBytes: 0, cpuMs: 0, threadCpuMs: null } };
  const workerCpuMs = new Map<number, number | null>(); // worker thread → its CPU time at its latest job
  const pool = opts.workers > 0 ? new WorkerPool(opts.workers) : null;
  try {
    const runId = (summary.runId = await nextRunId(db));
    const removed = await removeMissing(db.con, new Set(files));
    // Read after the removal: the other file of a two-file report that lost one is parsed again.
    const known = await knownSources(db.con);
    summary.removed = removed.length;
    for (const p of removed) opts.log({ event: 'removed', path: p, message: `removed  ${p} (file deleted)` });

    // Only files the database already knows are hashed here, to skip the unchanged ones, and
    // files too large to parse, whose errors carry their hash. Every other file is new: the worker
    // parsing it hashes the bytes it read, so a fresh build does not wait for a pass over the corpus.
    const hashStart = performance.now();
    const present = await survey(opts.rawDir, files, (p, size) => known.has(p) || size > maxBytes, opts.log);
    summary.timings.hashMs = performance.now() - hashStart;
    // A file is parsed unless its content is unchanged and the current code produced its rows; the
    // two files of a report (paired by name, or as loaded before) are parsed together.
    const { parse: plan, skipped, loadedShas } = planWithPairs(files, present, known);
    summary.skipped = skipped;
    summary.parsedNew = plan.filter((f) => f.reason === 'new').length;
    summary.reparsed = plan.length - summary.parsedNew;

    // The single writer: results are appended to a staging batch on disk; a full batch is
    // loaded in one transaction while the next one fills.
    await rm(stagingDir, { recursive: true, force: true }); // leftovers of a killed run
    let batchNo = 0;
    let batch = new StagingBatch(path.join(stagingDir, String(batchNo)));
    let writer = Promise.resolve();
    const replacing = new Set([...known.keys()]);
    const flush = () => {
      const b = batch;
      batch = new StagingBatch(path.join(stagingDir, String(++batchNo)));
      writer = writer.then(async () => {
        const t = performance.now();
        await loadBatch(db.con, b, b.sourcePaths.some((p) => replacing.has(p)));
        totals.loadMs += performance.now() - t;
      });
      return writer;
    };
    // Appends run one after another, so two reports never interleave in a staging file. A full
    // batch starts loading while the next one fills (the workers keep going); only when that
    // one is full too does adding wait for the load, which bounds the staging on disk.
    let appending = Promise.resolve();
    let added = 0;
    const add = (r: StagedReport) => {
      appending = appending.then(async () => {
        batch.add(r);
        const toCome = plan.length - ++added; // one add per planned file
        if (batchIsDue(batch.sourcePaths.length, batch.bytes, toCome, opts.batchReports)) {
          await writer;
          flush().catch(() => undefined); // its failure surfaces at the next `await writer`
        }
      });
      return appending;
    };
    let toProcess = plan.length; // less the duplicates found at their turn
    // What record() counted of each file (not its rows: those are staged, and a corpus is large).
    const recorded = new Map<string, Recorded>();
    /** Takes back what record() counted of a file: it is parsed again with the other file of its report. */
    const unrecord = (p: string) => {
      const r = recorded.get(p);
      if (!r) return;
      recorded.delete(p);
      summary.reports = summary.reports.filter((x) => x.path !== p);
      if (r.status === 'failed') summary.failed--;
      else summary.loaded--;
      summary.checksFailed -= r.checksFailed;
      for (const k of ['errors', 'warnings', 'info'] as const) summary.findings[k] -= r.findings[k];
    };
    const record = (r: JobResult) => {
      recorded.set(r.sourcePath, { sourcePath: r.sourcePath, status: r.status, checksFailed: r.checksFailed, findings: r.findings, pairing: r.pairing });
      const part = r.narrativePath ? ` (with its narrative ${r.narrativePath})` : '';
      summary.reports.push({ path: r.sourcePath, status: r.status, cells: r.cells, checksFailed: r.checksFailed, error: r.error?.message });
      if (r.status === 'failed') summary.failed++;
      else summary.loaded++;
      summary.checksFailed += r.checksFailed;
      for (const k of ['errors', 'warnings', 'info'] as const) summary.findings[k] += r.findings[k];
      totals.files++;
      totals.bytes += r.bytes;
      for (const k of ['readMs', 'extractMs', 'transformMs', 'stageMs'] as const) totals[k] += r.timings[k];
      if (r.thread.id !== 0) workerCpuMs.set(r.thread.id, r.thread.cpuMs === null ? null : Math.max(r.thread.cpuMs, workerCpuMs.get(r.thread.id) ?? 0));
      opts.log(
        r.status === 'failed'
          ? { event: 'failed', path: r.sourcePath, status: r.status, stage: r.error?.stage, error: r.error?.message, message: `failed   ${r.sourcePath}: ${r.error?.stage}: ${r.error?.message}` }
          : { event: 'loaded', path: r.sourcePath, status: r.status, cells: r.cells, checks_failed: r.checksFailed, message: `${r.status.padEnd(8)} ${r.sourcePath}${part}: ${r.cells} cells, ${r.checksFailed} failing checks` },
      );
      opts.onProgress?.(totals.files, toProcess);
    };
    const recordError = async (p: string, sha: string | null, stage: string, message: string) => {
      await add({ sourcePath: p, staged: errorRows(p, sha, stage, message, startedAt, runId) });
      record({ sourcePath: p, narrativePath: null, pairing: null, sha256: sha, status: 'failed', cells: 0, checksFailed: 0, findings: NO_FINDINGS, error: { stage, message }, staged: {}, bytes: 0, timings: { readMs: 0, extractMs: 0, transformMs: 0, stageMs: 0 }, thread: { id: 0, cpuMs: null } });
    };

    /** Whether `p`, with content `sha`, is a duplicate (then recorded as one); if not, its content is seen from now on. */
    const isDuplicate = async (p: string, sha: string) => {
      const twin = loadedShas.get(sha);
      if (!twin || twin === p) {
        loadedShas.set(sha, p);
        return false;
      }
      summary.duplicates++;
      toProcess--;
      await add({ sourcePath: p, staged: errorRows(p, sha, 'duplicate', `same content as ${twin}; loaded once under that name`, startedAt, runId) });
      opts.log({ event: 'duplicate', path: p, message: `duplicate ${p} (same content as ${twin})` });
      return true;
    };

    // Extract + transform run in the workers; p-limit bounds the jobs running or done and
    // waiting for their turn (two per worker keep each busy). Results are staged in the order of the
    // files (each waits for the one before it, still holding its slot), so rows are stored in
    // the same order whatever the number of workers and the Parquet export needs no sort.
    const limit = pLimit(Math.max(2, (opts.workers || 1) * 2));
    let lastTurn = Promise.resolve();
    /** Takes the next place in file order (synchronously, while dispatching); `stage` runs when the place before it is done. */
    const inTurn = () => {
      const before = lastTurn;
      let done!: () => void;
      lastTurn = new Promise<void>((resolve) => (done = resolve));
      return async (stage: () => Promise<void>) => {
        await before;
        try {
          await stage();
        } finally {
          done();
        }
      };
    };
    const process1 = (job: Job) => (pool ? pool.run(job) : runJob(job));
    const parse = (p: string, sha: string | null, narrativePath?: string) => {
      const turn = inTurn();
      return limit(async () => {
        let r: JobResult | Error;
        try {
          r = await process1({ rawDir: opts.rawDir, sourcePath: p, startedAt, runId, ...(narrativePath ? { narrativePath } : {}) });
        } catch (e) {
          r = e as Error;
        }
        await turn(async () => {
          if (r instanceof Error) return recordError(p, sha, 'extract', `worker failed: ${r.message}`);
          if (r.sha256 !== null && (await isDuplicate(p, r.sha256))) return;
          await add({ sourcePath: p, staged: r.staged, ...(narrativePath ? { companions: [narrativePath] } : {}) });
          record(r);
        });
      });
    };
    // Tasks finish in file order (each waits for its turn), so waiting for the oldest one bounds
    // how many are dispatched ahead of the writer: memory stays flat however many files there are.
    const backlog = 4 * limit.concurrency;
    const inFlight: Promise<void>[] = [];
    for (const { path: p, sha, size, narrative } of plan) {
      const task =
        size < 0
          ? inTurn()(() => recordError(p, null, 'read', 'cannot read file (permission denied or removed during the run)'))
          : size > maxBytes
            ? inTurn()(async () => {
                if (!(await isDuplicate(p, sha!))) await recordError(p, sha, 'read', `file too large: ${(size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit for one report (--max-file-mb)`);
              })
            : parse(p, sha, narrative?.path);
      task.catch(() => undefined); // a failure (of the writer) surfaces when the task is awaited below
      inFlight.push(task);
      if (inFlight.length > backlog) await inFlight.shift();
    }
    await Promise.all(inFlight);

    // Two files of one report that only their content pairs: a narrative without tables and a
    // file of tables without a narrative, parsed now or loaded before, in one folder, of one
    // department and year. Their rows so far are loaded first; the pair's replace them.
    const late = await pairsByContent(db, [...recorded.values()], opts, startedAt, runId, process1);
    if (late.size > 0) {
      await appending;
      await flush();
      for (const [narrativePath, tablesPath] of late) {
        for (const p of [tablesPath, narrativePath]) {
          if (!recorded.has(p) && present.has(p)) {
            summary.skipped--;
            summary.reparsed++;
          }
          unrecord(p);
          replacing.add(p);
        }
        toProcess++;
        await parse(tablesPath, present.get(tablesPath)?.sha ?? null, narrativePath);
      }
    }
    // Every file is parsed: the workers' heaps are given back before the last load and the export.
    present.clear();
    await pool?.close();
    await appending;
    await flush();
    await rm(stagingDir, { recursive: true, force: true });
    summary.reports.sort((a, b) => a.path.localeCompare(b.path));

    const changed = summary.loaded + summary.failed + summary.duplicates + summary.removed > 0;
    const parquetMissing = !(await stat(path.join(opts.outDir, 'parquet', 'reports', 'reports.parquet')).catch(() => null));
    const t = performance.now();
    if (changed || parquetMissing) summary.classificationConflicts = await rebuildDimensions(db.con, opts.referenceDir ?? REFERENCE_DIR);
    summary.exitCode = opts.strict && summary.failed > 0 ? 1 : 0;
    // Recorded before the export, so that runs.parquet has this run too.
    await insertRun(db, {
      run_id: runId,
      started_at: sqlTimestamp(startedAt),
      ended_at: sqlTimestamp(new Date().toISOString()),
      parser_version: parserVersion(),
      files_seen: summary.files,
      files_new: summary.parsedNew,
      files_reparsed: summary.reparsed,
      files_skipped: summary.skipped,
      files_loaded: summary.loaded,
      files_failed: summary.failed,
      files_duplicate: summary.duplicates,
      files_removed: summary.removed,
      exit_code: summary.exitCode,
      error: null,
      shard,
    });
    if (changed || parquetMissing) {
      await rm(parquetDir, { recursive: true, force: true });
      summary.parquet = await exportParquet(db, parquetDir);
    } else {
      // Nothing else changed: the published Parquet files stay, runs.parquet gets this run.
      await exportRunsParquet(db, path.join(opts.outDir, 'parquet'));
    }
    // Published as one file: everything in it, nothing left in a write-ahead log.
    await db.con.run('CHECKPOINT');
    const cpuMs = cpuMillis(process.cpuUsage(cpuAtStart));
    summary.timings = { ...totals, copyMs: 0, publishMs: 0, hashMs: summary.timings.hashMs, parquetMs: performance.now() - t, wallMs: performance.now() - started, peakRssBytes: process.resourceUsage().maxRSS * 1024, cpuMs, threadCpuMs: cpuByThread(cpuMs, mainCpuAtStart, workerCpuMs) };
    return summary;
  } finally {
    await pool?.close();
    closeDatabase(db);
  }
}
