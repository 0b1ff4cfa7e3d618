// The unit of work a worker thread does for one file: read and hash it, extract, transform, and stage
// its rows as validated CSV. Whatever goes wrong becomes a recorded error for that file.
import { openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { stageRows, type StagedRows } from '../load/staging.js';
import { NO_FINDINGS, processFile, sha256Hex, type Findings, type Pairing } from './report.js';
import { parserVersion } from './version.js';

export interface Job {
  rawDir: string;
  sourcePath: string;
  /** ISO time the run started: every row of a run carries the same ingested_at. */
  startedAt: string;
  /** The run (runs.run_id) every row of the job is recorded under. */
  runId: number;
  /** The file of the report's narrative, when it is printed apart from the tables (sourcePath). */
  narrativePath?: string;
}

export interface JobResult {
  sourcePath: string;
  /** The narrative file read with it (Job.narrativePath), whose old rows the load replaces too. */
  narrativePath: string | null;
  /** A file of tables without a narrative, or a narrative without tables: what pairs them (see run.ts). */
  pairing: Pairing | null;
  /** SHA-256 of the bytes parsed (null when the file could not be read): hashed here, in the worker, not by the dispatcher. */
  sha256: string | null;
  status: 'ok' | 'partial' | 'failed';
  cells: number;
  checksFailed: number;
  findings: Findings;
  error: { stage: string; message: string } | null;
  staged: StagedRows;
  bytes: number;
  timings: { readMs: number; extractMs: number; transformMs: number; stageMs: number };
  /** The thread that ran the job (0: the main thread) and its CPU time so far, job included (see threadCpuMs). */
  thread: { id: number; cpuMs: number | null };
}

// This thread's /proc/thread-self/stat, opened once (each worker loads this module anew, so
// each opens its own): re-reading an open file costs 8 µs, opening it each time 38.
let statFd: number | undefined;
const statBuf = Buffer.alloc(1024);

/**
 * CPU time (user + system) the calling thread has used so far, in ms; null where Linux's
 * /proc/thread-self is missing. Node 20 has no per-thread call (process.cpuUsage is the whole
 * process's), and the split between workers, the writer and DuckDB is where the time goes.
 */
export function threadCpuMs(): number | null {
  try {
    statFd ??= openSync('/proc/thread-self/stat', 'r');
    const stat = statBuf.toString('latin1', 0, readSync(statFd, statBuf, 0, statBuf.length, 0));
    // The fields after the command name: utime and stime are the 12th and 13th (fields 14 and
    // 15 of proc(5)), in clock ticks of 1/100 s (USER_HZ, 100 on every Linux Node runs on).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export const sqlTimestamp = (iso: string) => iso.replace('T', ' ').replace('Z', '');

/** Rows recording that `sourcePath` could not be used (no report row). */
export function errorRows(sourcePath: string, sha256: string | null, stage: string, error: string, at: string, runId: number): StagedRows {
  return stageRows({ ingest_errors: [{ source_path: sourcePath, source_sha256: sha256, stage, error, occurred_at: sqlTimestamp(at), parser_version: parserVersion(), run_id: runId }] });
}

export async function runJob(job: Job): Promise<JobResult> {
  const t0 = performance.now();
  let sha256: string | null = null;
  const failed = (stage: string, message: string, bytes = 0): JobResult => ({
    sourcePath: job.sourcePath,
    narrativePath: job.narrativePath ?? null,
    pairing: null,
    sha256,
    status: 'failed',
    cells: 0,
    checksFailed: 0,
    findings: NO_FINDINGS,
    error: { stage, message },
    staged: errorRows(job.sourcePath, sha256, stage, message, job.startedAt, job.runId),
    bytes,
    timings: { readMs: performance.now() - t0, extractMs: 0, transformMs: 0, stageMs: 0 },
    thread: { id: threadId, cpuMs: threadCpuMs() },
  });
  let bytes: Uint8Array;
  try {
    // Synchronous: a worker does one job at a time, and the async call costs ~1 ms of overhead per file.
    bytes = new Uint8Array(readFileSync(path.join(job.rawDir, job.sourcePath)));
  } catch (e) {
    return failed('read', `cannot read file: ${(e as Error).message}`);
  }
  sha256 = sha256Hex(bytes);
  let narrative = null;
  if (job.narrativePath) {
    try {
      const told = new Uint8Array(readFileSync(path.join(job.rawDir, job.narrativePath)));
      narrative = { sourcePath: job.narrativePath, bytes: told, sha256: sha256Hex(told) };
    } catch (e) {
      return failed('read', `cannot read the narrative file ${job.narrativePath}: ${(e as Error).message}`, bytes.length);
    }
  }
  const readMs = performance.now() - t0;
  const r = await processFile({ sourcePath: job.sourcePath, bytes, sha256 }, new Date(job.startedAt), job.runId, narrative);
  const t1 = performance.now();
  let staged: StagedRows;
  try {
    staged = stageRows(r.rows, r.reportId);
  } catch (e) {
    // A contract violation is our bug, not the file's; record it against the file and go on.
    return failed('load', `internal error, rows rejected by the data contract: ${(e as Error).message}`, bytes.length);
  }
  return {
    sourcePath: job.sourcePath,
    narrativePath: r.narrativePath,
    pairing: r.pairing,
    sha256,
    status: r.status,
    cells: r.cells,
    checksFailed: r.checksFailed,
    findings: r.findings,
    error: r.error,
    staged,
    bytes: bytes.length,
    timings: { readMs, ...r.timings, stageMs: performance.now() - t1 },
    thread: { id: threadId, cpuMs: threadCpuMs() },
  };
}
