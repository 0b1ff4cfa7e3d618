import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadCpuMs } from '../pipeline/job.js';
import { sha256Hex } from '../pipeline/report.js';
import { batchIsDue, run } from '../pipeline/run.js';
import { queryDb, RAW } from './helpers.js';

let dir: string;
const raw = () => path.join(dir, 'raw');
const out = () => path.join(dir, 'out');
const log: string[] = [];
const go = () => run({ rawDir: raw(), outDir: out(), workers: 0, log: (e) => log.push(e.message) });

const sql = (q: string) => queryDb(path.join(out(), 'disclosures.duckdb'), q);
const counts = async () => Object.fromEntries((await sql(`SELECT 'reports' t, count(*) n FROM reports UNION ALL SELECT 'line_items', count(*) FROM line_items UNION ALL SELECT 'checks', count(*) FROM checks UNION ALL SELECT 'ingest_errors', count(*) FROM ingest_errors`)).map((r) => [r.t, Number(r.n)]));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pipeline-'));
  await mkdir(path.join(raw(), 'deep', 'er'), { recursive: true });
  await copyFile(path.join(RAW, '000_8a1d53abbfd78672.txt'), path.join(raw(), "it's 报告; DROP TABLE reports.txt"));
  await copyFile(path.join(RAW, '003_0de3fbbbee820dbe.txt'), path.join(raw(), 'deep', 'er', '003.txt'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pipeline end to end', () => {
  it('loads every file, money exact, Parquet matching DuckDB', async () => {
    const s = await go();
    expect(s).toMatchObject({ files: 2, loaded: 2, failed: 0, skipped: 0 });
    // The whole process's CPU time: positive, and no more than all cores for the whole run.
    expect(s.timings.cpuMs).toBeGreaterThan(0);
    expect(s.timings.cpuMs).toBeLessThan(s.timings.wallMs * os.availableParallelism() + 100);
    const rows = await sql(`SELECT amount_yuan, typeof(amount_yuan) AS t FROM line_items WHERE table_code = '01' AND row_key = 'income:总计' ORDER BY amount_yuan`);
    expect(rows).toEqual([{ amount_yuan: '6928700.00', t: 'DECIMAL(18,2)' }, { amount_yuan: '63856400.00', t: 'DECIMAL(18,2)' }]);
    for (const table of ['reports', 'report_tables', 'line_items', 'checks', 'ingest_errors']) {
      const file = path.join(out(), 'parquet', table, `${table}.parquet`).replace(/'/g, "''");
      const [db] = await sql(`SELECT count(*) AS n FROM ${table}`);
      const [pq] = await sql(`SELECT count(*) AS n FROM read_parquet('${file}')`);
      expect(pq.n).toBe(db.n);
    }
    const [src] = await sql(`SELECT source_path, status, errors_failed, warnings_failed, info_failed FROM reports WHERE source_path LIKE 'it%'`);
    // Its narrative contradicts its tables (a warning) and states a rise from zero as 100% (info):
    // findings about the source, not doubts about our numbers.
    expect(src).toEqual({ source_path: "it's 报告; DROP TABLE reports.txt", status: 'ok', errors_failed: 0, warnings_failed: 1, info_failed: 1 });
    expect(await sql(`SELECT source_path FROM reports WHERE source_path LIKE 'deep/%'`)).toEqual([{ source_path: 'deep/er/003.txt' }]);
    // New files are hashed by the job that parses them: the hash is that of the bytes on disk.
    const [h] = await sql(`SELECT source_sha256, report_id FROM reports WHERE source_path = 'deep/er/003.txt'`);
    const sha = sha256Hex(await readFile(path.join(raw(), 'deep', 'er', '003.txt')));
    expect(h).toEqual({ source_sha256: sha, report_id: sha.slice(0, 16) });
  });

  it('a second run skips everything and changes nothing', async () => {
    const before = await counts();
    const s = await go();
    expect(s).toMatchObject({ loaded: 0, skipped: 2, removed: 0, parquet: null });
    expect(await counts()).toEqual(before);
    // The other Parquet files stay as they were; runs.parquet and its count in datapackage.json get the new run.
    const runsFile = path.join(out(), 'parquet', 'runs', 'runs.parquet').replace(/'/g, "''");
    expect(await sql(`SELECT run_id, files_skipped FROM read_parquet('${runsFile}') ORDER BY run_id`)).toEqual([{ run_id: 1, files_skipped: 0 }, { run_id: 2, files_skipped: 2 }]);
    const pkg = JSON.parse(await readFile(path.join(out(), 'parquet', 'datapackage.json'), 'utf8'));
    expect(pkg.resources.find((r: { name: string }) => r.name === 'runs').rows).toBe(2);
  });

  it('adds a new file, records a bad one and a duplicate, without stopping', async () => {
    await copyFile(path.join(RAW, '002_9ab8174854570465.txt'), path.join(raw(), 'new.txt'));
    await copyFile(path.join(RAW, '002_9ab8174854570465.txt'), path.join(raw(), 'new-copy.txt'));
    await writeFile(path.join(raw(), 'empty.txt'), '');
    await writeFile(path.join(raw(), 'garbage.pdf'), Buffer.from([1, 2, 3, 4, 5]));
    const s = await go();
    expect(s).toMatchObject({ loaded: 1, failed: 2, duplicates: 1, skipped: 2 });
    const errors = await sql('SELECT source_path, stage, error FROM ingest_errors ORDER BY source_path');
    // Both copies are new: the first in sorted order is loaded, the other recorded as its duplicate.
    expect(errors.map((e) => [e.source_path, e.stage])).toEqual([['empty.txt', 'extract'], ['garbage.pdf', 'extract'], ['new.txt', 'duplicate']].sort());
    expect(String(errors.find((e) => e.source_path === 'new.txt')!.error)).toBe('same content as new-copy.txt; loaded once under that name');
    expect(String(errors.find((e) => e.source_path === 'empty.txt')!.error)).toMatch(/empty file/);
  });

  it('replaces exactly the rows of an edited file and removes a deleted one', async () => {
    const target = path.join(raw(), 'deep', 'er', '003.txt');
    const text = await readFile(target, 'utf8');
    await writeFile(target, text.replace('一、一般公共预算财政拨款收入\t1\t692.87', '一、一般公共预算财政拨款收入\t1\t699.87'));
    await rm(path.join(raw(), "it's 报告; DROP TABLE reports.txt"));
    const s = await go();
    expect(s).toMatchObject({ loaded: 1, removed: 1 });
    const [r] = await sql(`SELECT count(*) AS n FROM reports WHERE source_path = 'deep/er/003.txt'`);
    expect(Number(r.n)).toBe(1);
    const [v] = await sql(`SELECT amount_yuan FROM line_items l JOIN reports r USING (report_id) WHERE r.source_path = 'deep/er/003.txt' AND table_code = '01' AND row_no = 1`);
    expect(v.amount_yuan).toBe('6998700.00');
    const failing = await sql(`SELECT count(*) AS n FROM checks c JOIN reports r USING (report_id) WHERE r.source_path = 'deep/er/003.txt' AND NOT passed`);
    expect(Number(failing[0].n)).toBeGreaterThan(0); // the edit breaks 本年收入合计 = Σ items
    expect(await sql(`SELECT count(*) AS n FROM reports WHERE source_path LIKE 'it%'`)).toEqual([{ n: '0' }]);
  });
});

describe('load batches', () => {
  /** The sizes of the batches committed for n reports of `bytes` each. */
  const batches = (n: number, bytes = 200_000, max?: number) => {
    const sizes: number[] = [];
    let inBatch = 0;
    for (let added = 1; added <= n; added++) {
      inBatch++;
      if (batchIsDue(inBatch, inBatch * bytes, n - added, max)) {
        sizes.push(inBatch);
        inBatch = 0;
      }
    }
    if (inBatch > 0) sizes.push(inBatch); // the final flush
    return sizes;
  };

  it('are full-sized, then halve towards the end of the run so the last one loads quickly', () => {
    expect(batches(10_000)).toEqual([2000, 2000, 2000, 2000, 1000, 500, 250, 250]);
    expect(batches(3000)).toEqual([1500, 750, 375, 250, 125]);
    expect(batches(600)).toEqual([300, 250, 50]);
    expect(batches(100)).toEqual([100]);
    expect(batches(10, 200_000, 2)).toEqual([2, 2, 2, 2, 2]);
  });

  it('are committed early when their staged bytes reach the cap, however few reports they hold', () => {
    expect(batches(10, 200 * 1024 * 1024)).toEqual([3, 3, 3, 1]);
  });
});

describe('threadCpuMs', () => {
  it.runIf(existsSync('/proc/thread-self/stat'))('counts the calling thread’s CPU time, not the process’s', async () => {
    const processMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const cpu = () => ({ thread: threadCpuMs()!, process: processMs() });
    const since = (a: ReturnType<typeof cpu>) => {
      const b = cpu();
      return { thread: b.thread - a.thread, process: b.process - a.process };
    };
    // This thread spinning alone for 300 ms of CPU (however busy the machine): its time is the
    // process's, in whole ticks of 10 ms. A first spin lets V8 compile the loop (on threads of
    // its own) before the one measured.
    const spin = (ms: number) => {
      for (const end = processMs() + ms; processMs() < end; );
    };
    spin(100);
    let start = cpu();
    spin(300);
    const alone = since(start);
    expect(alone.thread).toBeGreaterThanOrEqual(250);
    expect(Math.abs(alone.thread - alone.process)).toBeLessThanOrEqual(40);
    // A worker thread spinning for 300 ms of CPU while this one waits: the process's time, not this thread's.
    start = cpu();
    const worker = new Worker('const t = process.cpuUsage(); for (let u = process.cpuUsage(t); u.user + u.system < 300000; u = process.cpuUsage(t));', { eval: true });
    await new Promise((resolve) => worker.once('exit', resolve));
    const waiting = since(start);
    expect(waiting.process - waiting.thread).toBeGreaterThanOrEqual(250);
    expect(waiting.thread).toBeLessThan(waiting.process / 2);
  });
});
