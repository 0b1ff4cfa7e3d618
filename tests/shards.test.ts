// A corpus split across machines: `run --shard K/N` on each, `merge` of their OUT_DIRs, equal in
// content to one run over everything — duplicates across shards included — and still equal
// after a shard failed and ran again; a shard set that is not one whole is refused.
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merge } from '../pipeline/merge.js';
import { run } from '../pipeline/run.js';
import { inShard, parseShard, shardOf } from '../pipeline/shard.js';
import { ALL_VIEWS, DATABASE_TABLES } from '../schemas/database.js';
import { queryDb, RAW, runCli } from './helpers.js';
import { randomReport } from './synthetic/generate.js';
import { renderText } from './synthetic/render.js';

let dir: string;
const raw = () => path.join(dir, 'raw');
const go = (out: string, shard?: string, extra: object = {}) => run({ rawDir: raw(), outDir: path.join(dir, out), workers: 0, log: () => undefined, ...(shard ? { shard: parseShard(shard) } : {}), ...extra });

/** Every row of a table or view, as sorted JSON, without what differs between two runs by design (when, and which run). */
async function content(out: string, name: string, columns: string[]): Promise<string> {
  const keep = columns.filter((c) => !['ingested_at', 'occurred_at', 'run_id'].includes(c));
  const rows = await queryDb(path.join(dir, out, 'disclosures.duckdb'), `SELECT ${keep.map((c) => `"${c}"`).join(', ')} FROM ${name} ORDER BY ALL`);
  return JSON.stringify(rows);
}

