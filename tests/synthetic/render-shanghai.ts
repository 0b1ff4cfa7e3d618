// Prints a synthetic report (generate.ts) as a Shanghai-layout PDF, the way the real
// 上海市普陀区财政局 2024 report (/work/shared/pdf/sh-putuo-caizhengju-2024-juesuan.pdf) and the
// official blank template (sh-juesuan-template-2024-blank.pdf) print it:
//
// - nine tables, in the report's order 01 02 03 04 05 06 09 07 08 (no table 10), each starting
//   on a new page, the first of them under the "第二部分 …年度部门决算表" heading; a cover, an
//   optional 目录 and 第一部分, and a 第三部分 heading after the tables;
// - no 公开NN表 markers, no 行次, no 栏次; every title centred, "单位：万元" at the table's right;
// - 类/款/项 codes in three narrow columns ("201" "06" "01"), names wrapped within their cell
//   (the other cells of the row centred on the name's lines), numbers right-aligned, the numbers
//   of bold rows (合计, 类) ending a few points further right than the others, an occasional
//   number on the upper of two lines (Putuo 03 and 04 do both);
// - 02/03 with 合计 first (on the line of the 类 款 项 heads), 05/07/08 with 合计 last;
// - 01/04 as two sides (项目 决算数 | 项目 决算数 [合计 一般公共预算… 政府性基金… 国有资本…]);
// - 06 as two side-by-side groups (类 款 | 科目名称 | 决算数): 301 and 303 on the left, 302 and
//   310 on the right, codes on the upper line of each two-line row, names and amounts centred,
//   人员经费合计 / 公用经费合计 after the longer group;
// - 09 as (预算数, 决算数) pairs per item; 07/08 as 收入支出 tables (年初结转和结余, 本年收入,
//   本年支出 小计/合计 基本支出 项目支出, 年末结转和结余);
// - tables longer than a page continue on the next page without repeating the header;
// - 说明/注 lines: "注：本表反映…" under each table (the template; rarely Putuo), and 07/08/09
//   without data printed as the empty form with "注：…无…，故本表无数据。".
//
// Some styles take the blank template's variants instead: its column-head wording and wrapping
// (公务用车购置及运行维护费, 附属单位/上缴收入 …, 07/08's 合计 for 小计, evenly wide columns), the
// whole code in one column ("2050205" in 02/03/05/07/08, "30101" in 06, one line per row), and
// "…年度部门决算表" without 第二部分 above the first table.
//
// The PDF is drawn with tests/fixtures.ts' makeCjkPdf on landscape pages (842 × 595); the
// tables Putuo prints on portrait pages (01, 05, 06) keep their columns, centred and a little
// wider. Column widths grow where the numbers would not fit (as a real layout would), and the
// style (font sizes, column widths, paddings, row heights, header wrapping variant, notes)
// varies per style seed within what the two real documents show.
//
// What the generator has and Shanghai cannot print is left out: table 10, 行次, the blank rows of
// 01/04 and the codes of 06 that Shanghai's form does not list (307, 309, 311 …). What Shanghai
// prints and the generator lacks is derived: 08's 年初结转和结余 / 本年收入 / 年末结转和结余
// (columns 4–6; the generator's state-capital money has no balances, so 本年收入 = 合计).
// `expectedShanghai` lists every cell the parser should read back.
import { makeCjkPdf, type CjkPdfOptions, type PdfText } from '../fixtures.js';
import { economicName, Rng, table, type SynthReport, type SynthRow, type TableCode } from './generate.js';

export const SH_PAGE = { width: 842, height: 595 };

export interface ShanghaiStyle {
  seed: number;
  /** Font size of table bodies and headers (Putuo 11–12, the template 10.5). */
  fs: number;
  titleFs: number;
  /** Baseline distance between the lines of a wrapped cell. */
  lp: number;
  /** Height of a one-line row (baseline to baseline of consecutive rows). */
  rowPitch: number;
  /** Height of a row of 06 (two lines: codes on the upper, names and amounts centred). */
  row06: number;
  /** Column width factor (landscape tables; the portrait ones get `wide` on top). */
  scale: number;
  /** Extra width factor of the tables Putuo prints on portrait pages (01, 05, 06). */
  wide: number;
  /** Horizontal shift of every table from the page centre. */
  dx: number;
  /** Least space between the heads of neighbouring columns, in font sizes. */
  headGap: number;
  /** Space between a number's right end and its column's right edge. */
  pad: number;
  /** Numbers of non-bold rows end this much further left (bold face is wider in the real PDF). */
  boldShift: number;
  /** Probability that a number ends half a digit further left (Putuo's ragged right edges). */
  ragged: number;
  /** Probability that a number cell sits on the upper of two lines (Putuo 03 and 04). */
  tall: number;
  /** 类/款/项 codes in three narrow columns ("201" "06" "01", Putuo), or whole in one (the template's "2050205"). */
  codes: 'split' | 'whole';
  /** 06: 类 and 款 in two columns under "类" "款" heads (Putuo), or the whole code in one ("30101", the template). */
  codes06: 'split' | 'whole';
  /** Above the first table: "第二部分 …年度部门决算表" (Putuo) or "…年度部门决算表" alone (the template). */
  heading: 'part' | 'plain';
  /** Column heads wrapped as Putuo wraps them, or the blank template's wording and wrapping. */
  header: 'putuo' | 'template';
  /** 01's 使用非财政拨款结余 row: Putuo's "(含专用结余)" or the template's short label. */
  balanceLabel: '使用非财政拨款结余（含专用结余）' | '使用非财政拨款结余';
  /** "注：本表反映…" under each table (the template), or none (Putuo). */
  notes: boolean;
  /** 06: the first line of a wrapped name letter-spaced ("因 公 出 国 （ 境 ） 费"), as Putuo's second group. */
  spaced: boolean;
  /** Lowest row bottom on a page; rows below start a new page. */
  bottom: number;
  /** Top of the first row on a continuation page. */
  contTop: number;
  /** 目录 and 第一部分 pages before the tables. */
  front: boolean;
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function randomShanghaiStyle(seed: number): ShanghaiStyle {
  const rng = new Rng(seed ^ 0x5d3a9e17);
  const fs = rng.pick([10.5, 11, 11, 12, 12]);
  const lp = round1(fs * (1.22 + rng.next() * 0.16));
  const header = rng.chance(0.6) ? 'putuo' : 'template';
  return {
    seed,
    fs,
    titleFs: rng.pick([16, 16, 18]),
    lp,
    rowPitch: round1(Math.max(lp + 1, fs * (1.38 + rng.next() * 0.2))),
    row06: round1(Math.max(2 * lp + 1, fs * (2.45 + rng.next() * 0.25))),
    scale: round3(0.95 + rng.next() * 0.12),
    wide: round3(1.05 + rng.next() * 0.25),
    dx: rng.int(-12, 12),
    pad: rng.int(3, 9),
    headGap: round1(0.85 + rng.next() * 0.95),
    boldShift: rng.pick([0, 0, 3, 6, 8]),
    ragged: rng.pick([0, 0, 0.2, 0.4]),
    tall: rng.pick([0, 0, 0.1, 0.25, 0.5]),
    header,
    codes: rng.chance(header === 'template' ? 0.6 : 0.15) ? 'whole' : 'split',
    codes06: rng.chance(header === 'template' ? 0.25 : 0.05) ? 'whole' : 'split',
    heading: rng.chance(0.7) ? 'part' : 'plain',
    balanceLabel: rng.chance(0.6) ? '使用非财政拨款结余（含专用结余）' : '使用非财政拨款结余',
    notes: header === 'template' ? rng.chance(0.8) : rng.chance(0.15),
    spaced: rng.chance(0.6),
    bottom: rng.int(505, 560),
    contTop: rng.int(72, 92),
    front: rng.chance(0.7),
  };
}

// ---------------------------------------------------------------- text geometry

/** Width of a string in the fixture's font: CJK 1 em, ASCII ½ em (tests/fixtures.ts). */
export const textWidth = (s: string, size: number) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x80 ? 0.5 : 1) * size, 0);

