// Budgets through the whole pipeline: a publication of two files loaded as one report across
// incremental runs, and budget_vs_outturn on a department that has both reports.
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dryRun, run } from '../pipeline/run.js';
import { queryDb, RAW } from './helpers.js';
import { randomBudget, type BudgetItem } from './synthetic/budget.js';
import { expectedYuan } from './synthetic/compare.js';
import { randomReport, table, type SynthReport } from './synthetic/generate.js';
import { renderText } from './synthetic/render.js';

const BUDGET = path.join(RAW, 'budget');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'budget-pipeline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A raw and an out folder of their own (paths resolved when used: the temporary folder is made before the tests). */
const runIn = (name: string) => {
  const at = (sub: string) => path.join(dir, name, sub);
  return {
    get raw() {
      return at('raw');
    },
    get out() {
      return at('out');
    },
    go: () => run({ rawDir: at('raw'), outDir: at('out'), workers: 0, log: () => undefined }),
    sql: (q: string) => queryDb(path.join(at('out'), 'disclosures.duckdb'), q),
  };
};

describe('a narrative and its tables in two files, run after run', () => {
  const p = runIn('pair');
  const tables = () => path.join(p.raw, '省委办公厅', '2017年省委办公厅部门预算表.pdf');
  const narrative = () => path.join(p.raw, '省委办公厅', '2017年省委办公厅部门预算说明.pdf');
  const files = () => p.sql('SELECT source_path, role FROM report_files ORDER BY source_path');
  const reports = () => p.sql('SELECT report_id, source_path, report_kind, fiscal_year, status FROM reports');

  it('loads as one report when both are there, named …表 and …说明', async () => {
    await mkdir(path.dirname(tables()), { recursive: true });
    await copyFile(path.join(BUDGET, 'js-shengweiban-2017-yusuan-biao.pdf'), tables());
    await copyFile(path.join(BUDGET, 'js-shengweiban-2017-yusuan-shuoming.pdf'), narrative());
    const s = await p.go();
    expect(s).toMatchObject({ files: 2, loaded: 1, failed: 0, skipped: 0 });
    expect(await files()).toEqual([
      { source_path: '省委办公厅/2017年省委办公厅部门预算表.pdf', role: 'tables' },
      { source_path: '省委办公厅/2017年省委办公厅部门预算说明.pdf', role: 'narrative' },
    ]);
    expect((await reports()).map((r) => [r.source_path, r.report_kind, r.fiscal_year, r.status])).toEqual([['省委办公厅/2017年省委办公厅部门预算表.pdf', 'budget', 2017, 'ok']]);
    // Its narrative's claims are checked against the other file's tables.
    expect(await p.sql("SELECT count(*)::INTEGER AS n FROM checks WHERE kind = 'narrative' AND check_id LIKE '%:table' AND passed")).toEqual([{ n: 9 }]);
  });

  it('skips both when neither changed; parses both when one did', async () => {
    expect(await p.go()).toMatchObject({ files: 2, loaded: 0, skipped: 2 });
    const before = await reports();
    await writeFile(narrative(), Buffer.concat([await readFile(narrative()), Buffer.from('\n%% appended\n')]));
    // --dry-run says so: the tables file, unchanged, is parsed for its narrative.
    const plan = await dryRun({ rawDir: p.raw, outDir: p.out, log: () => undefined });
    expect(plan.parse.map((f) => [f.path, f.reason, f.narrative?.path, f.narrative?.reason])).toEqual([['省委办公厅/2017年省委办公厅部门预算表.pdf', 'companion', '省委办公厅/2017年省委办公厅部门预算说明.pdf', 'changed']]);
    const s = await p.go();
    expect(s).toMatchObject({ loaded: 1, failed: 0, skipped: 0 });
    const after = await reports();
    expect(after).toHaveLength(1);
    expect(after[0].report_id).not.toBe(before[0].report_id); // a report's id follows both files
    expect(await files()).toHaveLength(2);
  });

  it('loads the tables alone when the narrative is removed, and pairs them again by content when it comes back under another name', async () => {
    const elsewhere = path.join(dir, 'narrative.pdf');
    await rename(narrative(), elsewhere);
    const alone = await p.go();
    expect(alone).toMatchObject({ removed: 1, loaded: 1 });
    expect(await files()).toEqual([{ source_path: '省委办公厅/2017年省委办公厅部门预算表.pdf', role: 'tables' }]);
    // Back under a name that says nothing: its content pairs it (folder, department, year).
    await rename(elsewhere, path.join(p.raw, '省委办公厅', 'attachment-2.pdf'));
    const s = await p.go();
    expect(s).toMatchObject({ loaded: 1, failed: 0 });
    expect(await files()).toEqual([
      { source_path: '省委办公厅/2017年省委办公厅部门预算表.pdf', role: 'tables' },
      { source_path: '省委办公厅/attachment-2.pdf', role: 'narrative' },
    ]);
    expect(await p.sql('SELECT count(*)::INTEGER AS n FROM ingest_errors')).toEqual([{ n: 0 }]);
    // And the pair is remembered: the next run has nothing to do.
    expect(await p.go()).toMatchObject({ loaded: 0, skipped: 2 });
  });

  it('records a narrative without its tables, with why, and joins it when the tables arrive', async () => {
    const q = runIn('late');
    await mkdir(q.raw, { recursive: true });
    await copyFile(path.join(BUDGET, 'js-shengweiban-2017-yusuan-shuoming.pdf'), path.join(q.raw, 'a.pdf'));
    expect(await q.go()).toMatchObject({ loaded: 0, failed: 1 });
    expect(await q.sql('SELECT source_path, error FROM ingest_errors')).toEqual([{ source_path: 'a.pdf', error: expect.stringMatching(/^narrative only: a 预算 narrative of 江苏省委办公厅 2017 without its tables/) }]);
    await copyFile(path.join(BUDGET, 'js-shengweiban-2017-yusuan-biao.pdf'), path.join(q.raw, 'b.pdf'));
    expect(await q.go()).toMatchObject({ loaded: 1, failed: 0 });
    expect(await q.sql('SELECT source_path, role FROM report_files ORDER BY 1')).toEqual([
      { source_path: 'a.pdf', role: 'narrative' },
      { source_path: 'b.pdf', role: 'tables' },
    ]);
    expect(await q.sql('SELECT count(*)::INTEGER AS n FROM ingest_errors')).toEqual([{ n: 0 }]);
  });
});

