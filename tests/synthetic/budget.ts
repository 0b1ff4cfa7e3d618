// Synthetic budget (预算) reports in the two layouts of the real ones (../shared/pdf/budget/), and
// in the national 部门预算公开 template's (财政部: 部门收支总表 …, 基本支出 split into 人员经费 and
// 公用经费, amounts in 元 or 万元), which the tests have no real report of:
// Shanghai's nine tables (收支总表 of two panels, tables by code with 类 款 项 in columns of their
// own) and Jiangsu's (a three-panel 收支总表, 收入预算总表 as a list, 支出预算总表 as its total
// alone, tables by whole code with one 金额 column, 会议费 and 培训费 in the "三公" table). The
// text is what pdf-parse makes of such a PDF: a row's cells on one line, tab-separated. Every
// identity holds exactly; money is integer hundredths of the unit in BigInt.
import { Rng } from './generate.js';

export type BudgetLayout = 'shanghai' | 'jiangsu' | 'national';

export interface BudgetItem {
  /** 项 code (7 digits). */
  code: string;
  name: string;
  basic: bigint;
  project: bigint;
}

export interface SynthBudget {
  department: string;
  year: number;
  unit: '万元' | '元';
  layout: BudgetLayout;
  /** 类 and 款 names by code. */
  names: Map<string, string>;
  items: BudgetItem[];
  /** Basic spending by economic 款: [code, name, staff (人员经费) or office (公用经费), amount]. */
  economic: [string, string, 'staff' | 'office', bigint][];
  threePublic: { travel: bigint; purchase: bigint; operation: bigint; reception: bigint; meetings: bigint; training: bigint; running: bigint };
  text: string;
  /** table|row_key|col → amount in the unit's hundredths, for every cell the parser should load. */
  expected: Map<string, bigint>;
}

