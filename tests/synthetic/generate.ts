// Synthetic 部门决算公开 reports: a seeded generator of the ten national tables whose numbers
// satisfy every identity of transform/checks.ts exactly. The result is plain data — row keys as
// the parser keys them, labels, 行次 and the printed text of every non-empty cell — which
// render.ts prints as pdf.js-style text or as markdown, and tests/synthetic.test.ts reads back.
//
// Money is generated as integer hundredths of the report's unit (0.01 万元 or 1 分) in BigInt and
// printed with two decimals; no float ever touches an amount.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type Unit = '万元' | '元';
export type TableCode = '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10';
export const TABLE_CODES: TableCode[] = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'];

// ---------------------------------------------------------------- PRNG (mulberry32)

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x5bd1e995) >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** k distinct items, in their original order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const idx = items.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    return idx
      .slice(0, Math.min(k, items.length))
      .sort((a, b) => a - b)
      .map((i) => items[i]);
  }
  /** Uniform bigint in [lo, hi] (ranges up to 2^52). */
  big(lo: bigint, hi: bigint): bigint {
    const range = Number(hi - lo) + 1;
    const r = this.next() + this.next() / 4294967296;
    return lo + BigInt(Math.min(range - 1, Math.floor(r * range)));
  }
  /** Log-uniform bigint in [lo, hi], lo ≥ 1. */
  logBig(lo: bigint, hi: bigint): bigint {
    const a = Math.log(Number(lo));
    const b = Math.log(Number(hi));
    const v = BigInt(Math.round(Math.exp(a + this.next() * (b - a))));
    return v < lo ? lo : v > hi ? hi : v;
  }
}

// ---------------------------------------------------------------- report data

export interface SynthRow {
  /** Row key exactly as the parser keys the row (functional/economic code, canonical label, '合计', '1'). */
  key: string;
  /** Label as printed (full-width punctuation, ordinal prefix included). */
  label: string;
  /** 行次 of tables 01, 04 and 10. */
  rowNo?: number;
  side?: 'income' | 'expenditure';
  /** Level in the classification: 合计 row, 类 (3 digits), 款 (5), 项 (7). */
  level?: 'total' | 'class' | 'kuan' | 'item';
  /** Printed text of every non-empty cell, by column number (栏次). A blank cell is absent. */
  cells: Record<number, string>;
  /** Cells that are counts (辆, 台套), not money. */
  quantity?: boolean;
  /** 06: the amount cell is printed as a dash placeholder (────), not a number. */
  placeholder?: boolean;
  /** 01/04: the sub-rows of 年初/年末 结转和结余 are printed indented. */
  indent?: boolean;
}

export interface SynthTable {
  code: TableCode;
  /** Declared empty: printed with 说明：本表无数据 and no numbers. */
  empty: boolean;
  rows: SynthRow[];
}

export interface SynthReport {
  seed: number;
  department: string;
  year: number;
  unit: Unit;
  tables: SynthTable[];
}

export interface ReportOptions {
  unit?: Unit;
  /** Force tables 07, 08, 09 to carry data (true) or be declared empty (false). */
  data?: Partial<Record<'07' | '08' | '09', boolean>>;
  /** How zero amounts are printed: blank, "0.00", or per column at random. */
  zeros?: 'blank' | 'zero' | 'mixed';
  /** Thousands separators: never, always, or per cell at random (as the seeds mix them). */
  separators?: 'none' | 'all' | 'mixed';
}

// ---------------------------------------------------------------- classifications

const ROOT = path.join(import.meta.dirname, '..', '..');

function readCodes(file: string): Map<string, string> {
  const m = new Map<string, string>();
  const text = readFileSync(path.join(ROOT, 'data', 'classifications', file), 'utf8');
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [code, name] = line.split(',');
    if (code && name) m.set(code.trim(), name.trim());
  }
  return m;
}

/** Printed names use full-width parentheses, as the reports do. */
export const fullWidth = (s: string): string => s.replace(/\(/g, '（').replace(/\)/g, '）');

const FUNCTIONAL = readCodes('functional.csv');
const ECONOMIC = readCodes('economic.csv');

// Government-fund (政府性基金) codes of the real classification, which the reference list lacks.
const FUND_CODES: [string, string][] = [
  ['212', '城乡社区支出'],
  ['21208', '国有土地使用权出让收入安排的支出'],
  ['2120801', '征地和拆迁补偿支出'],
  ['2120802', '土地开发支出'],
  ['2120899', '其他国有土地使用权出让收入安排的支出'],
  ['229', '其他支出'],
  ['22960', '彩票公益金安排的支出'],
  ['2296002', '用于社会福利的彩票公益金支出'],
  ['2296003', '用于体育事业的彩票公益金支出'],
  ['208', '社会保障和就业支出'],
  ['20822', '大中型水库移民后期扶持基金支出'],
  ['2082201', '移民补助'],
];
const FUND_NAMES = new Map(FUND_CODES);
const FUND_ITEMS = ['2120801', '2120802', '2120899', '2296002', '2296003', '2082201'];
const STATE_CAPITAL_ITEMS = ['2230102', '2230105'];

