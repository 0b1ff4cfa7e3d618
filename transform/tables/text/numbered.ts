// Tables whose rows the form numbers (行次: 01, 04, 10): a 行次 continues a side's sequence; the
// cells that follow it are the row's amounts; the label is the text gathered since the previous row.
import type { Line } from '../../../extract/lines.js';
import type { AssembleResult, Cell, ParsedRow, PlacementNote } from '../model.js';
import { isProse, ORDINAL_START, tokenize, type Token } from '../tokens.js';
import { cellOf, isHeaderLine, isValueToken, showsBlanks } from './body.js';


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
