// Faults: a process killed mid-load, a locked or corrupt database, exit statuses. These run the
// compiled CLI in child processes (make test builds it first).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_TABLES } from '../schemas/database.js';
import { CLI, queryDb, RAW, runCli, snapshot } from './helpers.js';

const SEEDS = ['000_8a1d53abbfd78672.txt', '001_fb039c7f287ddd42.txt', '002_9ab8174854570465.txt', '003_0de3fbbbee820dbe.txt', '004_d2f6334a83d0837c.txt'];
let dir: string;
const raw = () => path.join(dir, 'raw');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'faults-'));
  await mkdir(raw(), { recursive: true });
  for (let i = 0; i < 30; i++) {
    const text = await readFile(path.join(RAW, SEEDS[i % SEEDS.length]), 'utf8');
    await writeFile(path.join(raw(), `r${String(i).padStart(2, '0')}.txt`), `${text}\n附注 ${i}\n`);
  }
  await writeFile(path.join(raw(), 'broken.pdf'), 'not a pdf');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Starts a run and SIGKILLs it once it has logged `afterLines` reports. Resolves when it is dead. */
function runAndKill(out: string, afterLines: number): Promise<{ killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', '--raw-dir', raw(), '--out-dir', out, '--workers', '1', '--batch-size', '2']);
    let lines = 0;
    child.stdout.on('data', (d: Buffer) => {
      lines += d.toString().split('\n').filter((l) => /^(ok|partial|failed)\s/.test(l)).length;
      if (lines >= afterLines) child.kill('SIGKILL');
    });
    child.on('close', (_code, signal) => resolve({ killed: signal === 'SIGKILL' }));
  });
}

describe('killed in the middle of a load', () => {
  it('leaves each report fully loaded or absent, and the next run completes the work', async () => {
    const reference = path.join(dir, 'reference');
    expect((await runCli(['run', '--raw-dir', raw(), '--out-dir', reference, '--workers', '1'])).code).toBe(0);
    const ref = await snapshot(reference);
    expect(ref.reports).toHaveLength(31);

    const out = path.join(dir, 'killed');
    let killedOnce = false;
    const progress: number[] = [];
    for (const after of [3, 9, 17, 25]) {
      const { killed } = await runAndKill(out, after);
      killedOnce ||= killed;
      const snap = await snapshot(out);
      const loaded = new Set(snap.reports.map((r) => (r as { report_id: string }).report_id));
      progress.push(loaded.size);
      // Whatever is there is exactly what a clean run loads for those reports: no half report.
      for (const spec of REPORT_TABLES) {
        if (spec.name === 'ingest_errors') continue;
        const expected = ref[spec.name].filter((r) => loaded.has((r as { report_id: string }).report_id));
        expect(snap[spec.name]).toEqual(expected);
      }
    }
    expect(killedOnce).toBe(true);
    // The kills landed at different points of the work, not all before or after it.
    expect(progress.some((n) => n > 0 && n < 31)).toBe(true);
    const final = await runCli(['run', '--raw-dir', raw(), '--out-dir', out, '--workers', '1']);
    expect(final.code).toBe(0);
    expect(await snapshot(out)).toEqual(ref);
  });
});

describe('database problems and exit statuses', () => {
  it('says clearly that the database is locked by another process', async () => {
    const out = path.join(dir, 'locked');
    expect((await runCli(['run', '--raw-dir', raw(), '--out-dir', out])).code).toBe(0);
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      const db = await DuckDBInstance.create(${JSON.stringify(path.join(out, 'disclosures.duckdb'))});
      console.log('ready');
      setTimeout(() => {}, 60000);`], { cwd: path.join(import.meta.dirname, '..') });
    await new Promise<void>((resolve) => holder.stdout.on('data', () => resolve()));
    try {
      const r = await runCli(['run', '--raw-dir', raw(), '--out-dir', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: database .*disclosures\.duckdb is locked by another process/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('says clearly that the database file is corrupt', async () => {
    const out = path.join(dir, 'corrupt');
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'disclosures.duckdb'), Buffer.alloc(8192, 0x5a));
    const r = await runCli(['run', '--raw-dir', raw(), '--out-dir', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: database .* is corrupt or not a DuckDB file; move it away/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 0 when files failed but were recorded, 1 with --strict, 2 when the run cannot start', async () => {
    const out = path.join(dir, 'status');
    expect((await runCli(['run', '--raw-dir', raw(), '--out-dir', out])).code).toBe(0);
    await writeFile(path.join(raw(), 'another-broken.txt'), '');
    expect((await runCli(['run', '--raw-dir', raw(), '--out-dir', out, '--strict'])).code).toBe(1);
    // Failing checks alone do not fail a strict run: the report was processed (status 'partial').
    const checksOnly = path.join(dir, 'checks-only');
    await mkdir(checksOnly);
    await writeFile(path.join(checksOnly, 'r.txt'), await readFile(path.join(raw(), 'r00.txt')));
    const strictOk = await runCli(['run', '--raw-dir', checksOnly, '--out-dir', path.join(dir, 'status-checks'), '--strict', '--json']);
    expect(JSON.parse(strictOk.stdout.trim().split('\n').at(-1)!)).toMatchObject({ failed: 0 });
    expect(strictOk.stdout).toMatch(/"checks_failed":[1-9]/);
    expect(strictOk.code).toBe(0);
    const missing = await runCli(['run', '--raw-dir', path.join(dir, 'nowhere'), '--out-dir', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: RAW_DIR .*nowhere is not a directory/);
    await rm(path.join(raw(), 'another-broken.txt'));
  });
});
