// The narrative's facts checked against the report's tables and against their own arithmetic.
import type { CheckRow } from '../types.js';
import { abs, add, checkAmount, compare, parseDecimal, sub, toString as decimalText, ZERO, type Decimal } from '../decimal.js';
import { BUDGETS, KNOWN_METRICS, Tables, counterpart, factAmount, half, isLevel, isMoney, max, percentFits, percentOf, yuan } from './counterparts.js';
import type { NarrativeFact, ReportTables } from './types.js';
import type { ReportKind } from '../../schemas/contract.js';
import { budgetCounterpart } from './budget.js';

class NarrativeChecks {
  readonly rows: CheckRow[] = [];
  /** The money unit most of the narrative's amounts are in: a figure in another unit may be a slip. */
  readonly usualUnit: string | null;
  constructor(facts: NarrativeFact[]) {
    const units = new Map<string, number>();
    for (const f of facts) if (isMoney(f)) units.set(f.unit!, (units.get(f.unit!) ?? 0) + 1);
    this.usualUnit = [...units].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  }

  push(id: string, row: Omit<CheckRow, 'check_id' | 'kind'>): void {
    this.rows.push({ check_id: `narrative:${id}`, kind: 'narrative', ...row });
  }
}

/** For each fact, the facts of its section before it, nearest first (built when first asked for). */
function earlierInSection(facts: NarrativeFact[]): (i: number) => NarrativeFact[] {
  const start: number[] = [];
  facts.forEach((f, i) => {
    const prev = facts[i - 1];
    start.push(prev && prev.section === f.section && prev.section_title === f.section_title ? start[i - 1] : i);
  });
  return (i) => facts.slice(start[i], i).reverse();
}

/**
 * The facts a derived fact is computed from, as its check pairs them: `of`, the amount it is
 * about (the actual of a 完成率, the part of a 占比, the 增减额 of a 增减率); `basis`, what it is
 * relative to (the budget, the total, the amount that changed; a 增减率's basis is its 增减额).
 */
function operandsOf(facts: NarrativeFact[], i: number, earlier: (i: number) => NarrativeFact[]): { of?: NarrativeFact; basis?: NarrativeFact } {
  const f = facts[i];
  const sameSubject = (g: NarrativeFact) => g.subject === f.subject;
  switch (f.metric) {
    case '完成率':
      return {
        of: earlier(i).find((g) => sameSubject(g) && isLevel(g)),
        basis: earlier(i).find((g) => sameSubject(g) && isMoney(g) && (f.basis === '预算' ? BUDGETS.has(g.metric) : g.metric === f.basis)),
      };
    case '决算与预算关系':
      return { of: earlier(i).find((g) => sameSubject(g) && isLevel(g)), basis: earlier(i).find((g) => sameSubject(g) && isMoney(g) && BUDGETS.has(g.metric)) };
    case '占比': {
      const part = facts[i - 1]?.sentence_no === f.sentence_no && isMoney(facts[i - 1]) ? facts[i - 1] : undefined;
      if (!part) return {};
      const hasShare = (g: NarrativeFact) => facts[g.fact_no]?.metric === '占比' && facts[g.fact_no]?.sentence_no === g.sentence_no;
      const named = f.basis && KNOWN_METRICS.has(f.basis) ? f.basis : null;
      const total = named
        ? [...earlier(i), ...facts.slice(0, i).reverse(), ...facts.slice(i + 1)].find((g) => g.metric === named && g.subject === null && isMoney(g))
        : // "占比" (or a base the vocabulary does not know): the section's total, i.e. the nearest
          // amount before it about the whole report that is not itself a listed part.
          earlier(i).find((g) => g !== part && g.subject === null && isLevel(g) && !hasShare(g));
      return { of: part, basis: total };
    }
    case '增减率': {
      const change = facts[i - 1]?.sentence_no === f.sentence_no && facts[i - 1].metric === '增减额' ? facts[i - 1] : undefined;
      return { of: change, basis: change };
    }
    case '增减额':
      return { basis: f.basis ? earlier(i).find((g) => g.metric === f.basis && g.subject === null && isMoney(g)) : earlier(i).find((g) => g.subject === f.subject && isLevel(g)) };
    default:
      return {};
  }
}

