// Views in the shape of the printed tables, one per standard table, described once here: the
// CREATE VIEW statements, their COMMENT ON texts and the data dictionary are generated from
// these specs. Identifiers are ASCII snake_case; the Chinese names go into the comments.
import type { TableCode, TableSpec } from './contract.js';
import { narrativeFacts } from './narrative.js';
import { performanceIndicators, performanceProjects } from './performance.js';

export interface ViewColumn {
  name: string;
  zh: string;
  doc: string;
}

export interface ViewSpec {
  name: string;
  zh: string;
  doc: string;
  tableCode: TableCode;
  /** 'coded': one row per report and classification code; 'rows': one row per printed row; 'single': one row per report. */
  shape: 'coded' | 'rows' | 'single';
  /** Money columns by 栏次 (each gets a _yuan column and a _wan twin). */
  money: { col: number; name: string; zh: string }[];
}

const m = (col: number, name: string, zh: string) => ({ col, name, zh });
// Balances and income of a fund table printed as 收入支出 (05 and 08 numbered as transform/templates.ts does).
const FUND_BALANCES = [m(4, 'carryover_begin', '年初结转和结余'), m(5, 'income', '本年收入'), m(6, 'carryover_end', '年末结转和结余')];

export const VIEWS: ViewSpec[] = [
  { name: 't01_income_expenditure_summary', zh: '收入支出决算总表', tableCode: '01', shape: 'rows', doc: 'Table 01 (公开01表): one row per report and printed row, income side (栏次 1) and expenditure side (栏次 2).', money: [m(1, 'income', '收入金额'), m(2, 'expenditure', '支出金额')] },
  { name: 't02_income', zh: '收入决算表', tableCode: '02', shape: 'coded', doc: 'Table 02 (公开02表): income by functional classification (类/款/项), one row per report and subject.', money: [m(1, 'total_income', '本年收入合计'), m(2, 'fiscal_appropriation_income', '财政拨款收入'), m(3, 'superior_subsidy_income', '上级补助收入'), m(4, 'public_institution_income', '事业收入'), m(5, 'operating_income', '经营收入'), m(6, 'affiliated_remittance_income', '附属单位上缴收入'), m(7, 'other_income', '其他收入')] },
  { name: 't03_expenditure', zh: '支出决算表', tableCode: '03', shape: 'coded', doc: 'Table 03 (公开03表): expenditure by functional classification, all funds, basic versus project, one row per report and subject.', money: [m(1, 'total_expenditure', '本年支出合计'), m(2, 'basic_expenditure', '基本支出'), m(3, 'project_expenditure', '项目支出'), m(4, 'remittance_to_superior', '上缴上级支出'), m(5, 'operating_expenditure', '经营支出'), m(6, 'subsidy_to_affiliates', '对附属单位补助支出')] },
  { name: 't04_fiscal_appropriation_summary', zh: '财政拨款收入支出决算总表', tableCode: '04', shape: 'rows', doc: 'Table 04 (公开04表): fiscal appropriations, one row per report and printed row; income in 栏次 1, expenditure in 栏次 2–5.', money: [m(1, 'income', '收入金额'), m(2, 'expenditure_total', '支出合计'), m(3, 'general_budget', '一般公共预算财政拨款'), m(4, 'government_fund', '政府性基金预算财政拨款'), m(5, 'state_capital', '国有资本经营预算财政拨款')] },
  { name: 't05_general_budget_expenditure', zh: '一般公共预算财政拨款支出决算表', tableCode: '05', shape: 'coded', doc: 'Table 05 (公开05表): general public budget appropriations by functional classification; 栏次 4–6 only where a layout prints the 收入支出 variant with balances and income.', money: [m(1, 'total', '合计'), m(2, 'basic_expenditure', '基本支出'), m(3, 'project_expenditure', '项目支出'), ...FUND_BALANCES] },
  { name: 't06_basic_expenditure_by_economic_class', zh: '一般公共预算财政拨款基本支出决算明细表', tableCode: '06', shape: 'coded', doc: 'Table 06 (公开06表): basic expenditure of general public budget appropriations by economic classification (类 3 digits, 款 5 digits), with 人员经费合计 and 公用经费合计.', money: [m(1, 'amount', '决算数')] },
  { name: 't07_government_fund', zh: '政府性基金预算财政拨款收入支出决算表', tableCode: '07', shape: 'coded', doc: 'Table 07 (公开07表): government fund appropriations by functional classification.', money: [m(1, 'carryover_begin', '年初结转和结余'), m(2, 'income', '本年收入'), m(3, 'expenditure_total', '本年支出小计'), m(4, 'basic_expenditure', '本年支出基本支出'), m(5, 'project_expenditure', '本年支出项目支出'), m(6, 'carryover_end', '年末结转和结余')] },
  { name: 't08_state_capital', zh: '国有资本经营预算财政拨款支出决算表', tableCode: '08', shape: 'coded', doc: 'Table 08 (公开08表): state capital operating budget appropriations by functional classification; 栏次 4–6 where the layout prints 国有资本经营预算财政拨款收入支出决算表 (Shanghai) with balances and income.', money: [m(1, 'total', '合计'), m(2, 'basic_expenditure', '基本支出'), m(3, 'project_expenditure', '项目支出'), ...FUND_BALANCES] },
  { name: 't09_three_public', zh: '财政拨款“三公”经费支出决算表', tableCode: '09', shape: 'single', doc: 'Table 09 (公开09表): "three public" expenses, budget (预算数) and actual (决算数), one row per report.', money: [m(1, 'budget_total', '预算数合计'), m(2, 'budget_overseas_travel', '预算数因公出国(境)费'), m(3, 'budget_vehicles', '预算数公务用车购置及运行维护费小计'), m(4, 'budget_vehicle_purchase', '预算数公务用车购置费'), m(5, 'budget_vehicle_operation', '预算数公务用车运行维护费'), m(6, 'budget_reception', '预算数公务接待费'), m(7, 'actual_total', '决算数合计'), m(8, 'actual_overseas_travel', '决算数因公出国(境)费'), m(9, 'actual_vehicles', '决算数公务用车购置及运行维护费小计'), m(10, 'actual_vehicle_purchase', '决算数公务用车购置费'), m(11, 'actual_vehicle_operation', '决算数公务用车运行维护费'), m(12, 'actual_reception', '决算数公务接待费')] },
  { name: 't10_statistics', zh: '部门决算公开相关信息统计表', tableCode: '10', shape: 'rows', doc: 'Table 10 (公开10表): one row per report and printed row; money in amount_yuan, vehicle and equipment counts in quantity.', money: [m(1, 'amount', '统计数')] },
  // Budget (预算) reports: B01–B09 the national 部门预算公开 template's tables, B10–B13 regional extras.
  { name: 'b01_budget_summary', zh: '收支预算总表', tableCode: 'B01', shape: 'rows', doc: "Budget table B01 (收支预算总表, 部门收支总表): one row per report and printed row; income (col 1) and expenditure by function (col 2); Jiangsu's third panel, expenditure by use (基本支出, 项目支出 …), in col 3; a 单位预算's split of each function into 基本支出 (人员经费, 公用经费) and 项目支出 in cols 4–7.", money: [m(1, 'income', '收入预算数'), m(2, 'expenditure', '支出预算数'), m(3, 'expenditure_by_use', '支出预算数(按支出用途)'), m(4, 'basic_expenditure', '基本支出'), m(5, 'basic_staff', '基本支出人员经费'), m(6, 'basic_office', '基本支出公用经费'), m(7, 'project_expenditure', '项目支出')] },
  { name: 'b02_budget_income', zh: '收入预算总表', tableCode: 'B02', shape: 'coded', doc: "Budget table B02 (收入预算总表, 部门收入总表): income budget by functional classification and source; where a region prints it as a list of sources (Jiangsu), one row per source in col 1 with subject_code the source's label.", money: [m(1, 'total', '合计'), m(2, 'fiscal_appropriation', '财政拨款收入'), m(3, 'general_budget', '一般公共预算拨款收入'), m(4, 'government_fund', '政府性基金预算拨款收入'), m(5, 'state_capital', '国有资本经营预算拨款收入'), m(6, 'special_account', '财政专户管理资金收入'), m(7, 'public_institution_income', '事业收入'), m(8, 'operating_income', '事业单位经营收入'), m(9, 'superior_subsidy', '上级补助收入'), m(10, 'affiliated_remittance', '附属单位上缴收入'), m(11, 'other_income', '其他收入'), m(12, 'carryover', '上年结转')] },
  { name: 'b03_budget_expenditure', zh: '支出预算总表', tableCode: 'B03', shape: 'coded', doc: 'Budget table B03 (支出预算总表, 部门支出总表): expenditure budget of all funds by functional classification, basic versus project; a layout printing the total alone has its 合计 row only.', money: [m(1, 'total', '合计'), m(2, 'basic_expenditure', '基本支出'), m(3, 'project_expenditure', '项目支出'), m(4, 'operating_expenditure', '事业单位经营支出'), m(5, 'remittance_to_superior', '上缴上级支出'), m(6, 'subsidy_to_affiliates', '对附属单位补助支出'), m(7, 'contingency', '单位预留机动经费'), m(8, 'carryover_next_year', '结转下年'), m(9, 'basic_staff', '基本支出人员经费'), m(10, 'basic_office', '基本支出公用经费')] },
  { name: 'b04_budget_fiscal_appropriation_summary', zh: '财政拨款收支预算总表', tableCode: 'B04', shape: 'rows', doc: 'Budget table B04 (财政拨款收支预算总表): fiscal appropriations, one row per report and printed row; income in col 1, expenditure in col 2 (合计) and by fund in cols 3–5 where printed.', money: [m(1, 'income', '收入预算数'), m(2, 'expenditure_total', '支出合计'), m(3, 'general_budget', '一般公共预算'), m(4, 'government_fund', '政府性基金预算'), m(5, 'state_capital', '国有资本经营预算')] },
  { name: 'b05_budget_general_expenditure', zh: '一般公共预算支出预算表', tableCode: 'B05', shape: 'coded', doc: 'Budget table B05 (一般公共预算支出表): general public budget appropriations by functional classification, basic versus project where printed, and basic spending split into 人员经费 and 公用经费 where the layout prints it (the national template).', money: [m(1, 'total', '合计'), m(2, 'basic_expenditure', '基本支出'), m(3, 'project_expenditure', '项目支出'), m(4, 'basic_staff', '基本支出人员经费'), m(5, 'basic_office', '基本支出公用经费')] },
  { name: 'b06_budget_basic_expenditure_by_economic_class', zh: '一般公共预算基本支出预算表', tableCode: 'B06', shape: 'coded', doc: 'Budget table B06 (一般公共预算基本支出表): basic expenditure of general public budget appropriations by economic classification (类 3 digits, 款 5), split into 人员经费 and 公用经费 where printed.', money: [m(1, 'total', '合计'), m(2, 'staff_costs', '人员经费'), m(3, 'office_costs', '公用经费')] },
  { name: 'b07_budget_three_public', zh: '"三公"经费预算表', tableCode: 'B07', shape: 'single', doc: 'Budget table B07 (一般公共预算"三公"经费支出表): one row per report; Jiangsu adds 会议费, 培训费 and their 合计 (col 10), Shanghai 机关运行经费 (col 9).', money: [m(1, 'total', '"三公"经费合计'), m(2, 'overseas_travel', '因公出国(境)费'), m(3, 'vehicles', '公务用车购置及运行费小计'), m(4, 'vehicle_purchase', '公务用车购置费'), m(5, 'vehicle_operation', '公务用车运行费'), m(6, 'reception', '公务接待费'), m(7, 'meetings', '会议费'), m(8, 'training', '培训费'), m(9, 'running_costs', '机关运行经费'), m(10, 'total_with_meetings_training', '合计(含会议费、培训费)')] },
  { name: 'b08_budget_government_fund', zh: '政府性基金预算支出预算表', tableCode: 'B08', shape: 'coded', doc: 'Budget table B08 (政府性基金预算支出表): government fund appropriations by functional classification.', money: [m(1, 'total', '合计'), m(2, 'basic_expenditure', '基本支出'), m(3, 'project_expenditure', '项目支出'), m(4, 'basic_staff', '基本支出人员经费'), m(5, 'basic_office', '基本支出公用经费')] },
  { name: 'b09_budget_state_capital', zh: '国有资本经营预算支出预算表', tableCode: 'B09', shape: 'coded', doc: 'Budget table B09 (国有资本经营预算支出表): state capital operating budget appropriations by functional classification.', money: [m(1, 'total', '合计'), m(2, 'basic_expenditure', '基本支出'), m(3, 'project_expenditure', '项目支出'), m(4, 'basic_staff', '基本支出人员经费'), m(5, 'basic_office', '基本支出公用经费')] },
  { name: 'b10_budget_fiscal_appropriation_expenditure', zh: '财政拨款支出预算表', tableCode: 'B10', shape: 'coded', doc: 'Budget table B10 (财政拨款支出预算表, Jiangsu): all fiscal appropriations by functional classification.', money: [m(1, 'total', '合计'), m(2, 'basic_expenditure', '基本支出'), m(3, 'project_expenditure', '项目支出'), m(4, 'basic_staff', '基本支出人员经费'), m(5, 'basic_office', '基本支出公用经费')] },
  { name: 'b11_budget_fiscal_appropriation_basic', zh: '财政拨款基本支出预算表', tableCode: 'B11', shape: 'coded', doc: 'Budget table B11 (财政拨款基本支出预算表, Jiangsu): basic expenditure of all fiscal appropriations by economic classification.', money: [m(1, 'total', '合计'), m(2, 'staff_costs', '人员经费'), m(3, 'office_costs', '公用经费')] },
  { name: 'b12_budget_running_costs', zh: '机关运行经费支出预算表', tableCode: 'B12', shape: 'coded', doc: 'Budget table B12 (一般公共预算机关运行经费支出预算表, Jiangsu): running costs of the offices by economic classification.', money: [m(1, 'amount', '机关运行经费')] },
  { name: 'b13_budget_procurement', zh: '政府采购预算表', tableCode: 'B13', shape: 'rows', doc: "Budget table B13 (政府采购预算表): one row per printed line with an amount; row_key is the category (货物, 工程, 服务) and the line's labels, the 合计 and category rows are the totals.", money: [m(1, 'amount', '金额')] },
];

