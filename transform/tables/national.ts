// Table assembly from text lines (pdf.js-style text and markdown): the form's own skeleton
// places every number — the 行次 sequence, the classification codes, the column count.
import { lineText, type Line } from '../../extract/lines.js';
import type { TableCode } from '../../schemas/contract.js';
import type { AssembleResult, Cell, ParsedRow, PlacementNote, Printed } from './model.js';
import { canonicalLabel } from './templates.js';
import { HEADER_WORDS, isProse, kindOf, ORDINAL_START, tokenize, type Token } from './tokens.js';

const NOTE_LINE = /^(注|说明)[:：]/;
const SECTION_LINE = /^第[一二三四五六七八九十]+部分/;
// A running page header naming the report ("某某局2023年部门决算公开报告"), however few pages
// print it (the clean-up removes only those on three or more): never part of a row.
const PAGE_HEADER = /^[^\d.,，。；]{2,60}?20\d{2}年度?(?:部门|单位)?决算(?:公开)?(?:报告|说明)?$/;
// A header has 决算 in it: lines without 算 skip the regex and the copy without spaces.
const isFurniture = (t: string) => SECTION_LINE.test(t) || (t.includes('算') && PAGE_HEADER.test(t.replace(/\s+/g, '')));

// Column heads that stand beside 合计 in a header ("科目名称 合计 基本支出 项目支出").
const COLUMN_HEAD = /(支出|收入|结余|编码|名称|代码|科目|项目|决算数|预算数)$/;

function isHeaderLine(cells: string[]): boolean {
  const words = cells.map((c) => c.trim()).filter((c) => c !== '');
  // At least two words: a lone 收入 / 支出 line is the wrapped end of a label.
  if (words.length >= 2 && words.every((w) => HEADER_WORDS.has(w) || /^\d{1,2}$/.test(w)) && words.some((w) => HEADER_WORDS.has(w))) return true;
  // 合计 among column heads and no number: the header of a table whose 合计 column comes first.
  return words.some((w) => /^(合计|小计)$/.test(w)) && words.some((w) => !/^(合计|小计)$/.test(w) && COLUMN_HEAD.test(w)) && !words.some((w) => /\d/.test(w));
}

/** Lines of the table body: after the 栏次 (column numbering) line, else after the header. */
export function bodyLines(lines: Line[]): Line[] {
  let start = -1;
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    const first = lines[i].cells.find((c) => c.trim() !== '') ?? '';
    if (first.replace(/\s+/g, '') === '栏次' || /^1(\s+\d{1,2}){3,}$/.test(lineText(lines[i]))) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) {
    start = lines.findIndex((l, i) => i < 30 && /^(项目|科目)/.test(lineText(l))) + 1;
  }
  const body: Line[] = [];
  for (const l of lines.slice(Math.max(start, 0))) {
    const t = lineText(l);
    if (NOTE_LINE.test(t)) break;
    if (isFurniture(t)) continue;
    body.push(l);
  }
  return body;
}

/** Column numbers a 栏次 line declares ("栏次 5 6 7" → [5, 6, 7]); null for any other line. */
function declaredColumns(line: Line): number[] | null {
  if (!lineText(line).includes('栏')) return null; // most lines: no cell to trim
  const words = line.cells.map((c) => c.trim()).filter((c) => c !== '');
  if (words[0]?.replace(/\s+/g, '') !== '栏次') return null;
  return words.filter((w) => /^\d{1,2}$/.test(w)).map(Number);
}

// Page furniture between the two halves of a split table: title, unit, department, marker.
export const FURNITURE = /决算表|单位[:：]|部门名称|单位名称|公开\s*\d{1,2}\s*表/;

/**
 * A wide table printed in parts (the right-hand columns on a later page, under a header whose
 * 栏次 line numbers only those columns) as one segment per 栏次 line, each with the columns
 * it holds. A table with one 栏次 line, or none, is one segment with every column.
 */
