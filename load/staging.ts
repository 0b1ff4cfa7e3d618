// Rows → newline-delimited JSON, one text per table, validated against the contract. Runs in
// the worker threads, so the single writer only moves text into DuckDB (read_json), and money
// stays an exact decimal string all the way.
import { ALL_TABLES, rowSchema, type Row, type TableSpec } from '../schemas/contract.js';

export type StagedRows = Record<string, string>;

const VALIDATORS = new Map(ALL_TABLES.map((s) => [s.name, rowSchema(s)]));

export function validateRows(spec: TableSpec, rows: Row[]): void {
  const schema = VALIDATORS.get(spec.name)!;
  for (const r of rows) {
    const res = schema.safeParse(r);
    if (!res.success) throw new Error(`row of ${spec.name} breaks the contract: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
}

const bigintAsString = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/** Validates every row and returns, per table, its rows as NDJSON ('' when it has none). */
export function stageRows(rows: Record<string, Row[]>): StagedRows {
  const out: StagedRows = {};
  for (const spec of ALL_TABLES) {
    const list = rows[spec.name] ?? [];
    validateRows(spec, list);
    let text = '';
    for (const r of list) text += JSON.stringify(r, bigintAsString) + '\n';
    out[spec.name] = text;
  }
  return out;
}