const REPORT_COLUMNS: ViewColumn[] = [
  { name: 'report_id', zh: '报告标识', doc: 'The report (reports.report_id).' },
  { name: 'department', zh: '部门名称', doc: 'Department as the report names it.' },
  { name: 'department_key', zh: '部门标识', doc: "The same body across years and name variants (reports.department_key): join a department's years on it." },
  { name: 'fiscal_year', zh: '年度', doc: 'Fiscal year of the report (of the final accounts, or of the budget).' },
  { name: 'report_scope', zh: '报告范围', doc: "reports.report_scope: 'department' (部门决算/部门预算, a department with its units) or 'unit' (单位决算/单位预算, one unit); NULL when the report says neither. A department may publish both for one year." },
  { name: 'report_status', zh: '报告状态', doc: "reports.status: 'ok' when every expected table parsed and no error-severity check fails; 'partial' when some of the report's numbers may be wrong or missing." },
  { name: 'table_status', zh: '表状态', doc: "'parsed' for the table's rows; 'declared_empty' for the one row of a report that prints the table empty (本表无数据): its other columns are NULL, so counting or summing over departments keeps it (as zero with coalesce)." },
];

const ROW_ORDER: ViewColumn = { name: 'row_order', zh: '打印顺序', doc: 'Position of the row in the printed table, in every layout (line_items.row_order): ORDER BY report_id, row_order shows the table as printed.' };

