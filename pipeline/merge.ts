// `cli merge --out-dir OUT SHARD_OUT_DIR...`: one database and one Parquet set from the shards'
// Parquet files (each shard ran `cli run --shard K/N` into its own OUT_DIR, on any machine),
// equal in content to a single run over all of RAW_DIR. The merge is rebuilt from the shards
// every time, so a shard that failed and ran again is simply read as it is now; it refuses a
// set of shards that is incomplete, overlapping or parsed by different versions of the code.
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { closeDatabase, exportParquet, inTransaction, openDatabase, query, type Database } from '../load/duckdb.js';
import { quoteIdent, quoteLiteral } from '../load/ddl.js';
import { rebuildDimensions } from '../load/dimensions.js';
import { DATABASE_FILE, publishing } from '../load/publish.js';
import { REPORT_TABLES } from '../schemas/database.js';
import { sqlTimestamp } from './job.js';
import { insertRun, nextRunId, REFERENCE_DIR } from './run.js';
import { parseShard, shardText } from './shard.js';

export class MergeError extends Error {}

export interface MergeSummary {
  shards: number;
  reports: number;
  duplicatesAcrossShards: number;
  parquet: Record<string, number>;
}

interface ShardInfo {
  dir: string;
  spec: { k: number; n: number };
  versions: string[];
}

const parquetOf = (dir: string, table: string) => path.join(dir, 'parquet', table, `${table}.parquet`);
const list = (files: string[]) => `[${files.map(quoteLiteral).join(', ')}]`;

/** Each shard's spec (from its last successful run) and the parser versions of its rows; refuses a set that is not one whole. */
async function readShards(db: Database, dirs: string[]): Promise<ShardInfo[]> {
  const shards: ShardInfo[] = [];
  for (const dir of dirs) {
    for (const t of ['runs', 'reports']) {
      if (!(await stat(parquetOf(dir, t)).catch(() => null))) throw new MergeError(`${dir} holds no shard output (${parquetOf(dir, t)} missing): run \`cli run --shard K/N --out-dir ${dir}\` there first`);
    }
    const [last] = await query(db.con, `SELECT shard FROM read_parquet(${quoteLiteral(parquetOf(dir, 'runs'))}) WHERE exit_code <> 2 ORDER BY run_id DESC LIMIT 1`);
    if (!last?.shard) throw new MergeError(`${dir} was not made by a shard run (its last run has no --shard K/N)`);
    const versions = (await query(db.con, `SELECT DISTINCT parser_version FROM read_parquet(${quoteLiteral(parquetOf(dir, 'reports'))}) ORDER BY 1`)).map((r) => r.parser_version as string);
    shards.push({ dir, spec: parseShard(last.shard as string), versions });
  }
  const n = shards[0].spec.n;
  const other = shards.find((s) => s.spec.n !== n);
  if (other) throw new MergeError(`shards of different splits: ${shards[0].dir} is ${shardText(shards[0].spec)}, ${other.dir} is ${shardText(other.spec)}`);
  const seen = new Map<number, string>();
  for (const s of shards) {
    if (seen.has(s.spec.k)) throw new MergeError(`${seen.get(s.spec.k)} and ${s.dir} are both shard ${shardText(s.spec)}`);
    seen.set(s.spec.k, s.dir);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length) throw new MergeError(`shards ${missing.map((k) => `${k}/${n}`).join(', ')} missing: give every shard's OUT_DIR`);
  const versions = new Set(shards.flatMap((s) => s.versions));
  if (versions.size > 1) throw new MergeError(`the shards were parsed by different versions of the code (${shards.map((s) => `${s.dir}: ${s.versions.join(', ')}`).join('; ')}): run the older shards again with the current code`);
  return shards;
}

