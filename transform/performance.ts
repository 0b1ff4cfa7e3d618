// Performance appendices (第五部分 附件): 项目支出绩效自评表 and 项目支出绩效目标申报表 →
// performance_projects, performance_indicators and their checks.
//
// Tables are found by structure: a 项目名称 row under a title that mentions 绩效/自评/申报表.
// The text front end loses column boundaries in several ways (cells run together, a cell
// wrapped over lines, a table printed in two halves on consecutive pages), so every cell is
// only assigned when the count of pieces matches the columns the header declares; otherwise
// it is left NULL and the reason recorded. Nothing is guessed.
import type { Line } from '../extract/lines.js';
import type { CheckRow } from './types.js';
import { abs, add, checkAmount, compare, fitsDecimal, UNIT_EXPONENT, multiplyInt, parseDecimal, pow10, rescale, shift, sub, toString as decimalText, ZERO, type Decimal } from './decimal.js';

// ---------------------------------------------------------------------------------------
// Output rows (report_id is added by the loader).

/** The amounts of a funding row: of one source, or of the 资金总额 row for the project. */
type FundingAmounts = {
  target_declared_yuan: string | null;
  budget_compiled_yuan: string | null;
  initial_budget_yuan: string | null;
  annual_budget_yuan: string | null;
  executed_yuan: string | null;
  balance_yuan: string | null;
  execution_rate: string | null;
  funding_full_score: string | null;
  funding_score: string | null;
};

export interface FundingSource extends FundingAmounts {
  label: string;
}

export type PerformanceProject = FundingAmounts & {
  project_index: number;
  form: 'self_evaluation' | 'target_declaration';
  title: string | null;
  project_name: string | null;
  department_code: string | null;
  department_name: string | null;
  unit_code: string | null;
  unit_name: string | null;
  money_unit: string | null;
  funding_sources: string | null;
  annual_goal: string | null;
  actual_completion: string | null;
  goals_text: string | null;
  total_score: string | null;
  grade: string | null;
  indicator_count: number;
  split_across_pages: boolean;
  source_line: number | null;
  source_page: number | null;
  notes: string | null;
};

export interface IndicatorValue {
  text: string | null;
  comparator: string | null;
  number: string | null;
  unit: string | null;
  amount_yuan: string | null;
}

export type PerformanceIndicator = {
  project_index: number;
  indicator_index: number;
  level1: string | null;
  level2: string | null;
  level3: string | null;
  target_text: string | null;
  target_comparator: string | null;
  target_number: string | null;
  target_unit: string | null;
  target_amount_yuan: string | null;
  adjusted_text: string | null;
  adjusted_comparator: string | null;
  adjusted_number: string | null;
  adjusted_unit: string | null;
  adjusted_amount_yuan: string | null;
  actual_text: string | null;
  actual_comparator: string | null;
  actual_number: string | null;
  actual_unit: string | null;
  actual_amount_yuan: string | null;
  full_score: string | null;
  score: string | null;
  deviation_reason: string | null;
  raw_text: string;
  null_reason: string | null;
  source_line: number | null;
  source_page: number | null;
};

export interface PerformanceResult {
  projects: PerformanceProject[];
  indicators: PerformanceIndicator[];
  checks: CheckRow[];
}

// ---------------------------------------------------------------------------------------
// Small helpers on lines and cells.

/** The trimmed cells that are not empty. */
function nonEmpty(cells: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const t = cells[i].trim();
    if (t !== '') out.push(t);
  }
  return out;
}

/**
 * Values derived from a line, memoised for the current extractPerformance call: a table's
 * lines are scanned several times. Plain Maps replaced for each report (a module-wide WeakMap
 * keyed by every line of every report cost more in hashing and garbage collection than it
 * saved). The memoised arrays are shared, hence readonly; so are the Decimals, which nothing
 * modifies.
 */
let memo = newMemo();
function newMemo() {
  return { compact: new Map<Line, string>(), cells: new Map<Line, readonly string[]>(), numbers: new Map<string, Decimal | null>(), values: new Map<string, ReturnType<typeof parseIndicatorValue>>() };
}

/** nonEmpty(l.cells), memoised. */
function cellsOf(l: Line): readonly string[] {
  let c = memo.cells.get(l);
  if (c === undefined) memo.cells.set(l, (c = nonEmpty(l.cells)));
  return c;
}

const SPACE_RE = /\s/;
const SPACES_RE = /\s+/g;
/** All text of a line without any spacing: for matching labels that wrap or are spaced out. */
function compact(l: Line): string {
  let t = memo.compact.get(l);
  if (t === undefined) {
    t = l.cells.length === 1 ? l.cells[0] : l.cells.join('');
    if (SPACE_RE.test(t)) t = t.replace(SPACES_RE, ''); // most lines have no space left to remove
    memo.compact.set(l, t);
  }
  return t;
}

/**
 * The first non-empty cell, trimmed ('' for a blank line): nonEmpty(cells)[0] without building
 * the array. Its first character is also the first character of compact(l) (trim() and \s
 * remove the same characters), which makes it a cheap test to run on every line of the report
 * before the expensive ones.
 */
function firstCell(l: Line): string {
  for (let i = 0; i < l.cells.length; i++) {
    const t = l.cells[i].trim();
    if (t !== '') return t;
  }
  return '';
}

/** The code of the first character of compact(l) (NaN for a blank line): firstCell() without trimming in the common case. */
function firstCode(l: Line): number {
  const c = l.cells[0];
  const code = c === undefined || c === '' ? NaN : c.charCodeAt(0);
  // Printable ASCII and CJK ideographs are never white space.
  if ((code > 0x20 && code < 0x7f) || (code >= 0x4e00 && code <= 0x9fff)) return code;
  return firstCell(l).charCodeAt(0);
}

/**
 * re.test(compact(l)) for an expression anchored at the start, given every character its
 * matches can begin with: other lines are rejected on their first character, uncompacted.
 */
function compactStarts(l: Line, firstChars: string, re: RegExp): boolean {
  const code = firstCode(l);
  for (let i = 0; i < firstChars.length; i++) if (firstChars.charCodeAt(i) === code) return re.test(compact(l));
  return false;
}

/**
 * Whether compact(l) contains `needle`. Removing spaces never creates characters, so some cell
 * must contain the needle's last character: tested first, without compacting the line.
 */
function compactIncludes(l: Line, needle: string): boolean {
  const last = needle[needle.length - 1];
  for (let i = 0; i < l.cells.length; i++) if (l.cells[i].includes(last)) return compact(l).includes(needle);
  return false;
}

const lineText = (l: Line) => cellsOf(l).join(' ');
function linesText(lines: Line[]): string[] {
  const out: string[] = [];
  for (const l of lines) out.push(lineText(l));
  return out;
}
/** compact() of lines [from, to) joined. */
function compactText(lines: Line[], from: number, to: number): string {
  let t = '';
  for (let i = from; i < to; i++) t += compact(lines[i]);
  return t;
}
const hasLeadingEmptyCell = (l: Line) => l.cells.length > 1 && l.cells[0].trim() === '';

/**
 * The text front end splits a line at every space, and some reports put a space before
 * punctuation ("组织路线 ，为…"). A cell cannot begin with such punctuation, so it is glued
 * back to the cell before. Returns the cells themselves when there is nothing to merge.
 */
function mergePunctuation(cells: readonly string[]): readonly string[] {
  let k = 1;
  while (k < cells.length && !LEADING_PUNCTUATION.has(cells[k].charCodeAt(0))) k++;
  if (k >= cells.length) return cells; // usually nothing to merge
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (out.length > 0 && LEADING_PUNCTUATION.has(c.charCodeAt(0))) out[out.length - 1] += c;
    else out.push(c);
  }
  return out;
}

/** Character codes (c[0] would make a string of each first character). */
const LEADING_PUNCTUATION = new Set([...',，。、;；:：)）》”’!！?？'].map((c) => c.charCodeAt(0)));

const SCORE_RE = /^\d+(?:\.\d+)?$/;
const PLACEHOLDER_RE = /^[—–\-/／]+$/;
const HUNDRED: Decimal = { units: 100n, scale: 0 };
const GRADE_RE = /^(优|良|中|差|优秀|良好|合格|不合格|较差)$/;

/** A printed amount or percentage ("1,456.92", "-5.505", "99.23", "95%"). */
function numberCell(c: string): Decimal | null {
  // Most cells are text: a number needs at least one digit, cheaper to test than to parse.
  if (!DIGIT_RE.test(c)) return null;
  // The same amounts and scores recur across the rows and are tested several times each.
  let d = memo.numbers.get(c);
  if (d === undefined) memo.numbers.set(c, (d = parseDecimal(c.replace(/%$/, ''))));
  return d;
}
const DIGIT_RE = /\d/;

function joinText(parts: readonly string[], sep: string): string | null {
  const t = parts.join(sep).trim();
  return t === '' ? null : t;
}

function codeAndName(text: string | null): { code: string | null; name: string | null } {
  if (text === null) return { code: null, name: null };
  const m = /^(\d+)\s*[-－—]\s*(.+)$/.exec(text);
  return m ? { code: m[1], name: m[2].trim() } : { code: null, name: text };
}

// ---------------------------------------------------------------------------------------
// Exact decimal arithmetic, formatting and money conversion.

/** Exactly two decimals, for d with at most two. */
const fixedTwo = (d: Decimal) => decimalText(rescale(d, 2));

/** A printed amount converted to 元 with 2 decimals, or null when that would lose digits. */
function yuanText(d: Decimal | null, unit: string | null): string | null {
  if (d === null || unit === null || !Object.hasOwn(UNIT_EXPONENT, unit)) return null;
  const y = shift(d, UNIT_EXPONENT[unit]);
  return y.scale <= 2 ? fixedTwo(y) : null;
}

