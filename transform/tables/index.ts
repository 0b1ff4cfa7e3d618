// The standard tables of a report: find each table's region, assemble its rows from the lines
// (whatever front end made them), place every printed number by the identities (solve.ts), turn
// the cells into line items in 元, and check every identity.
import { lineText, type Line } from '../../extract/lines.js';
import { tableCodesOf, type ReportKind, type TableCode } from '../../schemas/contract.js';
import { assembleBudget } from './budget/assemble.js';
import { budgetIdentities } from './budget/identities.js';
import { toFixedString, toYuan, type Decimal } from '../decimal.js';
import type { CheckRow, LineItem, TableStatusRow } from '../types.js';
import { runChecks } from './checks.js';
import { familyOf, type Layout, type LayoutFamily } from './families.js';
import { assembleByHeads } from './geometry/index.js';
import { textLinesFromGeometry } from './geometry/grid.js';
import { hasPositions } from './geometry/cells.js';
import { identities } from './identities.js';
import { declaredUnit, declaresEmpty, locateTables, type TableRegion } from './locate.js';

export type { Layout } from './families.js';
import type { AssembleResult, ParsedRow, ParsedTable } from './model.js';
import { bodyLines, bodySegments, joinParts } from './text/body.js';
import { assembleCoded } from './text/coded.js';
import { assembleEconomic } from './text/economic.js';
import { keyNumberedRows } from './text/keys.js';
import { assembleLabelled } from './text/labelled.js';
import { assembleNumbered } from './text/numbered.js';
import { assembleThreePublic } from './text/threePublic.js';
import { placeNumbers } from './solve/index.js';
import { canonicalLabel, functionClassCode, TEMPLATE_BY_CODE } from './templates.js';

export interface TablesResult {
  layout: Layout;
  tables: ParsedTable[];
  lineItems: LineItem[];
  tableStatus: TableStatusRow[];
  checks: CheckRow[];
}

function assemble(code: TableCode, regionLines: Line[], family: LayoutFamily): AssembleResult {
  if (code.startsWith('B')) return assembleBudget(code, regionLines);
  if (family.geometry === 'heads' && hasPositions(regionLines)) return assembleByHeads(code, regionLines);
  // Positions read through the 栏次 grid become the lines of cells the text assemblers read.
  const lines = textLinesFromGeometry(regionLines);
  const body = bodyLines(lines);
  const t = TEMPLATE_BY_CODE[code];
  switch (t.kind) {
    case 'two_sided': {
      // Without 行次 (Shanghai's form), each row is known by its label.
      if (!lines.some((l) => lineText(l).includes('行次'))) {
        const r = assembleLabelled(body, { income: [1], expenditure: code === '01' ? [2] : [2, 3, 4, 5] });
        keyNumberedRows(r.rows, functionClassCode);
        return r;
      }
      const incomeLast = code === '01' ? 31 : 32;
      const r = assembleNumbered(body, [
        { side: 'income', first: 1, last: incomeLast, columns: [1] },
        { side: 'expenditure', first: incomeLast + 1, last: incomeLast * 2, columns: code === '01' ? [2] : [2, 3, 4, 5] },
      ]);
      keyNumberedRows(r.rows, functionClassCode);
      return r;
    }
    case 'stats': {
      const r = assembleNumbered(body, [{ first: 1, last: 30, columns: [1] }]);
      keyNumberedRows(r.rows, () => undefined);
      return r;
    }
    case 'coded':
      return joinParts(bodySegments(lines, t.national ?? Object.keys(t.columns).map(Number), t.wide, t.keywords).map((part) => assembleCoded(part.lines, part.columns)));
    case 'economic':
      return assembleEconomic(body);
    case 'three_public':
      return assembleThreePublic(body, lines);
    default:
      throw new Error(`table ${code}: a ${t.kind} table is a budget's`);
  }
}


