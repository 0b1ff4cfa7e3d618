// Prints a synthetic report (generate.ts) the way the sample reports print: pdf.js-style text
// (cells joined by single spaces, an empty cell an empty string, bold text drawn twice, labels
// wrapped over lines before their numbers, numbers glued to the next label, page numbers and
// running headers inside tables) or markdown with tab-separated cells (seed 003). Every
// convention is copied from the seeds in /work/shared/seeds; the style options only choose
// among conventions the seeds show.
import { ECONOMIC_GRID, Rng, T10_ROWS, table, type SynthReport, type SynthRow, type SynthTable, type TableCode } from './generate.js';

export interface TextStyle {
  /** Bold text drawn twice ("收入支出决算总表收入支出决算总表", "栏次栏次 11"), as seeds 001, 002, 004. */
  bold: boolean;
  /** Probability of an empty line after a printed row (seed 000 has one after nearly every row). */
  blankLines: number;
  /** Label wrap widths in characters. */
  widths: {
    income01: number;
    expenditure01: number;
    income04: number;
    expenditure04: number;
    coded: Record<'02' | '03' | '05' | '07' | '08', number>;
    /** 06: names of 款 in groups 1–4, and of 类. */
    economic: [number, number, number, number];
    economicClass: number;
  };
  /** Probability per table of a page break between two of its rows (at most two per table). */
  pageBreaks: number;
  /** Running header "XX2023年部门决算公开报告" at a page break: on every page, on one or two pages only, or never. */
  runningHeader: 'every' | 'sparse' | 'none';
  /** "第二部分 2023年部门决算表" as the header of 01's second page (seeds 000–002) rather than a line before the tables. */
  sectionInTable: boolean;
  /** Probability that an income amount of 01/04 is glued to the expenditure label after it ("4.04八、社会保障和就业支出"). */
  glue: number;
  /** Probability of a stray leading space on a line of 01/04/06 or before a code line of 02–08 (seeds 001, 002, 004). */
  leadingSpace: number;
  /** Header layout variant of tables 02 and 03 (the seeds wrap their column headings differently). */
  headerVariant: number;
  /** Unit declarations: the seeds' own per table, or any of the spellings they use. */
  unitSpelling: 'seed' | 'random';
  /** Profile text extracted out of order into table 01's header (seed 004). */
  proseInHeader: boolean;
}

export function randomStyle(seed: number): TextStyle {
  const rng = new Rng(seed ^ 0x2c1b3c6d);
  const w = (lo: number, hi: number) => rng.int(lo, hi);
  return {
    bold: rng.chance(0.5),
    blankLines: rng.pick([0, 0.5, 1]),
    widths: {
      income01: w(10, 13),
      expenditure01: w(11, 14),
      income04: w(6, 9),
      expenditure04: w(7, 10),
      coded: { '02': w(6, 9), '03': w(6, 9), '05': w(12, 17), '07': w(8, 16), '08': w(12, 18) },
      economic: [w(9, 12), w(7, 9), w(7, 9), w(11, 14)],
      economicClass: w(8, 11),
    },
    pageBreaks: rng.pick([0, 0.3, 0.6]),
    // Seeds 001/002 repeat it on every page (≥ 3 times); 000 prints it twice, 004 once.
    runningHeader: rng.chance(0.45) ? 'every' : rng.chance(0.85) ? 'sparse' : 'none',
    sectionInTable: rng.chance(0.6),
    glue: rng.pick([0, 0.3, 0.8]),
    leadingSpace: rng.pick([0, 0.05]),
    headerVariant: rng.int(0, 2),
    unitSpelling: rng.chance(0.6) ? 'seed' : 'random',
    proseInHeader: rng.chance(0.1),
  };
}

const CJK = /[\u3400-\u9fff]/;

/** Cells joined as pdf.js text joins them: one space between cells, one more after a trailing empty cell. */
function joinCells(cells: string[]): string {
  return cells.join(' ') + (cells.length > 0 && cells[cells.length - 1] === '' ? ' ' : '');
}

function wrap(label: string, width: number): string[] {
  const chars = Array.from(label);
  if (chars.length <= width) return [label];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  return out;
}

