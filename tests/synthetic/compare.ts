// What the round-trip tests share: the seeds to run, the exact 元 of a printed amount, and the
// comparison of a generated report with what the parser read back.
import type { LineItem, TransformResult } from '../../transform/index.js';
import { TABLE_CODES, type SynthReport, type TableCode, type Unit } from './generate.js';

/** Seeds from an environment variable ("17", "3,17" or "1-200"), else 1…count. */
export function seedList(variable: string, count: number): number[] {
  const spec = process.env[variable];
  if (!spec) return Array.from({ length: count }, (_, i) => i + 1);
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

export const IDENTITY_KINDS = new Set(['row_total', 'hierarchy', 'table_total', 'cross_table']);

/** Failing identity checks, one line each. */
export function identityFailures(result: TransformResult): string[] {
  return result.checks.filter((c) => IDENTITY_KINDS.has(c.kind) && !c.passed).map((c) => `check ${c.check_id} failed: expected ${c.expected}, actual ${c.actual} (${c.detail})`);
}

export interface ExpectedCell {
  table: string;
  key: string;
  col: number;
  /** amount_yuan (or quantity) the parser must give. */
  value: string;
  /** As printed. */
  text: string;
  label: string;
}

/** Every non-empty cell of the generated tables, with its value in 元 (counts as quantities). */
export function expectedCells(report: SynthReport, tables: readonly TableCode[] = TABLE_CODES): ExpectedCell[] {
  return report.tables
    .filter((t) => tables.includes(t.code))
    .flatMap((t) =>
      t.rows.flatMap((r) =>
        Object.entries(r.cells).map(([col, text]) => ({ table: t.code, key: r.key, col: Number(col), value: r.quantity ? `${text}.00` : expectedYuan(text, report.unit), text, label: r.label })),
      ),
    );
}

/**
 * Every cell expected against every cell read, one line per difference: missing, wrong, read
 * twice, or read where the report prints nothing. `place` says where a line item was read.
 */
export function compareCells(expected: ExpectedCell[], items: LineItem[], unit: Unit, place: (li: LineItem) => string): string[] {
  const problems: string[] = [];
  const want = new Map(expected.map((e) => [`${e.table}|${e.key}|${e.col}`, e]));
  const got = new Map<string, LineItem>();
  for (const li of items) {
    const k = `${li.table_code}|${li.row_key}|${li.col_no}`;
    if (got.has(k)) problems.push(`table ${li.table_code} row ${li.row_key} col ${li.col_no}: read twice (${got.get(k)!.reported_text} and ${li.reported_text})`);
    got.set(k, li);
  }
  const where = (k: string) => {
    const [table, row, col] = k.split('|');
    return `table ${table} row ${row} col ${col}`;
  };
  const value = (li: LineItem) => li.amount_yuan ?? li.quantity ?? '';
  for (const [k, e] of want) {
    const a = got.get(k);
    if (!a) problems.push(`${where(k)} (${e.label}): expected ${e.value} (printed "${e.text}" ${unit}), got nothing`);
    else if (value(a) !== e.value) problems.push(`${where(k)} (${e.label}): expected ${e.value} (printed "${e.text}"), got ${value(a)} (read "${a.reported_text}" ${place(a)})`);
  }
  for (const [k, a] of got) if (!want.has(k)) problems.push(`${where(k)} (read label "${a.row_label}"): expected blank, got ${value(a)} (read "${a.reported_text}" ${place(a)})`);
  return problems;
}

/** Department, year, and the status and unit of each table. */
export function compareTables(report: SynthReport, result: TransformResult, tables: readonly TableCode[] = TABLE_CODES): string[] {
  const problems: string[] = [];
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
  return problems;
}
