// The text forms users bring instead of the PDF, made by the real extractors: pdftotext -layout
// and pdftotext (poppler-utils), mutool draw -F txt (mupdf-tools), pdf2txt (python3-pdfminer)
// and pdf-parse 2.x getText (npm, the library the text samples came from).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PDFParse } from 'pdf-parse';

// pdf-parse reads Chinese text drawn with non-embedded CID fonts (the synthetic PDFs) only when
// given pdf.js' CMaps, as a user who wants any text out of such a PDF would give them.
const CMAPS = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps') + path.sep;

export const FORMS = ['pdfparse', 'layout', 'mutool', 'plain', 'pdfminer'] as const;
export type Form = (typeof FORMS)[number];

const COMMANDS: Record<Exclude<Form, 'pdfparse'>, (pdf: string, out: string) => [string, string[]]> = {
  layout: (pdf, out) => ['pdftotext', ['-layout', '-enc', 'UTF-8', pdf, out]],
  plain: (pdf, out) => ['pdftotext', ['-enc', 'UTF-8', pdf, out]],
  mutool: (pdf, out) => ['mutool', ['draw', '-q', '-F', 'txt', '-o', out, pdf]],
  pdfminer: (pdf, out) => ['pdf2txt', ['-o', out, pdf]],
};

/** Whether the command-line extractors are installed (CI installs them; see .ci/run). */
export function extractorsAvailable(): boolean {
  try {
    for (const cmd of ['pdftotext', 'mutool', 'pdf2txt']) execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The PDF's text as one extractor gives it. */
export async function extractText(bytes: Uint8Array, form: Form): Promise<string> {
  if (form === 'pdfparse') {
    const parser = new PDFParse({ data: new Uint8Array(bytes), cMapUrl: CMAPS, cMapPacked: true });
    try {
      return (await parser.getText()).text;
    } finally {
      await parser.destroy();
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'forms-'));
  try {
    const pdf = path.join(dir, 'in.pdf');
    const out = path.join(dir, 'out.txt');
    writeFileSync(pdf, bytes);
    const [cmd, args] = COMMANDS[form](pdf, out);
    execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