/** Decimal string for points and percentages, as precise as printed. */
// Scores and rates go to DECIMAL(18,4) columns; one with more digits stays NULL (its row keeps the raw text).
const plain = (d: Decimal | null) => (d === null || !fitsDecimal(d, 18, 4) ? null : decimalText(d));

/** a / b × 100 rounded half away from zero to `scale` decimals, exactly. */
export function percentRounded(a: Decimal, b: Decimal, scale: number): Decimal {
  const num = a.units * pow10(b.scale + 2 + scale);
  const den = b.units * pow10(a.scale);
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const q = (2n * n + d) / (2n * d);
  return { units: negative ? -q : q, scale };
}

// ---------------------------------------------------------------------------------------
// Indicator values: "≥90%", "=2606622.39元", "≤62万元", "及时".

const COMPARATOR_RE = /^(>=|<=|≥|≤|=|＝|>|<|≠|≈|＞|＜)/;
const NORMAL_COMPARATOR: Record<string, string> = { '>=': '≥', '<=': '≤', '＝': '=', '＞': '>', '＜': '<' };

const INDICATOR_VALUE_RE = /^(>=|<=|≥|≤|=|＝|>|<|≠|≈|＞|＜)?\s*([+-]?\d[\d,]*(?:\.\d+)?)\s*(.*)$/;

export function parseIndicatorValue(text: string | null, possiblyCut = false): IndicatorValue & { note: string | null } {
  const empty = { text, comparator: null, number: null, unit: null, amount_yuan: null, note: null };
  if (text === null) return empty;
  const m = INDICATOR_VALUE_RE.exec(text.trim());
  if (!m) return empty;
  const comparator = m[1] ? (NORMAL_COMPARATOR[m[1]] ?? m[1]) : null;
  if (possiblyCut) return { ...empty, comparator, note: `"${text}" is the beginning of the next column's value and may be cut off at the cell edge: number not read` };
  const d = parseDecimal(m[2]);
  if (d === null) return empty;
  const unit = m[3].trim() === '' ? null : m[3].trim();
  const amount = unit !== null ? yuanText(d, unit) : null;
  return { text, comparator, number: decimalText(d), unit, amount_yuan: amount, note: null };
}

/**
 * Splits glued cells where a comparator starts a new value: "工程≥1000万元≥1000万元" → 3 pieces.
 * A cut before every comparator character except the first character (">=" is cut in two,
 * as it always was: this replaces cell.split(/(?=>=|<=|≥|≤|[=＝≠≈＞＜]|>(?!=)|<(?!=))/) without
 * its empty pieces, which matched at the same places).
 */
function splitAtComparators(cell: string): string[] {
  if (!COMPARATOR_CHAR_RE.test(cell)) return cell === '' ? [] : [cell]; // most cells: one quick native test
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i < cell.length; i++) {
    if (COMPARATOR_CODES.has(cell.charCodeAt(i))) {
      pieces.push(cell.slice(start, i));
      start = i;
    }
  }
  if (cell !== '') pieces.push(cell.slice(start));
  return pieces;
}
const COMPARATOR_CODES = new Set([...'<>=＝≥≤≠≈＞＜'].map((c) => c.charCodeAt(0)));
const COMPARATOR_CHAR_RE = /[<>=＝≥≤≠≈＞＜]/;

// ---------------------------------------------------------------------------------------
// Indicator labels (一级/二级指标) and the national framework that relates them.

const LEVEL2_PARENT: Record<string, string | null> = {
  数量指标: '产出指标',
  质量指标: '产出指标',
  时效指标: '产出指标',
  成本指标: null, // under 产出指标 in older forms, an 一级指标 of its own in newer ones
  经济效益指标: '效益指标',
  社会效益指标: '效益指标',
  生态效益指标: '效益指标',
  可持续影响指标: '效益指标',
  可持续发展指标: '效益指标',
  服务对象满意度指标: '满意度指标',
  经济成本指标: '成本指标',
  社会成本指标: '成本指标',
  生态环境成本指标: '成本指标',
};
const LEVEL1 = new Set(['产出指标', '效益指标', '满意度指标']);
const ALL_LABELS = [...Object.keys(LEVEL2_PARENT), ...LEVEL1, '绩效指标'];
const stems = [...Object.keys(LEVEL2_PARENT), ...LEVEL1].map((l) => l.replace(/指标$/, '')).sort((a, b) => b.length - a.length);
/** Labels in running text, possibly cut before 指标 ("服务对象满意度指", "社会效益"). */
const LABEL_TOKEN_RE = new RegExp(`(${stems.join('|')})(?:指标?)?`, 'g');
/** Full labels only (the declaration form, where a 三级指标 may repeat a label stem). */
const FULL_LABEL_RE = new RegExp(`(${stems.join('|')})指标`, 'g');

/** A cell that is exactly a label name, with or without 指标 ("服务对象满意度"). */
const LABEL_NAME_RE = new RegExp(`^(${stems.join('|')})(指标)?$`);
/** Every non-empty substring of every label (a few hundred), for a lookup instead of a search. */
const LABEL_FRAGMENTS = new Set<string>();
for (const l of ALL_LABELS) for (let i = 0; i < l.length; i++) for (let j = i + 1; j <= l.length; j++) LABEL_FRAGMENTS.add(l.slice(i, j));
/** A piece of a label wrapped over lines ("产出指", "标", "满意度指", "可持续影"). */
const isLabelFragment = (c: string) => LABEL_FRAGMENTS.has(c);
function allLabelFragments(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!LABEL_FRAGMENTS.has(cells[i])) return false;
  return true;
}

function labelTokens(text: string): string[] {
  const tokens: string[] = [];
  if (text === '') return tokens; // most indicator lines print no label of their own
  // exec() on the shared global expression: matchAll() would copy it on every call.
  LABEL_TOKEN_RE.lastIndex = 0;
  for (let m; (m = LABEL_TOKEN_RE.exec(text)) !== null; ) tokens.push(m[1] + '指标');
  return tokens;
}

/** Tracks the 一级/二级 labels that span several indicator lines. */
class LabelState {
  private level1: string | null = null;
  private level2: string | null = null;
  private level2Reason: string | null = null;
  private candidates: string[] = [];

  /** Applies the labels printed since the previous indicator line. */
  update(labelText: string): void {
    const tokens = labelTokens(labelText);
    if (tokens.length === 0) return;
    // The distinct 一级 and 二级 labels, in order.
    const l1: string[] = [];
    const l2: string[] = [];
    for (const t of tokens) {
      const list = LEVEL1.has(t) ? l1 : l2;
      if (!list.includes(t)) list.push(t);
    }
    if (l1.length === 1) this.level1 = l1[0];
    else if (l1.length > 1) this.level1 = null;
    if (l2.length === 1) {
      this.level2 = l2[0];
      this.level2Reason = null;
      this.candidates = l2;
    } else if (l2.length > 1) {
      this.level2 = null;
      this.candidates = l2;
      this.level2Reason = `二级指标 unknown: the line carries several 二级 labels (${l2.join('、')}), label cells misplaced in the source`;
    } else {
      this.level2 = null;
      this.candidates = [];
      this.level2Reason = l1.length > 1 ? `一级/二级指标 unknown: several 一级 labels on one line (${l1.join('、')}) and no 二级 label` : '二级指标 unknown: a new 一级指标 starts without a 二级 label';
    }
  }

  current(): { level1: string | null; level2: string | null; reasons: string[] } {
    const reasons = this.level2Reason ? [this.level2Reason] : [];
    if (this.candidates.length === 0) {
      if (!this.level2Reason) reasons.push('二级指标 not printed');
      return { level1: this.level1, level2: null, reasons };
    }
    const parent = LEVEL2_PARENT[this.candidates[0]] ?? null;
    let oneParent = true;
    for (const c of this.candidates) if ((LEVEL2_PARENT[c] ?? null) !== parent) oneParent = false;
    let level1: string | null = null;
    if (oneParent && parent !== null) level1 = parent;
    else if (this.candidates.length === 1) {
      // 成本指标: under 产出指标 in older forms, an 一级指标 of its own in newer ones.
      if (this.level1 === '产出指标' || this.level1 === '成本指标') level1 = this.level1;
      else reasons.push(`一级指标 unknown: 成本指标 printed under ${this.level1 ?? 'no'} 一级 label`);
    } else reasons.push('一级指标 unknown: the 二级 labels of the line belong to different 一级指标');
    return { level1, level2: this.level2, reasons };
  }
}

// ---------------------------------------------------------------------------------------
// Locating the tables.

interface TableSpan {
  titleStart: number;
  anchor: number; // the 项目名称 line
  end: number; // exclusive
  title: string | null;
  declaration: boolean;
}

const TITLE_HINT = /绩效|自评|申报表|年度[)）]/;

const ANCHOR_CODE = '项'.charCodeAt(0); // 项目名称
const BLOCK_CODE = '实'.charCodeAt(0); // 实施期资金

/**
 * The only pass over every line of the report. Most lines (the tables and the narrative)
 * belong to no appendix, so each gets one cheap test on its first character: a table
 * starts at a line beginning with 项目名称, a declaration form's indicator block at one
 * beginning with 实施期资金. Everything else is read only inside the spans these open.
 */
function candidateLines(lines: Line[]): { anchors: number[]; blockStarts: number[] } {
  const anchors: number[] = [];
  const blockStarts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    // firstCode(lines[i]), with its common case inline: this loop runs over every line.
    const c = lines[i].cells[0];
    let first = c === undefined || c === '' ? NaN : c.charCodeAt(0);
    if (!((first > 0x20 && first < 0x7f) || (first >= 0x4e00 && first <= 0x9fff))) first = firstCode(lines[i]);
    if (first === ANCHOR_CODE) anchors.push(i);
    else if (first === BLOCK_CODE) blockStarts.push(i);
  }
  return { anchors, blockStarts };
}