/** Splits a label into lines of at most `chars` characters (wide characters count 1, ASCII ½). */
function wrap(label: string, chars: number): string[] {
  const out: string[] = [];
  let line = '';
  let w = 0;
  for (const ch of label) {
    const cw = ch.charCodeAt(0) < 0x80 ? 0.5 : 1;
    if (w + cw > chars + 1e-9 && line !== '') {
      out.push(line);
      line = '';
      w = 0;
    }
    line += ch;
    w += cw;
  }
  if (line !== '') out.push(line);
  return out;
}

class Pages {
  readonly pages: PdfText[][] = [];
  /** Rightmost x any text reaches. */
  right = 0;
  private cur: PdfText[] = [];
  constructor() {
    this.newPage();
  }
  newPage(): void {
    this.cur = [];
    this.pages.push(this.cur);
  }
  put(x: number, y: number, text: string, size: number, align: PdfText['align'] = 'left'): void {
    if (text === '') return;
    const w = textWidth(text, size);
    this.right = Math.max(this.right, align === 'right' ? x : align === 'center' ? x + w / 2 : x + w);
    this.cur.push({ x: round1(x), y: round1(y), text, size, align });
  }
}

/** A cell of a table row: lines of text at an x, aligned; `top` puts a one-line cell on the row's upper line. */
interface RowCell {
  x: number;
  lines: string[];
  align: 'left' | 'right' | 'center';
  /** Number cells: printed on the upper of two lines. */
  tall?: boolean;
  /** Vertical placement: centred on the row (default), or on the upper line of a two-line row. */
  top?: boolean;
}

/** Lays rows out top to bottom, starting a new page (without repeating the header) where one does not fit. */
class RowFlow {
  y: number;
  constructor(
    private doc: Pages,
    private style: ShanghaiStyle,
    top: number,
    private fs: number,
  ) {
    this.y = top;
  }
  /** Places one row; `minLines` makes it taller (06 rows are two lines tall). Returns the row's centre baseline. */
  row(cells: RowCell[], opts: { minLines?: number; height?: number } = {}): number {
    const { style } = this;
    const lines = Math.max(opts.minLines ?? 1, ...cells.map((c) => (c.tall ? 2 : c.lines.length)));
    const height = opts.height ?? style.rowPitch + (lines - 1) * style.lp;
    if (this.y + height > style.bottom) {
      this.doc.newPage();
      this.y = style.contTop;
    }
    const centre = this.y + height / 2;
    for (const c of cells) {
      const n = c.tall ? 2 : c.lines.length;
      const first = c.top ? centre - ((lines - 1) * style.lp) / 2 : centre - ((n - 1) * style.lp) / 2;
      c.lines.forEach((t, k) => this.doc.put(c.x, first + k * style.lp, t, this.fs, c.align));
    }
    this.y += height;
    return centre;
  }
  skip(h: number): void {
    this.y += h;
  }
}

// ---------------------------------------------------------------- numbers and columns

interface Column {
  /** National column number the printed column maps to. */
  col: number;
  head: string[];
  left: number;
  right: number;
}

/** Lays columns out left to right from their base widths, each widened to fit its head and numbers. */
function layoutColumns(specs: { col: number; head: string[]; width: number; numbers: string[] }[], start: number, fs: number, style: ShanghaiStyle): Column[] {
  const out: Column[] = [];
  let x = start;
  for (const s of specs) {
    const need = Math.max(
      s.width,
      // Heads keep apart: Putuo's 07 by 10–11pt at 12pt, its 02 by 14–20pt, the template's by 15–24pt at 10.5pt.
      ...s.head.map((h) => textWidth(h, fs) + style.headGap * fs),
      // Right-aligned numbers need their padding on the right and a gap on the left: Putuo's
      // 小计 column is only 30pt wide, but no two cells of its tables are closer than 15pt (and
      // pdf.js joins items closer than 0.6 em into one).
      ...s.numbers.map((n) => textWidth(n, fs) + style.pad + style.boldShift + raggedShift(style, fs) + leftGap(style, fs)),
    );
    out.push({ col: s.col, head: s.head, left: x, right: x + need });
    x += need;
  }
  return out;
}

/**
 * Half a digit, as Putuo's ragged right edges (554 and 560 in one column of its 03); with the bold
 * shift no more than the 12pt spread of right edges Putuo prints in one column (402–414, its 02).
 */
const raggedShift = (style: ShanghaiStyle, fs: number) => Math.max(0, Math.min(fs / 2, 12 - style.boldShift));

/** Room left of the widest number of a column, so that it stays ¾ em from the previous column's numbers. */
const leftGap = (style: ShanghaiStyle, fs: number) => Math.max(2, 0.75 * fs - style.pad);

function numberCell(rng: Rng, style: ShanghaiStyle, right: number, text: string | undefined, bold: boolean, fs: number, tallOk = true): RowCell[] {
  if (text === undefined) return [];
  let x = right - style.pad - (bold ? 0 : style.boldShift);
  if (style.ragged > 0 && rng.chance(style.ragged)) x -= raggedShift(style, fs);
  return [{ x, lines: [text], align: 'right', tall: tallOk && style.tall > 0 && rng.chance(style.tall) }];
}

/** Column heads, centred in their columns and vertically in the band [top, top + (lines − 1) × pitch]. */
function putHead(doc: Pages, x0: number, x1: number, lines: string[], mid: number, pitch: number, fs: number): void {
  const first = mid - ((lines.length - 1) * pitch) / 2;
  lines.forEach((t, k) => doc.put((x0 + x1) / 2, first + k * pitch, t, fs, 'center'));
}

