// Budget tables (B01–B13) from lines of cells, whatever front end made them. The tables by
// classification code reuse the 决算 assemblers (codes, wrapped names, split pages); what is the
// budget's own: the 收支总表 with its two or three panels, tables of one row of named columns,
// and labelled lists. Numbers go to rows in printed order, with the column their head stands
// over where the input keeps positions; the identities place the rest (../solve).
import type { Line } from '../../../extract/lines.js';
import type { TableCode } from '../../../schemas/contract.js';
import { assembleCodedGeo } from '../geometry/coded.js';
import { cellOf as cellOfGeometry, geometry, hasPositions, type GCell } from '../geometry/cells.js';
import { textLinesFromGeometry } from '../geometry/grid.js';
import type { AssembleResult, Cell, ParsedRow, PlacementNote } from '../model.js';
import { canonicalLabel, functionClassCode, TEMPLATE_BY_CODE, type TableTemplate } from '../templates.js';
import { bodyLines, bodySegments, cellOf, headerColumns, joinParts } from '../text/body.js';
import { assembleCoded, FUNCTIONAL_CODE } from '../text/coded.js';
import { isProse, ORDINAL_START, tokenize, type Token } from '../tokens.js';

// Economic classification codes of a budget's tables by code: 类 301–399 and 5xx (政府预算经济分类), 款 two digits more.
const ECONOMIC_CODE = /^[35]\d{2}(?:\d{2})?$/;

export function assembleBudget(code: TableCode, region: Line[]): AssembleResult {
  const t = TEMPLATE_BY_CODE[code];
  switch (t.kind) {
    case 'budget_summary':
      return assembleSummary(code, region);
    case 'single_row':
      return assembleSingleRow(code, region);
    case 'list':
      return assembleList(region);
    default: {
      const r = assembleByCode(t, region);
      if (r.rows.length > 0) return r;
      // A table of the template printed without codes: a list of labelled amounts (Jiangsu's
      // 收入预算总表), or a total alone (its 支出预算总表: one line of numbers under its heads).
      if (hasLabelledRows(region)) return assembleList(region);
      const numberLines = textLinesFromGeometry(region).filter((l) => tokenize([l]).some((x) => x.kind === 'num')).length;
      if (numberLines <= 1) return assembleSingleRow(code, region);
      // Labels and amounts apart (text printed column by column): nothing tells which is whose.
      return { rows: [], notes: [{ subject: code, passed: false, detail: `${numberLines} lines of amounts, none beside a code or a label: not read` }] };
    }
  }
}

function assembleByCode(t: TableTemplate, region: Line[]): AssembleResult {
  const pattern = t.kind === 'economic' ? ECONOMIC_CODE : FUNCTIONAL_CODE;
  const maxLength = t.kind === 'economic' ? 5 : 7;
  if (hasPositions(region)) {
    const geo = assembleCodedGeo(t.code, geometry(region), t.kind === 'economic' ? 'economic' : 'functional');
    if (geo.rows.length > 0) return geo;
  }
  const lines = textLinesFromGeometry(region);
  const columns = Object.keys(t.columns).map(Number);
  return joinParts(bodySegments(lines, columns, undefined, t.keywords).map((part) => assembleCoded(part.lines, basicSplitInPlace(t, part.columns), pattern, maxLength)));
}

/**
 * 人员经费 and 公用经费 are printed under 基本支出, on the header's second line: read line by line,
 * the header names them after 项目支出, but they stand right after 基本支出.
 */
function basicSplitInPlace(t: TableTemplate, columns: number[]): number[] {
  const staff = Object.entries(t.columns).find(([, name]) => name === '基本支出人员经费')?.[0];
  const office = Object.entries(t.columns).find(([, name]) => name === '基本支出公用经费')?.[0];
  if (!staff || !office || !columns.includes(2)) return columns;
  const split = [Number(staff), Number(office)].filter((c) => columns.includes(c));
  if (split.length === 0) return columns;
  const rest = columns.filter((c) => !split.includes(c));
  const at = rest.indexOf(2) + 1;
  return [...rest.slice(0, at), ...split, ...rest.slice(at)];
}

