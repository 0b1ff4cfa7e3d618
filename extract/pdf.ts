// PDF front end: PDFium (compiled to WebAssembly: @embedpdf/pdfium, the engine of Chrome's PDF
// viewer, BSD-3) gives every character with its position; runs of characters on one baseline
// become items, items become lines of cells. PDFium decodes the Chinese of CID fonts that are
// neither embedded nor mapped to Unicode (STSong-Light, UniGB-UCS2-H …) with its own Adobe-GB1
// tables, as government PDFs need. It reads a page 12× faster than pdf.js did.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { emsOf, ExtractError, type Line } from './lines.js';

export interface PdfItem {
  page: number;
  x: number;
  /** Baseline, measured from the top of the page. */
  y: number;
  w: number;
  fs: number;
  str: string;
}

/** What this front end calls of PDFium: the wrapped FPDF_* functions, and the raw exports for the per-character loop. */
interface Pdfium {
  PDFiumExt_Init(): void;
  FPDF_LoadMemDocument(data: number, size: number, password: string): number;
  FPDF_GetLastError(): number;
  FPDF_GetPageCount(doc: number): number;
  FPDF_LoadPage(doc: number, index: number): number;
  FPDF_ClosePage(page: number): void;
  FPDF_CloseDocument(doc: number): void;
  FPDF_GetPageBoundingBox(page: number, rect: number): boolean;
  FPDFPage_GetRotation(page: number): number;
  FPDFText_LoadPage(page: number): number;
  FPDFText_ClosePage(textPage: number): void;
  pdfium: { HEAPU8: Uint8Array; HEAPF32: Float32Array; HEAPF64: Float64Array; wasmExports: Record<string, (...args: number[]) => number> };
}

let engine: Promise<Pdfium> | null = null;
/** PDFium, instantiated once per thread from the .wasm in node_modules (no network). */
function loadPdfium(): Promise<Pdfium> {
  engine ??= (async () => {
    const require = createRequire(import.meta.url);
    const { init } = (await import('@embedpdf/pdfium')) as unknown as { init(o: { wasmBinary: ArrayBuffer }): Promise<Pdfium> };
    const wasm = readFileSync(require.resolve('@embedpdf/pdfium/pdfium.wasm'));
    const p = await init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
    p.PDFiumExt_Init();
    return p;
  })();
  return engine;
}

// FPDF_GetLastError codes.
const OPEN_ERRORS: Record<number, string> = {
  2: 'not a readable PDF (truncated or corrupt): file not in PDF format',
  3: 'not a readable PDF (truncated or corrupt): file not in PDF format or corrupted',
  4: 'encrypted PDF: a password is required to open it',
  5: 'PDF with an unsupported security scheme',
};

// Scratch memory for the per-character outputs: the origin (2 doubles), FS_RECTF (loose box), FS_MATRIX: 56 bytes used.
const SCRATCH_BYTES = 128;

export async function readPdfItems(bytes: Uint8Array): Promise<{ items: PdfItem[]; pageCount: number }> {
  if (bytes.length === 0) throw new ExtractError('empty file');
  const P = await loadPdfium();
  const w = P.pdfium.wasmExports;
  const data = w.malloc(bytes.length);
  P.pdfium.HEAPU8.set(bytes, data); // PDFium reads it in place until the document is closed
  const scratch = w.malloc(SCRATCH_BYTES);
  const doc = P.FPDF_LoadMemDocument(data, bytes.length, '');
  try {
    if (!doc) {
      const code = P.FPDF_GetLastError();
      throw new ExtractError(OPEN_ERRORS[code] ?? (bytes.length < 64 || !/%PDF-/.test(Buffer.from(bytes.subarray(0, 1024)).toString('latin1')) ? OPEN_ERRORS[3] : `PDF could not be opened (PDFium error ${code})`));
    }
    const pageCount = P.FPDF_GetPageCount(doc);
    const items: PdfItem[] = [];
    for (let p = 0; p < pageCount; p++) {
      const page = P.FPDF_LoadPage(doc, p);
      if (!page) continue; // a page PDFium cannot parse has no text for us
      const text = P.FPDFText_LoadPage(page);
      try {
        if (text) for (const it of pageItems(P, page, text, p + 1, scratch)) items.push(it); // no spread: a page may hold more items than a call takes arguments
      } finally {
        if (text) P.FPDFText_ClosePage(text);
        P.FPDF_ClosePage(page);
      }
    }
    return { items, pageCount };
  } finally {
    if (doc) P.FPDF_CloseDocument(doc);
    w.free(scratch);
    w.free(data);
  }
}

interface Char {
  ch: string;
  /** Origin on the page, y from the top (the page's /Rotate applied). */
  x: number;
  y: number;
  /** Writing direction, in page coordinates. */
  ux: number;
  uy: number;
  advance: number;
  size: number;
}

