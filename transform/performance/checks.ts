// Each 自评表's own arithmetic: 执行数 + 结余 = 预算数, 执行率, 总分.
import type { CheckRow } from '../types.js';
import { abs, add, checkAmount, compare, UNIT_EXPONENT, multiplyInt, pow10, shift, sub, toString as decimalText, ZERO, type Decimal } from '../decimal.js';
import type { FundingColumn, FundingRow } from './funding.js';
import { HUNDRED, percentRounded } from './lines.js';
import type { ParsedProject } from './selfEvaluation.js';

export class PerformanceChecks {
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
export function precisionOf(funding: FundingRow[], columns: FundingColumn[]): number {
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
export function checkProject(out: PerformanceChecks, p: ParsedProject, precision: number, ratePrecision: number): void {
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
