// Indicators as output rows.
import type { RawIndicator } from './indicators.js';
import { cut, memo, plain } from './lines.js';
import type { PerformanceIndicator } from './types.js';
import { parseIndicatorValue } from './values.js';

/** parseIndicatorValue, memoised: target and actual values are mostly the same text ("≥90%"). */
function indicatorValue(text: string | null, possiblyCut: boolean): ReturnType<typeof parseIndicatorValue> {
  if (text === null || possiblyCut) return parseIndicatorValue(text, possiblyCut);
  let v = memo.values.get(text);
  if (v === undefined) memo.values.set(text, (v = parseIndicatorValue(text)));
  return v;
}

export function indicatorRow(project: number, k: number, r: RawIndicator, adjustedColumn: boolean): PerformanceIndicator {
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