// ---------------------------------------------------------------- what the parser should read

export interface ExpectedCell {
  table: TableCode;
  key: string;
  col: number;
  /** Printed text. */
  text: string;
  label: string;
}

export interface ShanghaiExpectation {
  department: string;
  year: number;
  status: Record<TableCode, 'parsed' | 'declared_empty' | 'absent'>;
  cells: ExpectedCell[];
}

// The codes Shanghai's 06 form prints (Putuo 2024; the template also prints 30306 救济费).
const SH06_LEFT = (template: boolean) => [
  '301', '30101', '30102', '30103', '30106', '30107', '30108', '30109', '30110', '30111', '30112', '30113', '30114', '30199',
  '303', '30301', '30302', '30303', '30304', '30305', ...(template ? ['30306'] : []), '30307', '30308', '30309', '30310', '30311', '30399',
];
const SH06_RIGHT = [
  '302', '30201', '30202', '30203', '30204', '30205', '30206', '30207', '30208', '30209', '30211', '30212', '30213', '30214', '30215',
  '30216', '30217', '30218', '30224', '30225', '30226', '30227', '30228', '30229', '30231', '30239', '30240', '30299',
  '310', '31001', '31002', '31003', '31007', '31013', '31019', '31021', '31022', '31099',
];

/** 08 as Shanghai prints it: the national 合计/基本/项目 plus 年初结转和结余 (4), 本年收入 (5), 年末结转和结余 (6). */
function wide08(rows: SynthRow[]): SynthRow[] {
  const zero = rows.some((r) => Object.values(r.cells).some((t) => /^-?0\.00$/.test(t)));
  return rows.map((r) => {
    const cells: Record<number, string> = { ...r.cells };
    if (r.cells[1] !== undefined) cells[5] = r.cells[1];
    else if (zero) cells[5] = '0.00';
    if (zero) cells[4] = cells[6] = '0.00';
    return { ...r, cells };
  });
}

const BALANCE_KEY = { '使用非财政拨款结余（含专用结余）': '使用非财政拨款结余(含专用结余)', 使用非财政拨款结余: '使用非财政拨款结余' } as const;

/** A row's label as Shanghai prints it (01's balance row renamed; 04's three funds under 年初 numbered). */
function printedLabel(code: TableCode, r: SynthRow, rows: SynthRow[], style: ShanghaiStyle): string {
  if (code === '01' && r.key === '使用非财政拨款结余和专用结余') return style.balanceLabel;
  if (r.indent) return `${NUMERALS[rows.filter((x) => x.indent).indexOf(r)]}、${r.label}`;
  return r.label;
}

/** Every cell the parser should read from the rendered PDF, with the tables' expected status. */
export function expectedShanghai(report: SynthReport, style: ShanghaiStyle): ShanghaiExpectation {
  const cells: ExpectedCell[] = [];
  const status = {} as Record<TableCode, 'parsed' | 'declared_empty' | 'absent'>;
  for (const t of report.tables) {
    if (t.code === '10') {
      status['10'] = 'absent';
      continue;
    }
    let rows = t.rows.filter((r) => r.label !== '');
    if (t.code === '08') rows = wide08(rows);
    if (t.code === '06') {
      const printed = new Set([...SH06_LEFT(style.header === 'template'), ...SH06_RIGHT, '人员经费合计', '公用经费合计']);
      rows = rows.filter((r) => printed.has(r.key));
    }
    let any = false;
    for (const r of rows) {
      const key = t.code === '01' && r.key === '使用非财政拨款结余和专用结余' ? BALANCE_KEY[style.balanceLabel] : r.key;
      for (const [col, text] of Object.entries(r.cells)) {
        cells.push({ table: t.code, key, col: Number(col), text, label: printedLabel(t.code, r, rows, style) });
        any = true;
      }
    }
    status[t.code] = t.empty || !any ? 'declared_empty' : 'parsed';
  }
  return { department: report.department, year: report.year, status, cells };
}

// ---------------------------------------------------------------- the document

interface Ctx {
  doc: Pages;
  style: ShanghaiStyle;
  rng: Rng;
  report: SynthReport;
  /** The first table page carries the 第二部分 heading above its title. */
  first: boolean;
}

const NOTES: Record<string, string> = {
  '01': '注：本表反映部门本年度的总收支和年末结转结余情况。',
  '02': '注：本表反映部门本年度取得的各项收入情况。',
  '03': '注：本表反映部门本年度各项支出情况。',
  '04': '注：本表反映部门本年度财政拨款总收支和结转结余情况。',
  '05': '注：本表反映部门本年度一般公共预算财政拨款支出情况。',
  '06': '注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。',
  '07': '注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。',
  '08': '注：本表反映部门本年度国有资本经营预算财政拨款收入支出及结转和结余情况。',
  '09': '注：本表反映部门本年度“三公”经费支出预决算情况。',
};

const TITLES: Record<string, string> = {
  '01': '收入支出决算总表',
  '02': '收入决算表',
  '03': '支出决算表',
  '04': '财政拨款收入支出决算总表',
  '05': '一般公共预算财政拨款支出决算表',
  '06': '一般公共预算财政拨款基本支出决算表',
  '09': '财政拨款“三公”经费支出决算表',
  '07': '政府性基金预算财政拨款收入支出决算表',
  '08': '国有资本经营预算财政拨款收入支出决算表',
};
const ORDER: TableCode[] = ['01', '02', '03', '04', '05', '06', '09', '07', '08'];
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一'];

/** Title and unit of a table on a fresh page; returns the y where its header starts. */
function tableStart(ctx: Ctx, code: TableCode, right: number, fs: number): number {
  const { doc, style, report } = ctx;
  if (!ctx.first) doc.newPage();
  let y = 100;
  if (ctx.first) {
    doc.put(SH_PAGE.width / 2, 62, `${style.heading === 'part' ? '第二部分 ' : ''}${report.department}${report.year}年度部门决算表`, style.titleFs, 'center');
    y = 108;
    ctx.first = false;
  }
  doc.put(SH_PAGE.width / 2, y, TITLES[code], style.titleFs, 'center');
  doc.put(right, y + 32, `单位：${report.unit}`, fs, 'right');
  return y + 62;
}

function note(ctx: Ctx, code: string, x: number, y: number, text?: string, fs = ctx.style.fs): void {
  const t = text ?? (ctx.style.notes ? NOTES[code] : undefined);
  if (!t) return;
  if (y > SH_PAGE.height - 30) {
    ctx.doc.newPage();
    y = ctx.style.contTop;
  }
  ctx.doc.put(x, y, t, fs);
}

