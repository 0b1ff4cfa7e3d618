// Extract stage: file bytes → cleaned lines with provenance.
import { cellLinesToLines } from './cells.js';
import { cleanLines } from './clean.js';
import { decodeText } from './decode.js';
import { layoutToLines } from './layout.js';
import { ExtractError, type ExtractedDocument } from './lines.js';
import { pdfToLines } from './pdf.js';
import { detectFormat, textToLines } from './text.js';

export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';
}

export async function extract(bytes: Uint8Array, fileName: string): Promise<ExtractedDocument> {
  if (bytes.length === 0) throw new ExtractError('empty file');
  if (isPdf(bytes)) {
    const { lines, pageCount } = await pdfToLines(bytes);
    return { format: 'pdf', encoding: null, pageCount, lines: cleanLines(lines) };
  }
  if (/\.pdf$/i.test(fileName)) throw new ExtractError('named .pdf but does not start with %PDF-: not a PDF file');
  const { text, encoding } = decodeText(bytes);
  const format = detectFormat(text);
  const lines = format === 'layout' ? layoutToLines(text) : format === 'cells' ? cellLinesToLines(text) : textToLines(text, format);
  return { format, encoding, pageCount: null, lines: cleanLines(lines) };
}
