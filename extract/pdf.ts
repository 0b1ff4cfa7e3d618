// PDF front end: pdf.js text items with page and position → lines of cells.
// pdf-parse's getText() drops empty cells and positions, so we use the pdf.js build it is
// made on (pdfjs-dist 5.4.x, the last that runs on Node 20) directly, with its CMaps for
// Chinese fonts that are not embedded.
import { createRequire } from 'node:module';
import path from 'node:path';
import { emsOf, ExtractError, type Line } from './lines.js';

const require = createRequire(import.meta.url);
const PDFJS_DIR = path.dirname(require.resolve('pdfjs-dist/package.json'));
// pdf.js reads these with fs in Node: plain paths with a trailing separator, not file:// URLs.
const CMAP_URL = path.join(PDFJS_DIR, 'cmaps') + path.sep;
const STD_FONT_URL = path.join(PDFJS_DIR, 'standard_fonts') + path.sep;
const WASM_URL = path.join(PDFJS_DIR, 'wasm') + path.sep;

export interface PdfItem {
  page: number;
  x: number;
  /** Baseline, measured from the top of the page. */
  y: number;
  w: number;
  fs: number;
  str: string;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

export async function readPdfItems(bytes: Uint8Array): Promise<{ items: PdfItem[]; pageCount: number }> {
  if (bytes.length === 0) throw new ExtractError('empty file');
  const { getDocument, VerbosityLevel } = await loadPdfJs();
  let doc;
  try {
    doc = await getDocument({
      data: new Uint8Array(bytes), // pdf.js transfers (detaches) the array it is given
      cMapUrl: CMAP_URL,
      cMapPacked: true,
      standardFontDataUrl: STD_FONT_URL,
      wasmUrl: WASM_URL,
      useSystemFonts: false,
      disableFontFace: true,
      isEvalSupported: false,
      verbosity: VerbosityLevel.ERRORS,
    }).promise;
  } catch (e) {
    const err = e as Error;
    if (err.name === 'PasswordException') throw new ExtractError('encrypted PDF: a password is required to open it');
    if (err.name === 'InvalidPDFException') throw new ExtractError(`not a readable PDF (truncated or corrupt): ${err.message}`);
    throw new ExtractError(`PDF could not be opened: ${err.message}`);
  }
  const items: PdfItem[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const vp = page.getViewport({ scale: 1 });
      const tc = await page.getTextContent();
      for (const it of tc.items) {
        if (!('str' in it) || it.str.trim() === '') continue;
        const t = it.transform as number[];
        const [x, y] = vp.convertToViewportPoint(t[4], t[5]);
        items.push({ page: p, x, y, w: it.width, fs: Math.hypot(t[2], t[3]) || it.height, str: it.str });
      }
      page.cleanup();
    }
    return { items, pageCount: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

/**
 * pdf.js joins the text of neighbouring cells into one item with a space when they are close
 * ("10.00 302", "100.00 本年支出合计本年支出合计"): such an item is split where a number meets
 * the space, each part placed where its characters are. A space between two words of text
 * ("合 计", "(一) 行政单位") stays inside the cell.
 */
function splitAtSpaces(it: PdfItem): PdfItem[] {
  if (!/\S\s+\S/.test(it.str)) return [{ ...it, ...trimmed(it) }];
  const parts = it.str.split(/(\s+)/);
  const ems = parts.map(emsOf);
  const scale = it.w / ems.reduce((a, b) => a + b, 0);
  // Words, with their x; then those not separated by a number joined back.
  const words: { str: string; x: number; end: number }[] = [];
  let x = it.x;
  parts.forEach((p, k) => {
    const w = ems[k] * scale;
    if (p.trim() !== '') words.push({ str: p, x, end: x + w });
    x += w;
  });
  const numeric = (s: string) => /^[-\d,.%]+$/.test(s);
  const out: { str: string; x: number; end: number }[] = [];
  for (const word of words) {
    const last = out[out.length - 1];
    if (last && !numeric(last.str) && !numeric(word.str) && !/\d$/.test(last.str) && !/^\d/.test(word.str)) {
      last.str += ' ' + word.str;
      last.end = word.end;
    } else out.push({ ...word });
  }
  return out.map((p) => ({ ...it, x: p.x, w: p.end - p.x, str: p.str }));
}

/** An item without its padding spaces, placed where its characters are. */
function trimmed(it: PdfItem): { str: string; x: number; w: number } {
  const str = it.str.trim();
  if (str === it.str || str === '') return { str, x: it.x, w: it.w };
  const lead = it.str.length - it.str.trimStart().length;
  const scale = it.w / emsOf(it.str);
  const x = it.x + emsOf(it.str.slice(0, lead)) * scale;
  return { str, x, w: emsOf(str) * scale };
}

const SINGLE_CJK = /^[\u3400-\u9fff]$/;
// The 类 款 项 heads of a code column stand side by side, each over its own column.
const LEVEL_HEADS = /^[类款项]{2}$/;

/**
 * Groups items into lines (same page, baseline within a tolerance), sorts them left to right,
 * and merges neighbours closer than a third of the font size into one cell (some PDFs draw
 * one glyph per item). Cells keep their left and right edges for column placement.
 */
export function itemsToLines(items: PdfItem[]): Line[] {
  const sorted = items.flatMap(splitAtSpaces).sort((a, b) => a.page - b.page || a.y - b.y || a.x - b.x);
  const rows: PdfItem[][] = [];
  for (const it of sorted) {
    const row = rows[rows.length - 1];
    if (row && row[0].page === it.page && Math.abs(row[0].y - it.y) <= Math.max(2, it.fs * 0.2)) row.push(it);
    else rows.push([it]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    const cells: string[] = [];
    const left: number[] = [];
    const right: number[] = [];
    for (const it of row) {
      const last = cells.length - 1;
      const gap = last >= 0 ? it.x - right[last] : Infinity;
      // One glyph per item, or a word letter-spaced across its cell ("合    计", "项 目"): one
      // cell. Single characters further apart are cells of their own (类 款 项 heads).
      const spaced = last >= 0 && SINGLE_CJK.test(it.str) && !LEVEL_HEADS.test(it.str + cells[last].trim()) && SINGLE_CJK.test(cells[last].trim()) && gap < it.fs * 2.2;
      if (last >= 0 && (gap < it.fs * 0.3 || spaced)) {
        cells[last] += it.str;
        right[last] = Math.max(right[last], it.x + it.w);
      } else {
        cells.push(it.str);
        left.push(it.x);
        right.push(it.x + it.w);
      }
    }
    return { cells: cells.map((c) => c.trim()), page: row[0].page, y: row[0].y, left, right };
  });
}

export async function pdfToLines(bytes: Uint8Array): Promise<{ lines: Line[]; pageCount: number }> {
  const { items, pageCount } = await readPdfItems(bytes);
  if (items.length === 0) throw new ExtractError('PDF has no text layer (a scanned image?): no text could be read');
  return { lines: itemsToLines(items), pageCount };
}