export async function merge(outDir: string, shardDirs: string[]): Promise<MergeSummary> {
  if (shardDirs.length === 0) throw new MergeError('give the OUT_DIR of every shard');
  const startedAt = new Date().toISOString();
  const published = path.join(outDir, DATABASE_FILE);
  // The database is built afresh from the shards; only the history of earlier merges is kept.
  const { result } = await publishing(outDir, 0, async ({ work, nextParquet }) => {
    const db = await openDatabase(work, { shownAs: published });
    try {
      const shards = await readShards(db, shardDirs);
      const duplicatesAcrossShards = await loadShards(db, shards);
      await rebuildDimensions(db.con, REFERENCE_DIR);
      const [counts] = await query(db.con, "SELECT (SELECT count(*) FROM reports)::INTEGER AS reports, (SELECT count(*) FROM reports WHERE status <> 'failed')::INTEGER AS loaded, (SELECT count(*) FROM ingest_errors WHERE stage = 'duplicate')::INTEGER AS duplicates, (SELECT count(*) FROM reports WHERE status = 'failed')::INTEGER AS failed");
      await insertRun(db, {
        run_id: await nextRunId(db),
        started_at: sqlTimestamp(startedAt),
        ended_at: sqlTimestamp(new Date().toISOString()),
        parser_version: shards[0].versions[0] ?? '',
        files_seen: (counts.reports as number) + (counts.duplicates as number),
        files_new: 0,
        files_reparsed: 0,
        files_skipped: 0,
        files_loaded: counts.loaded as number,
        files_failed: counts.failed as number,
        files_duplicate: counts.duplicates as number,
        files_removed: 0,
        exit_code: 0,
        error: null,
        shard: `merge of ${shards.length} shards`,
      });
      await rm(nextParquet, { recursive: true, force: true });
      const parquet = await exportParquet(db, nextParquet);
      await db.con.run('CHECKPOINT');
      return { result: { shards: shards.length, reports: counts.reports as number, duplicatesAcrossShards, parquet }, exported: true };
    } finally {
      closeDatabase(db);
    }
  });
  return result;
}

/**
 * Every shard's rows, in one transaction. The same content under two names in two shards: each
 * shard loaded its own, a single run loads the first path in order and records the others as
 * duplicates of it. The merge does the same: the rows of a report come from the shard of its
 * first path only, and every duplicate's message names that path (a shard could only name its own).
 * Returns the number of files recorded as duplicates across shards.
 */
async function loadShards(db: Database, shards: ShardInfo[]): Promise<number> {
  const con = db.con;
  const cols = (name: string) => Object.keys(REPORT_TABLES.find((t) => t.name === name)!.columns).map(quoteIdent).join(', ');
  const shardReports = shards.map((s, i) => `SELECT *, ${i} AS shard_no FROM read_parquet(${quoteLiteral(parquetOf(s.dir, 'reports'))})`).join(' UNION ALL ');
  await con.run(`CREATE OR REPLACE TEMP TABLE shard_reports AS SELECT *, row_number() OVER (PARTITION BY report_id ORDER BY source_path) AS k FROM (${shardReports})`);
  const shardErrors = shards.map((s, i) => `SELECT source_path, ${i} AS shard_no FROM read_parquet(${quoteLiteral(parquetOf(s.dir, 'ingest_errors'))})`).join(' UNION ALL ');
  const overlap = await query(con, `SELECT source_path FROM (SELECT source_path, shard_no FROM shard_reports UNION ALL ${shardErrors}) GROUP BY 1 HAVING count(DISTINCT shard_no) > 1 ORDER BY 1 LIMIT 3`);
  if (overlap.length) throw new MergeError(`files in more than one shard (${overlap.map((r) => r.source_path).join(', ')}): were the shards cut from different RAW_DIRs?`);
  const [losers] = await query(con, 'SELECT count(*)::INTEGER AS n FROM shard_reports WHERE k > 1');
  await inTransaction(con, async () => {
    for (const spec of REPORT_TABLES) await con.run(`DELETE FROM ${quoteIdent(spec.name)}`);
    // Ordered by path, as a single run stores them.
    await con.run(`INSERT INTO reports (${cols('reports')}) SELECT ${cols('reports')} FROM shard_reports WHERE k = 1 ORDER BY source_path`);
    for (const spec of REPORT_TABLES) {
      if (spec.name === 'reports' || spec.name === 'ingest_errors') continue;
      for (const [i, shard] of shards.entries()) {
        await con.run(`INSERT INTO ${quoteIdent(spec.name)} (${cols(spec.name)}) SELECT ${cols(spec.name)} FROM read_parquet(${quoteLiteral(parquetOf(shard.dir, spec.name))})
          WHERE report_id IN (SELECT report_id FROM shard_reports WHERE k = 1 AND shard_no = ${i})`);
      }
    }
    await con.run(`INSERT INTO ingest_errors (${cols('ingest_errors')}) SELECT ${cols('ingest_errors')} FROM read_parquet(${list(shards.map((s) => parquetOf(s.dir, 'ingest_errors')))}) ORDER BY source_path`);
    await con.run(`INSERT INTO ingest_errors (source_path, source_sha256, stage, error, occurred_at, parser_version, run_id)
      SELECT source_path, source_sha256, 'duplicate', '', ingested_at, parser_version, run_id FROM shard_reports WHERE k > 1`);
    await con.run(`UPDATE ingest_errors SET error = 'same content as ' || r.source_path || '; loaded once under that name'
      FROM reports r WHERE ingest_errors.stage = 'duplicate' AND r.source_sha256 = ingest_errors.source_sha256`);
  });
  await con.run('DROP TABLE shard_reports');
  return losers.n as number;
}
