// SQL without a DuckDB client: cli sql for scripts and the read-only shell of make sql — exact
// money in every format, aligned Chinese text, dot commands, errors that do not end the session,
// answers while a run is writing, and a shell that sees a newly published database.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../load/duckdb.js';
import { acquireRunLock, makeWorkCopy } from '../load/publish.js';
import { run } from '../pipeline/run.js';
import { displayWidth, formatResult, formatTable, sqlShell, type SqlResult } from '../pipeline/sql.js';
import { CLI, queryDb, RAW, runCli } from './helpers.js';

let dir: string;
const out = () => path.join(dir, 'out');
const dbFile = () => path.join(out(), 'disclosures.duckdb');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sql-'));
  await mkdir(path.join(dir, 'raw'));
  await copyFile(path.join(RAW, '002_9ab8174854570465.txt'), path.join(dir, 'raw', '002.txt'));
  await run({ rawDir: path.join(dir, 'raw'), outDir: out(), workers: 0, log: () => undefined });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const RESULT: SqlResult = { columns: ['部门', 'amount_yuan', 'note'], numeric: [false, true, false], rows: [['工信局', '1456006400.00', null], ['ab', '-0.01', 'a,"b"\nc']] };

describe('formats', () => {
  it('align tables by display width (a Chinese character takes two columns), numbers to the right', () => {
    expect(displayWidth('工信局ab')).toBe(8);
    expect(formatTable(RESULT).split('\n')).toEqual([
      '┌────────┬───────────────┬─────────┐',
      '│ 部门   │ amount_yuan   │ note    │',
      '├────────┼───────────────┼─────────┤',
      '│ 工信局 │ 1456006400.00 │ NULL    │',
      '│ ab     │         -0.01 │ a,"b"↵c │',
      '└────────┴───────────────┴─────────┘',
      '2 rows',
    ]);
    expect(formatTable(RESULT, 1).split('\n').at(-1)).toBe('2 rows (1 shown; .maxrows N to see more)');
  });

  it('write CSV, TSV and JSON with the exact decimal text', () => {
    expect(formatResult(RESULT, 'csv')).toBe('部门,amount_yuan,note\n工信局,1456006400.00,\nab,-0.01,"a,""b""\nc"');
    expect(formatResult(RESULT, 'tsv')).toBe('部门\tamount_yuan\tnote\n工信局\t1456006400.00\t\nab\t-0.01\ta,"b" c');
    expect(JSON.parse(formatResult(RESULT, 'json'))).toEqual([{ 部门: '工信局', amount_yuan: '1456006400.00', note: null }, { 部门: 'ab', amount_yuan: '-0.01', note: 'a,"b"\nc' }]);
  });
});

