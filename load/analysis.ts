// The budget_vs_outturn view (schemas/views.ts BUDGET_VS_OUTTURN describes its columns): a
// department's budget beside its final accounts of the same year, with PEFA's PI-1 and PI-2.1.
// Ratios are computed on whole cents in HUGEINT and rounded half up to 4 decimals: DuckDB
// divides decimals in DOUBLE, and no number here passes through a float.
import { BUDGET_VS_OUTTURN } from '../schemas/views.js';
import { quoteIdent } from './ddl.js';

const cents = (yuan: string) => `CAST(${yuan} * 100 AS HUGEINT)`;

/** n / d (HUGEINT expressions) as DECIMAL(18,4), half away from zero; NULL when d is 0 or either is NULL. */
const ratio = (n: string, d: string) =>
  `CASE WHEN (${d}) IS NULL OR (${n}) IS NULL OR (${d}) = 0 THEN NULL ELSE CAST(CAST(sign(${n}) * sign(${d}) * ((2 * abs(${n}) * 10000 + abs(${d})) // (2 * abs(${d}))) AS DECIMAL(38,0)) * 0.0001 AS DECIMAL(18,4)) END`;

const SUBJECT = `regexp_full_match(row_key, '[0-9]{3}([0-9]{2}){0,2}')`;

