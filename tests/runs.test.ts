// Runs over time: re-parsing after an upgrade, --dry-run, the runs table. The CLI runs in child
// processes (make test builds it first); the planning and the code version alone: plan.test.ts.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFailedRun } from '../pipeline/run.js';
import { queryDb, RAW, runCli } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'runs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function execDb(file: string, sql: string): Promise<void> {
  const inst = await DuckDBInstance.create(file);
  const con = await inst.connect();
  try {
    await con.run(sql);
    await con.run('CHECKPOINT');
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

describe('a report parsed by an older parser', () => {
  it('is listed by --dry-run with the reason, and parsed again by the next run', async () => {
    const raw = path.join(dir, 'raw');
    const out = path.join(dir, 'out');
    await mkdir(raw);
    for (const f of ['000_8a1d53abbfd78672.txt', '001_fb039c7f287ddd42.txt', '002_9ab8174854570465.txt']) await cp(path.join(RAW, f), path.join(raw, f));
    expect((await runCli(['run', '--raw-dir', raw, '--out-dir', out])).code).toBe(0);
    const db = path.join(out, 'disclosures.duckdb');
    const [{ parser_version: current }] = await queryDb(db, 'SELECT DISTINCT parser_version FROM reports');
    expect(current).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);

    // As if an older version had loaded one report; one file changes, one is new, one goes.
    await execDb(db, `UPDATE reports SET parser_version = '0.3.0' WHERE source_path = '000_8a1d53abbfd78672.txt'`);
    await writeFile(path.join(raw, '001_fb039c7f287ddd42.txt'), (await readFile(path.join(raw, '001_fb039c7f287ddd42.txt'), 'utf8')) + '\n附注\n');
    await cp(path.join(RAW, '003_0de3fbbbee820dbe.txt'), path.join(raw, '003_0de3fbbbee820dbe.txt'));
    await rm(path.join(raw, '002_9ab8174854570465.txt'));

    const dry = await runCli(['run', '--raw-dir', raw, '--out-dir', out, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`parse    000_8a1d53abbfd78672.txt: older parser (0.3.0 → ${current})`);
    expect(dry.stdout).toContain('parse    001_fb039c7f287ddd42.txt: changed');
    expect(dry.stdout).toContain('parse    003_0de3fbbbee820dbe.txt: new');
    expect(dry.stdout).toContain('remove   002_9ab8174854570465.txt: file deleted');
    expect(dry.stdout).toContain('would parse 3 (1 new, 1 changed, 1 of an older parser), skip 0 unchanged, remove 1');
    // Nothing changed by a dry run.
    expect(await queryDb(db, "SELECT parser_version FROM reports WHERE source_path = '000_8a1d53abbfd78672.txt'")).toEqual([{ parser_version: '0.3.0' }]);

    expect((await runCli(['run', '--raw-dir', raw, '--out-dir', out])).code).toBe(0);
    expect(await queryDb(db, 'SELECT DISTINCT parser_version FROM reports')).toEqual([{ parser_version: current }]);
    const runs = await queryDb(db, 'SELECT run_id, parser_version, files_seen, files_new, files_reparsed, files_skipped, files_loaded, files_failed, files_removed, exit_code, error, ended_at >= started_at AS ordered FROM runs ORDER BY run_id');
    expect(runs).toEqual([
      { run_id: 1, parser_version: current, files_seen: 3, files_new: 3, files_reparsed: 0, files_skipped: 0, files_loaded: 3, files_failed: 0, files_removed: 0, exit_code: 0, error: null, ordered: true },
      { run_id: 2, parser_version: current, files_seen: 3, files_new: 1, files_reparsed: 2, files_skipped: 0, files_loaded: 3, files_failed: 0, files_removed: 1, exit_code: 0, error: null, ordered: true },
    ]);
    // Each report says which run loaded it.
    expect(await queryDb(db, 'SELECT source_path, run_id FROM reports ORDER BY source_path')).toEqual([
      { source_path: '000_8a1d53abbfd78672.txt', run_id: 2 },
      { source_path: '001_fb039c7f287ddd42.txt', run_id: 2 },
      { source_path: '003_0de3fbbbee820dbe.txt', run_id: 2 },
    ]);

    // Nothing to do: skipped, and the run is recorded all the same.
    const again = await runCli(['run', '--raw-dir', raw, '--out-dir', out]);
    expect(again.stdout).toContain('nothing changed: 3 files unchanged (run 3 recorded in runs)');
    expect(await queryDb(db, 'SELECT files_skipped, files_new + files_reparsed AS parsed FROM runs WHERE run_id = 3')).toEqual([{ files_skipped: 3, parsed: 0 }]);
  });

  it('a run that cannot complete is recorded with its error, its data unchanged', async () => {
    const out = path.join(dir, 'out-fail');
    const raw = path.join(dir, 'raw-fail');
    await mkdir(raw);
    await cp(path.join(RAW, '000_8a1d53abbfd78672.txt'), path.join(raw, 'a.txt'));
    expect((await runCli(['run', '--raw-dir', raw, '--out-dir', out])).code).toBe(0);
    const db = path.join(out, 'disclosures.duckdb');
    const before = await queryDb(db, 'SELECT report_id, run_id FROM reports');
    // What run() does when its work fails after the lock was taken (the error is rethrown: exit 2).
    await recordFailedRun(db, '2026-12-06T10:00:00.000Z', new Error('disk full'));
    expect(await queryDb(db, 'SELECT report_id, run_id FROM reports')).toEqual(before);
    expect(await queryDb(db, 'SELECT run_id, started_at::VARCHAR AS started_at, files_seen, exit_code, error FROM runs ORDER BY run_id')).toEqual([
      expect.objectContaining({ run_id: 1, exit_code: 0, error: null }),
      { run_id: 2, started_at: '2026-12-06 10:00:00', files_seen: 0, exit_code: 2, error: 'disk full' },
    ]);
  });
});
