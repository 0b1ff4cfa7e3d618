// Text front end: text already extracted from a PDF, in two flavours.
// - pdf.js style: the cells of a table row are joined by single spaces and an empty cell is an
//   empty string, so "a  b" is a, (empty), b. We keep every cell, empty ones included.
// - markdown: headings (#), <b> tags and tab-separated cells.
import type { Line, SourceFormat } from './lines.js';

const HAS_SPACE = /\s/;
const CJK_SPACE_CJK = /([\u3400-\u9fff）)（(])\s+(?=[\u3400-\u9fff（(）)])/g;

// An amount alone on its line, as one-cell-per-line extractors print every cell.
const LONE_AMOUNT = /^\s*-?[\d,]+\.\s?\d+\s*$/;
const WIDE_GAP = /\S {3,}\S/;

/**
 * Which flavour of extracted text this is, from the shape of its lines (the first 3 000 non-blank
 * ones): tabs with # headings are markdown; lines that are mostly spaces, cells three or more
 * apart, are laid out in columns; lines of one cell each, amounts alone on theirs, are cells;
 * anything else has a row's cells on one line.
 */
export function detectFormat(text: string): SourceFormat {
  let n = 0;
  let tabbed = 0;
  let headings = 0;
  let gaps = 0;
  let spaces = 0;
  let chars = 0;
  let single = 0;
  let amounts = 0;
  // Scanned with indexOf and cheap tests first: this runs on every text file.
  for (let start = 0; start < text.length && n < 3000; ) {
    let stop = text.indexOf('\n', start);
    if (stop < 0) stop = text.length;
    const raw = text.slice(start, stop);
    start = stop + 1;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    n++;
    let lineSpaces = 0;
    for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) === 32) lineSpaces++;
    spaces += lineSpaces;
    chars += raw.length;
    if (raw.includes('\t')) tabbed++;
    if ((trimmed[0] === '#' && /^#{1,6} /.test(raw)) || (raw.includes('<') && /<\/?b>/.test(raw))) headings++;
    if (lineSpaces >= 3 && WIDE_GAP.test(raw)) gaps++;
    // Trimmed, a line of one cell has no space left inside it.
    if (!HAS_SPACE.test(trimmed)) single++;
    if (LONE_AMOUNT.test(trimmed)) amounts++;
  }
  if (n === 0) return 'text';
  if (tabbed >= 10 && headings >= 1) return 'markdown';
  if (gaps >= n * 0.2 && spaces >= chars * 0.35) return 'layout';
  if (single >= n * 0.8 && amounts >= n * 0.05) return 'cells';
  return 'text';
}

export function textToLines(text: string, format: SourceFormat): Line[] {
  const lines: Line[] = [];
  // Scanned line by line with indexOf: a regex split and a split(' ') per line cost half again as much.
  const end = text.length;
  let no = 0;
  for (let start = 0; start <= end; ) {
    let stop = text.indexOf('\n', start);
    if (stop < 0) stop = end;
    const lf = stop < end;
    // A line ends at \n, \r\n or a lone \r (old Mac files): the \r of \r\n is cut here, any other splits the line.
    const crlf = lf && stop > start && text.charCodeAt(stop - 1) === 13;
    let r = text.slice(start, crlf ? stop - 1 : stop);
    start = stop + 1;
    if (r.includes('\r')) {
      const parts = r.split('\r');
      for (let k = 0; k < parts.length - 1; k++) addLine(lines, parts[k], ++no, format);
      r = parts[parts.length - 1];
    }
    addLine(lines, r, ++no, format);
    if (!lf) break;
  }
  numberPages(lines);
  return format === 'markdown' ? mergeWrappedRows(lines) : lines;
}

// pdf-parse's page separator, after each page: "-- 3 of 25 --".
const PAGE_SEPARATOR = /^-- (\d+) of \d+ --$/;
const PAGE_BREAK = '\f';

/** Where pdf-parse separated the pages, each line gets its page; the separators go. */
function numberPages(lines: Line[]): void {
  if (!lines.some((l) => l.text === PAGE_BREAK)) return;
  let page = 1;
  let k = 0;
  for (const l of lines) {
    if (l.text === PAGE_BREAK) {
      page = l.page! + 1;
      continue;
    }
    l.page = page;
    lines[k++] = l;
  }
  lines.length = k;
}

function addLine(lines: Line[], r: string, line: number, format: SourceFormat): void {
  const trimmed = r.trim();
  if (trimmed === '') return;
  const separator = trimmed.startsWith('-- ') ? PAGE_SEPARATOR.exec(trimmed) : null;
  if (separator) return void lines.push({ cells: [], line, page: Number(separator[1]), text: PAGE_BREAK });
  if (format === 'markdown') return void lines.push({ cells: markdownCells(r), line, text: undefined });
  // pdf-parse marks a jump between items on a line (a cell far off, bold text drawn again) with a tab.
  if (r.includes('\t')) return void lines.push({ cells: r.split('\t').flatMap(splitSpaces), line, text: undefined });
  if (SPACED_WORD.test(r)) return void lines.push({ cells: joinSpacedWord(splitSpaces(r)), line, text: undefined });
  // Cells split at single spaces join back into the line itself: its text is known (lineText).
  lines.push({ cells: splitSpaces(r), line, text: trimmed });
}

/** r.split(' '), a third faster for the short lines of a report. */
function splitSpaces(r: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let at = r.indexOf(' '); at >= 0; at = r.indexOf(' ', from)) {
    out.push(r.slice(from, at));
    from = at + 1;
  }
  out.push(r.slice(from));
  return out;
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
  // The regexes only where they can match: run on every cell they were most of the markdown's time.
  let s = r.charCodeAt(0) === 0x23 /* # */ ? r.replace(/^#{1,6}\s+/, '') : r;
  if (s.includes('<')) s = s.replace(/<\/?b>/g, '');
  if (!s.includes('\t')) return splitSpaces(s);
  // Inside a tab-separated cell a space is a wrapped line of the printed cell: drop it
  // between CJK characters ("一般公共 服务支出"), keep it elsewhere.
  return s.split('\t').map((c) => {
    const t = c.trim();
    return HAS_SPACE.test(t) ? t.replace(CJK_SPACE_CJK, '$1') : t;
  });
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
