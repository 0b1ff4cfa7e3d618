// One 项目支出绩效自评表 (possibly split across pages).
import type { Line } from '../../extract/lines.js';
import { parseDecimal, toString as decimalText, type Decimal } from '../decimal.js';
import { COLUMN_ZH, type FundingColumn, type FundingRow, MONEY_COLUMNS, asFundingRow, assignFunding, fundingColumns, numbersOnly } from './funding.js';
import { type IndicatorLayout, type RawIndicator, parseIndicatorRows } from './indicators.js';
import { GRADE_RE, SCORE_RE, cellsOf, codeAndName, compact, compactStarts, compactText, joinText, mergePunctuation, nonEmpty, numberCell, plain, yuanText } from './lines.js';
import { TITLE_HINT, type TableSpan } from './locate.js';
import type { FundingSource, PerformanceProject } from './types.js';

export interface ParsedProject {
  row: PerformanceProject;
  indicators: RawIndicator[];
  funding: FundingRow[];
  fundingColumns: FundingColumn[];
  unit: string | null;
  total: Decimal | null;
  adjustedColumn: boolean;
}

export const findFrom = (lines: Line[], from: number, to: number, pred: (l: Line) => boolean) => {
  for (let i = from; i < to; i++) if (pred(lines[i])) return i;
  return -1;
};

/** Value cells after a label cell on the same line, up to the next label. */
export function valueAfter(l: Line, label: RegExp, stop: RegExp): string | null {
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

export function parseSelfEvaluation(lines: Line[], span: TableSpan, index: number): ParsedProject {
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