/** The characters of a page, grouped into runs as pdf.js grouped text into items. */
function pageItems(P: Pdfium, page: number, text: number, pageNo: number, s: number): PdfItem[] {
  const m = P.pdfium;
  const w = m.wasmExports;
  const rotation = P.FPDFPage_GetRotation(page);
  P.FPDF_GetPageBoundingBox(page, s); // FS_RECTF: left, top, right, bottom
  const q0 = s >> 2;
  const [bl, bt, br, bb] = [m.HEAPF32[q0], m.HEAPF32[q0 + 1], m.HEAPF32[q0 + 2], m.HEAPF32[q0 + 3]];
  const chars: Char[] = [];
  const count = w.FPDFText_CountChars(text);
  const o = s >> 3;
  const q = (s + 16) >> 2;
  // Plain numbers, no arrays, in this loop: it runs for every character of the corpus.
  for (let i = 0; i < count; i++) {
    if (w.FPDFText_IsGenerated(text, i) === 1) continue; // spaces and line ends PDFium inserts: positions say it better
    const code = w.FPDFText_GetUnicode(text, i) >>> 0;
    if (code === 0 || code === 0x0a || code === 0x0d || code === 0xfffe) continue;
    w.FPDFText_GetCharOrigin(text, i, s, s + 8); // doubles x, y
    w.FPDFText_GetLooseCharBox(text, i, s + 16); // FS_RECTF: left, top, right, bottom (the advance, ascent to descent)
    w.FPDFText_GetMatrix(text, i, s + 32); // FS_MATRIX: a b c d e f
    const size0 = w.FPDFText_GetFontSize(text, i);
    const f64 = m.HEAPF64; // views read after the calls: memory may have grown
    const f32 = m.HEAPF32;
    const ox = f64[o];
    const oy = f64[o + 1];
    const a = f32[q + 4];
    const b = f32[q + 5];
    // GetFontSize is the Tf operand alone; the text matrix scales it (1 Tf with 9 0 0 9 Tm is 9 points).
    const size = size0 * Math.sqrt(Math.abs(a * f32[q + 7] - b * f32[q + 6]));
    const n = Math.hypot(a, b) || 1;
    const ua = a / n;
    const ub = b / n;
    // The loose box spans the glyph's advance (refined below from the next character's origin).
    const advance = Math.max(0, Math.max((f32[q] - ox) * ua, (f32[q + 2] - ox) * ua) + Math.max((f32[q + 3] - oy) * ub, (f32[q + 1] - oy) * ub));
    const ch = String.fromCodePoint(code);
    // From PDF user space (y up) to the page as displayed (y down, /Rotate applied).
    if (rotation === 1) chars.push({ ch, x: oy - bb, y: ox - bl, ux: ub, uy: ua, advance, size });
    else if (rotation === 2) chars.push({ ch, x: br - ox, y: oy - bb, ux: -ua, uy: ub, advance, size });
    else if (rotation === 3) chars.push({ ch, x: bt - oy, y: br - ox, ux: -ub, uy: -ua, advance, size });
    else chars.push({ ch, x: ox - bl, y: bt - oy, ux: ua, uy: -ub, advance, size });
  }
  declaredAdvances(chars);
  return runs(chars, pageNo);
}

/**
 * For a font that is not embedded, PDFium measures a substitute's glyphs, wider than the widths
 * the PDF declares (a digit 9.2 points for 6 at 12 points), and two cells would touch. Inside one
 * text-showing operator the next character starts where the declared width ends: where that
 * step is shorter than the box, it is the advance; the last Latin character of a run (the step
 * to the next is a gap) takes the step of the Latin character before it.
 */
function declaredAdvances(chars: Char[]): void {
  const stepped = new Array<boolean>(chars.length).fill(false);
  for (let i = 0; i + 1 < chars.length; i++) {
    const c = chars[i];
    const n = chars[i + 1];
    if (Math.abs(n.ux - c.ux) > 0.01 || Math.abs(n.uy - c.uy) > 0.01 || Math.abs((n.y - c.y) * c.ux - (n.x - c.x) * c.uy) > 0.2 * c.size) continue;
    const step = (n.x - c.x) * c.ux + (n.y - c.y) * c.uy;
    if (step > 0 && step < c.advance) {
      c.advance = step;
      stepped[i] = true;
    }
  }
  // Latin characters only (digits above all): CJK punctuation is often set narrower than the
  // characters beside it, so its step says nothing of their width.
  const narrow = (ch: string) => ch.charCodeAt(0) < 0x80;
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i];
    const p = chars[i - 1];
    if (!stepped[i] && stepped[i - 1] && narrow(p.ch) && narrow(c.ch) && p.size === c.size && p.advance < c.advance) c.advance = p.advance;
  }
}

/**
 * Consecutive characters on one baseline, in one direction, closer than a third of their size:
 * one item, as pdf.js made one of a text-showing operator's glyphs (a real space inside stays,
 * as in "10.00 302"; splitAtSpaces cuts it where a number meets it). Two characters at the same
 * origin are one glyph mapped to several ("fi").
 */
function runs(chars: Char[], page: number): PdfItem[] {
  const items: PdfItem[] = [];
  let cur: { str: string; x: number; y: number; start: number; end: number; fs: number } | null = null;
  let prev: Char | null = null;
  const flush = () => {
    // Without its trailing spaces: the width ends at the last character drawn.
    if (cur && cur.str.trim() !== '') items.push({ page, x: cur.x, y: cur.y, w: cur.end - cur.start, fs: cur.fs, str: cur.str.trimEnd() });
    cur = null;
  };
  for (const c of chars) {
    const size = Math.max(c.size, 1);
    let join = false;
    if (cur && prev && Math.abs(c.ux - prev.ux) < 0.01 && Math.abs(c.uy - prev.uy) < 0.01) {
      const along = (c.x - prev.x) * c.ux + (c.y - prev.y) * c.uy;
      const across = (c.y - prev.y) * c.ux - (c.x - prev.x) * c.uy;
      const gap = along - prev.advance;
      join = Math.abs(across) < 0.2 * size && gap < 0.3 * size && (gap > -0.5 * size || Math.abs(along) < 0.01);
    }
    if (!join) flush();
    prev = c;
    if (!cur && c.ch.trim() === '') continue;
    const at = c.x * c.ux + c.y * c.uy;
    if (!cur) cur = { str: '', x: c.x, y: c.y, start: at, end: at + c.advance, fs: c.size };
    cur.str += c.ch;
    if (c.ch.trim() !== '') cur.end = Math.max(cur.end, at + c.advance);
    cur.fs = Math.max(cur.fs, c.size);
  }
  flush();
  return items;
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