export function bodySegments(lines: Line[], allColumns: number[], wide?: number[], keywords?: string[][]): { columns: number[]; lines: Line[] }[] {
  const marks = lines.map((l, i) => ({ i, cols: declaredColumns(l) })).filter((m) => m.cols !== null);
  if (marks.length === 0 && keywords) {
    // No 栏次 line (Shanghai's form): the columns the header names, in the order it names them.
    const named = headerColumns(lines, keywords);
    return [{ columns: named.length > 0 ? named : allColumns, lines: bodyLines(lines) }];
  }
  if (marks.length <= 1) {
    // A 05 or 08 printing 07's six columns (年初结转和结余, 本年收入, 本年支出 ×3, 年末结转和结余).
    const declared = marks[0]?.cols?.length ?? 0;
    return [{ columns: wide && declared === wide.length ? wide : allColumns, lines: bodyLines(lines) }];
  }
  return marks.map((m, k) => {
    const declared = m.cols!;
    const valid = declared.length > 0 && declared.every((c, j) => allColumns.includes(c) && (j === 0 || c > declared[j - 1]));
    const end = k + 1 < marks.length ? marks[k + 1].i : lines.length;
    const segment: Line[] = [];
    for (const l of lines.slice(m.i + 1, end)) {
      const t = lineText(l);
      if (NOTE_LINE.test(t) || FURNITURE.test(t)) break; // the next part's header begins
      if (!isFurniture(t)) segment.push(l);
    }
    // The next part's header, when no title or unit line announced it: the lines without a
    // number (no code, no amount) just before its 栏次 line.
    if (k + 1 < marks.length) while (segment.length > 0 && !segment[segment.length - 1].cells.some((c) => /^-?[\d,.]+$/.test(c.trim()) && /\d/.test(c))) segment.pop();
    return { columns: valid ? declared : allColumns, lines: segment };
  });
}

/**
 * The columns a header names, in the order it names them: its text read line by line, each
 * column at the first place one of its words stands ("年初结转和 / 结余 本年收入 / 本年支出 /
 * 合计 基本支出 项目支出 / 年末结转和结余" → 4 5 1 2 3 6). The header is every line before the
 * first one with a number.
 */
export function headerColumns(lines: Line[], keywords: string[][]): number[] {
  let text = '';
  for (const l of lines.slice(1)) {
    if (l.cells.some((c) => /\d/.test(c) && kindOf(c.trim()) !== 'label')) break;
    // Lines and cells kept apart: "项目" over "支出功能分类" is no 项目支出.
    text += l.cells.map((c) => c.replace(/\s+/g, '')).join('|') + '|';
  }
  const at = keywords.map((kws, k) => ({ col: k + 1, pos: Math.min(...kws.map((kw) => text.indexOf(kw)).filter((p) => p >= 0)) }));
  return at.filter((a) => Number.isFinite(a.pos)).sort((a, b) => a.pos - b.pos).map((a) => a.col);
}

/**
 * Joins the parts of a split table by row key: a row's numbers from every part, each part's
 * confined to the columns that part prints, in the order rows first appear. A row printed twice
 * over the same columns keeps its first printing; a second one that differs is recorded.
 */
export function joinParts(parts: AssembleResult[]): AssembleResult {
  const rows: ParsedRow[] = [];
  const byKey = new Map<string, ParsedRow>();
  const notes: PlacementNote[] = parts.flatMap((p) => p.notes);
  for (const part of parts) {
    for (const r of part.rows) {
      const existing = byKey.get(r.key);
      if (!existing) {
        byKey.set(r.key, r);
        rows.push(r);
        continue;
      }
      if (!existing.label || existing.label === existing.key) existing.label = r.label;
      const [a, b] = [existing.printed, r.printed];
      if (!a || !b) continue;
      const values = (p: Printed) => p.cells.filter((c) => c.text !== '').map((c) => c.text).join(' | ');
      if (a.columns.some((c) => b.columns.includes(c))) {
        if (values(a) !== values(b)) notes.push({ subject: r.key, passed: false, detail: `row printed twice: ${values(a)} and ${values(b)}; kept the first` });
        continue;
      }
      existing.printed = concatPrinted(a, b);
    }
  }
  return { rows, notes };
}

