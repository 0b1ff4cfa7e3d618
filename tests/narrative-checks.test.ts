// The narrative's checks on facts built by hand (no parsing): 决算 against 预算 as stated,
// rates of change and their direction, completion rates, ∞%, and a figure printed in the wrong
// unit. Expected values worked out by hand from the facts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toString as decimalText, toYuan } from '../transform/decimal.js';
import { linkBases, markChecked, narrativeChecks } from '../transform/narrative/checks.js';
import type { NarrativeFact } from '../transform/narrative/types.js';
import { RAW, transformText } from './helpers.js';

let n = 0;
/** A fact of section 五(三), sentence `sentence`, about `subject`; amounts in 万元 unless said. */
const fact = (metric: string, value: string | null, over: Partial<NarrativeFact> = {}): NarrativeFact => {
  const unit = over.unit === undefined ? (value !== null && /%$/.test(metric) ? '%' : '万元') : over.unit;
  const money = unit === '万元' || unit === '元';
  return {
    fact_no: n++,
    sentence_no: 1,
    section: '五(三)',
    section_title: '',
    topic: 'gp_expenditure',
    metric: metric as NarrativeFact['metric'],
    subject: '住房保障支出',
    class_code: null,
    basis: null,
    value,
    value_text: `${value ?? ''}${unit ?? ''}`,
    unit,
    amount_yuan: money && value !== null ? decimalText(toYuan(value, unit)!) : null,
    direction: null,
    signed_value: value,
    signed_amount_yuan: null,
    basis_fact_no: null,
    check_status: null,
    failed_checks: null,
    period_year: null,
    comparison_year: null,
    label: metric,
    note: null,
    sentence: '',
    source_line: 9,
    source_page: null,
    ...over,
  };
};
const check = (facts: NarrativeFact[], suffix: string) => narrativeChecks(facts, { tables: [], lineItems: [], fiscalYear: 2023 }).find((c) => c.check_id.endsWith(suffix));

describe('决算 against 预算, as the narrative states it', () => {
  const relation = (actual: string, budget: string, direction: string) => check([fact('决算数', actual), fact('年初预算', budget), fact('决算与预算关系', null, { value_text: `决算数${direction}预算数`, direction, unit: null })], ':relation');
  it('holds only in the direction stated', () => {
    expect(relation('10', '12', '小于')).toMatchObject({ passed: true, expected: '120000.00', actual: '100000.00', difference: '-20000.00', description: 'stated relation: 决算数 小于 预算数', detail: 'says “决算数小于预算数”; 决算数(住房保障支出) 10万元 vs 年初预算(住房保障支出) 12万元 (五(三) line 9)' });
    expect(relation('12', '12', '小于')?.passed).toBe(false);
    expect(relation('13', '12', '小于')?.passed).toBe(false);
    expect(relation('13', '12', '大于')?.passed).toBe(true);
    expect(relation('12', '12', '大于')?.passed).toBe(false);
    expect(relation('11', '12', '大于')?.passed).toBe(false);
    expect(relation('12', '12', '等于')?.passed).toBe(true);
    expect(relation('11', '12', '等于')?.passed).toBe(false);
    expect(relation('13', '12', '等于')?.passed).toBe(false);
  });
});

describe('a rate of change', () => {
  const facts = (rate: string | null, rateText: string, dirAmount: string, dirRate: string, now = '110') => [
    fact('决算数', now),
    fact('增减额', '10', { sentence_no: 2, direction: dirAmount }),
    fact('增减率', rate, { sentence_no: 2, direction: dirRate, value_text: rateText, unit: '%' }),
  ];
  it('is the change over the previous amount, in the direction stated', () => {
    expect(check(facts('10', '10%', '增加', '增加'), ':percent')).toMatchObject({ passed: true, detail: 'stated 10%; recomputed 10.00% = 增减额(住房保障支出) 10万元 / previous (决算数(住房保障支出) 110万元 − 10万元) (五(三) line 9)' });
    expect(check(facts('13', '13%', '增加', '增加'), ':percent')?.passed).toBe(false); // 10.5 / 99 is 10.6% at most
    // A fall: the previous amount is now + change. 10 / 120 = 8.33%.
    expect(check(facts('8.33', '8.33%', '减少', '减少'), ':percent')).toMatchObject({ passed: true, detail: expect.stringContaining('previous (决算数(住房保障支出) 110万元 + 10万元)') });
    expect(check(facts('10', '10%', '减少', '减少'), ':percent')?.passed).toBe(false);
  });

  it('fails when the change and its rate point opposite ways', () => {
    expect(check(facts('10', '10%', '增加', '减少'), ':direction')).toMatchObject({ passed: false, description: 'direction of 增减额 = direction of 增减率', detail: '“10万元” is 增加 but “10%” is 减少 (五(三) line 9)' });
    expect(check(facts('10', '10%', '增加', '增加'), ':direction')).toBeUndefined();
  });

  it('from nothing has no rate: ∞% holds, a percentage is a convention (from_zero), ∞% of something fails', () => {
    expect(check(facts(null, '∞%', '增加', '增加', '10'), ':from_zero')).toMatchObject({ passed: true });
    expect(check(facts('100', '100%', '增加', '增加', '10'), ':from_zero')).toMatchObject({ passed: false, detail: expect.stringContaining('so the rate is undefined (∞)') });
    expect(check(facts(null, '∞%', '增加', '增加'), ':percent')).toMatchObject({ passed: false, detail: expect.stringContaining('the previous amount is 1000000.00 元') });
    expect(check(facts(null, '%', '增加', '增加'), ':percent')).toBeUndefined(); // "%" without a number
  });
});