/** Hundredths of a 元 of a printed amount. */
const fen = (text: string, unit: '万元' | '元') => BigInt(expectedYuan(text, unit).replace('.', ''));
const asYuan = (f: bigint) => `${f < 0n ? '-' : ''}${(f < 0n ? -f : f) / 100n}.${((f < 0n ? -f : f) % 100n).toString().padStart(2, '0')}`;
/** n / d rounded half away from zero to 4 decimals, as text (the view's rule), or null when d is 0. */
function ratio4(n: bigint, d: bigint): string | null {
  if (d === 0n) return null;
  const neg = n < 0n !== d < 0n && n !== 0n;
  const [a, b] = [n < 0n ? -n : n, d < 0n ? -d : d];
  const q = (2n * a * 10000n + b) / (2n * b);
  return `${neg ? '-' : ''}${q / 10000n}.${(q % 10000n).toString().padStart(4, '0')}`;
}

/** The subjects (code or 合计) of a final accounts' coded table with their col 1 in 分. */
function outturnOf(r: SynthReport, code: '03' | '05'): Map<string, bigint> {
  const t = table(r, code);
  return new Map(t.rows.filter((row) => row.cells[1] !== undefined).map((row) => [row.key, fen(row.cells[1], r.unit)]));
}

describe('budget against outturn', () => {
  it.each([3, 11, 27])('synthetic department %i: budget and final accounts of one year, every ratio as PEFA defines it', async (seed) => {
    const final = randomReport(seed);
    const t03 = table(final, '03');
    const names = new Map(t03.rows.map((row) => [row.key, row.label.replace(/^\s+/, '')]));
    // The budget plans the 项 the final accounts spent on, with other amounts, and one 项 more.
    const items: BudgetItem[] = t03.rows
      .filter((row) => /^\d{7}$/.test(row.key))
      .map((row, i) => ({ code: row.key, name: names.get(row.key)!, basic: BigInt(1000 + i * 7919) * 100n, project: BigInt((seed * 131 + i * 977) % 5000) * 100n }));
    items.push({ code: '2299999', name: '其他支出', basic: 0n, project: 123456n });
    names.set('229', '其他支出');
    names.set('22999', '其他支出');
    const budget = randomBudget(seed, { department: final.department, year: final.year, unit: '万元', items, names, layout: seed % 2 === 0 ? 'jiangsu' : 'shanghai' });
    const p = runIn(`pefa-${seed}`);
    await mkdir(p.raw, { recursive: true });
    await writeFile(path.join(p.raw, 'final.txt'), renderText(final));
    await writeFile(path.join(p.raw, 'budget.txt'), budget.text);
    expect(await p.go()).toMatchObject({ loaded: 2, failed: 0 });

    // Expected, from the two synthetic reports alone (分, exact).
    const budgetFen = new Map<string, bigint>();
    for (const i of budget.items) {
      for (const k of [i.code.slice(0, 3), i.code.slice(0, 5), i.code, '合计']) budgetFen.set(k, (budgetFen.get(k) ?? 0n) + (i.basic + i.project) * 10000n); // 0.01 万元 = 100 分
    }
    const outturn = outturnOf(final, '03');
    const codes = [...new Set([...budgetFen.keys(), ...outturn.keys()])];
    const classes = codes.filter((c) => c.length === 3);
    const B = classes.reduce((s, c) => s + (budgetFen.get(c) ?? 0n), 0n);
    const O = classes.reduce((s, c) => s + (outturn.get(c) ?? 0n), 0n);
    const deviation = classes.reduce((s, c) => {
      const d = (outturn.get(c) ?? 0n) * B - (budgetFen.get(c) ?? 0n) * O;
      return s + (d < 0n ? -d : d);
    }, 0n);
    const aggregate = ratio4(outturn.get('合计')!, budgetFen.get('合计')!);
    const variance = ratio4(deviation, O * B);

    const rows = await p.sql(`SELECT subject_code, budget_yuan, outturn_yuan, difference_yuan, outturn_ratio, aggregate_outturn_ratio, composition_variance, subject_level, department, fiscal_year FROM budget_vs_outturn WHERE basis = 'all_funds' ORDER BY subject_code`);
    const want = codes
      .sort()
      .map((c) => {
        const [b, o] = [budgetFen.get(c) ?? 0n, outturn.get(c) ?? 0n];
        return { subject_code: c, budget_yuan: asYuan(b), outturn_yuan: asYuan(o), difference_yuan: asYuan(o - b), outturn_ratio: ratio4(o, b), aggregate_outturn_ratio: aggregate, composition_variance: variance, subject_level: c === '合计' ? 'total' : { 3: '类', 5: '款', 7: '项' }[c.length], department: final.department, fiscal_year: final.year };
      });
    expect(rows).toEqual(want);
    // The 项 only the budget plans: outturn 0.
    expect(rows.find((r) => r.subject_code === '2299999')).toMatchObject({ outturn_yuan: '0.00', outturn_ratio: '0.0000' });
    // The general public budget basis: B05 against 05, on the same department and year.
    const gp = await p.sql(`SELECT subject_code, outturn_yuan FROM budget_vs_outturn WHERE basis = 'general_budget' AND subject_code = '合计'`);
    expect(gp).toEqual([{ subject_code: '合计', outturn_yuan: asYuan(outturnOf(final, '05').get('合计')!) }]);
  });

  it('the final accounts\' own 年初预算 beside the budget: Putuo 财政局 2024 (narrative p.21–22) with a budget of that year', async () => {
    const p = runIn('year-start');
    await mkdir(p.raw, { recursive: true });
    await copyFile(path.join(RAW, 'sh-putuo-caizhengju-2024-juesuan.pdf'), path.join(p.raw, 'final.pdf'));
    const budget = randomBudget(5, { department: '上海市普陀区财政局', year: 2024, layout: 'shanghai', unit: '元' });
    await writeFile(path.join(p.raw, 'budget.txt'), budget.text);
    expect(await p.go()).toMatchObject({ loaded: 2, failed: 0 });
    const rows = await p.sql(`SELECT subject_code, year_start_budget_yuan FROM budget_vs_outturn WHERE basis = 'general_budget' AND year_start_budget_yuan IS NOT NULL ORDER BY subject_code`);
    // "一般公共预算财政拨款支出年初预算为2993.92万元" (p.21); 行政运行 1560.05, 一般行政管理事务 10.00, 信息化建设 135.90,
    // 财政委托业务支出 450.52 (p.22): the 项 the budget prints too are compared.
    const printed: Record<string, string> = { 合计: '29939200.00', '2010601': '15600500.00', '2010602': '100000.00', '2010607': '1359000.00', '2010608': '4505200.00', '2080501': '855500.00', '2080505': '1616200.00', '2080506': '808100.00', '2080599': '9400.00', '2101101': '622900.00', '2210201': '1877500.00', '2210203': '2585000.00' };
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect([r.subject_code, r.year_start_budget_yuan]).toEqual([r.subject_code, printed[r.subject_code as string]]);
    expect(rows.map((r) => r.subject_code)).toContain('合计');
    expect(await p.sql('SELECT DISTINCT department, fiscal_year, report_scope FROM budget_vs_outturn')).toEqual([{ department: '上海市普陀区财政局', fiscal_year: 2024, report_scope: 'department' }]);
  });
});
