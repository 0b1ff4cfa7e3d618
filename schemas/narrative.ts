// Data contract of the rest of the report: the numeric claims of the narrative (第三部分 情况说明)
// and the department profile (第一部分 概况). Same conventions as contract.ts: rows carry
// report_id first (added when loading), money as exact decimal strings.
import { z } from 'zod';
import { col, decimalString, opt, type TableSpec } from './contract.js';

/**
 * What part of the narrative a section is about, whatever its printed numbering (the national
 * template numbers 一 … 十; Shanghai's adds 十、预算绩效管理情况 and moves other items around).
 */
export const NARRATIVE_TOPICS = [
  'title', // the heading of the narrative part itself
  'overview', // 收入支出决算总体情况
  'income', // 收入决算情况
  'expenditure', // 支出决算情况
  'fiscal_overview', // 财政拨款收入支出决算总体情况
  'gp_expenditure', // 一般公共预算财政拨款支出决算情况 (总体 / 结构 / 具体)
  'gp_basic', // 一般公共预算财政拨款基本支出决算情况
  'gov_fund', // 政府性基金预算财政拨款收支决算情况
  'soe_fund', // 国有资本经营预算财政拨款支出决算情况
  'three_public', // 财政拨款“三公”经费支出决算情况
  'running_costs', // 机关运行经费
  'procurement', // 政府采购
  'assets', // 国有资产占用情况
  'performance', // 预算绩效(管理)情况
  'other',
] as const;

/**
 * Closed vocabulary of narrative_facts.metric. Level amounts name the measure as the report does
 * (收入总计 … 机关运行经费); 年初预算 / 全年预算 / 决算数 are the budget and actual of the subject;
 * 完成率, 占比, 增减额, 增减率 are derived from other amounts (basis says which).
 */
export const NARRATIVE_METRICS = [
  // totals and composition (sections 一 … 四)
  '收入总计', '支出总计', '收入支出总计', '收入合计', '支出合计',
  '财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入',
  '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出',
  '财政拨款收入总计', '财政拨款支出总计', '财政拨款收入支出总计',
  // by fund
  '一般公共预算财政拨款收入', '一般公共预算财政拨款支出', '财政拨款基本支出', '政府性基金预算财政拨款收入', '政府性基金预算财政拨款支出',
  '国有资本经营预算财政拨款收入', '国有资本经营预算财政拨款支出',
  '人员经费', '公用经费', '机关运行经费',
  '政府采购支出总额', '授予中小企业合同金额', '授予小微企业合同金额',
  // budget against actual, per subject
  '年初预算', '全年预算', '预算数', '决算数',
  // derived
  '增减额', '增减率', '完成率', '占比', '百分比',
  // counts
  '车辆数', '购置车辆数', '公务用车保有量', '大型设备数', '出国团组数', '人次', '接待批次',
  // performance management (预算绩效)
  '绩效自评项目数', '绩效目标项目数', '绩效跟踪项目数', '部门评价项目数', '自评等级项目数', '绩效项目资金', '平均得分',
  // claims without an amount
  '决算与预算关系', '报告年度', '比较年度',
  '其他',
] as const;