/** Left x of a table of width w, centred on the page with the style's shift (never off the page). */
function leftOf(w: number, style: ShanghaiStyle): number {
  return Math.max(14, Math.min(SH_PAGE.width - 14 - w, (SH_PAGE.width - w) / 2 + style.dx));
}

// ---------------------------------------------------------------- 01 / 04

function renderTwoSided(ctx: Ctx, code: '01' | '04', fs: number): void {
  const { doc, style, rng, report } = ctx;
  const t = table(report, code);
  const inc = t.rows.filter((r) => r.side === 'income' && r.label !== '');
  const exp = t.rows.filter((r) => r.side === 'expenditure' && r.label !== '');
  const s = code === '01' ? style.scale * style.wide : style.scale;
  const k = fs / (code === '01' ? 11 : 12);
  // Putuo 01 (portrait, 11pt): 项目 205 | 决算数 55 | 项目 176 | 决算数 55.
  // Putuo 04 (landscape, 12pt): 项目 160 | 决算数 62 | 项目 164 | 合计 68 | 一般公共预算财政拨款 88 | 政府性基金… 84 | 国有资本… 84.
  const incLabelW = (code === '01' ? 205 : 160) * s * k;
  const expLabelW = (code === '01' ? 176 : 164) * s * k;
  const template = style.header === 'template';
  const heads04: string[][] = template
    ? [['合计'], ['一般公共', '预算财政', '拨款'], ['政府性基', '金预算财', '政拨款'], ['国有资本', '经营预算', '财政拨款']]
    : [['合计'], ['一般公共预算', '财', '政拨款'], ['政府性基金预', '算', '财政拨款'], ['国有资本经营', '预', '算财政拨', '款']];
  const expSpecs =
    code === '01'
      ? [{ col: 2, head: ['决算数'], width: 55 * s * k, numbers: exp.map((r) => r.cells[2] ?? '') }]
      : [2, 3, 4, 5].map((c, i) => ({ col: c, head: heads04[i], width: [68, 88, 84, 84][i] * s * k, numbers: exp.map((r) => r.cells[c] ?? '') }));
  const incSpec = { col: 1, head: ['决算数'], width: (code === '01' ? 55 : 62) * s * k, numbers: inc.map((r) => r.cells[1] ?? '') };
  // Widths first (at x = 0), then the whole table centred.
  const probe = layoutColumns([incSpec], incLabelW, fs, style);
  const probeExp = layoutColumns(expSpecs, 0, fs, style);
  const total = probe[0].right + expLabelW + probeExp[probeExp.length - 1].right;
  const x0 = leftOf(total, style);
  const incCol = layoutColumns([incSpec], x0 + incLabelW, fs, style)[0];
  const expLabelX = incCol.right;
  const expCols = layoutColumns(expSpecs, expLabelX + expLabelW, fs, style);
  const right = expCols[expCols.length - 1].right;

  let y = tableStart(ctx, code, right - 6, fs);
  // Header: 收入 | 支出 on the first line; 项目 决算数 | 项目 决算数 (04: 合计 and the three funds, wrapped) below.
  const hp = style.lp;
  const headLines = Math.max(...expCols.map((c) => c.head.length));
  const band = code === '01' ? hp : ((headLines - 1) * hp) / 2 + hp * 0.4;
  doc.put((x0 + incCol.right) / 2, y, '收入', fs, 'center');
  doc.put((expLabelX + right) / 2, y, '支出', fs, 'center');
  const mid = y + hp * 0.9 + band;
  putHead(doc, x0, x0 + incLabelW, ['项目'], mid, hp, fs);
  putHead(doc, incCol.left, incCol.right, incCol.head, mid, hp, fs);
  putHead(doc, expLabelX, expLabelX + expLabelW, ['项目'], mid, hp, fs);
  for (const c of expCols) putHead(doc, c.left, c.right, c.head, mid, (hp * 2) / Math.max(2, c.head.length), fs);
  y = mid + band + hp * 0.6;

  const incChars = Math.floor((incLabelW - 12) / fs);
  const expChars = Math.floor((expLabelW - 12) / fs);
  const labelCell = (r: SynthRow | undefined, left: number, width: number, chars: number): RowCell[] => {
    if (!r) return [];
    // Putuo and the template number the three funds under 年初财政拨款结转和结余: "一、一般公共预算财政拨款".
    const label = printedLabel(code, r, t.rows, style);
    // Putuo: 本年收入合计 centred (04: 总计 too), 使用非财政拨款结余 / 年初 / 结余分配 / 年末 indented by two characters (01).
    if (/^本年(收入|支出)合计$/.test(label) || (code === '04' && label === '总计')) return [{ x: left + width / 2, lines: [label], align: 'center' }];
    const indent = code === '01' && /^(使用非财政拨款结余|年初结转和结余|结余分配|年末结转和结余)/.test(label) ? 2 * fs : 0;
    return [{ x: left + 6 + indent, lines: wrap(label, chars - indent / fs), align: 'left' }];
  };
  // Rows side by side: income items beside the first 类; then the totals block, line for line.
  const incItems = inc.filter((r) => /^[一二三四五六七八九十]+、/.test(r.label) && !r.indent);
  const incRest = inc.filter((r) => !incItems.includes(r));
  const expItems = exp.filter((r) => /^\d{3}$/.test(r.key));
  const expRest = exp.filter((r) => !expItems.includes(r));
  const pairs: [SynthRow | undefined, SynthRow | undefined][] = [];
  for (let i = 0; i < Math.max(incItems.length, expItems.length); i++) pairs.push([incItems[i], expItems[i]]);
  // 01: 本年收入合计 | 本年支出合计, 使用… | 结余分配, 年初 | 年末, 总计 | 总计.
  // 04: 本年收入合计 | 本年支出合计, 年初财政拨款结转和结余 | 年末…, its three funds | (blank), 总计 | 总计.
  const incTotal = incRest.find((r) => /总计/.test(r.key));
  const expTotal = expRest.find((r) => /总计/.test(r.key));
  const incMid = incRest.filter((r) => r !== incTotal);
  const expMid = expRest.filter((r) => r !== expTotal);
  for (let i = 0; i < Math.max(incMid.length, expMid.length); i++) pairs.push([incMid[i], expMid[i]]);
  pairs.push([incTotal, expTotal]);

  const flow = new RowFlow(doc, style, y, fs);
  for (const [a, b] of pairs) {
    const bold = (r?: SynthRow) => !!r && /合计|总计/.test(r.label);
    const cells: RowCell[] = [
      ...labelCell(a, x0, incLabelW, incChars),
      ...(a ? numberCell(rng, style, incCol.right, a.cells[1], bold(a), fs) : []),
      ...labelCell(b, expLabelX, expLabelW, expChars),
      ...(b ? expCols.flatMap((c) => numberCell(rng, style, c.right, b.cells[c.col], bold(b), fs)) : []),
    ];
    flow.row(cells);
  }
  note(ctx, code, x0 + 6, flow.y + style.lp, undefined, fs);
}