/** Sets basis_fact_no of every derived fact: the fact its check computes it from. */
export function linkBases(facts: NarrativeFact[]): void {
  const earlier = earlierInSection(facts);
  facts.forEach((f, i) => (f.basis_fact_no = DERIVED_OR_RELATION.has(f.metric) ? (operandsOf(facts, i, earlier).basis?.fact_no ?? null) : null));
}
const DERIVED_OR_RELATION = new Set(['完成率', '占比', '增减额', '增减率', '决算与预算关系']);

/** Sets check_status and failed_checks of each fact from the checks whose id names it (narrative:<fact_no>:…). */
export function markChecked(facts: NarrativeFact[], checks: CheckRow[]): void {
  const byFact = new Map<number, CheckRow[]>();
  for (const c of checks) {
    const no = /^narrative:(\d+):/.exec(c.check_id)?.[1];
    if (no) byFact.set(Number(no), [...(byFact.get(Number(no)) ?? []), c]);
  }
  for (const f of facts) {
    const mine = byFact.get(f.fact_no);
    if (!mine) continue;
    const failed = mine.filter((c) => !c.passed);
    f.check_status = failed.length ? 'failed' : 'passed';
    f.failed_checks = failed.length ? failed.map((c) => c.check_id).join(',') : null;
  }
}

const where = (f: NarrativeFact) => `${f.section || '标题'}${f.source_line ? ` line ${f.source_line}` : ''}${f.source_page ? ` p.${f.source_page}` : ''}`;
const describe = (f: NarrativeFact) => `${f.metric}${f.subject ? `(${f.subject})` : ''}`;

/** Checks each narrative fact that can be checked: against the tables, its own arithmetic, and the report's year. */
export function narrativeChecks(facts: NarrativeFact[], result: ReportTables, kind: ReportKind = 'final_accounts'): CheckRow[] {
  const budget = kind === 'budget';
  const out = new NarrativeChecks(facts);
  const earlier = earlierInSection(facts);
  const tables = new Tables(result);
  const fy = result.fiscalYear;
  let itemAmounts: (Decimal | null)[] | undefined; // the line items' amounts, parsed when first needed

  facts.forEach((f, i) => {
    // Built only for the few facts that get a check.
    let subjectText: string | undefined;
    const subject = () => (subjectText ??= `${f.section} ${describe(f)}`.trim());
    // 1. Against the tables.
    const term = f.value === null ? null : budget ? budgetCounterpart(f, tables) : counterpart(f, tables);
    if (term) {
      const a = factAmount(f)!;
      const diff = sub(a.value, term.value);
      const tol = max(a.step, term.step);
      const passed = compare(abs(diff), tol) <= 0;
      const money = isMoney(f);
      let detail = `stated “${f.value_text}” (${f.label}) in ${where(f)}; table ${term.label}`;
      if (!passed && money && compare(a.value, ZERO) !== 0) {
        itemAmounts ??= result.lineItems.map((li) => (li.amount_yuan === null ? null : parseDecimal(li.amount_yuan)));
        const same = result.lineItems.filter((li, k) => li.amount_yuan !== null && compare(itemAmounts![k]!, a.value) === 0).slice(0, 3);
        if (same.length) detail += `; the stated amount equals ${same.map((li) => `${li.table_code}/${li.row_key}/${li.col_no} (${li.col_label})`).join(', ')}`;
      }
      const slip = passed ? null : readInUsualUnit(f, out.usualUnit);
      if (slip) {
        // An evident slip when, read in the narrative's usual unit, the figure matches the table.
        const holds = compare(abs(sub(slip.amount.value, term.value)), max(slip.amount.step, term.step)) <= 0;
        detail += `; in ${slip.unit} (${slip.text}) it would be ${yuan(slip.amount.value)} 元, which ${holds ? 'matches the table: a unit slip' : 'does not match either'}`;
      }
      if (!money) detail += `; stated ${a.value.units === 0n ? '0' : decimalText(a.value)}, table ${decimalText(term.value)}`;
      out.push(`${f.fact_no}:table`, {
        table_code: term.code,
        subject: subject(),
        description: `narrative ${describe(f)} = table ${term.label.split('/').slice(0, 2).join('/')}`,
        expected: money ? checkAmount(term.value) : null,
        actual: money ? checkAmount(a.value) : null,
        difference: money ? checkAmount(diff) : null,
        tolerance: money ? checkAmount(tol, 4) : null,
        passed,
        detail,
      });
    }

    // 2. Percentages recomputed from the amounts the narrative gives.
    if (DERIVED_OR_RELATION.has(f.metric)) {
      const { of, basis } = operandsOf(facts, i, earlier);
      if (f.metric === '完成率' && of && basis) percentCheck(out, f, subject(), of, basis, 'actual / budget');
      else if (f.metric === '占比' && of && basis) percentCheck(out, f, subject(), of, basis, 'part / total');
      else if (f.metric === '增减率' && of) {
        // A budget compares with last year's budget, which it does not print: the rate is checked
        // only against the amount its own sentence states (a level read sentences before may be another).
        const level = operandsOf(facts, i - 1, earlier).basis;
        if (!budget || level?.sentence_no === f.sentence_no) changeRateCheck(out, f, subject(), of, level);
      }
      else if (f.metric === '决算与预算关系' && f.direction !== '基本持平' && of && basis) relationCheck(out, f, subject(), of, basis);
    }

    // 3. Years: what a statement is about must be the report's year, what it compares with the year before.
    // A budget dates its assets before its year begins ("截至2024年8月31日" in a 2025 budget): a date is no statement's year.
    const dated = budget && f.value !== null && new RegExp(`${f.value}年\\d{1,2}月`).test(f.sentence);
    if (fy !== null && (f.metric === '报告年度' || f.metric === '比较年度') && !dated) {
      const want = f.metric === '报告年度' ? fy : fy - 1;
      out.push(`${f.fact_no}:year`, {
        table_code: null,
        subject: subject(),
        description: f.metric === '报告年度' ? 'the year a statement is about = the fiscal year of the report' : 'the year compared with = fiscal year − 1',
        expected: null,
        actual: null,
        difference: null,
        tolerance: null,
        passed: Number(f.value) === want,
        detail: `“${f.value_text}” in “${f.sentence}” (${where(f)}); expected ${want}`,
      });
    }
  });

  if (!budget) classCoverage(out, facts, tables);
  return out.rows;
}