/**
 * A row key printed twice in one table (a page printed again, an extractor's text read twice,
 * two rows the layout does not tell apart) keeps its first printing; a second that differs is
 * a failing check with both printings, never a second row of the same key.
 */
function withoutRepeatedRows(r: AssembleResult): AssembleResult {
  const seen = new Map<string, ParsedRow>();
  const rows: ParsedRow[] = [];
  const notes = [...r.notes];
  const numbers = (row: ParsedRow) => (row.printed ? row.printed.cells.map((c) => c.text) : [...row.cells].map(([c, v]) => `${c}:${v.text}`)).filter((t) => t !== '').join(' | ');
  for (const row of r.rows) {
    const first = seen.get(row.key);
    if (!first) {
      seen.set(row.key, row);
      rows.push(row);
      continue;
    }
    if (numbers(row) !== '' && numbers(row) !== numbers(first)) notes.push({ subject: row.key, passed: false, detail: `row ${row.key} printed twice: ${numbers(first)} (${first.label}) and ${numbers(row)} (${row.label}); kept the first` });
  }
  return { rows, notes };
}

// Equipment first: its label says 设备（不含车辆）.
const QUANTITY_UNIT = (label: string): string | null => (/设备|台套/.test(label) ? '台套' : /车|辆/.test(label) ? '辆' : null);

/** Whether a row prints anything to load. */
const hasNumbers = (r: { cells: Map<number, unknown>; printed?: { cells: { text: string }[] } }) => r.cells.size > 0 || (r.printed?.cells.some((c) => c.text !== '') ?? false);

/** `regions`: the tables' regions in `lines`, where the caller has located them already. */
export function assembleTables(lines: Line[], kind: ReportKind = 'final_accounts', regions = locateTables(lines, kind)): TablesResult {
  const family = familyOf(lines, regions);
  const layout: Layout = family?.name ?? 'unknown';
  // One region per table, tried in this order until one yields cells: those with the
  // template's own title first (Beijing prints 一般公共预算财政拨款收入支出决算表 before
  // 一般公共预算财政拨款支出决算表), then in document order. A region read as a title by
  // mistake (a table of contents line) yields nothing and gives way to the table itself.
  const canonical = (r: TableRegion) => r.title.replace(/\s+/g, '').replace(/[“”"]/g, '').includes(TEMPLATE_BY_CODE[r.code].title.replace(/"/g, ''));
  const found: { table: ParsedTable; at: number }[] = [];
  for (const code of tableCodesOf(kind)) {
    const candidates = regions.filter((r) => r.code === code).sort((a, b) => Number(canonical(b)) - Number(canonical(a)) || a.start - b.start);
    let table: { table: ParsedTable; at: number } | null = null;
    for (const region of candidates) {
      const assembled = assemble(region.code, lines.slice(region.start, region.end), family!);
      const { rows, notes } = withoutRepeatedRows(assembled);
      const first = lines[region.start];
      const t: ParsedTable = {
        code: region.code,
        title: region.title,
        unit: declaredUnit(lines, region) ?? '万元',
        declaredEmpty: declaresEmpty(lines, region),
        rows: rows.filter((r) => hasNumbers(r) || r.label !== ''),
        startLine: first.line,
        startPage: first.page,
        notes,
        columns: [...new Set(rows.flatMap((r) => r.printed?.columns ?? []))],
      };
      table ??= { table: t, at: region.start };
      if (t.rows.some(hasNumbers)) {
        table = { table: t, at: region.start };
        break;
      }
    }
    if (table) found.push(table);
  }
  const tables = found.sort((a, b) => a.at - b.at).map((f) => f.table); // in document order
  const ids = kind === 'budget' ? budgetIdentities(tables) : identities(tables);
  placeNumbers(tables, ids);
  const checks = runChecks(tables, ids);
  const lineItems = lineItemsOf(tables, checks);
  const cellCount = new Map<TableCode, number>();
  for (const li of lineItems) cellCount.set(li.table_code, (cellCount.get(li.table_code) ?? 0) + 1);
  const tableStatus: TableStatusRow[] = tableCodesOf(kind).map((code) => {
    const t = tables.find((x) => x.code === code);
    if (!t) return { table_code: code, table_title: null, status: 'absent', reported_unit: null, row_count: 0, cell_count: 0, source_line: null, source_page: null };
    const cells = cellCount.get(code) ?? 0;
    const rowsWithCells = t.rows.filter((r) => r.cells.size > 0).length;
    const status = cells > 0 ? 'parsed' : t.declaredEmpty || t.rows.length > 0 ? 'declared_empty' : 'unparsed';
    return { table_code: code, table_title: t.title, status, reported_unit: t.unit, row_count: rowsWithCells, cell_count: cells, source_line: t.startLine ?? null, source_page: t.startPage ?? null };
  });
  return { layout, tables, lineItems, tableStatus, checks };
}

