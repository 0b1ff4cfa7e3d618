// Finds the report's department and year, and the regions of the standard tables.
import { firstNonSpace, lineText, type Line } from '../../extract/lines.js';
import type { ReportKind, TableCode } from '../../schemas/contract.js';
import { budgetTitleKey, budgetTitleKeys } from './budget/templates.js';
import { templatesOf } from './templates.js';
import { HEADER_WORDS, kindOf } from './tokens.js';

export interface TableRegion {
  code: TableCode;
  title: string;
  /** Index of the title line in the document's lines. */
  start: number;
  /** Exclusive end index. */
  end: number;
}

const SECTION = /^第[一二三四五六七八九十]+部分/;
// Headings that end a budget's last table: its narrative's, or its projects' (项目经费情况说明). The
// narrative reader starts at fewer of them (narrative/sections.ts): a numbered one is a section of it.
const BUDGET_NARRATIVE = /^(?:[一二三四五六七八九十]+、)?(?:其他相关情况说明|项目经费情况说明|.{0,20}(?:预算编制说明|预算情况说明))$/;

/**
 * Text of a line for title matching: no spaces, no numbering before or after the title
 * (一、 表1 附表一： 公开01表 财决01表), no department and year before it
 * ("某某局2023年度部门收支决算总表"), 收支 spelled out, parentheses and quotes unified.
 */