async function expectSameContent(a: string, b: string): Promise<void> {
  for (const t of DATABASE_TABLES.filter((x) => x.name !== 'runs')) expect(await content(b, t.name, Object.keys(t.columns)), t.name).toBe(await content(a, t.name, Object.keys(t.columns)));
  for (const v of ALL_VIEWS) expect(await content(b, v.name, v.columns.map((c) => c.name)), v.name).toBe(await content(a, v.name, v.columns.map((c) => c.name)));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'shards-'));
  await cp(RAW, raw(), { recursive: true });
  // Synthetic reports in subfolders, two copies of one sample under other names (twins likely in other shards), a broken file.
  await mkdir(path.join(raw(), 'synthetic', '2022'), { recursive: true });
  for (let seed = 1; seed <= 12; seed++) await writeFile(path.join(raw(), 'synthetic', '2022', `r${seed}.txt`), renderText(randomReport(seed)));
  await copyFile(path.join(RAW, '002_9ab8174854570465.txt'), path.join(raw(), 'aa-copy-of-002.txt'));
  await copyFile(path.join(RAW, '002_9ab8174854570465.txt'), path.join(raw(), 'synthetic', 'zz-copy-of-002.txt'));
  await writeFile(path.join(raw(), 'broken.pdf'), 'not a pdf');
  await go('single');
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('shards', () => {
  it('cut RAW_DIR into stable parts by path: every file in exactly one, adding files moves none', async () => {
    const files = ['a.txt', 'b/c.pdf', 'synthetic/2022/r1.txt', '报告.txt'];
    for (const f of files) expect([1, 2, 3].filter((k) => inShard(f, { k, n: 3 }))).toEqual([shardOf(f, 3)]);
    // Pinned: the shard of a path is its hash's alone, the same on every machine and in every
    // release; another hash would move files between shards that already hold them.
    expect(['a.txt', '报告.txt', 'synthetic/2022/r1.txt'].map((f) => shardOf(f, 4))).toEqual([3, 3, 4]);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[shardOf(`dept-${i}.pdf`, 4) - 1]++;
    for (const c of counts) expect(c).toBeGreaterThan(650); // about a quarter each
    expect(() => parseShard('0/3')).toThrow(/1 ≤ K ≤ N/);
    expect(() => parseShard('4/3')).toThrow();
    expect(() => parseShard('x')).toThrow();
  });

  it('merged equal one run: every table and view, duplicates across shards recorded as one run records them', async () => {
    for (const k of [1, 2, 3]) await go(`s${k}`, `${k}/3`);
    const m = await merge(path.join(dir, 'merged'), [1, 2, 3].map((k) => path.join(dir, `s${k}`)));
    expect(m.shards).toBe(3);
    await expectSameContent('single', 'merged');
    const dups = await queryDb(path.join(dir, 'merged', 'disclosures.duckdb'), "SELECT source_path, error FROM ingest_errors WHERE stage = 'duplicate' ORDER BY 1");
    expect(dups).toEqual([
      { source_path: 'aa-copy-of-002.txt', error: 'same content as 002_9ab8174854570465.txt; loaded once under that name' },
      { source_path: 'synthetic/zz-copy-of-002.txt', error: 'same content as 002_9ab8174854570465.txt; loaded once under that name' },
    ]);
    // The shards really were apart: no shard holds everything.
    for (const k of [1, 2, 3]) {
      const [n] = await queryDb(path.join(dir, `s${k}`, 'disclosures.duckdb'), 'SELECT count(*)::INTEGER AS n FROM reports');
      expect(n.n).toBeLessThan(19);
    }
    // The merged Parquet files are those of the merged database.
    const [pq] = await queryDb(path.join(dir, 'merged', 'disclosures.duckdb'), `SELECT count(*)::INTEGER AS n FROM read_parquet('${path.join(dir, 'merged', 'parquet', 'line_items', 'line_items.parquet')}')`);
    const [db] = await queryDb(path.join(dir, 'single', 'disclosures.duckdb'), 'SELECT count(*)::INTEGER AS n FROM line_items');
    expect(pq.n).toBe(db.n);
    const [last] = await queryDb(path.join(dir, 'merged', 'disclosures.duckdb'), 'SELECT shard, files_loaded FROM runs ORDER BY run_id DESC LIMIT 1');
    expect(last).toEqual({ shard: 'merge of 3 shards', files_loaded: 23 });
  }, 120_000);

  it('a shard that failed and ran again leaves the merge correct', async () => {
    // Shard 2 first ran on an older RAW_DIR (one of its files not yet there)…
    const shard2 = (await readdir(raw(), { recursive: true })).map(String).filter((f) => f.endsWith('.txt') && inShard(f.split(path.sep).join('/'), { k: 2, n: 3 }));
    expect(shard2.length).toBeGreaterThan(1);
    const held = path.join(dir, 'held-back.txt');
    await copyFile(path.join(raw(), shard2[0]), held);
    await rm(path.join(raw(), shard2[0]));
    await rm(path.join(dir, 's2'), { recursive: true, force: true });
    await go('s2', '2/3');
    await copyFile(held, path.join(raw(), shard2[0]));
    // …then failed (a broken reference list stops it after parsing): its last good output stays, stale.
    const badRef = path.join(dir, 'bad-ref');
    await mkdir(badRef);
    await writeFile(path.join(badRef, 'functional.csv'), 'code,name\n2,x,y\n');
    await writeFile(path.join(badRef, 'economic.csv'), 'code,name\n');
    await expect(go('s2', '2/3', { referenceDir: badRef })).rejects.toThrow();
    await merge(path.join(dir, 'merged'), [1, 2, 3].map((k) => path.join(dir, `s${k}`)));
    const [stale] = await queryDb(path.join(dir, 'merged', 'disclosures.duckdb'), 'SELECT count(*)::INTEGER AS n FROM reports');
    const [all] = await queryDb(path.join(dir, 'single', 'disclosures.duckdb'), 'SELECT count(*)::INTEGER AS n FROM reports');
    expect(stale.n).toBe((all.n as number) - 1);
    // Run again, merge again: equal to one run.
    await go('s2', '2/3');
    await merge(path.join(dir, 'merged'), [1, 2, 3].map((k) => path.join(dir, `s${k}`)));
    await expectSameContent('single', 'merged');
  }, 120_000);

  it('refuses a set of shards that is not one whole, saying why', async () => {
    const to = path.join(dir, 'refused');
    await expect(merge(to, [path.join(dir, 's1'), path.join(dir, 's2')])).rejects.toThrow(/shards 3\/3 missing/);
    await expect(merge(to, [path.join(dir, 's1'), path.join(dir, 's1'), path.join(dir, 's3')])).rejects.toThrow(/both shard 1\/3/);
    await expect(merge(to, [path.join(dir, 'single'), path.join(dir, 's2')])).rejects.toThrow(/not made by a shard run/);
    await expect(merge(to, [path.join(dir, 'nothing')])).rejects.toThrow(/holds no shard output/);
    // From the command line: exit 2 with the reason; make's SHARD=K/N reaches run --shard.
    const r = await runCli(['merge', '--out-dir', to, path.join(dir, 's1')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: shards 2\/3, 3\/3 missing/);
    const bad = await runCli(['run', '--shard', '3/2', '--raw-dir', raw(), '--out-dir', to]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shard must be K\/N/);
  });
});