function percentCheck(out: NarrativeChecks, f: NarrativeFact, subject: string, numerator: NarrativeFact, denominator: NarrativeFact, what: string): void {
  const a = factAmount(numerator);
  const b = factAmount(denominator);
  if (!a || !b) return;
  if (compare(b.value, ZERO) <= 0) return; // share of 0, completion of a 0 budget: undefined, nothing to check
  const operands = `${a.text} / ${b.text}`;
  if (f.value === null) {
    if (f.value_text === '∞%') {
      out.push(`${f.fact_no}:percent`, { table_code: null, subject, description: `recomputed ${f.metric} (${what})`, expected: null, actual: null, difference: null, tolerance: null, passed: false, detail: `stated ∞% but ${operands} is finite (${where(f)})` });
    }
    return;
  }
  const p = parseDecimal(f.value)!;
  const r = percentOf(a.value, b.value, Math.max(p.scale, 2));
  const passed = percentFits(a.value, half(a.step), b.value, half(b.step), p);
  let detail = `stated ${f.value_text}; recomputed ${decimalText(r)}% = ${operands} (${where(f)})`;
  // A unit slip the source makes evident: one operand in 元 among 万元 figures (or the reverse).
  if (!passed && numerator.unit !== denominator.unit) {
    for (const [slipped, other] of [[numerator, denominator], [denominator, numerator]] as const) {
      const read = readInUsualUnit(slipped, out.usualUnit);
      if (!read || !isMoney(other) || other.unit !== read.unit) continue;
      const [x, y] = slipped === numerator ? [read.amount, b] : [a, read.amount];
      const holds = percentFits(x.value, half(x.step), y.value, half(y.step), p);
      detail += `; “${slipped.value_text}” among ${other.unit} figures: read as ${read.text}, the percentage is ${decimalText(percentOf(x.value, y.value, Math.max(p.scale, 2)))}% and the statement ${holds ? 'holds' : 'still does not hold'}`;
    }
  }
  out.push(`${f.fact_no}:percent`, { table_code: null, subject, description: `recomputed ${f.metric} (${what}) = stated percentage`, expected: null, actual: null, difference: null, tolerance: null, passed, detail });
}

const OTHER_UNIT: Record<string, string> = { 元: '万元', 万元: '元' };

/**
 * A money fact printed in 元 where the narrative's figures are in 万元 (or the reverse), read in
 * that usual unit: what the figure would be had the unit not slipped. null for any other fact.
 */
function readInUsualUnit(f: NarrativeFact, usualUnit: string | null): { amount: NonNullable<ReturnType<typeof factAmount>>; unit: string; text: string } | null {
  if (!isMoney(f) || usualUnit === null || OTHER_UNIT[f.unit!] !== usualUnit) return null;
  const amount = factAmount({ ...f, unit: usualUnit });
  return amount && { amount, unit: usualUnit, text: `${f.value}${usualUnit}` };
}

