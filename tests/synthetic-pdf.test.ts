// PDF round trip for the national layout: the seeded generator (tests/synthetic/generate.ts)
// builds the ten tables with every identity holding exactly, tests/synthetic/render-pdf.ts lays
// them out as a real national-layout PDF prints them (positioned text, no empty cells, wrapped
// labels above and below the row's baseline, tables continued on the next page), and the parser
// must read back every printed cell — no more, no less — in 元, exactly, through pdf.js.
//
// Reproduce one case:  SYNTH_PDF_SEEDS=17 SYNTH_PDF_DUMP=/tmp/synth-pdf npx vitest run tests/synthetic-pdf.test.ts
// (SYNTH_PDF_SEEDS takes "17", "3,17" or "1-200", default 1-40; SYNTH_PDF_DUMP writes each
// rendered PDF there, with the lines extract() read from it beside it as .lines.txt.)
// To narrow a failure down: SYNTH_PDF_TABLES=06 renders and compares only the tables listed
// ("01,04"), and SYNTH_PDF_STYLE='{"bold":false}' overrides fields of the seed's PdfStyle.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../extract/index.js';
import { transform, type TransformResult } from '../transform/index.js';
import { randomReport, TABLE_CODES, type SynthReport, type TableCode, type Unit } from './synthetic/generate.js';
import { randomPdfStyle, renderPdf, type PdfStyle } from './synthetic/render-pdf.js';

function seeds(): number[] {
  const spec = process.env.SYNTH_PDF_SEEDS;
  if (!spec) return Array.from({ length: 40 }, (_, i) => i + 1);
  return spec.split(',').flatMap((part) => {
    const m = /^(\d+)-(\d+)$/.exec(part.trim());
    if (!m) return [Number(part)];
    return Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i);
  });
}