/** Seed 004's 职责 text, as it lands inside table 01. */
const PROSE = [
  '一、本部门（单位）职责',
  '（一）根据党的路线、方针、政策和上级的安排部署，研究制定本部门工作的政策和规划，提出具体措施并组织实施。',
  '（二）负责协调、规划、指导本系统各项工作。',
  '（三）完成上级交办的其他任务。',
  '二、机构设置情况',
  '根据部门职责分工，本部门内设机构5个，包括办公室、综合股、业务一股、业务二股、财务股。本部门下属单位1个。',
];

const NOTES: Record<TableCode, string[]> = {
  '01': ['注：本表反映部门本年度的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。'],
  '02': ['注：本表反映部门本年度取得的各项收入情况。'],
  '03': ['注：本表反映部门本年度各项支出情况。'],
  '04': ['注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收', '支和年末结转结余情况。'],
  '05': ['注：本表反映部门本年度一般公共预算财政拨款支出情况。'],
  '06': ['注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。'],
  '07': ['注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。'],
  '08': ['注：本表反映部门本年度国有资本经营预算财政拨款支出情况。'],
  '09': [
    '注：本表反映部门本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结',
    '转资金安排的实际支出。',
  ],
  '10': ['注：本表反映部门本年度政府采购、机关运行经费和国有资产占用情况。'],
};

const TITLES: Record<TableCode, string> = {
  '01': '收入支出决算总表',
  '02': '收入决算表',
  '03': '支出决算表',
  '04': '财政拨款收入支出决算总表',
  '05': '一般公共预算财政拨款支出决算表',
  '06': '一般公共预算财政拨款基本支出决算明细表',
  '07': '政府性基金预算财政拨款收入支出决算表',
  '08': '国有资本经营预算财政拨款支出决算表',
  '09': '财政拨款“三公”经费支出决算表',
  '10': '部门决算公开相关信息统计表',
};
const ORDINAL = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const SEED_UNIT: Record<TableCode, string> = {
  '01': '金额单位：', '02': '金额单位：', '03': '金额单位：', '04': '金额单位：', '05': '金额单位：', '06': '金额单位：',
  '07': '单位:', '08': '单位:', '09': '金额单位:', '10': '金额单位：',
};

// ---------------------------------------------------------------- text

/**
 * Header lines of each table as seed 000 prints them (plain). Cells are separated by a space;
 * "|" separates the text items pdf.js draws twice in bold ("其他收其他收 / 入入科目代码科目代码", seed 001).
 * A line prefixed "=" is never bold; "#" marks a 栏次 line whose column numbers are drawn twice too.
 */
const TEXT_HEADERS: Record<TableCode, string[][]> = {
  '01': [['收入 支出', '项目 行次 金额 项目 行次 金额', '#栏次  1 栏次  2']],
  '02': [
    ['项目', '本年收入合计 财政拨款收入', '上级补', '助收入', '事业收', '入', '经营收入', '附属单', '位', '上缴收', '入', '其他收入', '科目代码 科目名称', '栏次 1 2 3 4 5 6 7'],
    ['项目', '本年收入合计 财政拨款收入', '上级补', '助收入', '事业收', '入', '经营收入', '附属单', '位', '上缴收', '入', '其他收', '入|科目代码 科目名称', '栏次 1 2 3 4 5 6 7'],
    ['项目', '本年收入合计 财政拨款收入', '上级补助', '收入', '事业收入 经营收入', '附属单', '位', '上缴收', '入', '其他收入', '科目代码 科目名称', '栏次 1 2 3 4 5 6 7'],
  ],
  '03': [
    ['项目', '本年支出合计 基本支出 项目支出', '上缴', '上级', '支出', '经营支出', '对附属单', '位补助', '支出|科目代码 科目名称', '栏次 1 2 3 4 5 6'],
    ['项目', '本年支出合计 基本支出 项目支出', '上缴', '上级', '支出', '经营支出', '对附属单', '位补助', '支出', '科目代码 科目名称', '栏次 1 2 3 4 5 6'],
  ],
  '04': [['收入 支出', '项目 行次 金额 项目 行次 合计', '一般公共预算', '财政拨款', '政府', '性基', '金预', '算财', '政拨', '款', '国有资本', '经营预算', '财政拨款', '栏次  1 栏次  2 3 4 5']],
  '05': [['项目 本年支出', '科目代码 科目名称 小计 基本支出 项目支出', '#栏次 1 2 3']],
  '06': [['人员经费 公用经费', '科目代码 科目名称 决算数 科目代码 科目名称 决算数 科目代码 科目名称 决算数 科目代码 科目名称 决算数']],
  '07': [['项目', '年初结转和结', '余', '本年', '收入', '本年支出', '年末结转和', '结余', '科目代码 科目名称 小计 基本支出 项目支出', '#栏次 1 2 3 4 5 6']],
  '08': [['项目 本年支出', '科目代码 科目名称 合计 基本支出 项目支出', '#栏次 1 2 3']],
  '09': [
    [
      '预算数 决算数', '合计', '因公出国（境）', '费', '公务用车购置及运行维护费', '公务接待费 合计', '因公出国（境）', '费', '公务用车购置及运行维护费', '公务接待费',
      '小计', '公务用车购', '置费', '公务用车', '运行维护费', '小计', '公务用车购', '置费', '公务用车', '运行维护费', '=1 2 3 4 5 6 7 8 9 10 11 12',
    ],
  ],
  '10': [[]],
};