/** Whether the table prints rows of a label and an amount (more than one such line). */
function hasLabelledRows(region: Line[]): boolean {
  let n = 0;
  for (const l of bodyLines(textLinesFromGeometry(region))) {
    const tokens = tokenize([l]);
    if (tokens.some((x) => x.kind === 'label' && !isProse(x.text)) && tokens.some((x) => x.kind === 'num')) n++;
  }
  return n > 1;
}

// ---------------------------------------------------------------------------------------------
// 收支预算总表 (B01) and 财政拨款收支预算总表 (B04): income beside expenditure, the expenditure by
// functional 类, by use (基本支出, 项目支出 …), or both side by side (Jiangsu's three panels).

type Panel = 'income' | 'function' | 'use';

const USE_NAMES = /^(基本支出|项目支出|单位预留机动经费|事业单位经营支出|上缴上级支出|对附属单位补助支出|经营支出)$/;
const INCOME_WORDS = /收入|资金|拨款|^一般公共预算$|^政府性基金(预算)?$|^国有资本经营预算$|上年结转|专户|贷款/;
const EXPENDITURE_TOTAL = /^(当年|本年)?支出(合计|总计|小计)$|^结转下年(资金)?$|^年末结转/;
const INCOME_TOTAL = /^(当年|本年)?收入(合计|总计|小计)$/;
// Header words of these tables: never a row.
const SUMMARY_HEADS = /^(收入|支出|项目|项目名称|预算数|金额|功能分类|支出用途|功能科目名称|本年收入|本年支出|财政拨款收入|财政拨款支出|合计|一般公共预算|政府性基金预算|国有资本经营预算|支出功能分类科目|科目名称)$/;

/** The panel a label belongs to, or null when it is a fragment of a wrapped one. */
function panelOf(label: string): Panel | 'income_total' | 'expenditure_total' | null {
  const k = canonicalLabel(label).replace(/[（]/g, '(').replace(/[）]/g, ')');
  if (INCOME_TOTAL.test(k)) return 'income_total';
  if (EXPENDITURE_TOTAL.test(k)) return 'expenditure_total';
  if (USE_NAMES.test(k)) return 'use';
  if (functionClassCode(k) !== undefined) return 'function';
  if (/支出$/.test(k)) return 'function';
  if (INCOME_WORDS.test(k)) return 'income';
  return null;
}