export const narrativeFacts: TableSpec = {
  name: 'narrative_facts',
  zh: '情况说明数值',
  doc:
    'One row per numeric claim of the narrative part (第三部分 情况说明, or its Shanghai equivalent): amounts, percentages, counts, ' +
    'the years a statement is about or compares with, and statements that the actual is 小于/大于/等于 the budget. ' +
    'Sentences wrapped across lines and pages are joined first. Claims with a counterpart in the tables, and the percentages, ' +
    'are verified in checks (kind narrative).',
  primaryKey: ['report_id', 'fact_no'],
  columns: {
    report_id: col('VARCHAR', z.string(), '报告标识', 'The report (reports.report_id).'),
    fact_no: col('INTEGER', z.number().int().min(1), '序号', 'Order of the claim in the narrative (1-based).'),
    sentence_no: col('INTEGER', z.number().int().min(1), '句序号', 'Order of its sentence (split at 。 and ;) in the narrative; facts of one sentence share it.'),
    section: col('VARCHAR', z.string(), '章节编号', "Printed numbering of the section, e.g. '五(三)', '十一(二)'; '' for the part heading."),
    section_title: col('VARCHAR', z.string(), '章节标题', 'Printed section heading(s), e.g. "五、一般公共预算财政拨款支出决算情况说明 / (三)一般公共预算财政拨款支出决算具体情况".'),
    topic: col('VARCHAR', z.enum(NARRATIVE_TOPICS), '章节主题', "What the section is about, the same across layouts: 'overview', 'income', 'expenditure', 'fiscal_overview', 'gp_expenditure', 'gp_basic', 'gov_fund', 'soe_fund', 'three_public', 'running_costs', 'procurement', 'assets', 'performance', 'other', 'title'."),
    metric: col('VARCHAR', z.enum(NARRATIVE_METRICS), '指标', "Closed vocabulary: the measure named (收入总计, 支出合计, 基本支出, 财政拨款基本支出 …), 年初预算/全年预算/决算数 of the subject, derived 增减额/增减率/完成率/占比, counts (车辆数, 人次 …), performance counts, 报告年度/比较年度, 决算与预算关系; '其他' when the words match none (see label)."),
    subject: opt(col('VARCHAR', z.string(), '对象', "What the number is about when narrower than the report: a 类 ('一般公共服务支出'), a 类/款/项 path ('一般公共服务支出/财政事务/行政运行'), a 三公 item ('公务接待费'), an economic item of 人员经费/公用经费 ('办公费'), a vehicle kind, 货物/工程/服务 for procurement, a grade (优/良/中/差) for performance counts; NULL when about the whole report or fund.")),
    class_code: opt(col('VARCHAR', z.string(), '类科目代码', 'Functional classification code (3 digits) of the subject\'s 类, when the subject is one.')),
    basis: opt(col('VARCHAR', z.string(), '计算基数', "For derived metrics, what they are computed from as the sentence names it: 占比 → the total it is a share of (NULL = the section's total); 完成率 → 年初预算/全年预算/预算; 增减额/增减率 → the measure that changed (NULL = the subject's amount); 绩效项目资金 → the project count it belongs to.")),
    value: opt(col('DECIMAL(18,4)', decimalString, '数值', 'The number as printed, without separators ("6385.64", "8.05", "4"); NULL for "∞%", for a percentage printed without a number ("完成年初预算的%"), and for claims without a number.')),
    value_text: col('VARCHAR', z.string(), '原文', 'The claim as printed, e.g. "6,385.64万元", "∞%", "%", "4辆", "2023年度", "决算数小于预算数".'),
    unit: opt(col('VARCHAR', z.string(), '单位', "万元, 元, 亿元, %, 辆, 个, 人次, 批次, 台(套), 家, 分, 年; NULL for 决算与预算关系.")),
    amount_yuan: opt(col('DECIMAL(18,2)', decimalString, '金额(元)', 'Money converted exactly to 元; NULL for non-money.')),
    direction: opt(col('VARCHAR', z.string(), '方向', "增减额/增减率: '增加' or '减少' (增长/上升 → 增加, 下降/降低 → 减少), or '持平' for a change stated as none (与上年持平: an 增减额 of 0). 决算与预算关系: the relation stated between actual and budget: '小于', '大于', '等于' or '基本持平'.")),
    signed_value: opt(col('DECIMAL(18,4)', decimalString, '带符号数值', "value with the sign direction gives it: negative for a 减少 of 增减额/增减率, 0 for 持平; value itself for every other fact. What to compare with a change computed from the tables.")),
    signed_amount_yuan: opt(col('DECIMAL(18,2)', decimalString, '带符号金额(元)', 'amount_yuan with the same sign as signed_value (money facts only).')),
    basis_fact_no: opt(col('INTEGER', z.number().int().min(1), '基数序号', "fact_no of the fact a derived figure is computed from, as the checks pair them: 增减率 → its 增减额 (same sentence, just before it); 增减额 → the amount that changed (the current level); 占比 → the total it is a share of; 完成率 and 决算与预算关系 → the budget figure. NULL when the narrative gives no such figure.")),
    check_status: opt(col('VARCHAR', z.enum(['passed', 'failed']), '校验结果', "'failed' when a check of this fact failed (see failed_checks), 'passed' when every check of it passed, NULL when nothing could check it.")),
    failed_checks: opt(col('VARCHAR', z.string(), '未通过校验', 'check_id of each failing check of this fact (checks.check_id, comma-separated), e.g. narrative:12:table.')),
    period_year: opt(col('INTEGER', z.number().int(), '所属年度', 'Year the sentence says it is about (2023年度…, 截至2023年12月31日), when printed before the number in the same sentence.')),
    comparison_year: opt(col('INTEGER', z.number().int(), '比较年度', 'For 增减额/增减率 and 比较年度: the year compared with (比2022年, 与2023年度相比), or fiscal year − 1 when the sentence says 上年/上年度.')),
    label: col('VARCHAR', z.string(), '数值名称', 'The words naming the number, as printed between the previous number and this one.'),
    note: opt(col('VARCHAR', z.string(), '备注', 'Why value is NULL, or another remark on how the claim was read.')),
    sentence: col('VARCHAR', z.string(), '原句', 'The sentence the claim comes from (joined across line and page breaks).'),
    source_line: opt(col('INTEGER', z.number().int(), '源文件行号', 'Line (1-based) of the number in the text input.')),
    source_page: opt(col('INTEGER', z.number().int(), '源文件页码', 'Page (1-based) of the number in the PDF input.')),
  },
};