class TextWriter {
  readonly out: string[] = [];
  private page: number;
  private headersLeft: number;
  private sectionPending: boolean;
  private leadNext = false;
  constructor(
    private r: SynthReport,
    private s: TextStyle,
    private rng: Rng,
  ) {
    this.page = rng.int(3, 9);
    this.headersLeft = s.runningHeader === 'every' ? Infinity : s.runningHeader === 'sparse' ? rng.int(1, 2) : 0;
    this.sectionPending = s.sectionInTable;
  }
  /** Bold text drawn twice: every text item with a CJK character, and digits where the seeds double them. */
  b(text: string, digits = false): string {
    if (!this.s.bold) return text.replace(/\|/g, '');
    return text
      .split(' ')
      .map((cell) =>
        cell
          .split('|')
          .map((piece) => (CJK.test(piece) || (digits && /^\d+$/.test(piece)) ? piece + piece : piece))
          .join(''),
      )
      .join(' ');
  }
  raw(line: string): void {
    if (this.leadNext && line !== '' && !line.startsWith(' ')) line = ' ' + line;
    this.leadNext = false;
    this.out.push(line);
  }
  cells(cells: string[], stray = false): void {
    if (stray && this.rng.chance(this.s.leadingSpace) && cells[0] !== '') cells = ['', ...cells];
    this.raw(joinCells(cells));
  }
  blank(): void {
    if (this.rng.chance(this.s.blankLines)) this.out.push('');
  }
  sectionLine(): string {
    const y = this.r.year;
    return this.s.bold ? `第二部分 第二部分 ${y}年部门决算表${y}年部门决算表` : `第二部分 ${y}年部门决算表`;
  }
  /** Page footer (page number) and the next page's header. */
  pageBreak(inTable: TableCode | null): void {
    this.out.push('');
    if (this.rng.chance(0.85)) this.out.push(`-${this.page}-`, '');
    this.page++;
    if (inTable === '01' && this.sectionPending) {
      // Seeds 000–002: the second page of table 01 is headed by the section title.
      this.out.push(this.sectionLine());
      this.sectionPending = false;
    } else if (this.headersLeft > 0 && (this.s.runningHeader === 'every' || this.rng.chance(0.5))) {
      this.out.push(`${this.r.department}${this.r.year}年部门决算公开报告`, '');
      this.headersLeft--;
    }
    if (inTable && this.rng.chance(0.5)) this.leadNext = true;
  }
}

function unitText(r: SynthReport, code: TableCode, s: TextStyle, rng: Rng): string {
  const prefix = s.unitSpelling === 'seed' ? SEED_UNIT[code] : rng.pick(['金额单位：', '金额单位:', '单位：', '单位:']);
  return prefix + r.unit;
}

