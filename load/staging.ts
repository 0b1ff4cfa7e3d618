// Rows → CSV text, one per table, validated against the contract. Runs in the worker threads,
// so the single writer only moves text into DuckDB (read_csv), and money stays an exact
// decimal string all the way.
import { isPerReport } from './ddl.js';
import { z } from 'zod';
import { rowSchema, type Row, type TableSpec } from '../schemas/contract.js';
import { REPORT_TABLES } from '../schemas/database.js';

/** Per table, its rows as UTF-8 CSV bytes: transferred, not copied, from a worker to the writer. */
export type StagedRows = Record<string, Uint8Array>;

type Check = (v: unknown) => boolean;

const both = (a: Check, b: Check): Check => (v) => a(v) && b(v);
const TYPE_CHECKS: Record<string, Check> = {
  null: (v) => v === null,
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
};
// zod counts a string's length in code points (an astral character is one, not two); a string
// has at most as many code points as UTF-16 units and at least half as many, so most lengths
// are decided without counting.
const codePoints = (v: string) => (/[\uD800-\uDFFF]/.test(v) ? [...v].length : v.length);

/**
 * A column's constraints as one predicate, compiled from the JSON Schema zod derives from the
 * column's schema (z.toJSONSchema, so the contract stays written once, in zod): types, enums,
 * patterns, lengths and bounds. zod's own per-row parse cost the workers a millisecond and a
 * half per report; a failing row is re-checked with zod for its message.
 */
function compileCheck(json: Record<string, unknown>, sql: string): Check {
  if (Array.isArray(json.anyOf)) {
    const alternatives = (json.anyOf as Record<string, unknown>[]).map((j) => compileCheck(j, sql));
    return alternatives.reduce((a, b) => (v) => a(v) || b(v));
  }
  const types = json.type === undefined ? [] : Array.isArray(json.type) ? (json.type as string[]) : [json.type as string];
  let check: Check;
  if (types.length > 0) {
    const known = types.map((t) => {
      if (!TYPE_CHECKS[t]) throw new Error(`JSON Schema type ${t} of a ${sql} column: cannot compile its check`);
      return TYPE_CHECKS[t];
    });
    check = known.reduce((a, b) => (v) => a(v) || b(v));
  } else if (sql === 'BIGINT') check = (v) => typeof v === 'bigint'; // z.bigint() has no JSON Schema form
  else throw new Error(`no JSON Schema type for a ${sql} column: cannot compile its check`);
  if (Array.isArray(json.enum)) {
    const values = new Set(json.enum);
    check = both(check, (v) => v === null || values.has(v));
  }
  if (typeof json.pattern === 'string') {
    const re = new RegExp(json.pattern);
    check = both(check, (v) => typeof v !== 'string' || re.test(v));
  }
  if (typeof json.minLength === 'number') {
    const n = json.minLength;
    check = both(check, (v) => typeof v !== 'string' || (v.length >= n && (v.length >= 2 * n || codePoints(v) >= n)));
  }
  if (typeof json.maxLength === 'number') {
    const n = json.maxLength;
    check = both(check, (v) => typeof v !== 'string' || v.length <= n || codePoints(v) <= n);
  }
  if (typeof json.minimum === 'number') {
    const n = json.minimum;
    check = both(check, (v) => typeof v !== 'number' || v >= n);
  }
  if (typeof json.maximum === 'number') {
    const n = json.maximum;
    check = both(check, (v) => typeof v !== 'number' || v <= n);
  }
  return check;
}

