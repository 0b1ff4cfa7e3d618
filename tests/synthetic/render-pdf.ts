// Prints a synthetic report (generate.ts) as a national-layout 部门决算 PDF, the way the
// published ones are laid out: every table on its own A4 page (portrait, or landscape when its
// columns need it), title, 公开NN表, the 部门名称 / 年度 / 金额单位 line, a multi-line header with
// merged cells, the 栏次 line with its column numbers centred in their columns, then the rows —
// labels left-aligned and wrapped inside their cell (the lines of a wrapped cell above and below
// the row's baseline), amounts right-aligned, blank cells simply absent, codes in a column of
// their own. A table longer than a page goes on on the next one under its repeated header and
// 栏次 line; page numbers at the bottom; 注： after the table; 本表无数据 for an empty one.
//
// The text seeds (/work/shared/seeds/*.txt, text extracted from such PDFs) fix the conventions:
// header wording and wrapping, 栏次 lines ("栏次 1 栏次 2" for 01/04, "1 2 … 12" for 09, none
// for 06 and 10), 06's four (code, name, amount) groups with indented 款 names and ──── for
// the codes 一般公共预算 basic spending never has, the 10 sections, bold text drawn twice, the
// "第二部分 …年部门决算表" line, notes wrapped at the table's width. The style only chooses
// among what real PDFs do: font size, row height, line spacing, column widths, orientation.
//
// makeCjkPdf writes one page size for the whole file; landscape pages are drawn 247 pt lower on
// a portrait page whose MediaBox is then rewritten in place ("595 842" → "842 595", the same
// number of bytes, so the cross-reference table stays valid).
import { makeCjkPdf, type CjkPdfOptions, type PdfText } from '../fixtures.js';
import { ECONOMIC_GRID, Rng, T10_ROWS, table, TABLE_CODES, type SynthReport, type SynthRow, type TableCode } from './generate.js';

const A4 = { width: 595, height: 842 };

export interface PdfStyle {
  /** Body font size, 8–10 pt. */
  fontSize: number;
  /** Title font size. */
  titleSize: number;
  /** Height of a one-line row, pt. */
  rowHeight: number;
  /** Distance between the lines of a wrapped cell, pt. */
  lineGap: number;
  /** Horizontal padding inside a cell, pt. */
  pad: number;
  /** Page margins, pt. */
  margin: { top: number; bottom: number; side: number };
  /** Label column widths in characters (the seeds wrap 01's labels at 12–13, 04's at 7–9 …). */
  widths: {
    income01: number;
    expenditure01: number;
    income04: number;
    expenditure04: number;
    coded: Record<'02' | '03' | '05' | '07' | '08', number>;
    economic: [number, number, number, number];
    stats: number;
  };
  /** Width of a 科目代码 and 行次 column, in characters (a code column is at least its code and 1.5 more). */
  codeWidth: number;
  rowNoWidth: number;
  /** Room an amount column leaves beside its widest amount, in characters. */
  amountSlack: number;
  /** Share of the usable page width a table fills (at least its natural width). */
  fill: number;
  /** Tables printed at their natural width, centred, not stretched to the page's. */
  narrow: TableCode[];
  /** Tables printed landscape even when portrait would fit. */
  landscape: TableCode[];
  /** Bold text drawn twice, a fraction of a point apart (seeds 001, 002, 004). */
  bold: boolean;
  boldOffset: number;
  /** A continuation page repeats the title, 公开NN表 and 部门名称 lines too, not only the header. */
  repeatTitle: boolean;
  /** "公开01表" on the title's line (right) rather than on a line of its own. */
  markerOnTitleLine: boolean;
  /** Page numbers at the bottom of each page: "-7-", "- 7 -", "第7页", a bare "7", or none. */
  pageNumbers: 'dash' | 'spaced' | 'page' | 'bare' | 'none';
  /** Running header "XX2023年部门决算公开报告" at the top of every page, of one or two pages only, or none. */
  runningHeader: 'every' | 'sparse' | 'none';
  /** "第二部分 2023年部门决算表": on a page of its own, above 01's title, or heading 01's second page (seeds 000–002). */
  section: 'own-page' | 'above-01' | 'in-01';
  /** 05 and 07 print 部门名称, 年度 and 金额单位 on three baselines (seeds: three lines). */
  staggeredMeta: boolean;
  /** 本年收入合计, 本年支出合计 and 总计 centred in their cell (else left-aligned). */
  centreTotals: boolean;
  /** Indent of 06's 款 names and of 04's 年初结转 sub-rows, in characters. */
  indent: number;
  /** Indent of 10's rows 8–15, in characters. */
  statsIndent: number;
  /** ──── of 06 centred in its cell (else right-aligned like the amounts). */
  dashCentred: boolean;
  /**
   * Probability that a row of 01/04 prints its income amount flush against the expenditure
   * label after it, so that pdf.js reads them as one item ("4.04八、社会保障和就业支出", as
   * seed 000's text shows; only plain one-line labels, never bold ones).
   */
  glue: number;
}