// ---------------------------------------------------------------- 02 03 05 07 08

interface CodedLayout {
  /** Widths (at 12pt, scale 1) of the 类 款 项 columns and the name column. */
  codes: [number, number, number];
  name: number;
  /** The template's name column (at 10.5pt), where it differs from Putuo's. */
  templateName?: number;
  cols: { col: number; putuo: string[]; template: string[]; width: number; templateWidth?: number }[];
  totalFirst: boolean;
  /** 07/08: the 本年支出 head over its three sub-columns (national columns). */
  spendGroup?: number[];
  portrait?: boolean;
}

const CODED: Record<'02' | '03' | '05' | '07' | '08', CodedLayout> = {
  // Putuo p.8: 类 款 项 at 72/123/164, names at 195 (12 characters a line), seven columns.
  '02': {
    codes: [42, 42, 40],
    name: 156,
    totalFirst: true,
    cols: [
      { col: 1, putuo: ['本年收入合', '计'], template: ['本年收入合计'], width: 76 },
      { col: 2, putuo: ['财政拨款收', '入'], template: ['财政拨款收入'], width: 78 },
      { col: 3, putuo: ['上级补助', '收入'], template: ['上级补助收入'], width: 66 },
      { col: 4, putuo: ['事业收', '入'], template: ['事业收入'], width: 50 },
      { col: 5, putuo: ['经营收', '入'], template: ['经营收入'], width: 50 },
      { col: 6, putuo: ['附属单', '位上', '缴收入'], template: ['附属单位', '上缴收入'], width: 56 },
      { col: 7, putuo: ['其他收', '入'], template: ['其他收入'], width: 56 },
    ],
  },
  // Putuo p.10: names at 203 (13 characters a line), six columns.
  '03': {
    codes: [45, 44, 43],
    name: 174,
    totalFirst: true,
    cols: [
      { col: 1, putuo: ['本年支出合', '计'], template: ['本年支出合计'], width: 80 },
      { col: 2, putuo: ['基本支出'], template: ['基本支出'], width: 66 },
      { col: 3, putuo: ['项目支', '出'], template: ['项目支出'], width: 56 },
      { col: 4, putuo: ['上缴上级支', '出'], template: ['上缴上级支出'], width: 74 },
      { col: 5, putuo: ['经营支', '出'], template: ['经营支出'], width: 54 },
      { col: 6, putuo: ['对附属单位', '补', '助支出'], template: ['对附属单位补', '助支出'], width: 74 },
    ],
  },
  // Putuo p.15 (portrait): names at 185 (16 characters a line), 合计 last.
  '05': {
    codes: [46, 47, 47],
    name: 202,
    totalFirst: false,
    portrait: true,
    cols: [
      { col: 1, putuo: ['合计'], template: ['合计'], width: 56 },
      { col: 2, putuo: ['基本支出'], template: ['基本支出'], width: 60 },
      { col: 3, putuo: ['项目支出'], template: ['项目支出'], width: 58 },
    ],
  },
  // Putuo p.19: narrow name column (科目名称 291–339), 小计 only 30pt wide; the template's columns are even.
  '07': {
    codes: [48, 46, 48],
    name: 76,
    templateName: 92,
    totalFirst: false,
    spendGroup: [3, 4, 5],
    cols: [
      { col: 1, putuo: ['年初结转和', '结余'], template: ['年初结转和', '结余'], width: 62, templateWidth: 77 },
      { col: 2, putuo: ['本年收入'], template: ['本年收入'], width: 64, templateWidth: 77 },
      { col: 3, putuo: ['小计'], template: ['合计'], width: 30, templateWidth: 77 },
      { col: 4, putuo: ['基本支出'], template: ['基本支出'], width: 64, templateWidth: 77 },
      { col: 5, putuo: ['项目支出'], template: ['项目支出'], width: 54, templateWidth: 77 },
      { col: 6, putuo: ['年末结转和', '结余'], template: ['年末结转和', '结余'], width: 76, templateWidth: 90 },
    ],
  },
  // Putuo p.20: the same form; national columns 4 5 1 2 3 6 in printed order.
  '08': {
    codes: [48, 46, 48],
    name: 76,
    templateName: 92,
    totalFirst: false,
    spendGroup: [1, 2, 3],
    cols: [
      { col: 4, putuo: ['年初结转和', '结余'], template: ['年初结转和', '结余'], width: 62, templateWidth: 77 },
      { col: 5, putuo: ['本年收入'], template: ['本年收入'], width: 64, templateWidth: 77 },
      { col: 1, putuo: ['小计'], template: ['合计'], width: 30, templateWidth: 77 },
      { col: 2, putuo: ['基本支出'], template: ['基本支出'], width: 64, templateWidth: 77 },
      { col: 3, putuo: ['项目支出'], template: ['项目支出'], width: 54, templateWidth: 77 },
      { col: 6, putuo: ['年末结转和', '结余'], template: ['年末结转和', '结余'], width: 76, templateWidth: 90 },
    ],
  },
};

