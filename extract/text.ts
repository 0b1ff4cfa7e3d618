// Text front end: text already extracted from a PDF, in two flavours.
// - pdf.js style: the cells of a table row are joined by single spaces and an empty cell is an
//   empty string, so "a  b" is a, (empty), b. We keep every cell, empty ones included.
// - markdown: headings (#), <b> tags and tab-separated cells.
import type { Line, SourceFormat } from './lines.js';

const CJK_SPACE_CJK = /([\u3400-\u9fff）)（(])\s+(?=[\u3400-\u9fff（(）)])/g;

export function detectFormat(text: string): SourceFormat {
  if (!text.includes('\t')) return 'text';
  let tabbed = 0;
  let headings = 0;
  for (const raw of text.split(/\r?\n/, 3000)) {
    if (raw.includes('\t')) tabbed++;
    if (/^#{1,6} /.test(raw) || /<\/?b>/.test(raw)) headings++;
  }
  return tabbed >= 10 && headings >= 1 ? 'markdown' : 'text';
}

export function textToLines(text: string, format: SourceFormat): Line[] {
  const raw = text.split(/\r\n|\r|\n/);
  const lines: Line[] = [];
  raw.forEach((r, i) => {
    if (r.trim() === '') return;
    const cells = format === 'markdown' ? markdownCells(r) : SPACED_WORD.test(r) ? joinSpacedWord(r.split(' ')) : r.split(' ');
    lines.push({ cells, line: i + 1 });
  });
  return format === 'markdown' ? mergeWrappedRows(lines) : lines;
}

const SINGLE_CJK = /^[\u3400-\u9fff]$/;
const SPACED_WORD = /(?:^| )[\u3400-\u9fff] [\u3400-\u9fff](?: |$)/;

/** A word printed letter-spaced ("项 目", "栏 次"): single characters in a row are one cell. */
function joinSpacedWord(cells: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    let word = cells[i];
    while (SINGLE_CJK.test(word.slice(-1)) && SINGLE_CJK.test(cells[i]) && SINGLE_CJK.test(cells[i + 1] ?? '')) word += cells[++i];
    out.push(word);
  }
  return out;
}

function markdownCells(r: string): string[] {
  const s = r.replace(/^#{1,6}\s+/, '').replace(/<\/?b>/g, '');
  if (!s.includes('\t')) return s.split(' ');
  // Inside a tab-separated cell a space is a wrapped line of the printed cell: drop it
  // between CJK characters ("一般公共 服务支出"), keep it elsewhere.
  return s.split('\t').map((c) => c.trim().replace(CJK_SPACE_CJK, '$1'));
}

/**
 * In tab-separated tables a label that wraps in the printed cell becomes a line of its own
 * holding only the continuation, at the same cell position ("\t\t\t出\t\t\t\t\t"). Such a
 * line, with no number and the same cell count as the row above, is merged into that row.
 */
function mergeWrappedRows(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const l of lines) {
    const prev = out[out.length - 1];
    const nonEmpty = l.cells.filter((c) => c !== '');
    if (
      prev &&
      l.cells.length >= 3 &&
      l.cells.length === prev.cells.length &&
      nonEmpty.length > 0 &&
      nonEmpty.every((c) => !/\d/.test(c)) &&
      l.cells[0] === ''
    ) {
      prev.cells = prev.cells.map((c, i) => c + (l.cells[i] ?? ''));
      continue;
    }
    out.push({ ...l, cells: [...l.cells] });
  }
  return out;
}
