import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../extract/index.js';
import type { Line } from '../extract/lines.js';
import { rowSchema } from '../schemas/contract.js';
import { profiles, profileUnits } from '../schemas/narrative.js';
import { extractProfile, type Profile } from '../transform/profile.js';
import { RAW } from './helpers.js';

async function profileOf(file: string): Promise<Profile> {
  const doc = await extract(new Uint8Array(readFileSync(path.join(RAW, file))), file);
  return extractProfile(doc.lines);
}

const names = (p: Profile, kind: string) => p.units.filter((u) => u.kind === kind).map((u) => u.name);

describe('department profile (第一部分 概况)', () => {
  it('000: responsibilities, 内设机构6个 and 下属单位1个 with their names', async () => {
    const p = await profileOf('000_8a1d53abbfd78672.txt');
    expect(p.profile.responsibilities?.startsWith('(一)拟订并组织实施全县国民经济和社会发展战略、中长期规划和年度计划,统筹协调经济社会发展')).toBe(true);
    expect(p.profile.responsibilities?.endsWith('(二十二)承办县委县政府交办的其他任务。')).toBe(true);
    expect(p.profile).toMatchObject({ responsibilities_line: 3, internal_unit_count: 6, subordinate_unit_count: 1, budget_unit_count: null, consolidated: false });
    // "本部门内设机构6个,包括为综合办公室、行政审批及固定资产投资股、综合业务股、重点工程管理办公室、价格管理股、粮食及物资储备管理\n股。"
    expect(names(p, 'internal')).toEqual(['综合办公室', '行政审批及固定资产投资股', '综合业务股', '重点工程管理办公室', '价格管理股', '粮食及物资储备管理股']);
    expect(names(p, 'subordinate')).toEqual(['长治市屯留区价格服务和物资储备中心']);
    expect(p.units[5]).toMatchObject({ kind: 'internal', seq: 6, source_line: 163 });
  });

  it('001: a consolidated report: counts absent, names listed, 预算单位共计3家', async () => {
    const p = await profileOf('001_fb039c7f287ddd42.txt');
    expect(p.profile).toMatchObject({ internal_unit_count: null, subordinate_unit_count: null, budget_unit_count: 3, consolidated: true });
    expect(names(p, 'internal')).toEqual(['综合股', '秘书股', '会务股', '督查股', '金融工作股']);
    expect(names(p, 'subordinate')).toEqual(['政府信息中心', '金融服务中心']);
    expect(names(p, 'budget_unit')).toEqual(['长治市屯留区办公室部门本级', '政府信息中心', '金融服务中心']);
  });

  it('002 and 003: names after the count without 包括, and "设9个内设机构,分别是:"', async () => {
    const p2 = await profileOf('002_9ab8174854570465.txt');
    expect(p2.profile).toMatchObject({ internal_unit_count: 5, subordinate_unit_count: 1 });
    expect(names(p2, 'subordinate')).toEqual(['长治市屯留区工业和信息化融合促进中心']); // "下属事业单位1个,长治市…中心。"
    const p3 = await profileOf('003_0de3fbbbee820dbe.txt');
    expect(p3.profile.responsibilities?.startsWith('1.负责领导讲话的起草工作。2.')).toBe(true);
    expect(p3.profile.internal_unit_count).toBe(9);
    expect(names(p3, 'internal')).toEqual(['中共长治市上党区委政策研究室', '行政室', '秘书室', '会务室', '综合室', '督查室', '机要室', '档案管理室', '保密技术检查中心']);
  });

  it('004: finds the profile printed in the middle of table 01, skipping the table of contents', async () => {
    const p = await profileOf('004_d2f6334a83d0837c.txt');
    expect(p.profile).toMatchObject({ responsibilities_line: 89, internal_unit_count: 7, subordinate_unit_count: 3 });
    expect(p.profile.responsibilities?.endsWith('(九)完成区委和市委组织部交办的其他任务。')).toBe(true);
    expect(names(p, 'subordinate')).toEqual(['长治市屯留区党群服务中心', '长治市屯留区年度目标责任考核中心', '中共长治市屯留区委组织部举报中心']);
  });

  it('Shanghai PDF: 主要职能, and the budget units of the 部门决算单位构成 list with their remarks', async () => {
    const p = await profileOf('sh-putuo-caizhengju-2024-juesuan.pdf');
    expect(p.profile.responsibilities?.startsWith('第一条根据《上海市普陀区机构改革方案》,制定本规定。')).toBe(true);
    expect(p.profile.responsibilities?.endsWith('(十二)完成区委、区政府交办的其他任务。')).toBe(true);
    expect(p.profile).toMatchObject({ responsibilities_page: 4, internal_unit_count: null, subordinate_unit_count: null, budget_unit_count: null, consolidated: true });
    expect(p.units).toEqual([
      { kind: 'budget_unit', seq: 1, name: '上海市普陀区财政局(本级)', note: null, source_line: null, source_page: 5 },
      { kind: 'budget_unit', seq: 2, name: '上海市普陀区财政局财政所', note: '预算不单列,并入本级', source_line: null, source_page: 5 },
      { kind: 'budget_unit', seq: 3, name: '上海市普陀区国库收付中心', note: '预算不单列,并入本级', source_line: null, source_page: 5 },
    ]);
    const schema = rowSchema(profiles);
    expect(() => schema.parse({ report_id: '0123456789abcdef', ...p.profile })).not.toThrow();
    for (const u of p.units) expect(() => rowSchema(profileUnits).parse({ report_id: '0123456789abcdef', ...u })).not.toThrow();
  });

  it('constructed: "无下属单位", a count without names, and no profile at all', () => {
    const lines = (texts: string[]): Line[] => texts.map((t, i) => ({ cells: [t], line: i + 1 }));
    const p = extractProfile(lines(['第一部分 概况', '一、主要职责', '负责本区财政工作。', '二、机构设置情况', '本部门内设科室4个;本部门无下属单位。', '第二部分 部门决算表']));
    expect(p.profile).toMatchObject({ responsibilities: '负责本区财政工作。', internal_unit_count: 4, subordinate_unit_count: 0, consolidated: false });
    expect(p.units).toEqual([]);
    expect(extractProfile(lines(['收入支出决算总表', '本年收入合计 100']))).toEqual({
      profile: { responsibilities: null, responsibilities_line: null, responsibilities_page: null, organization: null, internal_unit_count: null, subordinate_unit_count: null, budget_unit_count: null, consolidated: false },
      units: [],
    });
  });
});