export const profiles: TableSpec = {
  name: 'profiles',
  zh: '部门概况',
  doc: 'One row per report: the department profile of 第一部分 概况: its responsibilities (主要职能/职责), and the numbers of internal and subordinate units and of budget units included, as printed. The unit names are in profile_units.',
  primaryKey: ['report_id'],
  columns: {
    report_id: col('VARCHAR', z.string(), '报告标识', 'The report.'),
    responsibilities: opt(col('VARCHAR', z.string(), '主要职能', 'Text of the responsibilities section (本部门(单位)职责 / 主要职能), lines joined; NULL when the report has none.')),
    responsibilities_line: opt(col('INTEGER', z.number().int(), '职能起始行号', 'Line of its heading (text input).')),
    responsibilities_page: opt(col('INTEGER', z.number().int(), '职能起始页码', 'Page of its heading (PDF input).')),
    organization: opt(col('VARCHAR', z.string(), '机构设置', 'Text of the organization section (机构设置情况 / 部门决算单位构成), lines joined, list rows included.')),
    internal_unit_count: opt(col('INTEGER', z.number().int(), '内设机构数', 'Number of internal units (内设机构 N 个) as printed; NULL when the report gives none (the names may still be listed).')),
    subordinate_unit_count: opt(col('INTEGER', z.number().int(), '下属单位数', 'Number of subordinate units (下属/所属单位 N 个) as printed; NULL when not printed.')),
    budget_unit_count: opt(col('INTEGER', z.number().int(), '纳入决算单位数', 'Number of budget units included in a consolidated report (共计 N 家) as printed; NULL when not printed.')),
    consolidated: col('BOOLEAN', z.boolean(), '是否汇总决算', 'Whether the report says which budget units its consolidated (汇总) accounts include (纳入…编制范围的单位).'),
  },
};

export const PROFILE_UNIT_KINDS = ['internal', 'subordinate', 'budget_unit'] as const;

export const profileUnits: TableSpec = {
  name: 'profile_units',
  zh: '部门机构与单位',
  doc: "One row per unit the profile names: internal units (内设机构), subordinate units (下属/所属单位) and, for consolidated reports, the budget units included (纳入部门决算编制范围的单位).",
  primaryKey: ['report_id', 'kind', 'seq'],
  columns: {
    report_id: col('VARCHAR', z.string(), '报告标识', 'The report.'),
    kind: col('VARCHAR', z.enum(PROFILE_UNIT_KINDS), '类别', "'internal' (内设机构), 'subordinate' (下属单位), 'budget_unit' (纳入决算编制范围的单位)."),
    seq: col('INTEGER', z.number().int().min(1), '序号', 'Order in the report (1-based within the kind).'),
    name: col('VARCHAR', z.string().min(1), '名称', 'Name as printed.'),
    note: opt(col('VARCHAR', z.string(), '备注', 'Remark printed beside it (e.g. 预算不单列,并入本级).')),
    source_line: opt(col('INTEGER', z.number().int(), '源文件行号', 'Line (text input).')),
    source_page: opt(col('INTEGER', z.number().int(), '源文件页码', 'Page (PDF input).')),
  },
};

export const NARRATIVE_TABLES: TableSpec[] = [narrativeFacts, profiles, profileUnits];