function findTables(lines: Line[], candidates: number[]): TableSpan[] {
  const anchors: { titleStart: number; anchor: number; title: string | null }[] = [];
  for (const i of candidates) {
    if (!firstCell(lines[i]).startsWith('项目名称')) continue;
    const titled = (i >= 1 && TITLE_HINT.test(compact(lines[i - 1]))) || (i >= 2 && TITLE_HINT.test(compact(lines[i - 2])));
    if (!titled) continue;
    // A title wraps over two lines: keep the line above when the title line is only the
    // year, or when the line above is indented like a centred title (and is no sentence).
    let titleStart = i - 1;
    const l1 = lines[i - 1];
    const l0 = lines[i - 2];
    if (l0 && (/^[(（]/.test(lineText(l1)) || hasLeadingEmptyCell(l0)) && !/[。]$/.test(lineText(l0)) && compact(l0).length <= 60) titleStart = i - 2;
    if (titleStart < 0) titleStart = 0;
    const title = joinText(titleStart === i - 2 ? [lineText(lines[i - 2]), lineText(lines[i - 1])] : [lineText(lines[titleStart])], '');
    anchors.push({ titleStart, anchor: i, title });
  }
  const spans: TableSpan[] = [];
  for (let k = 0; k < anchors.length; k++) {
    const a = anchors[k];
    const end = k + 1 < anchors.length ? anchors[k + 1].titleStart : lines.length;
    // 全年预算 first: it is printed near the top of a self-evaluation table, which ends the search.
    const declaration = /申报表/.test(a.title ?? '') || (!spanHas(lines, a.anchor, end, '全年预算') && spanHas(lines, a.anchor, end, '年度资金总额'));
    spans.push({ titleStart: a.titleStart, anchor: a.anchor, end, title: a.title, declaration });
  }
  return spans;
}

/** Whether the compact text of a line in [from, to) contains `needle`. The last span runs to the end of the report: no line is compacted for nothing. */
function spanHas(lines: Line[], from: number, to: number, needle: string): boolean {
  for (let i = from; i < to; i++) if (compactIncludes(lines[i], needle)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------
// Funding part (项目资金预算安排及执行进度).

type FundingColumn = 'target_declared' | 'budget_compiled' | 'initial_budget' | 'annual_budget' | 'executed' | 'balance' | 'full_score' | 'rate' | 'score';
const MONEY_COLUMNS: FundingColumn[] = ['target_declared', 'budget_compiled', 'initial_budget', 'annual_budget', 'executed', 'balance'];
const FUNDING_HEADINGS: [FundingColumn, RegExp][] = [
  ['target_declared', /目标申报数/],
  ['budget_compiled', /预算编制数/],
  ['initial_budget', /年初预算数/],
  ['annual_budget', /全年预算数/],
  ['executed', /全年执行数/],
  ['balance', /资金结|结转|结余/],
  ['full_score', /分值/],
  ['rate', /执行率/],
  ['score', /得分/],
];
const COLUMN_ZH: Record<FundingColumn, string> = {
  target_declared: '目标申报数',
  budget_compiled: '预算编制数',
  initial_budget: '年初预算数',
  annual_budget: '全年预算数',
  executed: '全年执行数',
  balance: '资金结(转)余',
  full_score: '分值',
  rate: '执行率',
  score: '得分',
};

/** Columns named in the header text, in the order of the national and provincial forms. */
function fundingColumns(headerText: string): FundingColumn[] {
  const found: FundingColumn[] = [];
  for (const [column, re] of FUNDING_HEADINGS) if (re.test(headerText)) found.push(column);
  // 目标申报数 and 预算编制数 are the two sub-columns of 年初预算数 where printed.
  if (found.includes('target_declared') || found.includes('budget_compiled')) return found.filter((c) => c !== 'initial_budget');
  return found;
}

interface FundingRow {
  label: string;
  values: Partial<Record<FundingColumn, Decimal | null>>;
  printed: (Decimal | null)[];
  line: Line;
}

/** A funding row: a label, then only amounts/percentages or blanks ("—"), at least one number. */
function asFundingRow(l: Line): { label: string; printed: (Decimal | null)[] } | null {
  const cells = cellsOf(l);
  if (cells.length < 2) return null;
  const label = cells[0];
  if (!/[\u4e00-\u9fff]/.test(label) || numberCell(label) !== null) return null;
  // Each cell parsed once: this runs on every line until the funding rows are found.
  const printed: (Decimal | null)[] = [];
  let numbers = 0;
  for (let j = 1; j < cells.length; j++) {
    const d = PLACEHOLDER_RE.test(cells[j]) ? null : numberCell(cells[j]);
    if (d === null && !PLACEHOLDER_RE.test(cells[j])) return null;
    if (d !== null) numbers++;
    printed.push(d);
  }
  if (numbers === 0) return null;
  return { label: label.replace(/[:：]$/, ''), printed };
}

/** A row of the right half of a split table: numbers only. */
function numbersOnly(l: Line): Decimal[] | null {
  const cells = cellsOf(l);
  if (cells.length === 0) return null;
  const ds: Decimal[] = [];
  for (const c of cells) {
    const d = numberCell(c);
    if (d === null) return null; // most lines: no need to read the other cells
    ds.push(d);
  }
  return ds;
}

function assignFunding(columns: FundingColumn[], printed: (Decimal | null)[], into: Partial<Record<FundingColumn, Decimal | null>>): boolean {
  if (printed.length !== columns.length) return false;
  for (let i = 0; i < columns.length; i++) into[columns[i]] = printed[i];
  return true;
}

// ---------------------------------------------------------------------------------------
// Indicator rows.

interface IndicatorLayout {
  adjusted: boolean; // 调整后指标值 column
  fullScore: boolean; // 分值 column in this part of the table
  score: boolean; // 得分 column in this part
  deviation: boolean; // 偏差原因分析及改进措施 column in this part
  /** Header printed as one row of cells (tab-separated input): rows are reliable cells. */
  cellRows: boolean;
}

interface RawIndicator {
  labels: { level1: string | null; level2: string | null; reasons: string[] };
  level3: string | null;
  values: (string | null)[]; // target, [adjusted], actual
  fullScore: Decimal | null;
  score: Decimal | null;
  deviation: string | null;
  raw: string[];
  reasons: string[];
  line: Line;
}

const valueCount = (layout: IndicatorLayout) => (layout.adjusted ? 3 : 2);
const scoreCount = (layout: IndicatorLayout) => (layout.fullScore ? 1 : 0) + (layout.score ? 1 : 0);

/**
 * Finds the trailing score numbers of an indicator line (分值, 得分), allowing deviation text
 * after them and the first score run together with the cell before ("达成预期指标10").
 */
function splitScores(cells: readonly string[], k: number, deviationAllowed: boolean): { content: string[]; scores: Decimal[]; deviation: string | null } | null {
  if (k === 0) return null;
  const maxTail = deviationAllowed ? cells.length : 0;
  for (let tail = 0; tail <= maxTail; tail++) {
    // The last `tail` cells are deviation text, cells[0, n) the rest. Each step adds cells[n]
    // to the deviation; the cells added before were already tested.
    const n = cells.length - tail;
    if (tail > 0 && (SCORE_RE.test(cells[n]) || COMPARATOR_RE.test(cells[n]))) break;
    const scores: Decimal[] = [];
    let j = n;
    while (scores.length < k && j > 0 && SCORE_RE.test(cells[j - 1])) scores.unshift(numberCell(cells[--j])!);
    let glued: string | null = null; // what remains of cells[j - 1] when a score is run into it
    if (scores.length === k - 1 && j > 0) {
      // The first score run together with the value before it ("达成预期指标10", "≥95%10"),
      // but not the digits of a value ("≥10000", "=98").
      const m = GLUED_SCORE_RE.exec(cells[j - 1]);
      if (m && !ENDS_WITH_SIGN_RE.test(m[1])) {
        scores.unshift(parseDecimal(m[2])!);
        glued = m[1];
      }
    }
    if (!plausibleScores(scores)) continue;
    if (scores.length === k) {
      const content = glued === null ? cells.slice(0, j) : [...cells.slice(0, j - 1), glued];
      return { content, scores, deviation: tail === 0 ? null : joinText(cells.slice(n), ' ') };
    }
  }
  return null;
}
/** Points of one indicator never exceed 100. */
function plausibleScores(scores: Decimal[]): boolean {
  for (let i = 0; i < scores.length; i++) if (compare(scores[i], HUNDRED) > 0) return false;
  return true;
}
const GLUED_SCORE_RE = /^(.*[^\d.,])(\d+(?:\.\d+)?)$/;
const ENDS_WITH_SIGN_RE = /[+\-/=≥≤<>＝≠≈＞＜]$/;

/** Assigns the pieces of an indicator line (三级指标 and values) when their count is certain. */
function assignPieces(cells: string[], expected: number, cellRows: boolean): { pieces: string[] | null; extraLabels: string[]; reason: string | null } {
  if (cellRows) {
    // Tab-separated cells are reliable: read from the right, what remains must be labels.
    if (cells.length < expected) return { pieces: null, extraLabels: [], reason: `${cells.length} cells for ${expected} columns (三级指标 and values)` };
    const labels = cells.slice(0, cells.length - expected);
    if (!labels.every(isLabelFragment)) return { pieces: null, extraLabels: [], reason: `unexpected cells before 三级指标: ${labels.join(' ')}` };
    return { pieces: cells.slice(cells.length - expected), extraLabels: labels, reason: null };
  }
  let pieces: string[] = [];
  for (const c of cells) pieces.push(...splitAtComparators(c));
  const extraLabels: string[] = [];
  while (pieces.length > expected && isLabelFragment(pieces[0])) extraLabels.push(pieces.shift()!);
  if (pieces.length === expected) return { pieces, extraLabels, reason: null };
  // Cells wrapped over lines: when every value starts with a comparator, the comparators
  // alone delimit them ("检测能力 / ≥10000 / 管 / ≥10000管 ≥10000管").
  const joined = splitAtComparators(cells.join(''));
  if (joined.length === expected && joined.slice(1).every((p) => COMPARATOR_RE.test(p)) && !COMPARATOR_RE.test(joined[0])) return { pieces: joined, extraLabels, reason: null };
  return {
    pieces: null,
    extraLabels,
    reason: `column boundaries lost in the text: ${pieces.length} piece(s) for the ${expected} columns 三级指标/${expected === 4 ? '年初/调整后/实际' : '年初/实际'}, so 三级指标 and values are not assigned`,
  };
}

const LABEL_TAIL_RE = /^(指标|标|指)$/;

function parseIndicatorRows(lines: Line[], from: number, to: number, layout: IndicatorLayout): RawIndicator[] {
  const rows: RawIndicator[] = [];
  const labels = new LabelState();
  const expected = 1 + valueCount(layout);
  const k = scoreCount(layout);
  let labelText = '';
  let pending: string[] = [];
  let pendingLines: Line[] = [];

  for (let i = from; i < to; i++) {
    const l = lines[i];
    let cells = mergePunctuation(cellsOf(l));
    if (cells.length === 0) continue;
    const isLabelLine = allLabelFragments(cells);
    if (pending.length === 0 && isLabelLine) {
      labelText += cells.join('');
      continue;
    }
    if (!layout.cellRows && pending.length === 0) {
      // The 一级 and 二级 labels of a text line come first, as whole cells.
      let start = cells[0] === '绩效指标' ? 1 : 0;
      if (start < cells.length && LEVEL1.has(cells[start])) labelText += cells[start++];
      if (start < cells.length && Object.hasOwn(LEVEL2_PARENT, cells[start])) labelText += cells[start++];
      while (start < cells.length && LABEL_TAIL_RE.test(cells[start])) labelText += cells[start++];
      if (start > 0) cells = cells.slice(start);
    }
    const split = splitScores(cells, k, layout.deviation);
    if (!split) {
      pending.push(...cells);
      pendingLines.push(l);
      continue;
    }
    // Most rows are one line: no need to copy.
    const rowLines = pendingLines.length === 0 ? [l] : [...pendingLines, l];
    const content = pending.length === 0 ? split.content : [...pending, ...split.content];
    pending = [];
    pendingLines = [];
    const assigned = assignPieces(content, expected, layout.cellRows);
    const ownLabels = labelText + assigned.extraLabels.join('');
    labels.update(ownLabels);
    labelText = '';
    const reasons: string[] = [];
    if (assigned.reason) reasons.push(assigned.reason);
    const pieces = assigned.pieces;
    let rowLabels = labels.current();
    if (pieces && LABEL_NAME_RE.test(pieces[0]) && !labelTokens(ownLabels).some((t) => !LEVEL1.has(t))) {
      // "满意度指标 | 服务对象满意度 | ≥90 …": with no 二级 label of its own, a cell named like a
      // label may be the 二级指标 (三级 left empty) or the 三级指标.
      reasons.push(`"${pieces[0]}" may be the 二级 or the 三级指标 of the line: both left NULL`);
      pieces[0] = '';
      rowLabels = { ...rowLabels, level2: null };
    }
    rows.push({
      labels: rowLabels,
      level3: pieces && pieces[0] !== '' ? pieces[0] : null,
      values: pieces ? pieces.slice(1) : new Array(valueCount(layout)).fill(null),
      fullScore: layout.fullScore ? split.scores[0] : null,
      score: layout.score ? split.scores[split.scores.length - 1] : null,
      deviation: split.deviation,
      raw: linesText(rowLines),
      reasons,
      line: rowLines[0],
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------
// One self-evaluation table (possibly split across pages).

interface ParsedProject {
  row: PerformanceProject;
  indicators: RawIndicator[];
  funding: FundingRow[];
  fundingColumns: FundingColumn[];
  unit: string | null;
  total: Decimal | null;
  adjustedColumn: boolean;
}

const findFrom = (lines: Line[], from: number, to: number, pred: (l: Line) => boolean) => {
  for (let i = from; i < to; i++) if (pred(lines[i])) return i;
  return -1;
};

/** Value cells after a label cell on the same line, up to the next label. */
function valueAfter(l: Line, label: RegExp, stop: RegExp): string | null {
  const cells = cellsOf(l);
  let i = 0;
  while (i < cells.length && !label.test(cells[i])) i++;
  if (i === cells.length) return null;
  const out: string[] = [];
  for (let j = i + 1; j < cells.length && !stop.test(cells[j]); j++) out.push(cells[j]);
  return joinText(out, ' ');
}

const TOTAL_RE = /^总分/;
const TOTAL_LINE = (l: Line) => compactStarts(l, '总', TOTAL_RE);

const TOTAL_LABEL_RE = /^(总|分|总分)$/;

/** 总分 and 评级: one number (provincial form), or 分值 total then 得分 total (national form). */
function parseTotal(l: Line): { total: Decimal | null; grade: string | null; note: string | null } {
  const numbers: Decimal[] = [];
  let grade: string | null = null;
  for (const c of cellsOf(l)) {
    if (TOTAL_LABEL_RE.test(c)) continue;
    const d = numberCell(c);
    if (d !== null) numbers.push(d);
    if (grade === null && GRADE_RE.test(c)) grade = c;
  }
  if (numbers.length === 1 || numbers.length === 2) return { total: numbers[numbers.length - 1], grade, note: null };
  return { total: null, grade, note: numbers.length === 0 ? null : `总分 line has ${numbers.length} numbers: not read` };
}

/** Longest overlap of a's end with b's start (at least 3 characters), merged; null if none. */
function mergeOverlap(a: string, b: string): string | null {
  if (a.includes(b)) return a;
  for (let n = Math.min(a.length, b.length); n >= 3; n--) if (a.endsWith(b.slice(0, n))) return a + b.slice(n);
  return null;
}

const GOAL_HEAD_RE = /^(年度目标|年度总体目标|预期目标)/;

/** Index of the first cell that matches `re`, or -1. */
function indexOfMatch(cells: readonly string[], re: RegExp): number {
  for (let i = 0; i < cells.length; i++) if (re.test(cells[i])) return i;
  return -1;
}

/** A line with a cell starting 年度目标 (or 年度总体目标, 预期目标): the head of the goals part. */
function isGoalHead(l: Line): boolean {
  return indexOfMatch(cellsOf(l), GOAL_HEAD_RE) >= 0;
}

function parseGoals(lines: Line[], from: number, to: number, notes: string[]): { goal: string | null; actual: string | null; text: string | null } {
  const head = findFrom(lines, from, to, isGoalHead);
  if (head < 0) return { goal: null, actual: null, text: null };
  const headCells = cellsOf(lines[head]);
  const goalCell = indexOfMatch(headCells, GOAL_HEAD_RE);
  const actualCell = indexOfMatch(headCells, ACTUAL_HEAD_RE);
  // Tab-separated input: "年度目标保证…" and "实际完成情况节约…" are cells of one row.
  const goalInCell = headCells[goalCell].replace(GOAL_HEAD_RE, '');
  if (goalInCell !== '' || (actualCell >= 0 && headCells[actualCell].replace(ACTUAL_HEAD_RE, '') !== '')) {
    const goal = joinText([goalInCell, ...headCells.slice(goalCell + 1, actualCell < 0 ? undefined : actualCell)], '');
    const actual = actualCell < 0 ? null : joinText([headCells[actualCell].replace(ACTUAL_HEAD_RE, ''), ...headCells.slice(actualCell + 1)], '');
    return { goal, actual, text: null };
  }
  const body: (readonly string[])[] = [];
  for (let i = head + 1; i < to; i++) {
    const cells = mergePunctuation(cellsOf(lines[i]));
    if (cells.length > 0) body.push(cells);
  }
  const bodyText = (cellSep: string, lineSep: string) => {
    const parts: string[] = [];
    for (const cells of body) parts.push(cells.join(cellSep));
    return joinText(parts, lineSep);
  };
  if (body.length === 0) return { goal: null, actual: null, text: null };
  if (actualCell < 0) return { goal: bodyText('', ''), actual: null, text: null };
  // Both columns side by side: one line of exactly two substantial cells is goal | actual
  // (a space inside running Chinese text is rare, and one before punctuation was merged
  // above); longer text interleaves the two columns' wrapped lines and cannot be separated.
  if (body.length === 1 && body[0].length === 2 && body[0][0].length >= 4 && body[0][1].length >= 4) return { goal: body[0][0], actual: body[0][1], text: null };
  notes.push('年度目标 and 实际完成情况 are printed side by side and their wrapped lines interleave in the text: kept together in goals_text');
  return { goal: null, actual: null, text: bodyText(' ', '\n') };
}

// Expressions tested line by line are module constants: a literal in a function is a new
// object each time it is evaluated.
const INDICATOR_HEAD_RE = /^(绩效指标)?一级指/;
const isIndicatorHead = (l: Line) => compactStarts(l, '绩一', INDICATOR_HEAD_RE) || cellsOf(l).includes('一级指标');
const ACTUAL_RE = /实际完成/;
const HEADER_TAIL_RE = /^(分值|得分|偏差原因分析|及改进措施|偏差原因分析及改进措施)+$/;

/** Header lines of the indicator part: from "一级指标" to the line with 实际完成值 (and its wrapped tail). */
function indicatorHeader(lines: Line[], from: number, to: number): { start: number; end: number; text: string; cellRows: boolean } | null {
  const start = findFrom(lines, from, to, isIndicatorHead);
  if (start < 0) return null;
  let end = findFrom(lines, start, to, (l) => ACTUAL_RE.test(compact(l)));
  if (end < 0) return null;
  while (end + 1 < to && HEADER_TAIL_RE.test(compact(lines[end + 1]))) end++;
  let cellRows = false;
  for (let i = start; i <= end; i++) {
    const cells = cellsOf(lines[i]);
    if (cells.includes('一级指标') && cells.includes('二级指标') && cells.includes('三级指标')) cellRows = true;
  }
  return { start, end, text: compactText(lines, start, end + 1), cellRows };
}

// parseSelfEvaluation reads a table in parts, each a function of its own; notes are pushed
// in reading order.

const CODE_NAME_RE = /^\d{3,}\s*[-－]/;
const UNIT_LABEL_RE = /^(预算单位|实施单位)$/;

/** 主管部门 and 预算单位 (code-name text) from the 主管部门 line just below 项目名称. */
function parseDepartments(lines: Line[], anchor: number, end: number, notes: string[]): { dept: string | null; unit: string | null } {
  const deptLine = findFrom(lines, anchor, Math.min(end, anchor + 4), (l) => /^主管部门/.test(cellsOf(l)[0] ?? ''));
  if (deptLine < 0) return { dept: null, unit: null };
  const l = lines[deptLine];
  let dept = valueAfter(l, /^主管部门/, /^(预算单位|实施单位)/);
  let unit = valueAfter(l, UNIT_LABEL_RE, /^$/);
  let labelled = false;
  const codeCells: string[] = [];
  for (const c of cellsOf(l)) {
    if (UNIT_LABEL_RE.test(c)) labelled = true;
    if (CODE_NAME_RE.test(c)) codeCells.push(c);
  }
  if (!labelled && codeCells.length === 2) {
    dept = codeCells[0];
    unit = codeCells[1];
    notes.push('预算单位 label missing on the 主管部门 line: the second code-name cell of that line taken as 预算单位');
  } else if (labelled && unit === null) {
    const next = nonEmpty(lines[deptLine + 1]?.cells ?? [])[0] ?? '';
    if (CODE_NAME_RE.test(next)) unit = next;
  }
  return { dept, unit };
}

const FUNDING_UNIT_RE = /[(（](万元|元)[)）]/;

/** The funding part between 项目名称 and the goals: its heading (columns, money unit) and rows. */
function parseFunding(lines: Line[], anchor: number, fundingEnd: number, notes: string[]): { moneyUnit: string | null; columns: FundingColumn[]; funding: FundingRow[] } {
  const firstFunding = findFrom(lines, anchor + 1, fundingEnd, (l) => asFundingRow(l) !== null && !/^(主管部门|项目名称)/.test(cellsOf(l)[0]));
  const headerText = compactText(lines, anchor + 1, firstFunding < 0 ? fundingEnd : firstFunding);
  const unitMatch = FUNDING_UNIT_RE.exec(headerText);
  const moneyUnit = unitMatch ? unitMatch[1] : null;
  if (!moneyUnit) notes.push('money unit not printed in the funding heading: amounts not converted');
  const columns = fundingColumns(headerText);
  const funding: FundingRow[] = [];
  for (let i = firstFunding; i >= 0 && i < fundingEnd; i++) {
    const f = asFundingRow(lines[i]);
    if (!f) break;
    const values: FundingRow['values'] = {};
    if (!assignFunding(columns, f.printed, values)) notes.push(`funding row ${f.label}: ${f.printed.length} numbers for ${columns.length} columns (${columns.map((c) => COLUMN_ZH[c]).join('/')}): not assigned`);
    funding.push({ label: f.label, values, printed: f.printed, line: lines[i] });
  }
  if (funding.length === 0) notes.push('no funding row found');
  return { moneyUnit, columns, funding };
}

/** The indicator rows between the indicator header and the 总分 line. */
function parseIndicatorPart(lines: Line[], header: NonNullable<ReturnType<typeof indicatorHeader>>, end: number): { indicators: RawIndicator[]; totalLine: number; adjusted: boolean } {
  const adjusted = /调整/.test(header.text);
  const totalLine = findFrom(lines, header.end + 1, end, TOTAL_LINE);
  const layout: IndicatorLayout = {
    adjusted,
    fullScore: /分值/.test(header.text),
    score: /得分/.test(header.text),
    deviation: /偏差|原因分析|改进措施/.test(header.text),
    cellRows: header.cellRows,
  };
  const indicators = parseIndicatorRows(lines, header.end + 1, totalLine < 0 ? end : totalLine, layout);
  if (!layout.score) for (const r of indicators) r.reasons.push('得分 not in this part of the table');
  return { indicators, totalLine, adjusted };
}

/** What the right half of a split table adds to the left one; updates `t` in place. */
function applyRightHalf(right: RightHalf, t: SelfEvaluationParts, notes: string[]): void {
  notes.push(`printed in two halves: right half from line/page ${right.at}`);
  if (right.unit) t.unit = right.unit;
  if (right.nameFragment && t.projectName) {
    const merged = mergeOverlap(t.projectName, right.nameFragment);
    if (merged) t.projectName = merged;
    else notes.push(`project name may be cut off: right-half fragment "${right.nameFragment}" does not overlap "${t.projectName}"`);
  }
  if (right.funding.length === t.funding.length && right.funding.every((r) => r.length === right.columns.length)) {
    for (let i = 0; i < t.funding.length; i++) assignFunding(right.columns, right.funding[i], t.funding[i].values);
    t.columns = [...t.columns, ...right.columns];
  } else notes.push(`right half has ${right.funding.length} funding rows for ${t.funding.length} on the left: execution columns not assigned`);
  if (t.goals.actual === null && right.actual) t.goals.actual = right.actual;
  if (right.scores.length === t.indicators.length) {
    for (let i = 0; i < t.indicators.length; i++) {
      const r = t.indicators[i];
      r.score = right.scores[i].score;
      r.deviation = right.scores[i].deviation;
      r.reasons = r.reasons.filter((x) => !x.startsWith('得分 not in'));
    }
  } else {
    notes.push(`right half has ${right.scores.length} 得分 lines for ${t.indicators.length} indicator lines: 得分 not assigned`);
    for (const r of t.indicators) r.reasons = r.reasons.map((x) => (x.startsWith('得分 not in') ? '得分 not assigned: line counts of the two halves differ' : x));
  }
  if (right.total) t.total = right.total;
}

/** The parts of a self-evaluation table that a right half can complete. */
interface SelfEvaluationParts {
  projectName: string | null;
  unit: string | null;
  columns: FundingColumn[];
  funding: FundingRow[];
  goals: { goal: string | null; actual: string | null; text: string | null };
  indicators: RawIndicator[];
  total: ReturnType<typeof parseTotal>;
}

const GOALS_END_RE = /^(绩|绩效指标.*|一级指.*)$/;

function parseSelfEvaluation(lines: Line[], span: TableSpan, index: number): ParsedProject {
  const notes: string[] = [];
  const { anchor, end } = span;
  const projectName = valueAfter(lines[anchor], /^项目名称/, /^$/);
  const { dept, unit } = parseDepartments(lines, anchor, end, notes);

  const goalHead = findFrom(lines, anchor, end, isGoalHead);
  const { moneyUnit, columns, funding } = parseFunding(lines, anchor, goalHead < 0 ? end : goalHead, notes);

  const header = indicatorHeader(lines, goalHead < 0 ? anchor : goalHead, end);
  // The goal text ends where the indicator part starts (the vertical 绩/效/指/标 label).
  const goalsEnd = header ? findFrom(lines, goalHead + 1, header.start + 1, (l) => compactStarts(l, '绩一', GOALS_END_RE)) : end;
  const goals = goalHead < 0 ? { goal: null, actual: null, text: null } : parseGoals(lines, goalHead, goalsEnd < 0 ? end : goalsEnd, notes);
  let part = { indicators: [] as RawIndicator[], totalLine: -1, adjusted: false };
  if (header) part = parseIndicatorPart(lines, header, end);
  else notes.push('indicator header (一级指标 二级指标 三级指标 …) not found');
  const { totalLine, adjusted } = part;

  const total = totalLine >= 0 ? parseTotal(lines[totalLine]) : { total: null, grade: null, note: '总分 line not found' };
  if (total.note) notes.push(total.note);
  const t: SelfEvaluationParts = { projectName, unit, columns, funding, goals, indicators: part.indicators, total };

  // A table printed in two halves: the right half (全年执行数 … 得分) follows the left one.
  let split = false;
  if (!columns.includes('executed') && columns.length > 0) {
    const right = rightHalf(lines, Math.max(totalLine, anchor) + 1, end);
    if (!right) notes.push('left half of a table split across pages (no 全年执行数 column), but its right half was not found: execution, 得分 and 总分 are NULL');
    else {
      split = true;
      applyRightHalf(right, t, notes);
    }
  }
  const row = selfEvaluationRow(lines, span, index, dept, moneyUnit, t, split, notes);
  return { row, indicators: t.indicators, funding, fundingColumns: t.columns, unit: moneyUnit, total: t.total.total, adjustedColumn: adjusted };
}

function selfEvaluationRow(lines: Line[], span: TableSpan, index: number, dept: string | null, moneyUnit: string | null, t: SelfEvaluationParts, split: boolean, notes: string[]): PerformanceProject {
  const totalRow = t.funding[0];
  const sources = t.funding.slice(1);
  const v = (c: FundingColumn) => totalRow?.values[c] ?? null;
  const money = (c: FundingColumn, f: FundingRow | undefined) => yuanText(f?.values[c] ?? null, moneyUnit);
  const d = codeAndName(dept);
  const u = codeAndName(t.unit);
  const row: PerformanceProject = {
    project_index: index,
    form: 'self_evaluation',
    title: span.title,
    project_name: t.projectName,
    department_code: d.code,
    department_name: d.name,
    unit_code: u.code,
    unit_name: u.name,
    money_unit: moneyUnit,
    initial_budget_yuan: money('initial_budget', totalRow),
    target_declared_yuan: money('target_declared', totalRow),
    budget_compiled_yuan: money('budget_compiled', totalRow),
    annual_budget_yuan: money('annual_budget', totalRow),
    executed_yuan: money('executed', totalRow),
    balance_yuan: money('balance', totalRow),
    execution_rate: plain(v('rate')),
    funding_full_score: plain(v('full_score')),
    funding_score: plain(v('score')),
    funding_sources: sources.length === 0 ? null : JSON.stringify(fundingSources(sources, moneyUnit)),
    annual_goal: t.goals.goal,
    actual_completion: t.goals.actual,
    goals_text: t.goals.text,
    total_score: plain(t.total.total),
    grade: t.total.grade,
    indicator_count: t.indicators.length,
    split_across_pages: split,
    source_line: lines[span.titleStart].line ?? null,
    source_page: lines[span.titleStart].page ?? null,
    notes: null,
  };
  for (const c of MONEY_COLUMNS) {
    const raw = v(c);
    if (raw !== null && moneyUnit !== null && money(c, totalRow) === null) notes.push(`${COLUMN_ZH[c]} ${decimalText(raw)} ${moneyUnit} has more decimals than 元 with 2 decimals can hold: NULL`);
  }
  row.notes = notes.length ? notes.join('; ') : null;
  return row;
}

function fundingSources(rows: FundingRow[], unit: string | null): FundingSource[] {
  const out: FundingSource[] = [];
  for (const f of rows) out.push(fundingSource(f, unit));
  return out;
}

function fundingSource(f: FundingRow, unit: string | null): FundingSource {
  const m = (c: FundingColumn) => yuanText(f.values[c] ?? null, unit);
  return {
    label: f.label,
    target_declared_yuan: m('target_declared'),
    budget_compiled_yuan: m('budget_compiled'),
    initial_budget_yuan: m('initial_budget'),
    annual_budget_yuan: m('annual_budget'),
    executed_yuan: m('executed'),
    balance_yuan: m('balance'),
    execution_rate: plain(f.values.rate ?? null),
    funding_full_score: plain(f.values.full_score ?? null),
    funding_score: plain(f.values.score ?? null),
  };
}

interface RightHalf {
  at: number | string;
  unit: string | null;
  nameFragment: string | null;
  columns: FundingColumn[];
  funding: Decimal[][];
  actual: string | null;
  scores: { score: Decimal; deviation: string | null }[];
  total: ReturnType<typeof parseTotal> | null;
}

const EXECUTION_HEAD_RE = /^全年执行数/;
const RIGHT_UNIT_RE = /^(预算单位|实施单位)/;
const ACTUAL_HEAD_RE = /^实际完成情况/;
const ACTUAL_TEXT_RE = /实际完成情况/;
const SCORE_HEAD_RE = /^得分/;

/**
 * The right half of a split table: its own title and name fragments, 预算单位, the header
 * 全年执行数 资金结(转)余 执行率 得分, one line of numbers per funding row, 实际完成情况, then
 * 得分 (偏差原因) per indicator line and 总分 with the grade.
 */
function rightHalf(lines: Line[], from: number, to: number): RightHalf | null {
  const head = findFrom(lines, from, to, (l) => compactStarts(l, '全', EXECUTION_HEAD_RE));
  if (head < 0) return null;
  const unitLine = findFrom(lines, Math.max(from, head - 3), head, (l) => RIGHT_UNIT_RE.test(cellsOf(l)[0] ?? ''));
  const unit = unitLine >= 0 ? valueAfter(lines[unitLine], RIGHT_UNIT_RE, /^$/) : null;
  const nameLine = unitLine > from ? lines[unitLine - 1] : null;
  const nameFragment = nameLine && !TITLE_HINT.test(compact(nameLine)) ? joinText(cellsOf(nameLine), ' ') : null;

  let i = head;
  let headerText = '';
  while (i < to && numbersOnly(lines[i]) === null && !ACTUAL_TEXT_RE.test(compact(lines[i]))) headerText += compact(lines[i++]);
  const columns = fundingColumns(headerText);
  const funding: Decimal[][] = [];
  for (let ds; i < to && (ds = numbersOnly(lines[i])) !== null; i++) funding.push(ds);

  const actualHead = findFrom(lines, i, to, (l) => compactStarts(l, '实', ACTUAL_HEAD_RE));
  const scoreHead = findFrom(lines, Math.max(i, actualHead), to, (l) => compactStarts(l, '得', SCORE_HEAD_RE));
  const actual = actualHead >= 0 ? runTogether(lines, actualHead + 1, scoreHead < 0 ? to : scoreHead) : null;
  const { scores, total } = scoreHead >= 0 ? rightHalfScores(lines, scoreHead + 1, to) : { scores: [], total: null };
  const at = lines[head].line ?? (lines[head].page !== undefined ? `p${lines[head].page}` : head);
  return { at, unit, nameFragment, columns, funding, actual, scores, total };
}

/** The text of lines [from, to) run together without spaces, or null if there is none. */
function runTogether(lines: Line[], from: number, to: number): string | null {
  let t = '';
  for (let i = from; i < to; i++) t += cellsOf(lines[i]).join('');
  return joinText([t], '');
}

function hasGrade(cells: readonly string[]): boolean {
  for (const c of cells) if (GRADE_RE.test(c)) return true;
  return false;
}

/** 得分 (and 偏差原因) per indicator line of a right half, up to the 总分 line with its grade. */
function rightHalfScores(lines: Line[], from: number, to: number): { scores: RightHalf['scores']; total: RightHalf['total'] } {
  const scores: RightHalf['scores'] = [];
  for (let j = from; j < to; j++) {
    const cells = cellsOf(lines[j]);
    if (cells.length === 0) continue;
    if (hasGrade(cells)) return { scores, total: parseTotal(lines[j]) };
    if (SCORE_RE.test(cells[0])) scores.push({ score: parseDecimal(cells[0])!, deviation: joinText(cells.slice(1), ' ') });
    else if (scores.length > 0) scores[scores.length - 1].deviation = joinText([scores[scores.length - 1].deviation ?? '', ...cells], '');
  }
  return { scores, total: null };
}

// ---------------------------------------------------------------------------------------
// The target declaration form (项目支出绩效目标申报表, 项目资金（元）).

interface DeclarationBlock {
  start: number;
  total: Decimal | null;
  rows: RawIndicator[];
}

const FORM_END_RE = /^(负责|经办人|联系电话|填报)/;
const DECLARATION_TITLE_RE = /申报表/;
const BLOCK_HEADER_RE = /二级指标三级指标二级指标/;

/**
 * The declaration form's indicator part (实施期资金总额 …, 二级指标 三级指标 二级指标 三级指标 指标值)
 * comes out of the text as a block of its own, in the samples before its title. Each
 * indicator is printed twice, for 实施期 and for the year: "数量指标 宣传资料 数量指标 宣传资料 ≥2000册";
 * the year's 指标值 is on the line, the 实施期 one elsewhere.
 */
function declarationBlocks(lines: Line[], candidates: number[]): DeclarationBlock[] {
  const blocks: DeclarationBlock[] = [];
  for (const start of candidates) {
    if (!/^实施期资金/.test(compact(lines[start]))) continue;
    const totalLine = findFrom(lines, start, Math.min(lines.length, start + 5), (x) => numbersOnly(x) !== null);
    const total = totalLine >= 0 ? numbersOnly(lines[totalLine])![0] : null;
    const end = findFrom(lines, start, lines.length, (x) => FORM_END_RE.test(compact(x)) || DECLARATION_TITLE_RE.test(compact(x)));
    const header = findFrom(lines, start, end < 0 ? lines.length : end, (x) => BLOCK_HEADER_RE.test(compact(x)));
    if (header < 0) continue;
    const stop = end < 0 ? lines.length : end;
    blocks.push({ start, total, rows: declarationRows(lines.slice(header + 1, stop)) });
  }
  return blocks;
}

function declarationRows(rowLines: Line[]): RawIndicator[] {
  const parts = rowLines.map(compact);
  const text = parts.join('');
  const starts: number[] = [];
  parts.reduce((offset, part) => (starts.push(offset), offset + part.length), 0);
  const lineAt = (offset: number) => rowLines[starts.filter((s) => s <= offset).length - 1];
  const marks = [...text.matchAll(FULL_LABEL_RE)].map((m) => ({ label: m[0], at: m.index!, after: m.index! + m[0].length }));
  const segments = marks
    .map((m, k) => ({ label: m.label, line: lineAt(m.at), text: text.slice(m.after, k + 1 < marks.length ? marks[k + 1].at : text.length) }))
    .filter((s) => !LEVEL1.has(s.label));
  const rows: RawIndicator[] = [];
  let k = 0;
  while (k < segments.length) {
    const left = segments[k];
    const right = segments[k + 1];
    if (!right || right.label !== left.label) {
      // Each label is printed twice (实施期, 年度); an unpaired one cannot be read.
      rows.push(declarationRow(left.line, left.label, null, null, `${left.label}${left.text}`, ['label printed once instead of twice (实施期 and 年度): line not read']));
      k += 1;
      continue;
    }
    k += 2;
    if (left.text === '' && right.text === '') continue; // a label with no indicator under it
    const raw = `${left.label}${left.text} ${right.label}${right.text}`;
    if (left.text !== '' && right.text.startsWith(left.text)) {
      rows.push(declarationRow(left.line, left.label, left.text, right.text.slice(left.text.length) || null, raw, []));
      continue;
    }
    const pieces = splitAtComparators(right.text);
    if (pieces.length === 2 && COMPARATOR_RE.test(pieces[1])) {
      rows.push(declarationRow(left.line, left.label, pieces[0], pieces[1], raw, [`实施期 三级指标 "${left.text}" differs from the year's "${pieces[0]}"`]));
    } else rows.push(declarationRow(left.line, left.label, null, null, raw, [`三级指标 and 指标值 run together ("${right.text}"): not separated`]));
  }
  return rows;
}

function declarationRow(line: Line, level2: string, level3: string | null, value: string | null, raw: string, reasons: string[]): RawIndicator {
  const parent = LEVEL2_PARENT[level2] ?? null;
  return {
    labels: { level1: parent, level2, reasons: parent === null ? ['一级指标 not printed on the line, and 成本指标 has no unique 一级指标'] : [] },
    level3,
    values: [value, null],
    fullScore: null,
    score: null,
    deviation: null,
    raw: [raw],
    reasons,
    line,
  };
}

const DECLARATION_BODY_END_RE = /保证项目实施|项目实施计划|实施期目标|实施期资金/;

function parseDeclaration(lines: Line[], span: TableSpan, index: number, blocks: DeclarationBlock[], used: Set<DeclarationBlock>, previousEnd: number): ParsedProject {
  const notes: string[] = ['target declaration form: no execution, 得分 or 总分'];
  const { anchor, end } = span;
  const projectName = valueAfter(lines[anchor], /^项目名称/, /^$/);
  const bodyEnd = (() => {
    const i = findFrom(lines, anchor, end, (l) => DECLARATION_BODY_END_RE.test(compact(l)));
    return i < 0 ? end : i;
  })();
  // 主管部门及代码 and 实施单位 wrap over several lines.
  const valueLines = (labelRe: RegExp, stopRe: RegExp): string | null => {
    const at = findFrom(lines, anchor, bodyEnd, (l) => labelRe.test(compact(l)));
    if (at < 0) return null;
    const parts = [valueAfter(lines[at], labelRe, /^$/) ?? ''];
    for (let i = at + 1; i < bodyEnd; i++) {
      const c = compact(lines[i]);
      if (stopRe.test(c) || numbersOnly(lines[i]) !== null || hasLeadingEmptyCell(lines[i])) break;
      parts.push(c);
    }
    return joinText(parts, '');
  };
  const dept = codeAndName(valueLines(/^主管部门/, /实施单位|预算单位|项目属性|资金/));
  const unit = codeAndName(valueLines(/^(实施单位|预算单位)/, /项目属性|项目资金|资金|财政|自筹/));
  const unitMatch = /项目资金[(（](万元|元)[)）]/.exec(lines.slice(anchor, bodyEnd).map(compact).join(''));
  const moneyUnit = unitMatch ? unitMatch[1] : null;
  if (!moneyUnit) notes.push('money unit of 项目资金 not printed: amounts not converted');

  let annualTotal: Decimal | null = null;
  const sources: FundingSource[] = [];
  for (let i = anchor; i < bodyEnd; i++) {
    const cells = cellsOf(lines[i]);
    cells.forEach((c, j) => {
      const next = cells[j + 1] !== undefined ? numberCell(cells[j + 1]) : null;
      if (/^年度资金总额/.test(c)) annualTotal = next;
      const m = /^(?:其中[:：])?(中央财政资金|省级财政资金|市县.*财政资金|单位自筹|其他资金)$/.exec(c);
      if (m) sources.push({ ...emptySource(m[1]), initial_budget_yuan: yuanText(next, moneyUnit) });
    });
  }

  // The indicator block: the nearest one before the title or inside this table, if its
  // 实施期资金总额 equals this form's 年度资金总额 and the other candidate's does not.
  const before = [...blocks].reverse().find((b) => b.start < span.titleStart && b.start >= previousEnd);
  const inside = blocks.find((b) => b.start >= span.titleStart && b.start < end);
  const matches = [before, inside].filter((b): b is DeclarationBlock => b !== undefined && !used.has(b) && annualTotal !== null && b.total !== null && compare(b.total, annualTotal) === 0);
  let indicators: RawIndicator[] = [];
  if (matches.length === 1) {
    used.add(matches[0]);
    indicators = matches[0].rows;
    const where = lines[matches[0].start].line ?? lines[matches[0].start].page;
    notes.push(`indicator block (printed ${matches[0] === before ? 'before the title' : 'after the title'}, at ${where}) attached because its 实施期资金总额 equals 年度资金总额`);
  } else if (matches.length > 1) notes.push('two indicator blocks match this form by amount: indicators not attached');
  else notes.push('no indicator block whose 实施期资金总额 equals this form\'s 年度资金总额: indicators not attached');
  notes.push('年度目标: the form\'s text columns (项目概况, 实施期目标, 年度目标) interleave in the text: not read');

  const row: PerformanceProject = {
    ...emptyProject(index, span, lines),
    form: 'target_declaration',
    project_name: projectName,
    department_code: dept.code,
    department_name: dept.name,
    unit_code: unit.code,
    unit_name: unit.name,
    money_unit: moneyUnit,
    initial_budget_yuan: yuanText(annualTotal, moneyUnit),
    funding_sources: sources.length ? JSON.stringify(sources) : null,
    indicator_count: indicators.length,
    notes: notes.join('; '),
  };
  return { row, indicators, funding: [], fundingColumns: [], unit: moneyUnit, total: null, adjustedColumn: false };
}

function emptySource(label: string): FundingSource {
  return { label, target_declared_yuan: null, budget_compiled_yuan: null, initial_budget_yuan: null, annual_budget_yuan: null, executed_yuan: null, balance_yuan: null, execution_rate: null, funding_full_score: null, funding_score: null };
}

function emptyProject(index: number, span: TableSpan, lines: Line[]): PerformanceProject {
  return {
    project_index: index,
    form: 'self_evaluation',
    title: span.title,
    project_name: null,
    department_code: null,
    department_name: null,
    unit_code: null,
    unit_name: null,
    money_unit: null,
    initial_budget_yuan: null,
    target_declared_yuan: null,
    budget_compiled_yuan: null,
    annual_budget_yuan: null,
    executed_yuan: null,
    balance_yuan: null,
    execution_rate: null,
    funding_full_score: null,
    funding_score: null,
    funding_sources: null,
    annual_goal: null,
    actual_completion: null,
    goals_text: null,
    total_score: null,
    grade: null,
    indicator_count: 0,
    split_across_pages: false,
    source_line: lines[span.titleStart].line ?? null,
    source_page: lines[span.titleStart].page ?? null,
    notes: null,
  };
}

// ---------------------------------------------------------------------------------------
// Indicator output rows.

/** parseIndicatorValue, memoised: target and actual values are mostly the same text ("≥90%"). */
function indicatorValue(text: string | null, possiblyCut: boolean): ReturnType<typeof parseIndicatorValue> {
  if (text === null || possiblyCut) return parseIndicatorValue(text, possiblyCut);
  let v = memo.values.get(text);
  if (v === undefined) memo.values.set(text, (v = parseIndicatorValue(text)));
  return v;
}

/**
 * A value that is the beginning of the next column's value was cut at the cell edge
 * ("=2606622.3" beside "=2606622.39元"): its number is not read.
 */
const cut = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && b.length > a.length && b.startsWith(a);

function indicatorRow(project: number, k: number, r: RawIndicator, adjustedColumn: boolean): PerformanceIndicator {
  const reasons = r.labels.reasons.concat(r.reasons);
  const targetText = r.values[0];
  const adjustedText = adjustedColumn ? r.values[1] : null;
  const actualText = adjustedColumn ? r.values[2] : r.values[1];
  const target = indicatorValue(targetText ?? null, cut(targetText, adjustedColumn ? adjustedText : actualText));
  const adjusted = indicatorValue(adjustedText ?? null, cut(adjustedText, actualText));
  const actual = indicatorValue(actualText ?? null, false);
  if (target.note) reasons.push(target.note);
  if (adjusted.note) reasons.push(adjusted.note);
  if (actual.note) reasons.push(actual.note);
  return {
    project_index: project,
    indicator_index: k,
    level1: r.labels.level1,
    level2: r.labels.level2,
    level3: r.level3,
    target_text: target.text,
    target_comparator: target.comparator,
    target_number: target.number,
    target_unit: target.unit,
    target_amount_yuan: target.amount_yuan,
    adjusted_text: adjusted.text,
    adjusted_comparator: adjusted.comparator,
    adjusted_number: adjusted.number,
    adjusted_unit: adjusted.unit,
    adjusted_amount_yuan: adjusted.amount_yuan,
    actual_text: actual.text,
    actual_comparator: actual.comparator,
    actual_number: actual.number,
    actual_unit: actual.unit,
    actual_amount_yuan: actual.amount_yuan,
    full_score: plain(r.fullScore),
    score: plain(r.score),
    deviation_reason: r.deviation,
    raw_text: r.raw.join('\n'),
    null_reason: reasons.length === 0 ? null : reasons.length === 1 ? reasons[0] : [...new Set(reasons)].join('; '),
    source_line: r.line.line ?? null,
    source_page: r.line.page ?? null,
  };
}

// ---------------------------------------------------------------------------------------
// Checks.

class PerformanceChecks {
  readonly rows: CheckRow[] = [];
  private ids = new Set<string>();

  push(id: string, row: Omit<CheckRow, 'check_id' | 'kind' | 'table_code'>): void {
    let checkId = `performance:${id}`;
    for (let k = 2; this.ids.has(checkId); k++) checkId = `performance:${id}#${k}`;
    this.ids.add(checkId);
    this.rows.push({ check_id: checkId, kind: 'performance', table_code: null, ...row });
  }
}

const mul = (a: Decimal, b: Decimal): Decimal => ({ units: a.units * b.units, scale: a.scale + b.scale });
const HALF = (scale: number): Decimal => ({ units: 5n, scale: scale + 1 });

/** Smallest multiple of 0.01 not below d. */
function ceilTwo(d: Decimal): Decimal {
  if (d.scale <= 2) return d;
  const f = pow10(d.scale - 2);
  const q = d.units / f;
  return { units: d.units % f > 0n ? q + 1n : q, scale: 2 };
}

/**
 * Whether a printed 执行率 (percent, rounded to its decimals) is compatible with executed /
 * budget when both amounts are themselves rounded to ±h: the range of the ratio over the
 * corners of the amounts' intervals must meet [rate − half unit, rate + half unit].
 */
function rateCompatible(executed: Decimal, budget: Decimal, rate: Decimal, h: Decimal, hr: Decimal): { passed: boolean; low: Decimal; high: Decimal } | null {
  const bLow = sub(budget, h);
  if (bLow.units <= 0n) return null;
  const eLow = sub(executed, h);
  const eHigh = add(executed, h);
  const bHigh = add(budget, h);
  const es = [eLow, eLow, eHigh, eHigh];
  const bs = [bLow, bHigh, bLow, bHigh];
  const rateLow = sub(rate, hr);
  const rateHigh = add(rate, hr);
  // Sign of e/b × 100 − x, which is the sign of e × 100 − x × b since b > 0.
  let reachesLow = false;
  let reachesHigh = false;
  let low: Decimal | null = null;
  let high: Decimal | null = null;
  for (let i = 0; i < 4; i++) {
    const e100 = mul(es[i], HUNDRED);
    if (compare(e100, mul(rateLow, bs[i])) >= 0) reachesLow = true;
    if (compare(e100, mul(rateHigh, bs[i])) <= 0) reachesHigh = true;
    const v = percentRounded(es[i], bs[i], 4);
    if (low === null || compare(v, low) < 0) low = v;
    if (high === null || compare(v, high) > 0) high = v;
  }
  return { passed: reachesLow && reachesHigh, low: low!, high: high! };
}

/** Decimals of the most precise value printed in the given funding columns. */
function precisionOf(funding: FundingRow[], columns: FundingColumn[]): number {
  let max = 0;
  for (const f of funding) {
    for (const c of columns) {
      const d = f.values[c];
      if (d && d.scale > max) max = d.scale;
    }
  }
  return max;
}

/**
 * `precision`: the forms print amounts without trailing zeros (368, 365.184, 2.816) but round
 * them to some last digit (0.575 万元 is 14.39% of 4 万元, not 14.375%). All tables of a
 * report come from one generator, so every amount is taken as rounded to the finest
 * precision printed in any of the report's tables; likewise every 执行率 ("100" beside "100.00").
 */
function checkProject(out: PerformanceChecks, p: ParsedProject, precision: number, ratePrecision: number): void {
  const name = `${p.row.project_index} ${p.row.project_name ?? '(no name)'}`;
  const h = HALF(precision);
  for (const f of p.funding) {
    balanceCheck(out, p, f, name, h);
    rateCheck(out, p, f, name, h, ratePrecision);
  }
  totalScoreCheck(out, p, name);
}

/** 全年执行数 + 资金结(转)余 = 全年预算数, within the rounding of three amounts. */
function balanceCheck(out: PerformanceChecks, p: ParsedProject, f: FundingRow, name: string, h: Decimal): void {
  const { row, unit } = p;
  const budget = f.values.annual_budget ?? null;
  const executed = f.values.executed ?? null;
  const balance = f.values.balance ?? null;
  if (!(budget && executed && balance && unit && Object.hasOwn(UNIT_EXPONENT, unit))) return;
  const exp = UNIT_EXPONENT[unit];
  const expected = shift(budget, exp);
  const actual = shift(add(executed, balance), exp);
  const tolerance = shift(multiplyInt(h, 3), exp);
  const diff = sub(actual, expected);
  out.push(`${row.project_index}:balance:${f.label}`, {
    subject: `${row.project_index}:${f.label}`,
    description: `项目 ${name}, ${f.label}: 全年执行数 + 资金结(转)余 = 全年预算数`,
    expected: checkAmount(expected),
    actual: checkAmount(actual),
    difference: checkAmount(diff),
    tolerance: checkAmount(tolerance, 4),
    passed: compare(abs(diff), tolerance) <= 0,
    detail: `${decimalText(executed)} + ${decimalText(balance)} vs 全年预算数 ${decimalText(budget)} (${unit}, line ${f.line.line ?? 'p' + f.line.page})`,
  });
}

/** 执行率 = 全年执行数 / 全年预算数, to the precision printed. */
function rateCheck(out: PerformanceChecks, p: ParsedProject, f: FundingRow, name: string, h: Decimal, ratePrecision: number): void {
  const { row, unit } = p;
  const budget = f.values.annual_budget ?? null;
  const executed = f.values.executed ?? null;
  const rate = f.values.rate ?? null;
  if (!(budget && executed && rate && budget.units !== 0n)) return;
  const exact = percentRounded(executed, budget, 4);
  const rateScale = Math.max(rate.scale, ratePrecision);
  const expected = percentRounded(executed, budget, Math.max(2, rateScale));
  const hr = HALF(rateScale);
  const range = rateCompatible(executed, budget, rate, h, hr);
  let spread = ZERO;
  if (range) {
    const above = sub(range.high, exact);
    const below = sub(exact, range.low);
    spread = compare(below, above) > 0 ? below : above;
  }
  out.push(`${row.project_index}:rate:${f.label}`, {
    subject: `${row.project_index}:${f.label}`,
    description: `项目 ${name}, ${f.label}: 执行率 = 全年执行数 / 全年预算数 × 100 (percent, not 元)`,
    expected: checkAmount(expected),
    actual: checkAmount(rate),
    difference: checkAmount(sub(rate, expected)),
    tolerance: checkAmount(ceilTwo(add(spread, hr)), 4),
    passed: range ? range.passed : compare(percentRounded(executed, budget, rateScale), rate) === 0,
    detail:
      `${decimalText(executed)} / ${decimalText(budget)} × 100 = ${decimalText(exact)}; ` +
      (range ? `with the amounts rounded to ±${decimalText(h)} ${unit ?? ''} it lies in [${decimalText(range.low)}, ${decimalText(range.high)}]` : 'amount rounding not applicable') +
      `; printed ${decimalText(rate)} (±${decimalText(hr)})`,
  });
}

/**
 * 总分 = Σ 得分 of the indicators + 得分 of the funding row (the 执行率 part, 10 points on
 * these forms): the samples' 分值 add up to 90 and their 总分 include the funding 得分.
 */
function totalScoreCheck(out: PerformanceChecks, p: ParsedProject, name: string): void {
  const { row } = p;
  if (p.total === null || p.indicators.length === 0) return;
  // Σ 得分 and Σ 分值 of the indicators; every 得分 must be known.
  let scoreSum = ZERO;
  let fullSum = ZERO;
  let fullCount = 0;
  for (const r of p.indicators) {
    if (r.score === null) return;
    scoreSum = add(scoreSum, r.score);
    if (r.fullScore !== null) {
      fullSum = add(fullSum, r.fullScore);
      fullCount++;
    }
  }
  const fundingScore = p.funding[0]?.values.score ?? null;
  const fundingPart = p.fundingColumns.includes('score');
  if (fundingPart && fundingScore === null) return;
  const scoreCount = p.indicators.length;
  const actual = fundingPart ? add(scoreSum, fundingScore!) : scoreSum;
  const diff = sub(actual, p.total);
  out.push(`${row.project_index}:total_score`, {
    subject: `${row.project_index}:总分`,
    description: `项目 ${name}: 总分 = Σ 指标得分${fundingPart ? ' + 资金得分 (执行率)' : ''} (points, not 元)`,
    expected: checkAmount(p.total),
    actual: checkAmount(actual),
    difference: checkAmount(diff),
    // Scores are rounded to 2 decimals: one unit of the second decimal.
    tolerance: '0.01',
    passed: compare(abs(diff), { units: 1n, scale: 2 }) <= 0,
    detail:
      `Σ ${scoreCount} 指标得分 = ${decimalText(scoreSum)}` +
      (fundingPart ? ` + 资金得分 ${decimalText(fundingScore!)}` : '') +
      (fullCount === scoreCount ? `; Σ 分值 = ${decimalText(fullSum)}` : '') +
      `; printed 总分 ${decimalText(p.total)}`,
  });
}

// ---------------------------------------------------------------------------------------

/**
 * One cheap pass over every line finds where the tables and declaration blocks start
 * (candidateLines); everything else reads only the lines of those spans.
 */
export function extractPerformance(lines: Line[]): PerformanceResult {
  memo = newMemo();
  try {
    return extractFrom(lines);
  } finally {
    memo = newMemo(); // nothing of this report outlives the call
  }
}

const RATE_COLUMN: FundingColumn[] = ['rate'];

function extractFrom(lines: Line[]): PerformanceResult {
  const candidates = candidateLines(lines);
  const spans = findTables(lines, candidates.anchors);
  const blocks = declarationBlocks(lines, candidates.blockStarts);
  const used = new Set<DeclarationBlock>();
  const projects: PerformanceProject[] = [];
  const indicators: PerformanceIndicator[] = [];
  const checks = new PerformanceChecks();
  const parsed: ParsedProject[] = [];
  let precision = 0;
  let ratePrecision = 0;
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k];
    const previousEnd = k > 0 ? spans[k - 1].anchor : 0;
    const p = span.declaration ? parseDeclaration(lines, span, k + 1, blocks, used, previousEnd) : parseSelfEvaluation(lines, span, k + 1);
    parsed.push(p);
    precision = Math.max(precision, precisionOf(p.funding, MONEY_COLUMNS));
    ratePrecision = Math.max(ratePrecision, precisionOf(p.funding, RATE_COLUMN));
  }
  for (const p of parsed) {
    projects.push(p.row);
    for (let j = 0; j < p.indicators.length; j++) indicators.push(indicatorRow(p.row.project_index, j + 1, p.indicators[j], p.adjustedColumn));
    if (p.row.form === 'self_evaluation') checkProject(checks, p, precision, ratePrecision);
  }
  return { projects, indicators, checks: checks.rows };
}
