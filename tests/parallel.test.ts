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
  const one = await runCli(['run', '--raw-dir', path.join(dir, 'raw'), '--out-dir', path.join(dir, 'w0'), '--workers', '0']);
  const three = await runCli(['run', '--raw-dir', path.join(dir, 'raw'), '--out-dir', path.join(dir, 'w3'), '--workers', '3']);
  expect(one.code).toBe(0);
  expect(three.code).toBe(0);
  const a = await snapshot(path.join(dir, 'w0'));
  const b = await snapshot(path.join(dir, 'w3'));
  expect(a.reports).toHaveLength(14); // 12 reports, one of the twins, the broken file
  expect(a.ingest_errors).toHaveLength(2); // the other twin and the broken file
  expect(a.line_items.length).toBeGreaterThan(2000);
  expect(b).toEqual(a);
  // The Parquet files hold the rows in the same order too (the export does not sort).
  for (const spec of DATABASE_TABLES) {
    const cols = Object.keys(spec.columns).filter((c) => c !== 'ingested_at' && c !== 'occurred_at');
    const stored = (out: string) => queryDb(path.join(dir, out, 'disclosures.duckdb'), `SELECT ${cols.join(', ')} FROM read_parquet('${path.join(dir, out, 'parquet', spec.name, `${spec.name}.parquet`)}')`);
    expect(await stored('w3'), spec.name).toEqual(await stored('w0'));
  }
});
