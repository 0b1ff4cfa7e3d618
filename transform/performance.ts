// Performance appendices (第五部分 附件): 项目支出绩效自评表 and 项目支出绩效目标申报表 →
// performance_projects, performance_indicators and their checks.
//
// Tables are found by structure: a 项目名称 row under a title that mentions 绩效/自评/申报表.
// The text front end loses column boundaries in several ways (cells run together, a cell
// wrapped over lines, a table printed in two halves on consecutive pages), so every cell is
// only assigned when the count of pieces matches the columns the header declares; otherwise
// it is left NULL and the reason recorded. Nothing is guessed.
import type { Line } from '../extract/lines.js';
import type { CheckRow } from './checks.js';
import { abs, add, compare, multiplyInt, parseDecimal, shift, sub, toFixedString, toString as decimalText, ZERO, type Decimal } from './decimal.js';

// ---------------------------------------------------------------------------------------
// Output rows (report_id is added by the loader).

export interface FundingSource {
  label: string;
  target_declared_yuan: string | null;
  budget_compiled_yuan: string | null;
  initial_budget_yuan: string | null;
  annual_budget_yuan: string | null;
  executed_yuan: string | null;
  balance_yuan: string | null;
  execution_rate: string | null;
  funding_full_score: string | null;
  funding_score: string | null;
}

export interface PerformanceProject {
  project_index: number;
  form: 'self_evaluation' | 'target_declaration';
  title: string | null;
  project_name: string | null;
  department_code: string | null;
  department_name: string | null;
  unit_code: string | null;
  unit_name: string | null;
  money_unit: string | null;
  initial_budget_yuan: string | null;
  target_declared_yuan: string | null;
  budget_compiled_yuan: string | null;
  annual_budget_yuan: string | null;
  executed_yuan: string | null;
  balance_yuan: string | null;
  execution_rate: string | null;
  funding_full_score: string | null;
  funding_score: string | null;
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
}

export interface IndicatorValue {
  text: string | null;
  comparator: string | null;
  number: string | null;
  unit: string | null;
  amount_yuan: string | null;
}

export interface PerformanceIndicator {
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
}

export interface PerformanceResult {
  projects: PerformanceProject[];
  indicators: PerformanceIndicator[];
  checks: CheckRow[];
}

// ---------------------------------------------------------------------------------------
// Small helpers on lines and cells.

const nonEmpty = (cells: string[]) => cells.map((c) => c.trim()).filter((c) => c !== '');
/** All text of a line without any spacing: for matching labels that wrap or are spaced out. */
const COMPACT_CACHE = new WeakMap<Line, string>(); // every line is scanned several times
const compact = (l: Line): string => {
  let t = COMPACT_CACHE.get(l);
  if (t === undefined) COMPACT_CACHE.set(l, (t = l.cells.join('').replace(/\s+/g, '')));
  return t;
};
const lineText = (l: Line) => nonEmpty(l.cells).join(' ');
const hasLeadingEmptyCell = (l: Line) => l.cells.length > 1 && l.cells[0].trim() === '';

/**
 * The text front end splits a line at every space, and some reports put a space before
 * punctuation ("组织路线 ，为…"). A cell cannot begin with such punctuation, so it is glued
 * back to the cell before.
 */
function mergePunctuation(cells: string[]): string[] {
  const out: string[] = [];
  for (const c of cells) {
    if (out.length > 0 && /^[,，。、;；:：)）》”’!！?？]/.test(c)) out[out.length - 1] += c;
    else out.push(c);
  }
  return out;
}

const SCORE_RE = /^\d+(?:\.\d+)?$/;
const PLACEHOLDER_RE = /^[—–\-/／]+$/;
const HUNDRED: Decimal = { units: 100n, scale: 0 };
const GRADE_RE = /^(优|良|中|差|优秀|良好|合格|不合格|较差)$/;

/** A printed amount or percentage ("1,456.92", "-5.505", "99.23", "95%"). */
function numberCell(c: string): Decimal | null {
  return parseDecimal(c.replace(/%$/, ''));
}

function joinText(parts: string[], sep: string): string | null {
  const t = parts.join(sep).trim();
  return t === '' ? null : t;
}

function codeAndName(text: string | null): { code: string | null; name: string | null } {
  if (text === null) return { code: null, name: null };
  const m = /^(\d+)\s*[-－—]\s*(.+)$/.exec(text);
  return m ? { code: m[1], name: m[2].trim() } : { code: null, name: text };
}

// ---------------------------------------------------------------------------------------
// Exact decimal formatting and money conversion.

const MONEY_EXPONENT: Record<string, number> = { 元: 0, 千元: 3, 万元: 4, 亿元: 8 };

/** A printed amount converted to 元 with 2 decimals, or null when that would lose digits. */
function yuanText(d: Decimal | null, unit: string | null): string | null {
  if (d === null || unit === null || !Object.hasOwn(MONEY_EXPONENT, unit)) return null;
  const y = shift(d, MONEY_EXPONENT[unit]);
  return y.scale <= 2 ? toFixedString(y, 2) : null;
}