const functionalName = (code: string): string => FUNCTIONAL.get(code) ?? FUND_NAMES.get(code) ?? `${code}`;

/** 款 of the reference list under 类 `cls`, each with its 项. */
function kuansOf(cls: string): { kuan: string; items: string[] }[] {
  const out: { kuan: string; items: string[] }[] = [];
  for (const code of FUNCTIONAL.keys()) {
    if (code.length === 5 && code.startsWith(cls) && !code.startsWith('223')) {
      const items = [...FUNCTIONAL.keys()].filter((c) => c.length === 7 && c.startsWith(code));
      if (items.length > 0) out.push({ kuan: code, items });
    }
  }
  return out;
}

/** The 26 functional 类 of the expenditure side of 01 and 04, in the form's order. */
export const FORM_CLASSES: [string, string][] = [
  ['201', '一般公共服务支出'], ['202', '外交支出'], ['203', '国防支出'], ['204', '公共安全支出'], ['205', '教育支出'],
  ['206', '科学技术支出'], ['207', '文化旅游体育与传媒支出'], ['208', '社会保障和就业支出'], ['210', '卫生健康支出'],
  ['211', '节能环保支出'], ['212', '城乡社区支出'], ['213', '农林水支出'], ['214', '交通运输支出'], ['215', '资源勘探工业信息等支出'],
  ['216', '商业服务业等支出'], ['217', '金融支出'], ['219', '援助其他地区支出'], ['220', '自然资源海洋气象等支出'],
  ['221', '住房保障支出'], ['222', '粮油物资储备支出'], ['223', '国有资本经营预算支出'], ['224', '灾害防治及应急管理支出'],
  ['229', '其他支出'], ['231', '债务还本支出'], ['232', '债务付息支出'], ['234', '抗疫特别国债安排的支出'],
];

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十', '二十一', '二十二', '二十三', '二十四', '二十五', '二十六'];

/**
 * The economic classification form of table 06: four (code, name, amount) groups side by side,
 * 28 printed lines, exactly as the national form prints it ('' = an empty group). Codes under
 * 309 and 311 are printed with a dash: 一般公共预算 basic spending has none.
 */
export const ECONOMIC_GRID: string[][] = [
  ['301', '30101', '30102', '30103', '30106', '30107', '30108', '30109', '30110', '30111', '30112', '30113', '30114', '30199', '303', '30301', '30302', '30303', '30304', '30305', '30306', '30307', '30308', '30309', '30310', '30311', '30399', ''],
  ['302', '30201', '30202', '30203', '30204', '30205', '30206', '30207', '30208', '30209', '30211', '30212', '30213', '30214', '30215', '30216', '30217', '30218', '30224', '30225', '30226', '30227', '30228', '30229', '30231', '30239', '30240', '30299'],
  ['307', '30701', '30702', '30703', '30704', '309', '30901', '30902', '30903', '30905', '30906', '30907', '30908', '30913', '30919', '30921', '30922', '30999', '310', '31001', '31002', '31003', '31005', '31006', '31007', '31008', '31009', '31010'],
  ['31011', '31012', '31013', '31019', '31021', '31022', '31099', '311', '31101', '31199', '312', '31201', '31203', '31204', '31205', '31299', '313', '31302', '31303', '31304', '399', '39907', '39908', '39909', '39910', '39999', '', ''],
];

// Names the national form prints for codes the reference list lacks.
const FORM_ECONOMIC_NAMES: Record<string, string> = {
  30701: '国内债务付息', 30702: '国外债务付息', 30703: '国内债务发行费用', 30704: '国外债务发行费用',
  30901: '房屋建筑物构建', 30902: '办公设备购置', 30903: '专用设备购置', 30905: '基础设施建设', 30906: '大型修缮',
  30907: '信息网络及软件购置更新', 30908: '物资储备', 30913: '公务用车购置', 30919: '其他交通工具购置', 30921: '文物和陈列品购置',
  30922: '无形资产购置', 30999: '其他资本性支出', 31009: '土地补偿', 31010: '安置补助', 31011: '地上附着物和青苗补偿', 31012: '拆迁补偿',
  311: '对企业补助(基本建设)', 31101: '资本金注入', 31199: '其他对企业补助', 31201: '资本金注入', 31203: '政府投资基金股权投资',
  31204: '费用补贴', 31205: '利息补贴', 31299: '其他对企业补助', 31302: '对社会保险基金补助', 31303: '补充全国社会保障基金',
  31304: '对机关事业单位职业年金的补助', 39907: '国家赔偿费用支出', 39908: '对民间非营利组织和群众性自治组织补贴', 39909: '经常性赠与',
  39910: '资本性赠与', 39999: '其他支出',
};