function assembleSummary(code: TableCode, region: Line[]): AssembleResult {
  const notes: PlacementNote[] = [];
  const start = region.findIndex((l) => tokenize([l]).some((x) => x.kind === 'num'));
  if (start < 0) return { rows: [], notes };
  const columnHeads = hasPositions(region) ? summaryHeads(region.slice(0, start), code) : [];
  const rows: (ParsedRow & { panel: Panel | 'income_total' | 'expenditure_total'; sub: boolean })[] = [];
  let pendingNumbersOf: (typeof rows)[number] | null = null;
  // B04 prints 合计 and the funds its header names (一般公共预算, 政府性基金预算, 国有资本经营预算), or 合计 alone.
  const heads = region.slice(0, start).map((l) => l.cells.join('')).join('').replace(/\s+/g, '');
  const funds = [[3, /一般公共预算/], [4, /政府性基金/], [5, /国有资本/]] as const;
  const b01Cols = /人员经费/.test(heads) && /公用经费/.test(heads) ? [2, 5, 6, 7] : /基本支出/.test(heads) && /项目支出/.test(heads) ? [2, 4, 7] : [2];
  const functionCols = code === 'B04' ? [2, ...funds.filter(([, re]) => re.test(heads)).map(([c]) => c)] : b01Cols;
  const useCols = code === 'B04' ? [2] : [3];
  for (const line of region.slice(start)) {
    const tokens = tokenize([line]);
    if (tokens.every((x) => x.kind === 'empty')) continue;
    const text = line.cells.join('');
    if (/^(注|说明)[:：]/.test(text)) break;
    let current: (typeof rows)[number] | null = null;
    tokens.forEach((tok, i) => {
      if (tok.kind === 'empty' || tok.kind === 'placeholder') return;
      if (tok.kind === 'label') {
        const label = tok.text.replace(/\s+/g, '');
        if (isProse(label) || SUMMARY_HEADS.test(label) || /^\d+\.?$/.test(label)) return;
        // "1." printed in a cell of its own before its name ("1. ¦ 一般公共预算资金").
        const before = tokens.slice(0, i).filter((x) => x.kind !== 'empty').pop();
        const numbered = before !== undefined && /^\d+[.．、]$/.test(before.text.trim());
        // A label with an ordinal starts a row even when wrapped before its last word ("九、医疗卫生与计划生育支").
        const panel = panelOf(label) ?? (ORDINAL_START.test(label) ? (label.includes('支') ? 'function' : 'income') : null);
        if (panel === null) {
          // The end of a label wrapped onto this line ("九、医疗卫生与计划生育支" / "出").
          const open = [...rows].reverse().find((r) => r.panel === 'function' || r.panel === 'income');
          if (open && rows.length > 0) {
            open.label += label;
            if (open.panel === 'function') open.key = functionClassCode(open.label) ?? canonicalLabel(open.label);
            else open.key = canonicalLabel(open.label);
          }
          return;
        }
        const sub = numbered || /^\d+[.．、](?!\d)/.test(label);
        const side = panel === 'income' || panel === 'income_total' ? 'income' : 'expenditure';
        const key = panel === 'function' ? (functionClassCode(label) ?? canonicalLabel(label)) : canonicalLabel(label);
        const columns = panel === 'income' || panel === 'income_total' ? [1] : panel === 'use' ? useCols : functionCols;
        current = { key, label, rowNo: null, side, cells: new Map(), printed: { cells: [], columns, spaced: false, hints: [] }, panel, sub };
        rows.push(current);
        pendingNumbersOf = current;
        return;
      }
      const target = current ?? pendingNumbersOf;
      if (!target) {
        notes.push({ subject: `line ${tok.line ?? tok.page}`, passed: false, detail: `number ${tok.text} before any row` });
        return;
      }
      target.printed!.cells.push({ text: tok.text, line: tok.line, page: tok.page });
      target.printed!.hints!.push(columnHeads.length > 0 ? headOf(columnHeads, line, i, tokens) : null);
    });
  }
  // Sub-items (1. 2. 3.) break down the item above them; keys repeated across panels get the side.
  let parent: string | undefined;
  const seen = new Map<string, number>();
  for (const r of rows) {
    if (r.panel === 'income') {
      if (r.sub && parent) r.parent = parent;
      else if (!r.sub) parent = r.key;
    }
    seen.set(r.key, (seen.get(r.key) ?? 0) + 1);
  }
  for (const r of rows) if ((seen.get(r.key) ?? 0) > 1) r.key = `${r.side}:${r.key}`;
  for (const r of rows) if (r.printed!.hints!.every((h) => h === null)) delete r.printed!.hints;
  return { rows: rows.map(({ panel: _p, sub: _s, ...row }) => row), notes };
}

interface Head {
  col: number;
  left: number;
  right: number;
}

/** Where B04's expenditure columns stand (合计, 一般公共预算, 政府性基金预算, 国有资本经营预算), by their heads. */
function summaryHeads(header: Line[], code: TableCode): Head[] {
  if (code !== 'B04') return [];
  const heads: Head[] = [];
  for (const c of geometry(header)) {
    const text = c.text.replace(/\s+/g, '');
    const col = text === '合计' ? 2 : /^一般公共预算/.test(text) ? 3 : /^政府性基金/.test(text) ? 4 : /^国有资本/.test(text) ? 5 : null;
    if (col !== null) heads.push({ col, left: c.left, right: c.right });
  }
  return heads;
}

/** The column whose head stands over the number at tokens[i] of `line` (null when none does). */
function headOf(heads: Head[], line: Line, i: number, tokens: Token[]): number | null {
  // Tokens and cells correspond one to one unless a number glued to a label was split.
  if (!line.left || !line.right || tokens.length !== line.cells.length) return null;
  const [l, r] = [line.left[i], line.right[i]];
  const over = heads.filter((h) => h.left <= r + 2 && h.right >= l - 2);
  return over.length === 1 ? over[0].col : null;
}