function textTitle(w: TextWriter, r: SynthReport, code: TableCode, s: TextStyle, rng: Rng): void {
  const n = Number(code);
  const dept = r.department;
  const y = r.year;
  const unit = unitText(r, code, s, rng);
  w.raw(`${code === '01' ? '' : ' '}${ORDINAL[n - 1]}、${TITLES[code]}`);
  w.raw(w.b(TITLES[code]));
  switch (code) {
    case '01':
      w.raw('公开01表');
      w.raw(`部门名称：${dept} ${y}年度`);
      w.raw(' ');
      w.raw(unit);
      break;
    case '02':
    case '03':
      w.raw(`${' '.repeat(code === '02' ? 8 : 7)}公开${code}表`);
      w.raw(`部门名称：${dept} ${y}年度${code === '02' ? '   ' : '  '}${unit}`);
      break;
    case '04':
      w.raw(' ');
      w.raw('  公开04表');
      w.raw(`部门名称：${dept} ${y}年度`);
      w.raw(' ');
      w.raw(`  ${unit}`);
      break;
    case '05':
      w.raw('    公开05表');
      w.raw(`部门名称：${dept}`);
      w.raw(`${y}年度`);
      w.raw(` ${unit}`);
      break;
    case '06':
      w.raw('  ');
      w.raw(' 公开06表');
      w.raw(`部门名称：${dept} ${y}年度  `);
      w.raw('  ');
      w.raw(`  ${unit}`);
      break;
    case '07':
      w.raw(`${' '.repeat(14)}公开07表`);
      w.raw(`部门名称：${dept}`);
      w.raw(`${y}年度`);
      w.raw(`  `);
      w.raw(` ${unit}`);
      break;
    case '08':
      w.raw('  ');
      w.raw('公开08表');
      w.raw(`部门名称：${dept} ${y}年度`);
      w.raw(' ');
      w.raw(unit);
      break;
    case '09': {
      w.raw(`${' '.repeat(11)}公开09表`);
      const chars = Array.from(dept);
      if (chars.length > 12) {
        w.raw(`部门名称：${chars.slice(0, 12).join('')}`);
        w.raw(chars.slice(12).join(''));
        w.raw(`  ${y}年度      ${unit}`);
      } else w.raw(`部门名称：${dept}  ${y}年度      ${unit}`);
      break;
    }
    case '10':
      w.raw('  公开10表');
      w.raw(`单位名称：${dept} ${y}年度 ${unit}`);
      break;
  }
  const headers = TEXT_HEADERS[code][code === '02' || code === '03' ? s.headerVariant % TEXT_HEADERS[code].length : 0];
  for (const h of headers) {
    // Seed 004: the profile's text, extracted out of order, lands between 01's header and its 栏次 line.
    if (code === '01' && h.startsWith('#') && s.proseInHeader) for (const p of PROSE) w.raw(p);
    if (h.startsWith('=')) w.raw(h.slice(1));
    else if (h.startsWith('#')) w.raw(w.b(h.slice(1), true));
    else w.raw(w.b(h));
  }
}

/**
 * Where page breaks fall inside a table of n row blocks: after block i when breaks.has(i).
 * Table 01 spans two pages in every seed, its first page ending after 行次 24–26 (seeds 000–002);
 * 04 (more wrapped lines) mostly does too; other tables break where the style says.
 */
function breaksFor(n: number, s: TextStyle, rng: Rng, code?: TableCode): Set<number> {
  const out = new Set<number>();
  if (code === '01') out.add(rng.int(22, 27));
  if (code === '04' && rng.chance(0.7)) out.add(rng.int(14, 28));
  if (n < 8) return out;
  for (let k = 0; k < 2; k++) if (rng.chance(s.pageBreaks)) out.add(rng.int(2, n - 3));
  return out;
}