/** One row's numbers from two parts of a table that print different columns. */
function concatPrinted(a: Printed, b: Printed): Printed {
  const spaced = a.spaced && b.spaced;
  let first = a.cells;
  if (spaced) {
    // The first part's run padded to its columns, so the second's positions follow them.
    first = [...a.cells];
    while (first.length > a.columns.length && first[first.length - 1].text === '') first.pop();
    while (first.length < a.columns.length) first.push({ text: '' });
  }
  const allowed = (p: Printed) => p.cells.filter((c) => c.text !== '').map((_, i) => p.allowed?.[i] ?? p.columns);
  return { cells: [...first, ...b.cells], columns: [...a.columns, ...b.columns], spaced, allowed: [...allowed(a), ...allowed(b)] };
}


/**
 * Whether the text shows blank cells (pdf.js text's double spaces, markdown's empty tab cells, a
 * PDF's numbered columns without a number): then a number's position among the cells proposes
 * its column. Text that prints numbers one after the other without blanks only gives their order.
 */
function showsBlanks(body: Line[]): boolean {
  for (const l of body) {
    const cells = l.cells;
    let seen = false;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] !== '') seen = true;
      else if (seen && i < cells.length - 1) return true;
    }
  }
  return false;
}

function cellOf(t: Token): Cell {
  return { text: t.text, line: t.line, page: t.page };
}

/** Tokens that can fill a numeric cell. */
function isValueToken(t: Token): boolean {
  return t.kind === 'num' || t.kind === 'empty' || t.kind === 'placeholder' || t.kind === 'int';
}

// ---------------------------------------------------------------- 01 / 04 and 10: rows numbered by 行次

interface NumberedSide {
  side?: 'income' | 'expenditure';
  first: number;
  last: number;
  columns: number[];
}

/**
 * Rows identified by their printed 行次. A 行次 is an integer that continues one side's
 * sequence; the cells that follow it on its line are the row's amounts; the label is the text
 * gathered since the previous row (a label wraps over lines before its numbers).
 */
export function assembleNumbered(body: Line[], sides: NumberedSide[]): AssembleResult {
  const spaced = showsBlanks(body);
  const rows: ParsedRow[] = [];
  const notes: PlacementNote[] = [];
  // The first 行次 of the expenditure side depends on the template's year (29, 31, 32, 33 …):
  // it is learnt from the first 行次 that cannot be the income side's (see notIncome below).
  const expected: (number | null)[] = sides.map((s, k) => (k === 0 ? s.first : null));
  const last = sides.map((s) => s.last);
  let incomeClosed = false;
  let label: string[] = [];
  for (const line of body) {
    if (isHeaderLine(line.cells)) {
      label = [];
      continue;
    }
    const tokens = tokenize([line]);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === 'label') {
        if (isProse(t.text)) label = [];
        // No row's name is longer than 30 characters: longer text gathered since the last row
        // is something else (the pieces of a heading), and a new name starts afresh.
        else if (ORDINAL_START.test(t.text) || label.join('').length + t.text.length > 30) label = [t.text];
        else label.push(t.text);
        continue;
      }
      if (t.kind !== 'int') {
        if (t.kind === 'num') notes.push({ subject: `line ${t.line ?? t.page}`, passed: false, detail: `number ${t.text} outside any row` });
        continue;
      }
      const n = Number(t.text);
      let s = sides.findIndex((_, k) => expected[k] !== null && n >= expected[k]! && n <= Math.min(expected[k]! + 2, last[k]));
      // Learnt from a 行次 that cannot be the income side's: far past its next one (both sides
      // on one line), past its range, or after its 总计 (income printed before expenditure).
      const notIncome = n > expected[0]! + 2 || n > last[0] || incomeClosed;
      if (s < 0 && sides.length === 2 && expected[1] === null && notIncome && n >= 20 && n <= 80) {
        s = 1;
        last[0] = n - 1;
      }
      if (s < 0) continue;
      const side = sides[s];
      expected[s] = n + 1;
      const run: Cell[] = [];
      let j = i + 1;
      // A 行次 that continues a side's sequence is the next row's, not an amount (text that
      // shows no blank cells puts "30 61" for two blank rows side by side).
      const nextRowNo = (t: Token) => t.kind === 'int' && expected.some((e, k) => (k === s ? n + 1 : e) === Number(t.text));
      while (j < tokens.length && run.length < side.columns.length && isValueToken(tokens[j]) && !(!spaced && nextRowNo(tokens[j]))) {
        run.push(cellOf(tokens[j]));
        j++;
      }
      i = j - 1;
      rows.push({ key: '', label: label.join(''), rowNo: n, side: side.side, cells: new Map(), printed: { cells: run, columns: side.columns, spaced } });
      if (s === 0 && /总计$/.test(label.join(''))) incomeClosed = true;
      label = [];
    }
  }
  return { rows, notes };
}