// ---------------------------------------------------------------------------------------------
// One row of named columns: the "三公"经费 table (B07), or a total printed alone under its heads.

/** B07's heads: the column each names. 合计 and 小计 depend on the layout (see b07Columns). */
const B07_HEADS: [RegExp, number][] = [
  [/购置费?$|^购置费/, 4],
  [/运行(维护)?费?$|用车运$|^行?维护费$/, 5],
  [/出国/, 2],
  [/接待|公务接/, 6],
  [/会议费/, 7],
  [/培训费/, 8],
  [/机关运行/, 9],
];

/**
 * The columns B07 prints, in order: the national six; Jiangsu's 合计 of 三公经费, 会议费 and
 * 培训费 first, with the 三公经费 小计 after it; Shanghai's 机关运行经费 last.
 */
function b07Columns(header: string): number[] {
  const national = [1, 2, 3, 4, 5, 6];
  const withMeetings = /会议费|培训费/.test(header) ? [10, ...national, 7, 8] : national;
  return /机关运行/.test(header) ? [...withMeetings, 9] : withMeetings;
}

function assembleSingleRow(code: TableCode, region: Line[]): AssembleResult {
  const t = TEMPLATE_BY_CODE[code];
  const lines = textLinesFromGeometry(region);
  const isNumberLine = (l: Line) => {
    const tokens = tokenize([l]);
    return tokens.some((x) => x.kind === 'num' || x.kind === 'int') && !tokens.some((x) => x.kind === 'label' && !/^(合计|小计)$/.test(x.text.trim()));
  };
  const numberLines = lines.filter(isNumberLine);
  if (numberLines.length === 0) return { rows: [], notes: [] };
  const header = lines.slice(1, lines.indexOf(numberLines[0])).map((l) => l.cells.join('|')).join('|');
  const columns = code === 'B07' ? b07Columns(header) : t.keywords ? headerColumns(lines, t.keywords) : Object.keys(t.columns).map(Number);
  const key = code === 'B07' ? '1' : '合计';
  const label = code === 'B07' ? '"三公"经费' : '合计';
  if (code === 'B07' && hasPositions(region)) {
    // Positions known: each number in the column whose heads stand nearest over it.
    const placed = b07FromGeometry(region, columns);
    if (placed) return { rows: [{ key, label, rowNo: null, cells: new Map(), printed: { cells: placed.map((p) => p.cell), columns, spaced: false, hints: placed.map((p) => p.col) } }], notes: [] };
  }
  // Text gives the numbers' order only: a separator is not told from a blank cell in one row
  // (pdf-parse's " \t" between cells reads as an empty cell). The identities place them.
  const cells: Cell[] = [];
  for (const l of numberLines) for (const tok of tokenize([l])) if (tok.kind === 'num' || tok.kind === 'int') cells.push(cellOf(tok));
  return { rows: [{ key, label, rowNo: null, cells: new Map(), printed: { cells, columns, spaced: false } }], notes: [] };
}

/**
 * B07's numbers from geometry, left to right, each with the column whose heads' centre is
 * nearest to its own: every head cell names a column (合计 and 小计 by their order from the left).
 */