export function budgetVsOutturnSql(): string {
  return `CREATE OR REPLACE VIEW ${quoteIdent(BUDGET_VS_OUTTURN.name)} AS
WITH rep AS (
  SELECT report_id, report_kind, department_key, department, fiscal_year, coalesce(report_scope, 'department') AS report_scope
  FROM reports
  WHERE status <> 'failed' AND report_kind IS NOT NULL AND department_key IS NOT NULL AND fiscal_year IS NOT NULL
), pairs AS (
  SELECT b.department_key, coalesce(f.department, b.department) AS department, b.fiscal_year, b.report_scope,
         b.report_id AS budget_report_id, f.report_id AS final_report_id
  FROM rep b JOIN rep f
    ON b.report_kind = 'budget' AND f.report_kind = 'final_accounts'
   AND f.department_key = b.department_key AND f.fiscal_year = b.fiscal_year AND f.report_scope = b.report_scope
), bases(basis, budget_table, final_table) AS (VALUES ('all_funds', 'B03', '03'), ('general_budget', 'B05', '05')),
coded AS (
  SELECT report_id, table_code, row_key, row_label, amount_yuan FROM line_items
  WHERE col_no = 1 AND table_code IN ('B03', 'B05', '03', '05') AND (${SUBJECT} OR row_key = '合计') AND amount_yuan IS NOT NULL
), functions_b01 AS (
  -- A 支出预算总表 printed as its total alone (Jiangsu): the 类 of the 收支总表's functional panel instead.
  SELECT report_id, 'B03' AS table_code, row_key, row_label, amount_yuan FROM line_items l
  WHERE table_code = 'B01' AND col_no = 2 AND regexp_full_match(row_key, '[0-9]{3}') AND amount_yuan IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM coded c WHERE c.report_id = l.report_id AND c.table_code = 'B03' AND c.row_key <> '合计')
), cells AS (SELECT * FROM coded UNION ALL SELECT * FROM functions_b01),
budget AS (
  SELECT p.*, x.basis, c.row_key, c.row_label, c.amount_yuan
  FROM pairs p CROSS JOIN bases x JOIN cells c ON c.report_id = p.budget_report_id AND c.table_code = x.budget_table
), outturn AS (
  SELECT p.*, x.basis, c.row_key, c.row_label, c.amount_yuan
  FROM pairs p CROSS JOIN bases x JOIN cells c ON c.report_id = p.final_report_id AND c.table_code = x.final_table
), sides AS (
  -- Subjects are compared only where both reports print them by code; the totals wherever both print one.
  SELECT budget_report_id, final_report_id, basis FROM budget WHERE row_key <> '合计'
  INTERSECT SELECT budget_report_id, final_report_id, basis FROM outturn WHERE row_key <> '合计'
), joined AS (
  SELECT coalesce(b.department_key, o.department_key) AS department_key, coalesce(o.department, b.department) AS department,
         coalesce(b.fiscal_year, o.fiscal_year) AS fiscal_year, coalesce(b.report_scope, o.report_scope) AS report_scope,
         coalesce(b.basis, o.basis) AS basis, coalesce(b.budget_report_id, o.budget_report_id) AS budget_report_id,
         coalesce(b.final_report_id, o.final_report_id) AS final_report_id, coalesce(b.row_key, o.row_key) AS subject_code,
         coalesce(o.row_label, b.row_label) AS subject_name,
         coalesce(b.amount_yuan, 0.00)::DECIMAL(18,2) AS budget_yuan, coalesce(o.amount_yuan, 0.00)::DECIMAL(18,2) AS outturn_yuan
  FROM budget b FULL JOIN outturn o
    ON o.budget_report_id = b.budget_report_id AND o.final_report_id = b.final_report_id AND o.basis = b.basis AND o.row_key = b.row_key
), kept AS (
  SELECT j.* FROM joined j
  WHERE (j.subject_code = '合计' AND EXISTS (SELECT 1 FROM budget b WHERE b.budget_report_id = j.budget_report_id AND b.final_report_id = j.final_report_id AND b.basis = j.basis AND b.row_key = '合计')
                               AND EXISTS (SELECT 1 FROM outturn o WHERE o.budget_report_id = j.budget_report_id AND o.final_report_id = j.final_report_id AND o.basis = j.basis AND o.row_key = '合计'))
     OR (j.subject_code <> '合计' AND (j.budget_report_id, j.final_report_id, j.basis) IN (SELECT (budget_report_id, final_report_id, basis) FROM sides))
), labels05 AS (
  -- The names of 05's subjects, to resolve the narrative's 类/款/项 paths to codes.
  SELECT DISTINCT report_id, row_key, translate(regexp_replace(row_label, '\s', '', 'g'), '（）', '()') AS label
  FROM line_items WHERE table_code = '05' AND ${SUBJECT}
), paths05 AS (
  SELECT x.report_id, x.row_key AS code, c.label || '/' || k.label || '/' || x.label AS path
  FROM labels05 x JOIN labels05 k ON k.report_id = x.report_id AND k.row_key = left(x.row_key, 5) JOIN labels05 c ON c.report_id = x.report_id AND c.row_key = left(x.row_key, 3)
  WHERE length(x.row_key) = 7
  UNION ALL
  SELECT k.report_id, k.row_key, c.label || '/' || k.label FROM labels05 k JOIN labels05 c ON c.report_id = k.report_id AND c.row_key = left(k.row_key, 3)
  WHERE length(k.row_key) = 5
), year_start AS (
  -- The 年初预算 the final accounts' narrative states (its 一般公共预算财政拨款支出 section), in
  -- total, per 类, and per 款/项 where its path names a row of table 05.
  SELECT f.report_id,
         CASE WHEN f.subject IS NULL THEN '合计' WHEN f.subject NOT LIKE '%/%' THEN f.class_code ELSE p.code END AS subject_code,
         min(f.value * CASE f.unit WHEN '万元' THEN 10000 WHEN '亿元' THEN 100000000 ELSE 1 END)::DECIMAL(18,2) AS yuan
  FROM narrative_facts f
  LEFT JOIN paths05 p ON p.report_id = f.report_id AND p.path = translate(regexp_replace(f.subject, '\s', '', 'g'), '（）', '()')
  WHERE f.metric = '年初预算' AND f.topic = 'gp_expenditure' AND f.value IS NOT NULL AND f.unit IN ('元', '万元', '亿元')
  GROUP BY ALL
  HAVING subject_code IS NOT NULL
), totals AS (
  SELECT budget_report_id, final_report_id, basis,
         coalesce(max(budget_yuan) FILTER (WHERE subject_code = '合计'), sum(budget_yuan) FILTER (WHERE length(subject_code) = 3)) AS budget_total,
         coalesce(max(outturn_yuan) FILTER (WHERE subject_code = '合计'), sum(outturn_yuan) FILTER (WHERE length(subject_code) = 3)) AS outturn_total,
         sum(budget_yuan) FILTER (WHERE length(subject_code) = 3) AS budget_classes,
         sum(outturn_yuan) FILTER (WHERE length(subject_code) = 3) AS outturn_classes
  FROM kept GROUP BY ALL
), variance AS (
  SELECT k.budget_report_id, k.final_report_id, k.basis,
         sum(abs(${cents('k.outturn_yuan')} * ${cents('t.budget_classes')} - ${cents('k.budget_yuan')} * ${cents('t.outturn_classes')})) AS deviation,
         ${cents('any_value(t.outturn_classes)')} * ${cents('any_value(t.budget_classes)')} AS scale
  FROM kept k JOIN totals t USING (budget_report_id, final_report_id, basis)
  WHERE length(k.subject_code) = 3
  GROUP BY ALL
)
SELECT k.department_key, k.department, k.fiscal_year, k.report_scope, k.basis, k.budget_report_id, k.final_report_id,
       k.subject_code, k.subject_name,
       CASE length(k.subject_code) WHEN 3 THEN '类' WHEN 5 THEN '款' WHEN 7 THEN '项' ELSE 'total' END AS subject_level,
       k.budget_yuan, k.outturn_yuan,
       CASE WHEN k.basis = 'general_budget' THEN y.yuan END AS year_start_budget_yuan,
       k.outturn_yuan - k.budget_yuan AS difference_yuan,
       ${ratio(cents('k.outturn_yuan'), cents('k.budget_yuan'))} AS outturn_ratio,
       ${ratio(cents('t.outturn_total'), cents('t.budget_total'))} AS aggregate_outturn_ratio,
       ${ratio('v.deviation', 'v.scale')} AS composition_variance
FROM kept k
JOIN totals t USING (budget_report_id, final_report_id, basis)
LEFT JOIN variance v USING (budget_report_id, final_report_id, basis)
LEFT JOIN year_start y ON y.report_id = k.final_report_id AND y.subject_code = k.subject_code`;
}