export const economicName = (code: string): string => fullWidth(ECONOMIC.get(code) ?? FORM_ECONOMIC_NAMES[code] ?? code);
const dashed = (code: string): boolean => code.startsWith('309') || code.startsWith('311');

/** Table 10 rows: 行次, printed label, the key the parser gives it, whether it is a count. */
export const T10_ROWS: { rowNo: number; label: string; key: string; quantity?: boolean; section?: string }[] = [
  { rowNo: 1, label: '合计', key: '合计', section: '一、政府采购情况' },
  { rowNo: 2, label: '货物', key: '货物' },
  { rowNo: 3, label: '工程', key: '工程' },
  { rowNo: 4, label: '服务', key: '服务' },
  { rowNo: 5, label: '（一）行政单位', key: '行政单位', section: '二、机关运行经费' },
  { rowNo: 6, label: '（二）参照公务员法管理事业单位', key: '参照公务员法管理事业单位' },
  { rowNo: 7, label: '（一）车辆数合计（辆）', key: '车辆数合计(辆)', quantity: true, section: '三、国有资产占用情况' },
  { rowNo: 8, label: '1.副部（省）级及以上领导用车', key: '副部(省)级及以上领导用车', quantity: true },
  { rowNo: 9, label: '2.主要负责人用车', key: '主要负责人用车', quantity: true },
  { rowNo: 10, label: '3.机要通信用车', key: '机要通信用车', quantity: true },
  { rowNo: 11, label: '4.应急保障用车', key: '应急保障用车', quantity: true },
  { rowNo: 12, label: '5.执法执勤用车', key: '执法执勤用车', quantity: true },
  { rowNo: 13, label: '6.特种专业技术用车', key: '特种专业技术用车', quantity: true },
  { rowNo: 14, label: '7.离退休干部服务用车', key: '离退休干部服务用车', quantity: true },
  { rowNo: 15, label: '8.其他用车', key: '其他用车', quantity: true },
  { rowNo: 17, label: '（二）单价100万元（含）以上设备（不含车辆）', key: '单价100万元(含)以上设备(不含车辆)', quantity: true },
];

// ---------------------------------------------------------------- departments

const PLACES = ['长治市屯留区', '长治市上党区', '某某县', '平顺县', '沁源县', '武乡县', '黎城县', '壶关县', '长子县', '襄垣县', '某某市某某区', '潞城区'];
const AGENCIES = [
  '发展和改革局', '财政局', '民政局', '人民政府办公室', '工业和信息化局', '卫生健康局', '住房和城乡建设局', '自然资源局', '交通运输局',
  '农业农村局', '水利局', '审计局', '统计局', '应急管理局', '司法局', '文化和旅游局', '医疗保障局', '市场监督管理局', '退役军人事务局', '行政审批服务管理局',
];

function department(rng: Rng): string {
  const place = rng.pick(PLACES);
  if (rng.chance(0.12)) return `中共${place}委${rng.pick(['组织部', '宣传部', '统战部', '政法委员会'])}`;
  return place + rng.pick(AGENCIES);
}

// ---------------------------------------------------------------- amounts and printing

type Fund = 'gp' | 'gf' | 'sc' | 'nf';
const FUNDS: Fund[] = ['gp', 'gf', 'sc', 'nf'];

interface FundFlow {
  basic: bigint;
  project: bigint;
  carry: bigint;
  end: bigint;
}

interface Item {
  code: string;
  kuan: string;
  cls: string;
  flows: Record<Fund, FundFlow>;
  /** 03 columns 4–6 (上缴上级支出, 经营支出, 对附属单位补助支出), non-fiscal money. */
  upper: bigint;
  business: bigint;
  subsidiary: bigint;
  /** 02 column (3 上级补助 4 事业 6 附属单位上缴 7 其他) that funds the non-fiscal spending. */
  nfSource: number;
}

const zeroFlow = (): FundFlow => ({ basic: 0n, project: 0n, carry: 0n, end: 0n });
const sum = (xs: bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);
const spend = (f: FundFlow): bigint => f.basic + f.project;
const income = (f: FundFlow): bigint => f.basic + f.project + f.end - f.carry;

/** Splits `total` into k parts, each ≥ min (when total allows), at random. */
function partition(rng: Rng, total: bigint, k: number, min = 1n): bigint[] {
  if (k <= 0) return [];
  if (total < min * BigInt(k)) {
    const parts = new Array<bigint>(k).fill(0n);
    parts[0] = total;
    return parts;
  }
  const rest = total - min * BigInt(k);
  const weights = Array.from({ length: k }, () => BigInt(Math.floor(rng.next() * 1000) + 1));
  const w = sum(weights);
  const parts = weights.map((x) => min + (rest * x) / w);
  parts[rng.int(0, k - 1)] += total - sum(parts);
  return parts;
}