describe('cli sql', () => {
  it('answers a query in each format, money exact (合计 of 002 table 03, line 371: 145600.64万元)', async () => {
    const q = "SELECT subject_code, total_expenditure_yuan, total_expenditure_wan FROM t03_expenditure WHERE subject_code = '合计'";
    const json = await runCli(['sql', q, '--format', 'json', '--out-dir', out()]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([{ subject_code: '合计', total_expenditure_yuan: '1456006400.00', total_expenditure_wan: '145600.640000' }]);
    const csv = await runCli(['sql', q, '--format', 'csv', '--out-dir', out()]);
    expect(csv.stdout).toBe('subject_code,total_expenditure_yuan,total_expenditure_wan\n合计,1456006400.00,145600.640000\n');
    const table = await runCli(['sql', q, '--out-dir', out()]);
    expect(table.stdout).toContain('│ 合计         │          1456006400.00 │         145600.640000 │');
  });

  it('is read-only, and says what is wrong', async () => {
    const write = await runCli(['sql', 'DELETE FROM reports', '--out-dir', out()]);
    expect(write.code).toBe(1);
    expect(write.stderr).toMatch(/^error: .*read-only/i);
    const bad = await runCli(['sql', 'SELECT nope FROM reports', '--out-dir', out()]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/nope/);
    expect((await runCli(['sql', 'SELECT 1', '--format', 'xml', '--out-dir', out()])).code).toBe(2);
    const none = await runCli(['sql', 'SELECT 1', '--out-dir', path.join(dir, 'nothing')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no database .* run `make all` first/);
  });

  it('stops quietly when its reader does (| head), and a run piped so carries on to its end', async () => {
    const q = `${process.execPath} ${CLI} sql "SELECT * FROM line_items, range(20)" --format csv --out-dir ${out()}`;
    expect(spawnSync('sh', ['-c', `${q} | head -c 100 > /dev/null`], { encoding: 'utf8' }).stderr).toBe('');
    // The samples: their log lines come over seconds, long after head has gone (without the handler, EPIPE killed the run).
    const run = spawnSync('sh', ['-c', `${process.execPath} ${CLI} run --raw-dir ${RAW} --out-dir ${path.join(dir, 'piped')} | head -c 1 > /dev/null`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const [loaded] = await queryDb(path.join(dir, 'piped', 'disclosures.duckdb'), "SELECT count(*)::INTEGER AS n FROM reports WHERE status = 'ok'");
    expect(loaded.n).toBe(11); // six final accounts, five budgets (one of them two files)
  });

  it('answers while a run holds the lock and writes its copy of the database', async () => {
    const lock = await acquireRunLock(out());
    const work = await openDatabase(await makeWorkCopy(dbFile()));
    try {
      await work.con.run("UPDATE reports SET department = 'being rewritten'");
      const r = await runCli(['sql', 'SELECT department FROM reports', '--format', 'csv', '--out-dir', out()]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('department\n长治市屯留区工业和信息化局\n');
    } finally {
      closeDatabase(work);
      lock.release();
      await rm(`${dbFile()}.run`, { force: true });
    }
  });
});

describe('the shell (make sql)', () => {
  it('runs statements piped in, over several lines, with dot commands; a failing one does not end it', async () => {
    const input = ['.tables', 'SELECT count(*) AS reports', '  FROM reports;', 'SELECT nope;', '.mode csv', 'SELECT fiscal_year FROM reports;', '.schema t09_three_public', '.quit', 'SELECT 1;'].join('\n');
    const r = await runCli(['sql', '--out-dir', out()], {}, input);
    expect(r.code).toBe(1); // one statement failed
    expect(r.stdout).toMatch(/│ t03_expenditure +│ view +│/);
    expect(r.stdout).toMatch(/│ +1 │\n└/);
    expect(r.stdout).toMatch(/Error: .*nope/);
    expect(r.stdout).toContain('fiscal_year\n2023\n');
    expect(r.stdout).toMatch(/│ actual_total_yuan +│ DECIMAL\(18,2\) +│ true +│ 决算数合计\(元\)/);
    expect(r.stdout).not.toMatch(/│ 1 +│\n└.*\n1 row\n$/); // nothing after .quit
  });

  it('answers a query typed at a terminal, with a prompt and the time taken', async () => {
    // A pseudo-terminal from util-linux's script(1), as a user at a terminal has.
    const hasScript = spawnSync('script', ['--version']).status === 0;
    if (!hasScript && !process.env.CI) return;
    const typed = "SELECT department FROM reports;\n.timer on\nSELECT 42 AS answer;\n.quit\n";
    const output = execFileSync('script', ['-qfec', `${process.execPath} ${CLI} sql --out-dir ${out()}`, '/dev/null'], { input: typed, env: { ...process.env, HOME: dir }, timeout: 30_000 }).toString();
    expect(output).toContain('Connected read-only to');
    expect(output).toContain('sql> ');
    expect(output).toContain('长治市屯留区工业和信息化局');
    expect(output).toMatch(/│ +42 │/);
    expect(output).toMatch(/Run Time: \d+\.\d{3} s/);
  });

  it('reopens when a run publishes a new database, and says so', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += d));
    const until = async (re: RegExp) => {
      for (let i = 0; i < 100 && !re.test(text); i++) await new Promise((r) => setTimeout(r, 50));
      expect(text).toMatch(re);
    };
    const done = sqlShell(dbFile(), input, output);
    input.write('SELECT department FROM reports;\n');
    await until(/工业和信息化局/);
    // A run publishes: a new file renamed over the old one.
    const next = `${dbFile()}.next`;
    await copyFile(dbFile(), next);
    const db = await openDatabase(next);
    await db.con.run("UPDATE reports SET department = '新的部门'");
    await db.con.run('CHECKPOINT');
    closeDatabase(db);
    await rename(next, dbFile());
    input.write('SELECT department FROM reports;\n');
    await until(/新的部门/);
    expect(text).toMatch(/\(a run published new data \(run 1\): reopened\)/);
    input.end();
    expect(await done).toBe(0);
  });
});