function b07FromGeometry(region: Line[], columns: number[]): { cell: Cell; col: number | null }[] | null {
  const cells = geometry(region);
  const numbers = cells.filter((c) => c.kind === 'num' || c.kind === 'int');
  const first = [...numbers].sort((a, b) => a.page - b.page || a.y - b.y)[0];
  if (!first) return null;
  // Heads are short; the title above them names 会议费 and 培训费 too.
  const header = cells.filter((c) => c.kind === 'label' && c.page === first.page && c.y < first.y && c.text.length <= 12);
  const centres = new Map<number, number[]>();
  const add = (col: number, c: GCell) => centres.set(col, [...(centres.get(col) ?? []), (c.left + c.right) / 2]);
  const totals = header.filter((c) => /^(合计|小计)$/.test(c.text.replace(/\s+/g, ''))).sort((a, b) => a.left - b.left);
  // The 合计/小计 heads from the left: Jiangsu's 合计, 三公 小计, 公务用车 小计; else 合计, 公务用车 小计.
  const totalCols = columns.includes(10) ? [10, 1, 3] : [1, 3];
  totals.forEach((c, i) => i < totalCols.length && add(totalCols[i], c));
  for (const c of header) {
    const text = c.text.replace(/\s+/g, '');
    if (/及/.test(text)) continue; // 公务用车购置及运行费: the head over 小计, 购置费 and 运行费
    const hit = B07_HEADS.find(([re]) => re.test(text));
    if (hit && columns.includes(hit[1])) add(hit[1], c);
  }
  const at = [...centres].map(([col, xs]) => ({ col, x: xs.reduce((a, b) => a + b, 0) / xs.length }));
  if (at.length === 0) return null;
  const row = numbers.filter((n) => n.page === first.page && Math.abs(n.y - first.y) < 6).sort((a, b) => a.right - b.right);
  return row.map((n) => {
    const mid = (n.left + n.right) / 2;
    return { cell: cellOfGeometry(n), col: at.reduce((best, h) => (Math.abs(h.x - mid) < Math.abs(best.x - mid) ? h : best)).col };
  });
}

// ---------------------------------------------------------------------------------------------
// Labelled lists of one amount each: 政府采购预算表 (B13), and tables a region prints as a list
// (Jiangsu's 收入预算总表). A row is the labels since the previous amount, closed by its amount.

function assembleList(region: Line[]): AssembleResult {
  const lines = bodyLines(textLinesFromGeometry(region));
  const rows: ParsedRow[] = [];
  const notes: PlacementNote[] = [];
  const seen = new Map<string, number>();
  let section: string | null = null;
  let before: string[] = []; // labels of the lines without an amount since the last row
  const isLabel = (text: string) => !isProse(text) && !LIST_HEADS.test(text);
  // An amount printed alone above its row's name (a tall row whose name is centred lower) waits for it.
  let orphan: Token | null = null;
  const addRow = (amount: Token, label: string) => {
    const top = /^[一二三四五六七八九十]+[、.．]/.test(label);
    if (top) section = canonicalLabel(label);
    let key = canonicalLabel(label);
    if (!top && section && !/合计|总计/.test(key)) key = `${section}:${key}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) key = `${key}#${n}`;
    rows.push({ key, label, rowNo: null, cells: new Map([[1, { text: amount.text, line: amount.line, page: amount.page }]]) });
  };
  for (const line of lines) {
    const tokens = tokenize([line]).filter((x) => x.kind !== 'empty' && x.kind !== 'placeholder');
    const amounts = tokens.filter((x) => x.kind === 'num' || (x.kind === 'int' && tokens.some((y) => y.kind === 'label')));
    const labels = tokens.filter((x) => x.kind === 'label').map((x) => x.text.replace(/\s+/g, '')).filter(isLabel);
    if (amounts.length === 0) {
      if (orphan && labels.length > 0) {
        addRow(orphan, labels.join('/'));
        orphan = null;
      } else before.push(...labels);
      continue;
    }
    if (orphan) notes.push({ subject: `line ${orphan.line ?? orphan.page}`, passed: false, detail: `amount ${orphan.text} without a label` });
    orphan = null;
    // A row's amount is the last number of its line; its name the labels beside it, or those above.
    const amount = amounts[amounts.length - 1];
    const label = (labels.length > 0 ? labels : before).join('/');
    before = [];
    if (label === '') orphan = amount;
    else addRow(amount, label);
  }
  if (orphan) notes.push({ subject: `line ${orphan.line ?? orphan.page}`, passed: false, detail: `amount ${orphan.text} without a label` });
  return { rows, notes };
}

// Header words of the lists: never part of a row's name.
const LIST_HEADS = /^(项目名称|金额|采购品目(大类)?|大类|专项名称|经济科目|采购物品名称|采购组织形式?|式|单位[:：].*|部门[:：].*)$/;
