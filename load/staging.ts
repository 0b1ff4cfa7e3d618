// Rows → newline-delimited JSON, one text per table, validated against the contract. Runs in
// the worker threads, so the single writer only moves text into DuckDB (read_json), and money
// stays an exact decimal string all the way.
import { isPerReport } from './ddl.js';
import { rowSchema, type Row, type TableSpec } from '../schemas/contract.js';
import { REPORT_TABLES } from '../schemas/database.js';

export type StagedRows = Record<string, string>;

const VALIDATORS = new Map(REPORT_TABLES.map((s) => [s.name, rowSchema(s)]));

export function validateRows(spec: TableSpec, rows: Row[]): void {
  const schema = VALIDATORS.get(spec.name)!;
  for (const r of rows) {
    const res = schema.safeParse(r);
    if (!res.success) throw new Error(`row of ${spec.name} breaks the contract: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
}

function assertUniqueKeys(spec: TableSpec, rows: Row[]): void {
  const seen = new Set<string>();
  for (const r of rows) {
    const key = spec.primaryKey.map((k) => String(r[k])).join('\u0000');
    if (seen.has(key)) throw new Error(`duplicate key in ${spec.name}: ${spec.primaryKey.map((k) => `${k}=${r[k]}`).join(', ')}`);
    seen.add(key);
  }
}

// JSON has no bigint: BIGINT columns are written as their decimal text (DuckDB casts it back).
// Converting only those columns keeps JSON.stringify on its fast path (no replacer).
const BIGINT_COLUMNS = new Map(REPORT_TABLES.map((s) => [s.name, Object.keys(s.columns).filter((c) => s.columns[c].sql === 'BIGINT')]));

function toJson(row: Row, bigints: string[]): string {
  if (bigints.length === 0) return JSON.stringify(row);
  const copy: Row = { ...row };
  for (const c of bigints) if (typeof copy[c] === 'bigint') copy[c] = copy[c].toString();
  return JSON.stringify(copy);
}

/** Validates every row and returns, per table, its rows as NDJSON ('' when it has none). */
export function stageRows(rows: Record<string, Row[]>): StagedRows {
  const out: StagedRows = {};
  for (const spec of REPORT_TABLES) {
    const list = rows[spec.name] ?? [];
    validateRows(spec, list);
    if (isPerReport(spec)) assertUniqueKeys(spec, list);
    const bigints = BIGINT_COLUMNS.get(spec.name)!;
    let text = '';
    for (const r of list) text += toJson(r, bigints) + '\n';
    out[spec.name] = text;
  }
  return out;
}
