// Tables 01 and 04 from text, in layouts that number no rows (no 行次): each row is known by its
// label, and a printed line holds an income row and an expenditure row side by side, each label
// followed by its numbers ("一、一般公共预算财政拨款收入 2,940.05 一、一般公共服务支出 2,106.66").
// Which side a label stands on is told by what it names (收入 / 支出, a functional 类), by the
// ordinal sequence each side follows, and by its place on the line (income first). A label the
// extractor wrapped goes on on the next line ("七、文化旅游体育与传媒支" / "出") and is joined
// to the row it completes.
import type { Line } from '../../../extract/lines.js';
import type { AssembleResult, ParsedRow, PlacementNote } from '../model.js';
import { canonicalLabel, FUNCTION_CLASSES } from '../templates.js';
import { HEADER_WORDS, isProse, ORDINAL_START, tokenize } from '../tokens.js';

export type Side = 'income' | 'expenditure';

// Names the income side prints (01 and 04, national and regional wording), without ordinals.
const INCOME_NAMES = [
  '一般公共预算财政拨款收入', '政府性基金预算财政拨款收入', '国有资本经营预算财政拨款收入', '财政拨款收入', '上级补助收入', '事业收入',
  '经营收入', '附属单位上缴收入', '其他收入', '本年收入合计', '使用非财政拨款结余和专用结余', '使用非财政拨款结余(含专用结余)',
  '使用非财政拨款结余', '年初结转和结余', '年初财政拨款结转和结余', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款',
];
const EXPENDITURE_NAMES = [...Object.keys(FUNCTION_CLASSES), '本年支出合计', '结余分配', '年末结转和结余', '年末财政拨款结转和结余'];

const norm = (s: string) => canonicalLabel(s).replace(/[（]/g, '(').replace(/[）]/g, ')');
const INCOME = INCOME_NAMES.map(norm);
const EXPENDITURE = EXPENDITURE_NAMES.map(norm);

/** The side whose names the label is (or begins, when wrapped), or null when it could be either or neither. */
export function sideOf(label: string): Side | null {
  const k = norm(label);
  if (k === '' || k === '总计') return null;
  const isIncome = INCOME.some((n) => n === k || (k.length >= 2 && n.startsWith(k)));
  const isExpenditure = EXPENDITURE.some((n) => n === k || (k.length >= 2 && n.startsWith(k)));
  if (isIncome !== isExpenditure) return isIncome ? 'income' : 'expenditure';
  // A whole name decides over a prefix of another ("一般公共预算财政拨款" is 04's income row).
  if (INCOME.includes(k)) return 'income';
  if (EXPENDITURE.includes(k)) return 'expenditure';
  return null;
}

/** Whether a label is a complete row name (not a line of one still wrapping). */
export function isRowName(label: string): boolean {
  const k = norm(label);
  return k === '总计' || INCOME.includes(k) || EXPENDITURE.includes(k);
}

/** Whether a label without an ordinal starts a row: a complete name, or the start of a total or balance row. */
export function startsRow(label: string): boolean {
  return isRowName(label) || /合计$|^总计$|结转和结余|结余分配|使用非财政拨款/.test(label);
}

const ORDINALS = '一二三四五六七八九十';
/** The number an ordinal prefix stands for ("二十一、" → 21), or null. */
function ordinal(label: string): number | null {
  const m = /^([一二三四五六七八九十]+)[、.．]/.exec(label);
  if (!m) return null;
  const s = m[1];
  if (s === '十') return 10;
  const [tens, ones] = s.includes('十') ? s.split('十') : ['', s];
  const digit = (d: string) => ORDINALS.indexOf(d) + 1;
  return (s.includes('十') ? (tens === '' ? 1 : digit(tens)) * 10 : 0) + (ones === '' ? 0 : digit(ones));
}

/**
 * Rows of both sides, income first, each with its numbers in printed order for the placement.
 * `columns` are those of each side (01: [1] and [2]; 04: [1] and [2, 3, 4, 5]).
 */
export function assembleLabelled(body: Line[], columns: Record<Side, number[]>): AssembleResult {
  const rows: Record<Side, ParsedRow[]> = { income: [], expenditure: [] };
  const notes: PlacementNote[] = [];
  const next: Record<Side, number> = { income: 1, expenditure: 1 };
  const totals: Record<Side, boolean> = { income: false, expenditure: false };
  let target: ParsedRow | null = null;
  const startRow = (side: Side, label: string) => {
    const row: ParsedRow = { key: '', label, rowNo: null, side, cells: new Map(), printed: { cells: [], columns: columns[side], spaced: false } };
    rows[side].push(row);
    target = row;
    const n = ordinal(label);
    if (n !== null) next[side] = n + 1;
    if (norm(label) === '总计') totals[side] = true;
  };
  for (const line of body) {
    let onLine: Side[] = [];
    for (const t of tokenize([line])) {
      if (t.kind === 'empty') continue;
      // Numbers go to the row whose label came last, also from the line before (a label
      // wrapped over lines has its numbers on the last of them), while it has room.
      if (t.kind !== 'label') {
        if (target && target.printed!.cells.length < target.printed!.columns.length) target.printed!.cells.push({ text: t.text, line: t.line, page: t.page });
        else if (t.kind === 'num') notes.push({ subject: `line ${t.line ?? t.page}`, passed: false, detail: `number ${t.text} outside any row` });
        continue;
      }
      const text = t.text.replace(/\s+/g, '');
      if (isProse(text)) continue;
      const started = rows.income.length + rows.expenditure.length > 0;
      // A wrapped label's next line: the fragment completes the open row it makes a name of (a
      // head word such as 支出 only when it completes one exactly).
      if (!ORDINAL_START.test(text) && !isRowName(text)) {
        const open = (['income', 'expenditure'] as Side[]).map((s) => rows[s][rows[s].length - 1]).filter((r) => r && !isRowName(r.label));
        const exact = open.find((r) => isRowName(r.label + text));
        const completed = exact ?? (HEADER_WORDS.has(text) ? undefined : (open.find((r) => sideOf(r.label + text) === r.side) ?? open[0]));
        if (completed) {
          completed.label += text;
          target = completed;
          onLine.push(completed.side!);
          continue;
        }
        // Before the first row, words that name no row are the header's column names.
        if (!started || HEADER_WORDS.has(text)) continue;
      }
      let side = sideOf(text);
      const n = ordinal(text);
      if (side === null && n !== null) side = next.income === n && !onLine.includes('income') ? 'income' : next.expenditure === n ? 'expenditure' : null;
      if (side === null && norm(text) === '总计') side = totals.income || onLine.includes('income') ? 'expenditure' : 'income';
      // Two labels on a line: the first is income's, the second expenditure's.
      side ??= onLine.includes('income') ? 'expenditure' : 'income';
      startRow(side, text);
      onLine = [...onLine, side];
    }
  }
  return { rows: [...rows.income, ...rows.expenditure], notes };
}
