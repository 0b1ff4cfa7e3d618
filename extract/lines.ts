// The one representation every front end produces: a line of cells with its provenance.

/** A line of a document. cleanLines writes each field out (one object shape): a new field goes there too. */
export interface Line {
  /** Cells in reading order. An empty string is an empty table cell. */
  cells: string[];
  /** 1-based line number in the text input. */
  line?: number;
  /** 1-based page number in PDF input. */
  page?: number;
  /** Right edge (x + width, PDF units) of each cell, for PDF input only. */
  right?: number[];
  /** Left edge of each cell, for PDF input only. */
  left?: number[];
  /** Baseline (points from the top of the page), for PDF input only. */
  y?: number;
  /** lineText of the line, set by cleanLines (which computes it anyway) and by the text front end where it knows it; absent on lines made elsewhere. */
  text?: string;
}

/**
 * What the input was: a PDF; or text extracted from one, as
 * - 'text': a table row's cells on one line, single-spaced, a blank cell as a double space
 *   (pdf.js and pdf-parse's getText);
 * - 'layout': the page laid out in character columns (pdftotext -layout);
 * - 'cells': one cell per line, blocks between blank lines (mutool draw -F txt, pdftotext, pdf2txt);
 * - 'markdown': tab-separated cells with # headings.
 */
export type SourceFormat = 'text' | 'layout' | 'cells' | 'markdown' | 'pdf';

export interface ExtractedDocument {
  format: SourceFormat;
  encoding: string | null;
  pageCount: number | null;
  lines: Line[];
}

/** Width of a character in ems, to place the parts of a split text item: CJK and full-width 1, others ½. */
const emWidth = (ch: string) => (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.5);
/** Width of a string in ems (see emWidth). */
export const emsOf = (s: string) => [...s].reduce((w, ch) => w + emWidth(ch), 0);

/** The cells joined by single spaces, trimmed. */
export function lineText(l: Line): string {
  return l.text ?? l.cells.join(' ').trim();
}

/** The first character of lineText(l) ('' if none), without joining the cells. */
export function firstNonSpace(cells: string[]): string {
  for (let k = 0; k < cells.length; k++) {
    const s = cells[k].trimStart(); // String.prototype.trim strips exactly what \s matches
    if (s) return s[0];
  }
  return '';
}

export class ExtractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExtractError';
  }
}
