// Bad input never stops a batch: every bad file gets one clear ingest_errors row, every good
// one is loaded, and text in other encodings is read, not rejected. All inputs are generated.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RunSummary } from '../pipeline/run.js';
import { makePdf } from './fixtures.js';
import { queryDb, RAW } from './helpers.js';

const SEED = '000_8a1d53abbfd78672.txt';
const PDF = 'sh-putuo-caizhengju-2024-juesuan.pdf';
let dir: string;
let summary: RunSummary;
const raw = () => path.join(dir, 'raw');
const db = (q: string) => queryDb(path.join(dir, 'out', 'disclosures.duckdb'), q);

/** GB18030 encoder for the characters of a seed: Node can decode GB18030 but not encode it. */
function toGb18030(text: string): Uint8Array {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  // Two-byte GBK area: lead 0x81–0xFE, trail 0x40–0xFE (not 0x7F).
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.from([a, b]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [a, b]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Uint8Array.from(out);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'robust-'));
  await mkdir(raw(), { recursive: true });
  const seed = await readFile(path.join(RAW, SEED), 'utf8');
  const w = (name: string, data: string | Uint8Array) => writeFile(path.join(raw(), name), data);
  await w('empty.txt', '');
  await w('random.pdf', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
  await w('random.txt', Uint8Array.from({ length: 4096 }, (_, i) => (i * 104729 + 7) % 256));
  const pdf = await readFile(path.join(RAW, PDF));
  await w('truncated.pdf', pdf.subarray(0, Math.floor(pdf.length / 2)));
  await w('encrypted.pdf', makePdf({ encrypted: true }));
  await w('scan.pdf', makePdf());
  await w('invalid-bytes.txt', Buffer.concat([Buffer.from(seed.slice(0, 2000)), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(seed.slice(2000))]));
  // Other encodings of the same report (each differs by its first line, so none is a duplicate).
  await w('gbk.txt', toGb18030('GBK\n' + seed));
  await w('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('UTF-16\n' + seed, 'utf16le')]));
  await w('utf8-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('BOM\n' + seed)]));
  // A final-accounts report retitled 预算 reads as a budget; a news page is no report.
  await w('budget.txt', seed.replaceAll('决算', '预算'));
  await w('news.txt', '区财政局召开2023年度工作会议\n会议指出，全年完成一般公共预算收入12,345.67万元，同比增长5.2%。\n下一步将继续做好各项工作。\n');
  // A report missing its tables 07 and 08, and one whose numbers break the identities.
  const lines = seed.split('\n');
  const from = lines.findIndex((l) => l.trim() === '七、政府性基金预算财政拨款收入支出决算表');
  const to = lines.findIndex((l, i) => i > from && l.includes('注：本表反映部门本年度国有资本经营预算财政拨款支出情况'));
  expect(from).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(from);
  await w('missing-tables.txt', [...lines.slice(0, from), ...lines.slice(to + 1)].join('\n'));
  const edited = seed.replace('\n1 6216.85 一、一般公共服务支出', '\n1 6316.85 一、一般公共服务支出'); // +100 万元 on 01 row 1
  expect(edited).not.toBe(seed);
  await w('inconsistent.txt', edited);
  // The same report twice, file names with spaces, quotes, Chinese and SQL, a deep folder.
  await copyFile(path.join(RAW, SEED), path.join(raw(), "a report 'quoted'; DROP TABLE reports; --.txt"));
  await copyFile(path.join(RAW, SEED), path.join(raw(), '同一报告 副本.txt'));
  const deep = path.join(raw(), ...Array.from({ length: 40 }, (_, i) => `level${i}`));
  await mkdir(deep, { recursive: true });
  await copyFile(path.join(RAW, '003_0de3fbbbee820dbe.txt'), path.join(deep, 'deep.txt'));
  // 100 MB of text, written without holding it in memory.
  const big = await open(path.join(raw(), 'huge.txt'), 'w');
  const chunk = Buffer.from('一、一般公共服务支出 1,234.56 2,345.67\n'.repeat(20000));
  for (let written = 0; written < 100 * 1024 * 1024; written += chunk.length) await big.write(chunk);
  await big.close();
  summary = await run({ rawDir: raw(), outDir: path.join(dir, 'out'), workers: 0, log: () => undefined });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a batch of bad and odd files', () => {
  it('records each bad file once, with its reason, and goes on', async () => {
    const errors = Object.fromEntries((await db('SELECT source_path, stage, error FROM ingest_errors')).map((r) => [r.source_path, `${r.stage}: ${r.error}`]));
    expect(errors).toEqual({
      'empty.txt': 'extract: empty file',
      'random.pdf': 'extract: named .pdf but does not start with %PDF-: not a PDF file',
      'random.txt': 'extract: binary content, not text (NUL or control bytes)',
      'truncated.pdf': expect.stringMatching(/^extract: not a readable PDF \(truncated or corrupt\)/),
      'encrypted.pdf': 'extract: encrypted PDF: a password is required to open it',
      'scan.pdf': 'extract: PDF has no text layer (a scanned image?): no text could be read',
      'invalid-bytes.txt': 'extract: invalid byte sequences: neither UTF-8 nor GB18030/GBK text',
      'news.txt': expect.stringMatching(/^transform: no standard table of a final-accounts \(部门决算\) or budget \(部门预算\) report found/),
      'huge.txt': 'read: file too large: 100.0 MB, over the 64 MB limit for one report (--max-file-mb)',
      '同一报告 副本.txt': `duplicate: same content as a report 'quoted'; DROP TABLE reports; --.txt; loaded once under that name`,
    });
    expect(summary).toMatchObject({ failed: 9, duplicates: 1 });
  });

  it('reads GB18030, UTF-16 and UTF-8 with a BOM exactly like the UTF-8 original', async () => {
    const rows = await db(`SELECT r.source_path, r.source_encoding, r.status, count(*) AS cells, sum(l.amount_yuan)::VARCHAR AS total
      FROM reports r JOIN line_items l USING (report_id) WHERE r.source_path IN ('gbk.txt', 'utf16.txt', 'utf8-bom.txt', 'a report ''quoted''; DROP TABLE reports; --.txt')
      GROUP BY ALL ORDER BY r.source_path`);
    expect(rows.map((r) => [r.source_path, r.source_encoding, r.status])).toEqual([
      // 'ok': its narrative contradicts its tables twice, but those are warnings about the source (see the golden tests).
      ["a report 'quoted'; DROP TABLE reports; --.txt", 'utf-8', 'ok'],
      ['gbk.txt', 'gb18030', 'ok'],
      ['utf16.txt', 'utf-16le', 'ok'],
      ['utf8-bom.txt', 'utf-8-bom', 'ok'],
    ]);
    expect(new Set(rows.map((r) => `${r.cells}/${r.total}`)).size).toBe(1);
  });

  it('loads a report with missing tables or broken identities as partial, saying why', async () => {
    const rows = Object.fromEntries((await db(`SELECT source_path, status, status_detail FROM reports WHERE source_path IN ('missing-tables.txt', 'inconsistent.txt')`)).map((r) => [r.source_path, r]));
    // Only the missing tables: the original's 2 failing checks are warnings about its narrative.
    expect(rows['missing-tables.txt']).toMatchObject({ status: 'partial', status_detail: 'tables not found or not parsed: 07, 08' });
    expect(rows['inconsistent.txt'].status).toBe('partial');
    expect(rows['inconsistent.txt'].status_detail).toMatch(/failing checks of severity error/);
    const failing = await db(`SELECT c.table_code, abs(c.difference)::VARCHAR AS d FROM checks c JOIN reports r USING (report_id) WHERE r.source_path = 'inconsistent.txt' AND NOT c.passed AND c.kind <> 'narrative'`);
    expect(failing.length).toBeGreaterThan(0);
    // Every failing check is off by the 100 万元 we added (plus at most the source's own
    // rounding, a few hundred 元), and one is in table 01.
    for (const c of failing) expect(String(c.d)).toMatch(/^1000[0-4]\d\d\.\d\d$/);
    expect(failing.some((c) => c.table_code === '01')).toBe(true);
  });

  it('finds a report 40 folders deep and keeps odd file names intact', async () => {
    const rows = await db(`SELECT source_path FROM reports WHERE source_path LIKE 'level0/%' OR source_path LIKE 'a report%'`);
    expect(rows.map((r) => r.source_path).sort()).toEqual([
      "a report 'quoted'; DROP TABLE reports; --.txt",
      Array.from({ length: 40 }, (_, i) => `level${i}`).join('/') + '/deep.txt',
    ]);
    expect(await db('SELECT count(*)::INTEGER AS n FROM reports WHERE status <> \'failed\'')).toEqual([{ n: 8 }]);
    expect(await db("SELECT report_kind FROM reports WHERE source_path = 'budget.txt'")).toEqual([{ report_kind: 'budget' }]);
  });
});
