// Round trip on reports the parser has never seen: a seeded generator (tests/synthetic/generate.ts)
// builds the ten national tables with every identity of transform/checks.ts holding exactly, the
// renderer prints them as pdf.js-style text and as markdown the way the sample reports do, and the
// parser must read back every printed cell — no more, no less — in 元, exactly.
//
// Reproduce one case:  SYNTH_SEEDS=17 SYNTH_DUMP=/tmp/synth npx vitest run tests/synthetic.test.ts
// (SYNTH_SEEDS takes "17", "3,17" or "1-200"; SYNTH_DUMP writes each rendered input there.)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { transformText } from './helpers.js';
import { randomReport, TABLE_CODES, type SynthReport, type Unit } from './synthetic/generate.js';
import { randomStyle, renderMarkdown, renderText } from './synthetic/render.js';
import type { TransformResult } from '../transform/index.js';
import { runChecks } from '../transform/checks.js';
import type { ParsedTable } from '../transform/model.js';

function seeds(): number[] {
  const spec = process.env.SYNTH_SEEDS;
  if (!spec) return Array.from({ length: 200 }, (_, i) => i + 1);
  return spec.split(',').flatMap((part) => {
    const m = /^(\d+)-(\d+)$/.exec(part.trim());
    if (!m) return [Number(part)];
    return Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i);
  });
}

