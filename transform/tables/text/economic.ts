// Table 06, by economic classification: up to four (code, name, amount) groups side by side on a line.
import type { Line } from '../../../extract/lines.js';
import type { AssembleResult, ParsedRow, PlacementNote } from '../model.js';
import { canonicalLabel } from '../templates.js';
import { isProse, kindOf, tokenize, type Token } from '../tokens.js';
import { cellOf, isHeaderLine } from './body.js';
import { CODE_GLUED_TO_NAME, undoubleCode } from './codes.js';


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
  // A table whose amounts have decimals (or a blank form, with none) prints no integer amount: a bare 类 code is a code, also
  // right after a code whose name stands elsewhere (text that prints names apart from codes).
  let decimals = 0;
  let integers = 0;
  for (const line of body) for (const c of line.cells) kindOf(c) === 'num' ? decimals++ : kindOf(c) === 'int' && !/^(?:3\d{2}(?:\d{2})?|\d{2})$/.test(c) && integers++;
  const codesOnly = (decimals >= 5 || decimals === 0) && integers === 0;
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
