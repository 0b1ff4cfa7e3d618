// Which files a run parses (pipeline/plan.ts) and what the code version is made of
// (pipeline/version.ts), without the CLI.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRun } from '../pipeline/plan.js';
import { codeHash } from '../pipeline/version.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plan-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('planRun', () => {
  const present = (entries: [string, string | null][]) => new Map(entries.map(([p, sha]) => [p, { sha, size: 10 }]));
  const known = (entries: [string, string, string | null, boolean?][]) => new Map(entries.map(([p, sha, v, dup]) => [p, { sha256: sha, parserVersion: v, duplicate: dup ?? false }]));

  it('skips a file only when its content and the version of its rows are current', () => {
    const plan = planRun(
      present([['a', 'h1'], ['b', 'h2'], ['c', 'h3'], ['d', null], ['e', 'h1']]),
      known([['a', 'h1', 'v2'], ['b', 'hX', 'v2'], ['c', 'h3', 'v1'], ['e', 'h1', null, true]]),
      'v2',
    );
    expect(plan.parse.map((f) => [f.path, f.reason, f.was])).toEqual([
      ['b', 'changed', undefined],
      ['c', 'older_parser', 'v1'],
      ['d', 'new', undefined],
    ]);
    expect(plan.skipped).toBe(2); // a, and e: a duplicate of a, still loaded
  });

  it('parses a known file that could not be read again, and a duplicate whose twin changed', () => {
    const plan = planRun(present([['a', null], ['b', 'h2'], ['c', 'h1']]), known([['a', 'h1', 'v2'], ['b', 'h1', 'v2'], ['c', 'h1', 'v2', true]]), 'v2');
    // a: unreadable now; b: its content changed, so c (recorded as b's duplicate) has no twin loaded.
    expect(plan.parse.map((f) => [f.path, f.reason])).toEqual([['a', 'changed'], ['b', 'changed'], ['c', 'twin_removed']]);
    expect(plan.loadedShas).toEqual(new Map());
  });

  it('knows which loaded file holds each content, for the duplicates found during the run', () => {
    const plan = planRun(present([['a', 'h1'], ['b', 'h2']]), known([['a', 'h1', 'v2'], ['b', 'h2', 'v1'], ['z', 'h3', 'v2']]), 'v2');
    expect(plan.loadedShas).toEqual(new Map([['h1', 'a'], ['h2', 'b']])); // z is gone: not present
  });

  it('parses a recorded duplicate again when its twin is gone', () => {
    const plan = planRun(present([['e', 'h1']]), known([['e', 'h1', 'v2', true]]), 'v2');
    expect(plan.parse.map((f) => f.reason)).toEqual(['twin_removed']);
  });
});

describe('the code version', () => {
  it('changes with any file of the code that makes the rows, and only with it', async () => {
    const root = path.join(dir, 'code');
    await mkdir(path.join(root, 'transform', 'tables'), { recursive: true });
    await mkdir(path.join(root, 'pipeline'), { recursive: true });
    await writeFile(path.join(root, 'transform', 'tables', 'grid.js'), 'export const a = 1;');
    await writeFile(path.join(root, 'pipeline', 'report.js'), 'export const b = 1;');
    await writeFile(path.join(root, 'pipeline', 'cli.js'), 'export const c = 1;');
    const hash = () => codeHash(root, ['transform', 'pipeline/report'], '.js');
    const first = hash();
    expect(hash()).toBe(first);
    await writeFile(path.join(root, 'pipeline', 'cli.js'), 'export const c = 2;'); // not row-making code
    expect(hash()).toBe(first);
    await writeFile(path.join(root, 'transform', 'tables', 'grid.js'), 'export const a = 2;');
    expect(hash()).not.toBe(first);
    const second = hash();
    await writeFile(path.join(root, 'transform', 'tables', 'new.js'), '');
    expect(hash()).not.toBe(second);
  });
});

describe('the build the CLI tests run', () => {
  it('is stale when a source is newer than its compiled file, or has none', async () => {
    const { staleSources } = await import('./build-setup.js');
    const root = path.join(dir, 'project');
    for (const d of ['extract', 'transform', 'load', 'pipeline', 'schemas', 'build/extract']) await mkdir(path.join(root, d), { recursive: true });
    await writeFile(path.join(root, 'extract', 'a.ts'), '');
    await writeFile(path.join(root, 'extract', 'b.ts'), '');
    await writeFile(path.join(root, 'build', 'extract', 'a.js'), '');
    expect(staleSources(root)).toEqual([path.join('extract', 'b.ts')]);
    const { utimes } = await import('node:fs/promises');
    await utimes(path.join(root, 'build', 'extract', 'a.js'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(staleSources(root).sort()).toEqual([path.join('extract', 'a.ts'), path.join('extract', 'b.ts')]);
  });
});