/** Every column of a view, in order, with its Chinese name. */
export function viewColumns(v: ViewSpec): ViewColumn[] {
  const cols = [...REPORT_COLUMNS];
  if (v.shape === 'coded') {
    cols.push(
      { name: 'subject_code', zh: '科目编码', doc: "Classification code (类 3 digits, 款 5, 项 7), or the row key of a total ('合计', '人员经费合计' …)." },
      { name: 'subject_name', zh: '科目名称', doc: 'Subject name as printed.' },
      { name: 'subject_level', zh: '科目级次', doc: "'类', '款', '项', or 'total' for total rows." },
      ROW_ORDER,
    );
  } else if (v.shape === 'rows') {
    cols.push(
      { name: 'row_no', zh: '行次', doc: 'Printed 行次 (NULL in layouts without 行次).' },
      { name: 'row_key', zh: '行标识', doc: 'Canonical row identity (see line_items.row_key).' },
      { name: 'item', zh: '项目', doc: 'Row label as printed.' },
      ROW_ORDER,
    );
    if (v.tableCode === '10') cols.push({ name: 'section', zh: '表内部分', doc: "The part of the table the row is printed under: '政府采购', '机关运行经费', '车辆', '大型设备' (line_items.section)." });
  }
  for (const c of v.money) {
    cols.push({ name: `${c.name}_yuan`, zh: `${c.zh}(元)`, doc: `栏次 ${c.col} ${c.zh}, in 元 (exact).` });
    cols.push({ name: `${c.name}_wan`, zh: `${c.zh}(万元)`, doc: `栏次 ${c.col} ${c.zh}, in 万元 (exact, 6 decimals).` });
  }
  if (v.tableCode === '10') {
    cols.push({ name: 'quantity', zh: '数量', doc: 'Count for vehicle (辆) and equipment (台套) rows; NULL for money rows.' }, { name: 'quantity_unit', zh: '数量单位', doc: "'辆' or '台套'." });
  }
  return cols;
}

