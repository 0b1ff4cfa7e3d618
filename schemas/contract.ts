// The data contract: every table of the database is described here once. The zod schemas
// validate rows before loading; the DuckDB DDL (load/ddl.ts) and the data dictionary
// (docs) are derived from these same definitions.
import { z } from 'zod';

/** Exact decimal carried as a string (never a JS number), e.g. "62168500.00". */
export const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'exact decimal string');

// Precision 18 keeps DuckDB's decimals in 64 bits: loading DECIMAL(20,4) (128-bit) cost about
// three times as much as DECIMAL(18,4).
export type SqlType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'TIMESTAMP' | 'DECIMAL(18,2)' | 'DECIMAL(18,4)';

/** A decimal string that DECIMAL(precision, scale) holds exactly: DuckDB would round more decimals. */
export function decimalFitting(precision: number, scale: number) {
  return z.string().regex(new RegExp(`^-?\\d{1,${precision - scale}}(\\.\\d{1,${scale}})?$`), `exact decimal with at most ${precision - scale} digits before the point and ${scale} after`);
}

export interface ColumnSpec {
  schema: z.ZodType;
  sql: SqlType;
  nullable: boolean;
  /** English description for the data dictionary. */
  doc: string;
  /** Chinese name, for COMMENT ON and researchers' convenience. */
  zh: string;
}

export function col(sql: SqlType, schema: z.ZodType, zh: string, doc: string): ColumnSpec {
  // A DECIMAL column checks that its values fit it, so the database never rounds what we give it.
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(sql);
  if (decimal && schema === decimalString) schema = decimalFitting(Number(decimal[1]), Number(decimal[2]));
  return { sql, schema, zh, doc, nullable: false };
}
export function opt(spec: ColumnSpec): ColumnSpec {
  return { ...spec, schema: spec.schema.nullable(), nullable: true };
}

/** The national 部门决算公开 template's tables (公开01表 … 公开10表). */
export const FINAL_TABLE_CODES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'] as const;
/**
 * The tables of a budget (预算) report: B01–B09 the national 部门预算公开 template's nine, then
 * the regional extras B10–B13 (transform/tables/budget/templates.ts names them all).
 */