/** Printed text × unit → 元 with two decimals, exactly (BigInt; "1,234.56" 万元 → "12345600.00"). */
export function expectedYuan(text: string, unit: Unit): string {
  const m = /^(-?)([\d,]+)\.(\d{2})$/.exec(text);
  if (!m) throw new Error(`generator printed a non-amount: ${text}`);
  const hundredths = BigInt(m[2].replace(/,/g, '') + m[3]);
  const fen = unit === '万元' ? hundredths * 10000n : hundredths; // 0.01 万元 = 100 元
  const neg = m[1] === '-' && fen !== 0n;
  return `${neg ? '-' : ''}${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
}

const IDENTITY_KINDS = new Set(['row_total', 'hierarchy', 'table_total', 'cross_table']);

interface Expected {
  value: string;
  text: string;
  label: string;
}

/** Every difference between the generated report and what the parser read back, one line each. */
function compare(report: SynthReport, result: TransformResult): string[] {
  const problems: string[] = [];
  if (result.department !== report.department) problems.push(`meta: department expected ${report.department}, got ${result.department}`);
  if (result.fiscalYear !== report.year) problems.push(`meta: fiscal year expected ${report.year}, got ${result.fiscalYear}`);

  for (const code of TABLE_CODES) {
    const t = report.tables.find((x) => x.code === code)!;
    const status = result.tableStatus.find((s) => s.table_code === code);
    const want = t.empty ? 'declared_empty' : 'parsed';
    if (status?.status !== want) problems.push(`table ${code}: status expected ${want}, got ${status?.status ?? 'none'}`);
    const parsed = result.tables.find((x) => x.code === code);
    if (parsed && parsed.unit !== report.unit) problems.push(`table ${code}: unit expected ${report.unit}, got ${parsed.unit}`);
  }

  const expected = new Map<string, Expected>();
  for (const t of report.tables) {
    for (const r of t.rows) {
      for (const [col, text] of Object.entries(r.cells)) {
        const value = r.quantity ? `${text}.00` : expectedYuan(text, report.unit);
        expected.set(`${t.code}|${r.key}|${col}`, { value, text, label: r.label });
      }
    }
  }
  const actual = new Map<string, { value: string; text: string; line: number | null }>();
  for (const li of result.lineItems) {
    const k = `${li.table_code}|${li.row_key}|${li.col_no}`;
    const value = li.amount_yuan ?? li.quantity ?? '';
    if (actual.has(k)) problems.push(`table ${li.table_code} row ${li.row_key} col ${li.col_no}: read twice (${actual.get(k)!.text} and ${li.reported_text})`);
    actual.set(k, { value, text: li.reported_text, line: li.source_line });
  }
  const where = (k: string) => {
    const [table, row, col] = k.split('|');
    return `table ${table} row ${row} col ${col}`;
  };
  for (const [k, e] of expected) {
    const a = actual.get(k);
    if (!a) problems.push(`${where(k)} (${e.label}): expected ${e.value} (printed "${e.text}" ${report.unit}), got nothing`);
    else if (a.value !== e.value) problems.push(`${where(k)} (${e.label}): expected ${e.value} (printed "${e.text}"), got ${a.value} (read "${a.text}" at line ${a.line})`);
  }
  for (const [k, a] of actual) {
    if (!expected.has(k)) problems.push(`${where(k)}: expected blank, got ${a.value} (read "${a.text}" at line ${a.line})`);
  }

  for (const c of result.checks) {
    if (IDENTITY_KINDS.has(c.kind) && !c.passed) problems.push(`check ${c.check_id} failed: expected ${c.expected}, actual ${c.actual} (${c.detail})`);
  }
  return problems;
}

/**
 * The generated tables as the parser would hand them to the checks (no parsing involved): the
 * generator's own answer must satisfy every identity, so a failure below is the parser's.
 */
function asParsed(report: SynthReport): ParsedTable[] {
  return report.tables.map((t) => ({
    code: t.code,
    title: t.code,
    unit: report.unit,
    declaredEmpty: t.empty,
    notes: [],
    rows: t.rows
      .filter((r) => r.label !== '' || Object.keys(r.cells).length > 0)
      .map((r) => ({
        key: r.key,
        label: r.label,
        rowNo: r.rowNo ?? null,
        side: r.side,
        parent: r.key.includes(':') && !/^(income|expenditure):/.test(r.key) ? r.key.split(':')[0] : undefined,
        cells: new Map(Object.entries(r.cells).map(([c, text]) => [Number(c), { text }])),
      })),
  }));
}

describe('synthetic reports satisfy every identity of transform/checks.ts', () => {
  it.each(seeds())('seed %i', (seed) => {
    const failing = runChecks(asParsed(randomReport(seed))).filter((c) => IDENTITY_KINDS.has(c.kind) && !c.passed);
    expect(failing.map((c) => `${c.check_id}: ${c.detail}`), `generator bug at seed ${seed}`).toEqual([]);
  });
});

const cases = seeds().flatMap((seed) => [
  { seed, format: 'text' as const },
  { seed, format: 'markdown' as const },
]);

describe('synthetic reports round-trip through the parser', () => {
  it.each(cases)('seed $seed ($format)', async ({ seed, format }) => {
    const report = randomReport(seed);
    const style = randomStyle(seed);
    const input = format === 'text' ? renderText(report, style) : renderMarkdown(report);
    const name = `synthetic-${seed}.${format === 'text' ? 'txt' : 'md'}`;
    if (process.env.SYNTH_DUMP) {
      mkdirSync(process.env.SYNTH_DUMP, { recursive: true });
      writeFileSync(path.join(process.env.SYNTH_DUMP, name), input);
    }
    const result = await transformText(input, name);
    const problems = compare(report, result);
    // The renderer's spacing is exact: any placement decision means the parser misread it.
    const placement = result.checks
      .filter((c) => c.kind === 'column_placement' && (!c.passed || /identity placed/.test(c.detail ?? '')))
      .map((c) => `  placement note ${c.table_code} ${c.subject} (${c.passed ? 'passed' : 'failed'}): ${c.detail}`);
    const header = [
      `seed ${seed}, ${format}: ${problems.length} problem(s); unit ${report.unit}; style ${JSON.stringify(format === 'text' ? style : 'markdown')}`,
      `reproduce: SYNTH_SEEDS=${seed} SYNTH_DUMP=/tmp/synth npx vitest run tests/synthetic.test.ts  (then read /tmp/synth/${name})`,
      ...placement,
    ].join('\n');
    expect(problems.slice(0, 60), header).toEqual([]);
  });
});