const CLASS_NAMES: Record<string, string> = { '201': '一般公共服务支出', '204': '公共安全支出', '208': '社会保障和就业支出', '210': '卫生健康支出', '221': '住房保障支出' };
const KUANS: [string, string, [string, string][]][] = [
  ['20103', '政府办公厅（室）及相关机构事务', [['2010301', '行政运行'], ['2010302', '一般行政管理事务'], ['2010350', '事业运行']]],
  ['20106', '财政事务', [['2010601', '行政运行'], ['2010607', '信息化建设']]],
  ['20405', '法院', [['2040501', '行政运行'], ['2040504', '案件审判']]],
  ['20805', '行政事业单位养老支出', [['2080501', '行政单位离退休'], ['2080505', '机关事业单位基本养老保险缴费支出']]],
  ['21011', '行政事业单位医疗', [['2101101', '行政单位医疗']]],
  ['22102', '住房改革支出', [['2210201', '住房公积金'], ['2210203', '购房补贴']]],
];
const ECONOMIC: [string, string, 'staff' | 'office'][] = [
  ['30101', '基本工资', 'staff'], ['30102', '津贴补贴', 'staff'], ['30108', '机关事业单位基本养老保险缴费', 'staff'],
  ['30201', '办公费', 'office'], ['30211', '差旅费', 'office'], ['30299', '其他商品和服务支出', 'office'],
];
const ECONOMIC_CLASSES: Record<string, string> = { '301': '工资福利支出', '302': '商品和服务支出' };
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** An amount printed with two decimals and thousands separators. */
export function money(hundredths: bigint): string {
  const neg = hundredths < 0n;
  const v = neg ? -hundredths : hundredths;
  const whole = (v / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${whole}.${(v % 100n).toString().padStart(2, '0')}`;
}

/** Splits `total` into `n` positive parts at random. */
function split(rng: Rng, total: bigint, n: number): bigint[] {
  const parts: bigint[] = [];
  let left = total;
  for (let i = n; i > 1; i--) {
    const p = left <= BigInt(i) ? 1n : rng.big(1n, left - BigInt(i - 1));
    parts.push(p);
    left -= p;
  }
  return [...parts, left];
}

export interface BudgetOptions {
  department?: string;
  year?: number;
  layout?: BudgetLayout;
  unit?: '万元' | '元';
  /** The 项 to budget, with their amounts (hundredths of the unit): a pair with a 决算 fixes them. */
  items?: BudgetItem[];
  /** Names of the 类 and 款 of `items`. */
  names?: Map<string, string>;
}

export function randomBudget(seed: number, opts: BudgetOptions = {}): SynthBudget {
  const rng = new Rng(seed);
  const layout = opts.layout ?? rng.pick(['shanghai', 'jiangsu', 'national'] as const);
  const unit = opts.unit ?? (layout === 'jiangsu' ? '万元' : rng.pick(['元', '万元'] as const));
  const names = new Map<string, string>(Object.entries(CLASS_NAMES));
  for (const [k, n] of KUANS) names.set(k, n);
  for (const [k, n] of opts.names ?? []) names.set(k, n);
  const scale = unit === '元' ? 10000n : 1n;
  const items: BudgetItem[] =
    opts.items ??
    rng.sample(KUANS, rng.int(2, 4)).flatMap(([, , its]) =>
      rng.sample(its, rng.int(1, its.length)).map(([code, name]) => {
        const basic = rng.chance(0.7) ? rng.logBig(100n, 50_000_000n) * scale : 0n;
        const project = rng.chance(0.6) || basic === 0n ? rng.logBig(100n, 50_000_000n) * scale : 0n;
        return { code, name, basic, project };
      }),
    );
  items.sort((a, b) => a.code.localeCompare(b.code));
  const basicTotal = items.reduce((s, i) => s + i.basic, 0n);
  const economic: SynthBudget['economic'] = [];
  if (basicTotal > 0n) {
    const picked = rng.sample(ECONOMIC, rng.int(2, ECONOMIC.length));
    if (!picked.some((e) => e[2] === 'staff')) picked.unshift(ECONOMIC[0]);
    split(rng, basicTotal, picked.length).forEach((amount, i) => economic.push([picked[i][0], picked[i][1], picked[i][2], amount]));
    economic.sort((a, b) => a[0].localeCompare(b[0]));
  }
  const small = () => (rng.chance(0.7) ? rng.big(1n, 2_000_000n) * scale : 0n);
  const threePublic = { travel: small(), purchase: small(), operation: small(), reception: small(), meetings: small(), training: small(), running: rng.big(1n, 20_000_000n) * scale };
  const b: SynthBudget = {
    department: opts.department ?? rng.pick(['上海市普陀区审计局', '江苏省档案局', '上海市普陀区统计局', '江苏省人民检察院']),
    year: opts.year ?? rng.int(2017, 2025),
    unit,
    layout,
    names,
    items,
    economic,
    threePublic,
    text: '',
    expected: new Map(),
  };
  b.text = layout === 'shanghai' ? renderShanghai(b) : layout === 'jiangsu' ? renderJiangsu(b) : renderNational(b);
  return b;
}

interface Sums {
  code: string;
  name: string;
  level: 'class' | 'kuan' | 'item';
  basic: bigint;
  project: bigint;
}

/** 类, 款 and 项 rows in table order, with their sums. */
function codedRows(b: SynthBudget): Sums[] {
  const rows: Sums[] = [];
  for (const cls of [...new Set(b.items.map((i) => i.code.slice(0, 3)))]) {
    const inClass = b.items.filter((i) => i.code.startsWith(cls));
    rows.push({ code: cls, name: b.names.get(cls)!, level: 'class', basic: sum(inClass, 'basic'), project: sum(inClass, 'project') });
    for (const kuan of [...new Set(inClass.map((i) => i.code.slice(0, 5)))]) {
      const inKuan = inClass.filter((i) => i.code.startsWith(kuan));
      rows.push({ code: kuan, name: b.names.get(kuan)!, level: 'kuan', basic: sum(inKuan, 'basic'), project: sum(inKuan, 'project') });
      for (const i of inKuan) rows.push({ code: i.code, name: i.name, level: 'item', basic: i.basic, project: i.project });
    }
  }
  return rows;
}

const sum = (items: { basic: bigint; project: bigint }[], k: 'basic' | 'project') => items.reduce((s, i) => s + i[k], 0n);
const cell = (v: bigint) => (v === 0n ? '' : money(v));
const line = (...cells: string[]) => cells.join(' \t').replace(/( \t)+$/, '');

/** What both layouts print from: the coded rows and totals, and the recorder of expected cells (blanks are not cells). */
function printing(b: SynthBudget) {
  const rows = codedRows(b);
  const basic = sum(b.items, 'basic');
  const project = sum(b.items, 'project');
  const expect = (table: string, key: string, col: number, v: bigint) => v !== 0n && b.expected.set(`${table}|${key}|${col}`, v);
  return { rows, basic, project, total: basic + project, classes: rows.filter((r) => r.level === 'class'), expect };
}

/** B06's rows by economic 类 and 款, each in 合计 and in 人员经费 or 公用经费; the 款 code split in two cells (类, 款) or whole. */
function economicRows(b: SynthBudget, out: string[], expect: ReturnType<typeof printing>['expect'], split: boolean): void {
  for (const cls of ['301', '302']) {
    const members = b.economic.filter((e) => e[0].startsWith(cls));
    if (members.length === 0) continue;
    const amount = members.reduce((s, e) => s + e[3], 0n);
    const staff = cls === '301';
    const cells = (v: bigint) => [money(v), staff ? money(v) : '0.00', staff ? '0.00' : money(v)];
    out.push(line(cls, ECONOMIC_CLASSES[cls], ...cells(amount)));
    expect('B06', cls, 1, amount);
    expect('B06', cls, staff ? 2 : 3, amount);
    for (const [code, name, , v] of members) {
      out.push(line(...(split ? [cls, code.slice(3)] : [code]), name, ...cells(v)));
      expect('B06', code, 1, v);
      expect('B06', code, staff ? 2 : 3, v);
    }
  }
}

function renderShanghai(b: SynthBudget): string {
  const out: string[] = [];
  const { rows, basic, project, total, classes, expect } = printing(b);
  const header = (title: string) => out.push(`${b.year}年部门${title}`, line(`编制部门：${b.department}`, `单位：${b.unit}`));
  out.push(`${b.department}${b.year}年部门预算`, `预算主管部门：${b.department}`, '');

  header('财务收支预算总表');
  out.push(line('本年收入', '本年支出'), line('项目', '预算数', '项目', '预算数'));
  const income = [['一、财政拨款收入', total], ['1.', '一般公共预算资金', total], ['2.', '政府性基金'], ['3.', '国有资本经营预算'], ['二、事业收入'], ['三、事业单位经营收入'], ['四、其他收入']] as (string | bigint)[][];
  for (let i = 0; i < Math.max(income.length, classes.length); i++) {
    const left = (income[i] ?? []).map((x) => (typeof x === 'bigint' ? money(x) : x));
    const c = classes[i];
    out.push(line(...left, ...(c ? [`${ORDINALS[i]}、${c.name}`, money(c.basic + c.project)] : [])));
    if (c) expect('B01', c.code, 2, c.basic + c.project);
  }
  out.push(line('收入总计', money(total), '支出总计', money(total)));
  expect('B01', '财政拨款收入', 1, total);
  expect('B01', '收入总计', 1, total);
  expect('B01', '支出总计', 2, total);

  header('收入预算总表');
  out.push(line('项目', '收入预算'), line('功能分类科目编码', '功能分类科目名称', '合计', '财政拨款收入', '事业收入', '事业单位经营收入', '其他收入'), line('类', '款', '项'));
  const codeCells = (r: Sums) => (r.level === 'class' ? [r.code] : r.level === 'kuan' ? [r.code.slice(0, 3), r.code.slice(3)] : [r.code.slice(0, 3), r.code.slice(3, 5), r.code.slice(5)]);
  for (const r of rows) {
    out.push(line(...codeCells(r), r.name, money(r.basic + r.project), money(r.basic + r.project)));
    for (const col of [1, 2]) expect('B02', r.code, col, r.basic + r.project);
  }
  out.push(line('合计', money(total), money(total)));
  for (const col of [1, 2]) expect('B02', '合计', col, total);

  for (const [code, title, head] of [['B03', '支出预算总表', '支出预算'], ['B05', '一般公共预算支出功能分类预算表', '一般公共预算支出']] as const) {
    header(title);
    out.push(line('项目', head), line('功能分类科目编码', '功能分类科目名称', '合计', '基本支出', '项目支出'), line('类', '款', '项'));
    for (const r of rows) {
      out.push(line(...codeCells(r), r.name, money(r.basic + r.project), cell(r.basic), cell(r.project)));
      expect(code, r.code, 1, r.basic + r.project);
      expect(code, r.code, 2, r.basic);
      expect(code, r.code, 3, r.project);
    }
    out.push(line('合计', money(total), cell(basic), cell(project)));
    expect(code, '合计', 1, total);
    expect(code, '合计', 2, basic);
    expect(code, '合计', 3, project);
  }

  header('财政拨款收支预算总表');
  out.push(line('财政拨款收入', '财政拨款支出'), line('项目', '预算数', '项目', '合计', '一般公共预算', '政府性基金预算', '国有资本经营预算'));
  const funds = ['一、一般公共预算资金', '二、政府性基金', '三、国有资本经营预算'];
  for (let i = 0; i < Math.max(funds.length, classes.length); i++) {
    const c = classes[i];
    const left = i === 0 ? [funds[0], money(total)] : funds[i] ? [funds[i]] : [];
    out.push(line(...left, ...(c ? [`${ORDINALS[i]}、${c.name}`, money(c.basic + c.project), money(c.basic + c.project)] : [])));
    if (c) for (const col of [2, 3]) expect('B04', c.code, col, c.basic + c.project);
  }
  out.push(line('收入总计', money(total), '支出总计', money(total), money(total)));
  expect('B04', '收入总计', 1, total);
  for (const col of [2, 3]) expect('B04', '支出总计', col, total);

  for (const title of ['政府性基金预算支出功能分类预算表', '国有资本经营预算支出功能分类预算表']) {
    header(title);
    out.push(line('项目', '支出'), line('功能分类科目编码', '功能分类科目名称', '合计', '基本支出', '项目支出'), line('类', '款', '项'), '合计', `注：本部门${b.year}年无此项预算，故本表为空表。`);
  }

  header('一般公共预算基本支出部门预算经济分类预算表');
  out.push(line('项目', '一般公共预算基本支出'), line('部门预算经济分类科目编码', '经济分类科目名称', '合计', '人员经费', '公用经费'), line('类', '款'));
  economicRows(b, out, expect, true);
  const staffTotal = b.economic.filter((e) => e[2] === 'staff').reduce((s, e) => s + e[3], 0n);
  out.push(line('合计', money(basic), money(staffTotal), money(basic - staffTotal)));
  expect('B06', '合计', 1, basic);
  expect('B06', '合计', 2, staffTotal);
  expect('B06', '合计', 3, basic - staffTotal);

  const t = b.threePublic;
  const vehicles = t.purchase + t.operation;
  const threeTotal = t.travel + vehicles + t.reception;
  out.push(`${b.year}年部门“三公”经费和机关运行经费预算表`, line(`编制部门：${b.department}`, '单位：万元'), '“三公”经费预算数', '机关运行经费预算', '公务用车购置及运行费', '数', line('合计', '因公出国(境)费', '公务接待费'), line('小计', '购置费', '运行费'));
  // Every amount printed (0.00 too): text without positions tells columns by order only.
  const inWan = (v: bigint) => (b.unit === '元' ? v / 10000n : v);
  const tp = [threeTotal, t.travel, vehicles, t.purchase, t.operation, t.reception, t.running].map(inWan);
  out.push(line(...tp.map(money)));
  [1, 2, 3, 4, 5, 6, 9].forEach((col, i) => expect('B07', '1', col, tp[i] * (b.unit === '元' ? 10000n : 1n)));
  out.push('其他相关情况说明', `${b.year}年“三公”经费预算数为${money(tp[0])}万元。`);
  return out.join('\n') + '\n';
}

function renderJiangsu(b: SynthBudget): string {
  const out: string[] = [];
  const { rows, basic, project, total, classes, expect } = printing(b);
  let n = 0;
  const title = (name: string) => out.push(`${ORDINALS[n++]}、${b.year}年度${b.department}部门${name}`, `单位：${b.unit}`);
  out.push(`${b.year}年度${b.department}部门预算公开`, `第二部分 ${b.department}${b.year}年度部门预算表`);

  title('收支预算总表');
  out.push(line('收入', '支出'), line('功能分类', '支出用途'), line('项目名称', '金额'), line('功能科目名称', '金额', '项目名称', '金额'));
  const uses: [string, bigint][] = [['一、基本支出', basic], ['二、项目支出', project], ['三、单位预留机动经费', 0n]];
  const income: (string | bigint)[][] = [['一、财政拨款', total], ['1.一般公共预算', total], ['2.政府性基金预算'], ['二、财政专户管理资金'], ['三、其他资金']];
  for (let i = 0; i < Math.max(income.length, classes.length, uses.length); i++) {
    const c = classes[i];
    const u = uses[i];
    out.push(line(...(income[i] ?? []).map((x) => (typeof x === 'bigint' ? money(x) : x)), ...(c ? [`${ORDINALS[i]}、${c.name}`, money(c.basic + c.project)] : []), ...(u ? [u[0], cell(u[1])] : [])));
    if (c) expect('B01', c.code, 2, c.basic + c.project);
  }
  out.push(line('当年收入小计', money(total), '当年支出小计', money(total)), line('上年结转资金', '结转下年资金'), line('收入合计', money(total), '支出合计', money(total)));
  expect('B01', '基本支出', 3, basic);
  expect('B01', '项目支出', 3, project);
  expect('B01', '当年收入小计', 1, total);
  expect('B01', '收入合计', 1, total);
  expect('B01', '当年支出小计', 2, total);
  expect('B01', '支出合计', 2, total);

  title('收入预算总表');
  out.push(line('项目名称', '金额'), line('收入总计', money(total)), line('小计', money(total)), line('一般公共预算资金', '公共财政拨款(补助)资金', money(total)), '专项收入', line('政府性基金', '小计'), '小计', line('财政专户管理资金', '专户管理教育收费'), '其他非税收入', '小计', '事业收入');
  expect('B02', '收入总计', 1, total);
  expect('B02', '小计', 1, total);

  title('支出预算总表');
  out.push(line('合计', '基本支出', '项目支出', '单位预留机动经费', '结转下年资金'), line(money(total), money(basic), money(project)));
  expect('B03', '合计', 1, total);
  expect('B03', '合计', 2, basic);
  expect('B03', '合计', 3, project);

  title('财政拨款收支预算总表');
  out.push(line('收入', '支出'), '支出用途', line('项目名称', '金额'), line('项目名称', '金额'));
  out.push(line('一、一般公共预算', money(total), '一、基本支出', money(basic)), line('二、政府性基金预算', '二、项目支出', money(project)), '三、单位预留机动经费', line('收入合计', money(total), '支出合计', money(total)));
  expect('B04', '基本支出', 2, basic);
  expect('B04', '项目支出', 2, project);
  expect('B04', '收入合计', 1, total);
  expect('B04', '支出合计', 2, total);

  for (const [code, name] of [['B10', '财政拨款支出预算表'], ['B05', '一般公共预算支出预算表']] as const) {
    title(name);
    out.push(line('功能科目代码', '功能科目名称', '金额'), line('合计', money(total)));
    expect(code, '合计', 1, total);
    for (const r of rows) {
      out.push(line(r.code, r.name, money(r.basic + r.project)));
      expect(code, r.code, 1, r.basic + r.project);
    }
  }
  for (const [code, name] of [['B11', '财政拨款基本支出预算表'], ['B06', '一般公共预算基本支出预算表']] as const) {
    title(name);
    out.push(line('科目编码', '科目名称', '金额'), line('合计', money(basic)));
    expect(code, '合计', 1, basic);
    for (const cls of ['301', '302']) {
      const members = b.economic.filter((e) => e[0].startsWith(cls));
      if (members.length === 0) continue;
      const amount = members.reduce((s, e) => s + e[3], 0n);
      out.push(line(cls, ECONOMIC_CLASSES[cls], money(amount)));
      expect(code, cls, 1, amount);
      for (const [ecode, ename, , v] of members) {
        out.push(line(ecode, ename, money(v)));
        expect(code, ecode, 1, v);
      }
    }
  }
  title('政府性基金支出预算表');
  out.push(line('功能科目代码', '功能科目名称', '金额'), '合计');

  const t = b.threePublic;
  const vehicles = t.purchase + t.operation;
  const threeTotal = t.travel + vehicles + t.reception;
  out.push(`${ORDINALS[n++]}、${b.year}年${b.department}部门一般公共预算“三公”经费、会议费、培训费支出预算表`, `单位：${b.unit}`);
  out.push('“三公”经费', '公务用车购置及运行维护费', line('合计', '因公出国', '公务接', '会议费', '培训费'), line('小计', '公务用车', '公务用车运'), line('(境)费', '小计', '待费'), line('购置费', '行维护费'));
  const tp = [threeTotal + t.meetings + t.training, threeTotal, t.travel, vehicles, t.purchase, t.operation, t.reception, t.meetings, t.training];
  out.push(line(...tp.map(money)));
  [10, 1, 2, 3, 4, 5, 6, 7, 8].forEach((col, i) => expect('B07', '1', col, tp[i]));
  out.push('第三部分 部门预算情况说明', `一、收支预算总表情况说明`, `${b.department}${b.year}年度收入、支出预算总计${money(total).replace(/,/g, '')}万元。`);
  return out.join('\n') + '\n';
}

/** The national template (财政部 部门预算公开格式): nine tables titled without 预算, 基本支出 by 人员经费/公用经费. */
function renderNational(b: SynthBudget): string {
  const out: string[] = [];
  const { rows, basic, project, total, classes, expect } = printing(b);
  const staff = b.economic.filter((e) => e[2] === 'staff').reduce((s, e) => s + e[3], 0n);
  // 人员经费 given to the 项 in turn, each up to its basic spending (they add up to B06's exactly).
  const staffOfItem = new Map<string, bigint>();
  let left = staff;
  for (const i of b.items) {
    const s = left < i.basic ? left : i.basic;
    staffOfItem.set(i.code, s);
    left -= s;
  }
  const staffOf = (code: string) => [...staffOfItem].reduce((sum, [item, s]) => (code === '合计' || item.startsWith(code) ? sum + s : sum), 0n);
  out.push(`${b.department}${b.year}年部门预算`, `${b.department}`, '');
  const title = (name: string) => out.push(name, line(`部门：${b.department}`, `单位：${b.unit}`));
  title('部门收支总表');
  out.push(line('收入', '支出'), line('项目', '本年预算', '项目', '本年预算'));
  const income = [['一、一般公共预算拨款收入', total], ['二、政府性基金预算拨款收入'], ['三、国有资本经营预算拨款收入'], ['四、财政专户管理资金收入'], ['五、单位资金']] as (string | bigint)[][];
  for (let i = 0; i < Math.max(income.length, classes.length); i++) {
    const c = classes[i];
    out.push(line(...(income[i] ?? []).map((x) => (typeof x === 'bigint' ? money(x) : x)), ...(c ? [`${ORDINALS[i]}、${c.name}`, money(c.basic + c.project)] : [])));
    if (c) expect('B01', c.code, 2, c.basic + c.project);
  }
  out.push(line('本年收入合计', money(total), '本年支出合计', money(total)), line('上年结转结余', '结转下年'), line('收入总计', money(total), '支出总计', money(total)));
  for (const [k, col] of [['一般公共预算拨款收入', 1], ['本年收入合计', 1], ['收入总计', 1], ['本年支出合计', 2], ['支出总计', 2]] as const) expect('B01', k, col, total);

  const codeCell = (r: Sums) => r.code;
  title('部门收入总表');
  out.push(line('科目编码', '科目名称', '合计', '一般公共预算拨款收入', '政府性基金预算拨款收入', '国有资本经营预算拨款收入', '财政专户管理资金收入', '事业收入', '其他收入'));
  for (const r of rows) {
    out.push(line(codeCell(r), r.name, money(r.basic + r.project), money(r.basic + r.project)));
    for (const col of [1, 3]) expect('B02', r.code, col, r.basic + r.project);
  }
  out.push(line('合计', '', money(total), money(total)));
  for (const col of [1, 3]) expect('B02', '合计', col, total);

  for (const [code, name] of [['B03', '部门支出总表'], ['B05', '一般公共预算支出表']] as const) {
    title(name);
    out.push(line('科目编码', '科目名称', '合计', '基本支出', '', '项目支出'), line('人员经费', '公用经费'));
    const [staffCol, officeCol] = code === 'B03' ? [9, 10] : [4, 5];
    for (const r of [...rows, { code: '合计', name: '', level: 'class' as const, basic, project }]) {
      const s = staffOf(r.code);
      // Every amount printed (0.00 too): text without positions tells columns by order only.
      out.push(line(r.code === '合计' ? '合计' : codeCell(r), ...(r.code === '合计' ? [''] : [r.name]), money(r.basic + r.project), money(r.basic), money(s), money(r.basic - s), money(r.project)));
      expect(code, r.code, 1, r.basic + r.project);
      expect(code, r.code, 2, r.basic);
      expect(code, r.code, 3, r.project);
      expect(code, r.code, staffCol, s);
      expect(code, r.code, officeCol, r.basic - s);
    }
  }

  title('财政拨款收支总表');
  out.push(line('收入', '支出'), line('项目', '本年预算', '项目', '合计', '一般公共预算', '政府性基金预算', '国有资本经营预算'));
  const funds = ['一、一般公共预算拨款收入', '二、政府性基金预算拨款收入', '三、国有资本经营预算拨款收入'];
  for (let i = 0; i < Math.max(funds.length, classes.length); i++) {
    const c = classes[i];
    const left = i === 0 ? [funds[0], money(total)] : funds[i] ? [funds[i]] : [];
    out.push(line(...left, ...(c ? [`${ORDINALS[i]}、${c.name}`, money(c.basic + c.project), money(c.basic + c.project)] : [])));
    if (c) for (const col of [2, 3]) expect('B04', c.code, col, c.basic + c.project);
  }
  out.push(line('本年收入合计', money(total), '本年支出合计', money(total), money(total)), line('收入总计', money(total), '支出总计', money(total), money(total)));
  expect('B04', '本年收入合计', 1, total);
  expect('B04', '收入总计', 1, total);
  for (const k of ['本年支出合计', '支出总计']) for (const col of [2, 3]) expect('B04', k, col, total);

  title('一般公共预算基本支出表');
  out.push(line('科目编码', '科目名称', '合计', '人员经费', '公用经费'));
  economicRows(b, out, expect, false);
  out.push(line('合计', '', money(basic), money(staff), money(basic - staff)));
  expect('B06', '合计', 1, basic);
  expect('B06', '合计', 2, staff);
  expect('B06', '合计', 3, basic - staff);

  const t = b.threePublic;
  const vehicles = t.purchase + t.operation;
  title('一般公共预算“三公”经费支出表');
  out.push(line('合计', '因公出国（境）费', '公务用车购置及运行费', '', '', '公务接待费'), line('小计', '公务用车购置费', '公务用车运行费'));
  const tp = [t.travel + vehicles + t.reception, t.travel, vehicles, t.purchase, t.operation, t.reception];
  out.push(line(...tp.map(money)));
  tp.forEach((v, i) => expect('B07', '1', i + 1, v));
  for (const name of ['政府性基金预算支出表', '国有资本经营预算支出表']) {
    title(name);
    out.push(line('科目编码', '科目名称', '本年政府性基金预算支出'), '合计', '注：本部门本年无此项预算，本表为空表。');
  }
  out.push('第三部分 部门预算情况说明', `一、关于${b.department}${b.year}年收支预算情况的总体说明`, `${b.year}年收支总预算${money(total)}${b.unit}。`);
  return out.join('\n') + '\n';
}
