// The target declaration form (项目支出绩效目标申报表, 项目资金（元）).
import type { Line } from '../../extract/lines.js';
import { compare, type Decimal } from '../decimal.js';
import { numbersOnly } from './funding.js';
import type { RawIndicator } from './indicators.js';
import { FULL_LABEL_RE, LEVEL1, LEVEL2_PARENT } from './labels.js';
import { cellsOf, codeAndName, compact, hasLeadingEmptyCell, joinText, numberCell, yuanText } from './lines.js';
import type { TableSpan } from './locate.js';
import { type ParsedProject, findFrom, valueAfter } from './selfEvaluation.js';
import type { FundingSource, PerformanceProject } from './types.js';
import { COMPARATOR_RE, splitAtComparators } from './values.js';

export interface DeclarationBlock {
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
export function declarationBlocks(lines: Line[], candidates: number[]): DeclarationBlock[] {
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

export function parseDeclaration(lines: Line[], span: TableSpan, index: number, blocks: DeclarationBlock[], used: Set<DeclarationBlock>, previousEnd: number): ParsedProject {
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