/**
 * Prints hundredths of the unit with two decimals ("1234.56", "1,234.56", "-0.35"). Zero is
 * printed as "0.00" or left blank (undefined) as the report's zero style says.
 */
class Printer {
  private zeroCols = new Map<string, boolean>();
  constructor(
    private rng: Rng,
    private zeros: 'blank' | 'zero' | 'mixed',
    private separators: 'none' | 'all' | 'mixed',
  ) {}
  zeroPrinted(table: string, col: number): boolean {
    if (this.zeros === 'blank') return false;
    if (this.zeros === 'zero') return true;
    const k = `${table}/${col}`;
    if (!this.zeroCols.has(k)) this.zeroCols.set(k, this.rng.chance(0.5));
    return this.zeroCols.get(k)!;
  }
  money(v: bigint, table: string, col: number): string | undefined {
    if (v === 0n && !this.zeroPrinted(table, col)) return undefined;
    const neg = v < 0n;
    const a = neg ? -v : v;
    let int = (a / 100n).toString();
    const frac = (a % 100n).toString().padStart(2, '0');
    const sep = this.separators === 'all' || (this.separators === 'mixed' && this.rng.chance(0.5));
    if (sep) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${neg ? '-' : ''}${int}.${frac}`;
  }
  count(n: number, table: string, col: number): string | undefined {
    if (n === 0 && !this.zeroPrinted(table, col)) return undefined;
    return String(n);
  }
}

function setCells(p: Printer, table: string, values: Record<number, bigint>): Record<number, string> {
  const cells: Record<number, string> = {};
  for (const [c, v] of Object.entries(values)) {
    const t = p.money(v, table, Number(c));
    if (t !== undefined) cells[Number(c)] = t;
  }
  return cells;
}

// ---------------------------------------------------------------- the report

/** A random report whose tables satisfy every identity the parser checks, exactly. */
export function randomReport(seed: number, opts: ReportOptions = {}): SynthReport {
  const rng = new Rng(seed);
  const unit: Unit = opts.unit ?? (rng.chance(0.25) ? '元' : '万元');
  const year = rng.int(2021, 2024);
  const dept = department(rng);
  const zeros = opts.zeros ?? rng.pick(['blank', 'blank', 'zero', 'mixed'] as const);
  const separators = opts.separators ?? rng.pick(['none', 'all', 'mixed', 'mixed'] as const);
  const p = new Printer(rng, zeros, separators);
  const has07 = opts.data?.['07'] ?? rng.chance(0.3);
  const has08 = opts.data?.['08'] ?? rng.chance(0.25);
  const has09 = opts.data?.['09'] ?? rng.chance(0.45);

  // An amount in hundredths of the unit, log-uniform between lo and hi hundredths of 万元.
  const amount = (lo: number, hi: number): bigint => {
    const wan = rng.logBig(BigInt(lo), BigInt(hi));
    return unit === '万元' ? wan : wan * 10000n + rng.big(0n, 9999n);
  };

  // --- functional classification: which 类 / 款 / 项 the department spends on
  const items: Item[] = [];
  const addItem = (code: string, flows: Partial<Record<Fund, FundFlow>>) => {
    items.push({
      code,
      kuan: code.slice(0, 5),
      cls: code.slice(0, 3),
      flows: { gp: zeroFlow(), gf: zeroFlow(), sc: zeroFlow(), nf: zeroFlow(), ...flows },
      upper: 0n,
      business: 0n,
      subsidiary: 0n,
      nfSource: rng.pick([3, 4, 6, 7, 7]),
    });
  };
  const isBasic = (code: string) => /行政运行|事业运行|机关服务|离退休|养老保险|职业年金|医疗|住房公积金|购房补贴/.test(functionalName(code));
  const gpFlow = (code: string): FundFlow => {
    const basic = isBasic(code);
    const f = zeroFlow();
    if (basic || rng.chance(0.1)) f.basic = amount(basic ? 50 : 10, basic ? 300_000 : 50_000);
    if (!basic || rng.chance(0.2)) f.project = amount(5, rng.chance(0.1) ? 15_000_000 : 500_000);
    // A refund of an earlier year's project spending: the project column printed negative.
    if (f.basic > 0n && rng.chance(0.03)) f.project = -(f.basic / BigInt(rng.int(20, 200)) + 1n);
    if (rng.chance(0.2)) f.end = amount(1, 50_000);
    if (rng.chance(0.2)) f.carry = (amount(1, 50_000) * BigInt(rng.int(1, 9))) / 10n;
    if (f.carry > spend(f) + f.end) f.carry = spend(f) + f.end > 0n ? spend(f) + f.end : 0n;
    return f;
  };

  const mainKuans = kuansOf('201');
  const chosen201 = rng.sample(mainKuans, rng.int(1, 2));
  const classes = ['201', ...rng.sample(['206', '211', '213', '215'], rng.int(0, 2)), ...['208', '210', '221'].filter(() => rng.chance(0.85))];
  for (const cls of [...new Set(classes)].sort()) {
    const kuans = cls === '201' ? chosen201 : rng.sample(kuansOf(cls), rng.int(1, 2));
    for (const k of kuans) {
      let picked = rng.sample(k.items, rng.int(1, k.items.length));
      // Every 201 款 runs its office: 行政运行 carries the basic spending.
      const run = k.items.find((c) => functionalName(c) === '行政运行');
      if (cls === '201' && run && !picked.includes(run)) picked = [run, ...picked].sort();
      for (const code of picked) addItem(code, { gp: gpFlow(code) });
    }
  }
  if (has07) {
    for (const code of rng.sample(FUND_ITEMS, rng.int(1, 3))) {
      const f = zeroFlow();
      if (rng.chance(0.15)) f.basic = amount(10, 20_000);
      f.project = amount(10, 2_000_000);
      if (rng.chance(0.5)) f.carry = amount(1, 100_000);
      if (rng.chance(0.5)) f.end = amount(1, 100_000);
      if (f.carry > spend(f) + f.end) f.carry = spend(f) + f.end;
      addItem(code, { gf: f });
    }
  }
  if (has08) {
    for (const code of rng.sample(STATE_CAPITAL_ITEMS, rng.int(1, 2))) {
      const f = zeroFlow();
      if (rng.chance(0.2)) f.basic = amount(10, 20_000);
      f.project = amount(100, 2_000_000);
      addItem(code, { sc: f });
    }
  }
  items.sort((a, b) => (a.code < b.code ? -1 : 1));

  // Non-fiscal money (上级补助, 事业, 其他收入 …) for a few items, and rarely 03's columns 4–6.
  if (rng.chance(0.35)) {
    for (const it of rng.sample(items, rng.int(1, 3))) {
      const f = it.flows.nf;
      if (rng.chance(0.5)) f.basic = amount(1, 20_000);
      else f.project = amount(1, 50_000);
      if (rng.chance(0.2)) f.end = amount(1, 5_000);
    }
  }
  if (rng.chance(0.12)) rng.pick(items).business = amount(1, 10_000);
  if (rng.chance(0.08)) rng.pick(items).upper = amount(1, 10_000);
  if (rng.chance(0.08)) rng.pick(items).subsidiary = amount(1, 10_000);

  const nfSpend = (it: Item) => spend(it.flows.nf) + it.upper + it.business + it.subsidiary;
  const row03 = (it: Item): Record<number, bigint> => {
    const b = sum(FUNDS.map((f) => it.flows[f].basic));
    const pr = sum(FUNDS.map((f) => it.flows[f].project));
    return { 1: b + pr + it.upper + it.business + it.subsidiary, 2: b, 3: pr, 4: it.upper, 5: it.business, 6: it.subsidiary };
  };
  const row02 = (it: Item): Record<number, bigint> => {
    const v: Record<number, bigint> = { 2: income(it.flows.gp) + income(it.flows.gf) + income(it.flows.sc), 3: 0n, 4: 0n, 5: it.business, 6: 0n, 7: 0n };
    v[it.nfSource] += nfSpend(it) - it.business + it.flows.nf.end - it.flows.nf.carry;
    v[1] = v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
    return v;
  };
  const row05 = (it: Item): Record<number, bigint> => ({ 1: spend(it.flows.gp), 2: it.flows.gp.basic, 3: it.flows.gp.project });
  const row07 = (it: Item): Record<number, bigint> => {
    const f = it.flows.gf;
    return { 1: f.carry, 2: income(f), 3: spend(f), 4: f.basic, 5: f.project, 6: f.end };
  };
  const row08 = (it: Item): Record<number, bigint> => ({ 1: spend(it.flows.sc), 2: it.flows.sc.basic, 3: it.flows.sc.project });

  const tables: SynthTable[] = [];
  const codedTable = (code: TableCode, cols: number[], values: (it: Item) => Record<number, bigint>, include: (it: Item) => boolean, empty: boolean): SynthTable => {
    if (empty) return { code, empty: true, rows: [] };
    const rows: SynthRow[] = [];
    const its = items.filter(include);
    const add = (vs: Record<number, bigint>[]): Record<number, bigint> => Object.fromEntries(cols.map((c) => [c, sum(vs.map((v) => v[c]))]));
    const vals = new Map(its.map((it) => [it.code, values(it)]));
    rows.push({ key: '合计', label: '合计', level: 'total', cells: setCells(p, code, add([...vals.values()])) });
    for (const cls of [...new Set(its.map((i) => i.cls))]) {
      const inCls = its.filter((i) => i.cls === cls);
      rows.push({ key: cls, label: fullWidth(functionalName(cls)), level: 'class', cells: setCells(p, code, add(inCls.map((i) => vals.get(i.code)!))) });
      for (const kuan of [...new Set(inCls.map((i) => i.kuan))]) {
        const inKuan = inCls.filter((i) => i.kuan === kuan);
        rows.push({ key: kuan, label: fullWidth(functionalName(kuan)), level: 'kuan', cells: setCells(p, code, add(inKuan.map((i) => vals.get(i.code)!))) });
        for (const it of inKuan) rows.push({ key: it.code, label: fullWidth(functionalName(it.code)), level: 'item', cells: setCells(p, code, vals.get(it.code)!) });
      }
    }
    return { code, empty: false, rows };
  };

  const t02 = codedTable('02', [1, 2, 3, 4, 5, 6, 7], row02, (it) => Object.values(row02(it)).some((v) => v !== 0n), false);
  const t03 = codedTable('03', [1, 2, 3, 4, 5, 6], row03, () => true, false);
  const t05 = codedTable('05', [1, 2, 3], row05, (it) => spend(it.flows.gp) !== 0n, false);
  const t07 = codedTable('07', [1, 2, 3, 4, 5, 6], row07, (it) => Object.values(row07(it)).some((v) => v !== 0n), !has07);
  const t08 = codedTable('08', [1, 2, 3], row08, (it) => spend(it.flows.sc) !== 0n, !has08);

  // --- fund totals
  const total = (f: Fund, k: keyof FundFlow) => sum(items.map((it) => it.flows[f][k]));
  const inc = (f: Fund) => sum(items.map((it) => income(it.flows[f])));
  const spent = (f: Fund) => total(f, 'basic') + total(f, 'project');
  const nfBySource = (col: number) => sum(items.map((it) => row02(it)[col]));
  const gpBasic = total('gp', 'basic');

  // --- 01 收入支出决算总表
  const incomeYear = sum(items.map((it) => row02(it)[1]));
  const spendYear = sum(items.map((it) => row03(it)[1]));
  const carryAll = sum(FUNDS.map((f) => total(f, 'carry')));
  const endAll = sum(FUNDS.map((f) => total(f, 'end')));
  const usedBalance = rng.chance(0.12) ? amount(1, 20_000) : 0n; // 使用非财政拨款结余和专用结余
  let distributed = rng.chance(0.1) ? amount(1, 5_000) : rng.chance(0.08) ? -amount(1, 5_000) : 0n; // 结余分配
  if (distributed > endAll + usedBalance) distributed = endAll + usedBalance;
  const end01 = endAll + usedBalance - distributed;
  {
    const rows: SynthRow[] = [];
    const incomeRows: [number, string, string, bigint][] = [
      [1, '一、一般公共预算财政拨款收入', '一般公共预算财政拨款收入', inc('gp')],
      [2, '二、政府性基金预算财政拨款收入', '政府性基金预算财政拨款收入', inc('gf')],
      [3, '三、国有资本经营预算财政拨款收入', '国有资本经营预算财政拨款收入', inc('sc')],
      [4, '四、上级补助收入', '上级补助收入', nfBySource(3)],
      [5, '五、事业收入', '事业收入', nfBySource(4)],
      [6, '六、经营收入', '经营收入', nfBySource(5)],
      [7, '七、附属单位上缴收入', '附属单位上缴收入', nfBySource(6)],
      [8, '八、其他收入', '其他收入', nfBySource(7)],
    ];
    for (const [n, label, key, v] of incomeRows) rows.push({ key, label, rowNo: n, side: 'income', cells: setCells(p, '01', { 1: v }) });
    for (let n = 9; n <= 26; n++) rows.push({ key: `income:行${n}`, label: '', rowNo: n, side: 'income', cells: {} });
    rows.push({ key: '本年收入合计', label: '本年收入合计', rowNo: 27, side: 'income', cells: setCells(p, '01', { 1: incomeYear }) });
    rows.push({ key: '使用非财政拨款结余和专用结余', label: '使用非财政拨款结余和专用结余', rowNo: 28, side: 'income', cells: setCells(p, '01', { 1: usedBalance }) });
    rows.push({ key: '年初结转和结余', label: '年初结转和结余', rowNo: 29, side: 'income', cells: setCells(p, '01', { 1: carryAll }) });
    rows.push({ key: '年初结转和结余:行30', label: '', rowNo: 30, side: 'income', cells: {} });
    rows.push({ key: 'income:总计', label: '总计', rowNo: 31, side: 'income', cells: setCells(p, '01', { 1: incomeYear + usedBalance + carryAll }) });
    FORM_CLASSES.forEach(([cls, name], i) => {
      const v = sum(items.filter((it) => it.cls === cls).map((it) => row03(it)[1]));
      rows.push({ key: cls, label: `${ORDINALS[i]}、${name}`, rowNo: 32 + i, side: 'expenditure', cells: setCells(p, '01', { 2: v }) });
    });
    rows.push({ key: '本年支出合计', label: '本年支出合计', rowNo: 58, side: 'expenditure', cells: setCells(p, '01', { 2: spendYear }) });
    rows.push({ key: '结余分配', label: '结余分配', rowNo: 59, side: 'expenditure', cells: setCells(p, '01', { 2: distributed }) });
    rows.push({ key: '年末结转和结余', label: '年末结转和结余', rowNo: 60, side: 'expenditure', cells: setCells(p, '01', { 2: end01 }) });
    rows.push({ key: '年末结转和结余:行61', label: '', rowNo: 61, side: 'expenditure', cells: {} });
    rows.push({ key: 'expenditure:总计', label: '总计', rowNo: 62, side: 'expenditure', cells: setCells(p, '01', { 2: spendYear + distributed + end01 }) });
    tables.push({ code: '01', empty: false, rows });
  }
  tables.push(t02, t03);

  // --- 04 财政拨款收入支出决算总表
  {
    const rows: SynthRow[] = [];
    const fiscal: Fund[] = ['gp', 'gf', 'sc'];
    const names = ['一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'];
    fiscal.forEach((f, i) => rows.push({ key: names[i], label: `${ORDINALS[i]}、${names[i]}`, rowNo: i + 1, side: 'income', cells: setCells(p, '04', { 1: inc(f) }) }));
    for (let n = 4; n <= 26; n++) rows.push({ key: `income:行${n}`, label: '', rowNo: n, side: 'income', cells: {} });
    const incYear = sum(fiscal.map(inc));
    const carry = sum(fiscal.map((f) => total(f, 'carry')));
    rows.push({ key: '本年收入合计', label: '本年收入合计', rowNo: 27, side: 'income', cells: setCells(p, '04', { 1: incYear }) });
    rows.push({ key: '年初财政拨款结转和结余', label: '年初财政拨款结转和结余', rowNo: 28, side: 'income', cells: setCells(p, '04', { 1: carry }) });
    fiscal.forEach((f, i) =>
      rows.push({ key: `年初财政拨款结转和结余:${names[i]}`, label: names[i], rowNo: 29 + i, side: 'income', indent: true, cells: setCells(p, '04', { 1: total(f, 'carry') }) }),
    );
    rows.push({ key: 'income:总计', label: '总计', rowNo: 32, side: 'income', cells: setCells(p, '04', { 1: incYear + carry }) });
    const byFund = (vals: bigint[]): Record<number, bigint> => ({ 2: vals[0] + vals[1] + vals[2], 3: vals[0], 4: vals[1], 5: vals[2] });
    FORM_CLASSES.forEach(([cls, name], i) => {
      const v = fiscal.map((f) => sum(items.filter((it) => it.cls === cls).map((it) => spend(it.flows[f]))));
      rows.push({ key: cls, label: `${ORDINALS[i]}、${name}`, rowNo: 33 + i, side: 'expenditure', cells: setCells(p, '04', byFund(v)) });
    });
    const sp = fiscal.map(spent);
    const en = fiscal.map((f) => total(f, 'end'));
    rows.push({ key: '本年支出合计', label: '本年支出合计', rowNo: 59, side: 'expenditure', cells: setCells(p, '04', byFund(sp)) });
    rows.push({ key: '年末财政拨款结转和结余', label: '年末财政拨款结转和结余', rowNo: 60, side: 'expenditure', cells: setCells(p, '04', byFund(en)) });
    for (let n = 61; n <= 63; n++) rows.push({ key: `年末财政拨款结转和结余:行${n}`, label: '', rowNo: n, side: 'expenditure', cells: {} });
    rows.push({ key: 'expenditure:总计', label: '总计', rowNo: 64, side: 'expenditure', cells: setCells(p, '04', byFund(sp.map((s, i) => s + en[i]))) });
    tables.push({ code: '04', empty: false, rows });
  }
  tables.push(t05);

  // --- 06 基本支出决算明细表: 人员经费 (301, 303) + 公用经费 (302, 310) = 05 合计 基本支出
  let office: bigint;
  {
    office = gpBasic / BigInt(rng.int(6, 40));
    if (office === 0n && gpBasic > 0n) office = 1n;
    const staff = gpBasic - office;
    const welfare = rng.chance(0.6) ? staff / BigInt(rng.int(12, 150)) : 0n; // 303
    const salary = staff - welfare; // 301
    const capital = rng.chance(0.15) ? office / BigInt(rng.int(3, 8)) : 0n; // 310
    const goods = office - capital; // 302
    const values = new Map<string, bigint>();
    const spread = (cls: string, amountTotal: bigint, pool: string[], k: number) => {
      const codes = rng.sample(pool, k);
      values.set(cls, amountTotal);
      partition(rng, amountTotal, codes.length).forEach((v, i) => values.set(codes[i], v));
    };
    spread('301', salary, ['30101', '30102', '30103', '30106', '30107', '30108', '30109', '30110', '30111', '30112', '30113', '30114', '30199'], rng.int(3, 11));
    if (welfare > 0n) spread('303', welfare, ['30301', '30302', '30304', '30305', '30309', '30399'], rng.int(1, 3));
    spread('302', goods, ECONOMIC_GRID[1].slice(1), rng.int(2, 14));
    if (capital > 0n) spread('310', capital, ['31002', '31003', '31007', '31099'], rng.int(1, 2));
    const rows: SynthRow[] = [];
    for (const column of ECONOMIC_GRID) {
      for (const code of column) {
        if (!code) continue;
        const level = code.length === 3 ? 'class' : 'kuan';
        if (dashed(code)) rows.push({ key: code, label: economicName(code), level, placeholder: true, cells: {} });
        else rows.push({ key: code, label: economicName(code), level, cells: setCells(p, '06', { 1: values.get(code) ?? 0n }) });
      }
    }
    rows.push({ key: '人员经费合计', label: '人员经费合计', level: 'total', cells: setCells(p, '06', { 1: staff }) });
    rows.push({ key: '公用经费合计', label: '公用经费合计', level: 'total', cells: setCells(p, '06', { 1: office }) });
    tables.push({ code: '06', empty: false, rows });
  }
  tables.push(t07, t08);

  // --- 09 "三公"经费: 合计 = 出国 + 公务用车小计 + 接待, 小计 = 购置 + 运行维护, budget (1–6) and final (7–12)
  if (has09) {
    const abroad = rng.chance(0.1) ? amount(50, 2_000) : 0n;
    const purchase = rng.chance(0.15) ? amount(500, 5_000) : 0n;
    const running = rng.chance(0.65) ? amount(20, 3_000) : 0n;
    let reception = rng.chance(0.85) ? amount(5, 2_000) : 0n;
    if (abroad + purchase + running + reception === 0n) reception = amount(5, 2_000);
    const budget = [abroad, purchase, running, reception];
    const final = budget.map((b) => (rng.chance(0.3) ? b : (b * BigInt(rng.int(0, 100))) / 100n));
    const half = ([a, pu, ru, re]: bigint[], base: number): Record<number, bigint> => ({
      [base]: a + pu + ru + re,
      [base + 1]: a,
      [base + 2]: pu + ru,
      [base + 3]: pu,
      [base + 4]: ru,
      [base + 5]: re,
    });
    tables.push({ code: '09', empty: false, rows: [{ key: '1', label: '三公经费', cells: setCells(p, '09', { ...half(budget, 1), ...half(final, 7) }) }] });
  } else tables.push({ code: '09', empty: true, rows: [] });

  // --- 10 统计表: 机关运行经费 = 06 公用经费合计
  {
    const purchase = rng.chance(0.75) ? amount(10, 500_000) : 0n;
    const [goods, works, services] = rng.chance(0.5) ? [purchase, 0n, 0n] : partition(rng, purchase, 3, 0n);
    const reference = rng.chance(0.2) ? office / BigInt(rng.int(2, 5)) : 0n; // 参照公务员法管理事业单位
    const vehicles = new Map<number, number>();
    for (let i = rng.int(0, 4); i > 0; i--) {
      const r = rng.pick([9, 11, 12, 13, 15, 15]);
      vehicles.set(r, (vehicles.get(r) ?? 0) + 1);
    }
    const nVehicles = [...vehicles.values()].reduce((a, b) => a + b, 0);
    const equipment = rng.chance(0.2) ? rng.int(1, 3) : 0;
    const money: Record<number, bigint> = { 1: purchase, 2: goods, 3: works, 4: services, 5: office - reference, 6: reference };
    const rows: SynthRow[] = T10_ROWS.map((r) => {
      let cells: Record<number, string> = {};
      if (r.rowNo <= 6) {
        const t = p.money(money[r.rowNo], '10', 1);
        if (t !== undefined) cells = { 1: t };
      } else {
        const n = r.rowNo === 7 ? nVehicles : r.rowNo === 17 ? equipment : (vehicles.get(r.rowNo) ?? 0);
        const t = p.count(n, '10', 2);
        if (t !== undefined) cells = { 1: t };
      }
      return { key: r.key, label: r.label, rowNo: r.rowNo, quantity: r.quantity, cells };
    });
    tables.push({ code: '10', empty: false, rows });
  }
  return { seed, department: dept, year, unit, tables };
}

/** Table `code` of a report. */
export function table(report: SynthReport, code: TableCode): SynthTable {
  return report.tables.find((t) => t.code === code)!;
}