function renderCoded(ctx: Ctx, code: '02' | '03' | '05' | '07' | '08', fs: number): void {
  const { doc, style, rng, report } = ctx;
  const L = CODED[code];
  const t = table(report, code);
  const rows = code === '08' ? wide08(t.rows) : t.rows;
  const template = style.header === 'template';
  const s = style.scale * (L.portrait ? style.wide : 1) * (fs / 12);
  // The template prints the whole code in one column ("2050205", 77–150 at 10.5pt); Putuo splits it.
  const whole = style.codes === 'whole';
  const codeW = whole ? [78 * s * (12 / 10.5), 0, 0] : L.codes.map((w) => w * s);
  const nameW = template && L.templateName ? L.templateName * style.scale * (fs / 10.5) : L.name * s;
  const specs = L.cols.map((c) => ({
    col: c.col,
    head: template ? c.template : c.putuo,
    width: (template && c.templateWidth ? c.templateWidth * (fs / 10.5) : c.width * s),
    numbers: rows.map((r) => r.cells[c.col] ?? ''),
  }));
  const codesTotal = codeW[0] + codeW[1] + codeW[2];
  const probe = layoutColumns(specs, 0, fs, style);
  const width = codesTotal + nameW + probe[probe.length - 1].right;
  const x0 = leftOf(width, style);
  const codeX = [x0, x0 + codeW[0], x0 + codeW[0] + codeW[1], x0 + codesTotal];
  const nameX = codeX[3];
  const cols = layoutColumns(specs, nameX + nameW, fs, style);
  const right = cols[cols.length - 1].right;
  const colOf = (c: number) => cols.find((x) => x.col === c)!;

  let y = tableStart(ctx, code, right - 6, fs);
  const hp = style.lp * 1.08;
  // Header band: Putuo 02/03 have three lines (项目 | 支出功能分类 科目编码 | 科目名称), 05 four with
  // 类 款 项 in it, 07/08 four with 本年支出 over 小计 基本支出 项目支出.
  const lines = code === '02' || code === '03' ? 3 : 4;
  const top = y;
  const bandMid = top + ((lines - 1) * hp) / 2;
  const codeMid = (x0 + nameX) / 2;
  const itemMid = (x0 + nameX + nameW) / 2;
  const classHead = template ? '功能分类' : '支出功能分类';
  doc.put(itemMid, top, '项目', fs, 'center');
  if (lines === 3) {
    putHead(doc, x0, nameX, [classHead, '科目编码'], top + 1.5 * hp, hp, fs);
    putHead(doc, nameX, nameX + nameW, ['科目名称'], top + 1.5 * hp, hp, fs);
    for (const c of cols) putHead(doc, c.left, c.right, c.head, top + hp, hp, fs);
  } else {
    doc.put(codeMid, top + hp * (code === '05' ? 1 : 1.25), classHead, fs, 'center');
    doc.put(codeMid, top + hp * (code === '05' ? 2 : 2.2), '科目编码', fs, 'center');
    putHead(doc, nameX, nameX + nameW, ['科目名称'], top + 2 * hp, hp, fs);
    if (!whole) ['类', '款', '项'].forEach((h, i) => doc.put((codeX[i] + codeX[i + 1]) / 2, top + 3 * hp, h, fs, 'center'));
    if (L.spendGroup) {
      const group = L.spendGroup.map(colOf);
      doc.put((group[0].left + group[group.length - 1].right) / 2, top, '本年支出', fs, 'center');
      for (const c of cols) {
        if (L.spendGroup.includes(c.col)) putHead(doc, c.left, c.right, c.head, top + 2.2 * hp, hp, fs);
        else putHead(doc, c.left, c.right, c.head, bandMid, hp, fs);
      }
    } else for (const c of cols) putHead(doc, c.left, c.right, c.head, bandMid, hp, fs);
  }
  y = top + (lines - 1) * hp + hp;

  const nameChars = Math.floor((nameW - 10) / fs);
  const flow = new RowFlow(doc, style, y, fs);
  const numbers = (r: SynthRow, bold: boolean) => cols.flatMap((c) => numberCell(rng, style, c.right, r.cells[c.col], bold, fs));
  const totalRow = t.empty ? undefined : rows.find((r) => r.level === 'total');
  const levelHeads = (): RowCell[] => ['类', '款', '项'].map((h, i) => ({ x: (codeX[i] + codeX[i + 1]) / 2, lines: [h], align: 'center' as const, top: true }));
  if (L.totalFirst) {
    // Putuo 02/03: 合计 centred in the name column, on the row whose code cells carry 类 款 项 (8pt above
    // it); the template: 合计 centred under 项目, no 类 款 项.
    const cells: RowCell[] = whole ? [{ x: itemMid, lines: ['合计'], align: 'center' }] : [...levelHeads(), { x: nameX + nameW / 2, lines: ['合计'], align: 'center' }];
    if (totalRow) cells.push(...numbers(totalRow, true));
    flow.row(cells, { minLines: whole ? 1 : 2 });
  } else flow.skip(style.rowPitch * 0.4);
  for (const r of rows) {
    if (r.level === 'total' || r.label === '') continue;
    const key = r.key;
    const parts = whole ? [key] : [key.slice(0, 3), key.slice(3, 5), key.slice(5, 7)].filter((p) => p !== '');
    const cells: RowCell[] = parts.map((p, i) => (i === 0 ? { x: codeX[0] + 6, lines: [p], align: 'left' as const } : { x: (codeX[i] + codeX[i + 1]) / 2, lines: [p], align: 'center' as const }));
    cells.push({ x: nameX + 5, lines: wrap(r.label, nameChars), align: 'left' });
    cells.push(...numbers(r, r.level === 'class'));
    flow.row(cells);
  }
  if (t.empty) flow.skip(style.rowPitch * rng.int(6, 9)); // the empty form's blank rows
  if (!L.totalFirst) {
    const cells: RowCell[] = [{ x: itemMid, lines: ['合计'], align: 'center' }];
    if (totalRow) cells.push(...numbers(totalRow, true));
    flow.row(cells);
  }
  if (t.empty) {
    const fund = code === '07' ? '政府性基金预算财政拨款' : '国有资本经营预算财政拨款';
    const text = template ? `说明：${report.department}本年度没有${fund}收入和支出，故本表无数据。` : `注：${report.department}无${fund}支出，故本表无数据。`;
    note(ctx, code, x0 + 6, flow.y + style.lp * 1.5, text, fs);
  } else note(ctx, code, x0 + 6, flow.y + style.lp, undefined, fs);
}

// ---------------------------------------------------------------- 06