/**
 * The part of table 10 a row belongs to, from its own label or its part's heading (一、政府采购情况
 * …); null when the label says nothing, so the row stays in the part above it.
 */
export function statsSection(label: string): string | null {
  if (/设备/.test(label)) return '大型设备'; // first: "单价100万元以上设备(不含车辆)" names vehicles too
  if (/车辆|用车/.test(label)) return '车辆';
  if (/机关运行经费|行政单位|事业单位/.test(label)) return '机关运行经费';
  if (/政府采购|^货物$|^工程$|^服务$/.test(canonicalLabel(label))) return '政府采购';
  return null;
}

/** Every non-empty cell in 元 (counts of table 10 as quantities); a cell 元 cannot hold exactly is a failing check. */
export function lineItemsOf(tables: ParsedTable[], checks: CheckRow[]): LineItem[] {
  const lineItems: LineItem[] = [];
  for (const t of tables) {
    const template = TEMPLATE_BY_CODE[t.code];
    let section: string | null = null;
    for (const [i, r] of t.rows.entries()) {
      // The 合计 opening the table, before any part is named, is 政府采购's (the template's first part).
      if (t.code === '10') section = statsSection(r.label) ?? section ?? (canonicalLabel(r.label) === '合计' ? '政府采购' : null);
      const qtyUnit = t.code === '10' ? QUANTITY_UNIT(r.label) : null;
      const columns = [...r.cells.keys()].sort((a, b) => a - b);
      for (const col of columns) {
        const cell = r.cells.get(col)!;
        const item = (amount: string | null, quantity: string | null, unit: string): LineItem => ({
          table_code: t.code,
          row_key: r.key,
          row_no: r.rowNo,
          row_label: r.label,
          row_order: i + 1,
          section,
          col_no: col,
          col_label: template.columns[col] ?? `栏${col}`,
          amount_yuan: amount,
          quantity,
          reported_text: cell.text,
          reported_unit: unit,
          source_line: cell.line ?? null,
          source_page: cell.page ?? null,
        });
        if (qtyUnit) {
          const q = toYuan(cell.text, '元');
          if (q) lineItems.push(item(null, exact2(q), qtyUnit));
          continue;
        }
        const y = toYuan(cell.text, t.unit);
        if (!y) continue;
        const amount = exact2(y);
        if (amount === null) {
          checks.push({ check_id: `precision:${t.code}:${r.key}/${col}`, kind: 'precision', table_code: t.code, subject: `${r.key}/${col}`, description: 'amount representable exactly in 元 with 2 decimals', expected: null, actual: null, difference: null, tolerance: null, passed: false, detail: `${cell.text} ${t.unit} has more decimals than DECIMAL(18,2) 元 can hold; not loaded` });
          continue;
        }
        lineItems.push(item(amount, null, t.unit));
      }
    }
  }
  return lineItems;
}

function exact2(d: Decimal): string | null {
  try {
    return toFixedString(d, 2);
  } catch {
    return null;
  }
}