/** Decimal string for points and percentages, as precise as printed. */
const plain = (d: Decimal | null) => (d === null ? null : decimalText(d));
/** At least two decimals, as the checks table stores amounts. */
const twoDecimals = (d: Decimal) => (d.scale <= 2 ? toFixedString(d, 2) : decimalText(d));

/** a / b × 100 rounded half away from zero to `scale` decimals, exactly. */
export function percentRounded(a: Decimal, b: Decimal, scale: number): Decimal {
  const num = a.units * 10n ** BigInt(b.scale + 2 + scale);
  const den = b.units * 10n ** BigInt(a.scale);
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const q = (2n * n + d) / (2n * d);
  return { units: negative ? -q : q, scale };
}

// ---------------------------------------------------------------------------------------
// Indicator values: "≥90%", "=2606622.39元", "≤62万元", "及时".

const COMPARATOR_RE = /^(>=|<=|≥|≤|=|＝|>|<|≠|≈|＞|＜)/;
const COMPARATOR_START = /(?=>=|<=|≥|≤|[=＝≠≈＞＜]|>(?!=)|<(?!=))/;
const NORMAL_COMPARATOR: Record<string, string> = { '>=': '≥', '<=': '≤', '＝': '=', '＞': '>', '＜': '<' };

export function parseIndicatorValue(text: string | null, possiblyCut = false): IndicatorValue & { note: string | null } {
  const empty = { text, comparator: null, number: null, unit: null, amount_yuan: null, note: null };
  if (text === null) return empty;
  const m = /^(>=|<=|≥|≤|=|＝|>|<|≠|≈|＞|＜)?\s*([+-]?\d[\d,]*(?:\.\d+)?)\s*(.*)$/.exec(text.trim());
  if (!m) return empty;
  const comparator = m[1] ? (NORMAL_COMPARATOR[m[1]] ?? m[1]) : null;
  if (possiblyCut) return { ...empty, comparator, note: `"${text}" is the beginning of the next column's value and may be cut off at the cell edge: number not read` };
  const d = parseDecimal(m[2]);
  if (d === null) return empty;
  const unit = m[3].trim() === '' ? null : m[3].trim();
  const amount = unit !== null ? yuanText(d, unit) : null;
  return { text, comparator, number: decimalText(d), unit, amount_yuan: amount, note: null };
}

/** Splits glued cells where a comparator starts a new value: "工程≥1000万元≥1000万元" → 3 pieces. */
function splitAtComparators(cell: string): string[] {
  return cell.split(COMPARATOR_START).filter((p) => p !== '');
}

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
/** A piece of a label wrapped over lines ("产出指", "标", "满意度指", "可持续影"). */
const isLabelFragment = (c: string) => c !== '' && ALL_LABELS.some((l) => l.includes(c));

