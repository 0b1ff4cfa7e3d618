// A report is a report whatever extracted its text. Each PDF — the real Shanghai ones (the
// published report, the edited copy, the blank template) and synthetic reports in both layout
// families — is given to the pipeline as the PDF and as the text each real extractor makes of
// it (tests/forms/extractors.ts), and every form runs the whole pipeline into DuckDB:
//
// - every form loads (no internal error drops a report);
// - no wrong number loads without a failing check in its table: a cell that differs from the
//   truth (the generator's cells; for the real PDFs the PDF's own reading, checked by hand in
//   golden.test.ts) stands in a table with a failing check;
// - the PDF, pdf.js text, pdftotext -layout and mutool text give the truth's cells, except in
//   rows whose placement is flagged ambiguous (a failing check names the row): text without
//   positions cannot tell which of two columns a 0.00 stands in when no identity can;
// - plain pdftotext and pdfminer are held to the rule about wrong numbers only: they print a
//   table column by column, or cell by cell out of order, and what the pipeline makes of them is
//   measured (FORMS_REPORT), not promised;
// - so every form of a synthetic report agrees with the others on the cells none of them flags.
//
// Reproduce one: FORMS_SEEDS=7 npx vitest run tests/forms.test.ts (FORMS_SEEDS: "7", "3,7",
// "1-40"; FORMS_DUMP=/tmp/forms writes every form's text there; FORMS_REPORT=file writes the
// exact-cell F1 and the share of wrong cells of every form, as README's table of input forms).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LineItem } from '../transform/index.js';
import { extractorsAvailable, extractText, FORMS, type Form } from './forms/extractors.js';
import { ALTERED_PDF, BLANK_PDF, RAW } from './helpers.js';
import { expectedCells, expectedYuan, seedList } from './synthetic/compare.js';
import { randomReport } from './synthetic/generate.js';
import { throughPipeline, type Loaded } from './synthetic/pipeline.js';
import { randomPdfStyle, renderPdf } from './synthetic/render-pdf.js';
import { expectedShanghai, randomShanghaiStyle, renderShanghaiPdf } from './synthetic/render-shanghai.js';

type AnyForm = Form | 'pdf';
const EXACT: AnyForm[] = ['pdf', 'pdfparse', 'layout', 'mutool'];

interface Truth {
  /** table|row|col → amount (or quantity) */
  cells: Map<string, string>;
}

const keyOf = (li: LineItem) => `${li.table_code}|${li.row_key}|${li.col_no}`;
const valueOf = (li: LineItem) => li.amount_yuan ?? li.quantity ?? '';

interface Measure {
  f1: number;
  /** Share of the loaded cells that differ from the truth. */
  wrong: number;
  /** Cells that differ from the truth, outside rows flagged ambiguous. */
  unflagged: string[];
  /** Wrong cells in a table without a failing check. */
  silent: string[];
}

function measure(truth: Truth, loaded: Loaded): Measure {
  const got = new Map(loaded.lineItems.map((li) => [keyOf(li), valueOf(li)]));
  let right = 0;
  for (const [k, v] of got) if (truth.cells.get(k) === v) right++;
  const precision = got.size ? right / got.size : 1;
  const recall = truth.cells.size ? right / truth.cells.size : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const checks = loaded.result?.checks ?? [];
  const failingTables = new Set(checks.filter((c) => !c.passed && c.table_code).map((c) => c.table_code));
  const flagged = new Set(checks.filter((c) => !c.passed && c.kind === 'column_placement').map((c) => `${c.table_code}|${c.subject}`));
  const rowOf = (k: string) => k.split('|').slice(0, 2).join('|');
  const unflagged: string[] = [];
  const silent: string[] = [];
  for (const [k, v] of got) {
    if (truth.cells.get(k) === v) continue;
    const what = `${k}: read ${v}, truth ${truth.cells.get(k) ?? 'blank'}`;
    if (!flagged.has(rowOf(k))) unflagged.push(what);
    if (!failingTables.has(k.split('|')[0])) silent.push(what);
  }
  for (const [k, v] of truth.cells) if (!got.has(k) && !flagged.has(rowOf(k))) unflagged.push(`${k}: missing, truth ${v}`);
  return { f1, wrong: got.size ? (got.size - right) / got.size : 0, unflagged, silent };
}

async function forms(name: string, bytes: Uint8Array, extra: [AnyForm, Uint8Array][] = []): Promise<Map<AnyForm, Loaded>> {
  const files: { form: AnyForm; name: string; bytes: Uint8Array }[] = [{ form: 'pdf', name: `${name}.pdf`, bytes }];
  for (const form of FORMS) {
    const text = await extractText(bytes, form);
    if (process.env.FORMS_DUMP) {
      mkdirSync(process.env.FORMS_DUMP, { recursive: true });
      writeFileSync(path.join(process.env.FORMS_DUMP, `${name}.${form}.txt`), text);
    }
    files.push({ form, name: `${name}.${form}.txt`, bytes: new TextEncoder().encode(text) });
  }
  for (const [form, b] of extra) files.push({ form, name: `${name}.${form}`, bytes: b });
  const loaded = await throughPipeline(files);
  return new Map(files.map((f, i) => [f.form, loaded[i]]));
}

