// Faults: a process killed mid-run, a reader holding the database, a second run, a corrupt database, exit statuses. These run the
// compiled CLI in child processes (make test builds it first).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('killed in the middle of a run', () => {
  it('leaves the published database as it was, and the next run completes the work', async () => {
    const reference = path.join(dir, 'reference');
    expect((await runCli(['run', '--raw-dir', raw(), '--out-dir', reference, '--workers', '1'])).code).toBe(0);
    const ref = await snapshot(reference);
    expect(ref.reports).toHaveLength(31);

    // A database published by an earlier run of some of the files.
    const out = path.join(dir, 'killed');
    const some = path.join(dir, 'some');
    await mkdir(some);
    for (const f of ['r00.txt', 'r01.txt', 'r02.txt']) await writeFile(path.join(some, f), await readFile(path.join(raw(), f)));
    expect((await runCli(['run', '--raw-dir', some, '--out-dir', out, '--workers', '1'])).code).toBe(0);
    const before = await snapshot(out);
    expect(before.reports).toHaveLength(3);

    let killedOnce = false;
    for (const after of [3, 9, 17, 25]) {
      const { killed } = await runAndKill(out, after);
      killedOnce ||= killed;
      // Batches were committed to the run's own copy; the published database never saw them.
      expect(await snapshot(out)).toEqual(before);
    }
    expect(killedOnce).toBe(true);
    const final = await runCli(['run', '--raw-dir', raw(), '--out-dir', out, '--workers', '1']);
    expect(final.code).toBe(0);
    expect(await snapshot(out)).toEqual(ref);
    // Only completed runs are in the history: the first, and the last.
    expect(await queryDb(path.join(out, 'disclosures.duckdb'), 'SELECT run_id, files_new, files_skipped, exit_code FROM runs ORDER BY run_id')).toEqual([
      { run_id: 1, files_new: 3, files_skipped: 0, exit_code: 0 },
      { run_id: 2, files_new: 28, files_skipped: 3, exit_code: 0 },
    ]);
  });
});

describe('database problems and exit statuses', () => {
  it('runs while a researcher holds the database open, who keeps a snapshot; the next session sees the new data', async () => {
    const out = path.join(dir, 'readers');
    const src = path.join(dir, 'readers-raw');
    await mkdir(src);
    await writeFile(path.join(src, 'a.txt'), await readFile(path.join(raw(), 'r00.txt')));
    expect((await runCli(['run', '--raw-dir', src, '--out-dir', out])).code).toBe(0);
    const db = path.join(out, 'disclosures.duckdb');
    // A researcher's session, read-only as the README says (the DuckDB CLI's -readonly, a notebook).
    const reader = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      import readline from 'node:readline';
      const db = await DuckDBInstance.create(${JSON.stringify(db)}, { access_mode: 'READ_ONLY' });
      const con = await db.connect();
      const count = async () => (await con.runAndReadAll('SELECT count(*)::INTEGER AS n FROM reports')).getRowObjectsJson()[0].n;
      console.log('reports ' + await count());
      for await (const _ of readline.createInterface({ input: process.stdin })) console.log('reports ' + await count());`], { cwd: path.join(import.meta.dirname, '..') });
    const answers: string[] = [];
    const answered = (n: number) => new Promise<void>((resolve) => {
      const check = () => (answers.length >= n ? resolve() : setTimeout(check, 50));
      check();
    });
    reader.stdout.on('data', (d: Buffer) => answers.push(...d.toString().trim().split('\n')));
    try {
      await answered(1);
      expect(answers[0]).toBe('reports 1');
      await writeFile(path.join(src, 'b.txt'), await readFile(path.join(raw(), 'r01.txt')));
      const r = await runCli(['run', '--raw-dir', src, '--out-dir', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // The open session keeps what it saw; a new one sees the new report.
      reader.stdin.write('again\n');
      await answered(2);
      expect(answers[1]).toBe('reports 1');
      expect(await queryDb(db, 'SELECT count(*)::INTEGER AS n FROM reports')).toEqual([{ n: 2 }]);
    } finally {
      reader.kill('SIGKILL');
    }
  });

  it('says clearly that another run is writing the same folder', async () => {
    const out = path.join(dir, 'locked');
    expect((await runCli(['run', '--raw-dir', raw(), '--out-dir', out])).code).toBe(0);
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      const lock = await DuckDBInstance.create(${JSON.stringify(path.join(out, '.run.lock'))});
      console.log('ready');
      setTimeout(() => {}, 60000);`], { cwd: path.join(import.meta.dirname, '..') });
    await new Promise<void>((resolve) => holder.stdout.on('data', () => resolve()));
    try {
      const r = await runCli(['run', '--raw-dir', raw(), '--out-dir', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: another run is writing .*locked \(it holds .*\.run\.lock\); wait for it to finish, or pass --wait SECONDS/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      // With --wait, the second run goes ahead once the first is done.
      const waiting = runCli(['run', '--raw-dir', raw(), '--out-dir', out, '--wait', '60']);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      holder.kill('SIGKILL');
      expect((await waiting).code).toBe(0);
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