function renderEconomic(ctx: Ctx, fs: number): void {
  if (ctx.style.codes06 === 'whole') return renderEconomicWhole(ctx, fs);
  const { doc, style, rng, report } = ctx;
  const t = table(report, '06');
  const byKey = new Map(t.rows.map((r) => [r.key, r]));
  const left = SH06_LEFT(style.header === 'template');
  const s = style.scale * style.wide * (fs / 11);
  // Putuo p.16 (portrait, 11pt): group 1 类 19 | 款 at 72 | names at 102 (13 characters) | 决算数 to 305;
  // group 2 类 321 | 款 374 | names at 405 (10 characters) | 决算数 to 575.
  const g = [
    { codes: [53, 30], name: 160, amount: 46, rows: left },
    { codes: [53, 30], name: 128, amount: 46, rows: SH06_RIGHT },
  ];
  const amountsOf = (codes: string[]) => codes.map((c) => byKey.get(c)?.cells[1] ?? '');
  const widths = g.map((grp) => {
    const need = Math.max(grp.amount * s, textWidth('决算数', fs) + 6, ...amountsOf(grp.rows).map((a) => textWidth(a, fs) + style.pad + style.boldShift + raggedShift(style, fs) + leftGap(style, fs)));
    return { c1: grp.codes[0] * s, c2: grp.codes[1] * s, name: grp.name * s, amount: need };
  });
  const gap = 16 * s;
  const groupW = widths.map((w) => w.c1 + w.c2 + w.name + w.amount);
  const x0 = leftOf(groupW[0] + gap + groupW[1], style);
  const gx = [x0, x0 + groupW[0] + gap];
  const right = gx[1] + groupW[1];

  let y = tableStart(ctx, '06', right - 6, fs);
  const hp = style.lp * 1.1;
  const cols = widths.map((w, i) => {
    const c1 = gx[i];
    const c2 = c1 + w.c1;
    const nm = c2 + w.c2;
    const am = nm + w.name;
    return { c1, c2, nm, am, end: am + w.amount, nameChars: Math.floor((w.name - 8) / fs) };
  });
  for (const c of cols) {
    // 经济分类 / 科目编码 over 类 款; 科目名称 and 决算数 a little lower; 款 above 类 (Putuo: 199 and 206).
    putHead(doc, c.c1, c.nm, ['经济分类', '科目编码'], y + hp * 0.55, hp, fs);
    putHead(doc, c.nm, c.am, ['科目名称'], y + hp * 1.3, hp, fs);
    putHead(doc, c.am, c.end, ['决算数'], y + hp * 1.3, hp, fs);
    doc.put(c.c2, y + hp * 1.85, '款', fs);
    doc.put(c.c1 + 8 * s - 8, y + hp * 2.25, '类', fs);
  }
  y += hp * 2.25 + style.lp * 0.6;

  const flow = new RowFlow(doc, style, y, fs);
  const nameCell = (label: string, x: number, chars: number, spacedOk: boolean): RowCell => {
    const plain = wrap(label, chars);
    if (plain.length > 1 && spacedOk && style.spaced) {
      // Putuo: "因 公 出 国 （ 境 ） 费" / "用" — a full line letter-spaced to the cell's width.
      const k = Math.max(2, Math.floor((chars + 0.5) / 1.5));
      const chs = [...label];
      return { x, lines: [chs.slice(0, k).join(' '), ...wrap(chs.slice(k).join(''), chars)], align: 'left' };
    }
    return { x, lines: plain, align: 'left' };
  };
  const n = Math.max(left.length, SH06_RIGHT.length);
  for (let i = 0; i < n; i++) {
    const cells: RowCell[] = [];
    [left[i], SH06_RIGHT[i]].forEach((code, gi) => {
      if (!code) return;
      const c = cols[gi];
      const r = byKey.get(code);
      const cls = code.slice(0, 3);
      // Codes on the upper line; group 1's 款 too, group 2's 款 centred with the name (as Putuo prints them).
      cells.push({ x: c.c1 + 8 * s, lines: [cls], align: 'left', top: true });
      if (code.length === 5) cells.push({ x: (c.c2 + c.nm) / 2 - 6 * s, lines: [code.slice(3)], align: 'center', top: gi === 0 });
      cells.push(nameCell(economicName(code), c.nm + 4, c.nameChars, gi === 1));
      const text = r?.cells[1];
      if (text !== undefined) {
        let x = c.end - style.pad - (code.length === 3 ? 0 : style.boldShift);
        if (style.ragged > 0 && rng.chance(style.ragged)) x -= raggedShift(style, fs);
        cells.push({ x, lines: [text], align: 'right' });
      }
    });
    flow.row(cells, { minLines: 2, height: style.row06 });
  }
  // 人员经费合计 | 公用经费合计: labels centred in their groups, amounts on the upper line.
  const totals: RowCell[] = [];
  (['人员经费合计', '公用经费合计'] as const).forEach((key, gi) => {
    const c = cols[gi];
    totals.push({ x: (c.c1 + c.am) / 2, lines: [key], align: 'center' });
    const text = byKey.get(key)?.cells[1];
    if (text !== undefined) totals.push({ x: c.end - style.pad, lines: [text], align: 'right', top: true });
  });
  flow.row(totals, { minLines: 2, height: style.row06 });
  note(ctx, '06', x0 + 6, flow.y + style.lp, undefined, fs);
}

/**
 * 06 as the blank template prints it (p.11, portrait, 10.5pt): per group one code column
 * ("301", "30101") under 经济分类 / 科目编码, the 类's name at the column's start and the 款's
 * one character in, 决算数; one line per row; 人员经费合计 | 公用经费合计 after the longer group.
 */
function renderEconomicWhole(ctx: Ctx, fs: number): void {
  const { doc, style, rng, report } = ctx;
  const t = table(report, '06');
  const byKey = new Map(t.rows.map((r) => [r.key, r]));
  const groups = [SH06_LEFT(style.header === 'template'), SH06_RIGHT];
  const s = style.scale * style.wide * (fs / 10.5);
  // Template: group 1 code 64–118 | names 118–255 | 决算数 255–318; group 2 code 316–370 | names 370–490 | 决算数 490–540.
  const base = [
    { code: 54, name: 137, amount: 63 },
    { code: 54, name: 120, amount: 50 },
  ];
  const widths = base.map((b, gi) => ({
    code: b.code * s,
    name: b.name * s,
    amount: Math.max(b.amount * s, textWidth('决算数', fs) + 6, ...groups[gi].map((c) => textWidth(byKey.get(c)?.cells[1] ?? '', fs) + style.pad + style.boldShift + raggedShift(style, fs) + leftGap(style, fs))),
  }));
  const groupW = widths.map((w) => w.code + w.name + w.amount);
  const gap = 0;
  const x0 = leftOf(groupW[0] + gap + groupW[1], style);
  const cols = widths.map((w, gi) => {
    const c = gi === 0 ? x0 : x0 + groupW[0] + gap;
    return { code: c, name: c + w.code, amount: c + w.code + w.name, end: c + w.code + w.name + w.amount, nameChars: Math.floor((w.name - 2 * fs) / fs) };
  });
  const right = cols[1].end;
  let y = tableStart(ctx, '06', right - 6, fs);
  const hp = style.lp;
  for (const c of cols) {
    putHead(doc, c.code, c.name, ['经济分类', '科目编码'], y + hp / 2, hp, fs);
    putHead(doc, c.name, c.amount, ['科目名称'], y + hp / 2, hp, fs);
    putHead(doc, c.amount, c.end, ['决算数'], y + hp / 2, hp, fs);
  }
  const flow = new RowFlow(doc, style, y + hp * 1.5, fs);
  const n = Math.max(groups[0].length, groups[1].length);
  for (let i = 0; i < n; i++) {
    const cells: RowCell[] = [];
    groups.forEach((g, gi) => {
      const code = g[i];
      if (!code) return;
      const c = cols[gi];
      const cls = code.length === 3;
      cells.push({ x: c.code + 4, lines: [code], align: 'left' });
      const indent = cls ? 4 : 4 + fs;
      cells.push({ x: c.name + indent, lines: wrap(economicName(code), c.nameChars), align: 'left' });
      const text = byKey.get(code)?.cells[1];
      cells.push(...numberCell(rng, style, c.end, text, cls, fs));
    });
    flow.row(cells);
  }
  const totals: RowCell[] = [];
  (['人员经费合计', '公用经费合计'] as const).forEach((key, gi) => {
    const c = cols[gi];
    totals.push({ x: (c.code + c.amount) / 2, lines: [key], align: 'center' });
    totals.push(...numberCell(rng, style, c.end, byKey.get(key)?.cells[1], true, fs));
  });
  flow.row(totals);
  note(ctx, '06', x0 + 6, flow.y + style.lp * 0.4, undefined, fs);
}