/** Measures by group of documents and form, for FORMS_REPORT. */
const measured = new Map<string, Map<AnyForm, Measure[]>>();

function assertForms(group: string, name: string, truth: Truth, loaded: Map<AnyForm, Loaded>): void {
  const problems: string[] = [];
  for (const [form, l] of loaded) {
    if (l.error) {
      problems.push(`${form}: did not load: ${l.error}`);
      continue;
    }
    const m = measure(truth, l);
    const byForm = measured.get(group) ?? measured.set(group, new Map()).get(group)!;
    (byForm.get(form) ?? byForm.set(form, []).get(form)!).push(m);
    for (const s of m.silent.slice(0, 5)) problems.push(`${form}: wrong without a failing check in its table: ${s}`);
    if (EXACT.includes(form)) for (const u of m.unflagged.slice(0, 8)) problems.push(`${form}: ${u}`);
  }
  expect(problems.join('\n'), `${name}: ${problems.length} problem(s)`).toBe('');
}

afterAll(() => {
  const file = process.env.FORMS_REPORT;
  if (!file || measured.size === 0) return;
  const forms: AnyForm[] = ['pdf', ...FORMS];
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const lines = [
    '# Input forms: exact-cell F1 of the loaded line_items',
    '',
    `Written by tests/forms.test.ts (FORMS_SEEDS=${process.env.FORMS_SEEDS ?? '1-12'}): per group of documents and form, the mean F1 (lowest, and the mean share of loaded cells that are wrong). Forms: pdf-parse 2.x getText (pdfparse), pdftotext -layout (layout), mutool draw -F txt (mutool), pdftotext (plain), pdf2txt (pdfminer).`,
    '',
    `| documents | ${forms.join(' | ')} |`,
    `|---|${forms.map(() => '---:').join('|')}|`,
  ];
  for (const [group, byForm] of measured) {
    const cell = (form: AnyForm) => {
      const ms = byForm.get(form) ?? [];
      if (ms.length === 0) return '–';
      const mean = (f: (m: Measure) => number) => ms.reduce((a, m) => a + f(m), 0) / ms.length;
      return `${mean((m) => m.f1).toFixed(3)} (min ${Math.min(...ms.map((m) => m.f1)).toFixed(2)}; wrong ${pct(mean((m) => m.wrong))})`;
    };
    lines.push(`| ${group} | ${forms.map(cell).join(' | ')} |`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
});

const available = extractorsAvailable();
const REAL = [
  ['the published Shanghai report', path.join(RAW, 'sh-putuo-caizhengju-2024-juesuan.pdf')],
  ['the edited copy', ALTERED_PDF],
  ['the blank template', BLANK_PDF],
] as const;

describe.runIf(available)('real PDFs in every form', () => {
  it.each(REAL)('%s', async (name, file) => {
    const bytes = new Uint8Array(readFileSync(file));
    const loaded = await forms(path.basename(file, '.pdf'), bytes);
    const pdf = loaded.get('pdf')!;
    assertForms('real Shanghai PDFs (truth: the PDF)', name, { cells: new Map(pdf.lineItems.map((li) => [keyOf(li), valueOf(li)])) }, loaded);
  });
});

describe.runIf(available)('synthetic national-layout reports in every form', () => {
  it.each(seedList('FORMS_SEEDS', 12))('seed %i', async (seed) => {
    const report = randomReport(seed);
    // Identity-H with a ToUnicode map, as most PDF writers make them: every extractor reads it.
    const bytes = renderPdf(report, randomPdfStyle(seed), undefined, { toUnicode: true });
    const truth = { cells: new Map(expectedCells(report).map((c) => [`${c.table}|${c.key}|${c.col}`, c.value])) };
    assertForms('synthetic national layout', `national seed ${seed}`, truth, await forms(`national-${seed}`, bytes));
  });
});

describe.runIf(available)('synthetic Shanghai-layout reports in every form', () => {
  it.each(seedList('FORMS_SEEDS', 12))('seed %i', async (seed) => {
    const report = randomReport(seed);
    const style = randomShanghaiStyle(seed);
    const bytes = renderShanghaiPdf(report, style, { toUnicode: true });
    const truth = { cells: new Map(expectedShanghai(report, style).cells.map((c) => [`${c.table}|${c.key}|${c.col}`, expectedYuan(c.text, report.unit)])) };
    assertForms('synthetic Shanghai layout', `Shanghai seed ${seed}`, truth, await forms(`shanghai-${seed}`, bytes));
  });
});
