// Validation of the standard tables: every identity (identities.ts) evaluated on the numbers as
// placed. Amounts are compared in 元 allowing exactly the rounding of the printed numbers: each
// may be off by half a unit of its last digit, so n terms against a printed total may differ by
// (n + 1) half-units.
import type { TableCode } from '../../schemas/contract.js';
import { abs, add, checkAmount, compare, multiplyInt, parseDecimal, shift, sub, UNIT_EXPONENT, ZERO, type Decimal } from '../decimal.js';
import type { CheckRow } from '../types.js';
import { identities, type Identity, type TermRefs } from './identities.js';
import type { ParsedRow, ParsedTable } from './model.js';

/** A printed amount converted to 元, with half a unit of its last printed digit (in 元). */
interface Term {
  value: Decimal;
  half: Decimal;
  label: string;
}

class Book {
  private readonly tables = new Map<TableCode, { table: ParsedTable; rows: Map<string, ParsedRow> }>();
  /** Each cell's term, parsed once: a cell is a term of several identities. */
  private readonly terms = new Map<string, Term | null>();
  constructor(tables: ParsedTable[]) {
    for (const t of tables) {
      const rows = new Map<string, ParsedRow>();
      for (const r of t.rows) if (!rows.has(r.key)) rows.set(r.key, r); // the first row of a key, as identities see it
      this.tables.set(t.code, { table: t, rows });
    }
  }
  /** The cells of `refs` added up (one term), or null when none is printed. */
  term(refs: TermRefs): Term | null {
    if (refs.length === 1) return this.cell(refs[0]);
    const terms = refs.map((ref) => this.cell(ref)).filter((t): t is Term => t !== null);
    if (terms.length <= 1) return terms[0] ?? null;
    return { value: terms.reduce((s, t) => add(s, t.value), ZERO), half: terms.reduce((s, t) => add(s, t.half), ZERO), label: terms.map((t) => t.label).join('+') };
  }
  private cell(ref: TermRefs[number]): Term | null {
    const id = `${ref.table}/${ref.key}/${ref.col}`;
    let term = this.terms.get(id);
    if (term === undefined) this.terms.set(id, (term = this.parseCell(ref, id)));
    return term;
  }
  private parseCell(ref: TermRefs[number], id: string): Term | null {
    const t = this.tables.get(ref.table);
    const cell = t?.rows.get(ref.key)?.cells.get(ref.col);
    const d = cell ? parseDecimal(cell.text) : null;
    if (!t || !cell || !d) return null;
    const exp = UNIT_EXPONENT[t.table.unit] ?? 0;
    return { value: shift(d, exp), half: shift({ units: 5n, scale: d.scale + 1 }, exp), label: `${id}=${cell.text}` };
  }
}

class CheckList {
  readonly rows: CheckRow[] = [];
  private ids = new Set<string>();

  /** expected (a printed total) against the sum of parts. Skipped when nothing is printed at all. */
  compare(id: Identity, expected: Term | null, parts: (Term | null)[]): void {
    const printed = parts.filter((p): p is Term => p !== null);
    if (expected === null && printed.length === 0) return;
    let actual = ZERO;
    let maxHalf = expected?.half ?? ZERO;
    for (const p of printed) {
      actual = add(actual, p.value);
      if (compare(p.half, maxHalf) > 0) maxHalf = p.half;
    }
    const exp = expected?.value ?? ZERO;
    const tolerance = multiplyInt(maxHalf, printed.length + 1);
    const diff = sub(actual, exp);
    this.push({
      kind: id.kind,
      table_code: id.table,
      subject: id.subject,
      description: id.description,
      expected: checkAmount(exp),
      actual: checkAmount(actual),
      difference: checkAmount(diff),
      tolerance: checkAmount(tolerance, 4),
      passed: compare(id.relation === '≥' ? diff : abs(diff), tolerance) <= 0,
      detail: `${expected ? expected.label : '(blank)'} vs ${printed.map((p) => p.label).join(' + ') || '(blank)'}`,
    });
  }

  push(row: Omit<CheckRow, 'check_id'>): void {
    let id = `${row.kind}:${row.table_code ?? ''}:${row.subject}`;
    for (let k = 2; this.ids.has(id); k++) id = `${row.kind}:${row.table_code ?? ''}:${row.subject}#${k}`;
    this.ids.add(id);
    this.rows.push({ check_id: id, ...row });
  }
}

/** The placement notes of every table, then every identity evaluated. */
export function runChecks(tables: ParsedTable[], ids: Identity[] = identities(tables)): CheckRow[] {
  const book = new Book(tables);
  const out = new CheckList();
  for (const t of tables) {
    for (const n of t.notes) {
      out.push({ kind: 'column_placement', table_code: t.code, subject: n.subject, description: 'placement of printed numbers into the table columns', expected: null, actual: null, difference: null, tolerance: null, passed: n.passed, detail: n.detail });
    }
  }
  for (const id of ids) out.compare(id, book.term(id.expected), id.parts.map((p) => book.term(p)));
  return out.rows.filter((r) => r.expected !== null || r.kind === 'column_placement');
}
