// Department profile (第一部分 概况): the responsibilities text, the internal and subordinate
// units, and for consolidated (汇总) reports the budget units included. Found by headings
// ("一、本部门(单位)职责" / "一、主要职能", "二、机构设置情况" / "二、部门决算单位构成"), wherever
// the page order put them, and read by sentence patterns.
import type { Line } from '../extract/lines.js';
import type { PROFILE_UNIT_KINDS } from '../schemas/narrative.js';
import { compact, lineIndexAt, LineTexts, NUMERALS } from './text.js';

/** Row of profiles (without report_id). */
export interface ProfileRow {
  responsibilities: string | null;
  responsibilities_line: number | null;
  responsibilities_page: number | null;
  organization: string | null;
  internal_unit_count: number | null;
  subordinate_unit_count: number | null;
  budget_unit_count: number | null;
  consolidated: boolean;
}

/** Row of profile_units (without report_id). */
export type ProfileUnitRow = {
  kind: (typeof PROFILE_UNIT_KINDS)[number];
  seq: number;
  name: string;
  note: string | null;
  source_line: number | null;
  source_page: number | null;
};

export interface Profile {
  profile: ProfileRow;
  units: ProfileUnitRow[];
}

const RESPONSIBILITIES = /^[一二三四五六七八九十]{1,2}、.{0,12}(?:职责|职能)/;
const ORGANIZATION = /^[一二三四五六七八九十]{1,2}、.{0,12}(?:机构设置|单位构成|机构情况|人员构成)/;
/** A table of contents entry: dot leaders or a trailing page number. */
const CONTENTS_ENTRY = /\.{3,}|…|\d$/;
/** Where a profile section ends: the next heading, part, or the start of a table. */
const STOP = /^(?:[一二三四五六七八九十]{1,2}、|第[一二三四五六七八九十]部分|栏次|公开\d+表|部门名称|单位名称|金额单位|单位:|收入支出决算总表)|部门决算(?:公开)?(?:报告|表)?$/;
/** What a STOP line can start with (一、 第 栏次 公开 部门 单位 金额 收入), and end with (…决算, …公开, …报告, …表). */
const STOP_FIRST = new Set([...NUMERALS, '第', '栏', '公', '部', '单', '金', '收']);
const STOP_LAST = new Set(['算', '开', '告', '表']);
const isStop = (texts: LineTexts, i: number) => (STOP_FIRST.has(texts.first(i)) || STOP_LAST.has(texts.last(i))) && STOP.test(texts.at(i));

interface Block {
  heading: Line;
  lines: Line[];
  texts: string[];
}

/**
 * The longest section under a heading matching `re` (the table of contents has empty ones).
 * `re` is one of the "一、…" headings above: only a line starting with a numeral can match.
 */
function section(texts: LineTexts, re: RegExp): Block | null {
  const lines = texts.lines;
  let best: Block | null = null;
  let bestSize = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!NUMERALS.has(texts.first(i)) || !re.test(texts.at(i)) || CONTENTS_ENTRY.test(texts.at(i))) continue;
    let end = i + 1;
    while (end < lines.length && !isStop(texts, end)) end++;
    const blockTexts: string[] = [];
    let size = 0; // of blockTexts.join('')
    for (let k = i + 1; k < end; k++) {
      const t = texts.at(k);
      blockTexts.push(t);
      size += t.length;
    }
    if (!best || size > bestSize) {
      best = { heading: lines[i], lines: lines.slice(i + 1, end), texts: blockTexts };
      bestSize = size;
    }
  }
  return best && bestSize > 0 ? best : null;
}

/** A row of a list of units: "序号 | 单位名称 | 备注" or "2 | 上海市…财政所 | 预算不单列,并入本级". */
function listRow(l: Line): string[] | null {
  const cells = l.cells.map((c) => compact(c)).filter(Boolean);
  return cells.length > 1 && /^(?:\d+|序号)$/.test(cells[0]) ? cells : null;
}

/** The block's text: prose lines joined as they wrap, rows of a list on their own line; and where each line starts in it. */
function blockText(b: Block): { text: string; starts: number[] } {
  let text = '';
  const starts: number[] = [];
  b.lines.forEach((l, k) => {
    const row = listRow(l);
    if (row && text && !text.endsWith('\n')) text += '\n';
    starts.push(text.length);
    text += row ? `${row.join(' ')}\n` : b.texts[k];
  });
  return { text: text.trim(), starts };
}

const CONNECTIVE = /^(?:[,:]|包括为|具体包括|包括|分别是|分别为|有|即|为)+/;

