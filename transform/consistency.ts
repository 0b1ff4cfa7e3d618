// Checks on the report as a whole: every standard table of the layout is there, and every
// heading that names the department and year (第二部分 上海市普陀区财政局2024年度部门决算表 …)
// names the same ones as the tables do.
import { lineText, type Line } from '../extract/lines.js';
import type { CheckRow } from './types.js';
import type { TableStatusRow } from './types.js';
import { TEMPLATE_BY_CODE } from './tables/templates.js';
import type { ReportKind } from '../schemas/contract.js';

// A department name is made of characters (XX stands in for an edited one), no punctuation or digits.
const HEADING = /^(?:第[一二三四五六七八九十]+部分)?([\u3400-\u9fffA-Za-z()（）]{2,40}?)(20\d{2})年度?(?:部门|单位)?决算/;

const check = (id: string, kind: string, subject: string, description: string, passed: boolean, detail: string): CheckRow => ({
  check_id: `${kind}:${id}`,
  kind,
  table_code: null,
  subject,
  description,
  expected: null,
  actual: null,
  difference: null,
  tolerance: null,
  passed,
  detail,
});

/**
 * One failing check per standard table the report lacks. Tables 01–09 are in every layout;
 * table 10 (部门决算公开相关信息统计表) only in some (Shanghai's and many provinces' print nine), so
 * it is required only where the report names it (its table of contents, a 公开10表 marker).
 */
export function completenessChecks(tables: TableStatusRow[], lines: Line[], kind: ReportKind = 'final_accounts'): CheckRow[] {
  if (kind === 'budget') return budgetCompleteness(tables);
  const names10 = lines.some((l) => {
    const t = lineText(l); // a needle without a space is in a cell exactly when it is in the joined text
    return (t.includes('统计表') || t.includes('10')) && /相关信息统计表|公开\s*10\s*表/.test(l.cells.join(''));
  });
  return tables
    .filter((t) => t.status === 'absent' && (t.table_code !== '10' || names10))
    .map((t) => ({ ...check(t.table_code, 'completeness', t.table_code, `standard table ${t.table_code} ${TEMPLATE_BY_CODE[t.table_code].title} is in the report`, false, `no table titled ${TEMPLATE_BY_CODE[t.table_code].title} found`), table_code: t.table_code }));
}

const SENTENCE_MARK = /[,，;；%。]/;

/** Headings naming another department or year than the report's are failing checks. */
export function headingChecks(lines: Line[], department: string | null, fiscalYear: number | null): CheckRow[] {
  const out: CheckRow[] = [];
  for (const l of lines) {
    const joined = lineText(l);
    // Cheap tests first: no 决算, no heading; punctuation is a sentence's (joining and dropping
    // spaces keeps every punctuation mark, so the joined text tells).
    if (!joined.includes('算') || SENTENCE_MARK.test(joined)) continue;
    const text = l.cells.join('').replace(/\s+/g, '');
    if (text.length > 60) continue; // a heading, not a sentence
    const m = HEADING.exec(text);
    if (!m) continue;
    const name = m[1].replace(/^第[一二三四五六七八九十]+部分/, '');
    const where = l.page ? `page ${l.page}` : `line ${l.line}`;
    const problems: string[] = [];
    if (department && name !== department && !department.endsWith(name) && !name.endsWith(department)) problems.push(`department ${name} ≠ ${department}`);
    if (fiscalYear && Number(m[2]) !== fiscalYear) problems.push(`year ${m[2]} ≠ ${fiscalYear}`);
    if (problems.length === 0) continue;
    out.push(check(`${where}`, 'consistency', text, 'a heading names the report\'s department and fiscal year', false, `${where}: "${text}": ${problems.join('; ')}`));
  }
  return out;
}

/**
 * A budget report prints the national template's tables in its own way: Jiangsu's 2017 reports
 * have no 国有资本经营预算 table, Shanghai's no separate 机关运行经费 table. The tables every
 * budget layout seen prints are required: 收支总表 (B01), 收入总表 (B02), 支出总表 (B03),
 * 财政拨款收支总表 (B04), and a 一般公共预算 or 财政拨款 spending table (B05 or B10).
 */
function budgetCompleteness(tables: TableStatusRow[]): CheckRow[] {
  const found = new Set(tables.filter((t) => t.status !== 'absent').map((t) => t.table_code));
  const required: (typeof tables)[number]['table_code'][][] = [['B01'], ['B02'], ['B03'], ['B04'], ['B05', 'B10']];
  return required
    .filter((codes) => !codes.some((c) => found.has(c)))
    .map((codes) => {
      const names = codes.map((c) => `${c} ${TEMPLATE_BY_CODE[c].title}`).join(' or ');
      return { ...check(codes[0], 'completeness', codes[0], `budget table ${names} is in the report`, false, `no table titled ${names} found`), table_code: codes[0] };
    });
}
