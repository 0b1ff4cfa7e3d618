// Data contract of the performance appendices (第五部分 附件): one row per 项目支出绩效自评表 or
// 项目支出绩效目标申报表, and one row per indicator line of it. Rows are produced by
// transform/performance.ts; report_id is added when loading.
import { z } from 'zod';
import { col, decimalString, opt, type ColumnSpec, type TableSpec } from './contract.js';

const yuan = (zh: string, doc: string) => opt(col('DECIMAL(18,2)', decimalString, zh, doc));
const points = (zh: string, doc: string) => opt(col('DECIMAL(18,4)', decimalString, zh, doc));
const text = (zh: string, doc: string) => opt(col('VARCHAR', z.string(), zh, doc));

export const PERFORMANCE_FORMS = ['self_evaluation', 'target_declaration'] as const;

export const performanceProjects: TableSpec = {
  name: 'performance_projects',
  zh: '项目绩效自评表',
  doc:
    'One row per performance appendix of a report: a 项目支出绩效自评表 (self-evaluation after the year) or a 项目支出绩效目标申报表 ' +
    '(target declaration before the year). A table printed in two halves on consecutive pages (left columns, then right columns) is one row. ' +
    'Amounts are converted exactly to 元 from the unit the table prints (万元 or 元). A value that cannot be read with certainty is NULL and `notes` says why.',
  primaryKey: ['report_id', 'project_index'],
  columns: {
    report_id: col('VARCHAR', z.string(), '报告标识', 'The report (reports.report_id).'),
    project_index: col('INTEGER', z.number().int().min(1), '项目序号', 'Order of the table in the report (1, 2, …).'),
    form: col('VARCHAR', z.enum(PERFORMANCE_FORMS), '表式', "'self_evaluation' (项目支出绩效自评表) or 'target_declaration' (项目支出绩效目标申报表, amounts in 项目资金（元）, no execution or scores)."),
    title: text('表名', 'Title as printed (a title wrapped over two lines is joined; for a table split across pages, the left page\'s part).'),
    project_name: text('项目名称', "项目名称 as printed; for a table split across pages, the left page's cut-off name completed from the right page's by their overlap."),
    department_code: text('主管部门代码', 'Code part of 主管部门及代码 (e.g. "030").'),
    department_name: text('主管部门', 'Name part of 主管部门及代码.'),
    unit_code: text('预算单位代码', 'Code part of 预算单位 (实施单位), e.g. "030001"; NULL when the form prints no code.'),
    unit_name: text('预算单位', 'Name of the 预算单位 (实施单位 in the declaration form).'),
    money_unit: text('金额单位', "Unit the table prints its amounts in: '万元' (项目资金预算安排及执行进度（万元）) or '元' (项目资金（元）). NULL if not printed; then all *_yuan columns are NULL."),
    initial_budget_yuan: yuan('年初预算数(元)', '年初预算数 when the form has a single such column; in the declaration form, 年度资金总额. NULL when the form splits it into 目标申报数 and 预算编制数.'),
    target_declared_yuan: yuan('目标申报数(元)', '年初预算数 — 目标申报数 (from the target declaration), of the 资金总额 row, in 元.'),
    budget_compiled_yuan: yuan('预算编制数(元)', '年初预算数 — 预算编制数 (from the budget), of the 资金总额 row, in 元.'),
    annual_budget_yuan: yuan('全年预算数(元)', '全年预算数 (the budget after adjustments) of the 资金总额 row, in 元.'),
    executed_yuan: yuan('全年执行数(元)', '全年执行数 of the 资金总额 row, in 元.'),
    balance_yuan: yuan('资金结(转)余(元)', '资金结(转)余 of the 资金总额 row, in 元 (may be negative as printed).'),
    execution_rate: points('执行率(%)', '执行率 of the 资金总额 row as printed, in percent (e.g. 99.23).'),
    funding_full_score: points('资金分值', '分值 of the funding row where the form prints one (the national form: usually 10); NULL otherwise.'),
    funding_score: points('资金得分', '得分 of the 资金总额 row (the points the 执行率 earns, counted in 总分).'),
    funding_sources: text(
      '资金来源明细',
      'JSON array of the funding rows under 资金总额 (e.g. 市县区财政资金, 中央财政资金, 其中：本年财政拨款, 上年结转资金, 其他资金), in printed order. ' +
        'Each element: {"label", "target_declared_yuan", "budget_compiled_yuan", "initial_budget_yuan", "annual_budget_yuan", "executed_yuan", "balance_yuan", "execution_rate", "funding_full_score", "funding_score"} ' +
        '(exact decimal strings or null, same meaning as the columns of this table); in the declaration form only "label" and "initial_budget_yuan" (the 年度 amount).',
    ),
    annual_goal: text('年度目标', '年度目标 (the planned outcome), when it can be told apart from 实际完成情况.'),
    actual_completion: text('实际完成情况', '实际完成情况 (what was achieved), when it can be told apart from 年度目标.'),
    goals_text: text('目标原文', 'The 年度目标 / 实际完成情况 block as printed, lines joined with newlines, when the two columns are interleaved in the text and cannot be separated with certainty.'),
    total_score: points('总分', '总分 as printed.'),
    grade: text('评级', "评级 printed beside 总分: '优', '良', '中' or '差' (or as printed)."),
    indicator_count: col('INTEGER', z.number().int().min(0), '指标数', 'Number of performance_indicators rows of this table.'),
    split_across_pages: col('BOOLEAN', z.boolean(), '跨页拆分', 'Whether the table was printed in two halves (left columns on one page, right columns on the next) and reassembled.'),
    source_line: opt(col('INTEGER', z.number().int(), '源文件行号', 'Line of the title (text input).')),
    source_page: opt(col('INTEGER', z.number().int(), '源文件页码', 'Page of the title (PDF input).')),
    notes: text('说明', 'Why values are NULL and which decisions were taken (e.g. how a split table was reassembled), separated by "; ".'),
  },
};