describe('a completion rate', () => {
  const rate = (value: string | null, text: string, budgetUnit = '万元') => check([fact('决算数', '37.42'), fact('年初预算', '30.35', { unit: budgetUnit }), fact('完成率', value, { value_text: text, unit: '%', basis: '预算' })], ':percent');
  it('is the outturn over the budget; ∞% of a finite budget fails', () => {
    expect(rate('123.29', '123.29%')).toMatchObject({ passed: true, detail: 'stated 123.29%; recomputed 123.29% = 决算数(住房保障支出) 37.42万元 / 年初预算(住房保障支出) 30.35万元 (五(三) line 9)' });
    expect(rate('123.3', '123.3%')?.passed).toBe(true);
    expect(rate('123.39', '123.39%')?.passed).toBe(false);
    expect(rate(null, '∞%')).toMatchObject({ passed: false, detail: 'stated ∞% but 决算数(住房保障支出) 37.42万元 / 年初预算(住房保障支出) 30.35万元 is finite (五(三) line 9)' });
  });

  it('names a figure printed in the other unit, and whether the statement then holds', () => {
    const c = rate('123.29', '123.29%', '元');
    expect(c?.passed).toBe(false);
    expect(c?.detail).toContain('; “30.35元” among 万元 figures: read as 30.35万元, the percentage is 123.29% and the statement holds');
    const still = check([fact('决算数', '37.42'), fact('年初预算', '30.35', { unit: '元' }), fact('完成率', '99', { value_text: '99%', unit: '%', basis: '预算' })], ':percent');
    expect(still?.detail).toContain('read as 30.35万元, the percentage is 123.29% and the statement still does not hold');
  });
});

describe('a narrative amount against its table, printed in the other unit', () => {
  // 003 line 459 "住房保障支出(类)32.56万元": printed "32.56元", the narrative's other figures in 万元.
  const S003 = readFileSync(path.join(RAW, '003_0de3fbbbee820dbe.txt'), 'utf8');
  const LINE = '住房保障支出(类)32.56万元，占比4.70%。';
  it('says what it would be in the usual unit, and that it then matches', async () => {
    const r = await transformText(S003.replace(LINE, LINE.replace('32.56万元', '32.56元')), 'x.md');
    const c = r.checks.find((x) => x.check_id.endsWith(':table') && x.detail?.includes('line 459;'))!;
    expect(c).toMatchObject({ passed: false, expected: '325600.00', actual: '32.56' });
    expect(c.detail).toContain('; in 万元 (32.56万元) it would be 325600.00 元, which matches the table: a unit slip');
    const r2 = await transformText(S003.replace(LINE, LINE.replace('32.56万元', '32.59元')), 'x.md');
    expect(r2.checks.find((x) => x.check_id.endsWith(':table') && x.detail?.includes('line 459;'))!.detail).toContain('it would be 325900.00 元, which does not match either');
  });
});

describe('which fact a derived one is computed from, and what its checks said', () => {
  // Facts numbered as the reader numbers them (1, 2, … in reading order).
  const numbered = (facts: NarrativeFact[]) => facts.map((f, i) => ({ ...f, fact_no: i + 1 }));
  const whole = { subject: null };
  const facts = () =>
    numbered([
      fact('收入合计', '100', { ...whole, sentence_no: 1 }),
      fact('财政拨款收入', '80', { ...whole, sentence_no: 2 }),
      fact('占比', '80', { ...whole, sentence_no: 2, unit: '%' }),
      fact('决算数', '110', { sentence_no: 3 }),
      fact('增减额', '10', { sentence_no: 4, direction: '减少' }),
      fact('增减率', '8.33', { sentence_no: 4, direction: '减少', unit: '%' }),
      fact('年初预算', '120', { sentence_no: 5 }),
      fact('完成率', '91.67', { sentence_no: 5, basis: '年初预算', unit: '%' }),
      fact('增减率', '5', { sentence_no: 6, direction: '增加', unit: '%' }), // no 增减额 before it in its sentence
    ]);

  it('links a share to its total, a change to the amount that changed, a rate to its change, a completion to its budget', () => {
    const f = facts();
    linkBases(f);
    expect(f.map((x) => x.basis_fact_no)).toEqual([null, null, 1, null, 4, 5, null, 7, null]);
  });

  it('marks each fact with the outcome of the checks that name it, failing ones by id', () => {
    const f = facts();
    const c = (check_id: string, passed: boolean) => ({ check_id, kind: 'narrative', table_code: null, subject: '', description: '', expected: null, actual: null, difference: null, tolerance: null, passed, detail: null });
    markChecked(f, [c('narrative:3:percent', false), c('narrative:3:table', true), c('narrative:6:percent', true), c('narrative:8:percent', false), c('narrative:8:relation', false), c('narrative:coverage:201', false), c('row_total:05:1', false), c('narrative:10:percent', false)]);
    expect(f.map((x) => [x.fact_no, x.check_status, x.failed_checks])).toEqual([
      [1, null, null],
      [2, null, null],
      [3, 'failed', 'narrative:3:percent'],
      [4, null, null],
      [5, null, null],
      [6, 'passed', null],
      [7, null, null],
      [8, 'failed', 'narrative:8:percent,narrative:8:relation'],
      [9, null, null],
    ]);
  });
});
