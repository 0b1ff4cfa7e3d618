// Front end for text with one cell per line (MuPDF's `mutool draw -F txt`, poppler's plain
// `pdftotext`, pdfminer's `pdf2txt`): the extractor printed each run of text on a line of its
// own and left a blank line between blocks. A block is what the extractor saw together; for
// MuPDF that is a table row ("201", "06", "行政运行", "1,511.90" …), so a block becomes one line
// of cells, in reading order. A form feed starts a new page.
import type { Line } from './lines.js';

// An amount broken by the extractor at its separators: "3153. 06", "1, 045. 52".
const BROKEN_NUMBER = /(\d[.,]) (?=\d)/g;

const NUMERIC = /^[-\d,.%]+$/;
const GLUED_AMOUNT = /^(-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+)(?=[\u3400-\u9fff(（])/;

/**
 * The items of one line. A line may hold more than one, space-separated ("3153.13 本年支出合计"):
 * a number stands alone; words of text are one item, a space between two Chinese characters
 * dropped (MuPDF spaces some: "国 有资本经营…", "土 地 开发支出").
 */
function itemsOf(text: string): string[] {
  const out: string[] = [];
  // An amount glued to the next cell's label ("35,107,178.98本年支出合计") is two items: the label
  // may be the first drawing of bold text drawn twice, its second drawing the next item.
  for (const word of text.split(/\s+/).flatMap((w) => {
    const m = GLUED_AMOUNT.exec(w);
    return m ? [m[1], w.slice(m[1].length)] : [w];
  })) {
    const last = out[out.length - 1];
    if (last !== undefined && !NUMERIC.test(word) && !NUMERIC.test(last)) out[out.length - 1] = /[\u3400-\u9fff]$/.test(last) && /^[\u3400-\u9fff]/.test(word) ? last + word : `${last} ${word}`;
    else out.push(word);
  }
  return out;
}

/** Blocks of cell lines as lines of cells, with the first line number and the page of each block. */
export function cellLinesToLines(text: string): Line[] {
  const out: Line[] = [];
  let page = 1;
  let block: { cells: string[]; line: number; page: number } | null = null;
  const flush = () => {
    if (block && block.cells.length > 0) out.push({ cells: block.cells, line: block.line, page: block.page, text: undefined });
    block = null;
  };
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    let r = raw[i];
    if (r.endsWith('\r')) r = r.slice(0, -1);
    while (r.includes('\f')) {
      const at = r.indexOf('\f');
      addCell(r.slice(0, at), i + 1);
      flush();
      page++;
      r = r.slice(at + 1);
    }
    if (r.trim() === '') flush();
    else addCell(r, i + 1);
  }
  flush();
  return out;

  function addCell(r: string, line: number): void {
    const text = r.trim().replace(BROKEN_NUMBER, '$1');
    if (text === '') return;
    block ??= { cells: [], line, page };
    block.cells.push(...itemsOf(text));
  }
}