function textTwoSided(w: TextWriter, t: SynthTable, s: TextStyle, rng: Rng): void {
  const is01 = t.code === '01';
  const offset = is01 ? 31 : 32;
  const incomeWidth = is01 ? s.widths.income01 : s.widths.income04;
  const expWidth = is01 ? s.widths.expenditure01 : s.widths.expenditure04;
  const amountCols = is01 ? [2] : [2, 3, 4, 5];
  const boldLabel = (l: string) => (/^(本年收入合计|本年支出合计|总计)$/.test(l) ? w.b(l) : l);
  const breaks = breaksFor(offset, s, rng, t.code);
  for (let k = 1; k <= offset; k++) {
    const inc = t.rows.find((r) => r.side === 'income' && r.rowNo === k)!;
    const exp = t.rows.find((r) => r.side === 'expenditure' && r.rowNo === k + offset)!;
    let buf: string[] = [];
    let first = true;
    const flush = () => {
      if (buf.length > 0) w.cells(buf, first);
      first = false;
      buf = [];
    };
    const label = (row: SynthRow, width: number, amountBefore: boolean) => {
      if (row.label === '') {
        buf.push('');
        return;
      }
      const chunks = wrap(row.label, width);
      const indent = row.indent ? ['', ''] : [];
      if (chunks.length === 1) {
        const text = boldLabel(row.label);
        // Only plain labels: the seeds never glue a number to a bold (doubled) one.
        if (amountBefore && text === row.label && buf.length > 0 && buf[buf.length - 1] !== '' && rng.chance(s.glue)) buf[buf.length - 1] += text;
        else buf.push(...indent, text);
        return;
      }
      flush();
      chunks.forEach((c, i) => w.cells(i === 0 ? [...indent, c] : [c], i === 0));
      first = false;
    };
    label(inc, incomeWidth, false);
    buf.push(String(k), inc.cells[1] ?? '');
    label(exp, expWidth, true);
    buf.push(String(k + offset), ...amountCols.map((c) => exp.cells[c] ?? ''));
    flush();
    w.blank();
    if (breaks.has(k)) w.pageBreak(t.code);
  }
}

function textCoded(w: TextWriter, t: SynthTable, cols: number[], width: number, s: TextStyle, rng: Rng): void {
  const breaks = breaksFor(t.rows.length, s, rng);
  t.rows.forEach((r, i) => {
    const vals = cols.map((c) => r.cells[c] ?? '');
    if (r.level === 'total') w.cells([w.b('合计'), ...vals]);
    else {
      const chunks = wrap(r.label, width);
      if (chunks.length === 1) w.cells([r.key, r.label, ...vals], true);
      else {
        w.cells([r.key], true); // seed 002: " 2230102" 
        for (const c of chunks) w.cells([c]);
        w.cells(vals);
      }
    }
    w.blank();
    if (breaks.has(i)) w.pageBreak(t.code);
  });
}

function textEconomic(w: TextWriter, t: SynthTable, s: TextStyle, rng: Rng): void {
  const byKey = new Map(t.rows.map((r) => [r.key, r]));
  const lines = ECONOMIC_GRID[0].length;
  const breaks = breaksFor(lines, s, rng);
  for (let i = 0; i < lines; i++) {
    let buf: string[] = [];
    let first = true;
    const flush = () => {
      if (buf.length > 0) w.cells(buf, first);
      first = false;
      buf = [];
    };
    for (let g = 0; g < 4; g++) {
      const code = ECONOMIC_GRID[g][i];
      if (!code) {
        buf.push('', '', '', '', '');
        continue;
      }
      const r = byKey.get(code)!;
      const isClass = code.length === 3;
      const amount = r.placeholder ? '────' : (r.cells[1] ?? '');
      const chunks = wrap(r.label, isClass ? s.widths.economicClass : s.widths.economic[g]);
      const codeText = isClass ? w.b(code, true) : code;
      const name = (c: string) => (isClass ? w.b(c) : c);
      if (chunks.length === 1) {
        buf.push(codeText, ...(isClass ? [] : ['', '']), name(r.label), amount);
        continue;
      }
      buf.push(codeText);
      flush();
      chunks.forEach((c, j) => w.cells(j === 0 && !isClass ? ['', '', c] : [name(c)]));
      buf.push(amount);
    }
    flush();
    w.blank();
    if (breaks.has(i)) w.pageBreak('06');
  }
  const staff = byKey.get('人员经费合计')!;
  const office = byKey.get('公用经费合计')!;
  w.cells([w.b('人员经费合计'), staff.cells[1] ?? '', w.b('公用经费合计'), office.cells[1] ?? '']);
}