/** A per-report table with its report's department, key, year and status in front: no join to write. */
export interface JoinedViewSpec {
  name: string;
  zh: string;
  doc: string;
  base: TableSpec;
  /** Also the project's name (performance_projects.project_name), for the indicator rows. */
  withProjectName?: boolean;
}

export const JOINED_VIEWS: JoinedViewSpec[] = [
  { name: 'performance_by_project', zh: '项目绩效(含部门)', base: performanceProjects, doc: 'performance_projects with the department, its key, the fiscal year and the report status: one row per 项目支出绩效自评表 (or 目标申报表).' },
  { name: 'performance_indicators_by_project', zh: '项目绩效指标(含部门)', base: performanceIndicators, withProjectName: true, doc: "performance_indicators with the department, its key, the fiscal year, the report status and the project's name: one row per indicator line." },
  { name: 'narrative_facts_by_report', zh: '情况说明数值(含部门)', base: narrativeFacts, doc: 'narrative_facts with the department, its key, the fiscal year and the report status: one row per numeric claim of the narrative.' },
];

export function joinedViewColumns(v: JoinedViewSpec): ViewColumn[] {
  const [id, ...rest] = REPORT_COLUMNS.filter((c) => c.name !== 'table_status');
  const base = Object.entries(v.base.columns)
    .filter(([name]) => name !== 'report_id')
    .map(([name, c]) => ({ name, zh: c.zh, doc: c.doc }));
  const project = v.withProjectName ? [{ name: 'project_name', zh: '项目名称', doc: 'The project (performance_projects.project_name).' }] : [];
  return [id, ...rest, ...project, ...base];
}