// CSV in the contract's column order: half the bytes of NDJSON, a third of the time to write,
// and DuckDB reads it faster. NULL is an empty unquoted field; an empty string is quoted ("")
// and stays an empty string (read with allow_quoted_nulls = false), as is any string holding a
// delimiter, quote or line break; the others go unquoted (fewer bytes to write and to parse).
const NEEDS_QUOTES = /[",\n\r]/;
const quoted = (v: string) => `"${v.replaceAll('"', '""')}"`;
const csvField = (v: Row[string]) => (v === null || v === undefined ? '' : typeof v === 'string' ? (v === '' ? '""' : NEEDS_QUOTES.test(v) ? quoted(v) : v) : String(v));

/**
 * csvField of variable `v`, as source code for the generated writers: inline, each column gets
 * its own type feedback (a shared csvField saw every column's types). Values of types other than
 * VARCHAR and TIMESTAMP skip the quoting test: numbers and booleans hold no delimiter, and a
 * DECIMAL's text is digits, sign and point (its pattern is checked first; one breaking it would
 * fail DuckDB's cast, quoted or not).
 */
function fieldSource(v: string, sql: string): string {
  if (sql !== 'VARCHAR' && sql !== 'TIMESTAMP') return `(${v} === null ? '' : String(${v}))`;
  return `(${v} === null ? '' : ${v} === '' ? '""' : NEEDS_QUOTES.test(${v}) ? quoted(${v}) : ${v})`;
}

export function csvLine(columns: string[], row: Row): string {
  let line = csvField(row[columns[0]]);
  for (let i = 1; i < columns.length; i++) line += ',' + csvField(row[columns[i]]);
  return line + '\n';
}

/** Why a row breaks the contract, in zod's words where zod sees it too. */
function violation(spec: TableSpec, checks: Check[], row: Row): string {
  const columns = Object.keys(spec.columns);
  const res = rowSchema(spec).safeParse(row);
  if (!res.success) return res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  // Reached only if the compiled checks and zod disagree, which the contract test looks for.
  // Stryker disable next-line all
  const keys = Object.keys(row).length;
  // Stryker disable next-line all
  if (keys !== columns.length) return `${keys} fields for ${columns.length} columns`;
  // Stryker disable next-line all
  const bad = columns.findIndex((c, i) => row[c] === undefined || !checks[i](row[c]));
  // Stryker disable next-line all
  return `${columns[bad]}: invalid value ${String(row[columns[bad]])}`;
}

/**
 * Per table: its row written as a CSV line after checking it against the contract. The writer
 * is generated with the columns as fixed property reads: V8 caches each read for the table's
 * one row shape, where a loop over the column names looked every field up generically (with
 * the fused predicates, staging went from 1.8 to 1.3 ms per report). Rows of a per-report table
 * leave report_id out; the writer starts each line with `prefix`, its checked CSV field.
 */
function rowWriter(spec: TableSpec): { write: (row: Row, prefix: string, reportId: string | null) => string; reportIdOk: Check | null } {
  const columns = Object.keys(spec.columns);
  const checks = columns.map((name) => compileCheck(z.toJSONSchema(spec.columns[name].schema, { unrepresentable: 'any' }) as Record<string, unknown>, spec.columns[name].sql));
  const perReport = isPerReport(spec);
  if (perReport && columns[0] !== 'report_id') throw new Error(`${spec.name}: report_id must be the first column of a per-report table`);
  const own = perReport ? columns.slice(1) : columns;
  const body = [
    'let keys = 0;',
    'for (const _ in row) keys++;',
    `if (keys !== ${own.length}) return null;`,
    ...own.map((c, i) => `const v${i} = row[${JSON.stringify(c)}];\nif (v${i} === undefined || !checks[${i + columns.length - own.length}](v${i})) return null;`),
    `return ${perReport ? 'prefix + ' : ''}${own.map((c, i) => fieldSource(`v${i}`, spec.columns[c].sql)).join(" + ',' + ")} + '\\n';`,
  ].join('\n');
  const line = new Function('checks', 'NEEDS_QUOTES', 'quoted', `return (row, prefix) => {\n${body}\n}`)(checks, NEEDS_QUOTES, quoted) as (row: Row, prefix: string) => string | null;
  return {
    write: (row, prefix, reportId) =>
      line(row, prefix) ??
      fail(new Error(`row of ${spec.name} breaks the contract: ${!perReport ? violation(spec, checks, row) : 'report_id' in row ? 'report_id is the report\'s, not given per row' : violation(spec, checks, { report_id: reportId, ...row })}`)),
    reportIdOk: perReport ? checks[0] : null,
  };
}

const fail = (e: Error): never => {
  throw e;
};

const WRITERS = new Map(REPORT_TABLES.map((s) => [s.name, rowWriter(s)]));

/**
 * The rest of a per-report table's key (after report_id) as one string, generated with fixed
 * property reads like the writers; rows of one report share report_id, so it is left out.
 */
function restOfKey(spec: TableSpec): (row: Row) => string {
  const parts = spec.primaryKey.slice(1).map((k) => `String(row[${JSON.stringify(k)}])`);
  return new Function('row', `return ${parts.join(" + '\\u0000' + ")};`) as (row: Row) => string;
}

const KEYS = new Map(REPORT_TABLES.filter(isPerReport).map((s) => [s.name, restOfKey(s)]));

/** No two rows of a per-report table with the same key. */
function assertUniqueKeys(spec: TableSpec, rows: Row[], reportId: string | null): void {
  const key = KEYS.get(spec.name)!;
  const seen = new Set<string>();
  for (const r of rows) {
    const k = key(r);
    if (seen.has(k)) throw new Error(`duplicate key in ${spec.name}: ${spec.primaryKey.map((c) => `${c}=${c === 'report_id' ? reportId : r[c]}`).join(', ')}`);
    seen.add(k);
  }
}

// Lines are encoded one by one into this buffer, reused across reports: twice as fast as
// concatenating a table's text and encoding it at once (the long string was flattened, then
// encoded). A UTF-16 unit takes at most 3 bytes of UTF-8, so a line never overflows the room checked.
let scratch = Buffer.allocUnsafe(1 << 20);

function encodeLines(lines: Iterable<string>): Uint8Array {
  let end = 0;
  for (const line of lines) {
    if (end + line.length * 3 > scratch.length) {
      const bigger = Buffer.allocUnsafe(Math.max(scratch.length * 2, end + line.length * 3));
      scratch.copy(bigger, 0, 0, end);
      scratch = bigger;
    }
    end += scratch.write(line, end);
  }
  return new Uint8Array(scratch.subarray(0, end)); // a copy with its own buffer: it is transferred
}

/**
 * Validates every row and returns, per table, its rows as CSV without header (empty when it has
 * none). The rows of per-report tables (keyed by report_id and more) are those of one report and
 * leave report_id out: it is `reportId`, checked once and written first in each of their lines,
 * so no row object is copied just to add it.
 */
export function stageRows(rows: Record<string, Row[]>, reportId: string | null = null): StagedRows {
  const out: StagedRows = {};
  for (const spec of REPORT_TABLES) {
    const list = rows[spec.name] ?? [];
    const { write, reportIdOk } = WRITERS.get(spec.name)!;
    let prefix = '';
    if (reportIdOk && list.length > 0) {
      if (!reportIdOk(reportId)) throw new Error(`rows of ${spec.name} break the contract: report_id: invalid value ${String(reportId)}`);
      prefix = csvField(reportId) + ',';
      assertUniqueKeys(spec, list, reportId);
    }
    out[spec.name] = encodeLines(list.map((row) => write(row, prefix, reportId)));
  }
  return out;
}
