// Staging: rows → CSV text in the workers → read_csv in the writer. Every value must come back
// exactly as it went in, whatever characters it holds.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDatabase, loadBatch, openDatabase, query, StagingBatch } from '../load/duckdb.js';
import { readFileSync } from 'node:fs';
import { csvLine, stageRows } from '../load/staging.js';
import { isPerReport } from '../load/ddl.js';
import { processFile, reportIdOf, sha256Hex } from '../pipeline/report.js';
import { rowSchema, type Row } from '../schemas/contract.js';
import { REPORT_TABLES } from '../schemas/database.js';
import { RAW, tempDatabase } from './helpers.js';

const tmp = tempDatabase('staging-');

// A checks row as the transform makes it: per-report rows leave report_id to stageRows.
const check = (over: Partial<Row>): Row => ({
  check_id: 'c',
  kind: 'narrative',
  table_code: null,
  subject: 's',
  description: 'd',
  expected: null,
  actual: null,
  difference: null,
  tolerance: null,
  passed: true,
  severity: 'warning',
  detail: null,
  ...over,
});

describe('staging round trip', () => {
  it('keeps quotes, commas, line breaks, empty strings apart from NULL, long lines and exact decimals', async () => {
    const long = '职能'.repeat(1_500_000); // a 9 MB line, beyond read_csv's 2 MB default
    const rows = [
      check({ check_id: 'quotes', subject: 'say "一般公共服务支出", then ""', detail: 'a,b\nc\r\nd\t"e"' }),
      check({ check_id: 'empty', subject: '', detail: null, expected: '-0.01', actual: '9999999999999999.99', difference: '0.00', tolerance: '0.05', passed: false }),
      check({ check_id: 'long', detail: long }),
      check({ check_id: "'; DROP TABLE checks; --", subject: '\\N', detail: 'NULL' }),
      check({ check_id: 'spaces', subject: '  leading and trailing  ', detail: '\ttab\t' }),
    ];
    const batch = new StagingBatch(path.join(tmp.dir, 'batch'));
    batch.add({ sourcePath: 'x.txt', staged: stageRows({ checks: rows }, 'r1') });
    await loadBatch(tmp.db.con, batch, false);
    const back = await query(tmp.db.con, `SELECT check_id, subject, detail, CAST(expected AS VARCHAR) AS expected, CAST(actual AS VARCHAR) AS actual, passed FROM checks ORDER BY check_id`);
    const byId = Object.fromEntries(back.map((r) => [r.check_id, r]));
    expect(byId.quotes).toMatchObject({ subject: 'say "一般公共服务支出", then ""', detail: 'a,b\nc\r\nd\t"e"', expected: null });
    expect(byId.empty).toMatchObject({ subject: '', detail: null, expected: '-0.01', actual: '9999999999999999.99', passed: false });
    expect(byId.long.detail).toBe(long);
    expect(byId["'; DROP TABLE checks; --"]).toMatchObject({ subject: '\\N', detail: 'NULL' });
    expect(byId.spaces).toMatchObject({ subject: '  leading and trailing  ', detail: '\ttab\t' });
  });

  it('keeps the tolerance of a table printed in 元 (0.015 元: three decimals) exactly', async () => {
    const batch = new StagingBatch(path.join(tmp.dir, 'batch-tolerance'));
    batch.add({ sourcePath: 'yuan.txt', staged: stageRows({ checks: [check({ check_id: 'yuan', expected: '1234.56', actual: '1234.57', difference: '0.01', tolerance: '0.015', passed: true })] }, 'r9') });
    await loadBatch(tmp.db.con, batch, false);
    const [back] = await query(tmp.db.con, `SELECT CAST(tolerance AS VARCHAR) AS t, CAST(difference AS VARCHAR) AS d FROM checks WHERE report_id = 'r9'`);
    expect(back).toEqual({ t: '0.0150', d: '0.01' });
    expect(() => stageRows({ checks: [check({ tolerance: '0.00005' })] }, 'r1')).toThrow(/checks.*tolerance/);
  });

  it('widens the checks\' tolerance of a database made before it had four decimals, keeping its values', async () => {
    const file = path.join(tmp.dir, 'old.duckdb');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const old = await DuckDBInstance.create(file);
    const con = await old.connect();
    await con.run("CREATE TABLE checks (report_id VARCHAR, check_id VARCHAR, kind VARCHAR, table_code VARCHAR, subject VARCHAR, description VARCHAR, expected DECIMAL(18,2), actual DECIMAL(18,2), difference DECIMAL(18,2), tolerance DECIMAL(18,2), passed BOOLEAN, detail VARCHAR, PRIMARY KEY (report_id, check_id))");
    await con.run("INSERT INTO checks VALUES ('r', 'c', 'row_total', '02', 's', 'd', 1.00, 1.00, 0.00, 0.03, true, NULL)");
    con.closeSync();
    old.closeSync();
    const migrated = await openDatabase(file);
    try {
      const [col] = await query(migrated.con, "SELECT data_type FROM duckdb_columns() WHERE table_name = 'checks' AND column_name = 'tolerance'");
      expect(col.data_type).toBe('DECIMAL(18,4)');
      const [row] = await query(migrated.con, 'SELECT CAST(tolerance AS VARCHAR) AS t FROM checks');
      expect(row.t).toBe('0.0300');
    } finally {
      closeDatabase(migrated);
    }
  });

  it('rejects a decimal its column cannot hold instead of letting the database round it', () => {
    expect(() => stageRows({ checks: [check({ expected: '1.005' })] }, 'r1')).toThrow(/checks.*expected/);
    expect(() => stageRows({ checks: [check({ expected: '12345678901234567.00' })] }, 'r1')).toThrow(/expected/);
  });
});

