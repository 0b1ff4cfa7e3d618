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
];

const REPORT_COLUMNS: ViewColumn[] = [
  { name: 'report_id', zh: '报告标识', doc: 'The report (reports.report_id).' },
  { name: 'department', zh: '部门名称', doc: 'Department as the report names it.' },
  { name: 'department_key', zh: '部门标识', doc: "The same body across years and name variants (reports.department_key): join a department's years on it." },
  { name: 'fiscal_year', zh: '决算年度', doc: 'Fiscal year.' },
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

/** Every view, as the dictionary, the comments and the exports list them. */
export const ALL_VIEWS: { name: string; zh: string; doc: string; columns: ViewColumn[] }[] = [
  ...VIEWS.map((v) => ({ name: v.name, zh: v.zh, doc: v.doc, columns: viewColumns(v) })),
  ...JOINED_VIEWS.map((v) => ({ name: v.name, zh: v.zh, doc: v.doc, columns: joinedViewColumns(v) })),
];
