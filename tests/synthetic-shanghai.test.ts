// Round trip through the Shanghai layout: a seeded generator (tests/synthetic/generate.ts) builds
// the tables with every identity holding exactly, tests/synthetic/render-shanghai.ts draws tables
// 01–09 as the real 上海市普陀区财政局 2024 PDF lays them out (landscape pages, 类/款/项 in
// separate columns, wrapped names, 三公 pairs, 06's side-by-side groups, 07/08 收入支出 tables, no
// 行次 / 栏次 / 公开NN表, no table 10), and the parser must read back every printed cell — no more,
// no less — in 元, exactly, with layout 'shanghai', the tables' status (table 10 absent, 07/08/09
// declared empty where the generator has no data), no 行次, and no failing identity check. Some
// styles take the official blank template's variants (its head wording, whole codes in one column).
// A second group checks every row's label (line_items.row_label): wrapped names read whole, in
// their own row.
//
// Reproduce one case:  SYNTH_SH_SEEDS=17 SYNTH_SH_DUMP=/tmp/sh npx vitest run tests/synthetic-shanghai.test.ts
// (SYNTH_SH_SEEDS takes "17", "3,17" or "1-200", default 1-40; SYNTH_SH_DUMP writes each PDF there,
// with its line dump — page, baseline, cells, left and right edges — to compare with the real PDF's.)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../extract/index.js';
import { throughPipeline, type Loaded } from './synthetic/pipeline.js';
import { compareCells, expectedYuan, identityFailures, seedList } from './synthetic/compare.js';
import { randomReport, TABLE_CODES, type SynthReport } from './synthetic/generate.js';
import { expectedShanghai, randomShanghaiStyle, renderShanghaiPdf, type ShanghaiExpectation, type ShanghaiStyle } from './synthetic/render-shanghai.js';

/** Labels compared as the parser reads them: NFKC (full-width → ASCII), no spaces. */
const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** Every difference between what was printed and what the pipeline loaded, one line each. */
function compare(report: SynthReport, want: ShanghaiExpectation, loaded: Loaded): string[] {
  const result = loaded.result;
  if (!result || loaded.error) return [`did not load: ${loaded.error}`];
  const problems: string[] = [];
  if (result.layout !== 'shanghai') problems.push(`layout: expected shanghai, got ${result.layout}`);
  if (result.department !== want.department) problems.push(`meta: department expected ${want.department}, got ${result.department}`);
  if (result.fiscalYear !== want.year) problems.push(`meta: fiscal year expected ${want.year}, got ${result.fiscalYear}`);
  for (const code of TABLE_CODES) {
    const status = result.tableStatus.find((s) => s.table_code === code)?.status ?? 'none';
    if (status !== want.status[code]) problems.push(`table ${code}: status expected ${want.status[code]}, got ${status}`);
    const parsed = result.tables.find((x) => x.code === code);
    if (parsed && parsed.unit !== report.unit) problems.push(`table ${code}: unit expected ${report.unit}, got ${parsed.unit}`);
  }
  for (const li of loaded.lineItems) {
    if (li.row_no !== null) problems.push(`table ${li.table_code} row ${li.row_key} col ${li.col_no}: expected no 行次 (Shanghai prints none), got ${li.row_no}`);
  }
  const expected = want.cells.map((c) => ({ ...c, value: expectedYuan(c.text, report.unit) }));
  problems.push(...compareCells(expected, loaded.lineItems, report.unit, (li) => `on page ${li.source_page}`), ...identityFailures(result));
  return problems;
}

async function dump(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), bytes);
  const doc = await extract(new Uint8Array(bytes), name);
  const r = (v: number) => Math.round(v);
  const text = doc.lines.map((l) => `${l.page} ${r(l.y ?? 0)} ${JSON.stringify(l.cells)} ${JSON.stringify((l.left ?? []).map(r))} ${JSON.stringify((l.right ?? []).map(r))}`).join('\n');
  writeFileSync(path.join(dir, name.replace(/\.pdf$/, '.lines.txt')), text + '\n');
}

interface RoundTrip {
  report: SynthReport;
  style: ShanghaiStyle;
  want: ShanghaiExpectation;
  loaded: Loaded;
  name: string;
}

const done = new Map<number, Promise<RoundTrip>>();

/** Renders and parses one seed (once: both test groups below read the same result). */
function roundTrip(seed: number): Promise<RoundTrip> {
  if (!done.has(seed)) {
    done.set(
      seed,
      (async () => {
        // Shanghai's form fixes the unit: 单位：万元.
        const report = randomReport(seed, { unit: '万元' });
        const style = randomShanghaiStyle(seed);
        const bytes = renderShanghaiPdf(report, style);
        const name = `synthetic-sh-${seed}.pdf`;
        if (process.env.SYNTH_SH_DUMP) await dump(process.env.SYNTH_SH_DUMP, name, bytes);
        const [loaded] = await throughPipeline([{ name, bytes }]);
        return { report, style, want: expectedShanghai(report, style), loaded, name };
      })(),
    );
  }
  return done.get(seed)!;
}

function header(seed: number, rt: RoundTrip, problems: string[], what: string): string {
  const placement = (rt.loaded.result?.checks ?? [])
    .filter((c) => c.kind === 'column_placement')
    .map((c) => `  placement note ${c.table_code} ${c.subject} (${c.passed ? 'passed' : 'failed'}): ${c.detail}`);
  return [
    `seed ${seed}, Shanghai PDF, ${what}: ${problems.length} problem(s); style ${JSON.stringify(rt.style)}`,
    `reproduce: SYNTH_SH_SEEDS=${seed} SYNTH_SH_DUMP=/tmp/sh npx vitest run tests/synthetic-shanghai.test.ts  (then read /tmp/sh/${rt.name} and /tmp/sh/${rt.name.replace(/\.pdf$/, '.lines.txt')})`,
    ...(what === 'cells' ? placement.slice(0, 20) : []),
  ].join('\n');
}

describe('synthetic reports round-trip through the Shanghai-layout PDF', () => {
  it.each(seedList('SYNTH_SH_SEEDS', 40))('seed %i: every cell, status and identity', async (seed) => {
    const rt = await roundTrip(seed);
    const problems = compare(rt.report, rt.want, rt.loaded);
    expect(problems.slice(0, 60), header(seed, rt, problems, 'cells')).toEqual([]);
  });
});

// Row labels are not amounts, but they are loaded (line_items.row_label): a wrapped name must be
// read whole and belong to its own row.
describe('synthetic reports keep their row labels through the Shanghai-layout PDF', () => {
  it.each(seedList('SYNTH_SH_SEEDS', 40))('seed %i: row labels', async (seed) => {
    const rt = await roundTrip(seed);
    const want = new Map(rt.want.cells.map((c) => [`${c.table}|${c.key}`, c.label]));
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const li of rt.loaded.lineItems) {
      const k = `${li.table_code}|${li.row_key}`;
      const label = want.get(k);
      if (label === undefined || seen.has(k)) continue;
      seen.add(k);
      if (norm(li.row_label) !== norm(label)) problems.push(`table ${li.table_code} row ${li.row_key}: label expected "${norm(label)}", got "${norm(li.row_label)}" (page ${li.source_page})`);
    }
    expect(problems.slice(0, 60), header(seed, rt, problems, 'row labels')).toEqual([]);
  });
});