/** "A、B、C等" → [A, B, C]. */
function names(list: string): string[] {
  return list
    .replace(CONNECTIVE, '')
    .split(/[、,;]/)
    .map((s) => s.replace(/(?:等)?[。.]?$/, '').trim())
    .filter((s) => s.length > 1 && /[\u4e00-\u9fff]/.test(s));
}

interface UnitsClaim {
  count: number | null;
  names: string[];
  namesAt: number;
}

/**
 * The sentence (up to 。 or ;) in `text` that contains `marker`: the count it prints ("N个",
 * "共计N家"), and the names listed after a connective ("包括:", "分别是:") or after the count.
 */
function unitsClaim(text: string, marker: RegExp): UnitsClaim | null {
  const m = marker.exec(text);
  if (!m) return null;
  const start = Math.max(text.lastIndexOf('。', m.index), text.lastIndexOf(';', m.index)) + 1;
  const stop = text.slice(m.index).search(/[。;\n]/);
  const sentence = text.slice(start, stop < 0 ? text.length : m.index + stop);
  const at = m.index - start;
  if (/无(?:下属|所属|直属|内设)/.test(sentence)) return { count: 0, names: [], namesAt: 0 };
  const count = /(?:共计?|设有?)?(\d+)(?:个|家)/.exec(sentence.slice(Math.max(0, at - 6)));
  const rest = sentence.slice(at + m[0].length);
  const connective = /(?:包括为|具体包括|包括|分别是|分别为)[:]?/.exec(rest);
  let listAt = -1;
  if (connective) listAt = connective.index + connective[0].length;
  else if (count) {
    // "下属事业单位1个,长治市…中心。": the names follow the count directly.
    const afterCount = rest.indexOf(count[0]);
    if (afterCount >= 0) listAt = afterCount + count[0].length;
  }
  const list = listAt >= 0 ? rest.slice(listAt) : '';
  return { count: count ? Number(count[1]) : null, names: names(list), namesAt: start + at + m[0].length + Math.max(listAt, 0) };
}

export function extractProfile(lines: Line[]): Profile {
  const texts = new LineTexts(lines);
  const duties = section(texts, RESPONSIBILITIES);
  const org = section(texts, ORGANIZATION);
  const { text: orgText, starts } = org ? blockText(org) : { text: '', starts: [] };
  const lineAt = (offset: number) => org!.lines[lineIndexAt(starts, offset)] ?? org!.heading;
  const units: ProfileUnitRow[] = [];
  const add = (kind: ProfileUnitRow['kind'], list: string[], where: (k: number) => Line, notes: (string | null)[] = []) =>
    list.forEach((name, k) => units.push({ kind, seq: k + 1, name, note: notes[k] ?? null, source_line: where(k).line ?? null, source_page: where(k).page ?? null }));
  const named = (kind: ProfileUnitRow['kind'], claim: UnitsClaim | null) => {
    if (claim) add(kind, claim.names, (k) => lineAt(orgText.indexOf(claim.names[k], claim.namesAt)));
  };

  const internal = unitsClaim(orgText, /内设(?:机构|科室|处室)|个内设(?:机构|科室|处室)/);
  const subordinate = unitsClaim(orgText, /(?:下属|所属|直属)(?:事业|行政)?(?:单位|机构)/);
  const budget = unitsClaim(orgText, /纳入.{0,40}?编制范围的(?:预算)?单位/);
  named('internal', internal);
  named('subordinate', subordinate);
  if (org && budget && budget.names.length === 0) {
    // "…编制范围的单位包括:" followed by a list: 序号 | 单位名称 | 备注.
    const rows = org.lines.map((l) => [l, listRow(l)] as const).filter(([, r]) => r && /^\d+$/.test(r[0]) && /[\u4e00-\u9fff]/.test(r[1]));
    budget.names = rows.map(([, r]) => r![1]);
    add('budget_unit', budget.names, (k) => rows[k][0], rows.map(([, r]) => r![2] ?? null));
  } else named('budget_unit', budget);

  return {
    profile: {
      responsibilities: duties ? duties.texts.join('') : null,
      responsibilities_line: duties?.heading.line ?? null,
      responsibilities_page: duties?.heading.page ?? null,
      organization: orgText || null,
      internal_unit_count: internal?.count ?? null,
      subordinate_unit_count: subordinate?.count ?? null,
      budget_unit_count: budget?.count ?? null,
      consolidated: !!budget && (budget.names.length > 0 || budget.count !== null),
    },
    units,
  };
}