describe('the key check', () => {
  it('rejects two rows of a report with the same key, and per-report rows without a valid report id or with one of their own', () => {
    expect(() => stageRows({ checks: [check({}), check({ check_id: 'd' })] }, 'r1')).not.toThrow();
    expect(() => stageRows({ checks: [check({}), check({ detail: 'other' })] }, 'r1')).toThrow('duplicate key in checks: report_id=r1, check_id=c');
    expect(() => stageRows({ narrative_facts: [] })).not.toThrow();
    expect(() => stageRows({ checks: [check({})] })).toThrow('rows of checks break the contract: report_id: invalid value null');
    expect(() => stageRows({ checks: [check({ report_id: 'r2' })] }, 'r1')).toThrow("row of checks breaks the contract: report_id is the report's, not given per row");
  });

  it('writes the report id first in each line of a per-report table', () => {
    const text = Buffer.from(stageRows({ checks: [check({}), check({ check_id: 'd' })] }, 'r,1').checks).toString();
    expect(text).toBe('"r,1",c,narrative,,s,d,,,,,true,warning,\n"r,1",d,narrative,,s,d,,,,,true,warning,\n');
  });
});

describe('the contract check', () => {
  it('accepts and rejects exactly what the zod schemas do, column by column', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(RAW, '000_8a1d53abbfd78672.txt')));
    const { rows } = await processFile({ sourcePath: '000.txt', bytes, sha256: sha256Hex(bytes) });
    rows.ingest_errors = [{ source_path: 'x', source_sha256: null, stage: 'read', error: 'e', occurred_at: '2026-01-01 00:00:00' }];
    const substitutes: unknown[] = [null, '', 'x', '😀', '😀😀', '0123456789abcde😀', '0123456789abcdef', '1.00', '1.005', '-0.5', '12345678901234567.00', 'pdf', 'national', 'ok', '01', 'read', 'error', '😀'.repeat(8), '😀'.repeat(16), 'a'.repeat(64), '😀'.repeat(32), 0, 1, -1, 1.5, 2023, 1989, 2100, 2101, 100000, true, false, 12n, undefined];
    let compared = 0;
    const reportId = reportIdOf(sha256Hex(bytes));
    for (const spec of REPORT_TABLES) {
      const perReport = isPerReport(spec);
      // The whole row, as zod sees it; stageRows takes the report id of per-report rows apart.
      const sample = perReport ? { report_id: reportId, ...rows[spec.name]?.[0] } : rows[spec.name]?.[0];
      const stage = (row: Row) => {
        if (!perReport) return stageRows({ [spec.name]: [row] });
        const { report_id, ...rest } = row;
        return stageRows({ [spec.name]: [rest] }, report_id as string | null);
      };
      expect(rows[spec.name]?.[0], spec.name).toBeDefined();
      const schema = rowSchema(spec);
      for (const column of Object.keys(spec.columns)) {
        for (const v of substitutes) {
          const row = { ...sample, [column]: v } as Row;
          if (v === undefined) delete row[column];
          const zodAccepts = schema.safeParse(row).success;
          const accepted = (() => {
            try {
              stage(row);
              return true;
            } catch {
              return false;
            }
          })();
          expect(accepted, `${spec.name}.${column} = ${String(v)}`).toBe(zodAccepts);
          compared++;
        }
      }
      expect(() => stage({ ...sample, extra: 'x' } as Row)).toThrow(/breaks the contract/);
    }
    expect(compared).toBeGreaterThan(1500);
  });
});

describe('a CSV line of named fields', () => {
  it('quotes what needs quoting, keeps "" apart from NULL, and ends the line', () => {
    expect(csvLine(['a', 'b', 'c', 'd', 'e'], { a: 'x,y', b: null, c: '', d: 'say "hi"', e: 'plain' })).toBe('"x,y",,"","say ""hi""",plain\n');
    expect(csvLine(['n', 't'], { n: 12n, t: true })).toBe('12,true\n');
    expect(csvLine(['only'], { only: 'a\nb' })).toBe('"a\nb"\n');
  });
});