/** A classification code, also when drawn twice in bold ("301301" → "301"). */
function undoubleCode(text: string, pattern: RegExp): string | null {
  if (pattern.test(text)) return text;
  const half = text.slice(0, text.length / 2);
  return text.length % 2 === 0 && half + half === text && pattern.test(half) ? half : null;
}

const CODE_GLUED_TO_NAME = /^[[【]?(\d{3,7})[\]】]?([\u3400-\u9fff].*)$/;

/**
 * The classification code a row starts with, at tokens[i]: a whole code ("2080501", also drawn
 * twice in bold), a code glued to its name ("[208]社会保障和就业支出", "2080501行政单位离退休"), or
 * 类 款 项 printed in columns of their own ("208 05 01", empty cells between them allowed when
 * the row's name follows). `next` is the index of the first token after the code.
 */
function leadingCode(tokens: Token[], i: number, pattern: RegExp, maxLength: number): { code: string; label?: string; next: number } | null {
  const t = tokens[i];
  if (t.kind === 'label') {
    const m = CODE_GLUED_TO_NAME.exec(t.text);
    return m && pattern.test(m[1]) ? { code: m[1], label: m[2], next: i + 1 } : null;
  }
  if (t.kind !== 'int') return null;
  let code = undoubleCode(t.text, pattern);
  if (code === null) return null;
  let next = i + 1;
  if (code.length === 3 || code.length === maxLength - 2) {
    const named = tokens.slice(i + 1).some((x) => x.kind === 'label');
    for (let j = i + 1; j < tokens.length && code.length < maxLength; j++) {
      if (tokens[j].kind === 'empty' && named) continue;
      if (tokens[j].kind !== 'int' || !/^\d{2}$/.test(tokens[j].text)) break;
      code += tokens[j].text;
      next = j + 1;
    }
  }
  return { code, next };
}

// ---------------------------------------------------------------- 02 03 05 07 08: functional classification codes

const FUNCTIONAL_CODE = /^2\d{2}(?:\d{2}){0,2}$/;

/**
 * The cells of a 合计 row. Its label spans the code and name columns, but tab-separated text
 * keeps the empty name cell: one cell too many, at the front. Any other empty cell before the
 * amounts is a blank column (07's 年初结转和结余).
 */
function withoutNameCell(run: Cell[], columns: number): Cell[] {
  return run.length > columns && run[0].text === '' ? run.slice(1) : run;
}

/**
 * Rows start at a functional classification code (类 3 digits, 款 5, 项 7) or at 合计; the
 * label follows (wrapped over lines), then the run of numeric cells, one cell per column.
 */