/** 增减率 = 增减额 / previous amount, where previous = current ∓ 增减额; also the two directions must agree. */
function changeRateCheck(out: NarrativeChecks, f: NarrativeFact, subject: string, change: NarrativeFact, current: NarrativeFact | undefined): void {
  const c = factAmount(change);
  const now = current ? factAmount(current) : null;
  if (change.direction && f.direction && change.direction !== f.direction) {
    out.push(`${f.fact_no}:direction`, { table_code: null, subject, description: 'direction of 增减额 = direction of 增减率', expected: null, actual: null, difference: null, tolerance: null, passed: false, detail: `“${change.value_text}” is ${change.direction} but “${f.value_text}” is ${f.direction} (${where(f)})` });
  }
  if (!c || !now) return;
  const previous = change.direction === '减少' ? add(now.value, c.value) : sub(now.value, c.value);
  const hPrevious = add(half(now.step), half(c.step));
  const operands = `${c.text} / previous (${now.text} ${change.direction === '减少' ? '+' : '−'} ${change.value_text})`;
  const base = { table_code: null, subject, description: 'recomputed 增减率 (change / previous amount) = stated percentage', expected: null, actual: null, difference: null, tolerance: null };
  const infinite = f.value_text === '∞%';
  if (f.value === null && !infinite) return; // "%" without a number: nothing to compare
  if (compare(previous, ZERO) <= 0 || infinite) {
    // Growth from nothing has no rate: "∞%" is the only consistent statement, and only then.
    const fromNothing = compare(previous, ZERO) <= 0;
    // A rise from nothing stated as a percentage (often 100%) is a convention, not a contradiction: its own id, severity 'info'.
    out.push(`${f.fact_no}:${fromNothing ? 'from_zero' : 'percent'}`, { ...base, passed: fromNothing && infinite, detail: `stated ${f.value_text}; the previous amount is ${yuan(previous)} 元 (${operands})${fromNothing ? ', so the rate is undefined (∞)' : ''} (${where(f)})` });
    return;
  }
  const p = parseDecimal(f.value!)!;
  const r = percentOf(c.value, previous, Math.max(p.scale, 2));
  out.push(`${f.fact_no}:percent`, { ...base, passed: percentFits(c.value, half(c.step), previous, hPrevious, p), detail: `stated ${f.value_text}; recomputed ${decimalText(r)}% = ${operands} (${where(f)})` });
}

function relationCheck(out: NarrativeChecks, f: NarrativeFact, subject: string, actual: NarrativeFact, budget: NarrativeFact): void {
  const a = factAmount(actual)!;
  const b = factAmount(budget)!;
  const c = compare(a.value, b.value);
  const passed = f.direction === '小于' ? c < 0 : f.direction === '大于' ? c > 0 : c === 0;
  out.push(`${f.fact_no}:relation`, {
    table_code: null,
    subject,
    description: `stated relation: 决算数 ${f.direction} 预算数`,
    expected: checkAmount(b.value),
    actual: checkAmount(a.value),
    difference: checkAmount(sub(a.value, b.value)),
    tolerance: null,
    passed,
    detail: `says “${f.value_text}”; ${a.text} vs ${b.text} (${where(f)})`,
  });
}

/** Every 类 of table 05 with an amount should be described where the narrative lists the 类. */
function classCoverage(out: NarrativeChecks, facts: NarrativeFact[], tables: Tables): void {
  const described = new Set(facts.filter((f) => f.topic === 'gp_expenditure' && f.class_code && isMoney(f)).map((f) => f.class_code));
  if (described.size === 0) return;
  for (const r of tables.table('05')?.rows ?? []) {
    if (!/^\d{3}$/.test(r.key)) continue;
    const term = tables.term('05', [r], 1);
    if (!term || compare(term.value, ZERO) === 0) continue;
    const passed = described.has(r.key);
    out.push(`coverage:${r.key}`, {
      table_code: '05',
      subject: `${r.key} ${r.label}`,
      description: 'each 类 of 一般公共预算财政拨款支出 (table 05) is described in the narrative',
      expected: checkAmount(term.value),
      actual: null,
      difference: null,
      tolerance: null,
      passed,
      detail: passed ? `described (${term.label})` : `table ${term.label} is not mentioned in the 一般公共预算财政拨款支出 sections of the narrative`,
    });
  }
}