function valueColumns(prefix: string, zh: string, what: string): Record<string, ColumnSpec> {
  return {
    [`${prefix}_text`]: text(zh, `${what} as printed (e.g. "≥90%", "=2606622.39元", "≤62万元", "及时").`),
    [`${prefix}_comparator`]: text(`${zh}比较符`, `Comparator of ${what}: '=', '≥', '≤', '>', '<', '≠' or '≈' (">=" is read as '≥'); NULL when none is printed.`),
    [`${prefix}_number`]: opt(col('VARCHAR', decimalString, `${zh}数值`, `Number in ${what}, as an exact decimal string (e.g. "2606622.39"); NULL for text values and for values that may be cut off.`)),
    [`${prefix}_unit`]: text(`${zh}单位`, `Unit after the number in ${what} (e.g. '%', '万元', '户', '元/每吨'); NULL when there is no number.`),
    [`${prefix}_amount_yuan`]: yuan(`${zh}金额(元)`, `${what} converted exactly to 元 when its unit is money ('元', '千元', '万元', '亿元'); NULL otherwise (also for rates such as '万元/年').`),
  };
}

export const performanceIndicators: TableSpec = {
  name: 'performance_indicators',
  zh: '项目绩效指标',
  doc:
    'One row per indicator line (三级指标) of a performance appendix. 一级指标 and 二级指标 are the labels the line falls under (they span several lines in the printed table). ' +
    'A cell that cannot be assigned with certainty (cells run together or wrapped so that column boundaries are lost) is NULL, `raw_text` keeps the printed line and `null_reason` says why.',
  primaryKey: ['report_id', 'project_index', 'indicator_index'],
  columns: {
    report_id: col('VARCHAR', z.string(), '报告标识', 'The report (reports.report_id).'),
    project_index: col('INTEGER', z.number().int().min(1), '项目序号', 'The table (performance_projects.project_index).'),
    indicator_index: col('INTEGER', z.number().int().min(1), '指标序号', 'Order of the indicator line in the table (1, 2, …).'),
    level1: text('一级指标', "一级指标 (产出指标, 效益指标, 满意度指标, 成本指标). Derived from 二级指标 by the national indicator framework (数量/质量/时效 → 产出指标, 经济/社会/生态效益 and 可持续影响 → 效益指标, 服务对象满意度 → 满意度指标); for 成本指标, the printed 一级指标 if it is 产出指标 or 成本指标."),
    level2: text('二级指标', 'Standard name of the 二级指标 (e.g. 数量指标, 社会效益指标, 服务对象满意度指标), completed where the printed label is cut or wrapped; NULL when the row carries conflicting labels.'),
    level3: text('三级指标', '三级指标 as printed (it may be cut off at the cell edge in the source).'),
    ...valueColumns('target', '年初指标值', '年初指标值 (年度指标值; 指标值 in the declaration form)'),
    ...valueColumns('adjusted', '调整后指标值', '调整后指标值 (NULL when the form has no such column)'),
    ...valueColumns('actual', '实际完成值', '实际完成值'),
    full_score: points('分值', '分值 (the points the indicator can earn).'),
    score: points('得分', '得分 (the points it earned).'),
    deviation_reason: text('偏差原因分析及改进措施', '偏差原因分析及改进措施 as printed.'),
    raw_text: col('VARCHAR', z.string(), '原文', 'The printed line(s) of the indicator, lines joined with newlines (for a table split across pages, the left part; the right part is in score/deviation_reason).'),
    null_reason: text('空值原因', 'Why cells of this row are NULL, separated by "; ".'),
    source_line: opt(col('INTEGER', z.number().int(), '源文件行号', 'First line of the indicator (text input).')),
    source_page: opt(col('INTEGER', z.number().int(), '源文件页码', 'Page of the indicator (PDF input).')),
  },
};