function titleKey(l: Line): string {
  return l.cells
    .join('')
    .replace(/\s+/g, '')
    .replace(/[（(]([^）)]*)[）)]/g, '$1')
    .replace(/[“”"'‘’「」『』]/g, '"')
    .replace(/^#+/, '')
    .replace(/^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|(?:附?表|附件)[\d一二三四五六七八九十]+(?:[-—－]\d+)?[:：、.．]?|公开\d{1,2}表[:：、]?)/, '')
    .replace(/(?:公开\d{1,2}表|(?:附?表|财决)\d{1,2}表?|表[一二三四五六七八九十]+)(?:续)?$/, '')
    .replace(/^.{0,40}?20\d{2}年度?/, '')
    .replace(/收支/g, '收入支出')
    .replace(/一般公开预算/g, '一般公共预算') // a misprint some reports carry
    .replace(/总体情况表$/, '总表')
    .replace(/情况(决算)?表$/, '$1表')
    .replace(/^(.*支出)(决算)?表$/, '$1决算表');
}

export function matchTitle(l: Line, kind: ReportKind = 'final_accounts'): TableCode | null {
  // Every title names a 表 (…决算表, …总表, …统计表); skip the costly key for other lines.
  if (!lineText(l).includes('表')) return null;
  const key = (line: Line) => (kind === 'budget' ? budgetTitleKey(line.cells.join('')) : titleKey(line));
  const code = titleCode(key(l), kind);
  if (code !== null || l.cells.length < 2) return code;
  // An extractor that prints a block as one line puts the title among other cells: "收入决算表",
  // "单位：万元", "项目", …. A cell that is a title, followed by more than prose, is one.
  for (let i = 0; i < l.cells.length; i++) {
    const cell = l.cells[i];
    if (!cell.includes('表') || cell.length > 40 || /[，。；]/.test(cell)) continue;
    const at = titleCode(key({ cells: [cell] }), kind);
    // A table of contents line ends with the title's page: "二、收入决算表 4".
    const rest = l.cells.slice(i + 1).join('').trim();
    if (at !== null && !/^\d{1,3}$|^[.…·]+\d*$/.test(rest)) return at;
  }
  return null;
}

function titleCode(key: string, kind: ReportKind): TableCode | null {
  if (key.length > 40) return null;
  const keys = kind === 'budget' ? budgetTitleKeys(key) : [key];
  for (const t of templatesOf(kind)) if (t.titles.some((re) => keys.some((k) => re.test(k)))) return t.code;
  return null;
}

/**
 * A table starts at a line that is exactly a table title (a table of contents line ends with
 * a page number, a narrative sentence has more text) and is followed within a few lines by
 * the table's own furniture (a unit declaration, 部门名称, 公开NN表, 栏次 or a header).
 * A table ends where the next one starts, or at the next 第N部分 section heading.
 */
export function locateTables(lines: Line[], kind: ReportKind = 'final_accounts'): TableRegion[] {
  const starts: { idx: number; code: TableCode; title: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const code = matchTitle(lines[i], kind) ?? wrappedTitle(lines, i, kind);
    if (!code) continue;
    if (!looksLikeTableStart(lines, i, code, kind)) continue;
    const prev = starts[starts.length - 1];
    if (prev && prev.code === code && i - prev.idx <= 4) continue; // "一、收入支出决算总表" then its title
    starts.push({ idx: i, code, title: lineText(lines[i]).replace(/^[一二三四五六七八九十]+、/, '') });
  }
  const regions: TableRegion[] = [];
  starts.forEach((s, k) => {
    let end = k + 1 < starts.length ? starts[k + 1].idx : lines.length;
    for (let j = s.idx + 1; j < end; j++) {
      if (firstNonSpace(lines[j].cells) !== '第') continue; // SECTION's first character
      const t = lineText(lines[j]);
      // "第二部分 2023年部门决算表" is a running header inside the tables; any other part ends them.
      if (SECTION.test(t) && !/[决预]算表/.test(t)) {
        end = j;
        break;
      }
    }
    // A budget's narrative may follow its last table under a heading of its own ("其他相关情况说明").
    if (kind === 'budget') {
      for (let j = s.idx + 1; j < end; j++) {
        const t = lineText(lines[j]);
        if (t.length < 40 && t.endsWith('说明') && BUDGET_NARRATIVE.test(t.replace(/\s+/g, ''))) {
          end = j;
          break;
        }
      }
    }
    regions.push({ code: s.code, title: s.title, start: s.idx, end });
  });
  return mergeContinuations(lines, regions, kind);
}

/**
 * A title whose last characters an extractor put on a line of their own ("收入支出决算总" /
 * "表"), maybe below a heading it read in between: the title with that short line.
 */
function wrappedTitle(lines: Line[], i: number, kind: ReportKind): TableCode | null {
  const head = lineText(lines[i]);
  if (head.length < 4 || head.length > 30 || !/[表算]$|决算总$|[出入]$/.test(head)) return null;
  for (let j = i + 1; j <= Math.min(i + 2, lines.length - 1); j++) {
    const tail = lineText(lines[j]);
    if (tail.length > 3) continue;
    const code = matchTitle({ cells: [head + tail] }, kind);
    if (code) return code;
  }
  return null;
}

function looksLikeTableStart(lines: Line[], i: number, code: TableCode, kind: ReportKind): boolean {
  // Furniture beside the title on its own line (a block printed as one line) counts.
  if (lines[i].cells.length > 1 && /单位[:：]|部门名称|单位名称|公开\s*\d{1,2}/.test(lines[i].cells.slice(1).join(''))) return true;
  for (let j = i + 1; j < Math.min(lines.length, i + 8); j++) {
    // Another table's title before any furniture: a table of contents ("一、收入支出决算总表
    // （公开01表）" then "二、收入决算表（公开02表）"), not a table.
    const other = matchTitle(lines[j], kind);
    if (other !== null && other !== code) return false;
    const t = lines[j].cells.join('');
    if (/单位[:：]|部门名称|单位名称|公开\s*\d{1,2}|栏次|^项目|科目|^收入|^预算数/.test(t)) return true;
    if (/\.{3,}|…{2,}/.test(t)) return false;
  }
  return false;
}

/** The same table appearing twice in a row (continued on the next page with its title repeated). */
function mergeContinuations(lines: Line[], regions: TableRegion[], kind: ReportKind): TableRegion[] {
  const out: TableRegion[] = [];
  // Titles compared as matched (no numbering, no 公开NN表 marker, no 续): "二、收入决算表" and
  // "收入决算表 公开02表（续）" are one table; 一般公共预算财政拨款收入支出决算表 and …支出决算表 two.
  const key = (r: TableRegion) => (kind === 'budget' ? budgetTitleKey(lines[r.start].cells.join('')) : titleKey(lines[r.start]).replace(/续$/, ''));
  const same = (a: TableRegion, b: TableRegion) => a.code === b.code && key(a) === key(b);
  for (const r of regions) {
    const prev = out[out.length - 1];
    if (prev && same(prev, r) && prev.end === r.start) prev.end = r.end;
    else out.push({ ...r });
  }
  return out;
}

/** Declared money unit of a table: '万元' or '元' (text may wrap: "金额单位：万" / "元"). */
export function declaredUnit(lines: Line[], region: TableRegion): string | null {
  const head = lines
    .slice(region.start, Math.min(region.end, region.start + 14))
    .map((l) => l.cells.join(''))
    .join('')
    .replace(/\s+/g, '');
  const m = /单位[:：]?(万元|元|千元)/.exec(head);
  return m ? m[1] : null;
}

export function declaresEmpty(lines: Line[], region: TableRegion): boolean {
  for (let j = region.start; j < region.end; j++) {
    const cells = lines[j].cells;
    // Each phrase has 无 or 空, which no cell boundary can split: most lines are not joined.
    const text = lineText(lines[j]);
    if ((text.includes('无') || text.includes('空')) && /本表无数据|无数据|本表为空/.test(cells.join(''))) return true;
  }
  return false;
}

const hasNumber = (l: Line) => l.cells.some((c) => kindOf(c.trim()) === 'num');

/**
 * Lines in reading order where an extractor kept a PDF's content order and the producer drew each
 * table's title and header after its body (pdf-parse's and mutool's text of Jiangsu's 2017 budget
 * tables): on such a page the title comes after the numbers, and only heads follow it. When most
 * pages with a title are so, each of them is read title and heads first. Other reports are left as
 * they are.
 */
export function titlesFirst(lines: Line[], kind: ReportKind): Line[] {
  const pages = new Map<number, number[]>();
  lines.forEach((l, i) => l.page !== undefined && (pages.get(l.page) ?? pages.set(l.page, []).get(l.page)!).push(i));
  let titled = 0;
  const late: { from: number; title: number; to: number }[] = [];
  for (const idx of pages.values()) {
    const t = idx.findIndex((i) => matchTitle(lines[i], kind) !== null);
    if (t < 0) continue;
    titled++;
    const before = idx.slice(0, t);
    const after = idx.slice(t + 1);
    if (before.some((i) => hasNumber(lines[i])) && !after.some((i) => hasNumber(lines[i]))) late.push({ from: idx[0], title: idx[t], to: idx[idx.length - 1] + 1 });
  }
  if (late.length < 2 || late.length * 2 < titled) return lines;
  const out = [...lines];
  for (const { from, title, to } of late) {
    // A page's lines are consecutive in the document: its title and heads go before its body.
    out.splice(from, to - from, ...lines.slice(title, to), ...lines.slice(from, title));
  }
  return out;
}

/**
 * Whether the report is final accounts or a budget: the kind whose tables it prints more of;
 * without tables (a narrative printed apart), the kind its opening lines name. With the regions
 * of that kind's tables, which the assembly reads.
 */
export function reportKindOf(lines: Line[]): { kind: ReportKind; regions: TableRegion[] } {
  const budget = locateTables(lines, 'budget');
  const final = locateTables(lines, 'final_accounts');
  if (budget.length !== final.length) return budget.length > final.length ? { kind: 'budget', regions: budget } : { kind: 'final_accounts', regions: final };
  const opening = lines.slice(0, 60).map((l) => l.cells.join('')).join('');
  const count = (re: RegExp) => opening.match(re)?.length ?? 0;
  return count(/(部门|单位)预算|预算(公开|说明|情况)/g) > count(/决算/g) ? { kind: 'budget', regions: budget } : { kind: 'final_accounts', regions: final };
}

/** 'unit' where the report says 单位预算 (单位决算) more than 部门预算 (部门决算), 'department' where it says that; null otherwise. */
export function reportScopeOf(lines: Line[], kind: ReportKind): 'department' | 'unit' | null {
  const word = kind === 'budget' ? '预算' : '决算';
  const opening = lines.slice(0, 80).map((l) => l.cells.join('').replace(/\s+/g, '')).join('\n');
  const unit = opening.split(`单位${word}`).length - 1;
  const department = opening.split(`部门${word}`).length - 1;
  if (unit === 0 && department === 0) return null;
  return unit > department ? 'unit' : 'department';
}

export interface ReportMeta {
  department: string | null;
  fiscalYear: number | null;
}

function mode<T>(values: T[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | null = null;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

// A line naming the department or the year has one of these words (tested on the line's joined
// text: no word has a space, so it is in the text exactly when it is in a cell).
const META_WORDS = /名称|年度|部门|单位/;
// The year of a budget's table titles: "2025年部门财务收支预算总表".
const BUDGET_TITLE_YEAR = /^(?:\d{1,2}[.、])?(20\d{2})年(?:度)?(?:部门|单位|预算单位)?.{0,30}预算.{0,12}表$/;

/** Department and year: the most frequent 部门名称/单位名称 and 年度 of the table headers, else the report title. */
export function findMeta(lines: Line[]): ReportMeta {
  const departments: string[] = [];
  const years: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lineText(lines[i]);
    if (!META_WORDS.test(t) && !t.includes('预算')) continue;
    const m = /^(?:部门|单位|编制单位|编制部门|预算主管部门|预算单位)(?:名称)?[:：]\s*(.+)$/.exec(t);
    if (m && !/^(?:千|万|亿)?元/.test(m[1])) {
      let name = m[1].replace(/\s*\d{4}\s*年度?.*$/, '').replace(/\s*(金额)?单位[:：].*$/, '').trim();
      // A name wrapped onto the next line ("某某县人民政府" / "办公室 2023年度"), before its year.
      const next = lines[i + 1] ? lines[i + 1].cells.join('').trim() : '';
      const rest = /^([\u3400-\u9fff]{1,12})(?:20\d{2}年度?.*|(?:金额)?单位[:：].*)?$/.exec(next)?.[1];
      if (!/\d{4}\s*年/.test(t) && rest && !/年度|单位|^目录$/.test(rest) && !HEADER_WORDS.has(rest)) name += rest;
      if (name) departments.push(name.replace(/\s+/g, ''));
    }
    const y = /(20\d{2})\s*年度/.exec(t) ?? BUDGET_TITLE_YEAR.exec(t.replace(/\s+/g, ''));
    if (y) years.push(Number(y[1]));
  }
  let department = mode(departments);
  let fiscalYear = mode(years);
  if (!department || !fiscalYear) {
    for (const l of lines.slice(0, 200)) {
      const t = l.cells.join('').replace(/\s+/g, '');
      const m = /^(.{2,40}?)(20\d{2})年度?(?:区级|市级|省级|县级)?(?:部门|单位)?[决预]算/.exec(t);
      if (m) {
        department ??= m[1].replace(/^第.部分/, '');
        fiscalYear ??= Number(m[2]);
        break;
      }
    }
  }
  return { department, fiscalYear };
}
