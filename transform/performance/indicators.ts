// Indicator rows of a table: each cell assigned only when the pieces match the columns its header declares.
import type { Line } from '../../extract/lines.js';
import { compare, parseDecimal, type Decimal } from '../decimal.js';
import { LABEL_NAME_RE, LEVEL1, LEVEL2_PARENT, LabelState, allLabelFragments, isLabelFragment, labelTokens } from './labels.js';
import { HUNDRED, SCORE_RE, cellsOf, joinText, linesText, mergePunctuation, numberCell } from './lines.js';
import { COMPARATOR_RE, splitAtComparators } from './values.js';

export interface IndicatorLayout {
  adjusted: boolean; // 调整后指标值 column
  fullScore: boolean; // 分值 column in this part of the table
  score: boolean; // 得分 column in this part
  deviation: boolean; // 偏差原因分析及改进措施 column in this part
  /** Header printed as one row of cells (tab-separated input): rows are reliable cells. */
  cellRows: boolean;
}

export interface RawIndicator {
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
export const scoreCount = (layout: IndicatorLayout) => (layout.fullScore ? 1 : 0) + (layout.score ? 1 : 0);

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

export function parseIndicatorRows(lines: Line[], from: number, to: number, layout: IndicatorLayout): RawIndicator[] {
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