export function randomPdfStyle(seed: number): PdfStyle {
  const rng = new Rng(seed ^ 0x5a17e3c9);
  const fontSize = rng.pick([8, 8.5, 9, 9, 9.5, 10]);
  const w = (lo: number, hi: number) => rng.int(lo, hi);
  const landscape: TableCode[] = [];
  const narrow: TableCode[] = [];
  const pLandscape: Record<TableCode, number> = { '01': 0.15, '02': 0.5, '03': 0.5, '04': 0.4, '05': 0.15, '06': 0.85, '07': 0.5, '08': 0.15, '09': 0.9, '10': 0.1 };
  for (const code of TABLE_CODES) if (rng.chance(pLandscape[code])) landscape.push(code);
  for (const code of TABLE_CODES) if (rng.chance(0.12)) narrow.push(code);
  return {
    fontSize,
    titleSize: rng.pick([14, 15, 16, 18]),
    rowHeight: Math.round(fontSize * (1.7 + rng.next() * 0.8) * 10) / 10,
    lineGap: Math.round(fontSize * (1.1 + rng.next() * 0.2) * 10) / 10,
    pad: rng.pick([2.5, 3, 4]),
    margin: { top: w(36, 60), bottom: w(36, 60), side: w(28, 56) },
    widths: {
      income01: w(10, 14),
      expenditure01: w(11, 15),
      income04: w(6, 9),
      expenditure04: w(7, 10),
      coded: { '02': w(6, 9), '03': w(6, 9), '05': w(12, 17), '07': w(8, 16), '08': w(12, 18) },
      economic: [w(9, 13), w(7, 10), w(7, 10), w(11, 14)],
      stats: w(15, 28),
    },
    codeWidth: rng.pick([5, 5.5, 6, 7]),
    rowNoWidth: rng.pick([2.5, 3, 3.5]),
    amountSlack: rng.pick([0.5, 1, 1.5, 2.5]),
    fill: 0.88 + rng.next() * 0.12,
    narrow,
    landscape,
    bold: rng.chance(0.5),
    boldOffset: rng.pick([0.25, 0.3, 0.4, 0.5]),
    repeatTitle: rng.chance(0.35),
    markerOnTitleLine: rng.chance(0.2),
    pageNumbers: rng.pick(['dash', 'dash', 'spaced', 'page', 'bare', 'none'] as const),
    runningHeader: rng.pick(['every', 'every', 'sparse', 'none'] as const),
    section: rng.pick(['own-page', 'above-01', 'in-01'] as const),
    staggeredMeta: rng.chance(0.5),
    centreTotals: rng.chance(0.5),
    indent: rng.pick([1, 2, 2]),
    statsIndent: rng.pick([0, 1]),
    dashCentred: rng.chance(0.5),
    glue: rng.pick([0, 0, 0.2]),
  };
}

// ---------------------------------------------------------------- measuring and wrapping

/** Width in characters: the generated font draws ASCII at half the width of CJK (fixtures.ts). */
const ems = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x80 ? 0.5 : 1), 0);
const NO_LINE_START = /^[）)、，。：；”’》]/;

/**
 * A cell's text as the lines it wraps into at `width` characters (the first line `firstIndent`
 * characters narrower): CJK breaks between any two characters, an ASCII run ("100", "30101")
 * stays whole, and no line starts with closing punctuation.
 */
export function wrapText(text: string, width: number, firstIndent = 0): string[] {
  const tokens = text.match(/[\x21-\x7e]+|./gu) ?? [];
  const lines: string[][] = [[]];
  let used = 0;
  for (const tok of tokens) {
    const cur = lines[lines.length - 1];
    const avail = width - (lines.length === 1 ? firstIndent : 0);
    if (cur.length > 0 && used + ems(tok) > avail + 1e-9) {
      const next: string[] = [];
      // Closing punctuation never starts a line: the character before it moves down with it.
      if (NO_LINE_START.test(tok) && cur.length > 1) next.push(cur.pop()!);
      lines.push(next);
      next.push(tok);
      used = next.reduce((a, t) => a + ems(t), 0);
    } else {
      cur.push(tok);
      used += ems(tok);
    }
  }
  return lines.map((l) => l.join('')).filter((l) => l !== '');
}

// ---------------------------------------------------------------- tables as cells on a grid

type Align = 'left' | 'right' | 'center';
type ColKind = 'label' | 'code' | 'rowno' | 'amount';

interface ColDef {
  kind: ColKind;
  /** Width in characters (labels, codes, 行次); amount columns are sized by their widest amount. */
  chars?: number;
  /** Printed texts of the column's amounts, to size it. */
  texts?: string[];
}

interface RowCell {
  text: string;
  c0: number;
  /** Last column of a merged cell (default c0). */
  c1?: number;
  align: Align;
  bold?: boolean;
  /** Characters the first line is indented by. */
  indent?: number;
  /** Keep on one line (amounts, codes, 行次). */
  nowrap?: boolean;
  /** An amount and the one-line label after it printed flush against each other (01/04). */
  glue?: boolean;
}

interface HeaderCell {
  text: string;
  c0: number;
  c1?: number;
  r0: number;
  r1?: number;
}

interface TableSpec {
  code: TableCode;
  cols: ColDef[];
  header: HeaderCell[];
  /** The 栏次 line (null: 06 and 10 have none). */
  lanci: RowCell[] | null;
  rows: RowCell[][];
  /** Declared empty: printed with its 合计 row (07, 08) or nothing, then 说明：本表无数据. */
  empty: boolean;
}