export function assembleCoded(body: Line[], columns: number[]): AssembleResult {
  const rows: ParsedRow[] = [];
  const notes: PlacementNote[] = [];
  let cur: { key: string; label: string[]; named: boolean; run: Cell[] | null } | null = null;
  const spaced = showsBlanks(body);
  const flush = () => {
    if (!cur) return;
    const label = cur.label.join('');
    rows.push({ key: cur.key, label: label || cur.key, rowNo: null, cells: new Map(), printed: { cells: cur.run ?? [], columns, spaced } });
    cur = null;
  };
  for (const line of body) {
    if (isHeaderLine(line.cells)) continue;
    const tokens = tokenize([line]);
    const firstIdx = tokens.findIndex((t) => t.kind !== 'empty');
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const lead = i === firstIdx ? leadingCode(tokens, i, FUNCTIONAL_CODE, 7) : null;
      const isTotal = t.kind === 'label' && /^(合计|总计)$/.test(t.text.replace(/\s+/g, ''));
      if (lead || isTotal) {
        flush();
        // A merged 合计 cell spans code and name; tab-separated text still has the empty name cell.
        cur = { key: lead?.code ?? '合计', label: isTotal ? [t.text.replace(/\s+/g, '')] : lead?.label ? [lead.label] : [], named: lead?.label !== undefined, run: null };
        if (lead) i = lead.next - 1;
        continue;
      }
      if (!cur) continue;
      if (t.kind === 'label') {
        if (!isProse(t.text)) cur.label.push(t.text);
        cur.named = true;
        continue;
      }
      if (cur.run === null && t.kind === 'empty' && !cur.named && cur.key !== '合计') continue;
      if (cur.run === null) {
        cur.run = tokens.slice(i).filter((x) => x.kind !== 'label').map(cellOf);
        if (cur.key === '合计') cur.run = withoutNameCell(cur.run, columns.length);
        const glued = tokens.slice(i).find((x) => x.kind === 'label');
        if (glued && !isProse(glued.text)) cur.label.push(glued.text);
        break;
      }
      if (t.kind !== 'empty') notes.push({ subject: cur.key, passed: false, detail: `extra number ${t.text} after the row's cells` });
    }
  }
  flush();
  return { rows, notes };
}

// ---------------------------------------------------------------- 06: economic classification, groups side by side

const ECONOMIC_CODE = /^3\d{2}(?:\d{2})?$/;

/** Whether the next non-empty token after tokens[i], on the same line, is an economic code. */
function nextIsCode(tokens: Token[], i: number): boolean {
  let j = i + 1;
  while (j < tokens.length && tokens[j].kind === 'empty') j++;
  return j < tokens.length && tokens[j].kind === 'int' && undoubleCode(tokens[j].text, ECONOMIC_CODE) !== null;
}

/**
 * Each printed line holds up to four (code, name, amount) groups. A row starts at an economic
 * code; its name follows (possibly wrapped); its amount is the first number before the next
 * code. 人员经费合计 / 公用经费合计 are labelled rows with one amount.
 */
export function assembleEconomic(body: Line[]): AssembleResult {
  const rows: ParsedRow[] = [];
  const notes: PlacementNote[] = [];
  let cur: ParsedRow | null = null;
  let hasValue = false;
  // A table whose amounts have decimals prints no integer amount: a bare 类 code is a code, also
  // right after a code whose name stands elsewhere (text that prints names apart from codes).
  let decimals = 0;
  let integers = 0;
  for (const line of body) for (const c of line.cells) kindOf(c) === 'num' ? decimals++ : kindOf(c) === 'int' && !/^(?:3\d{2}(?:\d{2})?|\d{2})$/.test(c) && integers++;
  const codesOnly = decimals >= 5 && integers === 0;
  for (const line of body) {
    if (isHeaderLine(line.cells)) continue;
    const tokens = tokenize([line]);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const fresh = cur !== null && !hasValue && cur.label === '';
      // 类 and 款 in columns of their own ("301 01 基本工资"): the 款 part completes the code.
      if (fresh && cur!.key.length === 3 && t.kind === 'int' && /^\d{2}$/.test(t.text)) {
        cur!.key += t.text;
        continue;
      }
      const glued = t.kind === 'label' ? CODE_GLUED_TO_NAME.exec(t.text) : null;
      const code = t.kind === 'int' ? undoubleCode(t.text, ECONOMIC_CODE) : glued && ECONOMIC_CODE.test(glued[1]) ? glued[1] : null;
      // A whole 款 code starts its row even right after a code without a name (the name printed on
      // lines of its own, above and below); a bare 类 code there could be an amount in 元.
      if (code !== null && (!fresh || code.length === 5 || codesOnly)) {
        cur = { key: code, label: glued ? glued[2] : '', rowNo: null, cells: new Map() };
        rows.push(cur);
        hasValue = false;
        continue;
      }
      if (t.kind === 'label') {
        const text = t.text.replace(/\s+/g, '');
        if (/^(人员经费|公用经费)(合计)?$/.test(text) || /经费合计$/.test(text)) {
          cur = { key: canonicalLabel(text), label: text, rowNo: null, cells: new Map() };
          rows.push(cur);
          hasValue = false;
        } else if (cur && !hasValue && !isProse(text)) {
          cur.label += text;
        }
        continue;
      }
      if (!cur || hasValue) {
        if (t.kind === 'num') notes.push({ subject: `line ${t.line ?? t.page}`, passed: false, detail: `number ${t.text} outside any row` });
        continue;
      }
      if (t.kind === 'num' || t.kind === 'int') {
        cur.cells.set(1, cellOf(t));
        hasValue = true;
      } else if (t.kind === 'placeholder') hasValue = true;
      // An empty cell after a coded row's name and right before the next group's code is the
      // row's blank amount: that code starts a row, it is not the amount. (Empty cells before
      // the name are the columns between code and name; a stray space is no cell at all.)
      else if (t.kind === 'empty' && cur.label !== '' && /^\d+$/.test(cur.key) && nextIsCode(tokens, i)) hasValue = true;
    }
  }
  return { rows, notes };
}

