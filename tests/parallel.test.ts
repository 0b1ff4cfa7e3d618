// Worker threads must not change the results: the same corpus loaded in the main thread and
// with three workers gives identical tables (except the load timestamps).
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryDb, RAW, runCli, snapshot } from './helpers.js';
import { DATABASE_TABLES } from '../schemas/database.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'parallel-'));
  const raw = path.join(dir, 'raw');
  await mkdir(path.join(raw, 'a', 'b'), { recursive: true });
  const seeds = ['000_8a1d53abbfd78672.txt', '001_fb039c7f287ddd42.txt', '002_9ab8174854570465.txt', '003_0de3fbbbee820dbe.txt', '004_d2f6334a83d0837c.txt'];
  for (let i = 0; i < 12; i++) {
    const text = await readFile(path.join(RAW, seeds[i % seeds.length]), 'utf8');
    await writeFile(path.join(raw, i % 2 ? 'a/b' : 'a', `r${i}.txt`), text + `\n附注 ${i}\n`);
  }
  await copyFile(path.join(RAW, seeds[0]), path.join(raw, 'dup-1.txt'));
  await copyFile(path.join(RAW, seeds[0]), path.join(raw, 'dup-2.txt'));
  await writeFile(path.join(raw, 'broken.pdf'), 'not a pdf');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('gives identical tables with 0 and 3 worker threads', async () => {
  const one = await runCli(['run', '--raw-dir', path.join(dir, 'raw'), '--out-dir', path.join(dir, 'w0'), '--workers', '0', '--json']);
  const three = await runCli(['run', '--raw-dir', path.join(dir, 'raw'), '--out-dir', path.join(dir, 'w3'), '--workers', '3', '--json']);
  expect(one.code).toBe(0);
  expect(three.code).toBe(0);
  // The CPU time split by thread: jobs run in the main thread count as its own, and no part exceeds the whole.
  const cpu = (stdout: string) => (JSON.parse(stdout.trim().split('\n').pop()!) as { timings: { cpuMs: number; threadCpuMs: { workers: number; main: number; others: number } } }).timings;
  const [t0, t3] = [cpu(one.stdout), cpu(three.stdout)];
  expect(t0.threadCpuMs.workers).toBe(0);
  expect(t3.threadCpuMs.workers).toBeGreaterThan(t3.threadCpuMs.main); // they extracted and transformed 13 files
  for (const t of [t0, t3]) {
    expect(t.threadCpuMs.main).toBeGreaterThan(0);
    // A thread's time is counted in ticks of 10 ms, the process's in microseconds: a tick of slack per thread.
    expect(t.threadCpuMs.workers + t.threadCpuMs.main).toBeLessThanOrEqual(t.cpuMs + 40);
  }
  const a = await snapshot(path.join(dir, 'w0'));
  const b = await snapshot(path.join(dir, 'w3'));
  expect(a.reports).toHaveLength(14); // 12 reports, one of the twins, the broken file
  expect(a.ingest_errors).toHaveLength(2); // the other twin and the broken file
  expect(a.line_items.length).toBeGreaterThan(2000);
  expect(b).toEqual(a);
  // The Parquet files hold the rows in the same order too (the export does not sort).
  for (const spec of DATABASE_TABLES.filter((t) => t.name !== 'runs')) { // runs: times differ
    const cols = Object.keys(spec.columns).filter((c) => c !== 'ingested_at' && c !== 'occurred_at');
    const stored = (out: string) => queryDb(path.join(dir, out, 'disclosures.duckdb'), `SELECT ${cols.join(', ')} FROM read_parquet('${path.join(dir, out, 'parquet', spec.name, `${spec.name}.parquet`)}')`);
    expect(await stored('w3'), spec.name).toEqual(await stored('w0'));
  }
});