function textThreePublic(w: TextWriter, t: SynthTable): void {
  const row = t.rows[0];
  w.cells(Array.from({ length: 12 }, (_, i) => row?.cells[i + 1] ?? ''));
}

function textStats(w: TextWriter, t: SynthTable): void {
  for (const spec of T10_ROWS) {
    if (spec.section) {
      w.raw(w.b(spec.section));
      if (spec.rowNo === 1) w.raw(w.b('项目 行次 统计数'));
      if (spec.rowNo === 5) w.raw(w.b('项目  统计数'));
    }
    const r = t.rows.find((x) => x.rowNo === spec.rowNo)!;
    const lead = spec.rowNo >= 8 && spec.rowNo <= 15 ? [''] : [];
    w.cells([...lead, r.label, String(spec.rowNo), r.cells[1] ?? '']);
    w.blank();
  }
}

/** The body of a table declared empty, as the seeds print it: a blank 合计 row and a blank line of cells. */
function textEmptyBody(w: TextWriter, code: TableCode): void {
  const lines: Partial<Record<TableCode, string[]>> = { '07': ['合计       ', '        '], '08': ['合计    ', '     '], '09': ['            '] };
  for (const l of lines[code] ?? []) w.raw(l);
}

const CODED_COLUMNS: Record<string, number[]> = { '02': [1, 2, 3, 4, 5, 6, 7], '03': [1, 2, 3, 4, 5, 6], '05': [1, 2, 3], '07': [1, 2, 3, 4, 5, 6], '08': [1, 2, 3] };

/** pdf.js-style text of the report's tables. */
export function renderText(r: SynthReport, s: TextStyle = randomStyle(r.seed)): string {
  const rng = new Rng(r.seed ^ 0x7f4a7c15);
  const w = new TextWriter(r, s, rng);
  w.raw(r.department);
  w.raw(`${r.year}年度部门决算公开`);
  w.raw('');
  if (!s.sectionInTable) w.raw(w.sectionLine());
  for (const code of ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'] as TableCode[]) {
    const t = table(r, code);
    if (code !== '01' && (s.runningHeader === 'every' || rng.chance(0.5))) w.pageBreak(null);
    textTitle(w, r, code, s, rng);
    if (t.empty) textEmptyBody(w, code);
    else if (code === '01' || code === '04') textTwoSided(w, t, s, rng);
    else if (code === '06') textEconomic(w, t, s, rng);
    else if (code === '09') textThreePublic(w, t);
    else if (code === '10') textStats(w, t);
    else textCoded(w, t, CODED_COLUMNS[code], s.widths.coded[code as '02'], s, rng);
    for (const n of NOTES[code]) w.raw(n);
    if (t.empty) w.raw('说明：本表无数据');
  }
  w.raw(s.bold ? ' 第三部分 第三部分 情况说明情况说明' : ' 第三部分 情况说明');
  return w.out.join('\n') + '\n';
}

// ---------------------------------------------------------------- markdown (seed 003)