// ---------------------------------------------------------------- 09

function renderThreePublic(ctx: Ctx, fs: number): void {
  const { doc, style, report } = ctx;
  const t = table(report, '09');
  const row = t.rows[0];
  // Putuo p.18: twelve cells of 65.6pt from x = 16, values right-aligned 8pt inside their cell.
  const values = row ? Object.values(row.cells) : [];
  const cellW = Math.max(65.6 * style.scale * (fs / 11), textWidth('预算数', fs) + 8, ...values.map((v) => textWidth(v, fs) + 2 * style.pad + 2));
  const width = cellW * 12;
  const x0 = leftOf(width, style);
  const right = x0 + width;
  let y = tableStart(ctx, '09', right - 6, fs);
  const template = style.header === 'template';
  const hp = style.lp * 1.1;
  const pair = (k: number) => [x0 + 2 * k * cellW, x0 + 2 * (k + 1) * cellW];
  doc.put((x0 + right) / 2, y, '财政拨款“三公”经费', fs, 'center');
  const [v0, v1] = [pair(2)[0], pair(4)[1]];
  doc.put((v0 + v1) / 2, y + hp * 1.1, template ? '公务用车购置及运行维护费' : '公务用车购置及运行费', fs, 'center');
  const heads: string[][] = template
    ? [['合计'], ['因公出国', '（境）费'], ['小计'], ['公务用车', '购置费'], ['公务用车', '运行维护费'], ['公务接待费']]
    : [['合计'], ['因公出国（境）费'], ['小计'], ['公务用车购置费'], ['公务用车运行费'], ['公务接待费']];
  const mids = template ? [1.75, 1.75, 2.15, 2.15, 2.15, 1.75] : [1.45, 1.45, 2, 2.65, 2, 1.7];
  heads.forEach((h, k) => putHead(doc, pair(k)[0], pair(k)[1], h, y + hp * mids[k], hp * 0.95, fs));
  const budgetY = y + hp * 3.8;
  for (let k = 0; k < 12; k++) doc.put(x0 + (k + 0.5) * cellW, budgetY, k % 2 === 0 ? '预算数' : '决算数', fs, 'center');
  const valueY = budgetY + style.rowPitch * 1.4;
  for (let item = 0; item < 6; item++) {
    for (const [half, col] of [[0, item + 1], [1, item + 7]] as const) {
      const text = row?.cells[col];
      if (text !== undefined) doc.put(x0 + (2 * item + half + 1) * cellW - style.pad, valueY, text, fs, 'right');
    }
  }
  const noteY = valueY + style.rowPitch * 2;
  if (t.empty) note(ctx, '09', x0 + 6, noteY, `注：${report.department}${report.year}年度无“三公”经费财政拨款支出，故本表无数据。`, fs);
  else note(ctx, '09', x0 + 6, noteY, undefined, fs);
}

const maxRight = (p: Pages) => p.right;

// ---------------------------------------------------------------- front and back matter

function frontMatter(ctx: Ctx): void {
  const { doc, style, report } = ctx;
  const c = SH_PAGE.width / 2;
  const d = report.department;
  doc.put(c, 250, d, 27, 'center');
  doc.put(c, 300, `${report.year}年度部门决算`, 27, 'center');
  if (!style.front) return;
  doc.newPage();
  doc.put(c, 60, '目 录', 18, 'center');
  const toc = [
    `第一部分 ${d}概况`,
    '一、主要职能',
    '二、部门决算单位构成',
    `第二部分 ${d}${report.year}年度部门决算表`,
    ...ORDER.map((code, i) => `${NUMERALS[i]}、${TITLES[code]}`),
    `第三部分 ${d}${report.year}年度部门决算情况说明`,
    `第四部分 名词解释`,
  ];
  toc.forEach((line, i) => doc.put(/^第/.test(line) ? 230 : 254, 92 + i * 26, line, 12));
  doc.newPage();
  doc.put(c, 70, `第一部分 ${d}概况`, 18, 'center');
  doc.put(230, 110, '一、主要职能', 15);
  doc.put(254, 140, `${d}是主管本行政区域内有关工作的政府工作部门。`, 12);
  doc.put(230, 180, '二、部门决算单位构成', 15);
  doc.put(254, 210, `从预算单位构成看，${d}部门决算包括本级决算。`, 12);
}

function backMatter(ctx: Ctx): void {
  const { doc, report } = ctx;
  const total = table(report, '01').rows.find((r) => r.key === 'income:总计')?.cells[1];
  doc.newPage();
  doc.put(SH_PAGE.width / 2, 70, `第三部分 ${report.department}${report.year}年度部门决算情况说明`, 18, 'center');
  doc.put(230, 110, '一、收入支出决算总体情况说明', 15);
  if (total) doc.put(254, 140, `${report.department}${report.year}年度收入支出总计${total.replace(/,/g, '')}${report.unit}。`, 12);
}

/** The report as Shanghai-layout pages of positioned text (before makeCjkPdf). */
export function renderShanghaiPages(report: SynthReport, style: ShanghaiStyle): PdfText[][] {
  const doc = new Pages();
  const ctx: Ctx = { doc, style, rng: new Rng(style.seed), report, first: true };
  frontMatter(ctx);
  doc.newPage();
  ORDER.forEach((code, i) => {
    const draw = (c: Ctx, fs: number) => {
      if (code === '01' || code === '04') renderTwoSided(c, code, fs);
      else if (code === '06') renderEconomic(c, fs);
      else if (code === '09') renderThreePublic(c, fs);
      else renderCoded(c, code as '02' | '03' | '05' | '07' | '08', fs);
    };
    // A table wider than the page is drawn in a smaller font, as a real layout would shrink it to fit.
    let fs = style.fs;
    for (; fs > 8; fs -= 0.5) {
      const scratch = new Pages();
      draw({ ...ctx, doc: scratch, rng: new Rng(style.seed * 131 + i) }, fs);
      if (maxRight(scratch) <= SH_PAGE.width - 12) break;
    }
    draw({ ...ctx, rng: new Rng(style.seed * 131 + i) }, fs);
    ctx.first = false; // the first table's page was opened above; every later table opens its own
  });
  backMatter(ctx);
  return doc.pages.filter((p) => p.length > 0);
}

/** The report as a Shanghai-layout PDF (landscape pages). */
export function renderShanghaiPdf(report: SynthReport, style: ShanghaiStyle, opts: CjkPdfOptions = {}): Uint8Array {
  return makeCjkPdf(renderShanghaiPages(report, style), SH_PAGE, opts);
}