export const BUDGET_TABLE_CODES = ['B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'B09', 'B10', 'B11', 'B12', 'B13'] as const;
export const TABLE_CODES = [...FINAL_TABLE_CODES, ...BUDGET_TABLE_CODES] as const;
export type TableCode = (typeof TABLE_CODES)[number];
/** What a report is: the final accounts (决算) of a year, or its budget (预算). */
export const REPORT_KINDS = ['final_accounts', 'budget'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
/** Whose accounts: a department with its units (部门预算/部门决算) or one unit (单位预算/单位决算). */
export const REPORT_SCOPES = ['department', 'unit'] as const;
export type ReportScope = (typeof REPORT_SCOPES)[number];
/** The tables of a report of that kind, in template order. */
export const tableCodesOf = (kind: ReportKind): readonly TableCode[] => (kind === 'budget' ? BUDGET_TABLE_CODES : FINAL_TABLE_CODES);

export const REPORT_STATUS = ['ok', 'partial', 'failed'] as const;
/**
 * How much a failing check says about our data: 'error', it may be wrong or incomplete (a table
 * identity fails, a standard table is missing, a placement was ambiguous); 'warning', the source
 * contradicts itself (its narrative against its tables, a heading naming another year); 'info',
 * a convention (a rise from zero stated as 100%).
 */
export const CHECK_SEVERITY = ['error', 'warning', 'info'] as const;
export type CheckSeverity = (typeof CHECK_SEVERITY)[number];
export const TABLE_STATUS = ['parsed', 'declared_empty', 'absent', 'unparsed'] as const;
/** Level of government of a department (reports.admin_level). */
export const ADMIN_LEVELS = ['central', 'province', 'city', 'county'] as const;

export interface TableSpec {
  name: string;
  zh: string;
  doc: string;
  primaryKey: string[];
  columns: Record<string, ColumnSpec>;
}

export const reports: TableSpec = {
  name: 'reports',
  zh: '公开报告',
  doc: 'One row per report (决算 or 预算) that was processed, whatever its outcome: one input file, or two when a publication prints its narrative and its tables apart (report_files lists them).',
  primaryKey: ['report_id'],
  columns: {
    report_id: col('VARCHAR', z.string().length(16), '报告标识', 'Stable id: first 16 hex digits of the SHA-256 of the file content.'),
    source_path: col('VARCHAR', z.string().min(1), '源文件路径', 'Path of the input file, relative to RAW_DIR; of its tables file when the report is two files (report_files).'),
    source_sha256: col('VARCHAR', z.string().length(64), '源文件哈希', 'SHA-256 of the file content (hex); of the tables file when the report is two files.'),
    source_bytes: col('BIGINT', z.bigint(), '文件字节数', 'Size of the input file in bytes (of all its files when the report is two).'),
    source_format: col('VARCHAR', z.enum(['text', 'layout', 'cells', 'markdown', 'pdf']), '文件格式', "'pdf'; or text extracted from a PDF: 'text' (a table row's cells on one line: pdf.js, pdf-parse), 'layout' (laid out in character columns: pdftotext -layout), 'cells' (one cell per line: mutool, pdftotext, pdf2txt), 'markdown' (tab-separated cells)."),
    source_encoding: opt(col('VARCHAR', z.string(), '文本编码', 'Detected character encoding of text input (utf-8, utf-16le, gb18030 …); NULL for PDF.')),
    page_count: opt(col('INTEGER', z.number().int(), '页数', 'Number of PDF pages; NULL for text input.')),
    department: opt(col('VARCHAR', z.string(), '部门名称', 'Department (部门名称/单位名称) as the report names it.')),
    report_kind: opt(col('VARCHAR', z.enum(REPORT_KINDS), '报告类型', "'final_accounts' (部门决算: what was spent, tables 01–10) or 'budget' (部门预算/单位预算: what is planned, tables B01–B13); NULL when the file failed before its tables were read.")),
    report_scope: opt(col('VARCHAR', z.enum(REPORT_SCOPES), '报告范围', "'department' where the report says 部门预算/部门决算 (a department with its units), 'unit' where it says 单位预算/单位决算 (one unit); NULL when it says neither.")),
    fiscal_year: opt(col('INTEGER', z.number().int().min(1990).max(2100), '年度', 'Fiscal year the report is about (e.g. 2023): of the final accounts, or of the budget.')),
    province: opt(col('VARCHAR', z.string(), '省级行政区', 'Province-level region (山西省, 上海市 …), as the department name prints it or inferred from its prefecture (长治市 → 山西省; data/classifications/regions.csv); else from the cover. NULL when none is named.')),
    city: opt(col('VARCHAR', z.string(), '地级行政区', 'Prefecture-level region (长治市; the municipality itself for 上海市 …); NULL when not named.')),
    county: opt(col('VARCHAR', z.string(), '县级行政区', 'County-level region (屯留区, 平顺县) as printed after the city; NULL when not named.')),
    admin_level: opt(col('VARCHAR', z.enum(ADMIN_LEVELS), '行政级别', "Level of government of the department: 'county' (a county or district is named), 'city' (a prefecture), 'province' (a province or municipality only), 'central' (国家…, 中华人民共和国…); NULL when the name says none.")),
    department_key: opt(col('VARCHAR', z.string(), '部门标识', "The same body across years and name variants: region (province, city, county) '|' the body's name with 中国共产党 → 中共, 委员会 → 委, 人民政府 → 政府 and the region's name dropped but its level kept (中共长治市屯留区委组织部 and 中国共产党长治市屯留区委员会组织部 are both '山西省长治市屯留区|中共区委组织部'). Join a department's reports of several years on it.")),
    layout: col('VARCHAR', z.enum(['national', 'shanghai', 'unknown']), '版式', "Table layout: 'national' (公开01表…公开10表 with 行次/栏次), 'shanghai' (nine tables, no 行次/栏次: read by their titles and column heads alone, as every budget layout seen is) or 'unknown'."),
    status: col('VARCHAR', z.enum(REPORT_STATUS), '处理状态', "'ok': every expected table found and parsed, and no check of severity 'error' fails (the source may still contradict itself: see warnings_failed); 'partial': loaded, but a table is missing or unparsed or an 'error' check fails, so some of our numbers may be wrong or missing; 'failed': nothing could be extracted (see ingest_errors)."),
    status_detail: opt(col('VARCHAR', z.string(), '状态说明', 'Why the status is not ok.')),
    tables_found: col('INTEGER', z.number().int(), '识别表数', 'Number of standard tables found (parsed or declared empty).'),
    cells_extracted: col('INTEGER', z.number().int(), '提取单元格数', 'Number of line_items rows of this report.'),
    checks_failed: col('INTEGER', z.number().int(), '未通过校验数', 'Number of failing checks of this report, all severities.'),
    errors_failed: opt(col('INTEGER', z.number().int(), '未通过错误级校验数', "Failing checks of severity 'error': doubts about our numbers (any makes the report partial).")),
    warnings_failed: opt(col('INTEGER', z.number().int(), '未通过警告级校验数', "Failing checks of severity 'warning': the source contradicting itself (its narrative against its tables …).")),
    info_failed: opt(col('INTEGER', z.number().int(), '未通过提示级校验数', "Failing checks of severity 'info': conventions (a rise from zero stated as 100%).")),
    parser_version: col('VARCHAR', z.string(), '解析器版本', 'Version of the code that produced the rows: release and a hash of the extract/transform code (pipeline/version.ts); a report whose version is not current is parsed again by the next run.'),
    run_id: opt(col('INTEGER', z.number().int(), '运行编号', 'The run that loaded the report (runs.run_id).')),
    ingested_at: col('TIMESTAMP', z.string(), '入库时间', 'When the report was loaded (UTC).'),
  },
};

export const lineItems: TableSpec = {
  name: 'line_items',
  zh: '报表单元格',
  doc: 'One row per non-empty numeric cell of the standard tables (决算: 公开01表 … 公开10表; 预算: B01 … B13).',
  primaryKey: ['report_id', 'table_code', 'row_key', 'col_no'],
  columns: {
    report_id: col('VARCHAR', z.string(), '报告标识', 'The report (reports.report_id).'),
    table_code: col('VARCHAR', z.enum(TABLE_CODES), '表号', "Template number of the table, whatever the report prints: '01' 收入支出决算总表 … '10' 部门决算公开相关信息统计表 for final accounts; 'B01' 收支预算总表 … 'B13' 政府采购预算表 for budgets (docs/data-dictionary.md lists them)."),
    row_key: col('VARCHAR', z.string().min(1), '行标识', "Canonical row identity: classification code (科目代码) where the row has one; '合计' for the total row of a coded table; else the label without ordinal prefix and spaces, prefixed 'income:'/'expenditure:' when both sides of 01/04 use it, or with the parent row key for repeated sub-rows; '1' for the data row of 09."),
    row_no: opt(col('INTEGER', z.number().int(), '行次', 'Printed 行次 where the table has one (01, 04, 10).')),
    row_label: col('VARCHAR', z.string(), '行名称', 'The row label as printed (wrapped parts joined).'),
    row_order: opt(col('INTEGER', z.number().int().min(1), '打印顺序', 'Position of the row in the printed table (1-based, headings and empty rows counted), in every layout: sort by it to see the table as printed, where 行次 is not printed.')),
    section: opt(col('VARCHAR', z.string(), '表内部分', "Part of the table the row is printed under, for table 10: '政府采购', '机关运行经费', '车辆' (vehicle counts), '大型设备' (equipment of 100万元 and more); NULL in the other tables.")),
    col_no: col('INTEGER', z.number().int().min(1), '栏次', 'Column number (栏次) as printed, or as the national template numbers it.'),
    col_label: col('VARCHAR', z.string(), '栏名称', 'Column name of the national template.'),
    amount_yuan: opt(col('DECIMAL(18,2)', decimalString, '金额(元)', 'Money converted exactly to 元; NULL when the cell is a count.')),
    quantity: opt(col('DECIMAL(18,2)', decimalString, '数量', 'Counts (vehicles 辆, equipment 台套); NULL for money.')),
    reported_text: col('VARCHAR', z.string(), '原文数值', 'The number as printed.'),
    reported_unit: col('VARCHAR', z.string(), '原文单位', 'The unit the table declared (万元, 元) or the count unit (辆, 台套).'),
    source_line: opt(col('INTEGER', z.number().int(), '源文件行号', 'Line number (1-based) in the text input.')),
    source_page: opt(col('INTEGER', z.number().int(), '源文件页码', 'Page number (1-based) in the PDF input.')),
  },
};

export const reportTables: TableSpec = {
  name: 'report_tables',
  zh: '报表识别情况',
  doc: "One row per report and standard table: whether it was parsed, declared empty ('本表无数据'), absent from the report, or found but not parsed.",
  primaryKey: ['report_id', 'table_code'],
  columns: {
    report_id: col('VARCHAR', z.string(), '报告标识', 'The report.'),
    table_code: col('VARCHAR', z.enum(TABLE_CODES), '表号', "Template number of the table ('01' … '10' for final accounts, 'B01' … 'B13' for budgets)."),
    table_title: opt(col('VARCHAR', z.string(), '表名', 'Title as printed.')),
    status: col('VARCHAR', z.enum(TABLE_STATUS), '识别状态', "'parsed', 'declared_empty' (the report says 本表无数据 or prints only empty rows), 'absent' (no such table in the report), 'unparsed' (found, but no cell could be read)."),
    reported_unit: opt(col('VARCHAR', z.string(), '金额单位', 'Money unit declared by the table (万元/元).')),
    row_count: col('INTEGER', z.number().int(), '行数', 'Rows with at least one non-empty cell.'),
    cell_count: col('INTEGER', z.number().int(), '单元格数', 'Non-empty cells (line_items rows).'),
    source_line: opt(col('INTEGER', z.number().int(), '起始行号', 'Line where the table starts (text input).')),
    source_page: opt(col('INTEGER', z.number().int(), '起始页码', 'Page where the table starts (PDF input).')),
  },
};

export const checks: TableSpec = {
  name: 'checks',
  zh: '校验结果',
  doc: 'One row per validation performed on a report: accounting identities within and across tables, and column placements decided by identities. Amounts in 元.',
  primaryKey: ['report_id', 'check_id'],
  columns: {
    report_id: col('VARCHAR', z.string(), '报告标识', 'The report.'),
    check_id: col('VARCHAR', z.string(), '校验标识', 'Unique within the report: kind, table and subject.'),
    kind: col('VARCHAR', z.string(), '校验类型', "Tables: 'row_total', 'hierarchy', 'table_total', 'cross_table', 'column_placement' (a placement decided by an identity), 'precision'. Report: 'completeness' (a standard table is missing), 'consistency' (a heading names another department or year). 'narrative': a 情况说明 figure against the tables or its own arithmetic, and the announced self-evaluations against the appendix. 'performance': a 绩效自评表's own arithmetic."),
    table_code: opt(col('VARCHAR', z.string(), '表号', 'Table the check is about (the first one, for cross-table checks).')),
    subject: col('VARCHAR', z.string(), '校验对象', 'Row key / column the check is about.'),
    description: col('VARCHAR', z.string(), '说明', 'The identity in words, e.g. "02 合计: col1 = col2+…+col7".'),
    expected: opt(col('DECIMAL(18,2)', decimalString, '期望值(元)', 'Value the identity requires (e.g. the printed total), in 元. For checks of percentages, counts and years expected/actual/difference/tolerance are NULL and both values are in detail; performance checks of 执行率 and 总分 carry percent and points (their description says so).')),
    actual: opt(col('DECIMAL(18,2)', decimalString, '实际值(元)', 'Value computed from the other cells, in 元.')),
    difference: opt(col('DECIMAL(18,2)', decimalString, '差额(元)', 'actual − expected, in 元.')),
    tolerance: opt(col('DECIMAL(18,4)', decimalString, '容差(元)', 'Largest difference that rounding of the printed numbers explains ((n+1) × half a unit of the last printed digit): four decimals, since half a unit of 0.01 元 is 0.005 元.')),
    passed: col('BOOLEAN', z.boolean(), '是否通过', 'Whether |difference| ≤ tolerance.'),
    severity: opt(col('VARCHAR', z.enum(CHECK_SEVERITY), '严重程度', "What a failure means: 'error' (our data may be wrong or incomplete: table identities, placement, precision, completeness, the 绩效 tables' arithmetic), 'warning' (the source contradicts itself: narrative against tables or appendix, a heading naming another department or year), 'info' (a convention: growth from zero stated as a percentage).")),
    detail: opt(col('VARCHAR', z.string(), '详情', 'Terms involved, or the decision taken.')),
  },
};

export const ingestErrors: TableSpec = {
  name: 'ingest_errors',
  zh: '导入错误',
  doc: 'One row per input file that could not be processed (or was a duplicate), with the reason. The latest run only keeps the errors of files still present.',
  primaryKey: ['source_path'],
  columns: {
    source_path: col('VARCHAR', z.string(), '源文件路径', 'Path relative to RAW_DIR.'),
    source_sha256: opt(col('VARCHAR', z.string(), '源文件哈希', 'SHA-256 of the content, when it could be read.')),
    stage: col('VARCHAR', z.enum(['read', 'extract', 'transform', 'load', 'duplicate']), '阶段', 'Stage that failed.'),
    error: col('VARCHAR', z.string(), '错误', 'Clear reason, e.g. "PDF has no text layer (scanned image?)".'),
    occurred_at: col('TIMESTAMP', z.string(), '时间', 'When it happened (UTC).'),
    parser_version: opt(col('VARCHAR', z.string(), '解析器版本', 'Version of the code that tried (reports.parser_version); the file is tried again when it changes.')),
    run_id: opt(col('INTEGER', z.number().int(), '运行编号', 'The run that recorded the error (runs.run_id).')),
  },
};

export const runs: TableSpec = {
  name: 'runs',
  zh: '运行记录',
  doc: 'One row per run of the pipeline (make all, cli run) that reached the database: what it saw and did. A run that could not finish is recorded with its error when the database could still be written.',
  primaryKey: ['run_id'],
  columns: {
    run_id: col('INTEGER', z.number().int().min(1), '运行编号', 'Sequential: 1 for the first run of this database.'),
    started_at: col('TIMESTAMP', z.string(), '开始时间', 'When the run started (UTC).'),
    ended_at: col('TIMESTAMP', z.string(), '结束时间', 'When it published its results (UTC).'),
    parser_version: col('VARCHAR', z.string(), '解析器版本', 'Version of the code of the run (reports.parser_version).'),
    files_seen: col('INTEGER', z.number().int(), '发现文件数', 'Files under RAW_DIR.'),
    files_new: col('INTEGER', z.number().int(), '新文件数', 'Files parsed for the first time.'),
    files_reparsed: col('INTEGER', z.number().int(), '重新解析数', 'Files parsed again: their content changed or an older parser version produced their rows.'),
    files_skipped: col('INTEGER', z.number().int(), '跳过文件数', 'Files unchanged and parsed by the current version.'),
    files_loaded: col('INTEGER', z.number().int(), '入库报告数', 'Of the files parsed, those loaded as reports (ok or partial).'),
    files_failed: col('INTEGER', z.number().int(), '失败文件数', 'Of the files parsed, those that could not be processed (see ingest_errors).'),
    files_duplicate: col('INTEGER', z.number().int(), '重复文件数', 'Files with the same content as another one, recorded once.'),
    files_removed: col('INTEGER', z.number().int(), '删除文件数', 'Files gone from RAW_DIR whose rows were removed.'),
    exit_code: col('INTEGER', z.number().int(), '退出码', '0: done; 1: done, but a file failed and the run was --strict; 2: the run could not complete (error says why).'),
    error: opt(col('VARCHAR', z.string(), '错误', 'Why the run could not complete; NULL when it did.')),
    shard: opt(col('VARCHAR', z.string(), '分片', "'K/N' for a run of one shard of RAW_DIR (cli run --shard K/N); 'merge of N shards' for a database merged from them (cli merge); NULL for a run over all of RAW_DIR.")),
  },
};

export const reportFiles: TableSpec = {
  name: 'report_files',
  zh: '报告文件',
  doc: "The input files of each report: one row for a report in one file; two when a publication prints its narrative (…说明) and its tables (…表) as separate files, which are loaded as one report.",
  primaryKey: ['report_id', 'source_path'],
  columns: {
    report_id: col('VARCHAR', z.string(), '报告标识', 'The report (reports.report_id).'),
    source_path: col('VARCHAR', z.string().min(1), '源文件路径', 'Path of the file, relative to RAW_DIR.'),
    sha256: col('VARCHAR', z.string().length(64), '文件哈希', 'SHA-256 of the file content (hex).'),
    role: col('VARCHAR', z.enum(['whole', 'tables', 'narrative']), '文件角色', "'whole' (the report is this one file, tables and narrative), 'tables' (the file with the tables: of a two-file report, or a report whose narrative is not (yet) loaded: a narrative file arriving later joins it) or 'narrative' (the file with its narrative, 情况说明, printed apart)."),
  },
};

/** The tables of the standard tables' pipeline (see schemas/database.ts for all tables). */
export const CORE_TABLES: TableSpec[] = [reports, reportFiles, reportTables, lineItems, checks, ingestErrors];

export function rowSchema(spec: TableSpec) {
  return z.object(Object.fromEntries(Object.entries(spec.columns).map(([k, c]) => [k, c.schema]))).strict();
}

export type Row = Record<string, string | number | bigint | boolean | null>;
