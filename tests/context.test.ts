// Region, administrative level and department key: the variants of one body's name that real
// reports print (the samples, the Shanghai and Jiangsu budget PDFs' departments) give one key,
// different bodies different keys, and a department's reports of two years join on it.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Line } from '../extract/lines.js';
import { run } from '../pipeline/run.js';
import { reportContext } from '../transform/context.js';
import { queryDb, RAW } from './helpers.js';
import { randomReport } from './synthetic/generate.js';
import { renderText } from './synthetic/render.js';

const cover = (...texts: string[]): Line[] => texts.map((text, i) => ({ line: i + 1, page: null, cells: [text], text }) as unknown as Line);
const key = (name: string, lines: Line[] = []) => reportContext(name, lines).departmentKey;

describe('region and level', () => {
  it.each([
    ['长治市屯留区发展改革和科学技术局', '山西省', '长治市', '屯留区', 'county'],
    ['中国共产党长治市上党区委员会办公室', '山西省', '长治市', '上党区', 'county'],
    ['上海市普陀区财政局', '上海市', '上海市', '普陀区', 'county'],
    ['北京市朝阳区财政局', '北京市', '北京市', '朝阳区', 'county'],
    ['吉林市财政局', '吉林省', '吉林市', null, 'city'],
    ['长治市城市管理局', '山西省', '长治市', null, 'city'],
    ['江苏省高级人民法院', '江苏省', null, null, 'province'],
    ['中共江苏省委办公厅', '江苏省', null, null, 'province'],
    ['上海市财政局', '上海市', '上海市', null, 'province'],
    ['延边朝鲜族自治州民政局', '吉林省', '延边朝鲜族自治州', null, 'city'],
    ['国家统计局', null, null, null, 'central'],
    ['某某局', null, null, null, null],
  ])('%s → %s %s %s (%s)', (name, province, city, county, level) => {
    expect(reportContext(name, [])).toMatchObject({ province, city, county, adminLevel: level });
  });

  it('completes a department printed without its prefecture from the cover', () => {
    const lines = cover('屯留区人民政府办公室', '长治市屯留区人民政府办公室2023年度部门决算');
    expect(reportContext('屯留区人民政府办公室', lines)).toMatchObject({ province: '山西省', city: '长治市', county: '屯留区', adminLevel: 'county' });
    // A cover naming another county does not complete it.
    expect(reportContext('屯留区人民政府办公室', cover('长治市上党区人民政府办公室2023年度部门决算'))).toMatchObject({ city: null, county: '屯留区' });
  });
});

describe('department_key', () => {
  it('is one for the usual variants of a body name', () => {
    const groups = [
      ['中共长治市屯留区委组织部', '中国共产党长治市屯留区委员会组织部', '中共 长治市屯留区委组织部'],
      ['中国共产党长治市上党区委员会办公室', '中共长治市上党区委办公室'],
      ['上海市普陀区人民政府办公室', '上海市普陀区政府办公室'],
      ['中共江苏省委办公厅', '中国共产党江苏省委员会办公厅'],
    ];
    for (const names of groups) expect(new Set(names.map((n) => key(n))).size, names.join(' / ')).toBe(1);
    expect(key('中共长治市屯留区委组织部')).toBe('山西省长治市屯留区|中共区委组织部');
    // Short region prefixes, completed from the cover.
    expect(key('屯留区委组织部', cover('长治市屯留区委组织部2023年度部门决算'))).toBe(key('中共长治市屯留区委组织部'));
    expect(key('普陀区政府办公室', cover('上海市普陀区人民政府办公室 2025年部门预算'))).toBe(key('上海市普陀区人民政府办公室'));
  });

  it('differs between bodies, and between the same body of two places', () => {
    const names = ['长治市屯留区财政局', '长治市上党区财政局', '上海市普陀区财政局', '上海市财政局', '长治市屯留区人民政府办公室', '中共长治市屯留区委办公室', '中共长治市屯留区委组织部', '江苏省高级人民法院'];
    expect(new Set(names.map((n) => key(n))).size).toBe(names.length);
  });
});

describe("a department's reports of several years, loaded", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'context-'));
    await mkdir(path.join(dir, 'raw'));
    // Synthetic reports of the generator's departments, each of two or three years, printed under name variants a department uses.
    const variants: [string, number][] = [
      ['中共长治市屯留区委组织部', 2022],
      ['中国共产党长治市屯留区委员会组织部', 2023],
      ['长治市屯留区财政局', 2021],
      ['长治市屯留区财政局', 2022],
      ['长治市屯留区财政局', 2023],
      ['长治市上党区财政局', 2023],
    ];
    for (const [i, [department, year]] of variants.entries()) {
      await writeFile(path.join(dir, 'raw', `r${i}.txt`), renderText({ ...randomReport(100 + i), department, year }));
    }
    await copyFile(path.join(RAW, '004_d2f6334a83d0837c.txt'), path.join(dir, 'raw', '004.txt')); // the real 中共长治市屯留区委组织部, 2023
    await run({ rawDir: path.join(dir, 'raw'), outDir: path.join(dir, 'out'), workers: 0, log: () => undefined });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('join on department_key', async () => {
    const rows = await queryDb(
      path.join(dir, 'out', 'disclosures.duckdb'),
      `SELECT department_key, list(DISTINCT fiscal_year ORDER BY fiscal_year) AS years, count(*)::INTEGER AS n FROM reports GROUP BY department_key ORDER BY department_key`,
    );
    expect(rows).toEqual([
      { department_key: '山西省长治市上党区|财政局', years: [2023], n: 1 },
      { department_key: '山西省长治市屯留区|中共区委组织部', years: [2022, 2023], n: 3 },
      { department_key: '山西省长治市屯留区|财政局', years: [2021, 2022, 2023], n: 3 },
    ]);
  });
});