/**
 * Budget against outturn (PEFA PI-1 and PI-2): a department's budget (预算) report of a year beside
 * its final accounts (决算) of that year. Its SQL is load/analysis.ts.
 */
export const BUDGET_VS_OUTTURN = {
  name: 'budget_vs_outturn',
  zh: '预算与决算对比',
  doc:
    "For each department (department_key), year and scope with both a budget and a final-accounts report, on two bases: 'all_funds' (预算 B03 支出预算总表 against 决算 03 支出决算表, col 1) and " +
    "'general_budget' (B05 一般公共预算支出表 against 05 一般公共预算财政拨款支出决算表): one row per functional subject (类/款/项) printed by either, and one 'total' row (the printed 合计). " +
    'The outturn ratio is outturn / budget; per department, year and basis, aggregate_outturn_ratio (PEFA PI-1: total outturn / total budget) and composition_variance ' +
    '(PEFA PI-2.1: Σ|outturn − budget × aggregate ratio| / total outturn, over the 类) are repeated on every row. Ratios are exact, rounded half up to 4 decimals.',
  columns: [
    { name: 'department_key', zh: '部门标识', doc: 'The department (reports.department_key), the same in both reports.' },
    { name: 'department', zh: '部门名称', doc: 'As the final accounts name it (else the budget).' },
    { name: 'fiscal_year', zh: '年度', doc: 'The year both reports are about.' },
    { name: 'report_scope', zh: '报告范围', doc: "'department' or 'unit' (reports.report_scope; NULL counts as 'department'): a 单位预算 is compared with a 单位决算 only." },
    { name: 'basis', zh: '口径', doc: "'all_funds' (B03 against 03) or 'general_budget' (B05 against 05)." },
    { name: 'budget_report_id', zh: '预算报告标识', doc: 'The budget report (reports.report_id).' },
    { name: 'final_report_id', zh: '决算报告标识', doc: 'The final-accounts report (reports.report_id).' },
    { name: 'subject_code', zh: '科目编码', doc: "Functional classification code (类 3 digits, 款 5, 项 7), or '合计' for the total row." },
    { name: 'subject_name', zh: '科目名称', doc: 'As the final accounts print it (else the budget).' },
    { name: 'subject_level', zh: '科目级次', doc: "'类', '款', '项' or 'total'." },
    { name: 'budget_yuan', zh: '预算数(元)', doc: 'Budget (col 1 合计 of B03 or B05), in 元; 0.00 when the budget, having the table, does not print the subject.' },
    { name: 'outturn_yuan', zh: '决算数(元)', doc: 'Outturn (col 1 of 03 or 05), in 元; 0.00 when the final accounts, having the table, do not print the subject.' },
    { name: 'year_start_budget_yuan', zh: '决算所载年初预算(元)', doc: "The 年初预算 the final accounts' narrative states for the subject (general_budget basis: the total, a 类, or a 款/项 whose 类/款/项 path names a row of table 05; the narrative's 一般公共预算财政拨款支出 section), in 元; NULL where it states none." },
    { name: 'difference_yuan', zh: '差额(元)', doc: 'outturn_yuan − budget_yuan.' },
    { name: 'outturn_ratio', zh: '执行率', doc: 'outturn_yuan / budget_yuan (1.0000 = as budgeted); NULL when the budget is 0.' },
    { name: 'aggregate_outturn_ratio', zh: '总体执行率(PI-1)', doc: 'Per department, year and basis: total outturn / total budget (the printed 合计 rows).' },
    { name: 'composition_variance', zh: '支出结构偏差(PI-2)', doc: 'Per department, year and basis: Σ over 类 |outturn − budget × (Σ outturn / Σ budget)| / Σ outturn (PEFA PI-2.1); 0.0500 = 5 %.' },
  ] as ViewColumn[],
};

/** Every view, as the dictionary, the comments and the exports list them. */
export const ALL_VIEWS: { name: string; zh: string; doc: string; columns: ViewColumn[] }[] = [
  ...VIEWS.map((v) => ({ name: v.name, zh: v.zh, doc: v.doc, columns: viewColumns(v) })),
  ...JOINED_VIEWS.map((v) => ({ name: v.name, zh: v.zh, doc: v.doc, columns: joinedViewColumns(v) })),
  BUDGET_VS_OUTTURN,
];