/** Printed text × unit → 元 with two decimals, exactly (BigInt; "1,234.56" 万元 → "12345600.00"). */
function expectedYuan(text: string, unit: Unit): string {
  const m = /^(-?)([\d,]+)\.(\d{2})$/.exec(text);
  if (!m) throw new Error(`generator printed a non-amount: ${text}`);
  const hundredths = BigInt(m[2].replace(/,/g, '') + m[3]);
  const fen = unit === '万元' ? hundredths * 10000n : hundredths; // 0.01 万元 = 100 元
  const neg = m[1] === '-' && fen !== 0n;
  return `${neg ? '-' : ''}${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
}

const IDENTITY_KINDS = new Set(['row_total', 'hierarchy', 'table_total', 'cross_table']);

/** Every difference between the generated report and what the parser read back, one line each. */
function compare(report: SynthReport, result: TransformResult, tables: readonly TableCode[] = TABLE_CODES): string[] {
  const problems: string[] = [];
  if (result.layout !== 'national') problems.push(`meta: layout expected national, got ${result.layout}`);
  if (result.department !== report.department) problems.push(`meta: department expected ${report.department}, got ${result.department}`);
  if (result.fiscalYear !== report.year) problems.push(`meta: fiscal year expected ${report.year}, got ${result.fiscalYear}`);

  for (const code of tables) {
    const t = report.tables.find((x) => x.code === code)!;
    const status = result.tableStatus.find((s) => s.table_code === code);
    const want = t.empty ? 'declared_empty' : 'parsed';
    if (status?.status !== want) problems.push(`table ${code}: status expected ${want}, got ${status?.status ?? 'none'}`);
    const parsed = result.tables.find((x) => x.code === code);
    if (parsed && parsed.unit !== report.unit) problems.push(`table ${code}: unit expected ${report.unit}, got ${parsed.unit}`);
  }

  const expected = new Map<string, { value: string; text: string; label: string }>();
  for (const t of report.tables.filter((x) => tables.includes(x.code))) {
    for (const r of t.rows) {
      for (const [col, text] of Object.entries(r.cells)) {
        const value = r.quantity ? `${text}.00` : expectedYuan(text, report.unit);
        expected.set(`${t.code}|${r.key}|${col}`, { value, text, label: r.label });
      }
    }
  }
  const actual = new Map<string, { value: string; text: string; page: number | null; label: string }>();
  for (const li of result.lineItems) {
    const k = `${li.table_code}|${li.row_key}|${li.col_no}`;
    const value = li.amount_yuan ?? li.quantity ?? '';
    if (actual.has(k)) problems.push(`table ${li.table_code} row ${li.row_key} col ${li.col_no}: read twice (${actual.get(k)!.text} and ${li.reported_text})`);
    actual.set(k, { value, text: li.reported_text, page: li.source_page, label: li.row_label });
  }
  const where = (k: string) => {
    const [table, row, col] = k.split('|');
    return `table ${table} row ${row} col ${col}`;
  };
  for (const [k, e] of expected) {
    const a = actual.get(k);
    if (!a) problems.push(`${where(k)} (${e.label}): expected ${e.value} (printed "${e.text}" ${report.unit}), got nothing`);
    else if (a.value !== e.value) problems.push(`${where(k)} (${e.label}): expected ${e.value} (printed "${e.text}"), got ${a.value} (read "${a.text}" on page ${a.page})`);
  }
  for (const [k, a] of actual) {
    if (!expected.has(k)) problems.push(`${where(k)} (read label "${a.label}"): expected blank, got ${a.value} (read "${a.text}" on page ${a.page})`);
  }

  for (const c of result.checks) {
    if (IDENTITY_KINDS.has(c.kind) && !c.passed) problems.push(`check ${c.check_id} failed: expected ${c.expected}, actual ${c.actual} (${c.detail})`);
  }
  return problems;
}

const TABLES = (process.env.SYNTH_PDF_TABLES?.split(',').map((c) => c.trim().padStart(2, '0')) ?? TABLE_CODES) as TableCode[];
const STYLE: Partial<PdfStyle> = process.env.SYNTH_PDF_STYLE ? JSON.parse(process.env.SYNTH_PDF_STYLE) : {};

describe('synthetic reports round-trip through a national-layout PDF', () => {
  it.each(seeds())('seed %i (pdf)', async (seed) => {
    const report = randomReport(seed);
    const style: PdfStyle = { ...randomPdfStyle(seed), ...STYLE };
    const bytes = renderPdf(report, style, TABLES);
    const name = `synthetic-${seed}.pdf`;
    const doc = await extract(bytes, name);
    if (process.env.SYNTH_PDF_DUMP) {
      mkdirSync(process.env.SYNTH_PDF_DUMP, { recursive: true });
      writeFileSync(path.join(process.env.SYNTH_PDF_DUMP, name), bytes);
      const lines = doc.lines.map((l) => `p${l.page} y=${l.y?.toFixed(1)} | ${l.cells.map((c, i) => `${c}@${l.left?.[i]?.toFixed(0)}-${l.right?.[i]?.toFixed(0)}`).join(' | ')}`);
      writeFileSync(path.join(process.env.SYNTH_PDF_DUMP, `synthetic-${seed}.lines.txt`), lines.join('\n') + '\n');
    }
    const result = transform(doc);
    const problems = compare(report, result, TABLES);
    const placement = result.checks
      .filter((c) => c.kind === 'column_placement' && (!c.passed || /identity placed/.test(c.detail ?? '')))
      .map((c) => `  placement note ${c.table_code} ${c.subject} (${c.passed ? 'passed' : 'failed'}): ${c.detail}`);
    const env = [process.env.SYNTH_PDF_TABLES ? `SYNTH_PDF_TABLES=${TABLES.join(',')}` : '', process.env.SYNTH_PDF_STYLE ? `SYNTH_PDF_STYLE='${process.env.SYNTH_PDF_STYLE}'` : ''].filter(Boolean).join(' ');
    const header = [
      `seed ${seed}, pdf: ${problems.length} problem(s); unit ${report.unit}; style ${JSON.stringify(style)}`,
      `reproduce: SYNTH_PDF_SEEDS=${seed} ${env ? env + ' ' : ''}SYNTH_PDF_DUMP=/tmp/synth-pdf npx vitest run tests/synthetic-pdf.test.ts  (then open /tmp/synth-pdf/${name}, and read /tmp/synth-pdf/synthetic-${seed}.lines.txt)`,
      ...placement.slice(0, 20),
    ].join('\n');
    expect(problems.slice(0, 60), header).toEqual([]);
  });
});