const MD_HEADERS: Record<TableCode, string[][]> = {
  '01': [['收入', '', '', '支出', '', ''], ['项目', '行次', '金额', '项目', '行次', '金额'], ['栏次', '', '1', '栏次', '', '2']],
  '02': [
    ['项目', '', '本年收入 合计', '财政拨款 收入', '上级补 助收入', '事业收入', '经营收入', '附属 单位 上缴 收入', '其他 收入'],
    ['科目代码', '科目名称', '', '', '', '', '', '', ''],
    ['栏次', '', '1', '2', '3', '4', '5', '6', '7'],
  ],
  '03': [
    ['项目', '', '本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'],
    ['科目代码', '科目名称', '', '', '', '', '', ''],
    ['栏次', '', '1', '2', '3', '4', '5', '6'],
  ],
  '04': [
    ['收入', '', '', '支出', '', '', '', '', ''],
    ['项目', '行次', '金额', '项目', '行次', '合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'],
    ['栏次', '', '1', '栏次', '', '2', '3', '4', '5'],
  ],
  '05': [['项目', '', '本年支出', '', ''], ['科目代码', '科目名称', '小计', '基本支出', '项目支出'], ['栏次', '', '1', '2', '3']],
  '06': [
    ['人员经费', '', '', '公用经费', '', '', '', '', '', '', '', ''],
    ['科目代码', '科目名称', '决算数', '科目代码', '科目名称', '决算数', '科目代码', '科目名称', '决算数', '科目代码', '科目名称', '决算数'],
  ],
  '07': [
    ['项目', '', '年初结转和结余', '本年收入', '本年支出', '', '', '年末结转和结余'],
    ['科目代码', '科目名称', '', '', '小计', '基本支出', '项目支出', ''],
    ['栏次', '', '1', '2', '3', '4', '5', '6'],
  ],
  '08': [['项目', '', '本年支出', '', ''], ['科目代码', '科目名称', '合计', '基本支出', '项目支出'], ['栏次', '', '1', '2', '3']],
  '09': [
    ['预算数', '', '', '', '', '', '决算数', '', '', '', '', ''],
    ['合计', '因公出国 (境) 费', '公务用车购置及运行维护费', '', '', '公务接待 费', '合计', '因公出国 (境) 费', '公务用车购置及运行维护费', '', '', '公务接待 费'],
    ['', '', '小计', '公务用车 购置费', '公务用车 运行维护 费', '', '', '', '小计', '公务用车 购置费', '公务用车 运行维护 费', ''],
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'],
  ],
  '10': [],
};

const MD_HEADING: Record<TableCode, string> = { '01': '## ', '02': '## ', '03': '## ', '04': '## ', '05': '## ', '06': '### ', '07': '', '08': '### ', '09': '### ', '10': '## ' };

/** A label wrapped inside its cell: the cell's lines joined by spaces ("一般公共 服务支出"). */
function cellWrap(label: string, width: number): string {
  return wrap(label, width).join(' ');
}