function labelTokens(text: string): string[] {
  return [...text.matchAll(LABEL_TOKEN_RE)].map((m) => m[1] + '指标');
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
    const l1 = [...new Set(tokens.filter((t) => LEVEL1.has(t)))];
    const l2 = [...new Set(tokens.filter((t) => !LEVEL1.has(t)))];
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
    const parents = [...new Set(this.candidates.map((c) => LEVEL2_PARENT[c] ?? null))];
    let level1: string | null = null;
    if (parents.length === 1 && parents[0] !== null) level1 = parents[0];
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

function findTables(lines: Line[]): TableSpan[] {
  const anchors: { titleStart: number; anchor: number; title: string | null }[] = [];
  lines.forEach((l, i) => {
    const first = nonEmpty(l.cells)[0] ?? '';
    if (!/^项目名称/.test(first)) return;
    const above = [lines[i - 1], lines[i - 2]].filter((x): x is Line => x !== undefined);
    if (!above.some((x) => TITLE_HINT.test(compact(x)))) return;
    // A title wraps over two lines: keep the line above when the title line is only the
    // year, or when the line above is indented like a centred title (and is no sentence).
    let titleStart = i - 1;
    const l1 = lines[i - 1];
    const l0 = lines[i - 2];
    if (l0 && (/^[(（]/.test(lineText(l1)) || hasLeadingEmptyCell(l0)) && !/[。]$/.test(lineText(l0)) && compact(l0).length <= 60) titleStart = i - 2;
    if (titleStart < 0) titleStart = 0;
    const title = joinText(lines.slice(titleStart, i).map(lineText), '');
    anchors.push({ titleStart, anchor: i, title });
  });
  return anchors.map((a, k) => {
    const end = k + 1 < anchors.length ? anchors[k + 1].titleStart : lines.length;
    const span = lines.slice(a.anchor, end).map(compact);
    const declaration = /申报表/.test(a.title ?? '') || (span.some((t) => t.includes('年度资金总额')) && !span.some((t) => t.includes('全年预算')));
    return { ...a, end, declaration };
  });
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
  const found = FUNDING_HEADINGS.filter(([, re]) => re.test(headerText)).map(([c]) => c);
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
  const cells = nonEmpty(l.cells);
  if (cells.length < 2) return null;
  const [label, ...rest] = cells;
  if (numberCell(label) !== null || !/[\u4e00-\u9fff]/.test(label)) return null;
  if (!rest.every((c) => numberCell(c) !== null || PLACEHOLDER_RE.test(c))) return null;
  if (!rest.some((c) => numberCell(c) !== null)) return null;
  return { label: label.replace(/[:：]$/, ''), printed: rest.map((c) => (PLACEHOLDER_RE.test(c) ? null : numberCell(c))) };
}

/** A row of the right half of a split table: numbers only. */
function numbersOnly(l: Line): Decimal[] | null {
  const cells = nonEmpty(l.cells);
  if (cells.length === 0) return null;
  const ds = cells.map(numberCell);
  return ds.every((d) => d !== null) ? (ds as Decimal[]) : null;
}

function assignFunding(columns: FundingColumn[], printed: (Decimal | null)[], into: Partial<Record<FundingColumn, Decimal | null>>): boolean {
  if (printed.length !== columns.length) return false;
  columns.forEach((c, i) => (into[c] = printed[i]));
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
function splitScores(cells: string[], k: number, deviationAllowed: boolean): { content: string[]; scores: Decimal[]; deviation: string | null } | null {
  if (k === 0) return null;
  const maxTail = deviationAllowed ? cells.length : 0;
  for (let tail = 0; tail <= maxTail; tail++) {
    const deviation = cells.slice(cells.length - tail);
    if (deviation.some((c) => SCORE_RE.test(c) || COMPARATOR_RE.test(c))) break;
    const before = cells.slice(0, cells.length - tail);
    const scores: Decimal[] = [];
    let j = before.length;
    while (scores.length < k && j > 0 && SCORE_RE.test(before[j - 1])) scores.unshift(parseDecimal(before[--j])!);
    let content = before.slice(0, j);
    if (scores.length === k - 1 && j > 0) {
      // The first score run together with the value before it ("达成预期指标10", "≥95%10"),
      // but not the digits of a value ("≥10000", "=98").
      const m = /^(.*[^\d.,])(\d+(?:\.\d+)?)$/.exec(before[j - 1]);
      if (m && !/[+\-/=≥≤<>＝≠≈＞＜]$/.test(m[1])) {
        scores.unshift(parseDecimal(m[2])!);
        content = [...before.slice(0, j - 1), m[1]];
      }
    }
    // Points of one indicator never exceed 100.
    if (scores.some((d) => compare(d, HUNDRED) > 0)) continue;
    if (scores.length === k) return { content, scores, deviation: joinText(deviation, ' ') };
  }
  return null;
}

/** Assigns the pieces of an indicator line (三级指标 and values) when their count is certain. */
function assignPieces(cells: string[], expected: number, cellRows: boolean): { pieces: string[] | null; extraLabels: string[]; reason: string | null } {
  if (cellRows) {
    // Tab-separated cells are reliable: read from the right, what remains must be labels.
    if (cells.length < expected) return { pieces: null, extraLabels: [], reason: `${cells.length} cells for ${expected} columns (三级指标 and values)` };
    const labels = cells.slice(0, cells.length - expected);
    if (!labels.every(isLabelFragment)) return { pieces: null, extraLabels: [], reason: `unexpected cells before 三级指标: ${labels.join(' ')}` };
    return { pieces: cells.slice(cells.length - expected), extraLabels: labels, reason: null };
  }
  let pieces = cells.flatMap(splitAtComparators);
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
    let cells = mergePunctuation(nonEmpty(l.cells));
    if (cells.length === 0) continue;
    const isLabelLine = cells.every(isLabelFragment);
    if (pending.length === 0 && isLabelLine) {
      labelText += cells.join('');
      continue;
    }
    if (!layout.cellRows && pending.length === 0) {
      // The 一级 and 二级 labels of a text line come first, as whole cells.
      if (cells[0] === '绩效指标') cells = cells.slice(1);
      if (cells.length > 0 && LEVEL1.has(cells[0])) labelText += cells.shift()!;
      if (cells.length > 0 && Object.hasOwn(LEVEL2_PARENT, cells[0])) labelText += cells.shift()!;
      while (cells.length > 0 && /^(指标|标|指)$/.test(cells[0])) labelText += cells.shift()!;
    }
    const split = splitScores(cells, k, layout.deviation);
    if (!split) {
      pending.push(...cells);
      pendingLines.push(l);
      continue;
    }
    const rowLines = [...pendingLines, l];
    const content = [...pending, ...split.content];
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
      raw: rowLines.map(lineText),
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
  const cells = nonEmpty(l.cells);
  const i = cells.findIndex((c) => label.test(c));
  if (i < 0) return null;
  const out: string[] = [];
  for (const c of cells.slice(i + 1)) {
    if (stop.test(c)) break;
    out.push(c);
  }
  return joinText(out, ' ');
}

const TOTAL_LINE = (l: Line) => /^总分/.test(compact(l));

/** 总分 and 评级: one number (provincial form), or 分值 total then 得分 total (national form). */
function parseTotal(l: Line): { total: Decimal | null; grade: string | null; note: string | null } {
  const cells = nonEmpty(l.cells).filter((c) => !/^(总|分|总分)$/.test(c));
  const numbers = cells.map(numberCell).filter((d): d is Decimal => d !== null);
  const grade = cells.find((c) => GRADE_RE.test(c)) ?? null;
  if (numbers.length === 1 || numbers.length === 2) return { total: numbers[numbers.length - 1], grade, note: null };
  return { total: null, grade, note: numbers.length === 0 ? null : `总分 line has ${numbers.length} numbers: not read` };
}

/** Longest overlap of a's end with b's start (at least 3 characters), merged; null if none. */
function mergeOverlap(a: string, b: string): string | null {
  if (a.includes(b)) return a;
  for (let n = Math.min(a.length, b.length); n >= 3; n--) if (a.endsWith(b.slice(0, n))) return a + b.slice(n);
  return null;
}

function parseGoals(lines: Line[], from: number, to: number, notes: string[]): { goal: string | null; actual: string | null; text: string | null } {
  const head = findFrom(lines, from, to, (l) => nonEmpty(l.cells).some((c) => /^(年度目标|年度总体目标|预期目标)/.test(c)));
  if (head < 0) return { goal: null, actual: null, text: null };
  const headCells = nonEmpty(lines[head].cells);
  const goalCell = headCells.findIndex((c) => /^(年度目标|年度总体目标|预期目标)/.test(c));
  const actualCell = headCells.findIndex((c) => /^实际完成情况/.test(c));
  // Tab-separated input: "年度目标保证…" and "实际完成情况节约…" are cells of one row.
  const goalInCell = headCells[goalCell].replace(/^(年度目标|年度总体目标|预期目标)/, '');
  if (goalInCell !== '' || (actualCell >= 0 && headCells[actualCell].replace(/^实际完成情况/, '') !== '')) {
    const goal = joinText([goalInCell, ...headCells.slice(goalCell + 1, actualCell < 0 ? undefined : actualCell)], '');
    const actual = actualCell < 0 ? null : joinText([headCells[actualCell].replace(/^实际完成情况/, ''), ...headCells.slice(actualCell + 1)], '');
    return { goal, actual, text: null };
  }
  const body = lines.slice(head + 1, to).map((l) => mergePunctuation(nonEmpty(l.cells))).filter((c) => c.length > 0);
  if (body.length === 0) return { goal: null, actual: null, text: null };
  if (actualCell < 0) return { goal: joinText(body.map((c) => c.join('')), ''), actual: null, text: null };
  // Both columns side by side: one line of exactly two substantial cells is goal | actual
  // (a space inside running Chinese text is rare, and one before punctuation was merged
  // above); longer text interleaves the two columns' wrapped lines and cannot be separated.
  if (body.length === 1 && body[0].length === 2 && body[0].every((c) => c.length >= 4)) return { goal: body[0][0], actual: body[0][1], text: null };
  notes.push('年度目标 and 实际完成情况 are printed side by side and their wrapped lines interleave in the text: kept together in goals_text');
  return { goal: null, actual: null, text: joinText(body.map((c) => c.join(' ')), '\n') };
}

/** Header lines of the indicator part: from "一级指标" to the line with 实际完成值 (and its wrapped tail). */
function indicatorHeader(lines: Line[], from: number, to: number): { start: number; end: number; text: string; cellRows: boolean } | null {
  const start = findFrom(lines, from, to, (l) => /^(绩效指标)?一级指/.test(compact(l)) || nonEmpty(l.cells).includes('一级指标'));
  if (start < 0) return null;
  let end = findFrom(lines, start, to, (l) => /实际完成/.test(compact(l)));
  if (end < 0) return null;
  while (end + 1 < to && /^(分值|得分|偏差原因分析|及改进措施|偏差原因分析及改进措施)+$/.test(compact(lines[end + 1]))) end++;
  const header = lines.slice(start, end + 1);
  const cellRows = header.some((l) => ['一级指标', '二级指标', '三级指标'].every((h) => nonEmpty(l.cells).includes(h)));
  return { start, end, text: header.map(compact).join(''), cellRows };
}

function parseSelfEvaluation(lines: Line[], span: TableSpan, index: number): ParsedProject {
  const notes: string[] = [];
  const { anchor, end } = span;
  let projectName = valueAfter(lines[anchor], /^项目名称/, /^$/);

  // Departments.
  const deptLine = findFrom(lines, anchor, Math.min(end, anchor + 4), (l) => /^主管部门/.test(nonEmpty(l.cells)[0] ?? ''));
  let dept: string | null = null;
  let unit: string | null = null;
  if (deptLine >= 0) {
    const l = lines[deptLine];
    dept = valueAfter(l, /^主管部门/, /^(预算单位|实施单位)/);
    unit = valueAfter(l, /^(预算单位|实施单位)$/, /^$/);
    const cells = nonEmpty(l.cells);
    const labelled = cells.some((c) => /^(预算单位|实施单位)$/.test(c));
    const codeCells = cells.filter((c) => /^\d{3,}\s*[-－]/.test(c));
    if (!labelled && codeCells.length === 2) {
      dept = codeCells[0];
      unit = codeCells[1];
      notes.push('预算单位 label missing on the 主管部门 line: the second code-name cell of that line taken as 预算单位');
    } else if (labelled && unit === null) {
      const next = nonEmpty(lines[deptLine + 1]?.cells ?? [])[0] ?? '';
      if (/^\d{3,}\s*[-－]/.test(next)) unit = next;
    }
  }

  // Funding part.
  const goalHead = findFrom(lines, anchor, end, (l) => nonEmpty(l.cells).some((c) => /^(年度目标|年度总体目标|预期目标)/.test(c)));
  const fundingEnd = goalHead < 0 ? end : goalHead;
  const firstFunding = findFrom(lines, anchor + 1, fundingEnd, (l) => asFundingRow(l) !== null && !/^(主管部门|项目名称)/.test(nonEmpty(l.cells)[0]));
  const headerText = lines.slice(anchor + 1, firstFunding < 0 ? fundingEnd : firstFunding).map(compact).join('');
  const unitMatch = /[(（](万元|元)[)）]/.exec(headerText);
  const moneyUnit = unitMatch ? unitMatch[1] : null;
  if (!moneyUnit) notes.push('money unit not printed in the funding heading: amounts not converted');
  let columns = fundingColumns(headerText);
  const funding: FundingRow[] = [];
  for (let i = firstFunding; i >= 0 && i < fundingEnd; i++) {
    const f = asFundingRow(lines[i]);
    if (!f) break;
    const values: FundingRow['values'] = {};
    if (!assignFunding(columns, f.printed, values)) notes.push(`funding row ${f.label}: ${f.printed.length} numbers for ${columns.length} columns (${columns.map((c) => COLUMN_ZH[c]).join('/')}): not assigned`);
    funding.push({ label: f.label, values, printed: f.printed, line: lines[i] });
  }
  if (funding.length === 0) notes.push('no funding row found');

  const header = indicatorHeader(lines, goalHead < 0 ? anchor : goalHead, end);
  // The goal text ends where the indicator part starts (the vertical 绩/效/指/标 label).
  const goalsEnd = header ? findFrom(lines, goalHead + 1, header.start + 1, (l) => /^(绩|绩效指标.*|一级指.*)$/.test(compact(l))) : end;
  const goals = goalHead < 0 ? { goal: null, actual: null, text: null } : parseGoals(lines, goalHead, goalsEnd < 0 ? end : goalsEnd, notes);
  let indicators: RawIndicator[] = [];
  let totalLine = -1;
  let adjusted = false;
  if (header) {
    adjusted = /调整/.test(header.text);
    totalLine = findFrom(lines, header.end + 1, end, TOTAL_LINE);
    const layout: IndicatorLayout = {
      adjusted,
      fullScore: /分值/.test(header.text),
      score: /得分/.test(header.text),
      deviation: /偏差|原因分析|改进措施/.test(header.text),
      cellRows: header.cellRows,
    };
    indicators = parseIndicatorRows(lines, header.end + 1, totalLine < 0 ? end : totalLine, layout);
    if (!layout.score) indicators.forEach((r) => r.reasons.push('得分 not in this part of the table'));
  } else notes.push('indicator header (一级指标 二级指标 三级指标 …) not found');

  let total = totalLine >= 0 ? parseTotal(lines[totalLine]) : { total: null, grade: null, note: '总分 line not found' };
  if (total.note) notes.push(total.note);

  // A table printed in two halves: the right half (全年执行数 … 得分) follows the left one.
  let split = false;
  if (!columns.includes('executed') && columns.length > 0) {
    const right = rightHalf(lines, Math.max(totalLine, anchor) + 1, end);
    if (!right) notes.push('left half of a table split across pages (no 全年执行数 column), but its right half was not found: execution, 得分 and 总分 are NULL');
    else {
      split = true;
      notes.push(`printed in two halves: right half from line/page ${right.at}`);
      if (right.unit) unit = right.unit;
      if (right.nameFragment && projectName) {
        const merged = mergeOverlap(projectName, right.nameFragment);
        if (merged) projectName = merged;
        else notes.push(`project name may be cut off: right-half fragment "${right.nameFragment}" does not overlap "${projectName}"`);
      }
      if (right.funding.length === funding.length && right.funding.every((r) => r.length === right.columns.length)) {
        funding.forEach((f, i) => assignFunding(right.columns, right.funding[i], f.values));
        columns = [...columns, ...right.columns];
      } else notes.push(`right half has ${right.funding.length} funding rows for ${funding.length} on the left: execution columns not assigned`);
      if (goals.actual === null && right.actual) goals.actual = right.actual;
      if (right.scores.length === indicators.length) {
        indicators.forEach((r, i) => {
          r.score = right.scores[i].score;
          r.deviation = right.scores[i].deviation;
          r.reasons = r.reasons.filter((x) => !x.startsWith('得分 not in'));
        });
      } else {
        notes.push(`right half has ${right.scores.length} 得分 lines for ${indicators.length} indicator lines: 得分 not assigned`);
        indicators.forEach((r) => (r.reasons = r.reasons.map((x) => (x.startsWith('得分 not in') ? '得分 not assigned: line counts of the two halves differ' : x))));
      }
      if (right.total) total = right.total;
    }
  }

  const totalRow = funding[0];
  const sources = funding.slice(1);
  const v = (c: FundingColumn) => totalRow?.values[c] ?? null;
  const money = (c: FundingColumn, f: FundingRow | undefined) => yuanText(f?.values[c] ?? null, moneyUnit);
  const d = codeAndName(dept);
  const u = codeAndName(unit);
  const row: PerformanceProject = {
    project_index: index,
    form: 'self_evaluation',
    title: span.title,
    project_name: projectName,
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
    funding_sources: sources.length === 0 ? null : JSON.stringify(sources.map((f) => fundingSource(f, moneyUnit))),
    annual_goal: goals.goal,
    actual_completion: goals.actual,
    goals_text: goals.text,
    total_score: plain(total.total),
    grade: total.grade,
    indicator_count: indicators.length,
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
  return { row, indicators, funding, fundingColumns: columns, unit: moneyUnit, total: total.total, adjustedColumn: adjusted };
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

/**
 * The right half of a split table: its own title and name fragments, 预算单位, the header
 * 全年执行数 资金结(转)余 执行率 得分, one line of numbers per funding row, 实际完成情况, then
 * 得分 (偏差原因) per indicator line and 总分 with the grade.
 */
function rightHalf(lines: Line[], from: number, to: number): RightHalf | null {
  const head = findFrom(lines, from, to, (l) => /^全年执行数/.test(compact(l)));
  if (head < 0) return null;
  const unitLine = findFrom(lines, Math.max(from, head - 3), head, (l) => /^(预算单位|实施单位)/.test(nonEmpty(l.cells)[0] ?? ''));
  const unit = unitLine >= 0 ? valueAfter(lines[unitLine], /^(预算单位|实施单位)/, /^$/) : null;
  const nameLine = unitLine > from ? lines[unitLine - 1] : null;
  const nameFragment = nameLine && !TITLE_HINT.test(compact(nameLine)) ? joinText(nonEmpty(nameLine.cells), ' ') : null;

  let i = head;
  let headerText = '';
  while (i < to && numbersOnly(lines[i]) === null && !/实际完成情况/.test(compact(lines[i]))) headerText += compact(lines[i++]);
  const columns = fundingColumns(headerText);
  const funding: Decimal[][] = [];
  while (i < to && numbersOnly(lines[i]) !== null) funding.push(numbersOnly(lines[i++])!);

  const actualHead = findFrom(lines, i, to, (l) => /^实际完成情况/.test(compact(l)));
  const scoreHead = findFrom(lines, Math.max(i, actualHead), to, (l) => /^得分/.test(compact(l)));
  const actual = actualHead >= 0 ? joinText(lines.slice(actualHead + 1, scoreHead < 0 ? to : scoreHead).map((l) => nonEmpty(l.cells).join('')), '') : null;
  const scores: RightHalf['scores'] = [];
  let total: RightHalf['total'] = null;
  for (let j = scoreHead + 1; scoreHead >= 0 && j < to; j++) {
    const cells = nonEmpty(lines[j].cells);
    if (cells.length === 0) continue;
    if (cells.some((c) => GRADE_RE.test(c))) {
      total = parseTotal(lines[j]);
      break;
    }
    if (SCORE_RE.test(cells[0])) scores.push({ score: parseDecimal(cells[0])!, deviation: joinText(cells.slice(1), ' ') });
    else if (scores.length > 0) scores[scores.length - 1].deviation = joinText([scores[scores.length - 1].deviation ?? '', ...cells], '');
  }
  const at = lines[head].line ?? (lines[head].page !== undefined ? `p${lines[head].page}` : head);
  return { at, unit, nameFragment, columns, funding, actual, scores, total };
}

// ---------------------------------------------------------------------------------------
// The target declaration form (项目支出绩效目标申报表, 项目资金（元）).

interface DeclarationBlock {
  start: number;
  total: Decimal | null;
  rows: RawIndicator[];
}

/**
 * The declaration form's indicator part (实施期资金总额 …, 二级指标 三级指标 二级指标 三级指标 指标值)
 * comes out of the text as a block of its own, in the samples before its title. Each
 * indicator is printed twice, for 实施期 and for the year: "数量指标 宣传资料 数量指标 宣传资料 ≥2000册";
 * the year's 指标值 is on the line, the 实施期 one elsewhere.
 */
function declarationBlocks(lines: Line[]): DeclarationBlock[] {
  const blocks: DeclarationBlock[] = [];
  lines.forEach((l, start) => {
    if (!/^实施期资金/.test(compact(l))) return;
    const totalLine = findFrom(lines, start, Math.min(lines.length, start + 5), (x) => numbersOnly(x) !== null);
    const total = totalLine >= 0 ? numbersOnly(lines[totalLine])![0] : null;
    const end = findFrom(lines, start, lines.length, (x) => /^(负责|经办人|联系电话|填报)/.test(compact(x)) || /申报表/.test(compact(x)));
    const header = findFrom(lines, start, end < 0 ? lines.length : end, (x) => /二级指标三级指标二级指标/.test(compact(x)));
    if (header < 0) return;
    const stop = end < 0 ? lines.length : end;
    blocks.push({ start, total, rows: declarationRows(lines.slice(header + 1, stop)) });
  });
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

function parseDeclaration(lines: Line[], span: TableSpan, index: number, blocks: DeclarationBlock[], used: Set<DeclarationBlock>, previousEnd: number): ParsedProject {
  const notes: string[] = ['target declaration form: no execution, 得分 or 总分'];
  const { anchor, end } = span;
  const projectName = valueAfter(lines[anchor], /^项目名称/, /^$/);
  const bodyEnd = (() => {
    const i = findFrom(lines, anchor, end, (l) => /保证项目实施|项目实施计划|实施期目标|实施期资金/.test(compact(l)));
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
    const cells = nonEmpty(lines[i].cells);
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

function indicatorRow(project: number, k: number, r: RawIndicator, adjustedColumn: boolean): PerformanceIndicator {
  const reasons = [...r.labels.reasons, ...r.reasons];
  const [targetText, second, third] = r.values;
  const adjustedText = adjustedColumn ? second : null;
  const actualText = adjustedColumn ? third : second;
  // A value that is the beginning of the next column's value was cut at the cell edge
  // ("=2606622.3" beside "=2606622.39元"): its number is not read.
  const cut = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && b.length > a.length && b.startsWith(a);
  const target = parseIndicatorValue(targetText ?? null, cut(targetText, adjustedColumn ? adjustedText : actualText));
  const adjusted = parseIndicatorValue(adjustedText ?? null, cut(adjustedText, actualText));
  const actual = parseIndicatorValue(actualText ?? null);
  for (const v of [target, adjusted, actual]) if (v.note) reasons.push(v.note);
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
    null_reason: reasons.length ? [...new Set(reasons)].join('; ') : null,
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
  const f = 10n ** BigInt(d.scale - 2);
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
  const corners = [sub(executed, h), add(executed, h)].flatMap((e) => [bLow, add(budget, h)].map((b) => ({ e, b })));
  // Sign of e/b × 100 − x, which is the sign of e × 100 − x × b since b > 0.
  const versus = (c: { e: Decimal; b: Decimal }, x: Decimal) => compare(mul(c.e, { units: 100n, scale: 0 }), mul(x, c.b));
  const passed = corners.some((c) => versus(c, sub(rate, hr)) >= 0) && corners.some((c) => versus(c, add(rate, hr)) <= 0);
  const values = corners.map((c) => percentRounded(c.e, c.b, 4));
  const low = values.reduce((m, v) => (compare(v, m) < 0 ? v : m));
  const high = values.reduce((m, v) => (compare(v, m) > 0 ? v : m));
  return { passed, low, high };
}

/** Decimals of the most precise value printed in the given funding columns. */
function precisionOf(funding: FundingRow[], columns: FundingColumn[]): number {
  const values = funding.flatMap((f) => columns.map((c) => f.values[c] ?? null)).filter((d): d is Decimal => d !== null);
  return values.length ? Math.max(...values.map((d) => d.scale)) : 0;
}

/**
 * `precision`: the forms print amounts without trailing zeros (368, 365.184, 2.816) but round
 * them to some last digit (0.575 万元 is 14.39% of 4 万元, not 14.375%). All tables of a
 * report come from one generator, so every amount is taken as rounded to the finest
 * precision printed in any of the report's tables; likewise every 执行率 ("100" beside "100.00").
 */
function checkProject(out: PerformanceChecks, p: ParsedProject, precision: number, ratePrecision: number): void {
  const { row } = p;
  const name = `${row.project_index} ${row.project_name ?? '(no name)'}`;
  const unit = p.unit;
  const h = HALF(precision);
  for (const f of p.funding) {
    const budget = f.values.annual_budget ?? null;
    const executed = f.values.executed ?? null;
    const balance = f.values.balance ?? null;
    const rate = f.values.rate ?? null;
    // 全年执行数 + 资金结(转)余 = 全年预算数, within the rounding of three amounts.
    if (budget && executed && balance && unit && Object.hasOwn(MONEY_EXPONENT, unit)) {
      const exp = MONEY_EXPONENT[unit];
      const expected = shift(budget, exp);
      const actual = shift(add(executed, balance), exp);
      const tolerance = shift(multiplyInt(h, 3), exp);
      const diff = sub(actual, expected);
      out.push(`${row.project_index}:balance:${f.label}`, {
        subject: `${row.project_index}:${f.label}`,
        description: `项目 ${name}, ${f.label}: 全年执行数 + 资金结(转)余 = 全年预算数`,
        expected: twoDecimals(expected),
        actual: twoDecimals(actual),
        difference: twoDecimals(diff),
        tolerance: twoDecimals(tolerance),
        passed: compare(abs(diff), tolerance) <= 0,
        detail: `${decimalText(executed)} + ${decimalText(balance)} vs 全年预算数 ${decimalText(budget)} (${unit}, line ${f.line.line ?? 'p' + f.line.page})`,
      });
    }
    // 执行率 = 全年执行数 / 全年预算数, to the precision printed.
    if (budget && executed && rate && budget.units !== 0n) {
      const exact = percentRounded(executed, budget, 4);
      const rateScale = Math.max(rate.scale, ratePrecision);
      const expected = percentRounded(executed, budget, Math.max(2, rateScale));
      const hr = HALF(rateScale);
      const range = rateCompatible(executed, budget, rate, h, hr);
      const spread = range ? [sub(range.high, exact), sub(exact, range.low)].reduce((m, v) => (compare(v, m) > 0 ? v : m)) : ZERO;
      out.push(`${row.project_index}:rate:${f.label}`, {
        subject: `${row.project_index}:${f.label}`,
        description: `项目 ${name}, ${f.label}: 执行率 = 全年执行数 / 全年预算数 × 100 (percent, not 元)`,
        expected: twoDecimals(expected),
        actual: twoDecimals(rate),
        difference: twoDecimals(sub(rate, expected)),
        tolerance: twoDecimals(ceilTwo(add(spread, hr))),
        passed: range ? range.passed : compare(percentRounded(executed, budget, rateScale), rate) === 0,
        detail:
          `${decimalText(executed)} / ${decimalText(budget)} × 100 = ${decimalText(exact)}; ` +
          (range ? `with the amounts rounded to ±${decimalText(h)} ${unit ?? ''} it lies in [${decimalText(range.low)}, ${decimalText(range.high)}]` : 'amount rounding not applicable') +
          `; printed ${decimalText(rate)} (±${decimalText(hr)})`,
      });
    }
  }
  // 总分 = Σ 得分 of the indicators + 得分 of the funding row (the 执行率 part, 10 points on
  // these forms): the samples' 分值 add up to 90 and their 总分 include the funding 得分.
  const scores = p.indicators.map((r) => r.score);
  const fundingScore = p.funding[0]?.values.score;
  const fundingPart = p.fundingColumns.includes('score');
  if (p.total !== null && scores.length > 0 && scores.every((s) => s !== null) && (!fundingPart || (fundingScore ?? null) !== null)) {
    const parts = [...(scores as Decimal[]), ...(fundingPart ? [fundingScore!] : [])];
    const actual = parts.reduce(add, ZERO);
    const full = p.indicators.map((r) => r.fullScore).filter((s): s is Decimal => s !== null);
    const diff = sub(actual, p.total);
    out.push(`${row.project_index}:total_score`, {
      subject: `${row.project_index}:总分`,
      description: `项目 ${name}: 总分 = Σ 指标得分${fundingPart ? ' + 资金得分 (执行率)' : ''} (points, not 元)`,
      expected: twoDecimals(p.total),
      actual: twoDecimals(actual),
      difference: twoDecimals(diff),
      // Scores are rounded to 2 decimals: one unit of the second decimal.
      tolerance: '0.01',
      passed: compare(abs(diff), { units: 1n, scale: 2 }) <= 0,
      detail:
        `Σ ${scores.length} 指标得分 = ${decimalText((scores as Decimal[]).reduce(add, ZERO))}` +
        (fundingPart ? ` + 资金得分 ${decimalText(fundingScore!)}` : '') +
        (full.length === scores.length ? `; Σ 分值 = ${decimalText(full.reduce(add, ZERO))}` : '') +
        `; printed 总分 ${decimalText(p.total)}`,
    });
  }
}

// ---------------------------------------------------------------------------------------

export function extractPerformance(lines: Line[]): PerformanceResult {
  const spans = findTables(lines);
  const blocks = declarationBlocks(lines);
  const used = new Set<DeclarationBlock>();
  const projects: PerformanceProject[] = [];
  const indicators: PerformanceIndicator[] = [];
  const checks = new PerformanceChecks();
  const parsed = spans.map((span, k) => {
    const previousEnd = k > 0 ? spans[k - 1].anchor : 0;
    return span.declaration ? parseDeclaration(lines, span, k + 1, blocks, used, previousEnd) : parseSelfEvaluation(lines, span, k + 1);
  });
  const precision = Math.max(0, ...parsed.map((p) => precisionOf(p.funding, MONEY_COLUMNS)));
  const ratePrecision = Math.max(0, ...parsed.map((p) => precisionOf(p.funding, ['rate'])));
  for (const p of parsed) {
    projects.push(p.row);
    p.indicators.forEach((r, j) => indicators.push(indicatorRow(p.row.project_index, j + 1, r, p.adjustedColumn)));
    if (p.row.form === 'self_evaluation') checkProject(checks, p, precision, ratePrecision);
  }
  return { projects, indicators, checks: checks.rows };
}
