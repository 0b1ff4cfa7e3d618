// The whole pipeline for the round-trip tests: extract, transform, the data contract (stageRows)
// and DuckDB, so that a report the tests call correct also loads. The cells compared are those
// read back from the database, as strings (money never passes through a JavaScript number).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, loadBatch, openDatabase, query, StagingBatch, type Database } from '../../load/duckdb.js';
import { stageRows } from '../../load/staging.js';
import { processFile, sha256Hex } from '../../pipeline/report.js';
import type { LineItem, TransformResult } from '../../transform/index.js';

export interface Loaded {
  name: string;
  /** The transform's result (null when extraction or transformation failed). */
  result: TransformResult | null;
  /** Why the report did not load whole: the pipeline's error or the contract's. */
  error: string | null;
  /** line_items of the report as the database holds them. */
  lineItems: LineItem[];
  status: string;
}

let shared: { db: Database; dir: string } | null = null;
let batches = 0;

async function database(): Promise<{ db: Database; dir: string }> {
  if (!shared) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-'));
    shared = { db: await openDatabase(path.join(dir, 'roundtrip.duckdb')), dir };
    process.once('exit', () => {
      if (!shared) return;
      closeDatabase(shared.db);
      rmSync(shared.dir, { recursive: true, force: true });
    });
  }
  return shared;
}

/** Runs the files through the pipeline into one database (shared by the test file) and reads their line items back. */
export async function throughPipeline(files: { name: string; bytes: Uint8Array }[]): Promise<Loaded[]> {
  const { db, dir } = await database();
  const batch = new StagingBatch(path.join(dir, `batch-${++batches}`));
  const out: Loaded[] = [];
  const ids: string[] = [];
  for (const f of files) {
    const p = await processFile({ sourcePath: `${batches}/${f.name}`, bytes: f.bytes, sha256: sha256Hex(f.bytes) });
    let error = p.error ? `${p.error.stage}: ${p.error.message}` : null;
    try {
      batch.add({ sourcePath: `${batches}/${f.name}`, staged: stageRows(p.rows, p.reportId) });
    } catch (e) {
      error = `load: rows rejected by the data contract: ${(e as Error).message}`;
    }
    ids.push(p.reportId);
    out.push({ name: f.name, result: p.transformed, error, lineItems: [], status: p.status });
  }
  await loadBatch(db.con, batch, true);
  for (let i = 0; i < out.length; i++) {
    if (out[i].error?.startsWith('load:')) continue;
    const rows = await query(db.con, `SELECT * EXCLUDE (report_id) FROM line_items WHERE report_id = ? ORDER BY table_code, row_key, col_no`, [ids[i]]);
    out[i].lineItems = rows as unknown as LineItem[];
  }
  return out;
}