/** Markdown with tab-separated cells, as seed 003. */
export function renderMarkdown(r: SynthReport): string {
  const rng = new Rng(r.seed ^ 0x1b873593);
  const out: string[] = [];
  const para = (s: string) => out.push(s, '');
  const row = (cells: string[]) => out.push(cells.join('\t'));
  const bold = (s: string) => `<b>${s}</b>`;
  const money = (v: string | undefined) => v ?? '';
  para(r.department);
  para(`${r.year}年度单位决算公开`);
  para(`## 第二部分 ${r.year}年部门决算表`);
  for (const code of ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'] as TableCode[]) {
    const t = table(r, code);
    para(MD_HEADING[code] + TITLES[code]);
    if (rng.chance(0.2)) {
      para(`公开${code}`); // seed 003: "公开02" / "表"
      para('表');
    } else para(`公开${code}表`);
    const dept = Array.from(r.department);
    const unitPrefix = code === '07' || code === '08' ? '单位：' : '金额单位：';
    // The name cell is 8–14 characters wide: a longer name wraps (seed 003: three tables of ten).
    const cut = rng.int(8, 14);
    const wraps = dept.length > cut && rng.chance(0.3);
    const nameLabel = `${code === '10' ? '单位' : '部门'}名称：`;
    if (!wraps) {
      if (rng.chance(0.5)) para(`${nameLabel}${r.department} ${r.year}年度`);
      else {
        para(`${nameLabel}${r.department}`);
        para(`${r.year}年度`);
      }
    } else if (rng.chance(0.5)) {
      // "部门名称：中国共产党长治市上党区  " / "委员会办公室 2023年度"
      out.push(`${nameLabel}${dept.slice(0, cut).join('')}  `);
      para(`${dept.slice(cut).join('')} ${r.year}年度`);
    } else {
      // "部门名称：中国共产党长治市  " / "上党区委员会办公室" / "2023年度"
      out.push(`${nameLabel}${dept.slice(0, cut).join('')}  `);
      para(dept.slice(cut).join(''));
      para(`${r.year}年度`);
    }
    if (r.unit === '万元' && rng.chance(0.15)) {
      out.push(`${unitPrefix}万  `); // seed 003, table 09: "金额单位：万  " / "元"
      para('元');
    } else para(unitPrefix + r.unit);
    for (const h of MD_HEADERS[code]) row(h);
    const blankInside = () => {
      if (rng.chance(0.05)) out.push(''); // a page break: seed 003 shows only an empty line
    };
    if (t.empty) {
      if (code === '07') row(['合计', '', '', '', '', '', '', '']);
      if (code === '08') row(['合计', '', '', '', '']);
    } else if (code === '01' || code === '04') {
      const offset = code === '01' ? 31 : 32;
      const amountCols = code === '01' ? [2] : [2, 3, 4, 5];
      const b = (l: string) => (/^(本年收入合计|本年支出合计|总计)$/.test(l) ? bold(l) : l);
      for (let k = 1; k <= offset; k++) {
        const inc = t.rows.find((x) => x.side === 'income' && x.rowNo === k)!;
        const exp = t.rows.find((x) => x.side === 'expenditure' && x.rowNo === k + offset)!;
        const cells = [b(inc.label), String(k), money(inc.cells[1]), b(exp.label), String(k + offset), ...amountCols.map((c) => money(exp.cells[c]))];
        const expChars = Array.from(exp.label);
        if (expChars.length > 6 && rng.chance(0.04)) {
          // The expenditure label wraps onto a row of its own, at its cell's position (seed 003, 04).
          const cut = rng.int(4, expChars.length - 1);
          cells[3] = expChars.slice(0, cut).join('');
          row(cells);
          if (rng.chance(0.5)) out.push('');
          row(cells.map((_, i) => (i === 3 ? expChars.slice(cut).join('') : '')));
        } else row(cells);
        blankInside();
      }
    } else if (code === '06') {
      const byKey = new Map(t.rows.map((x) => [x.key, x]));
      for (let i = 0; i < ECONOMIC_GRID[0].length; i++) {
        const cells: string[] = [];
        for (let g = 0; g < 4; g++) {
          const c = ECONOMIC_GRID[g][i];
          if (!c) {
            cells.push('', '', '');
            continue;
          }
          const x = byKey.get(c)!;
          const group = [c, x.label, x.placeholder ? '——' : money(x.cells[1])];
          cells.push(...(c.length === 3 && rng.chance(0.5) ? group.map((v) => (v ? bold(v) : v)) : group));
        }
        row(cells);
        blankInside();
      }
      const staff = byKey.get('人员经费合计')!.cells[1];
      const office = byKey.get('公用经费合计')!.cells[1];
      row([bold('人员经费合计'), '', staff ? bold(staff) : '', bold('公用经费合计'), '', '', '', '', '', '', '', office ? bold(office) : '']);
    } else if (code === '09') {
      row(Array.from({ length: 12 }, (_, i) => money(t.rows[0]?.cells[i + 1])));
    } else if (code === '10') {
      for (const spec of T10_ROWS) {
        if (spec.section) {
          row([spec.section, '', '']);
          if (spec.rowNo === 1) row(['项目', '行次', '统计数']);
          if (spec.rowNo === 5) row(['项目', '', '统计数']);
        }
        const x = t.rows.find((y) => y.rowNo === spec.rowNo)!;
        const label = x.label.replace(/（/g, '(').replace(/）/g, ')').replace(/^(\([一二三四五六七八九十]+\)|\d+\.)/, '$1 ');
        row([label, String(spec.rowNo), money(x.cells[1])]);
      }
    } else {
      const cols = CODED_COLUMNS[code];
      const width = rng.chance(0.5) ? rng.int(4, 8) : 99;
      for (const x of t.rows) {
        const vals = cols.map((c) => money(x.cells[c]));
        if (x.level === 'total') row(['合计', '', ...vals]);
        else row([x.key, cellWrap(x.label, width), ...vals]);
        blankInside();
      }
    }
    out.push('');
    para(NOTES[code].join(''));
    if (t.empty) para('说明：本表无数据');
  }
  para('### 第三部分 情况说明');
  return out.join('\n');
}