// ---------------------------------------------------------------- 09: one row of twelve columns

/**
 * The national table prints the six 预算数 columns, then the six 决算数 (1–6, 7–12); some
 * layouts print a (预算数, 决算数) pair under each item. The heads' own order tells which.
 */
function threePublicColumns(lines: Line[]): number[] {
  const heads = lines.flatMap((l) => l.cells.map((c) => c.replace(/\s+/g, '')).filter((c) => c === '预算数' || c === '决算数'));
  let switches = 0;
  for (let i = 1; i < heads.length; i++) if (heads[i] !== heads[i - 1]) switches++;
  const halves = Array.from({ length: 12 }, (_, i) => i + 1);
  return switches >= 6 ? halves.slice(0, 6).flatMap((c) => [c, c + 6]) : halves;
}

export function assembleThreePublic(body: Line[], region: Line[] = body): AssembleResult {
  const run: Cell[] = [];
  for (const line of body) {
    const tokens = tokenize([line]);
    if (tokens.some((t) => t.kind === 'label' && !/^(合计|决算数|预算数)$/.test(t.text))) continue;
    for (const t of tokens) if (isValueToken(t)) run.push(cellOf(t));
  }
  const columns = threePublicColumns(region);
  // Budget (1–6) and final (7–12) halves each satisfy 合计 = 出国 + 公务用车小计 + 接待 (identities.ts).
  const rows: ParsedRow[] = run.some((c) => c.text !== '') ? [{ key: '1', label: '三公经费', rowNo: null, cells: new Map(), printed: { cells: run, columns, spaced: showsBlanks(body) } }] : [];
  return { rows, notes: [] };
}

/** Row keys of 01/04: class code for functional 类, side prefix for labels on both sides, parent key for repeated sub-rows. */
export function keyNumberedRows(rows: ParsedRow[], classCode: (label: string) => string | undefined): void {
  const bySide = new Map<string, Set<string>>();
  for (const r of rows) {
    const c = canonicalLabel(r.label);
    if (!c) continue;
    const s = bySide.get(c) ?? new Set<string>();
    s.add(r.side ?? '');
    bySide.set(c, s);
  }
  const seen = new Map<string, Set<string>>();
  const parent = new Map<string, string>();
  for (const r of rows) {
    const side = r.side ?? '';
    const c = canonicalLabel(r.label);
    const sideSeen = seen.get(side) ?? new Set<string>();
    seen.set(side, sideSeen);
    const fn = r.side === 'expenditure' ? classCode(r.label) : undefined;
    if (fn) r.key = fn;
    else if (((!c && /结转和结余$/.test(parent.get(side) ?? '')) || (c && sideSeen.has(c))) && parent.has(side)) {
      r.parent = parent.get(side);
      r.key = `${r.parent}:${c || '行' + (r.rowNo ?? '')}`;
    } else if (!c) r.key = `${side ? side + ':' : ''}行${r.rowNo ?? ''}`;
    else r.key = (bySide.get(c)?.size ?? 0) > 1 ? `${side}:${c}` : c;
    if (c && !sideSeen.has(c)) {
      sideSeen.add(c);
      if (!fn) parent.set(side, r.key);
    }
  }
}
