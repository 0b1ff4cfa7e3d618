// Classification dimensions, rebuilt after every load from the reference lists under
// data/classifications/ and the names the loaded reports print.
import { z } from 'zod';
import { col, opt, type TableSpec } from './contract.js';

export const functionalClassification: TableSpec = {
  name: 'dim_functional_classification',
  zh: '支出功能分类科目',
  doc: 'Functional classification (支出功能分类): 类 (3 digits), 款 (5), 项 (7), with parent links and, for each 类, its COFOG division. Built from data/classifications/functional.csv and every code the loaded reports print.',
  primaryKey: ['code'],
  columns: {
    code: col('VARCHAR', z.string().regex(/^\d{3}(\d{2}){0,2}$/), '科目编码', 'Classification code.'),
    name: col('VARCHAR', z.string(), '科目名称', 'Name: the reference list\'s, else the one most reports print.'),
    level: col('VARCHAR', z.enum(['类', '款', '项']), '级次', "'类', '款' or '项'."),
    parent_code: opt(col('VARCHAR', z.string(), '上级编码', 'Code of the 类 of a 款, of the 款 of a 项; NULL for a 类.')),
    class_code: col('VARCHAR', z.string(), '类编码', 'The 3-digit 类 the code belongs to.'),
    cofog_division: opt(col('VARCHAR', z.string(), 'COFOG大类', 'COFOG division (01–10) of the 类, from the reference list; NULL where COFOG has no counterpart (e.g. principal repayment).')),
    cofog_name: opt(col('VARCHAR', z.string(), 'COFOG名称', 'Name of the COFOG division.')),
    in_reference: col('BOOLEAN', z.boolean(), '在参考表中', 'Whether the code is in the reference list.'),
    report_count: col('INTEGER', z.number().int(), '出现报告数', 'Number of loaded reports printing the code.'),
  },
};

export const economicClassification: TableSpec = {
  name: 'dim_economic_classification',
  zh: '部门预算支出经济分类科目',
  doc: 'Economic classification (支出经济分类, table 06): 类 (3 digits) and 款 (5). Built from data/classifications/economic.csv and every code the loaded reports print.',
  primaryKey: ['code'],
  columns: {
    code: col('VARCHAR', z.string().regex(/^\d{3}(\d{2})?$/), '科目编码', 'Classification code.'),
    name: col('VARCHAR', z.string(), '科目名称', "Name: the reference list's, else the one most reports print."),
    level: col('VARCHAR', z.enum(['类', '款']), '级次', "'类' or '款'."),
    parent_code: opt(col('VARCHAR', z.string(), '上级编码', 'Code of the 类 of a 款; NULL for a 类.')),
    in_reference: col('BOOLEAN', z.boolean(), '在参考表中', 'Whether the code is in the reference list.'),
    report_count: col('INTEGER', z.number().int(), '出现报告数', 'Number of loaded reports printing the code.'),
  },
};

export const classificationConflicts: TableSpec = {
  name: 'classification_conflicts',
  zh: '科目名称冲突',
  doc: 'Codes printed with more than one name across reports, or with a name other than the reference list\'s. Names are compared without spaces and ordinal prefixes; nothing is overwritten silently.',
  primaryKey: ['classification', 'code', 'source', 'name'],
  columns: {
    classification: col('VARCHAR', z.enum(['functional', 'economic']), '分类', "'functional' or 'economic'."),
    code: col('VARCHAR', z.string(), '科目编码', 'Classification code.'),
    name: col('VARCHAR', z.string(), '名称', 'One of the names used for the code.'),
    source: col('VARCHAR', z.enum(['reference', 'reports']), '来源', "'reference' (the list under data/classifications/) or 'reports'."),
    report_count: col('INTEGER', z.number().int(), '报告数', 'Reports printing this name for the code (0 for the reference name).'),
    example_report_id: opt(col('VARCHAR', z.string(), '示例报告', 'One report printing this name.')),
  },
};

export const DIMENSION_TABLES: TableSpec[] = [functionalClassification, economicClassification, classificationConflicts];