interface Layout {
  landscape: boolean;
  lefts: number[];
  rights: number[];
  x0: number;
  width: number;
}

const money = (text: string | undefined): text is string => text !== undefined && text !== '';

function layoutColumns(spec: TableSpec, s: PdfStyle): Layout {
  const fs = s.fontSize;
  const widest = (c: ColDef) => Math.max(3, ...(c.texts ?? []).map(ems));
  const natural = spec.cols.map((c) => {
    if (c.kind === 'amount') return Math.max(4, widest(c) + s.amountSlack) * fs + 2 * s.pad;
    if (c.kind === 'code') return Math.max(s.codeWidth, (c.chars ?? 7) / 2 + 1.5) * fs + 2 * s.pad;
    if (c.kind === 'rowno') return s.rowNoWidth * fs + 2 * s.pad;
    return (c.chars ?? 8) * fs + 2 * s.pad;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  const usable = (landscape: boolean) => (landscape ? A4.height : A4.width) - 2 * s.margin.side;
  const landscape = s.landscape.includes(spec.code) || total > usable(false);
  const room = usable(landscape);
  const widths = [...natural];
  if (total > room) {
    // Too wide even in landscape: the label columns give way (down to four characters), then
    // the room beside the amounts (down to half a character) and around codes, never the
    // amounts or codes themselves.
    const floor = spec.cols.map((c, i) =>
      Math.min(
        widths[i],
        c.kind === 'label' ? 4 * fs + 2 * s.pad : c.kind === 'amount' ? (widest(c) + 0.5) * fs + 2 * s.pad : c.kind === 'code' ? ((c.chars ?? 7) / 2 + 1) * fs + 2 * s.pad : 2 * fs + 2 * s.pad,
      ),
    );
    for (const kinds of [['label'], ['amount'], ['code', 'rowno']] as ColKind[][]) {
      const over = widths.reduce((a, b) => a + b, 0) - room;
      if (over <= 0) break;
      const idx = spec.cols.map((c, i) => (kinds.includes(c.kind) ? i : -1)).filter((i) => i >= 0);
      const give = idx.reduce((a, i) => a + (widths[i] - floor[i]), 0);
      if (give <= 0) continue;
      for (const i of idx) widths[i] -= (Math.min(over, give) * (widths[i] - floor[i])) / give;
    }
    const left = widths.reduce((a, b) => a + b, 0);
    if (left > room + 0.01) throw new Error(`table ${spec.code} cannot fit the page: ${left.toFixed(0)} pt for ${room} pt`);
  } else {
    // The table fills most of the page: labels take three shares of the extra room, other columns one.
    const target = s.narrow.includes(spec.code) ? total : Math.max(total, room * s.fill);
    const weights = spec.cols.map((c, i) => natural[i] * (c.kind === 'label' ? 3 : 1));
    const wsum = weights.reduce((a, b) => a + b, 0);
    widths.forEach((_, i) => (widths[i] += ((target - total) * weights[i]) / wsum));
  }
  const width = widths.reduce((a, b) => a + b, 0);
  const pageWidth = landscape ? A4.height : A4.width;
  const x0 = (pageWidth - width) / 2;
  const lefts: number[] = [];
  const rights: number[] = [];
  let x = x0;
  for (const wd of widths) {
    lefts.push(x);
    x += wd;
    rights.push(x);
  }
  return { landscape, lefts, rights, x0, width };
}

// ---------------------------------------------------------------- pages

export interface Page {
  items: PdfText[];
  landscape: boolean;
}

class PdfWriter {
  readonly pages: Page[] = [];
  private page: Page | null = null;
  y = 0;
  /** A line to print at the top of the next page (after the running header). */
  topLine: string | null = null;
  private pageNo: number;
  /** Pages (by number) that print the running header when it is sparse. */
  private headerPages: Set<number>;
  constructor(
    private r: SynthReport,
    readonly s: PdfStyle,
    rng: Rng,
  ) {
    this.pageNo = rng.int(2, 9);
    this.headerPages = new Set([this.pageNo + rng.int(1, 12), this.pageNo + rng.int(1, 12)]);
  }
  get height(): number {
    return this.page?.landscape ? A4.width : A4.height;
  }
  get pageWidth(): number {
    return this.page?.landscape ? A4.height : A4.width;
  }
  get bottom(): number {
    return this.height - this.s.margin.bottom;
  }
  newPage(landscape: boolean): void {
    this.finishPage();
    this.page = { items: [], landscape };
    this.pages.push(this.page);
    this.y = this.s.margin.top;
    if (this.s.runningHeader === 'every' || (this.s.runningHeader === 'sparse' && this.headerPages.has(this.pageNo))) {
      this.text(this.pageWidth / 2, this.s.margin.top * 0.55, `${this.r.department}${this.r.year}年部门决算公开报告`, 'center', this.s.fontSize);
    }
    if (this.topLine) {
      this.y += this.s.fontSize * 1.2;
      this.text(this.s.margin.side, this.y, this.topLine, 'left', this.s.fontSize + 2, true);
      this.y += this.s.fontSize * 0.8;
      this.topLine = null;
    }
  }
  finishPage(): void {
    if (!this.page) return;
    const n = this.pageNo++;
    const label = { dash: `-${n}-`, spaced: `- ${n} -`, page: `第${n}页`, bare: String(n), none: '' }[this.s.pageNumbers];
    if (label) this.text(this.pageWidth / 2, this.height - this.s.margin.bottom * 0.45, label, 'center', this.s.fontSize);
    this.page = null;
  }
  /** A text item; bold text is drawn twice, a fraction of a point apart, as the published PDFs do. */
  text(x: number, y: number, text: string, align: Align = 'left', size = this.s.fontSize, bold = false): void {
    if (text === '') return;
    this.page!.items.push({ x, y, text, align, size });
    if (bold && this.s.bold) this.page!.items.push({ x: x + this.s.boldOffset, y, text, align, size });
  }
}

/** Lines of a cell at its column width, and the x of each line. */
function cellLines(c: RowCell, lay: Layout, s: PdfStyle, dx = 0): { lines: string[]; x: (k: number) => number } {
  const fs = s.fontSize;
  const left = lay.lefts[c.c0];
  const right = lay.rights[c.c1 ?? c.c0];
  const chars = (right - left - 2 * s.pad) / fs;
  const indent = c.indent ?? 0;
  const lines = c.nowrap ? [c.text] : wrapText(c.text, chars, indent);
  const x = (k: number) =>
    dx + (c.align === 'right' ? right - s.pad : c.align === 'center' ? (left + right) / 2 : left + s.pad + (k === 0 ? indent * fs : 0));
  return { lines, x };
}

/** Height of a row of cells: one line's row height, or enough for its tallest wrapped cell. */
function rowHeight(cells: RowCell[], lay: Layout, s: PdfStyle): number {
  const n = Math.max(1, ...cells.map((c) => cellLines(c, lay, s).lines.length));
  return Math.max(s.rowHeight, (n - 1) * s.lineGap + s.rowHeight * 0.85);
}

/** Draws a row at w.y: every cell vertically centred, its wrapped lines above and below the baseline. */
function drawRow(w: PdfWriter, cells: RowCell[], lay: Layout): void {
  const s = w.s;
  const h = rowHeight(cells, lay, s);
  const base = w.y + h / 2 + s.fontSize * 0.35;
  // A glued pair: the amount ends at its column's border and the label starts half a point
  // after it — less than pdf.js's smallest space — when the label fits on one line.
  const glued = cells.some((c) => c.glue && c.align === 'left' && cellLines(c, lay, s).lines.length === 1);
  for (const c of cells) {
    const dx = glued && c.glue ? (c.align === 'right' ? s.pad - 0.2 : 0.3 - s.pad) : 0;
    const { lines, x } = cellLines(c, lay, s, dx);
    lines.forEach((line, k) => w.text(x(k), base + (k - (lines.length - 1) / 2) * s.lineGap, line, c.align, s.fontSize, c.bold));
  }
  w.y += h;
}

/** The header: merged cells over a grid of header rows, each text centred in its box. */
function drawHeader(w: PdfWriter, header: HeaderCell[], lay: Layout): void {
  const s = w.s;
  const rows = Math.max(...header.map((h) => h.r1 ?? h.r0)) + 1;
  const lines = header.map((h) => wrapText(h.text, (lay.rights[h.c1 ?? h.c0] - lay.lefts[h.c0] - 2 * s.pad) / s.fontSize));
  const need = (n: number) => Math.max(s.rowHeight, (n - 1) * s.lineGap + s.rowHeight * 0.85);
  const heights = new Array<number>(rows).fill(s.rowHeight);
  header.forEach((h, i) => {
    if ((h.r1 ?? h.r0) === h.r0) heights[h.r0] = Math.max(heights[h.r0], need(lines[i].length));
  });
  header.forEach((h, i) => {
    const r1 = h.r1 ?? h.r0;
    const have = heights.slice(h.r0, r1 + 1).reduce((a, b) => a + b, 0);
    if (have < need(lines[i].length)) heights[r1] += need(lines[i].length) - have;
  });
  const tops = heights.map((_, r) => w.y + heights.slice(0, r).reduce((a, b) => a + b, 0));
  header.forEach((h, i) => {
    const r1 = h.r1 ?? h.r0;
    const boxH = heights.slice(h.r0, r1 + 1).reduce((a, b) => a + b, 0);
    const base = tops[h.r0] + boxH / 2 + s.fontSize * 0.35;
    const x = (lay.lefts[h.c0] + lay.rights[h.c1 ?? h.c0]) / 2;
    lines[i].forEach((line, k) => w.text(x, base + (k - (lines[i].length - 1) / 2) * s.lineGap, line, 'center', s.fontSize, true));
  });
  w.y += heights.reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------- the ten tables

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

const NOTES: Record<TableCode, string> = {
  '01': '注：本表反映部门本年度的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。',
  '02': '注：本表反映部门本年度取得的各项收入情况。',
  '03': '注：本表反映部门本年度各项支出情况。',
  '04': '注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。',
  '05': '注：本表反映部门本年度一般公共预算财政拨款支出情况。',
  '06': '注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。',
  '07': '注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。',
  '08': '注：本表反映部门本年度国有资本经营预算财政拨款支出情况。',
  '09': '注：本表反映部门本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。',
  '10': '注：本表反映部门本年度政府采购、机关运行经费和国有资产占用情况。',
};

// The seeds' own unit spelling per table.
const UNIT_PREFIX: Record<TableCode, string> = {
  '01': '金额单位：', '02': '金额单位：', '03': '金额单位：', '04': '金额单位：', '05': '金额单位：', '06': '金额单位：',
  '07': '单位:', '08': '单位:', '09': '金额单位:', '10': '金额单位：',
};

const CODED_HEADINGS: Record<'02' | '03', string[]> = {
  '02': ['本年收入合计', '财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'],
  '03': ['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'],
};
const CODED_COLUMNS: Record<'02' | '03' | '05' | '07' | '08', number[]> = {
  '02': [1, 2, 3, 4, 5, 6, 7], '03': [1, 2, 3, 4, 5, 6], '05': [1, 2, 3], '07': [1, 2, 3, 4, 5, 6], '08': [1, 2, 3],
};

const amountCell = (text: string | undefined, c0: number): RowCell[] => (money(text) ? [{ text, c0, align: 'right', nowrap: true }] : []);
const lanciNumbers = (first: number, cols: number[], bold: boolean): RowCell[] =>
  cols.map((c, i) => ({ text: String(first + i), c0: c, align: 'center' as const, nowrap: true, bold }));
const TOTAL_LABEL = /^(本年收入合计|本年支出合计|总计)$/;

function twoSided(r: SynthReport, code: '01' | '04', s: PdfStyle, rng: Rng): TableSpec {
  const t = table(r, code);
  const is01 = code === '01';
  const offset = is01 ? 31 : 32;
  const amountCols = is01 ? [2] : [2, 3, 4, 5];
  const incomeW = is01 ? s.widths.income01 : s.widths.income04;
  const expW = is01 ? s.widths.expenditure01 : s.widths.expenditure04;
  const byNo = (side: 'income' | 'expenditure', n: number) => t.rows.find((x) => x.side === side && x.rowNo === n)!;
  const cols: ColDef[] = [
    { kind: 'label', chars: incomeW },
    { kind: 'rowno' },
    { kind: 'amount', texts: t.rows.filter((x) => x.side === 'income').map((x) => x.cells[1] ?? '') },
    { kind: 'label', chars: expW },
    { kind: 'rowno' },
    ...amountCols.map((c) => ({ kind: 'amount' as const, texts: t.rows.filter((x) => x.side === 'expenditure').map((x) => x.cells[c] ?? '') })),
  ];
  const last = cols.length - 1;
  const header: HeaderCell[] = [
    { text: '收入', c0: 0, c1: 2, r0: 0 },
    { text: '支出', c0: 3, c1: last, r0: 0 },
    { text: '项目', c0: 0, r0: 1 },
    { text: '行次', c0: 1, r0: 1 },
    { text: '金额', c0: 2, r0: 1 },
    { text: '项目', c0: 3, r0: 1 },
    { text: '行次', c0: 4, r0: 1 },
    ...(is01 ? [{ text: '金额', c0: 5, r0: 1 }] : ['合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'].map((text, i) => ({ text, c0: 5 + i, r0: 1 }))),
  ];
  // Seeds: "栏次栏次  11 栏次栏次  22" (01, digits bold too), "栏次栏次  1 栏次栏次  2 3 4 5" (04).
  const lanci: RowCell[] = [
    { text: '栏次', c0: 0, align: 'center', bold: true, nowrap: true },
    { text: '1', c0: 2, align: 'center', bold: is01, nowrap: true },
    { text: '栏次', c0: 3, align: 'center', bold: true, nowrap: true },
    ...lanciNumbers(2, amountCols.map((_, i) => 5 + i), is01),
  ];
  const label = (row: SynthRow, c0: number): RowCell[] => {
    if (row.label === '') return [];
    const total = TOTAL_LABEL.test(row.label);
    return [{ text: row.label, c0, align: total && s.centreTotals ? 'center' : 'left', bold: total, indent: row.indent ? s.indent : 0 }];
  };
  const rows: RowCell[][] = [];
  for (let k = 1; k <= offset; k++) {
    const inc = byNo('income', k);
    const exp = byNo('expenditure', k + offset);
    const amount = amountCell(inc.cells[1], 2);
    const expLabel = label(exp, 3);
    if (amount.length > 0 && expLabel.length > 0 && !expLabel[0].bold && expLabel[0].align === 'left' && rng.chance(s.glue)) {
      amount[0].glue = true;
      expLabel[0].glue = true;
    }
    rows.push([
      ...label(inc, 0),
      { text: String(k), c0: 1, align: 'center', nowrap: true },
      ...amount,
      ...expLabel,
      { text: String(k + offset), c0: 4, align: 'center', nowrap: true },
      ...amountCols.flatMap((c, i) => amountCell(exp.cells[c], 5 + i)),
    ]);
  }
  return { code, cols, header, lanci, rows, empty: false };
}

function coded(r: SynthReport, code: '02' | '03' | '05' | '07' | '08', s: PdfStyle): TableSpec {
  const t = table(r, code);
  const amountCols = CODED_COLUMNS[code];
  const cols: ColDef[] = [
    { kind: 'code' },
    { kind: 'label', chars: s.widths.coded[code] },
    ...amountCols.map((c) => ({ kind: 'amount' as const, texts: t.rows.map((x) => x.cells[c] ?? '') })),
  ];
  const header: HeaderCell[] = [{ text: '项目', c0: 0, c1: 1, r0: 0 }, { text: '科目代码', c0: 0, r0: 1 }, { text: '科目名称', c0: 1, r0: 1 }];
  if (code === '02' || code === '03') CODED_HEADINGS[code].forEach((text, i) => header.push({ text, c0: 2 + i, r0: 0, r1: 1 }));
  else if (code === '07') {
    header.push(
      { text: '年初结转和结余', c0: 2, r0: 0, r1: 1 },
      { text: '本年收入', c0: 3, r0: 0, r1: 1 },
      { text: '本年支出', c0: 4, c1: 6, r0: 0 },
      { text: '小计', c0: 4, r0: 1 },
      { text: '基本支出', c0: 5, r0: 1 },
      { text: '项目支出', c0: 6, r0: 1 },
      { text: '年末结转和结余', c0: 7, r0: 0, r1: 1 },
    );
  } else {
    header.push({ text: '本年支出', c0: 2, c1: 4, r0: 0 });
    (code === '05' ? ['小计', '基本支出', '项目支出'] : ['合计', '基本支出', '项目支出']).forEach((text, i) => header.push({ text, c0: 2 + i, r0: 1 }));
  }
  // Seeds: "栏次栏次 1 2 3 4 5 6 7" (02, 03) but "栏次栏次 11 22 33" (05, 07, 08).
  const lanci: RowCell[] = [{ text: '栏次', c0: 0, c1: 1, align: 'center', bold: true, nowrap: true }, ...lanciNumbers(1, amountCols.map((_, i) => 2 + i), code !== '02' && code !== '03')];
  const rows: RowCell[][] = [];
  if (t.empty) {
    // The seeds print the form's 合计 row with nothing in it.
    rows.push([{ text: '合计', c0: 0, c1: 1, align: 'center', bold: true, nowrap: true }]);
  } else {
    for (const row of t.rows) {
      const vals = amountCols.flatMap((c, i) => amountCell(row.cells[c], 2 + i));
      if (row.level === 'total') rows.push([{ text: '合计', c0: 0, c1: 1, align: 'center', bold: true, nowrap: true }, ...vals]);
      else rows.push([{ text: row.key, c0: 0, align: 'left', nowrap: true }, { text: row.label, c0: 1, align: 'left' }, ...vals]);
    }
  }
  return { code, cols, header, lanci, rows, empty: t.empty };
}

function economic(r: SynthReport, s: PdfStyle): TableSpec {
  const t = table(r, '06');
  const byKey = new Map(t.rows.map((x) => [x.key, x]));
  const cols: ColDef[] = [];
  for (let g = 0; g < 4; g++) {
    const texts = ECONOMIC_GRID[g].filter((c) => c).map((c) => byKey.get(c)!.cells[1] ?? '');
    if (g === 0) texts.push(byKey.get('人员经费合计')!.cells[1] ?? '');
    if (g === 3) texts.push(byKey.get('公用经费合计')!.cells[1] ?? '');
    cols.push({ kind: 'code', chars: 5 }, { kind: 'label', chars: s.widths.economic[g] }, { kind: 'amount', texts: [...texts, '────'] });
  }
  const header: HeaderCell[] = [{ text: '人员经费', c0: 0, c1: 2, r0: 0 }, { text: '公用经费', c0: 3, c1: 11, r0: 0 }];
  for (let g = 0; g < 4; g++) header.push({ text: '科目代码', c0: 3 * g, r0: 1 }, { text: '科目名称', c0: 3 * g + 1, r0: 1 }, { text: '决算数', c0: 3 * g + 2, r0: 1 });
  const rows: RowCell[][] = [];
  for (let i = 0; i < ECONOMIC_GRID[0].length; i++) {
    const cells: RowCell[] = [];
    for (let g = 0; g < 4; g++) {
      const code = ECONOMIC_GRID[g][i];
      if (!code) continue;
      const row = byKey.get(code)!;
      const isClass = code.length === 3;
      cells.push({ text: code, c0: 3 * g, align: 'left', nowrap: true, bold: isClass });
      cells.push({ text: row.label, c0: 3 * g + 1, align: 'left', bold: isClass, indent: isClass ? 0 : s.indent });
      if (row.placeholder) cells.push({ text: '────', c0: 3 * g + 2, align: s.dashCentred ? 'center' : 'right', nowrap: true });
      else cells.push(...amountCell(row.cells[1], 3 * g + 2));
    }
    rows.push(cells);
  }
  rows.push([
    { text: '人员经费合计', c0: 0, c1: 1, align: 'center', bold: true, nowrap: true },
    ...amountCell(byKey.get('人员经费合计')!.cells[1], 2),
    { text: '公用经费合计', c0: 3, c1: 10, align: 'center', bold: true, nowrap: true },
    ...amountCell(byKey.get('公用经费合计')!.cells[1], 11),
  ]);
  return { code: '06', cols, header, lanci: null, rows, empty: false };
}

function threePublic(r: SynthReport): TableSpec {
  const t = table(r, '09');
  const row = t.rows[0];
  const cols: ColDef[] = Array.from({ length: 12 }, (_, i) => ({ kind: 'amount' as const, texts: [row?.cells[i + 1] ?? '', '公务接待'] }));
  const header: HeaderCell[] = [{ text: '预算数', c0: 0, c1: 5, r0: 0 }, { text: '决算数', c0: 6, c1: 11, r0: 0 }];
  for (const b of [0, 6]) {
    header.push(
      { text: '合计', c0: b, r0: 1, r1: 2 },
      { text: '因公出国（境）费', c0: b + 1, r0: 1, r1: 2 },
      { text: '公务用车购置及运行维护费', c0: b + 2, c1: b + 4, r0: 1 },
      { text: '公务接待费', c0: b + 5, r0: 1, r1: 2 },
      { text: '小计', c0: b + 2, r0: 2 },
      { text: '公务用车购置费', c0: b + 3, r0: 2 },
      { text: '公务用车运行维护费', c0: b + 4, r0: 2 },
    );
  }
  // Seeds: "1 2 3 4 5 6 7 8 9 10 11 12" alone, never bold, no 栏次.
  const lanci = lanciNumbers(1, Array.from({ length: 12 }, (_, i) => i), false);
  const rows: RowCell[][] = t.empty || !row ? [] : [Array.from({ length: 12 }, (_, i) => amountCell(row.cells[i + 1], i)).flat()];
  return { code: '09', cols, header, lanci, rows, empty: t.empty };
}

function stats(r: SynthReport, s: PdfStyle): TableSpec {
  const t = table(r, '10');
  const cols: ColDef[] = [{ kind: 'label', chars: s.widths.stats }, { kind: 'rowno' }, { kind: 'amount', texts: t.rows.map((x) => x.cells[1] ?? '') }];
  const rows: RowCell[][] = [];
  for (const spec of T10_ROWS) {
    if (spec.section) {
      rows.push([{ text: spec.section, c0: 0, c1: 2, align: 'left', bold: true }]);
      if (spec.rowNo === 1) rows.push([{ text: '项目', c0: 0, align: 'center', bold: true }, { text: '行次', c0: 1, align: 'center', bold: true }, { text: '统计数', c0: 2, align: 'center', bold: true }]);
      if (spec.rowNo === 5) rows.push([{ text: '项目', c0: 0, align: 'center', bold: true }, { text: '统计数', c0: 2, align: 'center', bold: true }]);
    }
    const row = t.rows.find((x) => x.rowNo === spec.rowNo)!;
    const indent = spec.rowNo >= 8 && spec.rowNo <= 15 ? s.statsIndent : 0;
    rows.push([{ text: row.label, c0: 0, align: 'left', indent }, { text: String(spec.rowNo), c0: 1, align: 'center', nowrap: true }, ...amountCell(row.cells[1], 2)]);
  }
  return { code: '10', cols, header: [], lanci: null, rows, empty: false };
}

function specFor(r: SynthReport, code: TableCode, s: PdfStyle, rng: Rng): TableSpec {
  switch (code) {
    case '01':
    case '04':
      return twoSided(r, code, s, rng);
    case '06':
      return economic(r, s);
    case '09':
      return threePublic(r);
    case '10':
      return stats(r, s);
    default:
      return coded(r, code, s);
  }
}

// ---------------------------------------------------------------- drawing a table

function drawTitleBlock(w: PdfWriter, r: SynthReport, spec: TableSpec, lay: Layout): void {
  const s = w.s;
  const fs = s.fontSize;
  const code = spec.code;
  w.y += s.titleSize;
  w.text(lay.x0 + lay.width / 2, w.y, TITLES[code], 'center', s.titleSize, true);
  // The marker shares the title's line only where it clears the title.
  const clear = (ems(TITLES[code]) * s.titleSize) / 2 + (ems(`公开${code}表`) + 2) * fs <= lay.width / 2;
  if (s.markerOnTitleLine && clear) w.text(lay.x0 + lay.width, w.y, `公开${code}表`, 'right');
  else {
    w.y += fs * 1.8;
    w.text(lay.x0 + lay.width, w.y, `公开${code}表`, 'right');
  }
  w.y += fs * 2;
  const name = `${code === '10' ? '单位' : '部门'}名称：${r.department}`;
  const unit = UNIT_PREFIX[code] + r.unit;
  const year = `${r.year}年度`;
  if (code === '09') {
    // The seeds' 09 prints the name in a narrow cell: a long one wraps ("…人民政府办公" / "室").
    const lines = wrapText(name, 17);
    lines.forEach((l, k) => w.text(lay.x0, w.y + (k - (lines.length - 1) / 2) * s.lineGap, l));
    w.text(lay.x0 + lay.width * 0.45, w.y, year, 'center');
    w.text(lay.x0 + lay.width, w.y, unit, 'right');
    w.y += ((lines.length - 1) * s.lineGap) / 2;
  } else if (s.staggeredMeta && (code === '05' || code === '07')) {
    // Seeds 05/07: name, year and unit on three lines.
    w.text(lay.x0, w.y, name);
    w.text(lay.x0 + lay.width / 2, w.y + fs * 1.3, year, 'center');
    w.text(lay.x0 + lay.width, w.y + fs * 2.6, unit, 'right');
    w.y += fs * 2.6;
  } else {
    w.text(lay.x0, w.y, name);
    w.text(lay.x0 + lay.width / 2, w.y, year, 'center');
    w.text(lay.x0 + lay.width, w.y, unit, 'right');
  }
  w.y += fs * 0.9;
}

function drawTableHead(w: PdfWriter, spec: TableSpec, lay: Layout): void {
  if (spec.header.length > 0) drawHeader(w, spec.header, lay);
  if (spec.lanci) drawRow(w, spec.lanci, lay);
}

function drawNote(w: PdfWriter, text: string, lay: Layout): void {
  const s = w.s;
  for (const line of wrapText(text, lay.width / s.fontSize)) {
    if (w.y + s.lineGap > w.bottom) {
      w.newPage(lay.landscape);
      w.y += s.fontSize;
    }
    w.y += s.lineGap;
    w.text(lay.x0, w.y, line);
  }
}

function drawTable(w: PdfWriter, r: SynthReport, spec: TableSpec, opts: { sectionAbove: boolean; sectionOnNextPage: boolean }): void {
  const s = w.s;
  const lay = layoutColumns(spec, s);
  w.newPage(lay.landscape);
  const sectionLine = () => {
    w.y += s.fontSize * 1.2;
    w.text(lay.x0, w.y, `第二部分 ${r.year}年部门决算表`, 'left', s.fontSize + 2, true);
    w.y += s.fontSize * 0.8;
  };
  if (opts.sectionAbove) sectionLine();
  drawTitleBlock(w, r, spec, lay);
  drawTableHead(w, spec, lay);
  let sectionPending = opts.sectionOnNextPage;
  for (const row of spec.rows) {
    if (w.y + rowHeight(row, lay, s) > w.bottom) {
      // Continued on the next page under the repeated header and 栏次 line.
      w.newPage(lay.landscape);
      if (sectionPending) sectionLine();
      sectionPending = false;
      if (s.repeatTitle) drawTitleBlock(w, r, spec, lay);
      else w.y += s.fontSize * 0.5;
      drawTableHead(w, spec, lay);
    }
    drawRow(w, row, lay);
  }
  w.y += s.lineGap * 0.4;
  drawNote(w, NOTES[spec.code], lay);
  if (spec.empty) drawNote(w, '说明：本表无数据', lay);
  // 01 fitted on one page: the section line heads the next page, as the running header it is.
  if (sectionPending) w.topLine = `第二部分 ${r.year}年部门决算表`;
}

/** The pages of the report (tables in `only`, default all), before they are written as a PDF. */
export function renderPdfPages(r: SynthReport, s: PdfStyle = randomPdfStyle(r.seed), only: readonly TableCode[] = TABLE_CODES): Page[] {
  const rng = new Rng(r.seed ^ 0x3c6ef372);
  const w = new PdfWriter(r, s, rng);
  // Cover page.
  w.newPage(false);
  w.text(A4.width / 2, 300, r.department, 'center', 22, true);
  w.text(A4.width / 2, 340, `${r.year}年度部门决算公开`, 'center', 18, true);
  if (s.section === 'own-page') {
    w.newPage(false);
    w.text(A4.width / 2, 380, `第二部分 ${r.year}年部门决算表`, 'center', 18, true);
  }
  for (const code of only) {
    const first = code === only[0];
    drawTable(w, r, specFor(r, code, s, rng), { sectionAbove: first && s.section === 'above-01', sectionOnNextPage: first && code === '01' && s.section === 'in-01' });
  }
  w.newPage(false);
  w.y += 40;
  w.text(A4.width / 2, w.y, '第三部分 情况说明', 'center', 16, true);
  w.finishPage();
  return w.pages;
}

/** The report as a national-layout PDF (bytes). */
export function renderPdf(r: SynthReport, s: PdfStyle = randomPdfStyle(r.seed), only: readonly TableCode[] = TABLE_CODES, opts: CjkPdfOptions = {}): Uint8Array {
  return pagesToPdf(renderPdfPages(r, s, only), opts);
}

/** Pages (portrait and landscape mixed) as one PDF through makeCjkPdf. */
export function pagesToPdf(pages: Page[], opts: CjkPdfOptions = {}): Uint8Array {
  const shift = A4.height - A4.width;
  const bytes = makeCjkPdf(
    pages.map((p) => (p.landscape ? p.items.map((it) => ({ ...it, y: it.y + shift })) : p.items)),
    A4,
    opts,
  );
  const text = Buffer.from(bytes).toString('latin1');
  const box = `/MediaBox [0 0 ${A4.width} ${A4.height}]`;
  let k = 0;
  const patched = text.replace(new RegExp(box.replace(/[[\]/]/g, '\\$&'), 'g'), (m) => (pages[k++].landscape ? `/MediaBox [0 0 ${A4.height} ${A4.width}]` : m));
  if (k !== pages.length) throw new Error(`expected ${pages.length} page boxes, found ${k}`);
  return new Uint8Array(Buffer.from(patched, 'latin1'));
}
