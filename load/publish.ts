// Readers never block the writer and never see half a run. A run takes the run lock, copies the
// published database to a file of its own, works there, and publishes by renaming it over the
// published one: a session opened before keeps reading its file (the old inode), the next one
// opens the new file. A crash at any moment, publishing included, leaves the published database
// as it was (a rename is atomic), and the next run starts again from it.
import { constants } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DatabaseError, isLockConflict } from './duckdb.js';

export const DATABASE_FILE = 'disclosures.duckdb';
const LOCK_FILE = '.run.lock';

/** The run lock, held while a run works: a second run waits for it (see acquireRunLock). */
export interface RunLock {
  release(): void;
}

const exists = (file: string) => stat(file).then(() => true, () => false);

/**
 * Takes the run lock of `outDir`: a small DuckDB file whose lock the operating system holds for
 * this process and drops when it exits, however it exits (no stale lock after a crash). Another
 * run holding it: wait up to `waitMs`, then a clear error.
 */
export async function acquireRunLock(outDir: string, waitMs = 0): Promise<RunLock> {
  const file = path.join(outDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const instance = await DuckDBInstance.create(file, { threads: '1' });
      return { release: () => instance.closeSync() };
    } catch (e) {
      if (!isLockConflict(e)) throw new DatabaseError(`cannot take the run lock ${file}: ${(e as Error).message}`);
      if (Date.now() >= deadline) throw new DatabaseError(`another run is writing ${outDir} (it holds ${file}); wait for it to finish, or pass --wait SECONDS`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** The run's own copy of the published database, `<published>.run`, made afresh (none when nothing is published yet: the run starts an empty database). */
export async function makeWorkCopy(published: string): Promise<string> {
  const work = `${published}.run`;
  // Leftovers of a run that died: its work never reached the published file.
  await rm(work, { force: true });
  await rm(`${work}.wal`, { force: true });
  if (await exists(published)) {
    // A reflink where the file system has them (btrfs, XFS): the copy is then instant.
    await copyFile(published, work, constants.COPYFILE_FICLONE);
    // A session that opened the database read-write may have changes not yet checkpointed.
    if (await exists(`${published}.wal`)) await copyFile(`${published}.wal`, `${work}.wal`);
  }
  return work;
}

/**
 * Publishes the work copy (closed and checkpointed: no WAL of its own) over `published`. A WAL
 * left by someone else's read-write session belongs to the old file: it is set aside, not
 * replayed onto the new one (the copy already holds what it had).
 */
export async function publishWorkCopy(work: string, published: string): Promise<void> {
  if (await exists(`${published}.wal`)) await rename(`${published}.wal`, `${published}.wal.replaced-${Date.now()}`);
  await rename(work, published);
}

/** Drops a work copy that will not be published. */
export async function discardWorkCopy(work: string): Promise<void> {
  await rm(work, { force: true });
  await rm(`${work}.wal`, { force: true });
}

/**
 * Replaces folder `dir` by `next` (two renames): a reader sees the old folder or the new one
 * whole; only between the renames is there none, and a crash there leaves `dir` missing, which
 * the next run notices and exports again.
 */
export async function publishFolder(next: string, dir: string): Promise<void> {
  const old = `${dir}.old`;
  await rm(old, { recursive: true, force: true });
  if (await exists(dir)) await rename(dir, old);
  await rename(next, dir);
  await rm(old, { recursive: true, force: true });
}

/** Where a writer works: its copy of the database and the folder its Parquet export goes to. */
export interface WorkCopy {
  work: string;
  nextParquet: string;
}

/**
 * The writer's whole protocol, for a run and a merge alike: take the run lock of `outDir`, work on
 * a copy of the published database, then publish — the Parquet folder first (when `body` says it
 * exported one), the database last, as the commit point: a crash between the two leaves the old
 * database, whose next run redoes the work. A failure discards the copy, calls `onFailure` (with
 * the lock still held) and is thrown again. Returns `body`'s result and the time spent copying
 * and publishing.
 */
export async function publishing<T>(
  outDir: string,
  waitMs: number,
  body: (at: WorkCopy) => Promise<{ result: T; exported: boolean }>,
  onFailure: (e: Error) => Promise<void> = async () => undefined,
): Promise<{ result: T; copyMs: number; publishMs: number }> {
  await mkdir(outDir, { recursive: true });
  const published = path.join(outDir, DATABASE_FILE);
  const lock = await acquireRunLock(outDir, waitMs);
  try {
    const copyStart = performance.now();
    const work = await makeWorkCopy(published);
    const copyMs = performance.now() - copyStart;
    const nextParquet = path.join(outDir, '.parquet.run');
    try {
      const { result, exported } = await body({ work, nextParquet });
      const publishStart = performance.now();
      if (exported) await publishFolder(nextParquet, path.join(outDir, 'parquet'));
      await publishWorkCopy(work, published);
      return { result, copyMs, publishMs: performance.now() - publishStart };
    } catch (e) {
      await discardWorkCopy(work);
      await rm(nextParquet, { recursive: true, force: true });
      await onFailure(e as Error);
      throw e;
    }
  } finally {
    lock.release();
  }
}
