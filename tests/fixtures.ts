// Files the tests generate instead of committing them: small PDFs (with text, without a text
// layer, encrypted) built object by object with a correct cross-reference table.
import { randomBytes } from 'node:crypto';

function assemble(objects: string[], trailerExtra = ''): Uint8Array {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A one-page PDF; `text` (ASCII) is drawn with a standard font, or the page has no text at all. */
export function makePdf(opts: { text?: string; encrypted?: boolean } = {}): Uint8Array {
  const content = opts.text ? `BT /F1 12 Tf 72 720 Td (${opts.text.replace(/[()\\]/g, '\\$&')}) Tj ET` : '0 0 1 rg 72 72 200 200 re f';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  if (!opts.encrypted) return assemble(objects);
  // Standard security handler, revision 2, with a user password we don't know: random /O and
  // /U entries, so no empty password opens it.
  const hex = (n: number) => randomBytes(n).toString('hex');
  objects.push(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <${hex(32)}> /U <${hex(32)}> >>`);
  return assemble(objects, `/Encrypt ${objects.length} 0 R /ID [<${hex(16)}> <${hex(16)}>] `);
}

/** A text item of a generated page: baseline at (x, y) in points from the top-left corner, right-aligned when `align` says so. */
export interface PdfText {
  x: number;
  y: number;
  text: string;
  align?: 'left' | 'right' | 'center';
  size?: number;
}

// Widths of the generated font, in thousandths of the font size: CJK 1000, ASCII (CIDs 1–95) 500.
const glyphWidth = (ch: string) => (ch.charCodeAt(0) < 0x80 ? 0.5 : 1);
const textWidth = (s: string, size: number) => [...s].reduce((w, ch) => w + glyphWidth(ch) * size, 0);

/**
 * A ToUnicode CMap for UniGB-UCS2-H codes, which are UCS-2 already: each code maps to itself.
 * A bfrange may only vary its last byte, hence one range per high byte.
 */
function identityToUnicode(): string {
  const ranges = Array.from({ length: 256 }, (_, h) => {
    const hi = h.toString(16).padStart(2, '0').toUpperCase();
    return `<${hi}00> <${hi}FF> <${hi}00>`;
  });
  const blocks: string[] = [];
  for (let i = 0; i < ranges.length; i += 100) blocks.push(`${Math.min(100, ranges.length - i)} beginbfrange\n${ranges.slice(i, i + 100).join('\n')}\nendbfrange`);
  return [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    ...blocks,
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
}

export interface CjkPdfOptions {
  /**
   * Identity-H codes with a ToUnicode map, as most PDF writers make them, instead of the
   * UniGB-UCS2-H CMap without one (the default, as many government PDFs are made), which only a
   * reader with the Adobe-GB1 CMaps decodes (pdf.js with its CMaps, MuPDF, poppler with
   * poppler-data): Debian's pdfminer and pdf-parse without CMaps read nothing of it.
   */
  toUnicode?: boolean;
}

/**
 * A PDF whose pages draw Chinese text with a non-embedded CID font (Adobe-GB1, UniGB-UCS2-H
 * encoding), as many government PDFs do: pdf.js reads the text through its CMaps.
 */
export function makeCjkPdf(pages: PdfText[][], size: { width: number; height: number } = { width: 595, height: 842 }, opts: CjkPdfOptions = {}): Uint8Array {
  const pageHeight = size.height;
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', ''];
  const font = 3;
  // With Identity-H a code is its CID: the text's UCS-2 codes, whose printable ASCII (32–126) is half wide.
  const [encoding, halfWide, toUnicode] = opts.toUnicode ? ['Identity-H', '32 126', ` /ToUnicode ${font + 3} 0 R`] : ['UniGB-UCS2-H', '1 95', ''];
  objects.push(
    `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /${encoding} /DescendantFonts [${font + 1} 0 R]${toUnicode} >>`,
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor ${font + 2} 0 R /DW 1000 /W [${halfWide} 500] >>`,
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  );
  if (opts.toUnicode) {
    const cmap = identityToUnicode();
    objects.push(`<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`);
  }
  const kids: string[] = [];
  for (const items of pages) {
    const content = items
      .map((it) => {
        const size = it.size ?? 9;
        const w = textWidth(it.text, size);
        const x = it.align === 'right' ? it.x - w : it.align === 'center' ? it.x - w / 2 : it.x;
        const hex = Buffer.from(it.text, 'utf16le').swap16().toString('hex');
        return `BT /F1 ${size} Tf 1 0 0 1 ${x.toFixed(2)} ${(pageHeight - it.y).toFixed(2)} Tm <${hex}> Tj ET`;
      })
      .join('\n');
    objects.push(`<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${size.width} ${pageHeight}] /Contents ${objects.length} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`);
    kids.push(`${objects.length} 0 R`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages.length} >>`;
  return assemble(objects);
}

/**
 * Lays out table rows as a national-layout PDF page would: each row a list of cells, one per
 * column (empty string = blank cell), text left-aligned in its column and numbers right-aligned;
 * a cell with '\n' wraps onto lines above and below the row's baseline, as multi-line cells do.
 */
export function tableItems(rows: string[][], columnRights: number[], top = 80, lineGap = 18): PdfText[] {
  const items: PdfText[] = [];
  let y = top;
  for (const row of rows) {
    const tall = Math.max(1, ...row.map((c) => c.split('\n').length));
    const base = y + ((tall - 1) * 11) / 2;
    row.forEach((c, i) => {
      if (c === '') return;
      const parts = c.split('\n');
      const left = i === 0 ? 40 : columnRights[i - 1] + 4;
      parts.forEach((p, k) => {
        const py = base + (k - (parts.length - 1) / 2) * 11;
        // Column numbers (栏次 1 2 3 …) are centred in their columns, amounts right-aligned.
        if (row[0] === '栏次' && i > 0) items.push({ x: (left - 4 + columnRights[i]) / 2, y: py, text: p, align: 'center' });
        else if (/^-?[\d,]+(\.\d+)?$/.test(p)) items.push({ x: columnRights[i] - 2, y: py, text: p, align: 'right' });
        else items.push({ x: left, y: py, text: p });
      });
    });
    y += lineGap + (tall - 1) * 11;
  }
  return items;
}
